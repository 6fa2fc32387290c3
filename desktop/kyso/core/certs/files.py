"""Reading certificates from files and bytes: PEM (several per file), DER, PKCS#7 bundles.

Inputs are bounded: :func:`read_certificate_bytes` refuses files over
:data:`MAX_CERT_FILE_BYTES` and anything that is not a regular file (a FIFO would block for
ever, ``/dev/zero`` never ends), and :func:`pem_blocks` finds PEM blocks in one pass — a
bundle of thousands of certificates, or a hostile file of BEGIN lines with no END, costs
time linear in its size.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from kyso.core.certs.dsa_inherited import load_inherited_dsa
from kyso.core.errors import KysoError

CERT_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".der", ".p7b", ".p7c"})

MAX_CERT_FILE_BYTES = 8 * 1024 * 1024
"""A certificate is a few KB; a national CA bundle a few hundred. Beyond this, not a
certificate file."""


class CertificateFileError(KysoError):
    """A file holds no certificate Kyso can read."""


def parse_certificates(data: bytes, *, source: str = "dữ liệu") -> list[x509.Certificate]:
    """All certificates in ``data``: PEM blocks, one DER certificate, or a PKCS#7 bundle."""
    certs: list[x509.Certificate] = []
    if b"-----BEGIN" in data:  # PEM, perhaps after a comment line
        if b"-----BEGIN PKCS7-----" in data:
            try:
                certs.extend(pkcs7.load_pem_pkcs7_certificates(data))
            except ValueError:
                pass
        if b"-----BEGIN CERTIFICATE-----" in data or b"-----BEGIN X509 CERTIFICATE" in data:
            try:
                certs.extend(x509.load_pem_x509_certificates(data))
            except ValueError as exc:
                certs.extend(_pem_one_by_one(data, source, exc))
    else:
        try:
            certs.append(x509.load_der_x509_certificate(data))
        except ValueError:
            # a DSA key inheriting its issuer's parameters, which cryptography refuses
            inherited = load_inherited_dsa(data)
            if inherited is not None:
                return [inherited]
            try:
                certs.extend(pkcs7.load_der_pkcs7_certificates(data))
            except ValueError as exc:
                raise _unreadable(source, exc) from None
    if not certs:
        raise _unreadable(source, "no certificate")
    return certs


def _pem_one_by_one(data: bytes, source: str, error: ValueError) -> list[x509.Certificate]:
    """The certificates of a PEM file cryptography refused as a whole: a DSA one that
    inherits its parameters is read by :mod:`kyso.core.certs.dsa_inherited`; any other
    unreadable block makes the file unreadable, as before."""
    certs: list[x509.Certificate] = []
    for block in pem_blocks(data):
        if block.label not in ("CERTIFICATE", "X509 CERTIFICATE"):
            continue
        if block.data is None:
            raise _unreadable(source, error)
        try:
            certs.append(x509.load_pem_x509_certificate(block.data))
            continue
        except ValueError:
            pass
        body = b"".join(block.data.splitlines()[1:-1])
        try:
            der = base64.b64decode(body, validate=True)
        except ValueError:
            raise _unreadable(source, error) from None
        inherited = load_inherited_dsa(der)
        if inherited is None:
            raise _unreadable(source, error)
        certs.append(inherited)
    return certs


def read_certificate_bytes(path: str | Path) -> bytes:
    """The bytes of a certificate file; refuses non-regular files and oversized ones."""
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        # Opened without blocking and checked on the open descriptor: a FIFO swapped in
        # after a stat() cannot make us wait.
        fd = os.open(path, flags)
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CertificateFileError(
                f"{path} không phải một tệp thông thường (thư mục, FIFO hay thiết bị); "
                "hãy chọn tệp chứng thư .cer, .crt, .pem, .der hoặc .p7b.",
                f"{path} is not a regular file (a folder, FIFO or device); choose a "
                ".cer, .crt, .pem, .der or .p7b certificate file.",
                code="cert_file_not_regular",
            )
        if info.st_size > MAX_CERT_FILE_BYTES:
            raise _too_large(path, info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_CERT_FILE_BYTES + 1)
        if len(data) > MAX_CERT_FILE_BYTES:  # grew while we read it
            raise _too_large(path, len(data))
        return data
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    finally:
        os.close(fd)


def load_certificates(path: str | Path) -> list[x509.Certificate]:
    """The certificates in a PEM, DER or PKCS#7 file (``kyso check FILE``), in file order."""
    return parse_certificates(read_certificate_bytes(path), source=str(path))


@dataclass(frozen=True)
class PemBlock:
    line: int
    """The line of its BEGIN marker (1-based)."""
    label: str
    data: bytes | None
    """The whole block, markers included; None when its END marker is missing."""


_BEGIN = b"-----BEGIN "
_LABEL = re.compile(rb"[A-Z0-9 ]{1,64}")


def pem_blocks(data: bytes) -> Iterator[PemBlock]:
    """Every PEM block of ``data`` in order, in one pass (linear time).

    A block's END marker is looked for only up to the next BEGIN marker, so a file of BEGIN
    lines without END costs one pass too; such a block comes out with ``data=None``."""
    pos = 0
    line = 1
    counted = 0
    n = len(data)
    while (start := data.find(_BEGIN, pos)) >= 0:
        line += data.count(b"\n", counted, start)
        counted = start
        label_start = start + len(_BEGIN)
        label_end = data.find(b"-----", label_start, min(n, label_start + 65))
        if label_end < 0 or not _LABEL.fullmatch(data, label_start, label_end):
            pos = label_start
            continue
        label = data[label_start:label_end]
        next_begin = data.find(_BEGIN, label_end)
        limit = n if next_begin < 0 else next_begin
        end_marker = b"-----END " + label + b"-----"
        end = data.find(end_marker, label_end, limit)
        if end < 0:
            yield PemBlock(line, label.decode("ascii"), None)
            pos = limit
            continue
        stop = end + len(end_marker)
        yield PemBlock(line, label.decode("ascii"), data[start:stop])
        pos = stop


def cert_sha256(cert: x509.Certificate) -> str:
    """The SHA-256 fingerprint of the DER encoding, lowercase hex (as pins are written)."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _unreadable(source: str, exc: object) -> CertificateFileError:
    return CertificateFileError(
        f"{source} không chứa chứng thư số đọc được (PEM, DER hoặc PKCS#7).",
        f"{source} holds no readable certificate (PEM, DER or PKCS#7): {exc}.",
        code="cert_file_invalid",
    )


def _cannot_read(path: Path, exc: OSError) -> CertificateFileError:
    if exc.errno == errno.EISDIR:
        return CertificateFileError(
            f"{path} là một thư mục, không phải tệp chứng thư.",
            f"{path} is a folder, not a certificate file.",
            code="cert_file_not_regular",
        )
    return CertificateFileError(
        f"Không đọc được tệp {path}: {exc.strerror or exc}.",
        f"Could not read {path}: {exc.strerror or exc}.",
        code="cert_file_unreadable",
    )


def _too_large(path: Path, size: int) -> CertificateFileError:
    limit_mb = MAX_CERT_FILE_BYTES // (1024 * 1024)
    return CertificateFileError(
        f"Tệp {path} quá lớn ({size / (1024 * 1024):.1f} MB) để là tệp chứng thư số (tối đa "
        f"{limit_mb} MB); hãy chọn đúng tệp .cer, .crt, .pem hoặc .p7b.",
        f"{path} is too large ({size / (1024 * 1024):.1f} MB) for a certificate file (at most "
        f"{limit_mb} MB); choose the right .cer, .crt, .pem or .p7b file.",
        code="cert_file_too_large",
    )
