"""Every benchmark scenario runs on the small dataset and its answers equal
the baseline's (the scenario raises BenchmarkError otherwise). Speed is not
asserted here: benchmarks report it (`make bench`)."""

import pytest

from bench.run import discover

SCENARIOS = discover()


def test_scenarios_are_present():
    assert SCENARIOS, "no benchmark scenario found under bench/scenarios/"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario_smoke(name, transactional_db, django_db_serialized_rollback):
    result = SCENARIOS[name].run(size="small", smoke=True)
    assert result.scenario == name
    assert result.ours > 0
