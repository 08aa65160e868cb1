"""PDPA: the privacy notice, the officer's own-data download, and the purge of leavers."""

import datetime as dt
import json

import pytest
from axes.models import AccessLog
from django.core.management import call_command
from django.utils import timezone

from courses import services as course_services
from courses.models import Enrolment, LessonPage, LessonProgress
from lms.models import AuditEvent, User
from lms.privacy.registry import register_personal_data_provider, unregister_personal_data_provider
from tests.factories import UserFactory
from tests.security.conftest import make_course


def test_the_privacy_notice_is_thai_and_linked_from_the_footer_and_the_login_page(client, db, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 7
    response = client.get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>ประกาศความเป็นส่วนตัว</h1>" in html
    assert "พ้นจากหน่วยงานครบ 7 ปี" in html
    assert "ศาสนา" in html  # says which sensitive data is never kept
    for page in ("/", "/accounts/login/"):
        assert 'href="/privacy/"' in client.get(page).content.decode()
    english = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="django_language=en")
    assert "<h1>Privacy notice</h1>" in english.content.decode()


@pytest.fixture
def learning(people, tree):
    """officer_a: one course completed, one half done; officer_b: their own enrolment."""
    done = make_course(tree["X"], title="หลักสูตรที่จบแล้ว", lessons=1)
    half = make_course(tree["X"], title="หลักสูตรที่เรียนครึ่งหนึ่ง", lessons=2)
    other = make_course(tree["X"], title="หลักสูตรของคนอื่น", lessons=1)
    a, b = people["officer_a"], people["officer_b"]
    for user, course in ((a, done), (a, half), (b, other), (b, done)):
        course_services.enrolment_create(user=user, course=course)
        course_services.lesson_complete(user=user, lesson=LessonPage.objects.child_of(course).first())
    return {"done": done, "half": half, "other": other}


def test_an_officer_downloads_their_own_record_and_nobody_elses(client, people, learning):
    a, b = people["officer_a"], people["officer_b"]
    client.force_login(a)
    profile = client.get("/accounts/profile/").content.decode()
    assert 'href="/accounts/my-data/"' in profile and "ดาวน์โหลดข้อมูลของฉัน" in profile

    response = client.get("/accounts/my-data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    raw = response.content.decode()
    data = json.loads(raw)
    assert data["profile"]["username"] == a.username
    assert data["profile"]["employee_id"] == a.employee_id
    assert data["profile"]["first_name"] == "อรุณี"  # Thai kept as Thai, not \u escapes
    assert "อรุณี" in raw
    assert data["agency"]["code"] == "X1"
    assert [h["code"] for h in data["agency"]["hierarchy"]] == ["M", "D", "X", "X1"]
    courses = {e["course"]: e for e in data["enrolments"]}
    assert set(courses) == {"หลักสูตรที่จบแล้ว", "หลักสูตรที่เรียนครึ่งหนึ่ง"}
    assert courses["หลักสูตรที่จบแล้ว"]["completed_at"] is not None
    assert courses["หลักสูตรที่จบแล้ว"]["progress_percent"] == 100
    assert courses["หลักสูตรที่เรียนครึ่งหนึ่ง"]["progress_percent"] == 50
    assert courses["หลักสูตรที่เรียนครึ่งหนึ่ง"]["completed_at"] is None
    assert len(courses["หลักสูตรที่เรียนครึ่งหนึ่ง"]["lessons"]) == 1
    # Nothing of officer B: not their name, username, ID, e-mail or course.
    for secret in (b.username, b.employee_id, b.email, b.first_name, "หลักสูตรของคนอื่น"):
        assert secret not in raw
    assert AuditEvent.objects.filter(action="privacy.exported", actor_id=a.pk).count() == 1


def test_the_download_needs_a_signed_in_officer(client, db):
    response = client.get("/accounts/my-data/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_apps_add_their_records_through_the_registry_for_that_officer_only(client, people, learning):
    seen = []

    def certificates(user):
        seen.append(user.pk)
        return [{"number": f"ทส.{user.pk}/2569", "status": "valid"}]

    # A made-up app (the real apps register their own sections under their own keys).
    register_personal_data_provider("example_badges", label="เหรียญตรา", export=certificates)
    try:
        client.force_login(people["officer_a"])
        data = client.get("/accounts/my-data/").json()
    finally:
        unregister_personal_data_provider("example_badges")
    assert data["example_badges"] == [{"number": f"ทส.{people['officer_a'].pk}/2569", "status": "valid"}]
    assert seen == [people["officer_a"].pk]


def test_a_provider_may_not_take_a_section_of_the_export_itself():
    with pytest.raises(ValueError):
        register_personal_data_provider("profile", export=lambda user: {})


# --- Purge of leavers -----------------------------------------------------------------------


@pytest.fixture
def leavers(people, tree, learning):
    now = timezone.now()
    old = people["officer_a"]
    old.left_at = now - dt.timedelta(days=365 * 11)
    old.is_active = False
    old.save()
    recent = people["officer_b"]
    recent.left_at = now - dt.timedelta(days=365 * 3)
    recent.save()
    AccessLog.objects.create(
        username=old.username, ip_address="192.0.2.1", user_agent="x", http_accept="*/*", path_info="/"
    )
    return {"old": old, "recent": recent}


def _completed_per_course():
    return sorted(Enrolment.objects.filter(completed_at__isnull=False).values_list("course_id", flat=True))


def test_dry_run_lists_the_leavers_and_changes_nothing(leavers, settings, capsys):
    settings.PERSONAL_DATA_RETENTION_YEARS = 10
    call_command("purge_leavers", "--dry-run")
    out = capsys.readouterr().out
    assert "would anonymise 1 officer" in out and leavers["old"].username in out
    assert User.objects.get(pk=leavers["old"].pk).first_name == "อรุณี"
    assert not AuditEvent.objects.filter(action="privacy.anonymised").exists()


def test_purge_removes_personal_data_and_keeps_the_statistics(leavers, settings, people):
    settings.PERSONAL_DATA_RETENTION_YEARS = 10
    old, recent = leavers["old"], leavers["recent"]
    old_identity = (old.username, old.employee_id, old.email, old.first_name, old.last_name)
    statistics_before = _completed_per_course()
    progress_before = LessonProgress.objects.filter(enrolment__user=old).count()
    certificates = {old.pk: {"holder": old.display_name, "status": "valid"}}

    def anonymise_certificates(user, pseudonym):
        certificates[user.pk]["holder"] = pseudonym

    register_personal_data_provider("example_badges", export=lambda u: [], anonymise=anonymise_certificates)
    try:
        call_command("purge_leavers")
    finally:
        unregister_personal_data_provider("example_badges")

    old.refresh_from_db()
    assert old.username.startswith("former-")
    assert (old.first_name, old.last_name, old.email, old.employee_id, old.title) == ("", "", "", None, "")
    assert not old.has_usable_password() and not old.is_active
    assert old.agency.code == "X1" and old.level  # kept for anonymous statistics
    # Enrolments, completions and progress are still counted.
    assert _completed_per_course() == statistics_before
    assert LessonProgress.objects.filter(enrolment__user=old).count() == progress_before
    # The certificate keeps its verify status, without the name.
    assert certificates[old.pk] == {"holder": old.username, "status": "valid"}
    assert not AccessLog.objects.filter(username=old_identity[0]).exists()
    # The recent leaver is untouched.
    recent.refresh_from_db()
    assert recent.first_name == "นภัสสร" and recent.employee_id
    # Audited, without writing the removed identity into the audit trail.
    event = AuditEvent.objects.get(action="privacy.anonymised")
    assert event.target_id == str(old.pk)
    stored = json.dumps([event.data, event.target_repr], ensure_ascii=False)
    for value in old_identity:
        assert value not in stored
    # Running again changes nothing more.
    call_command("purge_leavers")
    assert AuditEvent.objects.filter(action="privacy.anonymised").count() == 1


def test_the_retention_setting_decides_who_is_purged(leavers, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 2
    call_command("purge_leavers")
    assert User.objects.filter(username__startswith="former-").count() == 2
    assert UserFactory()  # new officers are unaffected
