"""Courses' answers to signals from the lms core."""

from django.db import transaction


def enrol_changed_officers(sender, user_ids=(), **kwargs) -> None:
    """Officers who joined or moved are enrolled through the existing assignments
    (in the background, after the roster change has committed)."""
    if not user_ids:
        return

    def schedule():
        from courses.tasks import apply_all_assignments_task

        apply_all_assignments_task.delay()

    transaction.on_commit(schedule)


def course_section_saved(sender, instance, **kwargs) -> None:
    """A section's owning agency decides who writes and who publishes there."""
    from courses.authoring import section_rights_sync

    if instance.owner_agency_id:
        section_rights_sync(section=instance)


def agency_roles_changed(sender, user, **kwargs) -> None:
    from courses.authoring import author_rights_sync

    author_rights_sync(user=user)
