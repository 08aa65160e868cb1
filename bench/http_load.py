"""A small closed-loop HTTP load generator for the benchmarks that measure the
site as officers use it (loopback only; servers are started by `bench.peer.serve`,
for our project and for the peer alike).

`closed_loop(...)` runs N virtual users, each with its own signed-in session, for
a fixed time, and returns throughput and latency percentiles."""

from __future__ import annotations

import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

import requests


def database_url() -> str:
    """The URL of the database this process uses (the test database inside pytest)."""
    from django.db import connection

    s = connection.settings_dict
    auth = urllib.parse.quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(s["PASSWORD"])
    host = s.get("HOST") or "127.0.0.1"
    return f"postgres://{auth}@{host}:{s.get('PORT') or 5432}/{s['NAME']}"


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float] = field(repr=False)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return 0.0
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[int(p) - 1]


def closed_loop(
    *, sessions: list[requests.Session], urls_for: Callable[[int], list[str]], seconds: float,
    check: Callable[[requests.Response], bool] = lambda r: r.status_code == 200,
) -> LoadResult:  # fmt: skip
    """Each session is one virtual user who requests its URLs in turn, back to back,
    until `seconds` have passed. A response failing `check` counts as an error."""
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    done = [0]

    def user(i: int, session: requests.Session) -> None:
        urls = urls_for(i)
        mine: list[float] = []
        bad = 0
        n = 0
        while time.monotonic() < stop:
            url = urls[n % len(urls)]
            n += 1
            t0 = time.perf_counter()
            try:
                response = session.get(url, timeout=30, allow_redirects=False)
                ok = check(response)
            except requests.RequestException:
                ok = False
            mine.append((time.perf_counter() - t0) * 1000)
            bad += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += bad
            done[0] += len(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(i, s), daemon=True) for i, s in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return LoadResult(
        requests=done[0], errors=errors[0], seconds=time.monotonic() - started, latencies_ms=latencies
    )


def session_key_for(user) -> str:
    """A server-side Django session signed in as `user`, created directly, so that
    benchmarks do not measure password hashing; returns its key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that can load the user again (the lockout backend in front of it only checks).
    store[BACKEND_SESSION_KEY] = "lms.auth.UsernameOrEmployeeIdBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def signed_in_session(*, base_url: str, user, cookie_name: str = "sessionid") -> requests.Session:
    """A requests session carrying a signed-in Django session for `user`."""
    session = requests.Session()
    session.cookies.set(cookie_name, session_key_for(user), domain="127.0.0.1")
    return session
