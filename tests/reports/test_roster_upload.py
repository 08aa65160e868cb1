"""The admin roster upload: preview, apply, progress JSON, error report, and a real worker."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.models import User
from lms.reports.models import RosterImport
from tests.conftest import wait_for

DPIS = "PER_CARDNO,PN_NAME,PER_NAME,PER_SURNAME,PL_NAME,LEVEL_NAME,ORG_CODE,PER_STATUS,ศาสนา\n"


def _upload(client, content: str, **data):
    upload = SimpleUploadedFile("dpis.csv", content.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("reports:roster_upload"), {"file": upload, "mapping": "dpis", **data})


def test_preview_then_apply_a_dpis_export(client, people, tree, django_capture_on_commit_callbacks):
    client.force_login(people["hr_x"])
    content = (
        DPIS
        + "1234567890123,นาย,สมชาย,ใจดี,นักวิชาการ,ชำนาญการ,X1,1,พุทธ\n8888,นาย,ข้าม,เขต,นักวิชาการ,ชำนาญการ,Y,1,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, content, dry_run="on")
    job = RosterImport.objects.get()
    assert response.url == reverse("reports:roster_status", args=[job.pk])
    status = client.get(reverse("reports:roster_status_json", args=[job.pk])).json()
    assert status["finished"] and status["created"] == 1 and status["rejected"] == 1
    assert not User.objects.filter(employee_id="1234567890123").exists()
    page = client.get(response.url).content.decode()
    assert "สมชาย" in page and "นำเข้าข้อมูลนี้" in page
    errors = client.get(reverse("reports:roster_errors", args=[job.pk]))
    assert "ไม่อยู่ในหน่วยงานที่ท่านรับผิดชอบ" in b"".join(errors.streaming_content).decode("utf-8-sig")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:roster_apply", args=[job.pk]))
    officer = User.objects.get(employee_id="1234567890123")
    assert officer.agency == tree["X1"]
    # Another HR officer cannot see this job.
    client.force_login(people["hr_y"])
    assert client.get(reverse("reports:roster_status_json", args=[job.pk])).status_code == 404


def test_bad_upload_gets_a_thai_message(client, people):
    client.force_login(people["hr_x"])
    upload = SimpleUploadedFile("roster.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("reports:roster_upload"), {"file": upload})
    assert "โปรดอัปโหลดไฟล์ CSV หรือ Excel" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_large_import_runs_on_a_real_worker(celery_worker_process, tree, people, client):
    celery_worker_process.start()
    client.force_login(people["hr_x"])
    rows = "".join(f"{7700000 + i},นาย,ชื่อ{i},สกุล,นักวิชาการ,ชำนาญการ,X1,1,\n" for i in range(3000))
    response = _upload(client, DPIS + rows)
    job_id = RosterImport.objects.get().pk
    assert response.status_code == 302
    status = wait_for(
        lambda: (
            (s := client.get(reverse("reports:roster_status_json", args=[job_id])).json())["finished"] and s
        ),
        timeout=120,
    )
    assert status["created"] == 3000 and status["percent"] == 100
    assert User.objects.filter(employee_id__startswith="77", agency=tree["X1"]).count() == 3000


def test_a_roster_over_the_size_limit_is_refused_before_any_job(client, people, settings):
    settings.ROSTER_MAX_UPLOAD_BYTES = 1024
    client.force_login(people["hr_x"])
    rows = "".join(f"{i:013d},นาย,สมชาย,ใจดี,นักวิชาการ,ชำนาญการ,X1,1,\n" for i in range(40))
    response = _upload(client, DPIS + rows)
    assert response.status_code == 200
    assert "ไฟล์มีขนาดใหญ่กว่า 1.0\xa0KB" in response.content.decode()
    assert not RosterImport.objects.exists()
