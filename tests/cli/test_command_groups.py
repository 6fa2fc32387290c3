"""``kyso`` imports only the command group it runs (cli/main.py, COMMAND_GROUPS)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kyso.cli.main import COMMAND_GROUPS, build_parser, command_named

ROOT = Path(__file__).resolve().parents[2]


def test_every_command_word_is_added_by_its_group() -> None:
    full = build_parser()
    choices = full._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    words = [w for _m, _a, commands in COMMAND_GROUPS for w in commands]
    assert list(choices) == words  # the help's order, nothing missing or extra
    for word in words:
        alone = build_parser([word])
        only = alone._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert word in only
        assert set(only) < set(choices) or len(COMMAND_GROUPS) == 1


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["check", "--subject", "CN=A"], "check"),
        (["--demo", "sign", "a.pdf"], "sign"),
        (["--temp-dir", "check", "devices"], "devices"),  # "check" is the folder's name
        (["--temp-dir=/tmp/x", "verify"], "verify"),
        (["--help", "check"], None),
        (["--version"], None),
        ([], None),
        (["nosuch"], "nosuch"),
    ],
)
def test_command_named(argv: list[str], word: str | None) -> None:
    assert command_named(argv) == word


def test_unknown_command_is_refused_with_every_choice(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser(["nosuch"]).parse_args(["nosuch"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    for _m, _a, commands in COMMAND_GROUPS:
        for word in commands:
            assert f"'{word}'" in err


def test_check_imports_no_other_command_group(tmp_path: Path) -> None:
    """The promise of COMMAND_GROUPS' comment: ``kyso check --subject`` loads neither
    ``kyso sign``'s module nor pyHanko, in a fresh process."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "desktop")
    env["KYSO_HOME"] = str(tmp_path)
    env["KYSO_MACHINE_CONFIG"] = str(tmp_path / "machine.toml")
    env["KYSO_PKCS11_MODULES"] = ""
    code = (
        "import contextlib, io, json, sys\n"
        "from kyso.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = main(['check', '--json', '--subject', 'CN=UBND Xã A,L=Hà Nội,C=VN'])\n"
        "print(json.dumps([rc, sorted(m for m in sys.modules if m.startswith('kyso.cli')),"
        " 'pyhanko' in sys.modules]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    rc, cli_modules, pyhanko = json.loads(proc.stdout.splitlines()[-1])
    assert rc in (0, 3)
    assert cli_modules == [
        "kyso.cli",
        "kyso.cli.check",
        "kyso.cli.common",
        "kyso.cli.devices",
        "kyso.cli.launch",  # the exit code and line of Ctrl+C (kyso.cli.common reads them)
        "kyso.cli.main",
    ]
    assert pyhanko is False
