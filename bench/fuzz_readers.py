"""Long fuzz profile: thousands of mutated and random inputs per reader; nothing but InputError may escape.

The test suite runs the same generators (tests/hardening/fuzzlib.py) for a few dozen inputs per reader; this
script is where the volume lives. Target: 0 "other" outcomes for every reader, at least 2,000 inputs each.

Run: .venv/bin/python bench/fuzz_readers.py [--n 2000] [--seed 1] [--only zh_article,srt] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tests.hardening.fuzzlib import build_targets, describe, mutate, random_input, run_one, scratch_dir  # noqa: E402

DEFAULT_N = 2000
QUICK_N = 150


def fuzz(n: int, seed: int, only: set[str] | None) -> list[dict[str, object]]:
    """One row per reader; the first few failures are kept with the operators that produced them."""
    scratch = scratch_dir()
    try:
        targets = build_targets(scratch)
        rows = []
        for name, target in targets.items():
            if only and name not in only:
                continue
            rng = random.Random(f"{seed}-{name}")
            counts: Counter[str] = Counter()
            failures: list[dict[str, str]] = []
            started = time.perf_counter()
            for i in range(n):
                if rng.random() < 0.85:
                    data, ops = mutate(rng, rng.choice(target.samples))
                else:
                    data, ops = random_input(rng), ["random"]
                outcome = run_one(target, data, scratch, i)
                counts[outcome.kind] += 1
                if outcome.kind == "other" and len(failures) < 5:
                    failures.append({"ops": ",".join(ops), "error": outcome.detail, "input": describe(data)})
            rows.append({
                "reader": name,
                "inputs": n,
                "ok": counts["ok"],
                "input_error": counts["input_error"],
                "other": counts["other"],
                "seconds": round(time.perf_counter() - started, 1),
                "failures": failures,
            })  # fmt: skip
        return rows
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=None, help=f"inputs per reader (default {DEFAULT_N})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="", help="comma-separated reader names")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_N} inputs per reader")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    n = args.n or (QUICK_N if args.quick else DEFAULT_N)
    only = {x for x in args.only.split(",") if x} or None
    rows = fuzz(n, args.seed, only)
    total = sum(int(r["other"]) for r in rows)  # type: ignore[call-overload]
    result = {
        "benchmark": f"fuzz readers ({n} inputs each)",
        "target": "other == 0",
        "ok": total == 0,
        "other": total,
        "seconds": round(sum(float(r["seconds"]) for r in rows), 1),  # type: ignore[arg-type]
        "readers": rows,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"{'reader':<14} {'inputs':>7} {'ok':>6} {'InputError':>10} {'other':>6} {'seconds':>8}")
    for r in rows:
        cells = (r["reader"], r["inputs"], r["ok"], r["input_error"], r["other"], r["seconds"])
        print("{:<14} {:>7} {:>6} {:>10} {:>6} {:>8}".format(*cells))
    for r in rows:
        for f in r["failures"]:  # type: ignore[attr-defined]
            print(f"FAIL {r['reader']}: {f['error']}\n     ops={f['ops']} input={f['input']}")
    print(f"total other: {total}  ({'ok' if total == 0 else 'FAILED'})")
    sys.exit(0 if total == 0 else 1)


if __name__ == "__main__":
    main()
