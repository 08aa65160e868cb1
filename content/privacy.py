"""The officer's H5P results in their personal-data file. Results hold no name,
so anonymising a leaver keeps them as they are (anonymous statistics); the raw
xAPI statements, which may carry the browser's copy of the actor, are emptied."""

from __future__ import annotations

from content.models import H5PResult, H5PStatement


def h5p_results_for_export(user) -> list[dict]:
    return [
        {
            "lesson": r.lesson.title,
            "activity": r.package.title,
            "attempts": r.attempts,
            "best_score": r.best_score,
            "last_score": r.last_score,
            "max_score": r.max_score,
            "passed": r.passed,
            "score_source": str(r.score_source),
        }  # fmt: skip
        for r in H5PResult.objects.filter(user=user).select_related("lesson", "package").order_by("first_at")
    ]


def h5p_statements_anonymise(user, pseudonym: str) -> None:
    H5PStatement.objects.filter(user=user).update(statement={})
