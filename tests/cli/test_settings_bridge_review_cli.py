"""Review: "[bridge] max_batch_mb out of range is said to IT by every command" — in fresh
``kyso`` processes, each loading only its own command group (cli/main.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "argv",
    [
        ["about"],
        ["check", "--subject", "CN=UBND Xã A,L=Hà Nội,C=VN"],
        ["bridge", "status"],
        ["inventory", "list"],
    ],
)
def test_every_command_says_the_batch_limit_it_ignores(tmp_path: Path, argv: list[str]) -> None:
    """Pinned by review: whatever group a command loads, IT's ``max_batch_mb = 0`` is said
    on stderr with the file, the line and the 200 MB used, once, in Vietnamese first; the
    command still runs (no usage error, no traceback)."""
    machine = tmp_path / "machine.toml"
    machine.write_text("[bridge]\nenabled = true\nmax_batch_mb = 0\n", encoding="utf-8")
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT / "desktop"),
        KYSO_HOME=str(tmp_path / "home"),
        KYSO_MACHINE_CONFIG=str(machine),
        KYSO_PKCS11_MODULES="",
    )
    run = subprocess.run(
        [sys.executable, "-m", "kyso.cli", *argv],
        env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode in (0, 3), run
    assert run.stderr.count("max_batch_mb") == 1, run.stderr
    assert f"{machine}, dòng 3" in run.stderr and "200 MB" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
