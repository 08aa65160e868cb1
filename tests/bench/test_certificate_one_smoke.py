"""certificate-one runs through the real service on the test database and its PDFs pass the checks a
person would make (text, fonts, QR code); speed is reported by `bench.run`, never asserted."""

import pytest

from bench.scenarios import certificate_one


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_certificate_one_smoke():
    result = certificate_one.run(size="small", smoke=True)
    assert result.scenario == "certificate-one"
    assert result.ours > 0 and result.extra["certificates"] == certificate_one.SMOKE_COUNT
