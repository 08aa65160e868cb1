"""Trainers' admin pages beyond the viewsets: bank import (dry run, then confirm),
export, per-quiz statistics with learning gain per agency. Objects outside the
trainer's agencies are 404."""

from __future__ import annotations

import base64
import zlib

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from quizzes import selectors, services
from quizzes.bank_io import export_question_bank, parse_question_bank
from quizzes.forms import BankImportForm
from quizzes.models import QuizKind

_SALT = "quizzes.bank_import"


def _bank(request, bank_id):
    return get_object_or_404(selectors.banks_for(request.user), pk=bank_id)


def bank_import_view(request, bank_id: int):
    """Step 1 (upload): parse and show a preview or the row errors; nothing is written.
    Step 2 (confirm): the same file, carried signed in the form, is parsed again and imported."""
    bank = _bank(request, bank_id)
    result = None
    token = ""
    form = BankImportForm()
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            payload = signing.loads(request.POST["token"], salt=_SALT, max_age=3600)
        except (signing.BadSignature, KeyError):
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("quizzes_admin:bank_import", bank.pk)
        if payload["bank"] != bank.pk or payload["user"] != request.user.pk:
            raise Http404
        data = zlib.decompress(base64.b64decode(payload["data"]))
        result = parse_question_bank(file=data, filename=payload["name"])
        if result.ok and result.rows:
            count = services.bank_import(bank=bank, questions=result.rows, actor=request.user)
            messages.success(request, _("%(count)d questions were imported into “%(bank)s”.")
                             % {"count": count, "bank": bank.name})  # fmt: skip
            return redirect(reverse("question_banks:edit", args=[bank.pk]))
    elif request.method == "POST":
        form = BankImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            result = parse_question_bank(file=data, filename=upload.name)
            if result.ok and result.rows:
                token = signing.dumps(
                    {"bank": bank.pk, "user": request.user.pk, "name": upload.name,
                     "data": base64.b64encode(zlib.compress(data)).decode()},
                    salt=_SALT,
                )  # fmt: skip
    return TemplateResponse(request, "quizzes/admin/bank_import.html", {
        "bank": bank, "form": form, "result": result, "token": token,
        "header_icon": "upload", "page_title": _("Import questions"),
    })  # fmt: skip


def bank_export_view(request, bank_id: int):
    bank = _bank(request, bank_id)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    language = "en" if request.GET.get("language") == "en" else "th"
    data = export_question_bank(questions=selectors.bank_questions_for_export(bank=bank), format=fmt,
                                language=language)  # fmt: skip
    content_type = (
        "text/csv; charset=utf-8" if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )  # fmt: skip
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="question-bank-{bank.pk}.{fmt}"'
    return response


def quiz_statistics_view(request, quiz_id: int):
    """Visible only to trainers of the quiz's owning agency (and agency admins above it)."""
    quiz = get_object_or_404(selectors.quizzes_for(request.user), pk=quiz_id)
    context = selectors.quiz_statistics(quiz=quiz)
    gains = None
    if quiz.course_id and quiz.kind in (QuizKind.PRE, QuizKind.POST):
        gains = selectors.learning_gains_by_agency(course_id=quiz.course_id, user=request.user)
    max_bin = max((b.count for b in context["summary"].bins), default=0) or 1
    context.update({"quiz": quiz, "gains": gains, "max_bin": max_bin,
                    "header_icon": "form", "page_title": _("Quiz statistics")})  # fmt: skip
    return TemplateResponse(request, "quizzes/admin/statistics.html", context)


urlpatterns = [
    path("banks/<int:bank_id>/import/", bank_import_view, name="bank_import"),
    path("banks/<int:bank_id>/export/", bank_export_view, name="bank_export"),
    path("quizzes/<int:quiz_id>/statistics/", quiz_statistics_view, name="statistics"),
]
