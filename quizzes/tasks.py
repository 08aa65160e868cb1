from celery import shared_task

from quizzes import services


@shared_task(name="quizzes.grade_expired_attempts")
def grade_expired_attempts_task() -> int:
    """Grade attempts whose time ran out while the officer was away."""
    return services.attempts_grade_expired()
