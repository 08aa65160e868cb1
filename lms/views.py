import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.admin.views.account import LoginView as WagtailAdminLoginView

from lms.audit import audit_record
from lms.forms import LoginForm, PasswordResetForm
from lms.privacy.selectors import personal_data_export
from lms.security.client_ip import client_ip
from lms.security.lockout import canonical_username
from lms.security.ratelimit import by_ip, by_post_field, by_user, rate_limit_response
from lms.security.services import password_changed, password_reset_completed


def _login_username(request):
    return canonical_username(request.POST.get("username"))


def _login_rate_limited(request):
    """On top of the axes lockout (account + address): a cap per address (password
    spraying from one place) and per account (guessing one password from many places)."""
    return rate_limit_response(
        request, scope="login-ip", key=by_ip, methods=("POST",)
    ) or rate_limit_response(request, scope="login-username", key=_login_username, methods=("POST",))


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        return _login_rate_limited(request) or super().dispatch(request, *args, **kwargs)


class AdminLoginView(WagtailAdminLoginView):
    """The Wagtail admin's sign-in with the same rate limits (axes guards it already)."""

    def dispatch(self, request, *args, **kwargs):
        return _login_rate_limited(request) or super().dispatch(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def dispatch(self, request, *args, **kwargs):
        limited = rate_limit_response(
            request, scope="password-reset-ip", key=by_ip, methods=("POST",)
        ) or rate_limit_response(
            request, scope="password-reset-email", key=by_post_field("email"), methods=("POST",)
        )
        return limited or super().dispatch(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        # Proved control of the mailbox: a pause from earlier wrong guesses no longer applies.
        password_reset_completed(officer=form.user, ip=client_ip(self.request))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """The officer changes their own password; the current one is asked for
    (rate-limited per account), other sessions of the account end, and the change
    is audited."""

    success_url = reverse_lazy("profile")

    def dispatch(self, request, *args, **kwargs):
        limited = rate_limit_response(request, scope="password-change-user", key=by_user, methods=("POST",))
        return limited or super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(officer=form.user, ip=client_ip(self.request))
        messages.success(
            self.request, _("Your password was changed. Other devices signed in as you are now signed out.")
        )
        return response


@login_required
def profile(request):
    return render(request, "lms/profile.html", {"officer": request.user})


def privacy_notice(request):
    template = "lms/privacy/notice_en.html" if get_language() == "en" else "lms/privacy/notice_th.html"
    return render(
        request,
        template,
        {
            "retention_years": settings.PERSONAL_DATA_RETENTION_YEARS,
            "contact_email": getattr(settings, "PRIVACY_CONTACT_EMAIL", ""),
        },
    )


@never_cache
@login_required
def my_data(request):
    """The officer's own record as a JSON file (PDPA right of access)."""
    limited = rate_limit_response(request, scope="my-data-user", key=by_user)
    if limited is not None:
        return limited
    data = personal_data_export(user=request.user)
    audit_record(action="privacy.exported", actor=request.user, target=request.user, ip=client_ip(request))
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    return response
