"""Wagtail's own user admin lists every account of every agency; only
superusers may use it. HR works through the scoped Officers screens."""


def test_hr_cannot_use_wagtails_user_admin(client, people):
    client.force_login(people["hr_x"])
    assert client.get("/admin/users/").status_code in (302, 403)
    assert client.get(f"/admin/users/edit/{people['officer_y'].pk}/").status_code in (302, 403, 404)
    assert "/admin/users/" not in client.get("/admin/").content.decode()
    # The scoped screen still works, and shows only X's subtree.
    page = client.get("/admin/officers/").content.decode()
    assert people["officer_a"].last_name in page and people["officer_y"].last_name not in page


def test_superuser_keeps_wagtails_user_admin(admin_client):
    assert admin_client.get("/admin/users/").status_code == 200
