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
    assert set(trust) == {"status", "reasons", "chain", "not_after", "revocation"}
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
