"""The lesson StreamField block that places a quiz inside a lesson."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuizChooserBlock(blocks.ChooserBlock):
    """Chooses a quiz through the trainer-scoped quiz chooser (quizzes.viewsets)."""

    @cached_property
    def target_model(self):
        from quizzes.models import Quiz

        return Quiz

    @cached_property
    def widget(self):
        from quizzes.viewsets import quiz_chooser_viewset

        return quiz_chooser_viewset.widget_class()

    def get_form_state(self, value):
        return self.widget.get_value_data(value)

    class Meta:
        icon = "form"


class QuizBlock(blocks.StructBlock):
    quiz = QuizChooserBlock(label=_("Quiz"))
    required = blocks.BooleanBlock(
        label=_("Must be passed to complete the lesson"), required=False, default=True
    )

    class Meta:
        icon = "form"
        label = _("Quiz")
        template = "quizzes/blocks/quiz.html"
