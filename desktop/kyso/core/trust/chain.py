"""Certification path building: leaf → intermediates → a trusted root.

Candidates for each issuer come from the certificates the token carries (``extra``), the
anchors folder, and, when those have none whose signature verifies, the certificate's AIA
caIssuers URLs. The search is depth-first with backtracking, so a stale copy of an
intermediate (expired, re-keyed) does not hide a good one; trusted anchors and currently
valid candidates are tried first. Signatures are verified along the path with
cryptography's primitives; names are compared the RFC 5280 way (case and space folded).

This is deliberately not cryptography's ``x509.verification`` (its web-PKI profile rejects
SHA-1 chains such as Ban Cơ yếu's G1, and stops at the first error) nor
pyhanko-certvalidator (asyncio-based and also first-error): a clerk needs *every* reason
listed, so this module reports the path it found plus each problem on it, and
:mod:`kyso.core.trust.checker` turns them into reasons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from kyso.core.certs.dsa_inherited import InheritedDsaCertificate, resolve_inherited_keys
from kyso.core.certs.x509util import NameKey, cert_signed_by, ext, is_self_signed, name_key
from kyso.core.trust.anchors import TrustAnchors

MAX_DEPTH = 8

IssuerFetcher = Callable[[x509.Certificate], list[x509.Certificate]]
"""Given a certificate, download its issuer candidates (AIA caIssuers)."""


@dataclass
class IssuerProblem:
    cert: x509.Certificate
    code: str
    """``issuer_expired``, ``issuer_not_yet_valid``, ``issuer_not_ca``, ``path_too_long``."""


@dataclass
class ChainOutcome:
    path: list[x509.Certificate]
    """Leaf first; ends at the trusted root when ``status == "trusted"``."""
    status: str
    """``trusted``, ``issuer_unknown``, ``untrusted_root``, ``bad_signature`` or
    ``issuer_params_missing`` (the issuer found is a DSA CA whose key inherits its
    parameters from its own issuer, and that CA is not available: the signature cannot be
    checked, which is not the same as a signature that fails; the path ends at that CA)."""
    issuer_problems: list[IssuerProblem] = field(default_factory=list)
    fetched: list[x509.Certificate] = field(default_factory=list)
    """Certificates downloaded from AIA while building."""

    @property
    def issuer(self) -> x509.Certificate | None:
        """The leaf's issuer, when one was found (needed for revocation checks)."""
        return self.path[1] if len(self.path) > 1 else None


_RANK = {
    "trusted": 5,
    "bad_signature": 4,
    "issuer_params_missing": 3,
    "untrusted_root": 2,
    "issuer_unknown": 1,
}


class _Pool:
    def __init__(self, certs: Iterable[x509.Certificate]) -> None:
        self.by_subject: dict[NameKey, list[x509.Certificate]] = {}
        self.seen: set[bytes] = set()
        self.add(certs)

    def add(self, certs: Iterable[x509.Certificate]) -> None:
        for cert in certs:
            fp = cert.fingerprint(hashes.SHA256())
            if fp in self.seen:
                continue
            self.seen.add(fp)
            self.by_subject.setdefault(name_key(cert.subject), []).append(cert)

    def issuers_of(self, cert: x509.Certificate) -> list[x509.Certificate]:
        return list(self.by_subject.get(name_key(cert.issuer), ()))


def _ski(cert: x509.Certificate) -> bytes | None:
    value = ext(cert, x509.SubjectKeyIdentifier)
    return value.digest if isinstance(value, x509.SubjectKeyIdentifier) else None


def _aki(cert: x509.Certificate) -> bytes | None:
    value = ext(cert, x509.AuthorityKeyIdentifier)
    return value.key_identifier if isinstance(value, x509.AuthorityKeyIdentifier) else None


def _valid_at(cert: x509.Certificate, now: dt.datetime) -> bool:
    return cert.not_valid_before_utc <= now <= cert.not_valid_after_utc


def build_path(
    leaf: x509.Certificate,
    anchors: TrustAnchors,
    *,
    extra: Iterable[x509.Certificate] = (),
    now: dt.datetime,
    fetch_issuers: IssuerFetcher | None = None,
) -> ChainOutcome:
    """The best path from ``leaf`` towards an anchor, and what is wrong with it."""
    known = [leaf, *extra, *anchors.intermediates, *anchors.roots]
    resolve_inherited_keys(known)
    pool = _Pool(known[1:])
    fetched_for: set[bytes] = set()
    fetched: list[x509.Certificate] = []

    def ordered(cert: x509.Certificate, candidates: list[x509.Certificate]) -> list:
        aki = _aki(cert)
        return sorted(
            candidates,
            key=lambda c: (
                not anchors.is_anchor(c),
                aki is not None and _ski(c) not in (None, aki),
                not _valid_at(c, now),
                -c.not_valid_after_utc.timestamp(),
            ),
        )

    def dfs(path: list[x509.Certificate]) -> ChainOutcome:
        cur = path[-1]
        if anchors.is_anchor(cur):
            return ChainOutcome(list(path), "trusted")
        if is_self_signed(cur):
            return ChainOutcome(list(path), "untrusted_root")
        if len(path) > MAX_DEPTH:
            return ChainOutcome(list(path), "issuer_unknown")
        best = ChainOutcome(list(path), "issuer_unknown")
        in_path = {c.fingerprint(hashes.SHA256()) for c in path}
        for attempt in range(2):
            candidates = [
                c for c in pool.issuers_of(cur) if c.fingerprint(hashes.SHA256()) not in in_path
            ]
            verified = False
            for cand in ordered(cur, candidates):
                if not cert_signed_by(cur, cand):
                    # An issuer whose DSA parameters could not be inherited (its own CA is
                    # missing) has no key to check with: "cannot check", not "forged".
                    status = (
                        "issuer_params_missing"
                        if isinstance(cand, InheritedDsaCertificate) and not cand.key_resolved
                        else "bad_signature"
                    )
                    if _RANK[best.status] < _RANK[status]:
                        best = ChainOutcome([*path, cand], status)
                    continue
                verified = True
                outcome = dfs([*path, cand])
                if outcome.status == "trusted":
                    return outcome
                if (_RANK[outcome.status], len(outcome.path)) > (
                    _RANK[best.status],
                    len(best.path),
                ):
                    best = outcome
            fp = cur.fingerprint(hashes.SHA256())
            if attempt or verified or fetch_issuers is None or fp in fetched_for:
                break
            fetched_for.add(fp)
            downloaded = fetch_issuers(cur)
            if not downloaded:
                break
            fetched.extend(downloaded)
            pool.add(downloaded)
            resolve_inherited_keys([*known, *fetched])
        return best

    outcome = dfs([leaf])
    outcome.fetched = fetched
    if outcome.status == "trusted":
        outcome.issuer_problems = _check_issuers(outcome.path, anchors, now)
    return outcome


def _counted_below(path: list[x509.Certificate], index: int) -> int:
    """Intermediates between the leaf and ``path[index]`` that count towards its
    pathLenConstraint: self-issued ones (key rollover) do not (RFC 5280 §6.1.4 (l))."""
    return sum(1 for c in path[1:index] if name_key(c.subject) != name_key(c.issuer))


def _check_issuers(
    path: list[x509.Certificate], anchors: TrustAnchors, now: dt.datetime
) -> list[IssuerProblem]:
    """RFC 5280 §6.1 basics for the issuing certificates on a trusted path."""
    problems: list[IssuerProblem] = []
    for index, cert in enumerate(path[1:], start=1):
        if now > cert.not_valid_after_utc:
            problems.append(IssuerProblem(cert, "issuer_expired"))
        elif now < cert.not_valid_before_utc:
            problems.append(IssuerProblem(cert, "issuer_not_yet_valid"))
        if anchors.is_anchor(cert):
            continue  # an anchor's own constraints are IT's decision, not checked here
        bc = ext(cert, x509.BasicConstraints)
        ku = ext(cert, x509.KeyUsage)
        if not (isinstance(bc, x509.BasicConstraints) and bc.ca) or (
            isinstance(ku, x509.KeyUsage) and not ku.key_cert_sign
        ):
            problems.append(IssuerProblem(cert, "issuer_not_ca"))
        elif bc.path_length is not None and _counted_below(path, index) > bc.path_length:
            problems.append(IssuerProblem(cert, "path_too_long"))
    return problems
