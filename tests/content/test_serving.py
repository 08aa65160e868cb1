"""Package files reach only those given a signed URL, from a sandboxed,
cookie-less path, with the right type and a strict CSP."""

import re

import pytest
from django.core import signing
from django.test import Client

from content.playback import player_url
from courses.services import enrolment_create
from tests.content.zipbuilders import build_package


def _lesson_html(client, lesson) -> str:
    response = client.get(lesson.url)
    assert response.status_code == 200
    return response.content.decode()


def _player_url(html: str) -> str:
    match = re.search(r'data-player-url="([^"]+)"', html)
    assert match, "no player on the page"
    return match.group(1)


def test_enrolled_officer_gets_a_player_and_its_files_need_no_cookie(people, course, h5p_lesson):
    client = Client()
    client.force_login(people["officer_a"])
    url = _player_url(_lesson_html(client, h5p_lesson))
    assert f'data-lesson="{h5p_lesson.pk}"' in _lesson_html(client, h5p_lesson)

    anonymous = Client()  # the sandboxed frame sends no cookies
    player = anonymous.get(url)
    assert player.status_code == 200
    csp = player["Content-Security-Policy"]
    assert csp.startswith("sandbox allow-scripts;") and "allow-same-origin" not in csp
    assert "default-src 'none'" in csp and "form-action 'none'" in csp
    assert player["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in player and not player.cookies
    files = url.replace("/play/", "/files/")
    h5p_json = anonymous.get(files + "h5p.json")
    assert h5p_json.status_code == 200 and h5p_json["Content-Type"] == "application/json"
    assert (
        h5p_json["Access-Control-Allow-Origin"] == "*" and "Access-Control-Allow-Credentials" not in h5p_json
    )
    assert h5p_json["Content-Security-Policy"].startswith("sandbox;")
    js = anonymous.get(files + "H5P.TrueFalse-1.6/scripts/h5p-true-false.js")
    assert js.status_code == 200 and js["Content-Type"] == "text/javascript"
    assert js["X-Content-Type-Options"] == "nosniff"


def test_officer_of_another_agency_gets_no_player(people, course, h5p_lesson):
    client = Client()
    client.force_login(people["officer_y"])
    response = client.get(h5p_lesson.url)
    assert response.status_code == 403
    assert b"data-player-url" not in response.content


@pytest.mark.parametrize(
    "path",
    ["../../../etc/passwd", "..%2f..%2fsettings.py", "content/../../x", "/etc/passwd", ".hidden", "nope.js"],
)
def test_paths_outside_the_package_are_not_found(package, path):
    files = player_url(package).replace("/play/", "/files/")
    assert Client().get(files + path).status_code == 404


def test_forged_or_expired_tokens_are_not_found(package, settings):
    token = signing.dumps([package.pk, "h5p/../../"], salt="other")
    assert Client().get(f"/h5p/files/{token}/h5p.json").status_code == 404
    assert Client().get(f"/h5p/play/{token}/").status_code == 404
    url = player_url(package)
    settings.H5P_URL_MAX_AGE = -1
    assert Client().get(url).status_code == 404


def test_svg_is_served_as_an_inert_attachment(tmp_path, tree, people):
    from content.services import h5p_package_create

    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    path = build_package(tmp_path / "svg.h5p", extra={"content/images/evil.svg": svg})
    package = h5p_package_create(file=path, owner_agency=tree["X"], uploaded_by=people["trainer"])
    response = Client().get(player_url(package).replace("/play/", "/files/") + "content/images/evil.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("attachment")
    assert (
        response["Content-Security-Policy"].startswith("sandbox;")
        and "script-src" not in response["Content-Security-Policy"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_trainer_previews_only_their_agencys_packages(people, package):
    trainer = Client()
    trainer.force_login(people["trainer"])
    response = trainer.get(f"/h5p/preview/{package.pk}/")
    assert response.status_code == 200 and b"data-player-url" in response.content
    hr_y = Client()
    hr_y.force_login(people["hr_y"])
    assert hr_y.get(f"/h5p/preview/{package.pk}/").status_code == 404
    officer = Client()
    officer.force_login(people["officer_a"])
    assert officer.get(f"/h5p/preview/{package.pk}/").status_code == 404


def test_progress_shows_the_result_as_self_reported(people, course, h5p_lesson, package):
    import json

    enrolment_create(user=people["officer_a"], course=course)
    client = Client()
    client.force_login(people["officer_a"])
    client.post(
        "/api/v1/xapi/statements",
        json.dumps({"lesson": h5p_lesson.pk, "package": package.pk,
                    "statement": {"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                                  "result": {"score": {"raw": 1, "max": 1}, "success": True}}}),
        content_type="application/json",
    )  # fmt: skip
    html = _lesson_html(client, h5p_lesson)
    assert "คะแนนสูงสุดของคุณ: 1 จาก 1" in html
    assert "รายงานตนเอง" in html
