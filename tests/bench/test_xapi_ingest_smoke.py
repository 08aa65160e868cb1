"""xapi-ingest in smoke mode: ours under gunicorn accepts exactly the valid
statements, applies every result and lesson completion, and refuses the rest."""

from bench.scenarios import xapi_ingest


def test_xapi_ingest_smoke(transactional_db, django_db_serialized_rollback):
    result = xapi_ingest.run(size="small", smoke=True)
    assert result.scenario == "xapi-ingest"
    assert result.ours > 0
    assert result.extra["statements"] == 10 * 1 * 2 * 2
