"""Writes of the HR workspace: roster import jobs and API tokens."""

from __future__ import annotations

import hashlib
import secrets
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.utils import timezone

from lms.access import agencies_for
from lms.audit import audit_record
from lms.models import Agency, Role, User
from lms.reports.models import ApiToken, RosterImport
from lms.roster.importing import RosterImportResult, roster_import
from lms.roster.parsing import RosterFileError, write_error_report

TOKEN_PREFIX = "zc_"  # noqa: S105 - a marker, not a secret


# ---------------------------------------------------------------------------
# Roster import jobs


def _estimate_rows(file, filename: str) -> int:
    """A quick estimate of the data rows, for the progress bar only."""
    file.seek(0)
    if Path(filename).suffix.lower() in (".xlsx", ".xlsm"):
        try:
            import openpyxl

            workbook = openpyxl.load_workbook(file, read_only=True)
            rows = max((workbook.worksheets[0].max_row or 1) - 1, 0) if workbook.worksheets else 0
            workbook.close()
            return rows
        except (zipfile.BadZipFile, OSError, KeyError, ValueError):
            return 0
        finally:
            file.seek(0)
    lines = 0
    while chunk := file.read(1 << 20):
        lines += chunk.count(b"\n")
    file.seek(0)
    return max(lines - 1, 0)


def scope_agency_ids(user: User) -> set[int] | None:
    """The agencies a user's roster may touch: None (all) for a superuser."""
    if user.is_superuser:
        return None
    return set(agencies_for(user, Role.HR).values_list("pk", flat=True))


def roster_import_start(
    *, uploaded_by: User, file, filename: str, mapping: dict | None = None, dry_run: bool = False,
    deactivate_missing: bool = False,
) -> RosterImport:  # fmt: skip
    """Store the upload and queue its import (after commit). The uploader must hold HR rights."""
    total = _estimate_rows(file, filename)
    with transaction.atomic():
        job = RosterImport(
            uploaded_by=uploaded_by, filename=filename[:255], mapping=mapping or {}, dry_run=dry_run,
            deactivate_missing=deactivate_missing, total_rows=total,
        )  # fmt: skip
        job.file.save(Path(filename).name, file, save=False)
        job.save()

        def schedule():
            from lms.reports.tasks import roster_import_task

            roster_import_task.delay(job.pk)

        transaction.on_commit(schedule)
    return job


def roster_import_rerun(*, job: RosterImport, by: User) -> RosterImport:
    """Apply a previewed (dry-run) import for real, with the same file and options."""
    with job.file.open("rb") as handle:
        return roster_import_start(
            uploaded_by=by, file=ContentFile(handle.read()), filename=job.filename, mapping=job.mapping,
            dry_run=False, deactivate_missing=job.deactivate_missing,
        )  # fmt: skip


class _ProgressWriter:
    """Writes the progress counter on a second connection, in autocommit, so that
    the status page sees it while the import's own transaction is still open."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.connection = connections.create_connection("default")

    def __call__(self, processed: int) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "UPDATE reports_rosterimport SET processed_rows = %s WHERE id = %s", [processed, self.job_id]
            )

    def close(self) -> None:
        self.connection.close()


def roster_import_run(*, job_id: int) -> RosterImport:
    """Run a queued import (the Celery task calls this). Idempotent: a job that
    already finished is left alone, so a redelivered task does nothing."""
    with transaction.atomic():
        job = RosterImport.objects.select_for_update().get(pk=job_id)
        if job.status in (RosterImport.Status.DONE, RosterImport.Status.FAILED):
            return job
        job.status = RosterImport.Status.RUNNING
        job.save(update_fields=["status"])
    user = job.uploaded_by
    allowed = scope_agency_ids(user) if user is not None else set()
    progress = _ProgressWriter(job.pk)
    try:
        with job.file.open("rb") as handle:
            result = roster_import(
                file=handle, filename=job.filename, mapping=job.mapping or None, allowed_agency_ids=allowed,
                deactivate_missing=job.deactivate_missing, deactivate_scope_ids=allowed, dry_run=job.dry_run,
                actor=user, progress=progress,
            )  # fmt: skip
    except RosterFileError as exc:
        job.status, job.message = RosterImport.Status.FAILED, exc.message
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        return job
    finally:
        progress.close()
    _store_result(job, result)
    return job


def _store_result(job: RosterImport, result: RosterImportResult) -> None:
    counts = result.counts()
    job.created, job.updated, job.unchanged = counts["created"], counts["updated"], counts["unchanged"]
    job.deactivated, job.rejected = counts["deactivated"], counts["rejected"]
    job.processed_rows = result.processed_rows
    job.total_rows = max(job.total_rows, result.processed_rows)
    job.preview = result.preview
    if result.errors:
        report = ContentFile(b"")
        write_error_report(errors=sorted(result.errors, key=lambda e: e.row_number), path_or_file=report)
        stem = Path(job.filename).stem
        job.error_report.save(f"{stem}-errors.csv", report, save=False)
    job.status = RosterImport.Status.DONE
    job.finished_at = timezone.now()
    job.save()


def roster_import_api(
    *, file, filename: str, agency: Agency, dry_run: bool, deactivate_missing: bool, token: ApiToken
) -> RosterImportResult:
    """A roster pushed through the API, limited to the token's agency subtree."""
    allowed = set(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))
    return roster_import(
        file=file, filename=filename, allowed_agency_ids=allowed, deactivate_missing=deactivate_missing,
        deactivate_scope_ids=allowed, dry_run=dry_run, actor=token.created_by,
    )  # fmt: skip


# ---------------------------------------------------------------------------
# API tokens


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, name: str, agency: Agency, scope: str, created_by: User) -> tuple[ApiToken, str]:
    """Create a token; return it with the secret, which is never stored and
    cannot be shown again. The creator must hold HR rights over the agency."""
    if not agencies_for(created_by, Role.HR).filter(pk=agency.pk).exists():
        raise PermissionError("not your agency")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name,
            agency=agency,
            scope=scope,
            token_hash=_hash(raw),
            prefix=raw[:10],
            created_by=created_by,
        )
        audit_record(action="api_token.create", actor=created_by, target=token,
                     data={"agency": agency.code, "scope": scope})  # fmt: skip
    return token, raw


def api_token_revoke(*, token: ApiToken, revoked_by: User) -> None:
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            audit_record(action="api_token.revoke", actor=revoked_by, target=token)
    token.refresh_from_db()


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token with this secret, or None. Marks it used (at most once a minute)."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("agency", "created_by")
        .filter(token_hash=_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
