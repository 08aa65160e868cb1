"""Where apps tell the PDPA tools about the personal data they keep.

An app registers one provider per kind of record, from its AppConfig.ready()::

    from lms.privacy.registry import register_personal_data_provider

    register_personal_data_provider(
        "certificates",
        label=_("Certificates"),
        export=certificates_for_export,      # (user) -> JSON-serialisable list/dict, only that user's rows
        anonymise=certificates_anonymise,    # optional: (user, pseudonym) -> None
    )

`export` feeds the officer's "download my data" file (section named by the key).
`anonymise` runs inside `leavers_purge`'s transaction, after the officer's own fields
were replaced: it must remove or replace names and other identifying copies (a
certificate's holder name) while keeping what statistics and verification need
(the row, its dates, its status). It must be idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Exporter = Callable[[Any], Any]
Anonymiser = Callable[[Any, str], None]


@dataclass(frozen=True)
class PersonalDataProvider:
    key: str
    label: str
    export: Exporter
    anonymise: Anonymiser | None = None


_providers: dict[str, PersonalDataProvider] = {}

#: Sections the export writes itself; providers may not take these keys.
RESERVED_KEYS = frozenset({"format", "version", "generated_at", "profile", "agency", "roles", "providers"})


def register_personal_data_provider(
    key: str, *, export: Exporter, anonymise: Anonymiser | None = None, label: str = ""
) -> PersonalDataProvider:
    """Register (or re-register, idempotently) the provider of section `key`."""
    if key in RESERVED_KEYS:
        raise ValueError(f"{key!r} is a reserved section of the personal-data export")
    provider = PersonalDataProvider(key=key, label=str(label or key), export=export, anonymise=anonymise)
    _providers[key] = provider
    return provider


def unregister_personal_data_provider(key: str) -> None:
    _providers.pop(key, None)


def personal_data_providers() -> list[PersonalDataProvider]:
    return list(_providers.values())
