from django.urls import include, path
from wagtail import hooks

from quizzes import admin_views
from quizzes.viewsets import QuizAdminGroup, quiz_chooser_viewset


@hooks.register("register_admin_viewset")
def register_quiz_admin():
    return [QuizAdminGroup(), quiz_chooser_viewset]


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [path("quiz-tools/", include((admin_views.urlpatterns, "quizzes_admin")))]
