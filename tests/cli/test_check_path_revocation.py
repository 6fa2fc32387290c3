"""``kyso check --json``: the revocation status of every certificate of the path (issue 21).

Each certificate object's ``trust`` carries ``path_revocation``, one entry per certificate
of the chain but the anchor (leaf first), in the shape ``kyso verify`` gives per signature
(:class:`kyso.core.verify.path_revocation.CertRevocation`). The CA here, like VGCA's, names
the root's CRL; the leaf names its CA's CRL. Both CRLs are given by file (``--crl``) so the
checks are offline and each status can be turned on and off by one file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kyso.cli.main import main
from kyso.core.demo.pki import PkiUrls
from tests.support.trust_fixtures import TrustWorld
from tests.support.verify_fixtures import _ca_naming_its_crl, make_crl

KEYS = {"subject", "role", "status", "source", "revoked_at", "embedded"}


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:
    capsys.readouterr()
    code = main(["check", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_every_certificate_of_the_path_has_a_status(
    world: TrustWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pki = world.pki
    ca = _ca_naming_its_crl(pki, "http://127.0.0.1:9/root-not-served.crl")
    leaf = world.issue(
        "Phạm Đường Dẫn", urls=PkiUrls(crl_url="http://127.0.0.1:9/ca.crl"), issuer=ca
    )
    (tmp_path / "leaf.pem").write_bytes(leaf.pem)
    (tmp_path / "ca.pem").write_bytes(ca.pem)
    (tmp_path / "ca.crl").write_bytes(make_crl(ca, [], pki.now))
    (tmp_path / "root.crl").write_bytes(make_crl(pki.root, [], pki.now))
    revoked_at = pki.now - dt.timedelta(days=2)
    (tmp_path / "root-revoking.crl").write_bytes(
        make_crl(pki.root, [(ca.cert.serial_number, revoked_at)], pki.now)
    )
    base = [
        "--offline", "--anchors", str(world.anchors_dir), "--certs", str(tmp_path / "ca.pem"),
        "--crl", str(tmp_path / "ca.crl"),
    ]  # fmt: skip

    # Only the leaf's CRL: the leaf is good, the CA above it cannot be checked.
    code, [result] = check_json(capsys, *base, str(tmp_path / "leaf.pem"))
    assert code == 3
    path = result["trust"]["path_revocation"]
    assert [set(entry) for entry in path] == [KEYS, KEYS]
    assert [(e["role"], e["status"]) for e in path] == [("signer", "good"), ("ca", "unknown")]
    assert "Phạm Đường Dẫn" in path[0]["subject"] and "CA có công bố CRL" in path[1]["subject"]
    # read from a --crl file, not fetched: "file" (it said "online" before)
    assert path[0]["source"] == "file" and path[1]["source"] is None
    assert not any(e["embedded"] for e in path)
    assert "issuer_revocation_unknown" in [r["code"] for r in result["trust"]["reasons"]]

    # The root's CRL too: every certificate but the anchor is good.
    code, [result] = check_json(
        capsys, *base, "--crl", str(tmp_path / "root.crl"), str(tmp_path / "leaf.pem")
    )
    assert code == 0, result["trust"]["reasons"]
    path = result["trust"]["path_revocation"]
    assert [(e["role"], e["status"]) for e in path] == [("signer", "good"), ("ca", "good")]
    assert len(result["trust"]["chain"]) == 3  # the anchor is in the chain, not in the path

    # A root CRL that revokes the CA: the CA entry says so, with the date (Vietnam time).
    code, [result] = check_json(
        capsys, *base, "--crl", str(tmp_path / "root-revoking.crl"), str(tmp_path / "leaf.pem")
    )
    assert code == 3
    ca_entry = result["trust"]["path_revocation"][1]
    assert ca_entry["status"] == "revoked"
    assert ca_entry["revoked_at"].endswith("+07:00")
    assert dt.datetime.fromisoformat(ca_entry["revoked_at"]) == revoked_at.replace(microsecond=0)


def test_untrusted_and_anchor_only(
    world: TrustWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A certificate whose chain is not trusted has only its own entry (nothing above it is
    asked); the trust anchor checked by itself has none; a subject checked alone has no
    trust object at all."""
    from kyso.core.demo.pki import PkiBuilder

    other = PkiBuilder(marker="KHÁC", urls=PkiUrls())
    stranger = other.issue(other.sub_ca.cert.subject, key=world.leaf_key)
    (tmp_path / "stranger.pem").write_bytes(stranger.pem)
    (tmp_path / "root.pem").write_bytes(world.pki.root.pem)
    code, results = check_json(
        capsys,
        "--offline",
        "--anchors",
        str(world.anchors_dir),
        str(tmp_path / "stranger.pem"),
        str(tmp_path / "root.pem"),
    )
    stranger_result, root_result = results
    assert [(e["role"], e["status"]) for e in stranger_result["trust"]["path_revocation"]] == [
        ("signer", "unknown")
    ]
    assert root_result["trust"]["path_revocation"] == []
    # The test PKI's sub-CA names no revocation service: "no_source", as in kyso verify.
    leaf = world.issue("Lê Văn Tốt")
    (tmp_path / "good.pem").write_bytes(leaf.pem)
    code, [result] = check_json(
        capsys, "--anchors", str(world.anchors_dir), str(tmp_path / "good.pem")
    )
    assert code == 0, result["trust"]["reasons"]
    assert [(e["role"], e["status"], e["source"]) for e in result["trust"]["path_revocation"]] == [
        ("signer", "good", "online"),
        ("ca", "no_source", None),
    ]
    code, [subject] = check_json(capsys, "--subject", "CN=Nguyễn Văn A,O=UBND tỉnh Hưng Yên,C=VN")
    assert subject["trust"] is None
