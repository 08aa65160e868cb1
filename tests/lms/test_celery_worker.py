import pytest

from lms.audit import audit_record
from lms.models import AuditEvent
from lms.tasks import verify_audit_log_task
from tests.conftest import wait_for


@pytest.mark.worker
def test_a_real_worker_runs_the_nightly_audit_check_through_redis(celery_worker_process):
    celery_worker_process.start()
    audit_record(action="course.complete", data={"n": 1})
    audit_record(action="course.complete", data={"n": 2})

    verify_audit_log_task.delay()

    event = wait_for(lambda: AuditEvent.objects.filter(action__startswith="audit.").first(), timeout=60)
    assert event.action == "audit.verified"
    assert event.data["checked"] == 2
