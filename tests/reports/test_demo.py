import io

from django.core.management import call_command
from django.urls import reverse

from courses.models import Enrolment
from lms.models import Agency, User
from lms.reports import demo, selectors
from lms.roster.importing import roster_import
from lms.roster.parsing import DPIS_MAPPING


def test_demo_hr_sees_a_lively_dashboard_and_the_seed_is_idempotent(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    state = sorted(Enrolment.objects.values_list("user_id", "course_id", "status", "due_at", "completed_at"))
    demo.seed(stdout=io.StringIO())
    assert (
        sorted(Enrolment.objects.values_list("user_id", "course_id", "status", "due_at", "completed_at"))
        == state
    )

    cmi = Agency.objects.get(code="SSO-CMI")
    summary = selectors.completion_summary(selectors.ReportFilters(agency=cmi, fiscal_year=None))
    assert summary.total.completed and summary.total.overdue and summary.total.in_progress
    assert len([c for _a, _s, c, _h in summary.by_agency if c.assigned]) >= 3  # the three sections
    this_year = selectors.current_fiscal_year()
    for year in (this_year, this_year - 1):
        assert selectors.completion_summary(
            selectors.ReportFilters(agency=cmi, fiscal_year=year)
        ).total.assigned

    client.force_login(User.objects.get(username="demo-hr"))
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "ฝ่ายทะเบียนผู้ประกันตน (เชียงใหม่)" in html and "ขอนแก่น" not in html

    sample = demo.write_sample_roster()
    preview = roster_import(file=sample, filename=sample.name, mapping=DPIS_MAPPING, dry_run=True)
    assert preview.created == 2 and preview.updated == 3 and preview.rejected_rows == 1
