"""The public verification page, /verify/<code>/ (no login)."""

from django.urls import path

from certificates import views

app_name = "verify"
urlpatterns = [path("<str:code>/", views.verify_view, name="certificate")]
