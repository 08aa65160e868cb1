"""Writing a parsed roster into the officers table: upsert by employee id, in bulk.

`roster_import` is the one way a roster reaches the database; the admin
upload, the `import_roster` command and the API all call it. It guarantees:

- one transaction: either every valid row is written or (on any failure,
  e.g. the database goes away half-way) nothing is;
- officers are matched by employee id; a match is updated in place (its
  enrolments and history stay with it, also when it moves agency), a new id
  creates an officer with an unusable password (they sign in after a reset);
- a row whose agency code is unknown, or outside `allowed_agency_ids`, or
  whose officer currently belongs to an agency outside it, is a row error;
- `deactivate_missing` deactivates (never deletes) the active officers of
  `deactivate_scope_ids` whose employee id is not in the file;
- a column the file does not have (e-mail, English names, staff type,
  status …) leaves that field of existing officers as it is;
- `dry_run` computes the same counts and a preview and writes nothing;
- after commit, `lms.signals.officers_changed` is sent with the officers
  created, moved or reactivated, so that assignments pick them up.

Concurrent imports of overlapping rosters are settled by the unique
employee_id constraint: the second import's insert fails and rolls back
whole, and it can be run again.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit import audit_record
from lms.models import Agency, User
from lms.roster.parsing import ColumnMapping, RosterRow, RosterSource, RowError, parse_roster
from lms.signals import officers_changed

BATCH = 2000
PREVIEW_LIMIT = 50

#: RosterRow attribute -> User field, for the fields a roster owns.
_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "position",
    "level",
    "position_type",
    "staff_type",
    "email",
    "title_en",
    "first_name_en",
    "last_name_en",
)
#: The column a field comes from: a field whose column is not in the file is left as it is.
_SOURCE_COLUMN = {"position_type": "level"}


@dataclass
class RosterImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    rejected_rows: int = 0
    processed_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: officers enrolled through assignments after commit (created, moved, reactivated)
    changed_user_ids: list[int] = field(default_factory=list)
    #: up to PREVIEW_LIMIT examples of each: {"employee_id", "name", "agency", "changes"}
    preview: dict[str, list[dict]] = field(
        default_factory=lambda: {"create": [], "update": [], "deactivate": []}
    )
    dry_run: bool = False

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
            "rejected": self.rejected_rows,
        }


class _DryRunRollback(Exception):
    pass


def _name(row: RosterRow) -> str:
    return f"{row.title}{row.first_name} {row.last_name}".strip()


def roster_import(
    *,
    file: RosterSource,
    filename: str,
    mapping: ColumnMapping | None = None,
    allowed_agency_ids: Iterable[int] | None = None,
    deactivate_missing: bool = False,
    deactivate_scope_ids: Iterable[int] | None = None,
    dry_run: bool = False,
    actor: User | None = None,
    progress: Callable[[int], None] | None = None,
) -> RosterImportResult:
    """Import a roster file; see the module docstring for the guarantees.

    `allowed_agency_ids` None means every agency (the command line). Raises
    `RosterFileError` (nothing written) when the file cannot be read at all.
    `deactivate_scope_ids` None means the agencies the file names.
    `progress(processed_rows)` is called after each batch (inside the
    transaction: it must not rely on this transaction's data being visible).
    """
    parsed = parse_roster(file=file, filename=filename, mapping=mapping)
    result = RosterImportResult(dry_run=dry_run)
    agencies = {code: (pk, path) for code, pk, path in Agency.objects.values_list("code", "pk", "path")}
    allowed = set(allowed_agency_ids) if allowed_agency_ids is not None else None
    seen_ids: set[str] = set()
    named_agencies: set[int] = set()
    now = timezone.now()
    present = set(parsed.columns)
    fields = tuple(name for name in _FIELDS if _SOURCE_COLUMN.get(name, name) in present)
    writer = _BatchWriter(fields=fields, has_status="status" in present, agencies=agencies, allowed=allowed,
                          seen_ids=seen_ids, named_agencies=named_agencies, now=now, result=result)  # fmt: skip
    try:
        with transaction.atomic(), parsed:
            batch: list[RosterRow] = []
            for item in parsed:
                if isinstance(item, RowError):
                    _add_error(result, item)
                    continue
                batch.append(item)
                if len(batch) >= BATCH:
                    writer.write(batch)
                    batch = []
                    if progress:
                        progress(result.processed_rows)
            if batch:
                writer.write(batch)
            if deactivate_missing:
                scope = set(deactivate_scope_ids) if deactivate_scope_ids is not None else named_agencies
                if allowed is not None:
                    scope &= allowed
                _deactivate_missing(result, scope, seen_ids, actor, now)
            if progress:
                progress(result.processed_rows)
            if dry_run:
                raise _DryRunRollback
            audit_record(
                action="roster.import",
                actor=actor,
                data={"filename": filename, **result.counts(), "deactivate_missing": deactivate_missing},
            )
            changed = list(result.changed_user_ids)
            if changed:
                transaction.on_commit(lambda: officers_changed.send(sender=User, user_ids=changed))
    except _DryRunRollback:
        pass
    return result


def _add_error(result: RosterImportResult, error: RowError) -> None:
    # A bad row may bring several errors: count the row once.
    if not result.errors or result.errors[-1].row_number != error.row_number:
        result.rejected_rows += 1
        result.processed_rows += 1
    result.errors.append(error)


@dataclass
class _BatchWriter:
    fields: tuple[str, ...]
    has_status: bool
    agencies: dict
    allowed: set[int] | None
    seen_ids: set[str]
    named_agencies: set[int]
    now: object
    result: RosterImportResult

    def write(self, batch: list[RosterRow]) -> None:
        _write_batch(self, batch)


def _write_batch(w: _BatchWriter, batch: list[RosterRow]) -> None:
    result, agencies, allowed, now = w.result, w.agencies, w.allowed, w.now
    fields = w.fields
    existing = {
        u.employee_id: u
        for u in User.objects.filter(employee_id__in=[row.employee_id for row in batch]).only(
            "pk", "employee_id", "username", "agency_id", "is_active", "left_at", *_FIELDS
        )
    }
    to_create: list[User] = []
    to_update: list[User] = []
    for row in batch:
        result.processed_rows += 1
        agency = agencies.get(row.agency_code)
        user = existing.get(row.employee_id)
        message = None
        if agency is None:
            message = _("Agency code '%(value)s' does not exist.") % {"value": row.agency_code}
        elif allowed is not None and agency[0] not in allowed:
            message = _("Agency code '%(value)s' is outside the agencies you manage.") % {
                "value": row.agency_code
            }
        if message:
            result.rejected_rows += 1
            result.errors.append(RowError(row.row_number, "agency_code", row.agency_code, message))
            continue
        if (
            user is not None
            and allowed is not None
            and user.agency_id is not None
            and user.agency_id not in allowed
        ):
            result.rejected_rows += 1
            result.errors.append(
                RowError(
                    row.row_number,
                    "employee_id",
                    row.employee_id,
                    _("This officer belongs to an agency outside the agencies you manage."),
                )
            )
            continue
        w.seen_ids.add(row.employee_id)
        w.named_agencies.add(agency[0])
        if user is None:
            user = User(
                username=f"emp{row.employee_id}".lower(),
                employee_id=row.employee_id,
                agency_id=agency[0],
                is_active=row.active,
                left_at=None if row.active else now,
                password="!" + secrets.token_urlsafe(24),  # unusable: a reset sets it
                **{name: getattr(row, name) for name in _FIELDS},
            )
            to_create.append(user)
            result.created += 1
            if len(result.preview["create"]) < PREVIEW_LIMIT:
                result.preview["create"].append(
                    {"employee_id": row.employee_id, "name": _name(row), "agency": row.agency_code}
                )
            continue
        changes = [name for name in fields if getattr(user, name) != getattr(row, name)]
        moved = user.agency_id != agency[0]
        if moved:
            changes.append("agency")
        active = row.active if w.has_status else user.is_active
        if user.is_active != active:
            changes.append("status")
        if not changes:
            result.unchanged += 1
            continue
        for name in fields:
            setattr(user, name, getattr(row, name))
        reactivated = active and not user.is_active
        if user.is_active and not active:
            user.left_at = now
        elif reactivated:
            user.left_at = None
        user.agency_id = agency[0]
        user.is_active = active
        to_update.append(user)
        result.updated += 1
        if (moved or reactivated) and active:
            result.changed_user_ids.append(user.pk)
        if len(result.preview["update"]) < PREVIEW_LIMIT:
            result.preview["update"].append(
                {
                    "employee_id": row.employee_id,
                    "name": _name(row),
                    "agency": row.agency_code,
                    "changes": changes,
                }
            )
    if to_create:
        taken = set(
            User.objects.filter(username__in=[u.username for u in to_create]).values_list(
                "username", flat=True
            )
        )
        for user in to_create:
            if user.username in taken:
                user.username = f"{user.username}-{secrets.token_hex(3)}"
        created = User.objects.bulk_create(to_create, batch_size=BATCH)
        result.changed_user_ids.extend(u.pk for u in created if u.is_active and u.pk is not None)
    if to_update:
        _update_users(to_update, [*fields, "agency", "is_active", "left_at"])


_SQL_TYPES = {"agency": "bigint", "is_active": "boolean", "left_at": "timestamptz"}


def _update_users(users: list[User], fields: list[str]) -> None:
    """One UPDATE … FROM unnest(arrays) per batch (PostgreSQL): Django's bulk_update
    builds a CASE per field and row, which costs seconds per thousand rows."""
    meta = User._meta
    columns = [meta.get_field(name).column for name in fields]
    attnames = [meta.get_field(name).attname for name in fields]
    assignments = ", ".join(f'"{c}" = d."{c}"' for c in columns)
    arrays = ", ".join(f"%s::{_SQL_TYPES.get(name, 'text')}[]" for name in fields)
    names = ", ".join(f'"{c}"' for c in columns)
    sql = (
        f'UPDATE "{meta.db_table}" AS u SET {assignments} '  # noqa: S608 - names from the model, values bound
        f'FROM unnest(%s::bigint[], {arrays}) AS d(id, {names}) WHERE u."id" = d.id'
    )
    with connection.cursor() as cursor:
        for start in range(0, len(users), BATCH):
            chunk = users[start : start + BATCH]
            params = [[u.pk for u in chunk], *[[getattr(u, a) for u in chunk] for a in attnames]]
            cursor.execute(sql, params)


def _deactivate_missing(result, scope: set[int], seen_ids: set[str], actor, now) -> None:
    candidates = (
        User.objects.filter(
            agency_id__in=scope, is_active=True, employee_id__isnull=False, is_superuser=False
        )
        .exclude(pk=getattr(actor, "pk", None))
        .values_list("pk", "employee_id", "title", "first_name", "last_name", "agency__code")
    )
    missing = []
    for pk, employee_id, title, first, last, code in candidates.iterator(chunk_size=5000):
        if employee_id in seen_ids:
            continue
        missing.append(pk)
        if len(result.preview["deactivate"]) < PREVIEW_LIMIT:
            result.preview["deactivate"].append(
                {"employee_id": employee_id, "name": f"{title}{first} {last}".strip(), "agency": code}
            )
    result.deactivated = len(missing)
    for start in range(0, len(missing), 5000):
        User.objects.filter(pk__in=missing[start : start + 5000]).update(is_active=False, left_at=now)


# Messages of the import_roster command, kept here so that they are in this
# package's Thai catalogue.
def command_messages() -> dict[str, str]:
    return {
        "not_found": _("File not found: %(path)s"),
        "no_mapping": _("No saved column mapping is called '%(name)s'."),
        "bad_scope": _("Unknown agency code in --scope."),
        "dry_run": _("Dry run, nothing was written: "),
        "counts": _(
            "created %(created)s, updated %(updated)s, unchanged %(unchanged)s, "
            "deactivated %(deactivated)s, rejected %(rejected)s"
        ),
        "report": _("Error report: %(path)s"),
        "nothing": _("No row could be imported."),
    }
