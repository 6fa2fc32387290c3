"""Certificates whose DSA key inherits its parameters from the issuer (RFC 3279 §2.3.2).

A DSA ``subjectPublicKeyInfo`` may omit p, q and g: they are then the issuing CA's. The
``cryptography`` library refuses such a certificate outright (NIST PKITS 4.1.5 has two), so
Kyso reads it with asn1crypto and wraps it in :class:`InheritedDsaCertificate`, which
behaves as an ``x509.Certificate`` everywhere the trust check looks: every field is the
original one, ``public_bytes``/``fingerprint``/``tbs_certificate_bytes`` are the original
bytes (what the issuer signed, what pyhanko-certvalidator validates).

Only the key is special. Until :func:`resolve_inherited_keys` has found the issuer whose
key *verifies this certificate's signature*, ``public_key()`` raises ``ValueError`` ("key
not readable"): callers treat that as a signature that cannot be checked, never as a good
one. Parameters are taken only from a verified issuer, so nobody can slip in parameters of
their choosing under the CA's name.
"""

from __future__ import annotations

import base64
import copy
import textwrap
from collections.abc import Iterable
from typing import Any

from asn1crypto import keys as akeys
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa

_DSA_OID = "1.2.840.10040.4.1"
# Structurally valid stand-in parameters, only so ``cryptography`` can parse the other
# fields; never used as a key (``public_key()`` never builds a key from them).
_PLACEHOLDER = akeys.DSAParams({"p": 23, "q": 11, "g": 4})


class InheritedDsaCertificate:
    """An ``x509.Certificate`` look-alike for a DSA key without parameters."""

    def __init__(self, der: bytes) -> None:
        original = ax509.Certificate.load(der)
        spki = original["tbs_certificate"]["subject_public_key_info"]
        if spki["algorithm"]["algorithm"].dotted != _DSA_OID or spki["algorithm"][
            "parameters"
        ].native not in (None, {}):
            raise ValueError("not a DSA certificate with inherited parameters")
        self._der = der
        self._tbs = original["tbs_certificate"].dump()
        self.spki_der: bytes = spki.dump()
        """The ``subjectPublicKeyInfo`` as written: DSA, no parameters."""
        self._y: int = spki["public_key"].parsed.native
        stand_in = copy.deepcopy(original)
        stand_in["tbs_certificate"]["subject_public_key_info"]["algorithm"]["parameters"] = (
            _PLACEHOLDER
        )
        self._parsed = x509.load_der_x509_certificate(stand_in.dump(force=True))
        self._params: dsa.DSAParameterNumbers | None = None

    # -- what differs from the stand-in ------------------------------------------------
    def public_key(self) -> dsa.DSAPublicKey:
        if self._params is None:
            raise ValueError("DSA parameters inherited from an issuer not verified yet")
        return dsa.DSAPublicNumbers(self._y, self._params).public_key()

    @property
    def key_resolved(self) -> bool:
        return self._params is not None

    def public_bytes(self, encoding: serialization.Encoding) -> bytes:
        if encoding == serialization.Encoding.DER:
            return self._der
        if encoding == serialization.Encoding.PEM:
            body = "\n".join(textwrap.wrap(base64.b64encode(self._der).decode(), 64))
            return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n".encode()
        raise ValueError(f"unsupported encoding {encoding}")

    @property
    def tbs_certificate_bytes(self) -> bytes:
        return self._tbs

    def fingerprint(self, algorithm: hashes.HashAlgorithm) -> bytes:
        digest = hashes.Hash(algorithm)
        digest.update(self._der)
        return digest.finalize()

    def inherit_from(self, issuer: Any) -> bool:
        """Take ``issuer``'s DSA parameters if its key verifies this certificate."""
        try:
            key = issuer.public_key()
        except ValueError:
            return False
        if not isinstance(key, dsa.DSAPublicKey):
            return False
        algorithm = self._parsed.signature_hash_algorithm
        if algorithm is None:
            return False
        try:
            key.verify(self._parsed.signature, self._tbs, algorithm)
        except Exception:  # InvalidSignature or a malformed signature
            return False
        self._params = key.public_numbers().parameter_numbers
        return True

    # -- everything else is the original's ---------------------------------------------
    def __getattr__(self, name: str) -> Any:
        return getattr(self._parsed, name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InheritedDsaCertificate) and other._der == self._der

    def __hash__(self) -> int:
        return hash(self._der)

    def __repr__(self) -> str:
        return f"<InheritedDsaCertificate(subject={self._parsed.subject})>"


def load_inherited_dsa(der: bytes) -> x509.Certificate | None:
    """The certificate in ``der`` if it is a DSA one with inherited parameters, else None."""
    try:
        return InheritedDsaCertificate(der)  # type: ignore[return-value]
    except Exception:  # not that kind (or not a certificate at all): the caller reports
        return None


def resolve_inherited_keys(certs: Iterable[Any]) -> None:
    """Give each :class:`InheritedDsaCertificate` among ``certs`` its issuer's parameters.

    Repeated until nothing changes, so a chain of inheriting CAs resolves top-down.
    """
    pool = list(certs)
    pending = [c for c in pool if isinstance(c, InheritedDsaCertificate) and not c.key_resolved]
    progress = True
    while pending and progress:
        progress = False
        for cert in list(pending):
            for cand in pool:
                if cand is cert or cand.subject != cert.issuer:
                    continue
                if cert.inherit_from(cand):
                    pending.remove(cert)
                    progress = True
                    break
