from django.core.management import call_command

from lms.access import agencies_for
from lms.models import Agency, Role, User


def test_seed_demo_builds_a_thai_demo_and_is_idempotent(db, client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-for-test")
    call_command("seed_demo")
    agencies, officers = Agency.objects.count(), User.objects.count()
    call_command("seed_demo")
    assert (Agency.objects.count(), User.objects.count()) == (agencies, officers)
    assert agencies >= 20
    assert officers >= 200
    mol = Agency.objects.get(code="MOL")
    sso = Agency.objects.get(code="SSO")
    assert sso.get_parent() == mol and sso.name_th == "สำนักงานประกันสังคม"
    assert (
        User.objects.filter(level="professional").exists()
        and User.objects.filter(level="operational").exists()
    )

    hr = User.objects.get(username="demo-hr")
    assert Agency.objects.get(code="SSO-CMI") in agencies_for(hr, Role.HR)
    assert Agency.objects.get(code="SSO-KKN") not in agencies_for(hr, Role.HR)
    for username in ("demo-officer", "demo-trainer", "demo-hr", "demo-admin"):
        assert client.login(username=username, password="demo-pass-for-test"), username
    assert User.objects.get(username="demo-officer").display_name == "นางสาวสมหญิง ใจดี"
