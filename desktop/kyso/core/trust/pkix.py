"""RFC 5280 §6.1 rules on a path Kyso has built, and the checks every certificate gets.

Two layers, on purpose:

* :func:`certificate_problems` — what Kyso itself says about each certificate of the path
  (MD5 → failed; SHA-1 issued after :data:`SHA1_CUTOFF` → warning; RSA under 2048 bits →
  warning; an unknown critical extension → failed). The anchors are not judged: they are
  IT's decision (Ban Cơ yếu's G1 root is SHA-1 signed and stays accepted).
* :func:`rfc5280_problem` — the rules Kyso does not implement itself (name constraints,
  certificate policies and their constraints, policy mappings, inhibit anyPolicy, the
  finer points of basic constraints on self-issued certificates) come from
  pyhanko-certvalidator's path validation (a maintained implementation measured on NIST
  PKITS), run on the very path Kyso built, with revocation left to
  :mod:`kyso.core.trust.revocation`. It stops at its first error, so it is asked only once
  Kyso's own checks have found nothing on the chain; what it says becomes one reason.

Kyso keeps its own path building (every problem listed, AIA, the token's certificates) and
its own revocation layer (cache, deadlines, offline wording).
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import os
import threading
from collections import OrderedDict
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtensionOID, SignatureAlgorithmOID

SHA1_CUTOFF = dt.datetime(2016, 1, 1, tzinfo=dt.timezone.utc)
"""Certificates issued from this day on should not be SHA-1 signed (CA/Browser Forum's date;
Ban Cơ yếu's G2 hierarchy is SHA-256). Older ones, such as the G1 chain, are accepted."""
MIN_RSA_BITS = 2048

_MD5_OIDS = frozenset(
    {SignatureAlgorithmOID.RSA_WITH_MD5, x509.ObjectIdentifier("1.2.840.113549.1.1.2")}
)
_SHA1_OIDS = frozenset(
    {
        SignatureAlgorithmOID.RSA_WITH_SHA1,
        SignatureAlgorithmOID.ECDSA_WITH_SHA1,
        SignatureAlgorithmOID.DSA_WITH_SHA1,
        SignatureAlgorithmOID._RSA_WITH_SHA1,
    }
)

KNOWN_EXTENSIONS = frozenset(
    {
        ExtensionOID.BASIC_CONSTRAINTS,
        ExtensionOID.KEY_USAGE,
        ExtensionOID.EXTENDED_KEY_USAGE,
        ExtensionOID.CERTIFICATE_POLICIES,
        ExtensionOID.POLICY_CONSTRAINTS,
        ExtensionOID.POLICY_MAPPINGS,
        ExtensionOID.INHIBIT_ANY_POLICY,
        ExtensionOID.NAME_CONSTRAINTS,
        ExtensionOID.SUBJECT_ALTERNATIVE_NAME,
        ExtensionOID.ISSUER_ALTERNATIVE_NAME,
        ExtensionOID.SUBJECT_KEY_IDENTIFIER,
        ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
        ExtensionOID.CRL_DISTRIBUTION_POINTS,
        ExtensionOID.FRESHEST_CRL,
        ExtensionOID.AUTHORITY_INFORMATION_ACCESS,
        ExtensionOID.SUBJECT_INFORMATION_ACCESS,
        ExtensionOID.OCSP_NO_CHECK,
        ExtensionOID.SUBJECT_DIRECTORY_ATTRIBUTES,
    }
)
"""Extensions Kyso (or the RFC 5280 validator it runs) processes; any other critical one
means the certificate must not be relied on (RFC 5280 §4.2)."""


@dataclass(frozen=True)
class CertProblem:
    cert: x509.Certificate
    code: str
    """``weak_hash_md5``, ``weak_hash_sha1``, ``weak_key``, ``unknown_critical_extension``."""
    detail: str = ""


def certificate_problems(path: Sequence[x509.Certificate], *, anchored: bool) -> list[CertProblem]:
    """Kyso's own checks on each certificate of ``path`` (leaf first).

    ``anchored``: the last certificate is a trust anchor, and is not judged.
    """
    judged = list(path[:-1]) if anchored and len(path) > 1 else list(path)
    if anchored and len(path) == 1:
        judged = []
    problems: list[CertProblem] = []
    for cert in judged:
        oid = cert.signature_algorithm_oid
        if oid in _MD5_OIDS:
            problems.append(CertProblem(cert, "weak_hash_md5"))
        elif oid in _SHA1_OIDS and cert.not_valid_before_utc >= SHA1_CUTOFF:
            problems.append(CertProblem(cert, "weak_hash_sha1"))
        bits = _key_bits(cert)
        if bits is not None and bits < MIN_RSA_BITS:
            problems.append(CertProblem(cert, "weak_key", str(bits)))
        for extension in cert.extensions:
            if extension.critical and extension.oid not in KNOWN_EXTENSIONS:
                problems.append(
                    CertProblem(cert, "unknown_critical_extension", extension.oid.dotted_string)
                )
    return problems


def _key_bits(cert: x509.Certificate) -> int | None:
    try:
        key = cert.public_key()
    except (ValueError, TypeError):  # e.g. DSA parameters inherited from the issuer
        return None
    return key.key_size if isinstance(key, rsa.RSAPublicKey) else None


@dataclass(frozen=True)
class PathProblem:
    code: str
    """``name_constraints``, ``policy``, ``path_invalid``."""
    detail: str


_PASSED_MAX = 256
_passed: OrderedDict[tuple[bytes, ...], tuple[dt.datetime, dt.datetime]] = OrderedDict()
_passed_lock = threading.Lock()


def rfc5280_problem(path: Sequence[x509.Certificate], now: dt.datetime) -> PathProblem | None:
    """RFC 5280 §6.1 on ``path`` (leaf first, trust anchor last), revocation not checked.

    A path that passed is remembered (the last :data:`_PASSED_MAX`) with the window in
    which every certificate of it is valid: with revocation left out, nothing else this
    check looks at depends on the time, so the same path at another moment inside that
    window passes again without being re-run (a batch of documents from one signer asks
    for the same path once per file). Failures are never remembered.
    """
    if len(path) < 2:
        return None
    key = tuple(cert.public_bytes(Encoding.DER) for cert in path)
    with _passed_lock:
        window = _passed.get(key)
        if window is not None:
            _passed.move_to_end(key)
    if window is not None and window[0] <= now <= window[1]:
        return None
    problem = _validate(path, now)
    if problem is None:
        start = max(cert.not_valid_before_utc for cert in path)
        end = min(cert.not_valid_after_utc for cert in path)
        with _passed_lock:
            _passed[key] = (start, end)
            _passed.move_to_end(key)
            while len(_passed) > _PASSED_MAX:
                _passed.popitem(last=False)
    return problem


def _validate(path: Sequence[x509.Certificate], now: dt.datetime) -> PathProblem | None:
    from asn1crypto import x509 as ax509
    from pyhanko_certvalidator.authority import CertTrustAnchor
    from pyhanko_certvalidator.context import ValidationContext
    from pyhanko_certvalidator.errors import PathValidationError, ValidationError
    from pyhanko_certvalidator.path import ValidationPath
    from pyhanko_certvalidator.policy_decl import (
        CertRevTrustPolicy,
        DisallowWeakAlgorithmsPolicy,
        RevocationCheckingPolicy,
        RevocationCheckingRule,
    )
    from pyhanko_certvalidator.validate import async_validate_path

    def load(cert: x509.Certificate) -> ax509.Certificate:
        return ax509.Certificate.load(cert.public_bytes(Encoding.DER))

    leaf, *interm, root = (load(c) for c in path)
    interm.reverse()  # certvalidator wants anchor-side first
    no_check = RevocationCheckingPolicy(
        RevocationCheckingRule.NO_CHECK, RevocationCheckingRule.NO_CHECK
    )
    context = ValidationContext(
        trust_roots=[root],
        moment=now,
        allow_fetching=False,
        revinfo_policy=CertRevTrustPolicy(no_check),
        # SHA-1 and short keys are Kyso's warnings (above), not this layer's failures
        algorithm_usage_policy=DisallowWeakAlgorithmsPolicy(
            weak_hash_algos={"md2", "md5"}, rsa_key_size_threshold=1024, dsa_key_size_threshold=1024
        ),
        time_tolerance=dt.timedelta(minutes=5),
    )
    vpath = ValidationPath(CertTrustAnchor(root), interm, leaf)
    try:
        _run(async_validate_path(context, vpath))
    except PathValidationError as exc:
        return PathProblem(_classify(str(exc)), str(exc))
    except ValidationError as exc:
        return PathProblem("path_invalid", str(exc))
    except (ValueError, TypeError, KeyError) as exc:  # a certificate it cannot parse
        return PathProblem("path_invalid", f"{type(exc).__name__}: {exc}")
    return None


def _classify(message: str) -> str:
    low = message.lower()
    if "name constraint" in low or "subtree" in low or "permitted" in low or "excluded" in low:
        return "name_constraints"
    if "polic" in low:
        return "policy"
    return "path_invalid"


def _run(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine to completion from sync code, even under a running event loop.

    It runs on one long-lived event loop thread per process (:class:`_LoopThread`) rather
    than a new thread and a new loop per call: a trust check happens for every signature of
    every file ``kyso verify`` reads, mostly from inside the verifier's own running loop,
    and starting a thread and an event loop each time cost about as much as the rest of
    this module's work (bench: tests/bench/bench_verify.py).
    """
    return _LOOP.run(coro)


class _LoopThread:
    """A daemon thread running one asyncio loop, started on first use (and again in a
    child process, where the parent's thread does not exist); closed at exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._atexit = False

    def _ensure(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            thread = self._thread
            fresh = self._pid == os.getpid() and thread is not None and thread.is_alive()
            if self._loop is None or not fresh:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=loop.run_forever, name="kyso-pkix-loop", daemon=True
                )
                thread.start()
                if self._pid == os.getpid() and self._loop is not None:
                    self._loop.close()  # pragma: no cover - a loop thread that died
                self._loop, self._thread, self._pid = loop, thread, os.getpid()
                if not self._atexit:
                    atexit.register(self.close)
                    self._atexit = True
            return self._loop

    def run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        loop = self._ensure()
        if threading.current_thread() is self._thread:  # pragma: no cover - never nested
            coro.close()
            raise RuntimeError("pkix._run called from its own loop thread")
        return asyncio.run_coroutine_threadsafe(coro, loop).result()

    def close(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None or self._pid != os.getpid():
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        if not thread.is_alive():
            loop.close()


_LOOP = _LoopThread()
