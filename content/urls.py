from django.urls import path

from content import views

app_name = "content"
urlpatterns = [
    path("play/<str:token>/", views.player, name="player"),
    path("files/<str:token>/<path:path>", views.package_file, name="file"),
    path("preview/<int:package_id>/", views.preview, name="preview"),
]
