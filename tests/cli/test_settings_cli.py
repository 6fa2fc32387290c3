"""A broken settings file never stops a command or the GUI (issue 14): every CLI command
says what is wrong (file, line, value) on stderr once and carries on with the defaults;
the GUI starts. No traceback, no "Lỗi không mong đợi"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kyso.cli.main import main
from tests.conftest import REPO

UNEXPECTED = "Lỗi không mong đợi"

# The per-machine file stays valid TOML here (a whole-file failure would turn the built-in
# module table back on in this process); its bad values are ignored one by one.
MACHINE = (
    "[settings]\nuse_builtin_modules = false\nrevocation_timeout_s = 1e308\n"
    "watch_interval_ms = -5\n"
)

USER_FILES = {
    "utf16": '{"language": "en"}'.encode("utf-16"),
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "types": b'{"expiry_warning_days": "ten", "revocation_timeout_s": NaN}',
}


def _commands(tmp_path: Path) -> list[list[str]]:
    missing = str(tmp_path / "không-có")
    return [
        ["about"],
        ["about", "--json"],
        ["devices"],
        ["devices", "--json"],
        ["check", missing + ".pem"],
        ["inventory", "list"],
        ["inventory", "unit"],
        ["report", "--period", "2025-08", "--xlsx", str(tmp_path / "pl1.xlsx")],
        ["report", "merge", missing + ".xlsx", "--out", str(tmp_path / "merged.xlsx")],
        ["verify", missing + ".pdf"],
        ["sign", "--profile", "approval", missing + ".pdf"],
        ["audit", "verify", missing + ".jsonl"],
    ]


@pytest.mark.parametrize("user_file", sorted(USER_FILES))
def test_every_command_reports_bad_settings_and_goes_on(
    isolated_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    user_file: str,
) -> None:
    machine = isolated_home / "machine.toml"
    machine.write_text(MACHINE, encoding="utf-8")
    user = isolated_home / "config" / "settings.json"
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_bytes(USER_FILES[user_file])
    for argv in _commands(tmp_path):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        assert code in (0, 1, 2, 3), argv
        assert "Traceback" not in out + err and UNEXPECTED not in out + err, (argv, err)
        # Said once per command: the machine file's two bad values, with line and value.
        assert err.count(f"{machine}, dòng 3") == 1, (argv, err)
        assert "1e+308" in err and "dòng 4" in err and "-5" in err
        assert str(user) in err, (argv, err)


def _gui_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KYSO_HOME=str(home),
        KYSO_MACHINE_CONFIG=str(home / "machine.toml"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO / "desktop"),
    )
    env.pop("KYSO_PKCS11_MODULES", None)
    return env


@pytest.mark.parametrize(
    "machine",
    [
        "[settings]\nlanguage = 'vi'\n".encode("utf-16"),
        b"[settings]\nx = " + b"[" * 50_000 + b"]" * 50_000 + b"\n",
        b"[settings]\nrevocation_timeout_s = nan\nlanguage = 5\n",
    ],
    ids=["utf16", "deep", "values"],
)
def test_the_gui_starts_with_a_broken_machine_file(tmp_path: Path, machine: bytes) -> None:
    (tmp_path / "machine.toml").write_bytes(machine)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from kyso.ui.app import main; sys.exit(main(['--smoke']))",
        ],
        env=_gui_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert str(tmp_path / "machine.toml") in proc.stderr  # logged as a warning


def test_a_command_in_a_child_process_with_a_utf16_machine_file(tmp_path: Path) -> None:
    (tmp_path / "machine.toml").write_bytes("[settings]\nlanguage = 'en'\n".encode("utf-16"))
    proc = subprocess.run(
        [sys.executable, "-m", "kyso.cli", "about"],
        env=_gui_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "UTF-16" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("table", ["bridge", "remote", "updates"])
def test_a_deep_machine_file_breaks_no_other_table_reader(table, tmp_path) -> None:
    """The [bridge], [remote] and [updates] readers share the settings loader's guards: a
    nesting bomb gives {} (reported once by the loader), never a RecursionError."""
    from kyso.core.settings import machine_table

    machine = tmp_path / "deep.toml"
    machine.write_text(f"[{table}]\nx = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert machine_table(table, machine) == {}
