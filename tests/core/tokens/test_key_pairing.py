"""The right key, proven (issue 20 item 1), on SoftHSM2 tokens the tests build.

* an old certificate beside its renewal under one CKA_ID, with only the new key: the new
  certificate signs (validated by pdfsig and pyHanko), the old one stops with "khóa trên
  thiết bị không khớp với chứng thư đã chọn" and writes nothing;
* two keys under one CKA_ID: each certificate signs with its own key;
* a key wrongly paired anyway: the signature is checked against the certificate before the
  file is written, and nothing is;
* a module that will not show a key's public part: the only key under the ID, or the one
  whose test signature verifies.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import x509 as ax509
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from kyso.core.demo.pki import Issued, person_name
from kyso.core.keys.base import KEY_MISMATCH_VI, KeyMismatchError
from kyso.core.signing.batch import SignRequest, sign_with_key
from kyso.core.signing.pades import Level, SignOptions
from kyso.core.tokens.key import Pkcs11Key, find_private_key
from kyso.core.tokens.slots import list_tokens
from kyso.core.tokens.softhsm import CertObject, KeyObject
from tests.conftest import USER_PIN
from tests.support.signing_fixtures import FixedPin, make_pdf, sign_world_base

__all__ = ["sign_world_base"]

KEY_ID = bytes.fromhex("a1")


def _clerk(pki: Any) -> Issued:
    """Lê Thị Cúc, văn thư of Hưng Yên's Sở KH&CN (the same subject in every issue)."""
    return pki.issue(
        person_name(
            "Lê Thị Cúc",
            title="Văn thư",
            ous=["Văn phòng", "Sở Khoa học và Công nghệ"],
            o="UBND tỉnh Hưng Yên",
            locality="Hưng Yên",
            uid="CCCD:033190007777",
        )
    )


@dataclass
class Built:
    module: Any
    serial: str
    world: Any

    def snapshot(self):
        return next(s for s in list_tokens(self.module) if s.info.serial == self.serial)

    def entry(self, label: str):
        return next(c for c in self.snapshot().certificates if c.label == label)

    def sign(self, label: str, files: list[Path]):
        pki = self.world.certs.pki
        request = SignRequest(
            files,
            SignOptions(level=Level.B_B),
            chain_pool=[pki.sub_ca.cert, pki.root.cert],
            trust_roots=[pki.root.cert],
        )
        with Pkcs11Key.for_entry(
            self.module, self.snapshot(), self.entry(label), FixedPin(USER_PIN)
        ) as key:
            return sign_with_key(key, request)


def _build(tokens, softhsm_module, world, keys, certs) -> Built:
    tok = tokens.custom("PAIR", keys=keys, certs=certs)
    return Built(softhsm_module, tok.serial, world)


def _cert_obj(issued: Issued, label: str) -> CertObject:
    return CertObject(issued.der, KEY_ID, label, issued.cert.subject.public_bytes())


def _assert_valid(world, path: Path, cert: x509.Certificate) -> None:
    with path.open("rb") as fh:
        sig = PdfFileReader(fh).embedded_signatures[0]
        vc = ValidationContext(
            trust_roots=[ax509.Certificate.load(world.root_der)], allow_fetching=False
        )
        status = validate_pdf_signature(sig, vc)
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert status.signing_cert.dump() == ax509.Certificate.load(world_der(cert)).dump()
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out, out
    _openssl_cms_ok(world, path)


def _openssl_cms_ok(world, path: Path) -> None:
    """``openssl cms -verify`` of the extracted CMS over the /ByteRange bytes."""
    from asn1crypto import cms

    data = path.read_bytes()
    with path.open("rb") as fh:
        sig = PdfFileReader(fh).embedded_signatures[0]
        contents = bytes(sig.sig_object["/Contents"])
        a, b, c, d = (int(v) for v in sig.sig_object["/ByteRange"])
    work = path.parent / "openssl"
    work.mkdir(exist_ok=True)
    (work / "sig.der").write_bytes(cms.ContentInfo.load(contents, strict=False).dump())
    (work / "signed.bin").write_bytes(data[a : a + b] + data[c : c + d])
    pki = world.certs.pki
    (work / "ca.pem").write_bytes(pki.root.pem + pki.sub_ca.pem)
    proc = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(work / "sig.der"),
         "-content", str(work / "signed.bin"), "-CAfile", str(work / "ca.pem"),
         "-purpose", "any", "-out", "/dev/null"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0 and "Verification successful" in proc.stderr, proc.stderr


def world_der(cert: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.DER)


def _no_output(folder: Path) -> None:
    assert not list(folder.glob("*.signed.pdf")) and not list(folder.glob(".*.part"))


@pytest.fixture(scope="module")
def renewal(sign_world_base):
    pki = sign_world_base.certs.pki
    return _clerk(pki), _clerk(pki)  # old, new: one subject, two key pairs


def test_renewal_beside_old_certificate_one_id(
    tokens, softhsm_module, sign_world_base, renewal, tmp_path
):
    old, new = renewal
    built = _build(
        tokens, softhsm_module, sign_world_base,
        keys=[KeyObject(new.key_pkcs8_der(), KEY_ID, "cúc")],
        certs=[_cert_obj(old, "cúc cũ"), _cert_obj(new, "cúc mới")],
    )
    # the renewed certificate signs with its own key
    (tmp_path / "mới").mkdir()
    src = make_pdf(tmp_path / "mới" / "công văn.pdf")
    report = built.sign("cúc mới", [src])
    assert report.stopped is None and report.results[0].status == "signed", report.to_json()
    _assert_valid(sign_world_base, report.results[0].output, new.cert)
    # the old certificate: the key under its ID is not its key; nothing is signed
    (tmp_path / "cũ").mkdir()
    src = make_pdf(tmp_path / "cũ" / "công văn.pdf")
    with pytest.raises(KeyMismatchError) as caught:
        built.sign("cúc cũ", [src])
    assert KEY_MISMATCH_VI in caught.value.vi and caught.value.code == "key_mismatch"
    _no_output(tmp_path / "cũ")


def test_two_keys_under_one_id(tokens, softhsm_module, sign_world_base, tmp_path):
    pki = sign_world_base.certs.pki
    a, b = _clerk(pki), _clerk(pki)
    built = _build(
        tokens, softhsm_module, sign_world_base,
        keys=[KeyObject(a.key_pkcs8_der(), KEY_ID, "a"), KeyObject(b.key_pkcs8_der(), KEY_ID, "b")],
        certs=[_cert_obj(a, "cert a"), _cert_obj(b, "cert b")],
    )
    for label, issued in (("cert a", a), ("cert b", b)):
        folder = tmp_path / label.replace(" ", "_")
        folder.mkdir()
        report = built.sign(label, [make_pdf(folder / "x.pdf")])
        assert report.results[0].status == "signed", report.to_json()
        _assert_valid(sign_world_base, report.results[0].output, issued.cert)


class _WronglyPaired(Pkcs11Key):
    """A pairing bug on purpose: the key of ``other`` is used for this certificate (in this
    process: the override reaches into the session, which a token host keeps to itself)."""

    other: x509.Certificate
    in_host = False

    def _pair(self) -> None:
        other = self.other
        self._pairing = self.session.run(lambda raw: find_private_key(raw, other, b""))
        self._mechanisms = set()


def test_signature_checked_before_anything_is_written(
    tokens, softhsm_module, sign_world_base, tmp_path
):
    pki = sign_world_base.certs.pki
    a, b = _clerk(pki), _clerk(pki)
    built = _build(
        tokens, softhsm_module, sign_world_base,
        keys=[KeyObject(a.key_pkcs8_der(), KEY_ID, "a"), KeyObject(b.key_pkcs8_der(), bytes([2]), "b")],
        certs=[_cert_obj(a, "cert a")],
    )
    snap = built.snapshot()
    key = _WronglyPaired.for_entry(softhsm_module, snap, built.entry("cert a"), FixedPin(USER_PIN))
    key.other = b.cert
    files = [make_pdf(tmp_path / f"{i}.pdf") for i in range(2)]
    with key:
        report = sign_with_key(key, SignRequest(files, SignOptions(level=Level.B_B)))
    assert report.stopped == "key_mismatch" and KEY_MISMATCH_VI in report.error.vi
    assert [r.status for r in report.results] == ["failed", "not_started"]
    _no_output(tmp_path)


class _HidingModulus:
    """A real python-pkcs11 session whose objects will not show CKA_MODULUS (as some vendor
    modules refuse for private keys, and tokens without public-key objects)."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def get_objects(self, attrs: dict) -> list:
        return [_HidingObject(o) for o in self._session.get_objects(attrs)]


class _HidingObject:
    def __init__(self, obj: Any) -> None:
        self._obj = obj

    def __getitem__(self, attribute: Any) -> Any:
        from pkcs11 import Attribute
        from pkcs11.exceptions import AttributeSensitive

        if attribute == Attribute.MODULUS:
            raise AttributeSensitive()
        return self._obj[attribute]

    def sign(self, data: bytes, **kw: Any) -> bytes:
        return self._obj.sign(data, **kw)


def test_without_public_attributes_id_then_test_signature(
    tokens, softhsm_module, sign_world_base
):
    pki = sign_world_base.certs.pki
    a, b, c = _clerk(pki), _clerk(pki), _clerk(pki)
    built = _build(
        tokens, softhsm_module, sign_world_base,
        keys=[
            KeyObject(a.key_pkcs8_der(), KEY_ID, "a"),
            KeyObject(b.key_pkcs8_der(), KEY_ID, "b"),
            KeyObject(c.key_pkcs8_der(), bytes([3]), "c"),
        ],
        certs=[],
    )
    from kyso.core.tokens.sessions import login
    from kyso.core.tokens.slots import TokenKey

    built.snapshot()  # SoftHSM2 shows a new token after a rescan
    session = login(softhsm_module, TokenKey(softhsm_module.path, built.serial), FixedPin(USER_PIN))
    try:
        def pair(cert, key_id):
            return session.run(lambda raw: find_private_key(_HidingModulus(raw), cert, key_id))

        # the only key under its ID: taken by CKA_ID (and checked after each signature)
        assert pair(c.cert, bytes([3])).how == "key_id"
        # two keys under one ID: a test signature tells them apart
        for issued in (a, b):
            pairing = pair(issued.cert, KEY_ID)
            assert pairing.how == "test_signature"
            assert pairing.handle._obj[__import__("pkcs11").Attribute.LABEL] == (
                "a" if issued is a else "b"
            )
        # a certificate none of the keys belongs to
        stranger = _clerk(pki)
        with pytest.raises(KeyMismatchError):
            pair(stranger.cert, KEY_ID)
        # with the public parts readable, pairing is by the public key
        assert session.run(lambda raw: find_private_key(raw, b.cert, KEY_ID)).how == "public_key"
    finally:
        session.close()
