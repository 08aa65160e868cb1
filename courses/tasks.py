from celery import shared_task

from courses import reminders, services
from courses.models import Assignment


@shared_task(name="courses.apply_assignment", autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def apply_assignment_task(assignment_id: int) -> int:
    assignment = Assignment.objects.select_related("course", "agency").get(pk=assignment_id)
    return services.assignment_apply(assignment=assignment)


@shared_task(name="courses.apply_all_assignments")
def apply_all_assignments_task() -> int:
    """Daily: pick up officers who joined an agency after its assignments were made."""
    total = 0
    for assignment in Assignment.objects.filter(withdrawn_at__isnull=True).select_related("course", "agency"):
        total += services.assignment_apply(assignment=assignment)
    return total


@shared_task(name="courses.send_due_reminders")
def send_due_reminders_task() -> int:
    return reminders.send_due_reminders()


@shared_task(name="courses.send_hr_digests")
def send_hr_digests_task() -> int:
    return reminders.send_hr_digests()
