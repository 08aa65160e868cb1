"""Trainers upload packages in the Wagtail admin; refused packages leave nothing."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from content.models import H5PPackage
from lms.roles import role_groups_sync
from tests.content.conftest import TRUE_FALSE
from tests.content.zipbuilders import INVALID

ADD_URL = "/admin/h5p_packages/new/"


@pytest.fixture
def trainer_client(people):
    role_groups_sync()
    client = Client()
    client.force_login(people["trainer"])
    return client


def _upload(client, path: Path, agency, title=""):
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/octet-stream")
    return client.post(ADD_URL, {"title": title, "owner_agency": agency.pk, "file": upload})


def test_trainer_uploads_a_package(trainer_client, tree):
    response = _upload(trainer_client, TRUE_FALSE, tree["X"], title="จริงหรือเท็จ")
    assert response.status_code == 302, response.content.decode()[:2000]
    package = H5PPackage.objects.get()
    assert (package.title, package.main_library, package.owner_agency) == (
        "จริงหรือเท็จ",
        "H5P.TrueFalse",
        tree["X"],
    )
    listing = trainer_client.get("/admin/h5p_packages/")
    assert "จริงหรือเท็จ" in listing.content.decode()


def test_refused_package_shows_thai_problems_and_stores_nothing(trainer_client, tree):
    response = _upload(trainer_client, INVALID / "missing-preloaded-js.h5p", tree["X"])
    assert response.status_code == 200
    assert "แต่ไม่มีไฟล์นี้ในแพ็กเกจ" in response.content.decode()
    assert not H5PPackage.objects.exists()
    root = Path(settings.MEDIA_ROOT) / "h5p"
    assert not root.exists() or not any(root.iterdir())


def test_trainer_cannot_give_a_package_to_another_agency(trainer_client, tree):
    response = _upload(trainer_client, TRUE_FALSE, tree["Y"])
    assert response.status_code == 200
    assert not H5PPackage.objects.exists()


def test_another_agencys_trainer_gets_404(people, tree, package):
    from lms.models import Role
    from lms.services import agency_role_grant

    role_groups_sync()
    other = people["hr_y"]
    agency_role_grant(user=other, agency=tree["Y"], role=Role.TRAINER)
    client = Client()
    client.force_login(other)
    assert client.get(f"/admin/h5p_packages/edit/{package.pk}/").status_code == 404
    assert "Hello World" not in client.get("/admin/h5p_packages/").content.decode()


def test_a_package_in_use_is_not_deleted(trainer_client, h5p_lesson, package):
    from wagtail.models import ReferenceIndex

    # Wagtail updates its reference index after commit; a test never commits.
    ReferenceIndex.create_or_update_for_object(h5p_lesson)
    response = trainer_client.post(f"/admin/h5p_packages/delete/{package.pk}/")
    assert H5PPackage.objects.filter(pk=package.pk).exists()
    assert response.status_code in (200, 302, 403)
    usage = trainer_client.get(f"/admin/h5p_packages/usage/{package.pk}/")
    # Listed as used by a lesson body (its title shows to those with page rights).
    assert usage.status_code == 200 and "กิจกรรมเชิงโต้ตอบ (H5P)" in usage.content.decode()


def test_an_unused_package_is_deleted_with_its_files(
    trainer_client, package, django_capture_on_commit_callbacks
):
    folder = Path(settings.MEDIA_ROOT) / package.folder
    assert folder.is_dir()
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(f"/admin/h5p_packages/delete/{package.pk}/")
    assert response.status_code == 302
    assert not H5PPackage.objects.exists()
    assert not folder.exists()


def test_a_package_placed_in_a_lesson_is_kept_even_without_the_index(package, h5p_lesson):
    from content.services import PackageInUse, h5p_package_delete

    with pytest.raises(PackageInUse):
        h5p_package_delete(package=package)


def test_results_report_is_scoped_and_marked_self_reported(people, course, h5p_lesson, package):
    import json

    from courses.services import enrolment_create

    role_groups_sync()
    for officer in (people["officer_a"], people["officer_y"]):
        enrolment_create(user=officer, course=course)
        client = Client()
        client.force_login(officer)
        client.post(
            "/api/v1/xapi/statements",
            json.dumps({"lesson": h5p_lesson.pk, "package": package.pk,
                        "statement": {"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                                      "result": {"score": {"raw": 1, "max": 1}}}}),
            content_type="application/json",
        )  # fmt: skip
    hr = Client()
    hr.force_login(people["hr_x"])
    page = hr.get("/admin/reports/h5p-results/").content.decode()
    assert people["officer_a"].display_name in page
    assert people["officer_y"].display_name not in page
    assert "รายงานโดยเบราว์เซอร์" in page
    exported = hr.get("/admin/reports/h5p-results/?export=csv")
    csv = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert people["officer_a"].employee_id in csv and people["officer_y"].employee_id not in csv
    assert "รายงานโดยเบราว์เซอร์" in csv
