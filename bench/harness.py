"""What every benchmark scenario returns, and how a result is printed and saved.

A scenario is a module in `bench/scenarios/` with a `SCENARIO` name (as in
shared/BENCHMARKS.md, e.g. "certificate-bulk") and a function
`run(*, size: str, smoke: bool) -> Result`. `smoke=True` means: the small
dataset, few repetitions, and the scenario must check that its answers equal
the baseline's (it raises `BenchmarkError` when they differ); the test suite
runs every scenario that way. Speed is never asserted, only reported.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SIZES = ("small", "medium", "large")


class BenchmarkError(AssertionError):
    """The optimised path gave a different answer from the baseline."""


@dataclass
class Result:
    scenario: str
    ours: float
    baseline: float | None
    unit: str
    #: True when a larger number is better (throughput); False for times.
    higher_is_better: bool = True
    size: str = "small"
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if not self.baseline or not self.ours:
            return None
        return self.ours / self.baseline if self.higher_is_better else self.baseline / self.ours

    def line(self) -> str:
        baseline = f"{self.baseline:.4g} {self.unit}" if self.baseline is not None else "none"
        ratio = f"{self.ratio:.2f}" if self.ratio is not None else "n/a"
        extras = "".join(f", {k} {v}" for k, v in self.extra.items())
        return (
            f"{self.scenario}: ours {self.ours:.4g} {self.unit}, baseline {baseline}, ratio {ratio}{extras}"
        )

    def save(self) -> Path:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{self.scenario}-{self.size}.json"
        data = asdict(self) | {"ratio": self.ratio, "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S")}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2))
        return path


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    """Run fn once; return (seconds, its result)."""
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value
