"""The data-exchange API with per-agency tokens."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from courses.models import Enrolment
from lms.models import User
from lms.reports.models import ApiToken
from lms.reports.services import api_token_create, api_token_revoke


@pytest.fixture
def token_x(people, tree):
    token, raw = api_token_create(
        name="ระบบ HR", agency=tree["X"], scope=ApiToken.Scope.READ, created_by=people["hr_x"]
    )
    return token, raw


def _auth(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_only_the_hash_is_stored(token_x):
    token, raw = token_x
    assert raw not in (token.token_hash, token.prefix) and len(token.token_hash) == 64


def test_completions_keyset_pagination_within_the_subtree(client, hr_data, token_x, people):
    _token, raw = token_x
    course = hr_data["course"]
    for i in range(4):
        user = User.objects.create(username=f"u{i}", employee_id=f"66{i}", agency=people["officer_a"].agency)
        Enrolment.objects.create(user=user, course=course, status="completed",
                                 completed_at=timezone.now() - dt.timedelta(hours=i))  # fmt: skip
    seen, cursor = [], None
    while True:
        params = {"limit": 2, "since": (timezone.now() - dt.timedelta(days=30)).isoformat()}
        if cursor:
            params["cursor"] = cursor
        data = client.get("/api/v1/agencies/X/completions", params, **_auth(raw)).json()
        seen += [item["employee_id"] for item in data["items"]]
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 5  # officer_a + 4, never officer_y of Y
    assert people["officer_y"].employee_id not in seen


def test_token_never_reaches_outside_its_subtree(client, hr_data, token_x):
    _token, raw = token_x
    assert client.get("/api/v1/agencies/Y/summary", **_auth(raw)).status_code == 404
    assert client.get("/api/v1/agencies/D/completions", **_auth(raw)).status_code == 404
    assert client.get("/api/v1/agencies/X/summary").status_code == 401
    summary = client.get("/api/v1/agencies/X/summary", **_auth(raw)).json()
    assert summary["total"]["assigned"] == 2 and summary["total"]["overdue"] == 1


def test_revoked_token_is_refused(client, hr_data, token_x, people):
    token, raw = token_x
    api_token_revoke(token=token, revoked_by=people["hr_x"])
    assert client.get("/api/v1/agencies/X/summary", **_auth(raw)).status_code == 401


def test_roster_push_needs_write_scope_and_validates_rows(client, tree, people):
    _read, read_raw = api_token_create(name="r", agency=tree["X"], scope="read", created_by=people["hr_x"])
    _write, write_raw = api_token_create(name="w", agency=tree["X"], scope="write", created_by=people["hr_x"])
    body = "employee_id,first_name,last_name,level,agency_code\n5551,สมพร,ดีงาม,ชำนาญการ,X1\n5552,ข้าม,เขต,ชำนาญการ,Y\n"

    def post(raw):
        upload = SimpleUploadedFile("r.csv", body.encode(), content_type="text/csv")
        return client.post("/api/v1/agencies/X/roster", {"file": upload}, **_auth(raw))

    assert post(read_raw).status_code == 403
    data = post(write_raw).json()
    assert data["created"] == 1 and data["rejected"] == 1 and data["errors"][0]["row"] == 3
    assert User.objects.filter(employee_id="5551", agency=tree["X1"]).exists()


def test_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/agencies/{code}/completions",
        "/api/v1/agencies/{code}/summary",
        "/api/v1/agencies/{code}/roster",
    ):
        assert path in paths


def test_a_certificate_revoked_later_brings_its_completion_back(client, people, tree, token_x):
    """Another system polling `since` its last run learns of revocations too."""
    from certificates import services as certificate_services
    from courses import services as course_services
    from tests.courses.conftest import make_course

    _token, raw = token_x
    officer = people["officer_a"]
    course = make_course(tree["X"], lessons=1)
    enrolment = course_services.enrolment_create(user=officer, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status="completed", completed_at=timezone.now() - dt.timedelta(days=10)
    )
    certificate = certificate_services.certificate_issue(enrolment_id=enrolment.pk)
    last_poll = timezone.now()

    def polled():
        data = client.get(
            "/api/v1/agencies/X/completions", {"since": last_poll.isoformat()}, **_auth(raw)
        ).json()
        return {item["enrolment_id"]: item for item in data["items"]}

    assert enrolment.pk not in polled()
    certificate_services.certificate_revoke(
        certificate=certificate, reason="ข้อมูลผิดพลาด", revoked_by=people["hr_x"]
    )
    item = polled()[enrolment.pk]
    assert item["extra"]["certificate_number"] == certificate.number
    assert item["extra"]["certificate_status"] == "ถูกเพิกถอน"


def test_a_roster_push_over_the_size_limit_is_refused_and_changes_nobody(client, tree, people, settings):
    settings.ROSTER_API_MAX_UPLOAD_BYTES = 256
    _write, raw = api_token_create(name="w", agency=tree["X"], scope="write", created_by=people["hr_x"])
    body = "employee_id,first_name,last_name,level,agency_code\n" + "".join(
        f"S-{i},สมพร,ดีงาม,ชำนาญการ,X1\n" for i in range(20)
    )
    upload = SimpleUploadedFile("r.csv", body.encode(), content_type="text/csv")
    response = client.post("/api/v1/agencies/X/roster", {"file": upload}, **_auth(raw))
    assert response.status_code == 400
    assert "ไฟล์ใหญ่เกินกว่าจะส่งผ่าน API" in response.json()["detail"]
    assert not User.objects.filter(employee_id__startswith="S-").exists()
