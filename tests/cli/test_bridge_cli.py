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


def test_if_enabled_does_nothing_without_the_bridge_table(softhsm_store, isolated_home,
                                                          tmp_path) -> None:
    """What the installers run when IT's kyso.toml has no [bridge] table (or enabled=false)."""
    env = kyso_cli_env(softhsm_store, isolated_home)
    env["HOME"] = str(tmp_path / "home")
    for text in ("[settings]\nexpiry_warning_days = 40\n", "[bridge]\nenabled = false\n"):
        machine = tmp_path / "kyso.toml"
        machine.write_text(text)
        env["KYSO_MACHINE_CONFIG"] = str(machine)
        done = run(env, "bridge", "setup", "--if-enabled")
        assert done.returncode == 0 and "chưa được CNTT bật" in done.stdout, done.stderr
        assert json.loads(run(env, "bridge", "status", "--json").stdout)["exists"] is False
        assert not (tmp_path / "home" / ".pki").exists()
    machine.write_text('[bridge]\nenabled = true\norigins = ["https://qlvb.example.gov.vn"]\n')
    done = run(env, "bridge", "setup", "--if-enabled")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(run(env, "bridge", "status", "--json").stdout)["exists"] is True


def test_remove_takes_the_trust_out_and_deletes_the_certificates(softhsm_store, isolated_home,
                                                                 tmp_path) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    env["HOME"] = str(tmp_path / "home")
    assert run(env, "bridge", "setup").returncode == 0
    before = json.loads(run(env, "bridge", "status", "--json").stdout)
    nss = f"nss:{tmp_path / 'home' / '.pki' / 'nssdb'}"
    assert before["trusted_by"][nss] is True
    removed = run(env, "bridge", "remove")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert f"Đã gỡ khỏi: {nss}" in removed.stdout
    listed = subprocess.run(["certutil", "-L", "-d", f"sql:{tmp_path / 'home' / '.pki' / 'nssdb'}"],
                            capture_output=True, text=True)
    assert "Kyso" not in listed.stdout
    assert not __import__("pathlib").Path(before["certificates"]).exists()


def test_machine_remove_deletes_the_key_even_when_a_user_fails(isolated_home, tmp_path,
                                                                monkeypatch, capsys) -> None:
    """The .deb's prerm (``kyso bridge remove --machine``) when one user's certutil hangs:
    the machine folder with the key goes all the same, and the exit code says it failed."""
    import pwd
    import shutil

    from kyso.cli.main import main
    from kyso.core.bridge import local_ca

    if shutil.which("runuser") is None or shutil.which("certutil") is None:
        import pytest

        pytest.skip("needs runuser and certutil")
    machine = tmp_path / "machine" / "bridge"
    local_ca.create(machine, shared=True)
    home = tmp_path / "an"
    local_ca.trust(local_ca.BridgeCertificates(machine), home=home)
    monkeypatch.setattr(local_ca, "MACHINE_FOLDER", machine)
    monkeypatch.setattr(local_ca, "SYSTEM_CA", tmp_path / "no-system-ca.crt")
    monkeypatch.setattr(pwd, "getpwall", lambda: [
        pwd.struct_passwd(("an", "x", 1001, 1001, "", str(home), "/bin/sh"))])
    real = subprocess.run

    def hung(cmd, *a, **k):
        if "runuser" in cmd[0]:
            raise subprocess.TimeoutExpired(cmd, 60)
        return real(cmd, *a, **k)

    monkeypatch.setattr(subprocess, "run", hung)
    assert main(["bridge", "remove", "--machine"]) == 3
    assert not machine.exists()
    err = capsys.readouterr().err
    assert "an: certutil" in err


def test_status_warns_about_the_machine_key_readable_by_all(isolated_home, tmp_path,
                                                             monkeypatch, capsys) -> None:
    from kyso.cli.main import main
    from kyso.core.bridge import local_ca

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    machine = tmp_path / "machine" / "bridge"
    local_ca.create(machine, shared=True)
    monkeypatch.setattr(local_ca, "MACHINE_FOLDER", machine)
    main(["bridge", "status"])
    assert "readable by all local users" in capsys.readouterr().out
    main(["bridge", "status", "--json"])
    assert json.loads(capsys.readouterr().out)["key_readable_by_all_users"] is True
