"""Per-user listener keys (issue 18, item 4): each user's own CA and a key only that user reads.

The attack these tests close: with one shared key (older versions' machine set-up), any local
user who binds 127.0.0.1:8987 first presents a certificate every user's browser trusts and
receives another user's page's JWTToken and upload URL. With per-user keys that user's
listener can only show a certificate of *their* CA, which the first user's browser refuses.

Real parts: real TLS over 127.0.0.1 (Python's ssl as the browser), real NSS databases through
``certutil`` (libnss3-tools), two "users" as two data folders and two homes in tmp.
"""

from __future__ import annotations

import datetime as dt
import pwd
import socket
import ssl
import subprocess
import threading
from pathlib import Path

import pytest

from kyso.core.bridge import local_ca


@pytest.fixture
def legacy_machine(tmp_path, monkeypatch) -> local_ca.BridgeCertificates:
    """An older version's shared set-up left on the machine (its folder and system-store
    file under tmp): what the old code served every user's listener with."""
    monkeypatch.setattr(local_ca, "MACHINE_FOLDER", tmp_path / "var-lib-kyso" / "bridge")
    monkeypatch.setattr(local_ca, "SYSTEM_CA", tmp_path / "ca-certificates" / "kyso.crt")
    shared = local_ca.create(local_ca.MACHINE_FOLDER)
    shared.key.chmod(0o644)  # as the older versions wrote it
    local_ca.SYSTEM_CA.parent.mkdir()
    local_ca.SYSTEM_CA.write_bytes(shared.ca.read_bytes())
    return shared


def _serve_once(certs: local_ca.BridgeCertificates) -> tuple[int, threading.Thread]:
    """A listener with ``certs`` on an ephemeral loopback port, for one handshake."""
    ctx = certs.ssl_context()
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        with listener:
            conn, _ = listener.accept()
            with conn:
                try:
                    with ctx.wrap_socket(conn, server_side=True) as tls:  # type: ignore[attr-defined]
                        tls.sendall(b"listener")
                except (ssl.SSLError, OSError):
                    pass  # the client refused us

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return port, thread


def _browser_of(certs: local_ca.BridgeCertificates, port: int) -> bytes:
    """What a browser trusting only ``certs``' CA reads from the listener on ``port``."""
    ctx = ssl.create_default_context(cafile=str(certs.ca))
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            return tls.recv(16)


def test_another_users_listener_is_refused_by_this_users_browser(tmp_path,
                                                                  legacy_machine) -> None:
    """User B binds the port first: user A's browser (trusting A's CA only) refuses B's
    listener, so B never reads what A's page sends. The old code served both users with the
    machine's shared key, and A's browser accepted B's listener."""
    a, made_a = local_ca.prepare_user_certificates(tmp_path / "a" / "data", make=True)
    b, made_b = local_ca.prepare_user_certificates(tmp_path / "b" / "data", make=True)
    assert made_a and made_b and a is not None and b is not None
    assert local_ca.certificates_for(tmp_path / "b" / "data") == b  # never the machine's
    assert a.ca.read_bytes() != b.ca.read_bytes() != legacy_machine.ca.read_bytes()

    port, thread = _serve_once(b)
    with pytest.raises(ssl.SSLCertVerificationError):
        _browser_of(a, port)
    thread.join(30)
    # the controls: each user's browser accepts that user's own listener
    for own in (a, b):
        port, thread = _serve_once(own)
        assert _browser_of(own, port) == b"listener"
        thread.join(30)


def test_the_key_is_the_users_alone(tmp_path) -> None:
    certs, made = local_ca.prepare_user_certificates(tmp_path / "data", make=True)
    assert made and certs is not None
    assert certs.folder == tmp_path / "data" / "bridge"
    assert (certs.key.stat().st_mode & 0o777) == 0o600
    assert (certs.folder.stat().st_mode & 0o777) == 0o700
    assert certs.key_readable_by_others() is False
    # no user set-up and IT did not enable the bridge: nothing is made
    assert local_ca.prepare_user_certificates(tmp_path / "other", make=False) == (None, False)
    assert not (tmp_path / "other").exists()


def test_a_key_others_can_read_is_reported_and_replaced(tmp_path) -> None:
    certs, _ = local_ca.prepare_user_certificates(tmp_path / "data", make=True)
    assert certs is not None
    before = certs.ca.read_bytes()
    certs.key.chmod(0o644)
    state = local_ca.status(certs, home=tmp_path / "h")
    assert state["key_readable_by_others"] is True and state["key_mode"] == "0o644"
    again, made = local_ca.prepare_user_certificates(tmp_path / "data", make=False)
    assert made and again is not None and again.ca.read_bytes() != before  # may have been read
    assert local_ca.status(again, home=tmp_path / "h")["key_readable_by_others"] is False


def test_a_key_that_does_not_match_its_certificate_is_replaced(tmp_path) -> None:
    """A key file from elsewhere (a copy, an interrupted write): the listener could not load
    it, so the start makes new certificates rather than fail."""
    certs, _ = local_ca.prepare_user_certificates(tmp_path / "data", make=True)
    other = local_ca.create(tmp_path / "other")
    certs.key.write_bytes(other.key.read_bytes())
    again, made = local_ca.prepare_user_certificates(tmp_path / "data", make=False)
    assert made and again is not None
    again.ssl_context()  # loads: key and certificate belong together
    certs.key.write_bytes(b"not a key")
    assert local_ca.prepare_user_certificates(tmp_path / "data", make=False)[1] is True


def _nss(home: Path) -> Path:
    return home / ".pki" / "nssdb"


def test_first_start_trusts_the_users_ca_in_that_users_nss_only(tmp_path) -> None:
    a, _ = local_ca.prepare_user_certificates(tmp_path / "a", make=True)
    b, _ = local_ca.prepare_user_certificates(tmp_path / "b", make=True)
    assert a is not None and b is not None
    calls: list[str] = []

    def run(cmd):
        calls.append(cmd[1])
        return local_ca._run(cmd)

    report = local_ca.trust_for_user(a, home=tmp_path / "home-a", run=run, platform="linux")
    assert report.stores == {f"nss:{_nss(tmp_path / 'home-a')}": True}, report.problems
    assert local_ca.trust_for_user(b, home=tmp_path / "home-b", platform="linux").stores
    assert local_ca.nss_certificates(_nss(tmp_path / "home-a")) == [a.ca_der()]
    assert local_ca.nss_certificates(_nss(tmp_path / "home-b")) == [b.ca_der()]
    calls.clear()  # trusted already: the next start only looks
    assert local_ca.trust_for_user(a, home=tmp_path / "home-a", run=run,
                                   platform="linux").stores == {}
    assert calls == ["-L"]
    state = local_ca.status(a, home=tmp_path / "home-a")
    assert state["trusted_by"] == {f"nss:{_nss(tmp_path / 'home-a')}": True}
    # B's CA in A's database is not A's trust
    assert local_ca.status(b, home=tmp_path / "home-a")["trusted_by"] == {
        f"nss:{_nss(tmp_path / 'home-a')}": False}


def test_renewal_within_30_days_replaces_the_ca_and_its_trust(tmp_path) -> None:
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    home = tmp_path / "home"
    first, made = local_ca.prepare_user_certificates(tmp_path / "data", make=True, now=t0)
    assert made and first is not None
    local_ca.trust_for_user(first, home=home, platform="linux")
    old_ca = first.ca_der()
    end = first.server_certificate().not_valid_after_utc
    assert end - t0 == dt.timedelta(days=825)

    quiet = end - dt.timedelta(days=31)
    assert local_ca.prepare_user_certificates(tmp_path / "data", make=True, now=quiet)[1] is False
    assert local_ca.status(first, home=home, now=quiet)["renewal_due"] is False

    due = end - dt.timedelta(days=30)
    assert local_ca.status(first, home=home, now=due)["renewal_due"] is True
    renewed, made = local_ca.prepare_user_certificates(tmp_path / "data", make=False, now=due)
    assert made and renewed is not None
    assert renewed.ca_der() != old_ca
    assert renewed.server_certificate().not_valid_after_utc - due == dt.timedelta(days=825)
    report = local_ca.trust_for_user(renewed, home=home, platform="linux")
    assert all(report.stores.values()) and report.stores, report.problems
    assert local_ca.nss_certificates(_nss(home)) == [renewed.ca_der()]  # the old CA is gone


def _users(tmp_path: Path, *names: str) -> tuple[dict[str, Path], list]:
    homes = {name: tmp_path / name for name in names}
    users = [pwd.struct_passwd((name, "x", 1001 + i, 1001 + i, "", str(homes[name]), "/bin/sh"))
             for i, name in enumerate(names)]
    return homes, users


def _as_root(seen: list):
    def run(cmd):
        seen.append(list(cmd))
        if cmd[0] == "update-ca-certificates":
            return subprocess.CompletedProcess(cmd, 0, "", "")
        if cmd[0].endswith("runuser"):
            assert cmd[1:4] == ["-u", cmd[2], "--"]
            cmd = cmd[4:]  # as root here: the certutil call itself
        return local_ca._run(cmd)
    return run


def test_upgrade_removes_the_shared_key_and_its_ca_everywhere(tmp_path, legacy_machine) -> None:
    """``kyso bridge setup --machine`` after an upgrade: the older version's shared CA leaves
    the system store and each user's NSS database where it is that CA, a user's own CA
    stays, and the world-readable key is deleted."""
    homes, users = _users(tmp_path, "an", "binh")
    local_ca.trust(legacy_machine, home=homes["an"])  # an has not started the new Kyso yet
    own, _ = local_ca.prepare_user_certificates(tmp_path / "binh-data", make=True)
    assert own is not None
    local_ca.trust(own, home=homes["binh"])  # binh has: their own CA
    assert local_ca.legacy_machine_ca() == legacy_machine.ca_der()
    seen: list = []
    report = local_ca.remove_legacy_machine_material(run=_as_root(seen), passwd=users,
                                                     platform="linux")
    assert report.problems == []
    assert report.stores == {f"nss:{_nss(homes['an'])}": True, "system": True,
                             f"deleted:{local_ca.MACHINE_FOLDER}": True}
    assert not local_ca.MACHINE_FOLDER.exists() and not local_ca.SYSTEM_CA.exists()
    assert ["update-ca-certificates", "--fresh"] in seen
    assert local_ca.nss_certificates(_nss(homes["an"])) == []
    assert local_ca.nss_certificates(_nss(homes["binh"])) == [own.ca_der()]
    assert local_ca.legacy_machine_material("linux") == []
    # the next upgrade (nothing old left) touches nobody's database
    seen.clear()
    again = local_ca.remove_legacy_machine_material(run=_as_root(seen), passwd=users,
                                                    platform="linux")
    assert again.stores == {} and seen == []
    assert local_ca.nss_certificates(_nss(homes["binh"])) == [own.ca_der()]


def test_package_removal_finds_every_users_own_ca(tmp_path) -> None:
    """``kyso bridge remove --machine``: per-user CAs share the nickname, so the removal by
    nickname takes each user's own out of that user's database."""
    homes, users = _users(tmp_path, "an", "binh")
    for name in homes:
        certs, _ = local_ca.prepare_user_certificates(tmp_path / f"{name}-data", make=True)
        assert certs is not None
        local_ca.trust_for_user(certs, home=homes[name], platform="linux")
        assert local_ca.nss_trusts(_nss(homes[name]), ca=certs.ca_der())
    homes["chi"] = tmp_path / "chi"  # Chrome's database, but never used the bridge
    _nss(homes["chi"]).mkdir(parents=True)
    local_ca._run(["certutil", "-N", "-d", f"sql:{_nss(homes['chi'])}", "--empty-password"])
    assert (_nss(homes["chi"]) / "cert9.db").exists()
    users.append(pwd.struct_passwd(("chi", "x", 1009, 1009, "", str(homes["chi"]), "/bin/sh")))
    report = local_ca.untrust_every_user(run=_as_root([]), passwd=users)
    # chi's database holds no Kyso CA: no failure, not reported
    assert report.stores == {f"nss:{_nss(homes[n])}": True for n in ("an", "binh")}
    assert report.problems == []
    assert all(local_ca.nss_certificates(_nss(h)) == [] for h in homes.values())
