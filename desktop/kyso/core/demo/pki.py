"""A small PKI built like Ban Cơ yếu Chính phủ's, for the demo token and the test suite.

Shape (domain.md §3): a G2-like root ("RootCA chuyên dùng Chính phủ G2"), a sub-CA in the
style of "CA phục vụ các cơ quan Nhà nước G2", and leaf certificates with Vietnamese
subjects: persons ``CN, T, OU…, O, L, C=VN`` with ``UID=CCCD:…`` and organizations
``CN, O, L, C=VN`` with ``UID=MST:…``. Leaves carry digitalSignature + nonRepudiation and
the EKUs VGCA uses (clientAuth, emailProtection), never a document-signing EKU.

Every name carries a marker (``DEMO`` or ``TEST``) so nothing built here can be taken for a
real Ban Cơ yếu certificate. CRL, OCSP and CA-issuers URLs are parameters so tests can point
them at responders on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

UTC = dt.timezone.utc
VGCA_POLICY_OID = "2.16.704.1.1.1.1.1"


@dataclass
class PkiUrls:
    """Where the PKI says its revocation data and issuer certificates live."""

    crl_url: str | None = None
    ocsp_url: str | None = None
    ca_issuers_url: str | None = None
    """AIA caIssuers for leaves (the sub-CA certificate)."""


@dataclass
class Issued:
    """A certificate and (for CAs and keys we hand out) its private key."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def key_pkcs8_der(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


@dataclass
class Revocation:
    serial: int
    when: dt.datetime
    reason: x509.ReasonFlags = x509.ReasonFlags.key_compromise


def person_name(
    cn: str,
    *,
    ous: list[str],
    o: str,
    locality: str | None = None,
    title: str | None = None,
    uid: str | None = None,
    st: str | None = None,
) -> x509.Name:
    """``C=VN, L, O, OU… (highest first), T, CN, UID`` as VGCA writes a person's subject."""
    rdns: list[x509.NameAttribute] = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if st:
        rdns.append(x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, st))
    if locality:
        rdns.append(x509.NameAttribute(NameOID.LOCALITY_NAME, locality))
    rdns.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, o))
    # Highest OU first in the DER; RFC 4514 prints them reversed (lowest first).
    for ou in reversed(ous):
        rdns.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou))
    if title:
        rdns.append(x509.NameAttribute(NameOID.TITLE, title))
    rdns.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    if uid:
        rdns.append(x509.NameAttribute(NameOID.USER_ID, uid))
    return x509.Name(rdns)


def organization_name(
    cn: str, *, o: str, locality: str | None = None, uid: str | None = None
) -> x509.Name:
    return person_name(cn, ous=[], o=o, locality=locality, uid=uid)


@dataclass
class PkiBuilder:
    """Builds a root, a sub-CA and any number of leaves. Keys are RSA (2048 by default)."""

    marker: str = "TEST"
    urls: PkiUrls = field(default_factory=PkiUrls)
    key_size: int = 2048
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(UTC))
    revocations: list[Revocation] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root = self._make_root()
        self.sub_ca = self._make_sub_ca()

    # -- CAs -------------------------------------------------------------------------
    def _new_key(self) -> rsa.RSAPrivateKey:
        return rsa.generate_private_key(public_exponent=65537, key_size=self.key_size)

    def _make_root(self) -> Issued:
        key = self._new_key()
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(
                    NameOID.ORGANIZATION_NAME, f"Ban Cơ yếu Chính phủ ({self.marker})"
                ),
                x509.NameAttribute(
                    NameOID.COMMON_NAME, f"RootCA chuyên dùng Chính phủ G2 ({self.marker})"
                ),
            ]
        )
        builder = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now - dt.timedelta(days=365))
            .not_valid_after(self.now + dt.timedelta(days=365 * 20))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_ca_key_usage(), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        )
        return Issued(builder.sign(key, hashes.SHA256()), key)

    def _make_sub_ca(self) -> Issued:
        key = self._new_key()
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(
                    NameOID.ORGANIZATION_NAME, f"Ban Cơ yếu Chính phủ ({self.marker})"
                ),
                x509.NameAttribute(
                    NameOID.COMMON_NAME, f"CA phục vụ các cơ quan Nhà nước G2 ({self.marker})"
                ),
            ]
        )
        builder = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(self.root.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now - dt.timedelta(days=300))
            .not_valid_after(self.now + dt.timedelta(days=365 * 15))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_ca_key_usage(), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.root.key.public_key()),
                False,
            )
        )
        return Issued(builder.sign(self.root.key, hashes.SHA256()), key)

    # -- leaves ----------------------------------------------------------------------
    def issue(
        self,
        subject: x509.Name,
        *,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        days: int = 3 * 365,
        email: str | None = None,
        key_usage: x509.KeyUsage | None = None,
        urls: PkiUrls | None = None,
        issuer: Issued | None = None,
        key: rsa.RSAPrivateKey | None = None,
    ) -> Issued:
        """Issue a leaf certificate (by the sub-CA unless ``issuer`` is given).

        ``key`` reuses an existing key pair (benchmarks issue hundreds of leaves; generating
        an RSA key for each would dominate their set-up time).
        """
        issuer = issuer or self.sub_ca
        urls = urls if urls is not None else self.urls
        key = key or self._new_key()
        not_before = not_before or (self.now - dt.timedelta(days=30))
        not_after = not_after or (not_before + dt.timedelta(days=days))
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(key_usage or _signing_key_usage(), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION]
                ),
                critical=False,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                False,
            )
            .add_extension(
                x509.CertificatePolicies(
                    [x509.PolicyInformation(x509.ObjectIdentifier(VGCA_POLICY_OID), None)]
                ),
                critical=False,
            )
        )
        if email:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
            )
        if urls.crl_url:
            builder = builder.add_extension(
                x509.CRLDistributionPoints(
                    [
                        x509.DistributionPoint(
                            [x509.UniformResourceIdentifier(urls.crl_url)], None, None, None
                        )
                    ]
                ),
                critical=False,
            )
        aia: list[x509.AccessDescription] = []
        if urls.ocsp_url:
            aia.append(
                x509.AccessDescription(
                    x509.AuthorityInformationAccessOID.OCSP,
                    x509.UniformResourceIdentifier(urls.ocsp_url),
                )
            )
        if urls.ca_issuers_url:
            aia.append(
                x509.AccessDescription(
                    x509.AuthorityInformationAccessOID.CA_ISSUERS,
                    x509.UniformResourceIdentifier(urls.ca_issuers_url),
                )
            )
        if aia:
            builder = builder.add_extension(x509.AuthorityInformationAccess(aia), critical=False)
        return Issued(builder.sign(issuer.key, hashes.SHA256()), key)

    def revoke(
        self,
        issued: Issued,
        when: dt.datetime | None = None,
        reason: x509.ReasonFlags = x509.ReasonFlags.key_compromise,
    ) -> None:
        self.revocations.append(
            Revocation(issued.cert.serial_number, when or (self.now - dt.timedelta(days=1)), reason)
        )

    def make_crl(
        self,
        *,
        this_update: dt.datetime | None = None,
        next_update: dt.datetime | None = None,
        issuer: Issued | None = None,
    ) -> x509.CertificateRevocationList:
        issuer = issuer or self.sub_ca
        this_update = this_update or (self.now - dt.timedelta(hours=1))
        next_update = next_update or (this_update + dt.timedelta(days=7))
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(issuer.cert.subject)
            .last_update(this_update)
            .next_update(next_update)
            .add_extension(x509.CRLNumber(int(this_update.timestamp())), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                False,
            )
        )
        for r in self.revocations:
            entry = (
                x509.RevokedCertificateBuilder()
                .serial_number(r.serial)
                .revocation_date(r.when)
                .add_extension(x509.CRLReason(r.reason), critical=False)
                .build()
            )
            builder = builder.add_revoked_certificate(entry)
        return builder.sign(issuer.key, hashes.SHA256())

    # -- OCSP ------------------------------------------------------------------------
    def issue_ocsp_responder(self, issuer: Issued | None = None) -> Issued:
        """A delegated OCSP responder certificate (EKU id-kp-OCSPSigning, ocsp-nocheck)."""
        return self.issue_service(
            f"OCSP Responder ({self.marker})",
            ExtendedKeyUsageOID.OCSP_SIGNING,
            extensions=[(x509.OCSPNoCheck(), False)],
            issuer=issuer,
            days=365,
        )

    def issue_service(
        self,
        cn: str,
        eku: x509.ObjectIdentifier,
        *,
        critical_eku: bool = False,
        key_usage: x509.KeyUsage | None = None,
        extensions: list[tuple[x509.ExtensionType, bool]] = (),  # type: ignore[assignment]
        issuer: Issued | None = None,
        days: int = 365,
        with_crl: bool = False,
    ) -> Issued:
        """A service certificate of the PKI (OCSP responder, TSA) under Ban Cơ yếu's name."""
        issuer = issuer or self.sub_ca
        key = self._new_key()
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(
                    NameOID.ORGANIZATION_NAME, f"Ban Cơ yếu Chính phủ ({self.marker})"
                ),
                x509.NameAttribute(NameOID.COMMON_NAME, cn),
            ]
        )
        builder = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now - dt.timedelta(days=10))
            .not_valid_after(self.now + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([eku]), critical_eku)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                False,
            )
        )
        if key_usage is not None:
            builder = builder.add_extension(key_usage, critical=True)
        for extension, critical in extensions:
            builder = builder.add_extension(extension, critical=critical)
        if with_crl and self.urls.crl_url:
            builder = builder.add_extension(
                x509.CRLDistributionPoints(
                    [
                        x509.DistributionPoint(
                            [x509.UniformResourceIdentifier(self.urls.crl_url)], None, None, None
                        )
                    ]
                ),
                critical=False,
            )
        return Issued(builder.sign(issuer.key, hashes.SHA256()), key)

    def make_ocsp_response(
        self,
        request: ocsp.OCSPRequest,
        *,
        issuer: Issued | None = None,
        responder: Issued | None = None,
        this_update: dt.datetime | None = None,
        next_update: dt.datetime | None = None,
    ) -> ocsp.OCSPResponse:
        """Answer an OCSP request from this PKI's revocation list.

        Signed by ``issuer`` (the sub-CA by default) or by a delegated ``responder`` whose
        certificate is then included in the response. A request for another CA's
        certificate gets an ``unauthorized`` response, as real responders answer.
        """
        issuer = issuer or self.sub_ca
        issuer_key_hash = _key_hash(issuer.cert, request.hash_algorithm)
        if request.issuer_key_hash != issuer_key_hash:
            return ocsp.OCSPResponseBuilder.build_unsuccessful(ocsp.OCSPResponseStatus.UNAUTHORIZED)
        this_update = this_update or (self.now - dt.timedelta(minutes=5))
        next_update = next_update or (this_update + dt.timedelta(days=1))
        revoked = next((r for r in self.revocations if r.serial == request.serial_number), None)
        status = ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD
        signer = responder or issuer
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response_by_hash(
                issuer_name_hash=request.issuer_name_hash,
                issuer_key_hash=request.issuer_key_hash,
                serial_number=request.serial_number,
                algorithm=request.hash_algorithm,
                cert_status=status,
                this_update=this_update,
                next_update=next_update,
                revocation_time=revoked.when if revoked else None,
                revocation_reason=revoked.reason if revoked else None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, signer.cert)
        )
        if responder is not None:
            builder = builder.certificates([responder.cert])
        return builder.sign(signer.key, hashes.SHA256())


def _key_hash(cert: x509.Certificate, algorithm: hashes.HashAlgorithm) -> bytes:
    """The hash of the subjectPublicKey BIT STRING, as OCSP CertIDs carry it."""
    from asn1crypto import keys

    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    digest = hashes.Hash(algorithm)
    digest.update(bytes(keys.PublicKeyInfo.load(spki)["public_key"].contents[1:]))
    return digest.finalize()


def _ca_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _signing_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def encipher_only_key_usage() -> x509.KeyUsage:
    """A key usage unfit for signing (for tests of the usage check)."""
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=True,
        data_encipherment=True,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
