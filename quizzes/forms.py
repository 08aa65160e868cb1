"""Admin forms: every agency/bank/category choice is limited to the trainer's agencies."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lms.access import agencies_for
from lms.models import Role
from quizzes.models import Category, Question, QuestionBank


def _trainer_banks(user):
    return QuestionBank.objects.filter(owner_agency__in=agencies_for(user, Role.TRAINER))


class BankForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["owner_agency"].queryset = agencies_for(for_user, Role.TRAINER).order_by("path")


class CategoryForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["bank"].queryset = _trainer_banks(for_user)


class QuestionForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["bank"].queryset = _trainer_banks(for_user)
        self.fields["category"].queryset = Category.objects.filter(bank__in=_trainer_banks(for_user))

    def clean(self):
        data = super().clean()
        bank, category = data.get("bank"), data.get("category")
        if bank and category and category.bank_id != bank.pk:
            self.add_error("category", _("Choose a category of the same question bank."))
        formset = self.formsets.get("choices")
        if formset is None or not formset.is_valid():
            return data
        choices = [f.cleaned_data for f in formset.forms
                   if f.cleaned_data and not f.cleaned_data.get("DELETE")]  # fmt: skip
        correct = sum(1 for c in choices if c.get("correct"))
        kind = data.get("kind")
        if len(choices) < 2:
            raise forms.ValidationError(_("A question needs at least two choices."))
        if correct == 0:
            raise forms.ValidationError(_("Mark at least one choice as correct."))
        if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE) and correct != 1:
            raise forms.ValidationError(
                _("A single-choice or true/false question has exactly one correct choice.")
            )
        if kind == Question.Kind.TRUE_FALSE and len(choices) != 2:
            raise forms.ValidationError(_("A true/false question has exactly two choices: true and false."))
        return data


class QuizForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["owner_agency"].queryset = agencies_for(for_user, Role.TRAINER).order_by("path")
        self.fields["bank"].queryset = _trainer_banks(for_user)
        from courses.models import CoursePage

        self.fields["course"].queryset = CoursePage.objects.filter(
            owner_agency__in=agencies_for(for_user, Role.TRAINER)
        ).order_by("title")
        draws = self.formsets.get("draws")
        if draws is not None:
            for form in draws.forms + [draws.empty_form]:
                form.fields["category"].queryset = Category.objects.filter(bank__in=_trainer_banks(for_user))

    def clean(self):
        data = super().clean()
        kind, course = data.get("kind"), data.get("course")
        if kind in ("pre", "post") and course is None:
            self.add_error("course", _("A pre-test or post-test must belong to a course."))
        draws = self.formsets.get("draws")
        bank = data.get("bank")
        if draws is not None and draws.is_valid() and bank is not None:
            for form in draws.forms:
                category = (form.cleaned_data or {}).get("category")
                if category and not form.cleaned_data.get("DELETE") and category.bank_id != bank.pk:
                    raise forms.ValidationError(
                        _("Random draws must use categories of the quiz's question bank.")
                    )
                if category and form.cleaned_data.get("count", 0) > category.questions.count():
                    raise forms.ValidationError(
                        _("Category “%(category)s” has only %(n)d questions.")
                        % {"category": category.name, "n": category.questions.count()}
                    )
        return data


class BankImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel (.xlsx) file"),
                           help_text=_("One question per row; download an export to see the columns."))  # fmt: skip

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.QUESTION_BANK_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.")
                % {"size": filesizeformat(settings.QUESTION_BANK_MAX_UPLOAD_BYTES)}
            )
        return upload
