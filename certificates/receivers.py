"""Certificates' answer to `courses.signals.enrolment_completed` (sent after the completion commits)."""

from django.db import transaction

from certificates.services import schedule_issue


def issue_on_completion(sender, enrolment, **kwargs) -> None:
    enrolment_id = enrolment.pk
    transaction.on_commit(lambda: schedule_issue(enrolment_id))
