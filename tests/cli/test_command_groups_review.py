"""Review of "``kyso`` imports only the command group that runs" (cli/main.py, COMMAND_GROUPS):
the chosen group must be the one the whole parser would run, and the frozen ``kyso`` must
still hold every group's module."""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import re
from pathlib import Path

import pytest

from kyso.cli.main import COMMAND_GROUPS, build_parser

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "desktop"
SPEC = ROOT / "installers" / "kyso.spec"


def _parsed(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[object, str, str]:
    """(namespace without func, or the exit code; stdout; stderr) of parsing ``argv``."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            ns = parser.parse_args(argv)
    except SystemExit as exc:
        return ("exit", exc.code), out.getvalue(), err.getvalue()
    fields = {k: v for k, v in vars(ns).items() if k != "func"}
    return (fields, getattr(ns.func, "__name__", None)), out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        ["--temp", "check", "devices"],  # argparse's prefix of --temp-dir, folder "check"
        ["--temp-d", "sign", "verify", "--help"],
        ["--te", "verify", "check", "--subject", "CN=UBND Xã A,C=VN"],
    ],
)
def test_an_abbreviated_temp_dir_runs_the_same_command(argv: list[str]) -> None:
    """Found by review, fixed: argparse accepts any unambiguous prefix of ``--temp-dir`` (``--temp``,
    ``--temp-d``…), and ``kyso --temp check devices`` ran ``devices`` with its files under
    ./check before this change. ``command_named`` skips only the exact ``--temp-dir``, so
    it takes the folder's name for the command, loads only that group, and the user sees
    ``kyso: error: argument COMMAND: invalid choice: 'devices' (choose from 'check')``,
    exit 2 — a script that worked now fails."""
    full = _parsed(build_parser(), argv)
    assert full[0][0] != "exit" or full[0][1] == 0, full  # control: the whole parser runs it
    assert _parsed(build_parser(argv), argv) == full


@pytest.mark.parametrize(
    "argv",
    [
        *([word, "--help"] for _m, _a, words in COMMAND_GROUPS for word in words),
        ["audit", "verify", "--help"],
        ["bridge", "setup", "--help"],
        ["--demo", "--temp-dir", "x", "about", "--json"],
        ["--temp-dir=check", "devices"],
        ["--temp-dir", "check", "devices"],
        ["--", "about"],
        ["about", "--", "x"],
        ["--dem", "about"],
        ["inventory", "--bogus"],
        ["bridge", "status", "--bogus"],
        ["check", "--json", "--subject"],
        ["devices", "check"],
        ["--temp-dir", "-h", "about"],
        ["sign"],
        ["nosuch"],
    ],
)
def test_the_chosen_group_parses_as_the_whole_parser(argv: list[str]) -> None:
    """PASSES (a promise pinned): every command's ``--help``, the global options before a
    command, ``--``, and usage errors give the same result, text and exit code as the
    parser holding every group (what ``kyso`` was before the change)."""
    assert _parsed(build_parser(argv), argv) == _parsed(build_parser(), argv)


# -- the frozen command line (installers/kyso.spec) ------------------------------------------
def _module_file(name: str) -> Path | None:
    base = DESKTOP.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _kyso_imports(path: Path, package: str) -> set[str]:
    """Every ``kyso…`` module ``path`` imports with an import statement (at any depth, as
    PyInstaller's module graph reads the bytecode); a call such as
    ``importlib.import_module(name)`` is not one."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "kyso" or name.startswith("kyso.")}


def _frozen_cli_modules() -> set[str]:
    """Kyso's modules PyInstaller puts in the ``kyso`` executable: what the entry point and
    the runtime hook import, transitively, plus the spec's ``hiddenimports``."""
    spec = SPEC.read_text(encoding="utf-8")
    hidden = re.findall(r'"(kyso\.[\w.]+)"', re.search(r"hiddenimports=\[(.*?)\]", spec, re.S)[1])
    roots = ROOT / "installers" / "entry_kyso.py", ROOT / "installers" / "pyi_rth_kyso.py"
    todo = set(hidden)
    for root in roots:
        todo |= _kyso_imports(root, "")
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        parts = name.split(".")
        todo.update(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages
        path = _module_file(name)
        if path is None:
            continue  # ``from kyso.x import function``: a name, not a module
        seen.add(name)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        todo |= _kyso_imports(path, package) - seen
    return seen


def test_the_frozen_kyso_holds_every_command_group() -> None:
    """Found by review (severe), fixed: The installed ``kyso``/``kyso.exe`` is frozen by PyInstaller from
    installers/entry_kyso.py (kyso.spec), which bundles only modules reached by import
    statements and the spec's ``hiddenimports``. ``importlib.import_module(module)`` over
    COMMAND_GROUPS is invisible to it, and no other import reaches the groups' modules, so
    in the .deb/.msi every command — ``kyso check``, ``kyso sign``, and the installer's own
    ``kyso.exe bridge setup --machine`` custom action — stops with a Python traceback
    ``ModuleNotFoundError: No module named 'kyso.cli.check'`` (``build_parser`` runs
    outside main's error handling). From source everything works, so no other test sees it.
    """
    frozen = _frozen_cli_modules()
    assert "kyso.cli.main" in frozen and "kyso.cli.common" in frozen  # control: the walk works
    missing = [module for module, _a, _w in COMMAND_GROUPS if module not in frozen]
    assert missing == []
