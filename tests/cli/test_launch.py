"""Ctrl+C while Kyso loads (about half a second of imports before any command runs) is exit
130 and one line on every way the command line starts — ``python -m kyso.cli``, the
``kyso`` script pip installs, the frozen build's entry — never a traceback
(:mod:`kyso.cli.launch`).

A SIGINT is a KeyboardInterrupt raised wherever Python is at that moment; here it is raised
deterministically in the middle of loading: by an import hook, when the command line's
environment module is imported (deep inside ``kyso.cli.main``'s imports)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from kyso.cli.launch import INTERRUPTED
from tests.conftest import kyso_cli_env

ROOT = Path(__file__).resolve().parents[2]

_HOOK = """
import sys

class CtrlCWhileLoading:
    def find_spec(self, name, path=None, target=None):
        if name == "kyso.core.app.environment":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, CtrlCWhileLoading())
"""

STARTS = {
    # python -m kyso.cli (runpy imports the package, then runs its __main__)
    "python -m": "import runpy; sys.argv = ['kyso', 'about']; "
    "runpy.run_module('kyso.cli', run_name='__main__', alter_sys=True)",
    # what pip's generated `kyso` script does with pyproject's entry point
    "pip script": "from kyso.cli.launch import run; sys.argv = ['kyso', 'about']; sys.exit(run())",
    # installers/entry_kyso.py, the frozen build's script
    "frozen entry": f"import runpy; sys.argv = ['kyso', 'about']; "
    f"runpy.run_path({str(ROOT / 'installers' / 'entry_kyso.py')!r}, run_name='__main__')",
}


@pytest.mark.parametrize("start", sorted(STARTS))
def test_ctrl_c_while_kyso_loads_is_one_line(start: str, softhsm_store, isolated_home) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _HOOK + STARTS[start]],
        env=kyso_cli_env(softhsm_store, isolated_home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.strip() == INTERRUPTED
    assert proc.returncode == 130
    assert proc.stdout == ""


def test_the_pip_script_starts_through_launch() -> None:
    """The script pip installs is the one tested above (it imports nothing before run)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["kyso"] == "kyso.cli.launch:run"


def test_the_command_runs_on_every_start(softhsm_store, isolated_home) -> None:
    """Without the interruption each start runs the command (``kyso about``)."""
    for start, code in STARTS.items():
        proc = subprocess.run(
            [sys.executable, "-c", "import sys\n" + code],
            env=kyso_cli_env(softhsm_store, isolated_home),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, (start, proc.stderr)
        assert "Kyso" in proc.stdout, (start, proc.stdout)
