"""Who may call what. For each route: the statuses each kind of user must get.

anon: not signed in; officer_a: an officer of X1 (owner of the world's records);
officer_b: another officer of X1; trainer_x: trainer of X; hr_x: HR of X; hr_y:
HR of the sibling agency Y; admin_d: agency admin of D (above X and Y);
superuser. Objects (course, lesson, enrolment, …) belong to X; see world.py."""

ROLES = ["anon", "officer_a", "officer_b", "trainer_x", "hr_x", "hr_y", "admin_d", "superuser"]


def row(anon, officer_a, officer_b, trainer_x, hr_x, hr_y, admin_d, superuser, **spec) -> dict:
    expect = dict(
        zip(ROLES, (anon, officer_a, officer_b, trainer_x, hr_x, hr_y, admin_d, superuser), strict=True)
    )
    return {"expect": expect, **spec}


EXPECTED: dict[str, dict] = {}
