"""Run every benchmark in bench/, print one table of every figure beside its target, record it in the docs.

Each script reports in its own way (one JSON object, JSON lines, printed dicts, plain text lines); this reads
all of them, so adding a benchmark needs no change here. The table goes into docs/benchmarks.md between the
run_all markers with the date and the machine, because figures from a loaded 2-core box and from a
workstation are not comparable without knowing which is which.

Run: .venv/bin/python bench/run_all.py [--quick] [--only NAME,...] [--no-write]
"""

from __future__ import annotations

import argparse
import ast
import datetime
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- run_all:start -->", "<!-- run_all:end -->"

# Scripts that take many minutes (models, large corpora): skipped with --quick.
LONG = {"bench_checks", "bench_align", "bench_reconstruct", "bench_turns", "bench_seed_sentences", "bench_scale",
        "bench_suggest"}  # fmt: skip
# Extra arguments in quick mode for scripts that can do a smaller run instead of being skipped.
QUICK_ARGS = {"fuzz_readers": ["--quick"], "bench_export": ["--pairs", "20000"]}
TIMEOUT = {"quick": 900, "full": 5400}
LABEL_KEYS = ("benchmark", "name", "reader", "format", "seed", "corpus", "doc", "document", "stage", "step")
SKIP_KEYS = {"ok", "failures", "target", "readers", "rows"}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs (nproc), {ram} RAM, {cpu}, load average {load:.1f} at start"


def scripts(only: set[str] | None) -> list[Path]:
    found = sorted(p for p in BENCH.glob("*.py") if p.stem != "run_all" and not p.stem.startswith("_"))
    return [p for p in found if not only or p.stem in only]


def parse_output(text: str) -> list[dict[str, Any]] | list[str]:
    """Dicts from JSON (whole, or one value per line) or printed reprs; otherwise the non-empty lines."""
    text = text.strip()
    if not text:
        return []
    try:
        return _records(json.loads(text))
    except json.JSONDecodeError:
        pass
    records: list[dict[str, Any]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        value: Any = None
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            try:
                value = ast.literal_eval(line)
            except (ValueError, SyntaxError):
                value = None
        if isinstance(value, dict | list):
            records += _records(value)
    return records or [line for line in text.splitlines() if line.strip()]


def _records(value: Any) -> list[dict[str, Any]]:
    """A dict, a list of dicts, or a dict holding per-item rows (fuzz readers, export formats)."""
    if isinstance(value, list):
        return [r for v in value for r in _records(v)]
    if not isinstance(value, dict):
        return []
    nested = [v for v in value.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
    return [value, *(r for rows in nested for r in _records(rows))]


def _label(record: dict[str, Any]) -> str:
    parts = [str(record[k]) for k in LABEL_KEYS if k in record and not isinstance(record[k], dict | list)]
    return " / ".join(parts[:2]) or "-"


def _figures(record: dict[str, Any]) -> str:
    out = []
    for key, value in record.items():
        if (key in SKIP_KEYS and not (key == "ok" and isinstance(value, int) and not isinstance(value, bool))) or (
            key in LABEL_KEYS or key.startswith("target")
        ):
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        out.append(f"{key}={value:g}" if isinstance(value, float) else f"{key}={value}")
    return ", ".join(out[:8])


def _target(record: dict[str, Any]) -> str:
    keys = [k for k in record if k.startswith("target")]
    return "; ".join(f"{record[k]}" if k == "target" else f"{k}={record[k]}" for k in keys) or "-"


def run_script(path: Path, quick: bool) -> tuple[list[list[str]], float, int]:
    source = path.read_text(encoding="utf-8")
    args = ["--json"] if "--json" in source else []
    if quick:
        args += QUICK_ARGS.get(path.stem, [])
    started = time.monotonic()
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    try:
        proc = subprocess.run([sys.executable, str(path), *args], cwd=ROOT, capture_output=True, text=True, env=env,
                              timeout=TIMEOUT["quick" if quick else "full"])  # fmt: skip
        out, code = proc.stdout, proc.returncode
        err = proc.stderr
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        code, err = -1, "timed out"
    seconds = time.monotonic() - started
    rows: list[list[str]] = []
    for record in parse_output(out):
        if isinstance(record, dict):
            if _label(record) == "-" and not _figures(record):
                continue  # a nested detail record (a fuzz failure's input): the script's own output shows it
            ok = record.get("ok")
            verdict = "yes" if ok is True else "NO" if ok is False else "-"
            rows.append([path.stem, _label(record), _figures(record), _target(record), verdict])
        else:
            rows.append([path.stem, "-", record[:160], _inline_target(record), "-"])
    if code != 0 and not rows:
        last = (err.strip().splitlines() or ["no output"])[-1][:160]
        rows.append([path.stem, "-", f"exit {code}: {last}", "-", "NO"])
    return rows, seconds, code


def _inline_target(line: str) -> str:
    m = re.search(r"\(target ([^)]*)\)", line)
    return m.group(1) if m else "-"


def table(rows: list[list[str]]) -> str:
    head = ["script", "item", "figures", "target", "met"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return "\n".join(lines)


def write_doc(section: str) -> None:
    """Replace only what lies between the markers; append the markers if the file has none."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    block = f"{START}\n{section}\n{END}"
    if START in text and END in text and text.index(START) < text.index(END):
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"skip {', '.join(sorted(LONG))}; smaller runs")
    parser.add_argument("--only", default="", help="comma-separated script names (bench_ingest,...)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    only = {x.removesuffix(".py") for x in args.only.split(",") if x} or None
    host = machine()
    rows: list[list[str]] = []
    timings = []
    for path in scripts(only):
        if args.quick and path.stem in LONG:
            rows.append([path.stem, "-", "skipped (--quick)", "-", "-"])
            continue
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        script_rows, seconds, code = run_script(path, args.quick)
        rows += script_rows
        timings.append(f"{path.stem} {seconds:.0f} s" + ("" if code == 0 else f" (exit {code})"))
    mode = "quick" if args.quick else "full"
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    section = (
        f"## All benchmarks (bench/run_all.py, {mode})\n\n{when} on {host}.\n\n{table(rows)}\n\n"
        f"Wall time per script: {', '.join(timings)}.\n"
    )
    print(section)
    if not args.no_write:
        write_doc(section)
        print(f"wrote {DOC.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
