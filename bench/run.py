"""Run the benchmark scenarios: `python -m bench.run [--size small|medium|large] [--smoke] [NAME ...]`.

Prints one `<scenario>: ours …, baseline …, ratio …` line per scenario and
writes the same as JSON under bench/results/. See bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import traceback

import django

from bench import scenarios
from bench.harness import SIZES


def discover() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(scenarios.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.scenarios.{info.name}")
        found[module.SCENARIO] = module
    return dict(sorted(found.items()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="scenarios to run (default: all)")
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument(
        "--smoke", action="store_true", help="small and quick; check answers equal the baseline's"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    django.setup()
    available = discover()
    unknown = set(args.names) - set(available)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}; known: {', '.join(available)}")
    failed = 0
    for name, module in available.items():
        if args.names and name not in args.names:
            continue
        try:
            result = module.run(size=args.size, smoke=args.smoke)
        except Exception:
            failed += 1
            print(f"{name}: FAILED", flush=True)
            traceback.print_exc()
            continue
        result.save()
        print(result.line(), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
