from celery import shared_task

from lms.audit import audit_record, audit_verify


@shared_task(name="lms.verify_audit_log")
def verify_audit_log_task():
    """Nightly: check the audit chain and record the outcome in the chain itself."""
    result = audit_verify()
    audit_record(
        action="audit.verified" if result.ok else "audit.broken",
        data={
            "checked": result.checked,
            "first_broken_seq": result.first_broken_seq,
            "problem": result.problem,
        },
    )
    return result.ok
