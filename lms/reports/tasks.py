from celery import shared_task


@shared_task(name="reports.roster_import")
def roster_import_task(job_id: int) -> None:
    from lms.reports.services import roster_import_run

    roster_import_run(job_id=job_id)
