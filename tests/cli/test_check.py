"""`kyso check`: trust + two-tier verdicts for files, subjects and token certificates."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding

from tests.conftest import kyso_cli_env, kyso_cmd


def run(env, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kyso_cmd(*args), env=env, capture_output=True, text=True, timeout=120)


def _env(softhsm_store, home: Path) -> dict[str, str]:
    return kyso_cli_env(softhsm_store, home)


def test_good_certificate_file(world, softhsm_store, isolated_home, tmp_path: Path) -> None:
    leaf = world.issue("Lê Văn Tốt")
    f = tmp_path / "good.pem"
    f.write_bytes(leaf.pem)
    proc = run(_env(softhsm_store, isolated_home), "check", "--json", "--anchors", str(world.anchors_dir), str(f))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [result] = json.loads(proc.stdout)
    assert set(result) == {"subject", "sha256", "trust", "reform"}
    assert result["sha256"] == leaf.cert.fingerprint(__import__("cryptography.hazmat.primitives.hashes", fromlist=["SHA256"]).SHA256()).hex()
    trust = result["trust"]
    assert set(trust) == {"status", "reasons", "chain", "not_after", "revocation", "path_revocation"}
    assert trust["status"] == "ok" and trust["reasons"] == []
    assert len(trust["chain"]) == 3 and "RootCA" in trust["chain"][-1]
    assert trust["revocation"]["status"] == "good"
    assert trust["revocation"]["source"] in ("ocsp", "crl", "cache")
    assert set(trust["revocation"]) == {"status", "source", "revoked_at", "checked_at"}
    assert result["reform"]["status"] == "current"


def test_revoked_and_several_per_file(world, softhsm_store, isolated_home, tmp_path: Path) -> None:
    bad = world.issue("Trần Bị Thu Hồi")
    world.pki.revoke(bad)
    world.crl.publish("sub.crl", world.pki)
    world.ocsp.refresh() if hasattr(world.ocsp, "refresh") else None
    f = tmp_path / "two.pem"
    f.write_bytes(bad.pem + world.pki.sub_ca.pem)
    proc = run(_env(softhsm_store, isolated_home), "check", "--json", "--anchors", str(world.anchors_dir), str(f))
    assert proc.returncode == 3, proc.stderr
    results = json.loads(proc.stdout)
    assert len(results) == 2
    leaf = next(r for r in results if "Thu Hồi" in r["subject"])
    assert leaf["trust"]["status"] == "failed"
    assert leaf["trust"]["revocation"]["status"] == "revoked"
    assert leaf["trust"]["revocation"]["revoked_at"]
    assert any(r["code"] == "revoked" for r in leaf["trust"]["reasons"])


def test_unknown_issuer_fails(world, softhsm_store, isolated_home, tmp_path: Path) -> None:
    f = tmp_path / "leaf.der"
    f.write_bytes(world.issue("Người Lạ").cert.public_bytes(Encoding.DER))
    empty = tmp_path / "no-anchors"
    empty.mkdir()
    (empty / "unrelated.pem").write_bytes(b"")
    proc = run(_env(softhsm_store, isolated_home), "check", "--json", "--offline", "--anchors", str(tmp_path / "leaf.der"), str(f))
    # the leaf itself is not a root: nothing anchors the chain
    assert proc.returncode in (1, 3)
    if proc.returncode == 3:
        [result] = json.loads(proc.stdout)
        assert result["trust"]["status"] == "failed"


def test_subjects_only(softhsm_store, isolated_home) -> None:
    proc = run(
        _env(softhsm_store, isolated_home),
        "check",
        "--json",
        "--subject",
        "CN=Sở Y tế tỉnh Thái Bình,O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN",
        "--subject",
        "CN=UBND tỉnh Hưng Yên,O=UBND tỉnh Hưng Yên,L=Hưng Yên,C=VN",
    )
    assert proc.returncode == 3, proc.stderr
    first, second = json.loads(proc.stdout)
    assert first["trust"] is None and first["sha256"] is None
    reform = first["reform"]
    assert set(reform) >= {
        "status", "holder_kind", "province", "district", "commune", "proposed", "file_at", "reasons",
    }
    assert reform["status"] == "needs_change"
    assert reform["province"] == {"old": "Thái Bình", "new": "Hưng Yên"}
    assert "Hưng Yên" in reform["file_at"] and "Thái Bình" in reform["file_at"]
    assert second["reform"]["status"] == "current"


def test_subjects_from_a_file_and_stdin(softhsm_store, isolated_home, tmp_path: Path) -> None:
    """``--subjects-from FILE`` (one DN a line; BOM, CRLF, blank and # lines accepted) and
    ``--subjects-from -`` read the same subjects as ``--subject`` repeated."""
    dns = [
        "CN=Sở Y tế tỉnh Thái Bình,O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN",
        "CN=UBND X. Vũ Hội,O=UBND H. Vũ Thư,L=Thái Bình,C=VN",
        "CN=UBND tỉnh Hưng Yên,O=UBND tỉnh Hưng Yên,L=Hưng Yên,C=VN",
    ]
    listing = tmp_path / "subjects.txt"
    text = "# danh sách\r\n" + dns[0] + "\r\n\r\n" + "\r\n".join(dns[1:]) + "\r\n"
    listing.write_bytes(text.encode("utf-8-sig"))
    env = _env(softhsm_store, isolated_home)
    argv = []
    for dn in dns:
        argv += ["--subject", dn]
    by_args = run(env, "check", "--json", *argv)
    by_file = run(env, "check", "--json", "--subjects-from", str(listing))
    by_stdin = subprocess.run(
        kyso_cmd("check", "--json", "--subjects-from", "-"),
        env=env, input=text, capture_output=True, text=True, timeout=120,
    )
    assert by_file.returncode == by_stdin.returncode == by_args.returncode == 3, by_file.stderr
    want = json.loads(by_args.stdout)
    assert [r["subject"] for r in want] == dns
    assert json.loads(by_file.stdout) == want == json.loads(by_stdin.stdout)
    assert want[1]["reform"]["commune"] == {"old": "Xã Vũ Hội", "new": ["Xã Thư Vũ"]}
    # Mixed with --subject: those come first.
    both = run(env, "check", "--json", "--subject", dns[2], "--subjects-from", str(listing))
    assert [r["subject"] for r in json.loads(both.stdout)] == [dns[2], *dns]
    # Text output shows every proposed field.
    plain = run(env, "check", "--subjects-from", str(listing))
    assert "đề xuất CN = UBND X. Thư Vũ" in plain.stdout


def test_subjects_from_a_missing_file(softhsm_store, isolated_home, tmp_path: Path) -> None:
    proc = run(
        _env(softhsm_store, isolated_home), "check", "--subjects-from", str(tmp_path / "none.txt")
    )
    assert proc.returncode == 1
    assert "Không đọc được danh sách chủ thể" in proc.stderr
    assert "Traceback" not in proc.stderr
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("CN=Sở".encode("cp1258", "replace") + b"\xff\xfe\xfa")
    proc = run(_env(softhsm_store, isolated_home), "check", "--subjects-from", str(latin))
    assert proc.returncode == 1 and "không phải văn bản UTF-8" in proc.stderr


def test_token_certificates(tokens, test_pki, softhsm_store, isolated_home, tmp_path: Path) -> None:
    tok = tokens.demo(test_pki)
    anchors = tmp_path / "root.pem"
    anchors.write_bytes(test_pki.pki.root.pem)
    proc = run(_env(softhsm_store, isolated_home), "check", "--json", "--offline", "--anchors", str(anchors))
    assert proc.returncode == 3
    results = json.loads(proc.stdout)
    subjects = [r["subject"] for r in results]
    assert len([s for s in subjects if "CCCD" in s or "MST" in s]) >= 5
    assert not any("RootCA" in s for s in subjects)  # CA certificates are not checked as users'
    leader = next(r for r in results if "Nguyễn Văn An" in r["subject"] and r["sha256"] == test_pki.leader.cert.fingerprint(__import__("cryptography.hazmat.primitives.hashes", fromlist=["SHA256"]).SHA256()).hex())
    assert leader["reform"]["status"] == "unit_abolished"
    # the chain was built from the CA certificates on the token itself
    assert len(leader["trust"]["chain"]) == 3
    assert tok.serial


def test_bad_file_is_a_clear_error(softhsm_store, isolated_home, tmp_path: Path) -> None:
    f = tmp_path / "not-a-cert.pem"
    f.write_text("hello")
    proc = run(_env(softhsm_store, isolated_home), "check", str(f))
    assert proc.returncode == 1
    assert "kyso:" in proc.stderr and "Traceback" not in proc.stderr


def test_anchors_download_refuses_unpinned_roots(world, softhsm_store, isolated_home) -> None:
    from tests.support.responders import CaIssuersServer

    server = CaIssuersServer()
    try:
        server.files["/rootcag2.crt"] = world.pki.root.der  # a TEST root: matches no pin
        proc = run(
            _env(softhsm_store, isolated_home),
            "anchors",
            "download",
            "--url",
            server.url("/rootcag2.crt"),
        )
    finally:
        server.stop()
    assert proc.returncode == 1
    assert "dấu vân tay" in proc.stderr
    assert not (isolated_home / "data" / "anchors").exists() or not any(
        (isolated_home / "data" / "anchors").iterdir()
    )


def test_crl_and_certs_by_file_offline(world, softhsm_store, isolated_home, tmp_path: Path) -> None:
    """Closed networks: the intermediate and the CRL are copied by hand (issue 21)."""
    from kyso.core.demo.pki import PkiUrls

    leaf = world.issue("Trần Bị Thu Hồi", urls=PkiUrls())
    world.pki.revoke(leaf)
    (tmp_path / "leaf.pem").write_bytes(leaf.pem)
    (tmp_path / "sub.pem").write_bytes(world.pki.sub_ca.pem)
    (tmp_path / "sub.crl").write_bytes(world.pki.make_crl().public_bytes(Encoding.DER))
    base = ["check", "--json", "--offline", "--anchors", str(world.anchors_dir)]
    env = _env(softhsm_store, isolated_home)
    without = run(env, *base, str(tmp_path / "leaf.pem"))
    [result] = json.loads(without.stdout)
    assert [r["code"] for r in result["trust"]["reasons"]] == ["issuer_unknown"]
    proc = run(
        env, *base, "--certs", str(tmp_path / "sub.pem"), "--crl", str(tmp_path / "sub.crl"),
        str(tmp_path / "leaf.pem"),
    )  # fmt: skip
    assert proc.returncode == 3, proc.stderr
    [result] = json.loads(proc.stdout)
    assert result["trust"]["revocation"]["status"] == "revoked"
    assert result["trust"]["revocation"]["source"] == "file"
    assert any(r["code"] == "revoked" for r in result["trust"]["reasons"])


def test_a_bad_crl_file_is_a_clear_error(softhsm_store, isolated_home, tmp_path: Path) -> None:
    cert = tmp_path / "c.pem"
    cert.write_text("x")
    bad = tmp_path / "bad.crl"
    bad.write_bytes(b"not a crl")
    proc = run(_env(softhsm_store, isolated_home), "check", "--offline", "--crl", str(bad), str(cert))
    assert proc.returncode == 1
    assert "bad.crl" in proc.stderr and "Traceback" not in proc.stderr
