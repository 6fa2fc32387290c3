"""Reading an X.509 certificate into what Kyso shows: subject, issuer, validity, usage."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.x509.oid import NameOID

# Subject attribute names as a văn thư reads them (Vietnamese, English).
ATTRIBUTE_NAMES: dict[str, tuple[str, str]] = {
    NameOID.COMMON_NAME.dotted_string: ("Tên (CN)", "Common name (CN)"),
    NameOID.TITLE.dotted_string: ("Chức vụ (T)", "Title (T)"),
    NameOID.ORGANIZATIONAL_UNIT_NAME.dotted_string: ("Đơn vị (OU)", "Organizational unit (OU)"),
    NameOID.ORGANIZATION_NAME.dotted_string: ("Cơ quan (O)", "Organization (O)"),
    NameOID.LOCALITY_NAME.dotted_string: ("Tỉnh/Thành phố (L)", "Locality (L)"),
    NameOID.STATE_OR_PROVINCE_NAME.dotted_string: ("Tỉnh (ST)", "State or province (ST)"),
    NameOID.COUNTRY_NAME.dotted_string: ("Quốc gia (C)", "Country (C)"),
    NameOID.USER_ID.dotted_string: ("Mã định danh (UID)", "Identifier (UID)"),
    NameOID.EMAIL_ADDRESS.dotted_string: ("Thư điện tử (E)", "Email (E)"),
    NameOID.SERIAL_NUMBER.dotted_string: ("Số hiệu (SERIALNUMBER)", "Serial number"),
    NameOID.STREET_ADDRESS.dotted_string: ("Địa chỉ (STREET)", "Street (STREET)"),
    NameOID.GIVEN_NAME.dotted_string: ("Tên (G)", "Given name (G)"),
    NameOID.SURNAME.dotted_string: ("Họ (SN)", "Surname (SN)"),
}

KEY_USAGE_NAMES: dict[str, tuple[str, str]] = {
    "digital_signature": ("Ký số", "Digital signature"),
    "content_commitment": ("Chống chối bỏ", "Non-repudiation"),
    "key_encipherment": ("Mã hóa khóa", "Key encipherment"),
    "data_encipherment": ("Mã hóa dữ liệu", "Data encipherment"),
    "key_agreement": ("Thỏa thuận khóa", "Key agreement"),
    "key_cert_sign": ("Ký chứng thư", "Certificate signing"),
    "crl_sign": ("Ký CRL", "CRL signing"),
}


def attribute_label(oid: str, language: str = "vi") -> str:
    names = ATTRIBUTE_NAMES.get(oid)
    if names is None:
        return oid
    return names[1] if language == "en" else names[0]


@dataclass(frozen=True)
class SubjectAttribute:
    oid: str
    value: str


@dataclass
class CertificateDetails:
    """A parsed certificate, ready to show or to serialize."""

    der: bytes
    cert: x509.Certificate
    subject: str
    issuer: str
    subject_attributes: list[SubjectAttribute]
    serial_hex: str
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str
    key_usage: list[str] = field(default_factory=list)
    is_ca: bool = False
    emails: list[str] = field(default_factory=list)

    @property
    def common_name(self) -> str:
        for attr in self.subject_attributes:
            if attr.oid == NameOID.COMMON_NAME.dotted_string:
                return attr.value
        return self.subject

    def days_left(self, now: dt.datetime | None = None) -> int:
        now = now or dt.datetime.now(dt.timezone.utc)
        return (self.not_after - now).days

    @property
    def can_sign(self) -> bool:
        """Key usage fit for signing: digitalSignature or nonRepudiation (no EKU needed)."""
        if not self.key_usage:  # no KeyUsage extension: not restricted
            return not self.is_ca
        return "digital_signature" in self.key_usage or "content_commitment" in self.key_usage


def sha256_hex(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def parse_certificate(der: bytes) -> CertificateDetails:
    """Parse DER bytes; raises ``ValueError`` when they are not a certificate."""
    cert = x509.load_der_x509_certificate(der)
    return details_of(cert, der)


def details_of(cert: x509.Certificate, der: bytes | None = None) -> CertificateDetails:
    from cryptography.hazmat.primitives.serialization import Encoding

    der = der if der is not None else cert.public_bytes(Encoding.DER)
    attrs = [SubjectAttribute(a.oid.dotted_string, _text(a.value)) for a in cert.subject]
    key_usage: list[str] = []
    is_ca = False
    emails: list[str] = []
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        for name in KEY_USAGE_NAMES:
            if getattr(ku, name):
                key_usage.append(name)
    except x509.ExtensionNotFound:
        pass
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        # v1 self-signed certificates without BasicConstraints are CA roots in practice.
        is_ca = cert.subject == cert.issuer
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        emails = list(san.get_values_for_type(x509.RFC822Name))
    except x509.ExtensionNotFound:
        pass
    return CertificateDetails(
        der=der,
        cert=cert,
        subject=name_to_string(cert.subject),
        issuer=name_to_string(cert.issuer),
        subject_attributes=attrs,
        serial_hex=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        sha256=sha256_hex(der),
        key_usage=key_usage,
        is_ca=is_ca,
        emails=emails,
    )


def _text(value: str | bytes) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


# Short names Vietnamese CAs' tools print; cryptography would print T as "2.5.4.12".
RFC4514_NAMES: dict[x509.ObjectIdentifier, str] = {
    NameOID.TITLE: "T",
    NameOID.USER_ID: "UID",
    NameOID.EMAIL_ADDRESS: "E",
    NameOID.SERIAL_NUMBER: "SERIALNUMBER",
}


def name_to_string(name: x509.Name) -> str:
    """RFC 4514 (UTF-8), with T/UID/E named as VGCA's tools name them."""
    return name.rfc4514_string(RFC4514_NAMES)


def parse_name(text: str) -> x509.Name:
    """Parse an RFC 4514 string as :func:`name_to_string` prints it; ``ValueError`` if not."""
    return x509.Name.from_rfc4514_string(text, {v: k for k, v in RFC4514_NAMES.items()})
