"""Rate strings ("5/m", "10/15m", "3/h", "100/30s") and the fixed-window arithmetic.
No cache and no ORM here: unit-tested on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    def window(self, now: float) -> int:
        """The number of the fixed window that `now` falls in."""
        return int(now // self.seconds)

    def retry_after(self, now: float) -> int:
        """Whole seconds until the current window ends (at least 1)."""
        end = (self.window(now) + 1) * self.seconds
        return max(1, int(end - now + 0.999))


def parse_rate(text: str) -> Rate:
    match = _RATE.match(text or "")
    if not match:
        raise ValueError(f"not a rate: {text!r} (expected e.g. '5/m', '10/15m', '3/h')")
    limit, multiple, unit = match.groups()
    seconds = int(multiple or 1) * _UNITS[unit]
    if seconds <= 0:
        raise ValueError(f"not a rate: {text!r}")
    return Rate(int(limit), seconds)
