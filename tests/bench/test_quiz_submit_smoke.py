"""quiz-submit on a few dozen officers: every submission graded once, grades equal the pure
grading function's (the scenario raises BenchmarkError otherwise). Speed is not asserted."""

from bench.scenarios import quiz_submit


def test_quiz_submit_smoke(transactional_db, django_db_serialized_rollback):
    result = quiz_submit.run(size="small", smoke=True)
    assert result.scenario == "quiz-submit"
    assert result.extra["officers"] == quiz_submit.SMOKE_OFFICERS
    assert result.ours > 0
