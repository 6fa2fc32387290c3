"""Whole-path revocation: every certificate a signature rests on, not only the signer's.

A signature is only as good as each certificate between it and the trusted root: the
signer's, each CA above it, the timestamp authority's and *its* CAs, and the responders
that signed the OCSP answers used. For each of them (the trust anchor itself excepted)
the status is looked up in this order:

1. the document's own data (:class:`~kyso.core.verify.embedded.EmbeddedData`: DSS, VRI,
   the CMS), when it is current at the time that counts (the proof of existence, or now);
2. Kyso's revocation cache, then the network unless offline
   (:class:`kyso.core.trust.revocation.RevocationChecker`, the same as ``kyso check``).

A certificate with id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1) is not checked. A delegated
OCSP responder (one the CA authorised to sign its answers) is checked before its answer
is used; the answers of a responder revoked before the time that counts are dropped (it is
listed with role ``ocsp_responder``). A CA or timestamp-authority certificate that names no
revocation service and has no data in the document cannot be checked by anyone: it is
accepted as its issuer certified it (as pyHanko's hard-fail policy does) and reported
``no_source`` with a finding that says so (:func:`kyso.core.verify.conclusion.conclude`);
the signer's own certificate without any data stays ``unknown`` (the conclusion says so).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from cryptography import x509

from kyso.core.certs.details import name_to_string
from kyso.core.errors import KysoError
from kyso.core.trust.checker import TrustResult
from kyso.core.trust.revocation import (
    RevocationChecker,
    RevocationDataError,
    RevocationStatus,
    crl_urls,
    ocsp_urls,
)
from kyso.core.verify.embedded import EmbeddedData

ROLE_SIGNER = "signer"
ROLE_CA = "ca"
ROLE_TSA = "tsa"
ROLE_TSA_CA = "tsa_ca"
ROLE_OCSP = "ocsp_responder"

_SOURCE = {"cache": "cached", "ocsp": "online", "crl": "online", "file": "file"}


@dataclass(frozen=True)
class CertRevocation:
    """The revocation status of one certificate of a path."""

    subject: str
    role: str
    status: str
    """``good``, ``revoked``, ``unknown`` or ``no_source`` (nothing to ask, or
    id-pkix-ocsp-nocheck: accepted, needs no data)."""
    source: str | None = None
    """``embedded``, ``cached``, ``online`` (fetched now), ``file`` (a CRL given by file:
    ``--crl``, ``crl_dir``, the GUI's "Nạp CRL từ tệp…") or None."""
    revoked_at: dt.datetime | None = None
    embedded: bool = False
    """The document itself carries a usable answer (what B-LT requires)."""
    no_service: bool = False
    """``no_source`` because the certificate names no revocation service at all (not
    because of id-pkix-ocsp-nocheck): accepted unchecked, and the user is told so."""
    unused_embedded: tuple[KysoError, ...] = field(default=(), compare=False)
    """Why revocation data the document carries for this certificate was not used (out of
    scope, a delta CRL, expired): said in the verdict when the status stays unknown."""

    def to_json(self) -> dict[str, object]:
        from kyso.core.verify.report import vn_iso

        return {
            "subject": self.subject,
            "role": self.role,
            "status": self.status,
            "source": self.source,
            "revoked_at": vn_iso(self.revoked_at),
            "embedded": self.embedded,
        }


def _nocheck(cert: x509.Certificate) -> bool:
    try:
        cert.extensions.get_extension_for_class(x509.OCSPNoCheck)
        return True
    except x509.ExtensionNotFound:
        return False
    except Exception:
        return False


def _from_checker(rs: RevocationStatus) -> tuple[str, str | None, dt.datetime | None]:
    if rs.status in ("good", "revoked"):
        return rs.status, _SOURCE.get(rs.source or "", rs.source), rs.revoked_at
    return "unknown", None, None


_NO_CHAIN = {"issuer_unknown", "untrusted_root", "bad_signature", "issuer_params_missing"}


def from_trust_result(result: TrustResult) -> list[CertRevocation]:
    """What :meth:`~kyso.core.trust.checker.TrustChecker.check` found for each certificate
    of ``result.chain`` but the anchor (leaf first), in the shape ``kyso verify`` reports
    per signature: the ``path_revocation`` of ``kyso check --json``.

    The leaf has role ``signer``, each CA above it ``ca``. Statuses and sources use
    :func:`check_path`'s words: ``source`` is ``cached`` (Kyso's cache), ``online`` (an
    answer fetched now) or ``file`` (a CRL read from a file: ``--crl``, ``crl_dir``); a CA that names
    no revocation service is ``no_source``. An untrusted chain has only the leaf (nothing
    above it was asked); a trust anchor checked by itself has no entry at all.
    """
    chain = result.chain
    if len(chain) == 1 and not any(r.code in _NO_CHAIN for r in result.reasons):
        return []  # a trusted anchor by itself: nothing above it to ask
    out: list[CertRevocation] = []
    for index, (cert, rs) in enumerate(zip(chain, result.path_revocation, strict=False)):
        role = ROLE_SIGNER if index == 0 else ROLE_CA
        if rs.no_source and index > 0:
            out.append(CertRevocation(name_to_string(cert.subject), role, "no_source"))
            continue
        status, source, revoked_at = _from_checker(rs)
        out.append(CertRevocation(name_to_string(cert.subject), role, status, source, revoked_at))
    return out


def check_path(
    path: tuple[x509.Certificate, ...] | list[x509.Certificate],
    *,
    role: str,
    embedded: EmbeddedData,
    at: dt.datetime,
    now: dt.datetime,
    online: bool,
    checker: RevocationChecker,
    leaf_status: RevocationStatus | None = None,
    cancel: threading.Event | None = None,
) -> list[CertRevocation]:
    """The status of each certificate of ``path`` (leaf first, the anchor last and skipped).

    ``at`` is the time that counts (the signature's proof of existence, or now);
    ``leaf_status`` is what the trust check already found for the leaf (cache/network),
    so it is not asked twice.
    """
    out: list[CertRevocation] = []
    responders: list[CertRevocation] = []
    for index in range(len(path) - 1):
        cert, issuer = path[index], path[index + 1]
        this_role = role if index == 0 else (ROLE_TSA_CA if role == ROLE_TSA else ROLE_CA)
        out.append(
            _one(
                cert,
                issuer,
                this_role,
                embedded,
                at,
                now,
                online,
                checker,
                leaf_status if index == 0 else None,
                cancel,
                responders,
            )
        )
    for responder in responders:
        if responder not in out:
            out.append(responder)
    return out


def _one(
    cert: x509.Certificate,
    issuer: x509.Certificate,
    role: str,
    embedded: EmbeddedData,
    at: dt.datetime,
    now: dt.datetime,
    online: bool,
    checker: RevocationChecker,
    known: RevocationStatus | None,
    cancel: threading.Event | None,
    responders: list[CertRevocation],
    distrusted: tuple[x509.Certificate, ...] = (),
) -> CertRevocation:
    subject = name_to_string(cert.subject)
    if _nocheck(cert):
        return CertRevocation(subject, role, "no_source")
    unused: list[RevocationDataError] = []
    emb = embedded.status_for(cert, issuer, at, now, distrusted, unused)
    if emb is not None and emb.responder is not None and not _nocheck(emb.responder):
        # The delegated responder that answered is checked first (it may not vouch for
        # itself); a revoked responder's answers prove nothing (whoever holds its key
        # could vouch for any certificate), so they are dropped and the rest decides.
        responder = _one(
            emb.responder,
            issuer,
            ROLE_OCSP,
            embedded,
            at,
            now,
            online,
            checker,
            None,
            cancel,
            responders,
            (*distrusted, emb.responder),
        )
        responders.append(responder)
        if responder.status == "revoked" and (
            responder.revoked_at is None or responder.revoked_at <= at
        ):
            emb = embedded.status_for(cert, issuer, at, now, (*distrusted, emb.responder))
    # Cache / network: the signer's was asked by the trust check already; others only
    # when the document does not answer (embedded first).
    if known is not None:
        status, source, revoked_at = _from_checker(known)
    elif emb is None:
        status, source, revoked_at = _from_checker(
            checker.check(cert, issuer, now=now, online=online, cancel=cancel)
        )
    else:
        status, source, revoked_at = "unknown", None, None
    if emb is not None and (emb.status == "revoked" or status != "revoked"):
        # "Revoked" from any source wins; otherwise the document's answer, valid at the
        # time that counts, is the one that speaks for that time.
        if emb.status == "revoked" and status == "revoked" and revoked_at is not None:
            revoked_at = min(revoked_at, emb.revoked_at or revoked_at)
        else:
            revoked_at = emb.revoked_at
        return CertRevocation(subject, role, emb.status, "embedded", revoked_at, embedded=True)
    if status == "unknown" and role != ROLE_SIGNER and not (ocsp_urls(cert) or crl_urls(cert)):
        return CertRevocation(subject, role, "no_source", no_service=True)
    return CertRevocation(
        subject,
        role,
        status,
        source,
        revoked_at,
        embedded=emb is not None,
        unused_embedded=_distinct(unused) if emb is None else (),
    )


def _distinct(problems: list[RevocationDataError]) -> tuple[KysoError, ...]:
    seen: dict[str, KysoError] = {}
    for p in problems:
        seen.setdefault(p.code, p)
    return tuple(seen.values())
