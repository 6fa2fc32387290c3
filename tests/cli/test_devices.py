"""`kyso devices` in a child process against real SoftHSM2 tokens."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from tests.conftest import kyso_cli_env, kyso_cmd


def run(env, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        kyso_cmd(*args), env=env, capture_output=True, text=True, input=input, timeout=120
    )


def test_devices_json_shape(tokens, test_pki, softhsm_store, isolated_home) -> None:
    tok = tokens.demo(test_pki)
    proc = run(kyso_cli_env(softhsm_store, isolated_home), "devices", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [m["loaded"] for m in data["modules"]] == [True]
    assert set(data["modules"][0]) >= {"path", "loaded", "error"}
    token = next(t for t in data["tokens"] if t["serial"] == tok.serial)
    assert set(token) >= {"module", "label", "serial", "manufacturer", "pin", "certificates"}
    assert set(token["pin"]) >= {"count_low", "final_try", "locked"}
    cert = next(c for c in token["certificates"] if c["label"] == "organization")
    assert set(cert) >= {
        "subject",
        "issuer",
        "serial_hex",
        "not_before",
        "not_after",
        "sha256",
        "is_ca",
        "has_private_key",
        "key_id_hex",
    }
    assert (
        cert["subject"]
        == "UID=MST:0900000001,CN=Sở Khoa học và Công nghệ tỉnh Hưng Yên,O=UBND tỉnh Hưng Yên,L=Hưng Yên,C=VN"
    )
    assert cert["not_after"].endswith("+00:00")
    assert sum(c["is_ca"] for c in token["certificates"]) == 2


def test_devices_human_output_and_bad_module(tmp_path: Path, softhsm_store, isolated_home) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    junk = tmp_path / "junk.so"
    junk.write_text("not a library")
    env["KYSO_PKCS11_MODULES"] = f"{junk}:{env['KYSO_PKCS11_MODULES']}"
    proc = run(env, "devices")
    assert proc.returncode == 0
    assert str(junk) in proc.stderr
    proc = run(env, "devices", "--json")
    mods = json.loads(proc.stdout)["modules"]
    assert mods[0]["loaded"] is False and mods[0]["error"]
    assert mods[1]["loaded"] is True


def test_usage_errors_exit_2(softhsm_store, isolated_home) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    assert run(env).returncode == 2
    assert run(env, "devices", "--bogus").returncode == 2


def test_demo_without_softhsm_says_how_to_install(softhsm_store, isolated_home) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    env["KYSO_SOFTHSM_MODULE"] = "/nonexistent/libsofthsm2.so"
    proc = run(env, "--demo", "devices")
    assert proc.returncode == 1
    assert "apt-get install softhsm2" in proc.stderr


def test_demo_token_is_created_once_and_labelled(tmp_path: Path, softhsm_store) -> None:
    env = kyso_cli_env(softhsm_store, tmp_path)
    env.pop("SOFTHSM2_CONF")
    env.pop("KYSO_PKCS11_MODULES")
    proc = run(env, "--demo", "devices", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["demo"] is True
    demo = [t for t in data["tokens"] if t["demo"]]
    assert len(demo) == 1 and demo[0]["label"] == "KYSO DEMO"
    subjects = [c["subject"] for c in demo[0]["certificates"]]
    assert any("UBND huyện Vũ Thư" in s and "Thái Bình" in s for s in subjects)
    assert any(s.startswith("UID=MST") and "Hưng Yên" in s for s in subjects)
    again = json.loads(run(env, "--demo", "devices", "--json").stdout)
    assert again["tokens"][0]["serial"] == demo[0]["serial"]
    human = run(env, "--demo", "devices").stdout
    assert "[DEMO]" in human


def test_watch_streams_added_and_removed(tokens, test_pki, softhsm_store, isolated_home) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    proc = subprocess.Popen(
        kyso_cmd("devices", "--watch", "--json"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1.5)  # let it start and report what is already there
        tok = tokens.demo(test_pki)
        created = time.monotonic()
        events = _read_until(proc, "added", tok.serial)
        assert time.monotonic() - created < 1.0
        tokens.delete(tok)
        deleted = time.monotonic()
        events = _read_until(proc, "removed", tok.serial)
        assert time.monotonic() - deleted < 1.0
        assert events["token"]["label"] == tok.label
    finally:
        proc.send_signal(2)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err


def _read_until(proc: subprocess.Popen[str], kind: str, serial: str) -> dict:
    assert proc.stdout is not None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        event = json.loads(line)
        assert event["event"] in ("added", "removed")
        if event["event"] == kind and event["token"]["serial"] == serial:
            return event
    raise AssertionError(f"no {kind} event for {serial}")


def test_about_json(softhsm_store, isolated_home) -> None:
    proc = run(kyso_cli_env(softhsm_store, isolated_home), "about", "--json")
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    from kyso import __version__

    assert info["version"] == __version__
    assert info["admin_units_data"]["package"] == "vietnamadminunits"
    assert info["modules"][0]["loaded"] is True
    assert info["logs"].endswith("kyso.log") and str(isolated_home) in info["logs"]
    assert info["settings"]["machine_file"].endswith("machine.toml")


def test_crashing_and_hanging_drivers_do_not_take_devices_down(
    tmp_path: Path, tokens, test_pki, softhsm_store, isolated_home
) -> None:
    from tests.core.tokens.fake_modules import build_module

    crash = build_module(tmp_path / "crash", crash_in_get_function_list=True)
    hang = build_module(tmp_path / "hang", hang_in_initialize=True)
    tok = tokens.demo(test_pki)
    env = kyso_cli_env(softhsm_store, isolated_home)
    softhsm = env["KYSO_PKCS11_MODULES"]
    env["KYSO_PKCS11_MODULES"] = ":".join([str(crash.path), str(hang.path), softhsm])
    env["KYSO_PKCS11_PROBE_TIMEOUT_S"] = "2"
    proc = run(env, "devices")
    assert proc.returncode == 0, proc.stderr
    assert tok.label in proc.stdout  # the good token still shows
    assert str(crash.path) in proc.stderr and "lỗi nghiêm trọng (SIGSEGV)" in proc.stderr
    assert str(hang.path) in proc.stderr and "không trả lời sau 2 giây" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run(env, "devices", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    by_path = {m["path"]: m for m in data["modules"]}
    assert by_path[str(crash.path)]["loaded"] is False
    assert by_path[str(crash.path)]["probe"]["outcome"] == "crashed"
    assert by_path[str(crash.path)]["probe"]["step"] == "C_GetFunctionList"
    assert by_path[str(hang.path)]["probe"]["outcome"] == "hung"
    assert by_path[str(hang.path)]["probe"]["step"] == "C_Initialize"
    assert by_path[str(hang.path)]["error"]
    good = by_path[softhsm]
    assert good["loaded"] is True and good["probe"]["outcome"] == "ok"
    assert any(t["serial"] == tok.serial for t in data["tokens"])
