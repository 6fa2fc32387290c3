"""The signing-key interface: certificate, chain, algorithms, authorization, digests.

The interface is shaped by the slowest home a key may have: a remote service that asks the
holder to approve on a phone, possibly minutes later, once for a whole batch. So

* :meth:`SigningKey.authorize` is called once per batch with the number of signatures it
  will make (a token logs in and asks the PIN there; a remote service asks for approval of
  ``count`` signatures);
* :meth:`SigningKey.sign_digests` takes several digests at once and returns a
  :class:`concurrent.futures.Future` that completes when the signatures exist (at once for a
  software key, on the module thread for a token, when the holder approves for a service);
  :func:`wait_for` waits on it from a worker thread with a cancel event and a deadline;
* :attr:`SigningKey.batch_limit` says how many digests one request should carry: a service
  approves that many on one phone request (so a batch prepares that many documents first
  and asks once, see :mod:`kyso.core.signing.batch`), a token signs one document at a time
  (a pulled token then loses only the document in progress);
  :meth:`SigningKey.name_documents` tells the key what the next request is for.

Signature values come back in the form CMS carries them: PKCS#1 v1.5 and PSS as the raw
octets, ECDSA as a DER ``Ecdsa-Sig-Value``.
"""

from __future__ import annotations

import abc
import concurrent.futures
import enum
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kyso.core.errors import KysoError

KEY_MISMATCH_VI = "khóa trên thiết bị không khớp với chứng thư đã chọn"
KEY_MISMATCH_EN = "the key on the device does not match the chosen certificate"


class KeyMismatchError(KysoError):
    """The key signs, but not for the chosen certificate (wrong key on the device)."""

    def __init__(self, detail_vi: str = "", detail_en: str = "") -> None:
        super().__init__(
            f"Dừng ký: {KEY_MISMATCH_VI}. {detail_vi}Không có tệp nào được ghi là đã ký. "
            "Chọn đúng chứng thư, hoặc liên hệ đơn vị cấp chứng thư để kiểm tra thiết bị.",
            f"Signing stopped: {KEY_MISMATCH_EN}. {detail_en}No file was written as signed. "
            "Choose the right certificate, or ask the issuing CA to check the device.",
            code="key_mismatch",
        )


class KeyNotFoundError(KysoError):
    """No private key for the chosen certificate where the key should live."""

    def __init__(self, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"Không tìm thấy khóa bí mật ứng với chứng thư đã chọn trên token{extra}.",
            f"The private key of the chosen certificate is not on the token{extra}.",
            code="key_missing",
        )


class SigningCancelled(KysoError):
    """The user cancelled while a signature was being waited for."""

    def __init__(self) -> None:
        super().__init__("Đã hủy ký.", "Signing cancelled.", code="sign_cancelled")


class ApprovalRefused(KysoError):
    """The holder or the service did not give the signatures of a request (rejected on the
    phone, expired, quota used up, certificate refused, our own deadline passed).

    The batch stops there: nothing is written for the documents of that request and nothing
    more is asked of the holder. Remote services' refusals subclass it
    (:mod:`kyso.core.remote.provider`)."""


class ApprovalTimeout(ApprovalRefused):
    """The signature was not approved in time (e.g. on the holder's phone)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"Chưa nhận được chữ ký sau {seconds:.0f} giây (chưa xác nhận trên thiết bị?). "
            "Ký lại và xác nhận yêu cầu ký.",
            f"No signature after {seconds:.0f} s (not approved on the device?). Sign again "
            "and approve the request.",
            code="approval_timeout",
        )


class Scheme(str, enum.Enum):
    RSA_PKCS1V15 = "rsa_pkcs1v15"
    RSA_PSS = "rsa_pss"
    ECDSA = "ecdsa"


@dataclass(frozen=True)
class SignatureAlgorithm:
    """A signature scheme and the digest it signs (the digest is computed by the caller)."""

    scheme: Scheme
    digest: str = "sha256"

    @property
    def digest_size(self) -> int:
        return {"sha256": 32, "sha384": 48, "sha512": 64}[self.digest]


@dataclass(frozen=True)
class Purpose:
    """Why a key is authorized: shown by the PIN prompt or the approval request."""

    vi: str
    en: str


_RSASSA_PSS = "1.2.840.113549.1.1.10"


def key_scheme(certificate: x509.Certificate) -> Scheme:
    """The default scheme for the certificate's key (PKCS#1 v1.5 for RSA, as VGCA uses).

    A certificate whose key is RSASSA-PSS (its SubjectPublicKeyInfo says id-RSASSA-PSS,
    RFC 4055 §1.2) allows PSS signatures only: PSS it is. When its parameters restrict the
    hash to another than Kyso's SHA-256 (or ask for a longer salt), Kyso refuses in words
    rather than make a signature the certificate forbids.
    """
    pub = certificate.public_key()
    if isinstance(pub, rsa.RSAPublicKey):
        if certificate.public_key_algorithm_oid.dotted_string == _RSASSA_PSS:
            _check_pss_restrictions(certificate)
            return Scheme.RSA_PSS
        return Scheme.RSA_PKCS1V15
    if isinstance(pub, ec.EllipticCurvePublicKey):
        return Scheme.ECDSA
    raise KysoError(
        "Kyso chưa hỗ trợ loại khóa của chứng thư này (chỉ RSA và ECDSA).",
        "Kyso does not support this certificate's key type (RSA and ECDSA only).",
        code="key_type_unsupported",
    )


def _check_pss_restrictions(certificate: x509.Certificate) -> None:
    """Raise unless Kyso's PSS (SHA-256, MGF1-SHA-256, 32-byte salt) fits the key's
    RSASSA-PSS parameters. Absent parameters: no restriction (RFC 4055 §1.2)."""
    from asn1crypto import x509 as ax509

    tbs = ax509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    params = tbs["tbs_certificate"]["subject_public_key_info"]["algorithm"]["parameters"]
    if params.native is None:
        return
    hash_name = params["hash_algorithm"]["algorithm"].native
    mgf = params["mask_gen_algorithm"]
    mgf_hash = mgf["parameters"]["algorithm"].native if mgf["parameters"].native else "sha1"
    salt = params["salt_length"].native
    if hash_name == "sha256" and mgf["algorithm"].native == "mgf1" and mgf_hash == "sha256" and salt <= 32:
        return
    shown = hash_name.upper().replace("SHA", "SHA-")
    raise KysoError(
        f"Khóa RSA-PSS của chứng thư này chỉ cho phép ký với hàm băm {shown} (muối {salt} "
        "byte); Kyso ký với SHA-256 nên không ký bằng chứng thư này. Liên hệ đơn vị cấp "
        "chứng thư.",
        f"This certificate's RSA-PSS key allows signatures with {shown} only (salt {salt} "
        "bytes); Kyso signs with SHA-256, so it does not sign with this certificate. Contact "
        "the certificate's issuer.",
        code="key_type_unsupported",
    )


def signature_size(certificate: x509.Certificate) -> int:
    """An upper bound of a signature value's length in bytes (for a dry run)."""
    pub = certificate.public_key()
    if isinstance(pub, rsa.RSAPublicKey):
        return (pub.key_size + 7) // 8
    if isinstance(pub, ec.EllipticCurvePublicKey):
        return 2 * ((pub.curve.key_size + 7) // 8) + 9
    return 512


class SigningKey(abc.ABC):
    """A key that signs digests, with its certificate and chain.

    Implementations: :class:`kyso.core.tokens.key.Pkcs11Key`,
    :class:`kyso.core.keys.software.SoftwareKey`. The key owns its session (login, remote
    credential); :meth:`close` ends it. Use as a context manager.
    """

    home: str = "unknown"
    """Where the key lives: ``pkcs11``, ``software``, ``remote:<service>`` (audit, loops)."""
    approval_timeout: float | None = None
    """How long a signature may take to be approved (None: no limit, e.g. a token)."""
    extra_signatures_free: bool = True
    """One more digest in the same authorization costs the holder nothing (a token's login,
    a software key). False for a remote service, where each is one more approval: the audit
    log then relies on the document's own signature (see kyso.core.signing.audit)."""
    batch_limit: int = 1
    """How many digests one :meth:`sign_digests` request should carry. A remote service sets
    how many one approval covers (``multisign``, 50 hashes): the batch prepares that many
    documents, asks once, then embeds. 1 (a token, a software key) keeps the rhythm of one
    document at a time: its signature is free, and a pulled token loses only that document."""

    def __init__(
        self, certificate: x509.Certificate, chain: Sequence[x509.Certificate] = ()
    ) -> None:
        self.certificate = certificate
        self.chain = list(chain)
        """Certificates the key's home supplies (a token's CA objects, a service's chain)."""

    @property
    def label(self) -> str:
        values = self.certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        return str(values[0].value) if values else self.certificate.subject.rfc4514_string()

    @property
    def loop_key(self) -> str:
        """Keys with one loop key share one signing event loop (one per token module)."""
        return self.home

    def algorithms(self) -> tuple[SignatureAlgorithm, ...]:
        """What this key can sign; the first is the default."""
        return (SignatureAlgorithm(key_scheme(self.certificate)),)

    def algorithm_for(self, digest: str) -> SignatureAlgorithm:
        for alg in self.algorithms():
            if alg.digest == digest:
                return alg
        raise KysoError(
            f"Khóa không ký được với hàm băm {digest}.",
            f"The key cannot sign with digest {digest}.",
            code="digest_unsupported",
        )

    @abc.abstractmethod
    def authorize(self, count: int, purpose: Purpose) -> None:
        """Make the key ready for ``count`` signatures (log in, ask for approval).

        Blocking; call from a worker thread. Calling it again while authorized does nothing.
        """

    def name_documents(
        self,
        names: Sequence[str],
        description: str | None = None,
        temporaries: Sequence[str] = (),
        *,
        part: tuple[int, int] | None = None,
    ) -> None:
        """What the next :meth:`sign_digests` request is for: the document names (one per
        digest, shown on the phone), a short description (None: keep the current one), the
        temporary outputs waiting for it (journaled, so a crash can clean them), and ``part``
        (k, n) when the batch needs n requests and this is the k-th (shown on the phone as
        "phần k/n"; None: the only one). A key that shows nothing ignores it."""
        return None

    @abc.abstractmethod
    def sign_digests(
        self, digests: Sequence[bytes], algorithm: SignatureAlgorithm
    ) -> concurrent.futures.Future[list[bytes]]:
        """Sign each digest; the future's result holds the signatures in the same order."""

    def request_done(self) -> None:
        """The documents of the last :meth:`sign_digests` request are written (or given up):
        a key that journals its requests may forget it now. A crash before this leaves the
        record for the next start to report (a remote key, :mod:`kyso.core.remote.pending`)."""
        return None

    def read_audit_head(self, log_id: str) -> tuple[int, str] | None:
        """The chain head of audit log ``log_id`` kept where the key lives (a token's data
        object), if any. Only while authorized."""
        return None

    def write_audit_head(self, log_id: str, seq: int, chain_hash: str) -> bool:
        """Keep the audit log's chain head where the key lives; False when it cannot."""
        return False

    def check_available(self) -> None:
        """Raise (e.g. :class:`kyso.core.errors.TokenRemovedError`) if the key is gone."""
        return None  # a key that cannot go away

    def close(self) -> None:
        """End the session (log out, drop the credential). Safe to call twice."""
        return None  # nothing held

    def __enter__(self) -> SigningKey:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def wait_for(
    future: concurrent.futures.Future[list[bytes]],
    *,
    cancel: threading.Event | None = None,
    timeout: float | None = None,
    poll: float = 0.2,
) -> list[bytes]:
    """Wait for signatures from a worker thread; a set ``cancel`` or the deadline cancels
    the request (:class:`SigningCancelled`, :class:`ApprovalTimeout`)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            return future.result(timeout=poll)
        except concurrent.futures.TimeoutError:
            pass
        if cancel is not None and cancel.is_set():
            future.cancel()
            raise SigningCancelled()
        if deadline is not None and time.monotonic() >= deadline:
            future.cancel()
            raise ApprovalTimeout(timeout or 0)
