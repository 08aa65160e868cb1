"""The HR dashboard, drill-down and exports, and what each HR officer may see."""

import csv
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.reports import selectors
from tests.factories import UserFactory, make_agency


def _login(client, user):
    client.force_login(user)
    return client


def test_summary_rolls_up_children_and_counts_statuses(hr_data, tree):
    summary = selectors.completion_summary(selectors.ReportFilters(agency=tree["D"], fiscal_year=None))
    by_code = {agency.code: cell for agency, _self, cell, _heads in summary.by_agency}
    # X rolls up its division X1: one completed, one overdue.
    assert by_code["X"].assigned == 2 and by_code["X"].completed == 1 and by_code["X"].overdue == 1
    assert by_code["X"].percent == 50.0
    assert by_code["Y"].in_progress == 1 and by_code["Y"].overdue == 0
    assert summary.total.assigned == 3


def test_summary_query_count_does_not_grow_with_the_tree(hr_data, tree):
    filters = selectors.ReportFilters(agency=tree["D"], fiscal_year=None)
    with CaptureQueriesContext(connection) as small:
        selectors.completion_summary(filters)
    parent = tree["X1"]
    for i in range(15):
        child = make_agency(f"Z{i}", parent=parent)
        UserFactory(agency=child)
    with CaptureQueriesContext(connection) as big:
        selectors.completion_summary(filters)
    assert len(big) == len(small) <= 5


def test_dashboard_shows_only_the_hr_officers_subtree(client, hr_data, people):
    response = _login(client, people["hr_x"]).get(reverse("reports:dashboard"), {"fy": "all"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "หน่วยงาน X1" in html
    assert "สำนักงานจังหวัดวาย" not in html  # Y is another agency's
    # Another agency by URL: 404, not its numbers.
    assert client.get(reverse("reports:dashboard"), {"agency": "Y"}).status_code == 404
    assert client.get(reverse("reports:officers"), {"agency": "D"}).status_code == 404


def test_officer_without_hr_role_is_refused(client, hr_data, people):
    response = _login(client, people["officer_a"]).get(reverse("reports:dashboard"))
    assert response.status_code in (302, 403)


def test_drill_down_lists_officers_with_status_and_filters(client, hr_data, people):
    client = _login(client, people["hr_x"])
    html = client.get(reverse("reports:officers"), {"fy": "all"}).content.decode()
    assert "อรุณี" in html and "นภัสสร" in html and "ยุพิน" not in html
    assert "เกินกำหนด" in html  # overdue, in Thai
    late_only = client.get(reverse("reports:officers"), {"fy": "all", "status": "overdue"}).content.decode()
    assert "นภัสสร" in late_only and "อรุณี" not in late_only
    # Position filter values come from the own subtree only.
    people["officer_y"].position = "ตำแหน่งลับของวาย"
    people["officer_y"].save()
    assert "ตำแหน่งลับของวาย" not in client.get(reverse("reports:officers")).content.decode()


def test_exports_stream_csv_and_xlsx_of_the_subtree(client, hr_data, people):
    client = _login(client, people["hr_x"])
    response = client.get(reverse("reports:officers"), {"fy": "all", "export": "csv"})
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3  # header + officer_a + officer_b
    assert not any("ยุพิน" in cell for row in rows for cell in row)
    response = client.get(reverse("reports:officers"), {"fy": "all", "export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    values = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(values) == 3
    response = client.get(reverse("reports:dashboard"), {"fy": "all", "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "หน่วยงาน X1" in text and "วาย" not in text


def test_registered_columns_reach_the_drill_down_and_export(client, hr_data, people):
    from lms.reports.columns import EnrolmentColumns, register_enrolment_columns, unregister_enrolment_columns

    provider = EnrolmentColumns(
        columns=[("score", "คะแนนแบบทดสอบหลังเรียน")],
        fetch=lambda ids: {hr_data["done"].pk: {"score": 87}} if hr_data["done"].pk in ids else {},
    )
    register_enrolment_columns(provider)
    try:
        client = _login(client, people["hr_x"])
        html = client.get(reverse("reports:officers"), {"fy": "all"}).content.decode()
        assert "คะแนนแบบทดสอบหลังเรียน" in html and ">87<" in html
        text = b"".join(
            client.get(reverse("reports:officers"), {"fy": "all", "export": "csv"}).streaming_content
        )
        assert "87" in text.decode("utf-8-sig")
    finally:
        unregister_enrolment_columns(provider)


def test_agency_admin_of_the_department_sees_both_provinces(client, hr_data, people):
    html = _login(client, people["admin_d"]).get(reverse("reports:dashboard"), {"fy": "all"}).content.decode()
    assert "สำนักงานจังหวัดเอกซ์" in html and "สำนักงานจังหวัดวาย" in html
