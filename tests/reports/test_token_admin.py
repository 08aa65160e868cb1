from django.urls import reverse

from lms.reports.models import ApiToken


def test_hr_creates_a_token_sees_it_once_and_revokes_it(client, people, tree):
    client.force_login(people["hr_x"])
    response = client.post(
        reverse("api_tokens:add"), {"name": "ระบบ DPIS", "agency": tree["X"].pk, "scope": "read"}, follow=True
    )
    token = ApiToken.objects.get()
    html = response.content.decode()
    assert token.prefix in html  # the whole token is shown in the message, once
    assert "zc_" in html
    assert "zc_" not in client.get(reverse("api_tokens:index")).content.decode().replace(token.prefix, "")
    client.post(reverse("api_tokens:edit", args=[token.pk]), {"name": "ระบบ DPIS", "revoke": "on"})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_hr_cannot_make_or_see_tokens_of_another_agency(client, people, tree):
    client.force_login(people["hr_x"])
    response = client.post(reverse("api_tokens:add"), {"name": "x", "agency": tree["Y"].pk, "scope": "write"})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    from lms.reports.services import api_token_create

    other, _raw = api_token_create(name="y", agency=tree["Y"], scope="read", created_by=people["hr_y"])
    assert client.get(reverse("api_tokens:edit", args=[other.pk])).status_code == 404
    assert "y (" not in client.get(reverse("api_tokens:index")).content.decode()
