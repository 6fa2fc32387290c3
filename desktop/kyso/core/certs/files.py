"""Reading certificates from files and bytes: PEM (several per file), DER, PKCS#7 bundles."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from kyso.core.errors import KysoError

CERT_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".der", ".p7b", ".p7c"})


class CertificateFileError(KysoError):
    """A file holds no certificate Kyso can read."""


def parse_certificates(data: bytes, *, source: str = "dữ liệu") -> list[x509.Certificate]:
    """All certificates in ``data``: PEM blocks, one DER certificate, or a PKCS#7 bundle."""
    certs: list[x509.Certificate] = []
    stripped = data.lstrip()
    if stripped.startswith(b"-----BEGIN"):
        if b"-----BEGIN PKCS7-----" in data:
            try:
                certs.extend(pkcs7.load_pem_pkcs7_certificates(data))
            except ValueError:
                pass
        if b"-----BEGIN CERTIFICATE-----" in data or b"-----BEGIN X509 CERTIFICATE" in data:
            try:
                certs.extend(x509.load_pem_x509_certificates(data))
            except ValueError as exc:
                raise _unreadable(source, exc) from None
    else:
        try:
            certs.append(x509.load_der_x509_certificate(data))
        except ValueError:
            try:
                certs.extend(pkcs7.load_der_pkcs7_certificates(data))
            except ValueError as exc:
                raise _unreadable(source, exc) from None
    if not certs:
        raise _unreadable(source, "no certificate")
    return certs


def load_certificates(path: str | Path) -> list[x509.Certificate]:
    """The certificates in a PEM, DER or PKCS#7 file (``kyso check FILE``), in file order."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CertificateFileError(
            f"Không đọc được tệp {path}: {exc.strerror or exc}.",
            f"Could not read {path}: {exc.strerror or exc}.",
            code="cert_file_unreadable",
        ) from None
    return parse_certificates(data, source=str(path))


def cert_sha256(cert: x509.Certificate) -> str:
    """The SHA-256 fingerprint of the DER encoding, lowercase hex (as pins are written)."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _unreadable(source: str, exc: object) -> CertificateFileError:
    return CertificateFileError(
        f"{source} không chứa chứng thư số đọc được (PEM, DER hoặc PKCS#7).",
        f"{source} holds no readable certificate (PEM, DER or PKCS#7): {exc}.",
        code="cert_file_invalid",
    )
