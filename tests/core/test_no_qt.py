"""kyso.core never imports Qt (DESIGN.md, rule one)."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import kyso.core

CORE = Path(kyso.core.__file__).parent


def test_core_sources_do_not_import_qt() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|PyQt)", re.MULTILINE)
    offenders = [p.name for p in CORE.rglob("*.py") if pattern.search(p.read_text("utf-8"))]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    names = [f"kyso.core.{m.name}" for m in pkgutil.iter_modules([str(CORE)])]
    code = (
        "import importlib, sys\n"
        f"for n in {names!r}:\n"
        "    importlib.import_module(n)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
