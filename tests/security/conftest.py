import re

import pytest
from django.core.cache import cache

from tests.courses.conftest import course, make_course  # noqa: F401

THAI = re.compile("[\u0e00-\u0e7f]")
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Rate-limit counters live in the cache (LocMem in tests): start each test at zero."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password=PASSWORD, ip="198.51.100.7", path="/accounts/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)
