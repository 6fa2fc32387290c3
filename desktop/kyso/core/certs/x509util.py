"""X.509 helpers shared by anchors, path building and revocation: name matching, signatures."""

from __future__ import annotations

import datetime as dt
import functools
import threading
import unicodedata
from collections import OrderedDict
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa

from kyso.core.certs.dsa_inherited import InheritedDsaCertificate
from kyso.core.vntime import VN_TZ, vn_date  # noqa: F401 - vn_date re-exported

UTC = dt.timezone.utc

NameKey = tuple[tuple[tuple[str, str], ...], ...]


@functools.lru_cache(maxsize=8192)
def name_key(name: x509.Name) -> NameKey:
    """A comparable form of a distinguished name.

    RFC 5280 §7.1 compares names case-insensitively after whitespace folding, and real CAs
    encode the same name as PrintableString in one place and UTF8String in another;
    cryptography's ``Name.__eq__`` is stricter than that, so chains are matched on this key.
    """
    return tuple(
        tuple(sorted((attr.oid.dotted_string, _fold(attr.value)) for attr in rdn))
        for rdn in name.rdns
    )


def _fold(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def spki_der(cert: x509.Certificate) -> bytes:
    """The DER ``subjectPublicKeyInfo``; as written in the certificate when the key
    inherits DSA parameters (readable or not, it then never equals a full key's)."""
    if isinstance(cert, InheritedDsaCertificate):
        return cert.spki_der
    return _key_der(cert.public_key())


def _key_der(key: Any) -> bytes:
    return key.public_bytes(  # type: ignore[no-any-return]
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def strip_accents(text: str) -> str:
    """``"Ban Cơ yếu"`` → ``"ban co yeu"`` (for filtering by name in OS stores)."""
    text = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def verify_signed_by(public_key: object, signature: bytes, data: bytes, cert_like: object) -> bool:
    """Whether ``signature`` over ``data`` verifies with ``public_key``.

    ``cert_like`` is the object that carries the algorithm (a certificate, CRL or OCSP
    response); its ``signature_hash_algorithm`` and, for certificates, its
    ``signature_algorithm_parameters`` (PKCS#1 v1.5 or PSS padding) are used.
    """
    try:
        algorithm = cert_like.signature_hash_algorithm  # type: ignore[attr-defined]
        params = getattr(cert_like, "signature_algorithm_parameters", None)
        if isinstance(public_key, rsa.RSAPublicKey):
            pad = params if isinstance(params, padding.AsymmetricPadding) else padding.PKCS1v15()
            public_key.verify(signature, data, pad, algorithm)
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(algorithm))
        elif isinstance(public_key, dsa.DSAPublicKey):
            public_key.verify(signature, data, algorithm)
        elif isinstance(public_key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
            public_key.verify(signature, data)
        else:
            return False
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError):
        return False
    return True


class _SignatureMemo:
    """Remembers which (certificate, issuer key) pairs verified; shared by all threads."""

    def __init__(self, size: int = 4096) -> None:
        self._lock = threading.Lock()
        self._memo: OrderedDict[tuple[bytes, bytes], bool] = OrderedDict()
        self._size = size

    def check(self, cert: x509.Certificate, issuer: x509.Certificate) -> bool:
        try:
            issuer_key = issuer.public_key()
        except ValueError:
            # not readable (DSA parameters inherited from a CA not verified yet): the
            # signature cannot be checked, so it is not good; not remembered, as the key
            # may become readable
            return False
        key = (cert.fingerprint(_SHA256), _key_der(issuer_key))
        with self._lock:
            hit = self._memo.get(key)
            if hit is not None:
                self._memo.move_to_end(key)
                return hit
        ok = verify_signed_by(issuer_key, cert.signature, cert.tbs_certificate_bytes, cert)
        with self._lock:
            self._memo[key] = ok
            if len(self._memo) > self._size:
                self._memo.popitem(last=False)
        return ok


_SHA256 = hashes.SHA256()
_MEMO = _SignatureMemo()


def cert_signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer``'s key verifies ``cert``'s signature (names are not compared)."""
    return _MEMO.check(cert, issuer)


def is_self_signed(cert: x509.Certificate) -> bool:
    return name_key(cert.subject) == name_key(cert.issuer) and cert_signed_by(cert, cert)


def ext(cert: x509.Certificate, ext_type: type) -> object | None:
    """The value of an extension, or None when absent or unparsable."""
    try:
        return cert.extensions.get_extension_for_class(ext_type).value
    except x509.ExtensionNotFound:
        return None
    except ValueError:  # a malformed extension: treat as absent, callers decide
        return None


def display_name(name: x509.Name) -> str:
    """The CN (or the whole DN when there is none), for messages."""
    try:
        cns = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    except ValueError:
        cns = []
    if cns:
        return str(cns[0].value)
    return name.rfc4514_string()


def vn_time(when: dt.datetime) -> str:
    """``"05/03/2025 10:00 (+07:00)"``: a time shown to a clerk, in Vietnam time."""
    return when.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M (+07:00)")
