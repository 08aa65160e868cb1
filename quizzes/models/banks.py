"""Question banks: owned by an agency, edited by that agency subtree's trainers."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class QuestionBank(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_agency = models.ForeignKey(
        "lms.Agency", verbose_name=_("owning agency"), on_delete=models.PROTECT, related_name="question_banks"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("owner_agency")]

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Category(models.Model):
    bank = models.ForeignKey(QuestionBank, verbose_name=_("question bank"), on_delete=models.CASCADE,
                             related_name="categories")  # fmt: skip
    name = models.CharField(_("name"), max_length=200)

    panels = [FieldPanel("bank"), FieldPanel("name")]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["bank", "name"]
        constraints = [models.UniqueConstraint(fields=["bank", "name"], name="quiz_category_unique_name")]

    def __str__(self):
        return self.name


class Question(ClusterableModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple answers")
        TRUE_FALSE = "true_false", _("true/false")

    bank = models.ForeignKey(QuestionBank, verbose_name=_("question bank"), on_delete=models.CASCADE,
                             related_name="questions")  # fmt: skip
    category = models.ForeignKey(Category, verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="questions")  # fmt: skip
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(_("question"))
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=Decimal(1),
                                 validators=[MinValueValidator(Decimal("0.01"))])  # fmt: skip
    explanation = models.TextField(_("explanation"), blank=True, help_text=_("Shown after the answer."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        MultiFieldPanel([FieldPanel("bank"), FieldPanel("category"), FieldPanel("kind"), FieldPanel("points")],
                        heading=_("Question")),
        FieldPanel("text"),
        InlinePanel("choices", label=_("Choices"), min_num=2, max_num=6),
        FieldPanel("explanation"),
    ]  # fmt: skip

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank", "category__name", "pk"]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=500)
    correct = models.BooleanField(_("correct"), default=False)
    feedback = models.CharField(_("feedback for this choice"), max_length=500, blank=True)

    panels = [FieldPanel("text"), FieldPanel("correct"), FieldPanel("feedback")]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text
