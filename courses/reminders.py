"""Reminder e-mails: officers whose training is due within 7 days or overdue
(one reminder per enrolment per window), and a weekly digest to HR."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from courses.models import Enrolment, ReminderLog
from lms.access import agencies_for
from lms.models import AgencyRole, Role, User

DUE_SOON_DAYS = 7


def _send(*, template: str, to: str, context: dict) -> None:
    with translation.override("th"):
        subject = render_to_string(f"courses/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"courses/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def send_due_reminders(*, today: dt.date | None = None) -> int:
    """Returns how many reminders were sent. A ReminderLog row is written before
    sending (a unique constraint per enrolment and window), so reruns and
    concurrent runs never send the same reminder twice."""
    today = today or timezone.localdate()
    open_enrolments = (
        Enrolment.objects.filter(completed_at__isnull=True, due_at__isnull=False, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "course")
    )
    windows = {
        "due_soon": open_enrolments.filter(
            due_at__gte=today, due_at__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
        ),
        "overdue": open_enrolments.filter(due_at__lt=today),
    }
    sent = 0
    for kind, enrolments in windows.items():
        for enrolment in enrolments.exclude(reminders__kind=kind).iterator(chunk_size=500):
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(enrolment=enrolment, kind=kind)
                    _send(
                        template=kind, to=enrolment.user.email,
                        context={"enrolment": enrolment, "officer": enrolment.user, "course": enrolment.course,
                                 "site_url": settings.SITE_BASE_URL, "days_late": (today - enrolment.due_at).days},
                    )  # fmt: skip
            except IntegrityError:
                continue
            sent += 1
    return sent


def hr_digest_numbers(*, hr_user: User, today: dt.date) -> dict:
    enrolments = Enrolment.objects.filter(
        user__agency__in=agencies_for(hr_user, Role.HR), user__is_active=True
    )
    return enrolments.aggregate(
        overdue=Count("pk", filter=Q(completed_at__isnull=True, due_at__lt=today)),
        due_soon=Count("pk", filter=Q(completed_at__isnull=True, due_at__gte=today,
                                      due_at__lte=today + dt.timedelta(days=DUE_SOON_DAYS))),
        completed_week=Count("pk", filter=Q(completed_at__date__gt=today - dt.timedelta(days=7))),
        assigned=Count("pk", filter=Q(due_at__isnull=False)),
    )  # fmt: skip


def send_hr_digests(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    hr_ids = AgencyRole.objects.filter(role__in=[Role.HR, Role.AGENCY_ADMIN]).values_list(
        "user_id", flat=True
    )
    for hr_user in User.objects.filter(pk__in=hr_ids, is_active=True).exclude(email=""):
        numbers = hr_digest_numbers(hr_user=hr_user, today=today)
        _send(template="hr_digest", to=hr_user.email,
              context={"officer": hr_user, "numbers": numbers, "site_url": settings.SITE_BASE_URL})  # fmt: skip
        sent += 1
    return sent
