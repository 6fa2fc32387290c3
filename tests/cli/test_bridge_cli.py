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


def test_machine_remove_takes_every_users_ca_even_when_a_user_fails(isolated_home, tmp_path,
                                                                    monkeypatch, capsys) -> None:
    """The .deb's prerm (``kyso bridge remove --machine``): an older version's shared folder
    with its key goes, each user's own CA leaves that user's NSS database; one user's hung
    certutil does not stop the others, and the exit code says it failed."""
    import pwd
    import shutil

    from kyso.cli.main import main
    from kyso.core.bridge import local_ca

    if shutil.which("runuser") is None or shutil.which("certutil") is None:
        import pytest

        pytest.fail("needs runuser and certutil (util-linux, libnss3-tools)")
    machine = tmp_path / "machine" / "bridge"
    local_ca.create(machine)
    monkeypatch.setattr(local_ca, "MACHINE_FOLDER", machine)
    monkeypatch.setattr(local_ca, "SYSTEM_CA", tmp_path / "no-system-ca.crt")
    homes = {name: tmp_path / name for name in ("an", "binh")}
    for name, home in homes.items():
        own, _ = local_ca.prepare_user_certificates(tmp_path / f"{name}-data", make=True)
        local_ca.trust(own, home=home)
    monkeypatch.setattr(pwd, "getpwall", lambda: [
        pwd.struct_passwd((name, "x", 1001 + i, 1001 + i, "", str(homes[name]), "/bin/sh"))
        for i, name in enumerate(homes)])
    real = subprocess.run

    def as_root(cmd, *a, **k):
        if "runuser" in cmd[0]:
            if cmd[2] == "an":
                raise subprocess.TimeoutExpired(cmd, 60)
            cmd = cmd[4:]
        return real(cmd, *a, **k)

    monkeypatch.setattr(subprocess, "run", as_root)
    assert main(["bridge", "remove", "--machine"]) == 3
    assert not machine.exists()
    err = capsys.readouterr().err
    assert "an: certutil" in err
    assert local_ca.nss_certificates(homes["binh"] / ".pki" / "nssdb") == []


def test_machine_setup_makes_no_key_and_removes_the_old_shared_one(isolated_home, tmp_path,
                                                                   monkeypatch,
                                                                   capsys) -> None:
    """What the installers run (``kyso bridge setup --machine --if-enabled``): no key for
    the machine any more; an older version's world-readable key is deleted, enabled or not."""
    from kyso.cli.main import main
    from kyso.core.bridge import local_ca

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    machine = tmp_path / "machine" / "bridge"
    monkeypatch.setattr(local_ca, "MACHINE_FOLDER", machine)
    monkeypatch.setattr(local_ca, "SYSTEM_CA", tmp_path / "no-system-ca.crt")
    monkeypatch.setattr("pwd.getpwall", lambda: [])
    settings = tmp_path / "kyso.toml"
    monkeypatch.setenv("KYSO_MACHINE_CONFIG", str(settings))
    for text in ("[bridge]\nenabled = true\n", "[bridge]\nenabled = false\n"):
        settings.write_text(text)
        local_ca.create(machine).key.chmod(0o644)
        main(["bridge", "status"])
        assert "phiên bản Kyso cũ" in capsys.readouterr().out
        assert main(["bridge", "setup", "--machine", "--if-enabled"]) == 0
        out = capsys.readouterr().out
        assert not machine.exists()
        assert f"deleted:{machine}" in out
        assert ("lần đầu Kyso khởi động" in out) == ("true" in text)
        assert not (isolated_home / "data" / "bridge").exists()  # root's own: none either
    assert main(["bridge", "setup", "--machine"]) == 0  # nothing old left: nothing to do


def test_status_warns_about_a_key_other_users_can_read(isolated_home, tmp_path, monkeypatch,
                                                       capsys) -> None:
    from kyso.cli.main import main
    from kyso.core.bridge import local_ca

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(local_ca, "MACHINE_FOLDER", tmp_path / "no-machine")
    certs = local_ca.create(isolated_home / "data" / "bridge")
    local_ca.trust(certs, home=tmp_path / "home")
    assert main(["bridge", "status", "--json"]) == 0
    state = json.loads(capsys.readouterr().out)
    assert state["key_readable_by_others"] is False and state["key_mode"] == "0o600"
    assert "key_readable_by_all_users" not in state and "legacy_machine_certificates" not in state
    certs.key.chmod(0o640)
    assert main(["bridge", "status"]) == 3
    assert "người dùng khác đọc được khóa" in capsys.readouterr().out
    main(["bridge", "status", "--json"])
    assert json.loads(capsys.readouterr().out)["key_readable_by_others"] is True
