"""Fixtures for the hardening suite: reader targets, a stub-aligned workspace template, CLI runners.

Alignment here uses a hashing stub encoder rather than USE v3: these tests are about crashes, locks and
malformed input, not alignment quality, and the real model would cost minutes per session on a small machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from tests.hardening.fuzzlib import ROOT, Target, build_aligned_workspace, build_targets

RUNNER = Path(__file__).with_name("cli_runner.py")


@pytest.fixture(scope="session")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hardening")


@pytest.fixture(scope="session")
def targets(scratch: Path) -> dict[str, Target]:
    return build_targets(scratch)


@pytest.fixture(scope="session")
def aligned_template(scratch: Path) -> tuple[Path, list[str]]:
    """Seed 003 ingested and stub-aligned once per worker; tests copy it."""
    path = scratch / "aligned.sqlite"
    ids = build_aligned_workspace(path, decisions=False)
    return path, ids


@pytest.fixture()
def aligned_ws(aligned_template: tuple[Path, list[str]], tmp_path: Path) -> tuple[Path, list[str]]:
    src, ids = aligned_template
    path = tmp_path / "ws.sqlite"
    shutil.copyfile(src, path)
    return path, ids


def cli_env(workspace: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(BITEXT_WORKSPACE=str(workspace), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONPATH=str(ROOT))
    env.pop("BITEXT_DEBUG", None)
    env.update(extra)
    return env


_HAS_COMMAND: dict[str, bool] = {}


def has_command(name: str) -> bool:
    """Whether `python -m align NAME` exists yet (other helpers register commands as they land)."""
    if name not in _HAS_COMMAND:
        proc = subprocess.run([sys.executable, "-m", "align", name, "--help"], cwd=ROOT, capture_output=True,
                              env=cli_env(Path(os.devnull)), timeout=120)  # fmt: skip
        _HAS_COMMAND[name] = proc.returncode == 0
    return _HAS_COMMAND[name]


def bitext_argv(*args: str) -> list[str]:
    """`python -m align ARGS` when the command is registered, else the runner that registers it (same main())."""
    if has_command(args[0]):
        return [sys.executable, "-m", "align", *args]
    return [sys.executable, str(RUNNER), *args]


def wait_for_file(path: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} never appeared")
        time.sleep(0.05)
