"""The tmux smoke script against the real command, on a copy of the test workspace."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tui_smoke_script(built_workspace: Path) -> None:
    env = dict(os.environ)
    # `python -m tui` is the same review command as `bitext review`, and works before align.cli registers it.
    env.setdefault("BITEXT_REVIEW", f"{sys.executable} -m tui")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "tui_smoke.sh"), str(built_workspace)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "tui smoke: ok" in result.stdout
