"""Delegated OCSP responders for the verification tests (issue 12).

A CA may let another certificate sign its OCSP answers (RFC 6960 §4.2.2.2): the responder
certificate is issued by the CA and carries id-kp-OCSPSigning. The answers come from the
session's OCSP responder on 127.0.0.1 (:class:`tests.support.responders.OcspResponder`)
told to sign with the delegated certificate, and are embedded into a signed PDF's DSS,
as a B-LT producer does.
"""

from __future__ import annotations

import io
import urllib.request
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID

from kyso.core.demo.pki import Issued, PkiBuilder
from tests.support.responders import OcspResponder


def responder_cert(
    pki: PkiBuilder,
    cn: str,
    *,
    eku: x509.ObjectIdentifier = ExtendedKeyUsageOID.OCSP_SIGNING,
    nocheck: bool = True,
) -> Issued:
    """A responder certificate issued by the sub-CA. ``eku`` other than OCSPSigning makes
    one the CA never authorised; ``nocheck=False`` leaves its own status to be checked."""
    extensions = [(x509.OCSPNoCheck(), False)] if nocheck else []
    ku = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
    return pki.issue_service(cn, eku, key_usage=ku, extensions=extensions)


def fetch_ocsp(
    server: OcspResponder,
    cert: x509.Certificate,
    issuer: x509.Certificate,
    responder: Issued | None,
) -> bytes:
    """Ask the responder on 127.0.0.1 about ``cert``, signed by ``responder`` (None: by
    the issuer itself)."""
    request = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1()).build()
    server.responder = responder
    try:
        req = urllib.request.Request(
            server.url("/ocsp"),
            data=request.public_bytes(serialization.Encoding.DER),
            headers={"Content-Type": "application/ocsp-request"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.read()
    finally:
        server.responder = None


def add_ocsp_dss(data: bytes, ocsps: list[bytes], certs: list[Any] = ()) -> bytes:  # type: ignore[assignment]
    """An incremental update adding a DSS with these OCSP responses (and certificates)."""
    from asn1crypto import ocsp as aocsp
    from asn1crypto import x509 as ax509
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    buf = io.BytesIO(data)
    DocumentSecurityStore.add_dss(
        buf,
        None,
        certs=[ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in certs],
        ocsps=[aocsp.OCSPResponse.load(o) for o in ocsps],
        strict=False,
    )
    return buf.getvalue()
