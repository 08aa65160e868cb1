from celery import shared_task

from lms.privacy.services import leavers_purge


@shared_task(name="lms.privacy.purge_leavers")
def purge_leavers_task():
    """Daily: anonymise officers whose retention period has passed."""
    return leavers_purge().count
