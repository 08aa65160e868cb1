"""This app's operations of the /api/v1/ JSON API (wired in lms.api): the data
exchange with other systems, authenticated by per-agency API tokens
(`Authorization: Bearer zc_…`). A token reaches only its agency's subtree:
any other agency code is a 404."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from courses.models import Enrolment
from lms.models import Agency
from lms.reports import selectors
from lms.reports.columns import change_time_expressions, extra_columns, extra_values
from lms.reports.models import ApiToken
from lms.reports.services import api_token_authenticate, roster_import_api
from lms.roster.parsing import RosterFileError
from lms.security.ratelimit import by_ip, rate_limit_response

router = Router(tags=["hr"])
MAX_PAGE = 500


class ApiTokenAuth(HttpBearer):
    """Per-agency API token (created in the admin under HR workspace → API tokens)."""

    def authenticate(self, request, token):
        # Every token request counts against its address, so that guessing tokens is slow.
        if (limited := rate_limit_response(request, scope="api-token-ip", key=by_ip)) is not None:
            raise HttpError(429, json.loads(limited.content)["detail"])
        found = api_token_authenticate(token)
        if found is not None:
            request.api_token = found
        return found


token_auth = ApiTokenAuth()


def _agency_for(request, code: str, *, write: bool = False) -> Agency:
    token: ApiToken = request.auth
    agency = Agency.objects.filter(code=code, path__startswith=token.agency.path).first()
    if agency is None:
        raise Http404
    if write and token.scope != ApiToken.Scope.WRITE:
        raise HttpError(403, _("This token may only read."))
    return agency


class CompletionOut(Schema):
    enrolment_id: int
    employee_id: str | None
    name: str
    agency_code: str
    course_id: int
    course_title: str
    cycle: int
    status: str
    due_at: dt.date | None
    completed_at: dt.datetime | None
    #: the later of the completion and the last change other apps report (a certificate issued or revoked)
    changed_at: dt.datetime
    extra: dict


class CompletionsPage(Schema):
    items: list[CompletionOut]
    next_cursor: str | None
    extra_columns: list[str]


def _cursor(changed_at: dt.datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{changed_at.isoformat()}|{pk}".encode()).decode()


def _parse_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        when, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return dt.datetime.fromisoformat(when), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise HttpError(400, _("The cursor is not valid.")) from None


@router.get(
    "/agencies/{code}/completions",
    response=CompletionsPage,
    auth=token_auth,
    summary="Completions in an agency subtree changed since a time (keyset-paginated)",
)
def completions(
    request,
    code: str,
    since: dt.datetime | None = None,
    cursor: str | None = None,
    limit: int = Query(100, ge=1, le=MAX_PAGE),
):
    """Completed enrolments that changed at or after `since` (ISO 8601): completed
    then, or with a certificate issued, revoked or replaced then; oldest change
    first. Follow `next_cursor` until it is null. `extra` holds the columns other
    apps register (post-test score, certificate number and status …)."""
    agency = _agency_for(request, code)
    later = [Coalesce(expression, F("completed_at")) for expression in change_time_expressions()]
    qs = (
        Enrolment.objects.filter(completed_at__isnull=False, user__agency__path__startswith=agency.path)
        .annotate(changed_at=Greatest(F("completed_at"), *later) if later else F("completed_at"))
        .select_related("user", "user__agency", "course")
    )
    if since is not None:
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        qs = qs.filter(changed_at__gte=since)
    if cursor:
        after_at, after_pk = _parse_cursor(cursor)
        qs = qs.filter(changed_at__gte=after_at).exclude(changed_at=after_at, pk__lte=after_pk)
    page = list(qs.order_by("changed_at", "pk")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    extra = extra_values([e.pk for e in page])
    items = [
        {
            "enrolment_id": e.pk,
            "employee_id": e.user.employee_id,
            "name": e.user.display_name,
            "agency_code": e.user.agency.code if e.user.agency else "",
            "course_id": e.course_id,
            "course_title": e.course.title,
            "cycle": e.cycle,
            "status": e.status,
            "due_at": e.due_at,
            "completed_at": e.completed_at,
            "changed_at": e.changed_at,
            "extra": extra.get(e.pk, {}),
        }  # fmt: skip
        for e in page
    ]
    next_cursor = _cursor(page[-1].changed_at, page[-1].pk) if more else None
    return {"items": items, "next_cursor": next_cursor, "extra_columns": [k for k, _label in extra_columns()]}


class CellOut(Schema):
    assigned: int
    completed: int
    in_progress: int
    not_started: int
    overdue: int
    percent: float


class SummaryRowOut(CellOut):
    agency_code: str
    agency_name: str
    course_id: int
    course_title: str


class SummaryOut(Schema):
    agency_code: str
    fiscal_year: int | None
    officers: int
    total: CellOut
    rows: list[SummaryRowOut]


@router.get(
    "/agencies/{code}/summary",
    response=SummaryOut,
    auth=token_auth,
    summary="Completion summary of an agency subtree, per child agency and course",
)
def summary(request, code: str, fiscal_year: int | None = None):
    """The dashboard's numbers. Without `fiscal_year`: each officer's current cycle."""
    agency = _agency_for(request, code)
    data = selectors.completion_summary(selectors.ReportFilters(agency=agency, fiscal_year=fiscal_year))
    return {
        "agency_code": agency.code,
        "fiscal_year": fiscal_year,
        "officers": data.officers,
        "total": data.total.as_dict(),
        "rows": [
            {
                "agency_code": r.agency.code,
                "agency_name": r.agency.name_th,
                "course_id": r.course_id,
                "course_title": r.course_title,
                **r.cell.as_dict(),
            }  # fmt: skip
            for r in data.rows
        ],
    }


class RowErrorOut(Schema):
    row: int
    column: str
    value: str
    message: str


class RosterOut(Schema):
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    deactivated: int
    rejected: int
    errors: list[RowErrorOut]


@router.post(
    "/agencies/{code}/roster",
    response={200: RosterOut, 400: dict},
    auth=token_auth,
    summary="Import a roster file (CSV or XLSX) into the agency subtree (write scope)",
)
def roster(
    request,
    code: str,
    file: UploadedFile = File(...),  # noqa: B008 - ninja declares upload parameters this way
    dry_run: bool = False,
    deactivate_missing: bool = False,
):
    """The same validation as the admin import: bad rows are listed (row,
    column, Thai message) and the valid rows go in, in one transaction."""
    agency = _agency_for(request, code, write=True)
    if file.size and file.size > settings.ROSTER_API_MAX_UPLOAD_BYTES:
        return 400, {"detail": _("The file is too large for the API; upload it in the admin instead.")}
    try:
        result = roster_import_api(
            file=file, filename=file.name or "roster.csv", agency=agency, dry_run=dry_run,
            deactivate_missing=deactivate_missing, token=request.auth,
        )  # fmt: skip
    except RosterFileError as exc:
        return 400, {"detail": exc.message}
    errors = sorted(result.errors, key=lambda e: e.row_number)[:1000]
    return {
        "dry_run": dry_run,
        **result.counts(),
        "errors": [
            {"row": e.row_number, "column": e.header or e.column, "value": e.value, "message": e.message}
            for e in errors
        ],  # fmt: skip
    }
