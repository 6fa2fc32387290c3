"""The layering of DESIGN.md: import-linter's contracts (pyproject ``[tool.importlinter]``),
run by ./test.sh, and what they cannot see (an import made at run time)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(root / "desktop"))
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
    )


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "desktop" / "kyso", root / "desktop" / "kyso",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def test_contracts_hold() -> None:
    proc = _lint(REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/trust/chain.py", "import PySide6.QtCore", "core never imports Qt"),
        ("core/trust/chain.py", "import kyso.core.signing.pades", "core packages by layer"),
        ("core/errors.py", "import kyso.core.tokens.slots", "shared core modules"),
        ("cli/check.py", "import kyso.ui.workers", "the two faces never import each other"),
        ("core/verify/report.py", "import kyso.cli.common", "core never imports a face"),
    ],
)
def test_a_forbidden_import_fails_the_check(tmp_path: Path, module: str, line: str,
                                            contract: str) -> None:
    """Proof the check can fail: the same contracts on a copy with one forbidden import."""
    root = _copy(tmp_path)
    target = root / "desktop" / "kyso" / module
    target.write_text(target.read_text("utf-8") + f"\n{line}  # injected by the test\n", "utf-8")
    proc = _lint(root)
    assert proc.returncode != 0
    assert f"{contract}" in proc.stdout and "BROKEN" in proc.stdout


def test_importing_every_core_module_loads_no_qt() -> None:
    """What import-linter cannot see: an import made at run time (importlib, __import__)."""
    code = (
        "import importlib, pkgutil, sys\n"
        "import kyso.core\n"
        "for m in pkgutil.walk_packages(kyso.core.__path__, 'kyso.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
