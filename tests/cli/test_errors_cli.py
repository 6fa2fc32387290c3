"""A traceback never reaches the user: ``kyso audit verify`` on a folder or a missing file,
an unexpected exception in a command (the last resort), Ctrl+C, and a module whose token
listing fails in ``kyso check``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import kyso_cli_env, kyso_cmd


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kyso_cmd(*args), env=env, capture_output=True, text=True, timeout=180)


def test_audit_verify_on_a_folder(softhsm_store, isolated_home, tmp_path: Path) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    proc = run(env, "audit", "verify", str(tmp_path))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stderr.startswith("kyso: ") and "là một thư mục" in proc.stderr
    proc = run(env, "audit", "verify", "--json", str(tmp_path))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert data["ok"] is False and data["error_code"] == "audit_is_folder"


def test_audit_verify_missing_file(softhsm_store, isolated_home, tmp_path: Path) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    missing = tmp_path / "không-có.jsonl"
    proc = run(env, "audit", "verify", str(missing))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "Không có tệp nhật ký kiểm tra" in proc.stderr and str(missing) in proc.stderr
    proc = run(env, "audit", "verify", "--json", str(missing))
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["problems"][0]["code"] == "missing"


_BOOM = """
import sys
from kyso.cli.main import main
import kyso.cli.about as about_cli

def boom(args, env):
    raise {exc}

about_cli.cmd_about = boom
sys.exit(main(["about"]))
"""


def _run_patched(env: dict[str, str], exc: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _BOOM.format(exc=exc)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_unexpected_exception_is_logged_not_shown(softhsm_store, isolated_home) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    proc = _run_patched(env, "RuntimeError('chi tiết nội bộ')")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    log_file = isolated_home / "log" / "kyso.log"
    first = proc.stderr.splitlines()[0]
    assert first.startswith("kyso: Lỗi không mong đợi (RuntimeError)")  # Vietnamese first
    assert "CNTT" in first and str(log_file) in first
    assert "send the log file to IT" in proc.stderr
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "chi tiết nội bộ" in logged


def test_ctrl_c_exits_130(softhsm_store, isolated_home) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    proc = _run_patched(env, "KeyboardInterrupt()")
    assert proc.returncode == 130
    assert "Traceback" not in proc.stderr


def test_check_survives_a_failing_module(softhsm_store, isolated_home) -> None:
    """``kyso check`` lists tokens the way ``kyso devices`` does: a module that fails is a
    warning, not a traceback."""
    env = kyso_cli_env(softhsm_store, isolated_home)
    script = """
import sys
from kyso.cli.main import main
import kyso.cli.devices as devices_cli

def broken(module, *a, **k):
    raise RuntimeError("module exploded")

devices_cli.list_tokens = broken
sys.exit(main(["check", "--offline"]))
"""
    proc = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=180
    )
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert "Lỗi khi đọc mô-đun" in proc.stderr and "RuntimeError" in proc.stderr
