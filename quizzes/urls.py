from django.urls import path

from quizzes import views

app_name = "quizzes"
urlpatterns = [
    path("<int:quiz_id>/", views.quiz_intro, name="intro"),
    path("<int:quiz_id>/start/", views.quiz_start, name="start"),
    path("attempts/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit_view, name="submit"),
    path("attempts/<int:attempt_id>/result/", views.attempt_result_view, name="result"),
    path("course/<int:course_id>/", views.course_quizzes_view, name="course"),
]
