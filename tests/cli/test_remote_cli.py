"""``kyso remote add|login|list|remove`` in child processes against the test doubles."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.conftest import REPO, kyso_cli_env, kyso_cmd
from tests.support.remote_services import RemoteCredential, RemoteServices


@pytest.fixture
def services(test_pki):
    svc = RemoteServices([RemoteCredential("cred-1", test_pki.leader_province,
                                           [test_pki.pki.sub_ca])])
    yield svc
    svc.close()


def run(env, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kyso_cmd(*args), env=env, capture_output=True, text=True,
                          input=input, timeout=60)


def _env(softhsm_store, home, keyring_file=None):
    env = kyso_cli_env(softhsm_store, home)
    if keyring_file is not None:
        env["PYTHON_KEYRING_BACKEND"] = "tests.support.file_keyring.FileKeyring"
        env["KYSO_TEST_KEYRING"] = str(keyring_file)
        env["PYTHONPATH"] = env["PYTHONPATH"] + os.pathsep + str(REPO)
    else:
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return env


def test_add_login_list_remove_with_a_keyring(services, softhsm_store, isolated_home,
                                              tmp_path) -> None:
    env = _env(softhsm_store, isolated_home, tmp_path / "keyring.json")
    add = run(env, "remote", "add", "bcy", "--provider", "csc", "--url", services.csc_url,
              "--user", services.user)
    assert add.returncode == 0, add.stderr
    before = json.loads(run(env, "remote", "list", "--json").stdout)
    assert before[0]["credentials"] == [] and before[0]["error_code"] == "remote_login_needed"
    login = run(env, "remote", "login", "bcy", "--password-stdin", input=services.password + "\n")
    assert login.returncode == 0, login.stderr
    assert "1 chứng thư" in login.stdout
    listed = json.loads(run(env, "remote", "list", "--json").stdout)
    cred = listed[0]["credentials"][0]
    assert cred["credential_id"] == "cred-1" and cred["has_private_key"] is True
    assert len(cred["sha256"]) == 64
    # no secret on disk outside the keyring
    for path in isolated_home.rglob("*"):
        if path.is_file():
            assert services.password.encode() not in path.read_bytes()
    rm = run(env, "remote", "remove", "bcy")
    assert rm.returncode == 0
    assert json.loads((tmp_path / "keyring.json").read_text()) == {}


def test_without_a_keyring_the_login_lives_only_in_the_process(services, softhsm_store,
                                                              isolated_home) -> None:
    env = _env(softhsm_store, isolated_home)
    run(env, "remote", "add", "bcy", "--provider", "csc", "--url", services.csc_url,
        "--user", services.user)
    login = run(env, "remote", "login", "bcy", "--password-stdin", input=services.password + "\n")
    assert login.returncode == 0, login.stderr
    assert "chỉ giữ trong lần chạy này" in login.stderr
    listed = json.loads(run(env, "remote", "list", "--json").stdout)
    assert listed[0]["error_code"] == "remote_login_needed"
    for path in isolated_home.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            assert services.password.encode() not in blob
            for token in services.tokens:
                assert token.encode() not in blob


def test_wrong_password_and_bad_input_are_words_not_tracebacks(services, softhsm_store,
                                                              isolated_home) -> None:
    env = _env(softhsm_store, isolated_home)
    bad = run(env, "remote", "add", "x y", "--provider", "csc", "--url", services.csc_url)
    assert bad.returncode == 1 and "không hợp lệ" in bad.stderr
    run(env, "remote", "add", "bcy", "--provider", "csc", "--url", services.csc_url,
        "--user", services.user)
    dup = run(env, "remote", "add", "bcy", "--provider", "csc", "--url", services.csc_url)
    assert dup.returncode == 1 and "Đã có tài khoản" in dup.stderr
    wrong = run(env, "remote", "login", "bcy", "--password-stdin", input="sai\n")
    assert wrong.returncode == 1 and "không chấp nhận mật khẩu" in wrong.stderr
    for proc in (bad, dup, wrong):
        assert "Traceback" not in proc.stderr


def test_it_presets_an_account_the_user_cannot_remove(services, softhsm_store,
                                                      isolated_home) -> None:
    machine = isolated_home / "machine.toml"
    machine.write_text(
        machine.read_text() + f'\n[remote.vgca]\nprovider = "vgca-rssp"\nurl = "{services.csc_url}"\n'
        'user = "lanhdao"\n', encoding="utf-8")
    env = _env(softhsm_store, isolated_home)
    listed = json.loads(run(env, "remote", "list", "--json").stdout)
    assert listed[0]["account"] == "vgca" and listed[0]["preset"] is True
    rm = run(env, "remote", "remove", "vgca")
    assert rm.returncode == 1 and "CNTT" in rm.stderr


def test_devices_json_lists_remote_accounts(services, softhsm_store, isolated_home,
                                           tmp_path) -> None:
    env = _env(softhsm_store, isolated_home, tmp_path / "keyring.json")
    assert json.loads(run(env, "devices", "--json").stdout)["remote"] == []
    run(env, "remote", "add", "bcy", "--provider", "csc", "--url", services.csc_url,
        "--user", services.user)
    run(env, "remote", "login", "bcy", "--password-stdin", input=services.password + "\n")
    data = json.loads(run(env, "devices", "--json").stdout)
    entry = data["remote"][0]
    assert entry["provider"] == "csc" and entry["account"] == "bcy"
    assert entry["credentials"][0]["credential_id"] == "cred-1"
    text = run(env, "devices").stdout
    assert "Ký số từ xa “bcy”" in text
