"""Races settled by PostgreSQL: double submits, concurrent starts, and a connection that
dies in the middle of grading. Real threads, each with its own database connection."""

import threading
from decimal import Decimal

from django.db import OperationalError, close_old_connections, connection, connections, transaction

from lms.models import AuditChainHead, AuditEvent
from quizzes import services
from quizzes.models import Attempt, AttemptAnswer
from tests.conftest import wait_for
from tests.quizzes.conftest import correct_answers, make_quiz


def _in_threads(n, fn):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def test_eight_simultaneous_submits_grade_once(
    transactional_db, django_db_serialized_rollback, people, post_test
):
    attempt = services.attempt_start(user=people["officer_a"], quiz=post_test)
    answers = correct_answers(attempt)
    results, errors = _in_threads(8, lambda: services.attempt_submit(
        attempt=Attempt.objects.get(pk=attempt.pk), answers=answers))  # fmt: skip
    assert errors == []
    assert {(r.graded_at, r.percent) for r in results} == {(results[0].graded_at, Decimal("100.00"))}
    assert AuditEvent.objects.filter(action="quiz.attempt_grade", target_id=str(attempt.pk)).count() == 1
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 5


def test_simultaneous_starts_respect_the_attempt_limit(
    transactional_db, django_db_serialized_rollback, people, bank, course
):
    quiz = make_quiz(bank, course=course, max_attempts=1)
    officer = people["officer_a"]
    # Enrol first, so that the race is about attempts only.
    services.attempt_start(user=officer, quiz=quiz).delete()
    results, errors = _in_threads(8, lambda: services.attempt_start(user=officer, quiz=quiz))
    assert errors == []
    assert {r.pk for r in results} == {Attempt.objects.get(user=officer, quiz=quiz).pk}
    graded = services.attempt_submit(attempt=results[0], answers={})
    assert graded.status == Attempt.Status.GRADED
    results, errors = _in_threads(4, lambda: services.attempt_start(user=officer, quiz=quiz))
    assert results == [] and len(errors) == 4
    assert all(isinstance(e, services.QuizError) for e in errors)
    assert Attempt.objects.filter(user=officer, quiz=quiz).count() == 1


def test_connection_killed_in_the_middle_of_grading_leaves_the_attempt_ungraded(
    transactional_db, django_db_serialized_rollback, people, post_test
):
    """The grading transaction is stopped dead after it wrote the per-question grades and
    closed the attempt, but before it committed: PostgreSQL keeps none of it. A retry
    then grades the attempt completely, once."""
    attempt = services.attempt_start(user=people["officer_a"], quiz=post_test)
    answers = correct_answers(attempt, wrong=1)
    services.attempt_save_answers(attempt=attempt, answers=answers)
    AuditChainHead.objects.get_or_create(id=1)

    outcome = {}
    hold = threading.Event()
    lock_taken = threading.Event()

    def lock_holder():
        # Another session holds the audit chain head, which grading locks last.
        with transaction.atomic():
            AuditChainHead.objects.select_for_update().get(id=1)
            lock_taken.set()
            hold.wait(timeout=60)
        connections.close_all()

    def grader():
        try:
            outcome["pid"] = connection.cursor().connection.info.backend_pid
            services.attempt_grade(attempt=Attempt.objects.get(pk=attempt.pk))
            outcome["result"] = "graded"
        except OperationalError as exc:
            outcome["result"] = exc
        finally:
            close_old_connections()
            connections.close_all()

    holder = threading.Thread(target=lock_holder)
    holder.start()
    assert lock_taken.wait(timeout=30)
    worker = threading.Thread(target=grader)
    worker.start()

    def grader_waits_on_the_lock():
        pid = outcome.get("pid")
        if pid is None:
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
        return row is not None and row[0] == "Lock"

    wait_for(grader_waits_on_the_lock, timeout=30)
    # Mid-transaction the attempt is already closed inside the grader's (uncommitted) transaction.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [outcome["pid"]])
    worker.join(timeout=30)
    hold.set()
    holder.join(timeout=30)

    assert isinstance(outcome["result"], OperationalError)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.OPEN and attempt.percent is None
    assert not AttemptAnswer.objects.filter(attempt=attempt, earned__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="quiz.attempt_grade").exists()

    retried = services.attempt_submit(attempt=attempt)
    assert retried.status == Attempt.Status.GRADED and retried.percent == Decimal("80.00")
    assert AttemptAnswer.objects.filter(attempt=attempt, earned__isnull=False).count() == 5
    assert AuditEvent.objects.filter(action="quiz.attempt_grade").count() == 1
