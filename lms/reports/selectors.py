"""Reads of the HR workspace: completion summaries, officer lists, ITA evidence.

Everything is scoped by an agency (the caller has checked that the user or
token may act on it) and grouped by materialised-path prefix, so a summary of
a subtree of any size is a handful of aggregate queries, never a loop over
agencies: the officer's agency path cut at the child level names the child
agency the officer rolls up into.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, Enrolment
from lms.civil_service import Level
from lms.models import Agency, User
from lms.reports.columns import extra_columns, extra_values
from lms.reports.exporting import safe_text
from lms.thai_dates import fiscal_year, fiscal_year_bounds

S = Enrolment.Status

#: Status filter values: the enrolment statuses plus "overdue" (not completed, past due).
STATUS_OVERDUE = "overdue"
#: Due-window filter values.
DUE_WINDOWS = {"overdue": None, "7": 7, "30": 30, "90": 90}

#: Titles of disclosure items we know; the item numbers change between years.
ITA_ITEM_TITLES = {
    "O32": "การเสริมสร้างวัฒนธรรม No Gift Policy",
    "O40": "การเสริมสร้างจริยธรรม (การอบรม)",
}


@dataclass
class ReportFilters:
    """What the HR officer narrowed the report to. `agency` must be in their scope."""

    agency: Agency
    course_id: int | None = None
    level: str = ""
    position: str = ""
    status: str = ""
    due_window: str = ""
    fiscal_year: int | None = None
    today: dt.date = field(default_factory=timezone.localdate)


def current_fiscal_year() -> int:
    return fiscal_year(timezone.localdate())


def _fy_range(be_year: int) -> tuple[dt.datetime, dt.datetime]:
    start, end = fiscal_year_bounds(be_year)
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def enrolments(filters: ReportFilters, *, with_status: bool = True) -> QuerySet[Enrolment]:
    """Enrolments of active officers in the agency's subtree, narrowed by the filters.

    Without a fiscal year: each officer's current cycle of each course. With
    one: the cycles whose due date (or, without one, enrolment date) falls
    in that fiscal year.
    """
    qs = Enrolment.objects.filter(user__is_active=True, user__agency__path__startswith=filters.agency.path)
    if filters.course_id:
        qs = qs.filter(course_id=filters.course_id)
    if filters.level:
        qs = qs.filter(user__level=filters.level)
    if filters.position:
        qs = qs.filter(user__position=filters.position)
    if filters.fiscal_year:
        start, end = fiscal_year_bounds(filters.fiscal_year)
        start_at, end_at = _fy_range(filters.fiscal_year)
        qs = qs.filter(
            Q(due_at__range=(start, end))
            | Q(due_at__isnull=True, enrolled_at__gte=start_at, enrolled_at__lt=end_at)
        )
    else:
        # cycle__gt=1 is implied; said explicitly so that PostgreSQL builds the
        # anti-join's hash from the few recertification rows, not from all.
        later = Enrolment.objects.filter(
            user_id=OuterRef("user_id"),
            course_id=OuterRef("course_id"),
            cycle__gt=OuterRef("cycle"),
        ).filter(cycle__gt=1)
        qs = qs.filter(~Exists(later))
    today = filters.today
    if filters.due_window:
        days = DUE_WINDOWS.get(filters.due_window)
        if filters.due_window == "overdue":
            qs = qs.filter(completed_at__isnull=True, due_at__lt=today)
        elif days:
            qs = qs.filter(
                completed_at__isnull=True, due_at__gte=today, due_at__lte=today + dt.timedelta(days=days)
            )
    if with_status and filters.status:
        if filters.status == STATUS_OVERDUE:
            qs = qs.filter(completed_at__isnull=True, due_at__lt=today)
        elif filters.status in S.values:
            qs = qs.filter(status=filters.status)
    return qs


@dataclass
class SummaryCell:
    assigned: int = 0
    completed: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0

    @property
    def percent(self) -> float:
        return round(100 * self.completed / self.assigned, 1) if self.assigned else 0.0

    def add(self, other: SummaryCell) -> None:
        self.assigned += other.assigned
        self.completed += other.completed
        self.in_progress += other.in_progress
        self.not_started += other.not_started
        self.overdue += other.overdue

    def as_dict(self) -> dict:
        return {
            "assigned": self.assigned,
            "completed": self.completed,
            "in_progress": self.in_progress,
            "not_started": self.not_started,
            "overdue": self.overdue,
            "percent": self.percent,
        }


@dataclass
class SummaryRow:
    agency: Agency
    #: True for the row of officers attached to the agency itself (not to a child)
    is_self: bool
    course_id: int
    course_title: str
    cell: SummaryCell


@dataclass
class Summary:
    agency: Agency
    children: list[Agency]
    rows: list[SummaryRow]
    #: per child agency (and the agency itself), all courses together
    by_agency: list[tuple[Agency, bool, SummaryCell, int]]
    #: per course, the whole subtree
    by_course: list[tuple[int, str, SummaryCell]]
    total: SummaryCell
    officers: int


def completion_summary(filters: ReportFilters) -> Summary:
    """Per child agency (rolled up its subtree) × course: assigned, completed,
    in progress, not started, overdue, %. Four queries whatever the tree size:
    the subtree's agencies, the counts grouped by agency and course (rolled up
    to the children by path prefix in Python), the course titles and the
    officer head counts."""
    agency = filters.agency
    subtree = list(Agency.objects.filter(path__startswith=agency.path).order_by("path"))
    children = [a for a in subtree if a.depth == agency.depth + 1]
    prefix_len = len(agency.path) + Agency.steplen
    #: agency id -> the path prefix naming the child it rolls up into (or the agency itself)
    prefix_of = {a.pk: a.path[:prefix_len] for a in subtree}
    today = filters.today
    grouped = (
        enrolments(filters)
        .values_list("user__agency_id", "course_id")
        .annotate(
            assigned=Count("id"),
            completed=Count("id", filter=Q(status=S.COMPLETED)),
            in_progress=Count("id", filter=Q(status=S.IN_PROGRESS)),
            not_started=Count("id", filter=Q(status=S.NOT_STARTED)),
            overdue=Count("id", filter=Q(completed_at__isnull=True, due_at__lt=today)),
        )
        .order_by()
    )
    by_path = {child.path: child for child in children}
    cells: dict[tuple[str, int], SummaryCell] = defaultdict(SummaryCell)
    course_ids: set[int] = set()
    for agency_id, course_id, *counts in grouped:
        cells[(prefix_of[agency_id], course_id)].add(SummaryCell(*counts))
        course_ids.add(course_id)
    titles = dict(CoursePage.objects.filter(pk__in=course_ids).values_list("pk", "title"))
    staff = User.objects.filter(is_active=True, agency__path__startswith=agency.path)
    if filters.level:
        staff = staff.filter(level=filters.level)
    if filters.position:
        staff = staff.filter(position=filters.position)
    heads: dict[str, int] = defaultdict(int)
    for agency_id, n in staff.values_list("agency_id").annotate(n=Count("id")).order_by():
        heads[prefix_of[agency_id]] += n
    rows: list[SummaryRow] = []
    per_agency: dict[str, SummaryCell] = defaultdict(SummaryCell)
    per_course: dict[int, SummaryCell] = defaultdict(SummaryCell)
    total = SummaryCell()
    for (prefix, course_id), cell in sorted(
        cells.items(), key=lambda kv: (kv[0][0], titles.get(kv[0][1], ""))
    ):
        target = by_path.get(prefix, agency)
        rows.append(SummaryRow(target, target is agency, course_id, titles.get(course_id, ""), cell))
        per_agency[prefix].add(cell)
        per_course[course_id].add(cell)
        total.add(cell)
    by_agency = []
    if agency.path in per_agency or heads.get(agency.path):
        by_agency.append(
            (agency, True, per_agency.get(agency.path, SummaryCell()), heads.get(agency.path, 0))
        )
    for child in children:
        by_agency.append((child, False, per_agency.get(child.path, SummaryCell()), heads.get(child.path, 0)))
    by_course = sorted(
        ((cid, titles.get(cid, ""), cell) for cid, cell in per_course.items()), key=lambda t: t[1]
    )
    return Summary(agency, children, rows, by_agency, by_course, total, sum(heads.values()))


def completions_over_time(filters: ReportFilters) -> list[tuple[dt.date, int]]:
    """Completions per month: over the fiscal year when one is chosen, else the last 12 months."""
    if filters.fiscal_year:
        start, end = _fy_range(filters.fiscal_year)
    else:
        end = timezone.now()
        start = (timezone.localtime(end) - dt.timedelta(days=365)).replace(day=1, hour=0, minute=0, second=0)
    qs = enrolments(filters, with_status=False).filter(completed_at__gte=start, completed_at__lt=end)
    counts = dict(
        qs.annotate(month=TruncMonth("completed_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("month", "n")
    )
    by_month = {
        timezone.localtime(m).date().replace(day=1) if isinstance(m, dt.datetime) else m: n
        for m, n in counts.items()
    }
    months = []
    cursor = timezone.localtime(start).date().replace(day=1)
    last = timezone.localtime(end - dt.timedelta(seconds=1)).date().replace(day=1)
    while cursor <= last:
        months.append((cursor, by_month.get(cursor, 0)))
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    return months


def status_of(*, status: str, completed_at, due_at, today: dt.date) -> str:
    if completed_at is not None or status == S.COMPLETED:
        return S.COMPLETED
    if due_at is not None and due_at < today:
        return STATUS_OVERDUE
    return status


def status_label(code: str) -> str:
    if code == STATUS_OVERDUE:
        return _("Overdue")
    return str(S(code).label) if code in S.values else code


def officer_rows(filters: ReportFilters) -> QuerySet[Enrolment]:
    """The drill-down: one enrolment per line, with its officer, agency and course."""
    return (
        enrolments(filters)
        .select_related("user", "user__agency", "course")
        .order_by("user__agency__path", "user__first_name", "user__last_name", "course__title", "id")
    )


_EXPORT_FIELDS = (
    "id",
    "user__employee_id",
    "user__title",
    "user__first_name",
    "user__last_name",
    "user__agency__code",
    "user__agency__name_th",
    "user__position",
    "user__level",
    "course__title",
    "cycle",
    "status",
    "due_at",
    "completed_at",
)


def officer_export_header() -> list[str]:
    return [
        _("Employee ID"),
        _("Name"),
        _("Agency code"),
        _("Agency"),
        _("Position"),
        _("Level"),
        _("Course"),
        _("Cycle"),
        _("Status"),
        _("Due date"),
        _("Completed at"),
        *[label for _key, label in extra_columns()],
    ]


#: Columns of `officer_export_rows` that hold dates (the rest is text or numbers, already safe).
OFFICER_DATE_COLUMNS = (9, 10)


def officer_export_rows(qs: QuerySet[Enrolment], *, today: dt.date, chunk: int = 5000) -> Iterator[list]:
    """Rows for CSV/XLSX, read through a server-side cursor in chunks; the
    registered extra columns are fetched once per chunk."""
    keys = [key for key, _label in extra_columns()]
    # Labels are translated once here, not once per row.
    levels = {code: str(label) for code, label in Level.choices}
    labels = {code: str(status_label(code)) for code in [*S.values, STATUS_OVERDUE]}
    buffer: list[tuple] = []

    def flush():
        extra = extra_values([r[0] for r in buffer]) if keys else {}
        for r in buffer:
            (
                pk,
                emp,
                title,
                first,
                last,
                code,
                agency_name,
                position,
                level,
                course,
                cycle,
                status,
                due,
                done,
            ) = r
            state = status_of(status=status, completed_at=done, due_at=due, today=today)
            values = extra.get(pk, {})
            yield [
                emp,
                safe_text(f"{title}{first} {last}".strip()),
                code,
                safe_text(agency_name),
                safe_text(position),
                levels.get(level, level),
                safe_text(course),
                cycle,
                labels.get(state, state),
                due,
                done,
                *[values.get(k) for k in keys],
            ]
        buffer.clear()

    for row in qs.values_list(*_EXPORT_FIELDS).iterator(chunk_size=chunk):
        buffer.append(row)
        if len(buffer) >= chunk:
            yield from flush()
    yield from flush()


def summary_export(summary: Summary) -> tuple[list[str], Iterator[list]]:
    header = [
        _("Agency code"),
        _("Agency"),
        _("Course"),
        _("Assigned"),
        _("Completed"),
        _("In progress"),
        _("Not started"),
        _("Overdue"),
        _("Completion %"),
    ]

    def rows():
        for row in summary.rows:
            c = row.cell
            yield [row.agency.code, row.agency.name_th, row.course_title, c.assigned, c.completed,
                   c.in_progress, c.not_started, c.overdue, c.percent]  # fmt: skip

    return header, rows()


def positions_in_scope(agency: Agency) -> list[str]:
    """Filter choices: the positions held in this subtree (never another agency's)."""
    return list(
        User.objects.filter(agency__path__startswith=agency.path, is_active=True)
        .exclude(position="")
        .values_list("position", flat=True)
        .distinct()
        .order_by("position")[:500]
    )


# ---------------------------------------------------------------------------
# Integrity and transparency assessment (ITA) evidence


_ITEM_SPLIT = re.compile(r"[,;\s]+")


def ita_items_of(text: str) -> list[str]:
    return [item.upper() for item in _ITEM_SPLIT.split(text or "") if item]


@dataclass
class ItaAgencyRow:
    agency: Agency
    is_self: bool
    officers: int
    completed: int

    @property
    def percent(self) -> float:
        return round(100 * self.completed / self.officers, 1) if self.officers else 0.0


@dataclass
class ItaItem:
    code: str
    title: str
    courses: list[tuple[int, str]]
    rows: list[ItaAgencyRow]
    officers: int
    completed: int

    @property
    def percent(self) -> float:
        return round(100 * self.completed / self.officers, 1) if self.officers else 0.0


def ita_evidence(*, agency: Agency, be_year: int) -> list[ItaItem]:
    """For each disclosure item the courses are tagged with: per child agency,
    active officers and how many of them completed one of the item's courses
    in the fiscal year. Queries: courses, children, head counts, one per item."""
    items: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, title, tags in (
        CoursePage.objects.exclude(ita_items="").order_by("title").values_list("pk", "title", "ita_items")
    ):
        for item in ita_items_of(tags):
            items[item].append((pk, title))
    if not items:
        return []
    children = list(
        Agency.objects.filter(path__startswith=agency.path, depth=agency.depth + 1).order_by("path")
    )
    prefix_len = len(agency.path) + Agency.steplen
    heads = dict(
        User.objects.filter(is_active=True, agency__path__startswith=agency.path)
        .annotate(prefix=Substr("agency__path", 1, prefix_len))
        .values("prefix")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("prefix", "n")
    )
    start, end = _fy_range(be_year)
    result = []
    for code in sorted(items):
        course_ids = [pk for pk, _t in items[code]]
        done = dict(
            Enrolment.objects.filter(
                course_id__in=course_ids,
                completed_at__gte=start,
                completed_at__lt=end,
                user__is_active=True,
                user__agency__path__startswith=agency.path,
            )
            .annotate(prefix=Substr("user__agency__path", 1, prefix_len))
            .values("prefix")
            .annotate(n=Count("user_id", distinct=True))
            .order_by()
            .values_list("prefix", "n")
        )
        rows = []
        if heads.get(agency.path) or done.get(agency.path):
            rows.append(ItaAgencyRow(agency, True, heads.get(agency.path, 0), done.get(agency.path, 0)))
        rows += [ItaAgencyRow(c, False, heads.get(c.path, 0), done.get(c.path, 0)) for c in children]
        result.append(
            ItaItem(
                code=code,
                title=ITA_ITEM_TITLES.get(code, ""),
                courses=items[code],
                rows=rows,
                officers=sum(heads.values()),
                completed=sum(done.values()),
            )
        )
    return result


def ita_participants(*, agency: Agency, be_year: int, course_ids: list[int]) -> QuerySet:
    """Who completed one of these courses in the fiscal year (first completion per officer and course)."""
    start, end = _fy_range(be_year)
    return (
        Enrolment.objects.filter(
            course_id__in=course_ids,
            completed_at__gte=start,
            completed_at__lt=end,
            user__is_active=True,
            user__agency__path__startswith=agency.path,
        )
        .order_by("user__agency__path", "user__first_name", "user__last_name", "course__title")
        .values_list(
            "user__employee_id",
            "user__title",
            "user__first_name",
            "user__last_name",
            "user__agency__name_th",
            "user__position",
            "course__title",
            "completed_at",
        )  # fmt: skip
    )
