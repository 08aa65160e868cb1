"""The officer's quiz attempts in their personal-data file. Attempts hold no
name (only the link to the officer), so anonymising a leaver keeps them for the
item statistics and learning gains."""

from __future__ import annotations

from quizzes.models import Attempt


def attempts_for_export(user) -> list[dict]:
    return [
        {
            "quiz": a.quiz.title,
            "kind": a.quiz.kind,
            "attempt": a.number,
            "status": a.status,
            "started_at": a.started_at.isoformat(),
            "graded_at": a.graded_at.isoformat() if a.graded_at else None,
            "score": str(a.score) if a.score is not None else None,
            "max_score": str(a.max_score) if a.max_score is not None else None,
            "percent": str(a.percent) if a.percent is not None else None,
            "passed": a.passed,
        }  # fmt: skip
        for a in Attempt.objects.filter(user=user).select_related("quiz").order_by("started_at")
    ]
