"""``kyso bridge setup`` and ``kyso bridge status`` in a child process (NSS database in a
temporary HOME)."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import kyso_cli_env, kyso_cmd


def run(env, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kyso_cmd(*args), env=env, capture_output=True, text=True, timeout=120)


def test_setup_then_status(softhsm_store, isolated_home, tmp_path) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    env["HOME"] = str(tmp_path / "home")
    before = run(env, "bridge", "status", "--json")
    assert before.returncode == 3 and json.loads(before.stdout)["exists"] is False
    setup = run(env, "bridge", "setup")
    assert setup.returncode == 0, setup.stdout + setup.stderr
    after = json.loads(run(env, "bridge", "status", "--json").stdout)
    assert after["exists"] is True and after["expired"] is False
    nss = f"nss:{tmp_path / 'home' / '.pki' / 'nssdb'}"
    assert after["trusted_by"][nss] is True
    text = run(env, "bridge", "status").stdout
    assert "tin cậy" in text and "8987" in text
