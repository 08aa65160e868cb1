"""The hr-dashboard benchmark runs on the small dataset and its answers equal the baseline's."""

from bench.scenarios import hr_dashboard


def test_hr_dashboard_smoke(transactional_db, django_db_serialized_rollback):
    result = hr_dashboard.run(size="small", smoke=True)
    assert result.scenario == hr_dashboard.SCENARIO
    assert result.ours > 0 and result.baseline > 0
