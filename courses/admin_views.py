from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import Assignment, CoursePage
from courses.services import assignment_create
from lms.access import agencies_for
from lms.civil_service import Level
from lms.models import Role
from lms.scoping import ScopedModelViewSet


class AssignmentForm(WagtailAdminModelForm):
    levels = forms.MultipleChoiceField(label=_("Levels"), choices=Level.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple, help_text=_("Empty means every level."))  # fmt: skip

    class Meta:
        model = Assignment
        fields = ["course", "agency", "levels", "due_date", "due_days", "recurrence_months"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        self.fields["agency"].queryset = agencies_for(for_user, Role.HR).order_by("path")
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        if self.instance.pk:
            for name in ("course", "agency"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        if bool(data.get("due_date")) == bool(data.get("due_days")):
            raise forms.ValidationError(
                _("Give either a due date or a number of days after assignment, not both.")
            )
        return data

    def save(self, commit=True):
        if self.instance.pk:
            return super().save(commit=commit)
        data = self.cleaned_data
        self.instance = assignment_create(
            course=data["course"], agency=data["agency"], created_by=self.for_user, due_date=data.get("due_date"),
            due_days=data.get("due_days"), levels=list(data.get("levels") or []),
            recurrence_months=data.get("recurrence_months"),
        )  # fmt: skip
        return self.instance


class AssignmentViewSet(ScopedModelViewSet):
    model = Assignment
    icon = "calendar-check"
    menu_label = _("Assignments")
    add_to_admin_menu = True
    menu_order = 260
    form_class = AssignmentForm
    list_display = [
        "course",
        "agency",
        "due_date",
        "due_days",
        "recurrence_months",
        "created_at",
        "withdrawn_at",
    ]
    list_filter = ["withdrawn_at"]
    ordering = ["-created_at"]

    def scoped_queryset(self, request):
        return Assignment.objects.filter(agency__in=agencies_for(request.user, Role.HR)).select_related(
            "course", "agency"
        )
