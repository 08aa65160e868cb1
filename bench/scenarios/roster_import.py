"""roster-import: upsert of a roster CSV (10% of the officers changed, 1% bad rows).

ours: `lms.roster.importing.roster_import` (bulk, one transaction) applying the
changed file over the first import. baseline: the same parsed rows written with
one `User.objects.update_or_create` per row (on a sample of the rows on
medium/large, since it is slow; rows per second is the unit). Smoke mode: the
baseline applies the whole changed file in a transaction that is rolled back,
and the officers it leaves must equal ours field for field; bad rows reported
must equal the file's known bad rows.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.harness import BenchmarkError, Result

SCENARIO = "roster-import"
OFFICERS = {"small": 2_000, "medium": 50_000, "large": 200_000}
BASELINE_SAMPLE = 5_000
FIELDS = ("title", "first_name", "last_name", "position", "level", "position_type", "staff_type", "email",
          "agency__code", "is_active")  # fmt: skip


def _setup():
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
        django.setup()


class _Rollback(Exception):
    pass


def _baseline(path: Path, limit: int | None) -> tuple[int, int, dict]:
    from django.db import transaction
    from django.utils import timezone

    from lms.models import Agency, User
    from lms.roster.parsing import RosterRow, parse_roster

    agencies = dict(Agency.objects.values_list("code", "pk"))
    written, rejected, snapshot = 0, 0, {}
    start = time.perf_counter()
    try:
        with transaction.atomic():
            for item in parse_roster(file=path, filename=path.name):
                if not isinstance(item, RosterRow):
                    continue
                if item.agency_code not in agencies:
                    rejected += 1
                    continue
                User.objects.update_or_create(
                    employee_id=item.employee_id,
                    defaults={
                        "title": item.title, "first_name": item.first_name, "last_name": item.last_name,
                        "position": item.position, "level": item.level, "position_type": item.position_type,
                        "staff_type": item.staff_type, "email": item.email, "agency_id": agencies[item.agency_code],
                        "is_active": item.active, "title_en": item.title_en, "first_name_en": item.first_name_en,
                        "last_name_en": item.last_name_en,
                    },
                    create_defaults={"username": f"emp{item.employee_id}".lower(), "password": "!",
                                     "date_joined": timezone.now()},
                )  # fmt: skip
                written += 1
                if limit and written >= limit:
                    break
            elapsed = time.perf_counter() - start
            snapshot = _snapshot()
            raise _Rollback
    except _Rollback:
        pass
    return written, elapsed, snapshot


def _snapshot() -> dict:
    from lms.models import User

    return {
        row[0]: row[1:]
        for row in User.objects.filter(username__startswith="emp")
        .values_list("employee_id", *FIELDS)
        .iterator()
    }


def run(*, size: str, smoke: bool) -> Result:
    _setup()
    from bench.datasets import ensure_dataset
    from bench.scenarios._roster_files import write_roster_csv
    from lms.models import Agency
    from lms.roster.importing import roster_import

    size = "small" if smoke else size
    data = ensure_dataset(size)
    root = Agency.objects.get(pk=data.root_id)
    codes = list(
        Agency.objects.filter(path__startswith=root.path, depth__gte=3).values_list("code", flat=True)
    )
    officers = OFFICERS[size]
    with tempfile.TemporaryDirectory() as tmp:
        first = write_roster_csv(path=Path(tmp) / "roster.csv", officers=officers, agency_codes=codes, seed=7)
        changed = write_roster_csv(
            path=Path(tmp) / "roster-changed.csv",
            officers=officers,
            agency_codes=codes,
            seed=7,
            changed_share=0.1,
        )
        initial = roster_import(file=first.path, filename="roster.csv")
        if initial.rejected_rows != first.bad_rows:
            raise BenchmarkError(
                f"first import rejected {initial.rejected_rows}, file has {first.bad_rows} bad"
            )
        limit = None if smoke else BASELINE_SAMPLE
        base_rows, base_seconds, base_state = _baseline(changed.path, limit)
        start = time.perf_counter()
        result = roster_import(file=changed.path, filename="roster-changed.csv")
        ours_seconds = time.perf_counter() - start
    if result.rejected_rows != changed.bad_rows:
        raise BenchmarkError(
            f"rejected {result.rejected_rows} rows, the file has {changed.bad_rows} bad rows"
        )
    if smoke:
        ours_state = _snapshot()
        if ours_state != base_state:
            diff = [k for k in ours_state if ours_state.get(k) != base_state.get(k)]
            raise BenchmarkError(f"{len(diff)} officers differ from the baseline's, e.g. {diff[:3]}")
    processed = result.processed_rows
    return Result(
        scenario=SCENARIO,
        ours=processed / ours_seconds,
        baseline=base_rows / base_seconds,
        unit="rows/s",
        size=size,
        extra={
            "rows": processed,
            "updated": result.updated,
            "created": result.created,
            "rejected": result.rejected_rows,
            "baseline_rows": base_rows,
        },  # fmt: skip
    )
