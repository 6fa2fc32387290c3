"""pyHanko's ``Signer`` over a :class:`~kyso.core.keys.base.SigningKey`.

pyHanko hands ``async_sign_raw`` the DER of the signed attributes; Kyso hashes them, asks the
key for a signature of that digest, awaits it without blocking the signing loop (a token
answers from its module thread, a remote service when the holder approves; a cancel event
and the key's approval deadline end the wait), and checks the value with the certificate's
public key before pyHanko may embed it (:func:`kyso.core.keys.proof.check_signature`).

Two-phase signing (a batch on one approval, :mod:`kyso.core.signing.pades`) fills
``kyso_presigned`` first — the signature of each digest, obtained for many documents in one
request — and then lets pyHanko build the CMS: ``async_sign_raw`` takes the value from there
instead of asking the key again.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import threading
import time
from typing import Any

from kyso.core.keys.base import ApprovalTimeout, SigningCancelled, SigningKey, signature_size
from kyso.core.keys.proof import check_signature

POLL_SECONDS = 0.2
"""How often a pending signature checks the cancel event and the deadline."""


@functools.cache
def key_signer_class() -> type:
    from asn1crypto import algos
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.signers.pdf_cms import Signer
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from kyso.core.keys.base import Scheme

    def asn1(cert: Any) -> Any:
        return ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    class KeySigner(Signer):  # type: ignore[misc]
        """Signs CMS signed attributes with a :class:`SigningKey`."""

        def __init__(self, key: SigningKey, chain: list[Any]) -> None:
            cert = asn1(key.certificate)
            self.kyso_key = key
            self.kyso_cancel: threading.Event | None = None
            self.kyso_presigned: dict[bytes, bytes] | None = None
            """digest → signature already made (phase 2 of two-phase signing); while set,
            a digest not in it is an error, never one more request to the key."""
            algorithm = key.algorithms()[0]
            mechanism = None
            if algorithm.scheme is Scheme.RSA_PSS:
                # the salt as long as the digest, as the key signs it (keys.proof.pss_padding)
                digest = {"algorithm": algorithm.digest}
                params = algos.RSASSAPSSParams(
                    {
                        "hash_algorithm": digest,
                        "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": digest},
                        "salt_length": algorithm.digest_size,
                    }
                )
                mechanism = algos.SignedDigestAlgorithm(
                    {"algorithm": "rsassa_pss", "parameters": params}
                )
            super().__init__(
                signing_cert=cert,
                cert_registry=SimpleCertificateStore.from_certs([cert, *map(asn1, chain)]),
                embed_roots=True,
                signature_mechanism=mechanism,
            )

        async def async_sign_raw(
            self, data: bytes, digest_algorithm: str, dry_run: bool = False
        ) -> bytes:
            key = self.kyso_key
            if dry_run:
                return b"\x00" * signature_size(key.certificate)
            algorithm = key.algorithm_for(digest_algorithm)
            digest = hashlib.new(digest_algorithm, data).digest()
            if self.kyso_presigned is not None:
                signature = self.kyso_presigned.pop(digest, None)
                if signature is None:  # the signed attributes changed between the phases
                    raise RuntimeError("no signature prepared for these signed attributes")
                check_signature(key.certificate, digest, signature, algorithm)
                return signature
            future = key.sign_digests([digest], algorithm)
            signature = (await _wait(future, self.kyso_cancel, key.approval_timeout))[0]
            check_signature(key.certificate, digest, signature, algorithm)
            return signature

    return KeySigner


async def _wait(future: Any, cancel: threading.Event | None, timeout: float | None) -> list[bytes]:
    wrapped = asyncio.wrap_future(future)
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        done, _ = await asyncio.wait({wrapped}, timeout=POLL_SECONDS)
        if done:
            return wrapped.result()
        if cancel is not None and cancel.is_set():
            future.cancel()
            wrapped.cancel()
            raise SigningCancelled()
        if deadline is not None and time.monotonic() >= deadline:
            future.cancel()
            wrapped.cancel()
            raise ApprovalTimeout(timeout or 0)
