from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _post_test_values(enrolment_ids):
    from quizzes.selectors import post_test_scores

    return {
        eid: {"post_test_percent": float(p)}
        for eid, p in post_test_scores(enrolment_ids=enrolment_ids).items()
    }


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses.panels import register_course_panel
        from courses.requirements import register_course_requirement, register_lesson_requirement
        from lms.models import Role
        from lms.roles import register_role_permissions
        from quizzes.panels import course_tests_panel
        from quizzes.requirements import post_test_passed, required_lesson_quizzes_passed

        register_course_panel(course_tests_panel)
        from lms.privacy.registry import register_personal_data_provider
        from quizzes.privacy import attempts_for_export

        register_personal_data_provider("quiz_attempts", label=_("Quiz attempts"), export=attempts_for_export)
        from lms.reports.columns import EnrolmentColumns, register_enrolment_columns

        register_enrolment_columns(
            EnrolmentColumns(
                columns=[("post_test_percent", _("Post-test score (%)"))], fetch=_post_test_values
            )
        )

        register_course_requirement(post_test_passed)
        register_lesson_requirement(required_lesson_quizzes_passed)
        register_role_permissions(
            Role.TRAINER,
            {f"quizzes.{action}_{model}" for action in ("add", "change", "delete", "view")
             for model in ("questionbank", "category", "question", "quiz")},
        )  # fmt: skip
