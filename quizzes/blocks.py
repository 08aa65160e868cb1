"""The lesson StreamField block that places a quiz inside a lesson (placeholder until the quiz issue)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)

    class Meta:
        icon = "form"
        label = _("Quiz")
