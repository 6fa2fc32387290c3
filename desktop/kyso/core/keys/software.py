"""A key held in memory: the test double of :class:`~kyso.core.keys.base.SigningKey`.

It signs through the same batch, policy, appearance and audit code as a token (the tests
use it with the test PKI; a DEMO run may too). With ``approval`` it behaves like a remote
service: signatures complete only once the event is set (the holder approving on a phone),
on another thread, so callers exercise the asynchronous path; ``batch_limit`` makes it take
several documents' digests per request, as a service approves them on one request.
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Sequence
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

from kyso.core.keys.base import (
    Purpose,
    Scheme,
    SignatureAlgorithm,
    SigningCancelled,
    SigningKey,
    key_scheme,
)
from kyso.core.keys.proof import hash_algorithm, pss_padding


class SoftwareKey(SigningKey):
    home = "software"

    def __init__(
        self,
        private_key: Any,
        certificate: x509.Certificate,
        chain: Sequence[x509.Certificate] = (),
        *,
        approval: threading.Event | None = None,
        approval_timeout: float | None = None,
        scheme: Scheme | None = None,
        batch_limit: int = 1,
    ) -> None:
        super().__init__(certificate, chain)
        self.batch_limit = max(1, batch_limit)
        self._private_key = private_key
        self._approval = approval
        self.approval_timeout = approval_timeout
        self._scheme = scheme or key_scheme(certificate)
        self.authorizations: list[tuple[int, Purpose]] = []
        """Every :meth:`authorize` call (count, purpose): tests check one per batch."""
        self.requests: list[int] = []
        """How many digests each :meth:`sign_digests` call carried."""
        self.named: list[tuple[list[str], str | None, list[str]]] = []
        """Every :meth:`name_documents` call (names, description, temporaries)."""
        self.parts: list[tuple[int, int] | None] = []
        """The ``part`` of every :meth:`name_documents` call."""
        self.closed = False
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None

    @classmethod
    def from_pkcs8(
        cls, pkcs8_der: bytes, certificate: x509.Certificate | bytes, **kwargs: Any
    ) -> SoftwareKey:
        cert = (
            certificate
            if isinstance(certificate, x509.Certificate)
            else x509.load_der_x509_certificate(certificate)
        )
        key = serialization.load_der_private_key(pkcs8_der, password=None)
        return cls(key, cert, **kwargs)

    def algorithms(self) -> tuple[SignatureAlgorithm, ...]:
        return tuple(SignatureAlgorithm(self._scheme, d) for d in ("sha256", "sha384", "sha512"))

    def authorize(self, count: int, purpose: Purpose) -> None:
        self.authorizations.append((count, purpose))

    def name_documents(
        self,
        names: Sequence[str],
        description: str | None = None,
        temporaries: Sequence[str] = (),
        *,
        part: tuple[int, int] | None = None,
    ) -> None:
        self.named.append((list(names), description, list(temporaries)))
        self.parts.append(part)

    def sign_digests(
        self, digests: Sequence[bytes], algorithm: SignatureAlgorithm
    ) -> concurrent.futures.Future[list[bytes]]:
        self.requests.append(len(digests))
        digests = list(digests)
        if self._approval is None:
            done: concurrent.futures.Future[list[bytes]] = concurrent.futures.Future()
            try:
                done.set_result([self._sign(d, algorithm) for d in digests])
            except Exception as exc:
                done.set_exception(exc)
            return done
        if self._pool is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="kyso-approve")
        approval = self._approval

        def later() -> list[bytes]:
            while not approval.wait(0.05):
                if self.closed:  # never keep a thread waiting past the key's life
                    raise SigningCancelled()
            return [self._sign(d, algorithm) for d in digests]

        return self._pool.submit(later)

    def _sign(self, digest: bytes, algorithm: SignatureAlgorithm) -> bytes:
        prehashed = utils.Prehashed(hash_algorithm(algorithm.digest))
        key = self._private_key
        if isinstance(key, rsa.RSAPrivateKey):
            pad = (
                pss_padding(algorithm.digest)
                if algorithm.scheme is Scheme.RSA_PSS
                else padding.PKCS1v15()
            )
            return key.sign(digest, pad, prehashed)
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(digest, ec.ECDSA(prehashed))
        raise TypeError(f"unsupported key {type(key).__name__}")

    def close(self) -> None:
        self.closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
