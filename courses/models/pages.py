from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from courses.blocks import lesson_blocks
from courses.page_forms import CoursePageForm
from lms.civil_service import Level


@register_snippet
class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name_th"]

    def __str__(self):
        return self.name_th


class CourseIndexPage(Page):
    """The catalogue, or one agency's course section inside it. A section with an
    owner agency is where that agency's trainers may write courses."""

    intro = models.TextField(_("introduction"), blank=True)
    owner_agency = models.ForeignKey(
        "lms.Agency", verbose_name=pgettext_lazy("course", "owning agency"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="course_sections", help_text=_("Leave empty for the catalogue that lists every course."),
    )  # fmt: skip

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("owner_agency")]
    parent_page_types = ["lms.HomePage", "courses.CourseIndexPage"]
    subpage_types = ["courses.CourseIndexPage", "courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue or section")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import catalogue

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue(root=self, user=request.user, params=request.GET))
        return context


class CoursePage(Page):
    base_form_class = CoursePageForm

    summary = models.TextField(_("summary"))
    objectives = models.TextField(
        _("learning objectives"), help_text=_("One objective per line."), blank=True
    )
    owner_agency = models.ForeignKey(
        "lms.Agency",
        verbose_name=pgettext_lazy("course", "owning agency"),
        on_delete=models.PROTECT,
        related_name="owned_courses",
    )
    shared_with = ParentalManyToManyField(
        "lms.Agency", verbose_name=_("shared with agencies"), blank=True, related_name="shared_courses",
        help_text=_("Cross-agency curriculum: officers of these agencies (and their subtrees) may take the course."),
    )  # fmt: skip
    audience_levels = models.JSONField(
        _("audience levels"), default=list, blank=True, help_text=_("Empty means every level.")
    )
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=60)
    self_enrol = models.BooleanField(_("open for self-enrolment"), default=True)
    mandatory = models.BooleanField(_("mandatory training"), default=False)
    require_all_lessons = models.BooleanField(_("all required lessons must be completed"), default=True)
    min_study_minutes = models.PositiveIntegerField(
        _("minimum study time (minutes)"), null=True, blank=True,
        help_text=_("Many agencies require a minimum time; leave empty for none."),
    )  # fmt: skip
    validity_months = models.PositiveIntegerField(
        _("validity (months)"), null=True, blank=True, help_text=_("After this, officers must take it again.")
    )
    ita_items = models.CharField(
        _("integrity assessment items"), max_length=100, blank=True,
        help_text=_("Disclosure items of the ITA this course serves, e.g. O32, O40."),
    )  # fmt: skip

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [
                FieldPanel("owner_agency"),
                FieldPanel("shared_with"),
                FieldPanel("audience_levels"),
                FieldPanel("topics"),
            ],
            heading=_("Audience"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("self_enrol"),
                FieldPanel("mandatory"),
                FieldPanel("require_all_lessons"),
                FieldPanel("min_study_minutes"),
                FieldPanel("validity_months"),
                FieldPanel("ita_items"),
            ],
            heading=_("Completion"),
        ),  # fmt: skip
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("objectives")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def level_labels(self) -> list[str]:
        return [str(Level(code).label) for code in self.audience_levels if code in Level.values]

    def get_context(self, request, *args, **kwargs):
        from courses.panels import course_panels
        from courses.selectors import course_outline

        context = super().get_context(request, *args, **kwargs)
        context.update(course_outline(course=self, user=request.user))
        context["course_panels"] = course_panels(course=self, request=request)
        return context


class LessonPage(Page):
    required = models.BooleanField(_("required"), default=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=10)
    body = StreamField(lesson_blocks(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("required"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @cached_property
    def course(self) -> CoursePage:
        """The course this lesson belongs to (its parent page), in one query."""
        return CoursePage.objects.get(path=self.path[: -self.steplen])

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import lesson_context

        context = super().get_context(request, *args, **kwargs)
        # The serve hook already loaded the officer's enrolment for this request.
        enrolment = getattr(request, "lms_enrolment", None)
        context.update(lesson_context(lesson=self, user=request.user, enrolment=enrolment))
        return context
