"""HR and agency admins manage agencies and officers in the Wagtail admin,
within their subtree only."""


def test_superuser_sees_agency_tree_and_officers(client, people, tree):
    from tests.factories import UserFactory

    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)
    html = client.get("/admin/agency/").content.decode()
    for agency in tree.values():
        assert agency.name_th in html
    html = client.get("/admin/officers/").content.decode()
    assert people["officer_y"].first_name in html and people["officer_a"].first_name in html


def test_hr_sees_only_officers_of_their_subtree(client, people):
    client.force_login(people["hr_x"])
    response = client.get("/admin/officers/")
    assert response.status_code == 200
    html = response.content.decode()
    assert people["officer_a"].first_name in html
    assert people["officer_y"].first_name not in html


def test_hr_cannot_open_an_officer_outside_by_changing_the_id(client, people):
    client.force_login(people["hr_x"])
    assert client.get(f"/admin/officers/edit/{people['officer_a'].pk}/").status_code == 200
    assert client.get(f"/admin/officers/edit/{people['officer_y'].pk}/").status_code == 404
    assert client.get(f"/admin/officers/inspect/{people['officer_y'].pk}/").status_code == 404


def test_hr_cannot_move_an_officer_to_an_agency_outside(client, people, tree):
    client.force_login(people["hr_x"])
    officer = people["officer_a"]
    html = client.get(f"/admin/officers/edit/{officer.pk}/").content.decode()
    assert tree["Y"].name_th not in html  # not even offered as a choice
    response = client.post(
        f"/admin/officers/edit/{officer.pk}/",
        {"employee_id": officer.employee_id, "username": officer.username, "first_name": "x", "last_name": "y",
         "agency": tree["Y"].pk, "staff_type": "civil_servant", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 200  # the form is shown again with an error
    officer.refresh_from_db()
    assert officer.agency_id == tree["X1"].pk


def test_plain_officer_has_no_admin(client, people):
    client.force_login(people["officer_a"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get("/admin/officers/").status_code in (302, 403)
