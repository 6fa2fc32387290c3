"""Issue 21: weak and odd certificates named, name constraints, a CA as signer.

Each rule is shown failing on a certificate built to break it, next to a control that
differs only in that one respect.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from kyso.core.demo.pki import Issued, PkiUrls, person_name
from kyso.core.trust.checker import FAILED, OK, WARNING, TrustResult
from kyso.core.trust.pkix import SHA1_CUTOFF
from tests.support.trust_fixtures import TrustWorld

DAY = dt.timedelta(days=1)
UNKNOWN_OID = x509.ObjectIdentifier("1.3.6.1.4.1.99999.7")


def codes(result: TrustResult) -> list[str]:
    return [r.code for r in result.reasons]


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip


def _sign_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip


def make_cert(
    world: TrustWorld,
    subject: x509.Name,
    issuer: Issued,
    *,
    ca: bool = False,
    key: rsa.RSAPrivateKey | None = None,
    hash_alg: hashes.HashAlgorithm | None = None,
    not_before: dt.datetime | None = None,
    extensions: list[tuple[x509.ExtensionType, bool]] = (),  # type: ignore[assignment]
) -> Issued:
    key = key or world.leaf_key
    not_before = not_before or world.pki.now - 10 * DAY
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(world.pki.now + 365 * DAY)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_ca_usage() if ca else _sign_usage(), critical=True)
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return Issued(builder.sign(issuer.key, hash_alg or hashes.SHA256()), key)


def md5_resign(cert: x509.Certificate, issuer_key: rsa.RSAPrivateKey) -> x509.Certificate:
    return resign(cert, issuer_key, "md5_rsa", hashes.MD5())


def sha1_resign(cert: x509.Certificate, issuer_key: rsa.RSAPrivateKey) -> x509.Certificate:
    return resign(cert, issuer_key, "sha1_rsa", hashes.SHA1())


def resign(
    cert: x509.Certificate, issuer_key: rsa.RSAPrivateKey, algo: str, digest: hashes.HashAlgorithm
) -> x509.Certificate:
    """The same certificate, signed with a hash cryptography refuses to sign with (MD5, SHA-1)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    parsed = ax509.Certificate.load(cert.public_bytes(Encoding.DER))
    tbs = parsed["tbs_certificate"]
    tbs["signature"] = {"algorithm": algo}
    tbs_der = tbs.dump(force=True)
    signature = issuer_key.sign(tbs_der, padding.PKCS1v15(), digest)
    new = ax509.Certificate(
        {
            "tbs_certificate": ax509.TbsCertificate.load(tbs_der),
            "signature_algorithm": {"algorithm": algo},
            "signature_value": signature,
        }
    )
    return x509.load_der_x509_certificate(new.dump())


def leaf_name(cn: str = "Nguyễn Văn An", o: str = "UBND tỉnh Hưng Yên") -> x509.Name:
    return person_name(cn, ous=["Văn phòng"], o=o, locality="Hưng Yên", uid="CCCD:034090001234")


def check(world: TrustWorld, tmp_path: Path, cert: x509.Certificate, *extra: x509.Certificate):
    return world.checker(tmp_path).check(
        cert, extra_certs=[world.pki.sub_ca.cert, *extra], online=False
    )


def quiet(result: TrustResult) -> list[str]:
    """Codes other than "revocation not checked" (these leaves name no revocation source)."""
    return [c for c in codes(result) if c != "revocation_no_source"]


def test_control_leaf_is_clean(world: TrustWorld, tmp_path: Path) -> None:
    leaf = make_cert(world, leaf_name(), world.pki.sub_ca)
    assert quiet(check(world, tmp_path, leaf.cert)) == []


def test_md5_leaf_fails(world: TrustWorld, tmp_path: Path) -> None:
    leaf = make_cert(world, leaf_name(), world.pki.sub_ca)
    md5 = md5_resign(leaf.cert, world.pki.sub_ca.key)
    result = check(world, tmp_path, md5)
    assert result.status == FAILED
    assert quiet(result) == ["weak_hash_md5"]
    assert "MD5" in result.reasons[0].vi


def test_sha1_after_the_cutoff_is_a_warning_before_it_is_not(
    world: TrustWorld, tmp_path: Path
) -> None:
    new = sha1_resign(make_cert(world, leaf_name(), world.pki.sub_ca).cert, world.pki.sub_ca.key)
    result = check(world, tmp_path, new)
    assert quiet(result) == ["weak_hash_sha1"]
    assert result.reasons[0].severity == WARNING
    old = make_cert(world, leaf_name(), world.pki.sub_ca, not_before=SHA1_CUTOFF - 30 * DAY)
    assert quiet(check(world, tmp_path, sha1_resign(old.cert, world.pki.sub_ca.key))) == []


def test_sha1_root_anchor_stays_accepted(world: TrustWorld, tmp_path: Path) -> None:
    """A SHA-1 self-signed anchor (like Ban Cơ yếu's G1 root) is IT's decision: no reason."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RootCA G1 SHA-1 (TEST)")])
    root = Issued(
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(world.pki.now - 3650 * DAY)
        .not_valid_after(world.pki.now + 3650 * DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()),
        key,
    )
    root = Issued(sha1_resign(root.cert, key), key)
    leaf = make_cert(world, leaf_name(), root)
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "g1.pem").write_bytes(root.pem)
    from kyso.core.trust.checker import check_certificate

    result = check_certificate(leaf.cert, anchors=anchors, online=False, settings=world.settings())
    assert quiet(result) == []


def test_rsa_1024_leaf_is_a_warning(world: TrustWorld, tmp_path: Path) -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    leaf = make_cert(world, leaf_name(), world.pki.sub_ca, key=small)
    result = check(world, tmp_path, leaf.cert)
    assert quiet(result) == ["weak_key"]
    assert "1024" in result.reasons[0].vi
    assert result.reasons[0].severity == WARNING


def test_unknown_critical_extension_on_leaf_fails(world: TrustWorld, tmp_path: Path) -> None:
    ext = x509.UnrecognizedExtension(UNKNOWN_OID, b"\x05\x00")
    bad = make_cert(world, leaf_name(), world.pki.sub_ca, extensions=[(ext, True)])
    assert quiet(check(world, tmp_path, bad.cert)) == ["unknown_critical_extension"]
    fine = make_cert(world, leaf_name(), world.pki.sub_ca, extensions=[(ext, False)])
    assert quiet(check(world, tmp_path / "b", fine.cert)) == []


def _intermediate(world: TrustWorld, cn: str, **kw: object) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ (TEST)"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )
    return make_cert(world, name, world.pki.root, ca=True, key=key, **kw)  # type: ignore[arg-type]


def test_unknown_critical_extension_on_intermediate_fails(
    world: TrustWorld, tmp_path: Path
) -> None:
    ext = x509.UnrecognizedExtension(UNKNOWN_OID, b"\x05\x00")
    ca = _intermediate(world, "CA lạ (TEST)", extensions=[(ext, True)])
    leaf = make_cert(world, leaf_name(), ca)
    result = check(world, tmp_path, leaf.cert, ca.cert)
    assert result.status == FAILED
    assert quiet(result) == ["unknown_critical_extension"]
    assert "CA lạ" in result.reasons[0].vi


def test_ca_certificate_as_signer_is_refused(world: TrustWorld, tmp_path: Path) -> None:
    ca = _intermediate(world, "CA ký văn bản (TEST)")
    result = world.checker(tmp_path).check(ca.cert, online=False)
    assert result.status == FAILED
    assert "signer_is_ca" in codes(result)


@pytest.mark.parametrize(
    ("o", "expected"), [("UBND tỉnh Hưng Yên", []), ("UBND tỉnh Gia Lai", ["name_constraints"])]
)
def test_name_constraints_are_enforced(
    world: TrustWorld, tmp_path: Path, o: str, expected: list[str]
) -> None:
    permitted = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND tỉnh Hưng Yên"),
        ]
    )
    nc = x509.NameConstraints(
        permitted_subtrees=[x509.DirectoryName(permitted)], excluded_subtrees=None
    )
    ca = _intermediate(world, "CA tỉnh Hưng Yên (TEST)", extensions=[(nc, True)])
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, o),
            x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn An"),
        ]
    )
    leaf = make_cert(world, subject, ca)
    result = check(world, tmp_path, leaf.cert, ca.cert)
    assert quiet(result) == expected
    if expected:
        assert result.status == FAILED
        assert "ràng buộc tên" in result.reasons[0].vi


def test_revocation_unchanged_for_good_leaf(world: TrustWorld, tmp_path: Path) -> None:
    """The path checks add nothing to an ordinary leaf of the test PKI checked online."""
    leaf = world.issue(urls=PkiUrls(ocsp_url=world.urls.ocsp_url))
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == OK, result.reasons
