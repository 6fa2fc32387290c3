"""``kyso sign`` on a SoftHSM2 token: item 4 never rests on a namesake's certificate.

The token holds the chairman's personal certificate (still naming old Hải Dương) of "UBND
xã Cẩm Giang" and the new-model organization certificate of "UBND xã Cẩm Giàng" — another
commune of Hải Phòng whose name differs only by a tone mark. Before the fix ``kyso sign
--emergency`` signed, the audit log recording the other commune as the ground (found by a
fault hunter). Now it is refused, in Vietnamese, and nothing is signed; with the chairman's
own commune's certificate on the token it signs.
"""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes

from kyso.core.demo.pki import organization_name, person_name
from kyso.core.tokens.softhsm import CertObject, KeyObject
from tests.cli.test_sign_cli import _env, run
from tests.support.signing_fixtures import make_pdf, sign_world_base

__all__ = ["sign_world_base"]

PIN = "123456"


def _sha(issued) -> str:
    return issued.cert.fingerprint(hashes.SHA256()).hex()


def _token(tokens, pki, *issued):
    keys, objects = [], []
    for i, cert in enumerate(issued, start=1):
        key_id = bytes([0x40 + i])
        keys.append(KeyObject(cert.key_pkcs8_der(), key_id, f"k{i}"))
        objects.append(CertObject(cert.der, key_id, f"c{i}", cert.cert.subject.public_bytes()))
    for name, ca in (("root", pki.root), ("sub-ca", pki.sub_ca)):
        objects.append(CertObject(ca.der, b"", name, ca.cert.subject.public_bytes()))
    return tokens.custom("NAMESAKE", keys=keys, certs=objects)


@pytest.fixture
def chairman(sign_world_base):
    return sign_world_base.certs.pki.issue(
        person_name("Phạm Văn Bình", title="Chủ tịch", ous=[], o="UBND xã Cẩm Giang",
                    locality="Hải Dương", uid="CCCD:030080001234")
    )


def _org(world, cn):
    return world.certs.pki.issue(
        organization_name(cn, o="UBND thành phố Hải Phòng", locality="Hải Phòng",
                          uid="MST:0800000001")
    )


def _sign(world, tokens, chairman, org, monkeypatch, capsys, tmp_path):
    tok = _token(tokens, world.certs.pki, chairman, org)
    env = _env(world, tmp_path)
    src = make_pdf(tmp_path / "a.pdf")
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "invisible", "--token", tok.serial,
        "--cert", _sha(chairman)[:12], "--pin-stdin", "--level", "B-B",
        "--emergency", "Ký công văn phòng chống bão", str(src), pin=PIN,
    )
    return code, err, env, tmp_path


def test_a_namesake_communes_certificate_allows_no_emergency_signature(
    sign_world_base, tokens, chairman, monkeypatch, capsys, tmp_path
):
    namesake = _org(sign_world_base, "UBND xã Cẩm Giàng")
    code, err, env, folder = _sign(
        sign_world_base, tokens, chairman, namesake, monkeypatch, capsys, tmp_path
    )
    assert code == 1, err
    assert "chưa có chứng thư của tổ chức mình đã theo mô hình mới" in err
    assert not list(folder.glob("a*signed*.pdf"))
    assert not (env.paths.data_dir / "audit.jsonl").exists()


def test_the_own_communes_certificate_allows_it(
    sign_world_base, tokens, chairman, monkeypatch, capsys, tmp_path
):
    own = _org(sign_world_base, "UBND xã Cẩm Giang")
    code, err, env, folder = _sign(sign_world_base, tokens, chairman, own, monkeypatch, capsys, tmp_path)
    assert code == 0, err
    assert "UBND xã Cẩm Giang" in err
    assert list(folder.glob("a*signed*.pdf"))
    assert "UBND xã Cẩm Giang" in (env.paths.data_dir / "audit.jsonl").read_text(encoding="utf-8")
