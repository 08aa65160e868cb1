"""Trainers' admin screens: banks, categories, questions and quizzes of their agencies,
and a quiz chooser (for the lesson quiz block) limited the same way."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSetGroup

from lms.access import agencies_for
from lms.models import Role
from lms.scoping import ScopedChooserMixin, ScopedChooserViewSetMixin, ScopedModelViewSet, scoped
from quizzes import forms
from quizzes.models import Category, Question, QuestionBank, Quiz


class LinkColumn(Column):
    """A column of links to one of our admin views for the row's object."""

    def __init__(self, name, *, url_name, text, **kwargs):
        self.url_name, self.text = url_name, text
        super().__init__(name, accessor="pk", **kwargs)

    def get_value(self, instance):
        return format_html('<a href="{}">{}</a>', reverse(self.url_name, args=[instance.pk]), self.text)


class PanelScopedViewSet(ScopedModelViewSet):
    """Scoped views whose forms come from the model's panels with our scoped base form."""

    base_form_class = None

    def get_edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=self.base_form_class).bind_to_model(self.model)

    def get_form_class(self, for_update=False):
        return self._edit_handler.get_form_class()


class QuestionBankViewSet(PanelScopedViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    menu_label = _("Question banks")
    base_form_class = forms.BankForm
    list_display = [
        "name", "owner_agency",
        LinkColumn("import", url_name="quizzes_admin:bank_import", text=_("Import"), label=_("Import")),
        LinkColumn("export", url_name="quizzes_admin:bank_export", text=_("Export"), label=_("Export")),
    ]  # fmt: skip
    search_fields = ["name", "description"]
    inspect_view_enabled = True

    def scoped_queryset(self, request):
        return QuestionBank.objects.filter(
            owner_agency__in=agencies_for(request.user, Role.TRAINER)
        ).select_related("owner_agency")


class CategoryViewSet(PanelScopedViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Categories")
    base_form_class = forms.CategoryForm
    list_display = ["name", "bank"]
    list_filter = ["bank"]

    def scoped_queryset(self, request):
        return Category.objects.filter(
            bank__owner_agency__in=agencies_for(request.user, Role.TRAINER)
        ).select_related("bank")


class QuestionViewSet(PanelScopedViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    base_form_class = forms.QuestionForm
    list_display = ["__str__", "kind", "category", "bank", "points"]
    list_filter = ["bank", "kind"]
    search_fields = ["text"]
    list_per_page = 50

    def scoped_queryset(self, request):
        return Question.objects.filter(
            bank__owner_agency__in=agencies_for(request.user, Role.TRAINER)
        ).select_related("bank", "category")


class QuizViewSet(PanelScopedViewSet):
    model = Quiz
    icon = "form"
    menu_label = _("Quizzes")
    base_form_class = forms.QuizForm
    list_display = [
        "title", "kind", "course", "owner_agency", "pass_mark_percent",
        LinkColumn("statistics", url_name="quizzes_admin:statistics", text=_("Statistics"), label=_("Statistics")),
    ]  # fmt: skip
    list_filter = ["kind"]
    search_fields = ["title"]

    def scoped_queryset(self, request):
        return Quiz.objects.filter(owner_agency__in=agencies_for(request.user, Role.TRAINER)).select_related(
            "course", "owner_agency"
        )


class QuizAdminGroup(ModelViewSetGroup):
    menu_label = _("Quizzes")
    menu_icon = "form"
    menu_order = 240
    items = (
        QuizViewSet("quiz_admin", url_prefix="quizzes"),
        QuestionBankViewSet("question_banks"),
        QuestionViewSet("questions"),
        CategoryViewSet("question_categories"),
    )


class QuizChooserViewSet(ScopedChooserViewSetMixin, ChooserViewSet):
    """The lesson quiz block's chooser: the quizzes of the trainer's agencies only."""

    model = Quiz
    icon = "form"
    choose_one_text = _("Choose a quiz")
    choose_another_text = _("Choose another quiz")
    choose_view_class = scoped(chooser_views.ChooseView, ScopedChooserMixin)
    choose_results_view_class = scoped(chooser_views.ChooseResultsView, ScopedChooserMixin)
    chosen_view_class = scoped(chooser_views.ChosenView, ScopedChooserMixin)
    register_widget = False

    def chooser_scope(self, request):
        return Quiz.objects.filter(owner_agency__in=agencies_for(request.user, Role.TRAINER))


quiz_chooser_viewset = QuizChooserViewSet("quiz_chooser")
