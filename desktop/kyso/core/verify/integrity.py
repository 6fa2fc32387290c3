"""Integrity of one signature, computed on its own: coverage, digest, signature value.

These three answer "are the signed bytes the bytes here, and did this key sign them?"
They never depend on the analysis of later revisions (that is
:mod:`kyso.core.verify.modifications`, a separate step whose failure cannot make an
intact signature look broken).

* **Coverage** — the ``/ByteRange`` starts at 0, its gap is exactly the ``/Contents``
  hex string, and it ends at the end of the file (``entire_file``) or of the signed
  revision (``entire_revision``); anything else is ``partial``. When the revision layout
  cannot be read, coverage is ``unknown`` (never a guess).
* **Digest** — the signed ranges hashed with the signer's digest algorithm equal the
  signed ``messageDigest`` attribute. For legacy ``adbe.pkcs7.sha1`` signatures the
  SHA-1 of the ranges is the encapsulated content, which the CMS signs.
* **Signature value** — verifies with the signer certificate's public key.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from kyso.core.verify.document import LEGACY_SHA1
from kyso.core.verify.report import (
    COVERAGE_ENTIRE_FILE,
    COVERAGE_ENTIRE_REVISION,
    COVERAGE_PARTIAL,
    COVERAGE_UNKNOWN,
)

log = logging.getLogger(__name__)


@dataclass
class Integrity:
    coverage: str
    intact: bool
    """The signed bytes hash to the signed digest."""
    crypto_valid: bool
    """The signature value verifies."""
    problem: str | None = None
    """Why integrity could not be established (English, for the details)."""


def check_integrity(sig: Any, cert: Any, subfilter: str | None) -> Integrity:
    """Coverage, digest and signature value of ``sig`` (pyHanko ``EmbeddedPdfSignature``)
    against ``cert`` (asn1crypto). Raises only for a CMS nobody can read."""
    coverage = _coverage(sig)
    if coverage == COVERAGE_PARTIAL:
        intact, valid = _digest_and_value(sig, cert, subfilter)
        return Integrity(coverage, intact, valid, "the byte range does not cover the revision")
    intact, valid = _digest_and_value(sig, cert, subfilter)
    return Integrity(coverage, intact, valid)


def _coverage(sig: Any) -> str:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        br = [int(v) for v in sig.byte_range]
    except Exception:
        return COVERAGE_PARTIAL
    stream = sig.reader.stream
    stream.seek(0, 2)
    size = stream.tell()
    contents_len = len(sig.pkcs7_content) * 2 + 2
    if (
        len(br) != 4
        or br[0] != 0
        or min(br) < 0
        or br[2] != br[1] + contents_len
        or br[2] + br[3] > size
    ):
        return COVERAGE_PARTIAL
    if br[2] + br[3] == size:
        return COVERAGE_ENTIRE_FILE
    try:
        level = sig.evaluate_signature_coverage()
    except Exception as exc:
        log.info("coverage of %s: %r", getattr(sig, "field_name", "?"), exc)
        return COVERAGE_UNKNOWN
    sig.coverage = level
    if level == SignatureCoverageLevel.ENTIRE_FILE:
        return COVERAGE_ENTIRE_FILE
    if level == SignatureCoverageLevel.ENTIRE_REVISION:
        return COVERAGE_ENTIRE_REVISION
    return COVERAGE_PARTIAL


def _digest_and_value(sig: Any, cert: Any, subfilter: str | None) -> tuple[bool, bool]:
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    info = sig.signer_info
    encap = sig.signed_data["encap_content_info"]
    if subfilter == LEGACY_SHA1:
        # adbe.pkcs7.sha1: the encapsulated content is SHA-1(signed ranges); the CMS signs it.
        content = encap["content"]
        embedded = bytes(content.parsed.native if hasattr(content, "parsed") else b"")
        if not embedded:
            embedded = bytes(content.native or b"")
        ranges_ok = sig.compute_digest("sha1") == embedded
        md = info["digest_algorithm"]["algorithm"].native
        actual = hashlib.new(md, embedded).digest()
        if info["signed_attrs"].native is None:
            valid = _raw_signature_ok(info, cert, embedded)
            return ranges_ok, ranges_ok and valid
        intact, valid = validate_sig_integrity(info, cert, "data", actual)
        return ranges_ok and intact, valid
    content_type = encap["content_type"].native
    if content_type == "tst_info":
        # A document timestamp: the TSTInfo's imprint is the hash of the signed ranges;
        # the TSA signs the TSTInfo.
        tst = encap["content"].parsed
        imprint = tst["message_imprint"]
        algo = imprint["hash_algorithm"]["algorithm"].native
        imprint_ok = sig.compute_digest(algo) == imprint["hashed_message"].native
        md = info["digest_algorithm"]["algorithm"].native
        actual = hashlib.new(md, encap["content"].contents).digest()
        intact, valid = validate_sig_integrity(info, cert, "tst_info", actual)
        return bool(imprint_ok and intact), bool(valid)
    digest = sig.compute_digest()
    intact, valid = validate_sig_integrity(info, cert, content_type, digest)
    return bool(intact), bool(valid)


def _raw_signature_ok(info: Any, cert: Any, content: bytes) -> bool:
    """A SignerInfo without signed attributes signs the content itself."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    try:
        key = x509.load_der_x509_certificate(cert.dump()).public_key()
        algo = getattr(hashes, info["digest_algorithm"]["algorithm"].native.upper())()
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(info["signature"].native, content, padding.PKCS1v15(), algo)
            return True
    except Exception:
        return False
    return False
