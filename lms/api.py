"""The versioned JSON API: /api/v1/, OpenAPI document at /api/v1/openapi.json.

Each app contributes a router; this module only wires them."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.security import django_auth

api = NinjaAPI(
    title="Zero Corruption e-Learning API",
    version="1",
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=django_auth,
)


class MeOut(Schema):
    username: str
    employee_id: str | None
    display_name: str
    display_name_en: str
    email: str
    agency_code: str | None
    agency_name: str | None
    position: str
    level: str
    staff_type: str


@api.get("/me", response=MeOut, tags=["me"], summary=str(_("The signed-in officer's profile")))
def me(request):
    user = request.user
    return {
        "username": user.username,
        "employee_id": user.employee_id,
        "display_name": user.display_name,
        "display_name_en": user.display_name_en,
        "email": user.email,
        "agency_code": user.agency.code if user.agency else None,
        "agency_name": user.agency.name_th if user.agency else None,
        "position": user.position,
        "level": user.level,
        "staff_type": user.staff_type,
    }


def _add_app_routers() -> None:
    from certificates.api import router as certificates_router
    from content.api import router as content_router
    from courses.api import router as courses_router
    from lms.reports.api import router as reports_router
    from quizzes.api import router as quizzes_router

    for router in (courses_router, quizzes_router, certificates_router, content_router, reports_router):
        api.add_router("", router)


_add_app_routers()
