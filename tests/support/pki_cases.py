"""Builders for the issue-21 PKI cases: certificates, CRLs and OCSP answers made to break
exactly one RFC 5280 / RFC 6960 rule, shared by the trust-level tests
(tests/core/trust/test_path_rules.py, test_revocation_rules.py) and the same cases inside
signed PDFs (tests/cli/test_verify_findings.py).

Everything is issued under the session's test PKI (:class:`tests.support.trust_fixtures.
TrustWorld`) and served by its responders on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from asn1crypto import algos
from asn1crypto import ocsp as aocsp
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import NameOID

from kyso.core.demo.pki import Issued, PkiUrls, person_name
from tests.support.trust_fixtures import TrustWorld

UTC = dt.timezone.utc
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
UNKNOWN_OID = x509.ObjectIdentifier("1.3.6.1.4.1.99999.7")


# -- certificates --------------------------------------------------------------------------


def ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip


def sign_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip


def url_extensions(urls: PkiUrls | None) -> list[tuple[x509.ExtensionType, bool]]:
    """CRL distribution point and OCSP access of ``urls`` as certificate extensions."""
    out: list[tuple[x509.ExtensionType, bool]] = []
    if urls is None:
        return out
    if urls.crl_url:
        point = x509.DistributionPoint(
            [x509.UniformResourceIdentifier(urls.crl_url)], None, None, None
        )
        out.append((x509.CRLDistributionPoints([point]), False))
    if urls.ocsp_url:
        access = x509.AccessDescription(
            x509.oid.AuthorityInformationAccessOID.OCSP,
            x509.UniformResourceIdentifier(urls.ocsp_url),
        )
        out.append((x509.AuthorityInformationAccess([access]), False))
    return out


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
    urls: PkiUrls | None = None,
) -> Issued:
    """A certificate with only what the case needs (``urls``: where its revocation lives)."""
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
        .add_extension(ca_usage() if ca else sign_usage(), critical=True)
    )
    for extension, critical in [*extensions, *url_extensions(urls)]:
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
    parsed = ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
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


def intermediate(world: TrustWorld, cn: str, **kw: object) -> Issued:
    """A CA directly under the test root, with its own key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ (TEST)"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )
    return make_cert(world, name, world.pki.root, ca=True, key=key, **kw)  # type: ignore[arg-type]


def hung_yen_constraints() -> x509.NameConstraints:
    """Name constraints that permit only subjects under C=VN, O=UBND tỉnh Hưng Yên."""
    permitted = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND tỉnh Hưng Yên"),
        ]
    )
    return x509.NameConstraints(
        permitted_subtrees=[x509.DirectoryName(permitted)], excluded_subtrees=None
    )


def constrained_subject(o: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, o),
            x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn An"),
        ]
    )


# -- revocation data -----------------------------------------------------------------------


def ocsp_only(world: TrustWorld) -> PkiUrls:
    return PkiUrls(ocsp_url=world.urls.ocsp_url)


def crl_only(world: TrustWorld) -> PkiUrls:
    return PkiUrls(crl_url=world.urls.crl_url)


def ocsp_answer(
    world: TrustWorld,
    *,
    this_update: dt.datetime,
    next_update: dt.datetime | None,
    revoked: bool = False,
    signer: Issued | None = None,
) -> Callable[[ocsp.OCSPRequest], bytes]:
    """A responder answer with chosen dates (``next_update=None``: the field is absent)."""

    def answer(request: ocsp.OCSPRequest) -> bytes:
        issuer = world.pki.sub_ca
        who = signer or issuer
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response_by_hash(
                issuer_name_hash=request.issuer_name_hash,
                issuer_key_hash=request.issuer_key_hash,
                serial_number=request.serial_number,
                algorithm=request.hash_algorithm,
                cert_status=ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD,
                this_update=this_update,
                next_update=next_update,
                revocation_time=this_update - DAY if revoked else None,
                revocation_reason=x509.ReasonFlags.key_compromise if revoked else None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, who.cert)
        )
        if signer is not None:
            builder = builder.certificates([signer.cert])
        return builder.sign(who.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    return answer


def answer_for(
    answer: Callable[[ocsp.OCSPRequest], bytes], cert: x509.Certificate, issuer: x509.Certificate
) -> bytes:
    """What ``answer`` says about ``cert`` (to embed it in a document, or hand it to pyHanko)."""
    request = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1()).build()
    return answer(request)


def make_crl(
    world: TrustWorld,
    *,
    this_update: dt.datetime | None = None,
    next_update: dt.datetime | None = None,
    number: int | None = None,
    revoked: list[x509.Certificate] = (),  # type: ignore[assignment]
    extensions: list[tuple[x509.ExtensionType, bool]] = (),  # type: ignore[assignment]
    issuer: Issued | None = None,
) -> x509.CertificateRevocationList:
    issuer = issuer or world.pki.sub_ca
    this_update = this_update or world.pki.now - HOUR
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.cert.subject)
        .last_update(this_update)
        .next_update(next_update or this_update + 7 * DAY)
        .add_extension(x509.CRLNumber(number or int(this_update.timestamp())), critical=False)
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    for cert in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(cert.serial_number)
            .revocation_date(this_update - DAY)
            .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
            .build()
        )
    return builder.sign(issuer.key, hashes.SHA256())


def serve_crl(world: TrustWorld, crl: x509.CertificateRevocationList) -> None:
    der = crl.public_bytes(serialization.Encoding.DER)
    world.crl.crls["sub.crl"] = lambda: der


OTHER_DP = x509.UniformResourceIdentifier("http://127.0.0.1:9/other-partition.crl")


def idp(**kw: object) -> x509.IssuingDistributionPoint:
    values: dict[str, object] = {
        "full_name": None,
        "relative_name": None,
        "only_contains_user_certs": False,
        "only_contains_ca_certs": False,
        "only_some_reasons": None,
        "indirect_crl": False,
        "only_contains_attribute_certs": False,
    }
    values.update(kw)
    return x509.IssuingDistributionPoint(**values)  # type: ignore[arg-type]


SCOPES: dict[str, list[tuple[x509.ExtensionType, bool]]] = {
    "ca_only": [(idp(only_contains_ca_certs=True), True)],
    "some_reasons": [(idp(only_some_reasons=frozenset({x509.ReasonFlags.key_compromise})), True)],
    "other_partition": [(idp(full_name=[OTHER_DP]), True)],
    "delta": [(x509.DeltaCRLIndicator(1), True)],
    "unknown_critical": [
        (
            x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.99999.1"), b"\x05\x00"),
            True,
        )
    ],
}
"""CRLs that are genuinely signed but are no proof that a leaf is not revoked."""


def pss_resign(der: bytes, key: rsa.RSAPrivateKey) -> bytes:
    """The same OCSP response, signed again with RSASSA-PSS (SHA-256, MGF1, salt 32)."""
    resp = aocsp.OCSPResponse.load(der)
    basic = resp["response_bytes"]["response"].parsed
    tbs = basic["tbs_response_data"].dump()
    signature = key.sign(
        tbs, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256()
    )
    fields = {
        "tbs_response_data": basic["tbs_response_data"],
        "signature_algorithm": algos.SignedDigestAlgorithm(
            {
                "algorithm": "rsassa_pss",
                "parameters": {
                    "hash_algorithm": {"algorithm": "sha256"},
                    "mask_gen_algorithm": {
                        "algorithm": "mgf1",
                        "parameters": {"algorithm": "sha256"},
                    },
                    "salt_length": 32,
                    "trailer_field": "trailer_field_bc",
                },
            }
        ),
        "signature": signature,
    }
    if basic["certs"].native is not None:
        fields["certs"] = basic["certs"]
    new_basic = aocsp.BasicOCSPResponse(fields)
    return aocsp.OCSPResponse(
        {
            "response_status": "successful",
            "response_bytes": {"response_type": "basic_ocsp_response", "response": new_basic},
        }
    ).dump()


def no_signing_usage() -> x509.KeyUsage:
    """Key encipherment only: a certificate that may not sign OCSP answers."""
    return x509.KeyUsage(
        digital_signature=False, content_commitment=False, key_encipherment=True,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
