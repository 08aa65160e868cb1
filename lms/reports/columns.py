"""Extra per-enrolment columns that other apps add to HR tables and exports.

The reports do not import quizzes or certificates. Those apps register a
provider at start-up (their AppConfig.ready):

    register_enrolment_columns(EnrolmentColumns(
        columns=[("post_test_score", _("Post-test score"))],
        fetch=lambda enrolment_ids: {eid: {"post_test_score": 87.5}, ...},
    ))

`fetch` gets a batch of enrolment ids (at most a few thousand) and answers
with one query; missing ids mean empty cells. The drill-down calls it once
per page, exports once per chunk of rows, the completions API once per page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class EnrolmentColumns:
    #: (key, label) pairs, in display order
    columns: Sequence[tuple[str, str]]
    fetch: Callable[[list[int]], dict[int, dict[str, object]]]


_PROVIDERS: list[EnrolmentColumns] = []


def register_enrolment_columns(provider: EnrolmentColumns) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def unregister_enrolment_columns(provider: EnrolmentColumns) -> None:
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def extra_columns() -> list[tuple[str, str]]:
    return [column for provider in _PROVIDERS for column in provider.columns]


def extra_values(enrolment_ids: Iterable[int]) -> dict[int, dict[str, object]]:
    """{enrolment id: {key: value}} from every provider, for one batch."""
    ids = list(enrolment_ids)
    merged: dict[int, dict[str, object]] = {}
    if not ids:
        return merged
    for provider in _PROVIDERS:
        for enrolment_id, values in provider.fetch(ids).items():
            merged.setdefault(enrolment_id, {}).update(values)
    return merged


#: Callables returning a query expression, evaluated per enrolment row, of the
#: last time another app changed what it adds about that enrolment (a
#: certificate issued, revoked or replaced). The completions API lists an
#: enrolment again when such a time is after `since`.
_CHANGE_TIMES: list[Callable[[], object]] = []


def register_enrolment_change_time(expression: Callable[[], object]) -> None:
    if expression not in _CHANGE_TIMES:
        _CHANGE_TIMES.append(expression)


def change_time_expressions() -> list[object]:
    return [make() for make in _CHANGE_TIMES]
