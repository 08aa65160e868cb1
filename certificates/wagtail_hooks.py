from django.urls import include, path
from wagtail import hooks

from certificates.admin_views import (
    CertificateTemplateViewSet,
    CertificateViewSet,
    CourseCertificateSettingViewSet,
    admin_urlpatterns,
)


@hooks.register("register_admin_viewset")
def register_certificate_viewsets():
    return [
        CertificateTemplateViewSet(),
        CourseCertificateSettingViewSet("course_certificate_settings"),
        CertificateViewSet("certificate_admin_viewset"),
    ]


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [path("certificate-actions/", include((admin_urlpatterns, "certificate_admin")))]
