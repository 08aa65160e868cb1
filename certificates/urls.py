from django.urls import path

from certificates import views

app_name = "certificates"
urlpatterns = [
    path("", views.my_certificates_view, name="mine"),
    path("<int:pk>/pdf/", views.certificate_pdf_view, name="pdf"),
]
