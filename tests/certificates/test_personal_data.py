"""PDPA: an officer's certificates are in their own-data file; anonymising a
leaver removes the name and the PDF but the verify page still answers."""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone


def test_own_data_file_lists_the_officers_certificates(client, people, issued):
    client.force_login(people["officer_a"])
    data = client.get("/accounts/my-data/").json()
    assert [c["number"] for c in data["certificates"]] == [issued.number]
    client.force_login(people["officer_b"])
    assert client.get("/accounts/my-data/").json()["certificates"] == []


def test_purging_a_leaver_keeps_the_verify_status_without_the_name(client, people, issued, settings):
    officer = people["officer_a"]
    officer.is_active = False
    officer.left_at = timezone.now() - dt.timedelta(days=365 * 12)
    officer.save()
    settings.PERSONAL_DATA_RETENTION_YEARS = 10
    call_command("purge_leavers")

    issued.refresh_from_db()
    assert officer.first_name not in issued.full_name and not issued.pdf
    page = client.get(f"/verify/{issued.verification_code}/").content.decode()
    assert "ใช้ได้" in page and officer.first_name not in page
