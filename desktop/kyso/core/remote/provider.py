"""What every remote signing provider offers Kyso, whatever its dialect.

A provider is one account at one service. It lists the credentials (certificate, chain, key
algorithms, how many signatures one authorization may cover) and signs a batch of digests:
:meth:`Provider.sign` authorizes (PIN/OTP through the :class:`RemotePrompter`, or a request
the holder approves on the phone), waits with a deadline, and returns one signature per
digest in order — or raises one of the errors below, each saying what happened and what to do.
"""

from __future__ import annotations

import abc
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cryptography import x509

from kyso.core.errors import KysoError
from kyso.core.keys.base import ApprovalRefused

SHA256_OID = "2.16.840.1.101.3.4.2.1"
SHA384_OID = "2.16.840.1.101.3.4.2.2"
SHA512_OID = "2.16.840.1.101.3.4.2.3"
HASH_OIDS = {"sha256": SHA256_OID, "sha384": SHA384_OID, "sha512": SHA512_OID}
RSA_OID = "1.2.840.113549.1.1.1"
SIGN_ALGOS = {
    # PKCS#1 v1.5 with the digest (what CSC's signAlgo takes for a prehashed RSA signature)
    ("rsa_pkcs1v15", "sha256"): "1.2.840.113549.1.1.11",
    ("rsa_pkcs1v15", "sha384"): "1.2.840.113549.1.1.12",
    ("rsa_pkcs1v15", "sha512"): "1.2.840.113549.1.1.13",
    ("rsa_pss", "sha256"): "1.2.840.113549.1.1.10",
    ("rsa_pss", "sha384"): "1.2.840.113549.1.1.10",
    ("rsa_pss", "sha512"): "1.2.840.113549.1.1.10",
    ("ecdsa", "sha256"): "1.2.840.10045.4.3.2",
    ("ecdsa", "sha384"): "1.2.840.10045.4.3.3",
    ("ecdsa", "sha512"): "1.2.840.10045.4.3.4",
}

EXIT_REMOTE_REFUSED = 4
"""``kyso sign`` exit code: rejected, timed out or quota used up on the phone/service."""


class RemoteError(KysoError):
    """A remote signing failure the user can act on."""


class RemoteCancelled(RemoteError):
    def __init__(self) -> None:
        super().__init__("Đã hủy ký.", "Signing cancelled.", code="sign_cancelled")


class RemoteRejected(RemoteError, ApprovalRefused):
    def __init__(self) -> None:
        super().__init__(
            "Yêu cầu ký đã bị từ chối trên điện thoại. Không có tệp nào được ký; ký lại nếu cần.",
            "The signing request was rejected on the phone. Nothing was signed; sign again if "
            "needed.",
            code="remote_rejected",
        )


class RemoteExpired(RemoteError, ApprovalRefused):
    def __init__(self, seconds: float | None = None) -> None:
        waited = f" sau {seconds:.0f} giây" if seconds else ""
        waited_en = f" after {seconds:.0f} s" if seconds else ""
        super().__init__(
            f"Yêu cầu ký đã hết hạn{waited} mà chưa được xác nhận trên điện thoại. Không có tệp "
            "nào được ký; ký lại và xác nhận trong ứng dụng ký số.",
            f"The signing request expired{waited_en} without approval on the phone. Nothing "
            "was signed; sign again and approve it in the signing app.",
            code="remote_expired",
        )


class RemoteQuota(RemoteError, ApprovalRefused):
    def __init__(self) -> None:
        super().__init__(
            "Đã hết lượt ký của gói dịch vụ ký số từ xa. Không có tệp nào được ký; liên hệ nhà "
            "cung cấp dịch vụ để gia hạn.",
            "The remote signing plan has no signatures left. Nothing was signed; contact the "
            "provider to renew it.",
            code="remote_quota",
        )


class RemoteCertificateInvalid(RemoteError, ApprovalRefused):
    def __init__(self) -> None:
        super().__init__(
            "Dịch vụ báo chứng thư số đã hết hạn hoặc bị thu hồi. Không có tệp nào được ký; "
            "liên hệ nhà cung cấp dịch vụ.",
            "The service says the certificate has expired or was revoked. Nothing was signed; "
            "contact the provider.",
            code="remote_certificate_invalid",
        )


class RemoteLoginNeeded(RemoteError):
    def __init__(self, account: str) -> None:
        super().__init__(
            f"Phiên đăng nhập tài khoản ký số từ xa “{account}” đã hết hạn. Đăng nhập lại "
            f"(kyso remote login {account}) rồi ký lại.",
            f"The session of remote signing account “{account}” has expired. Log in again "
            f"(kyso remote login {account}) and sign again.",
            code="remote_login_needed",
        )


class RemoteAuthFailed(RemoteError):
    def __init__(self, what_vi: str = "mã PIN/OTP", what_en: str = "PIN/OTP") -> None:
        super().__init__(
            f"Dịch vụ không chấp nhận {what_vi}. Không có tệp nào được ký; nhập lại cho đúng.",
            f"The service did not accept the {what_en}. Nothing was signed; enter it again.",
            code="remote_auth_failed",
        )


class RemoteProtocolError(RemoteError):
    def __init__(self, host: str, detail: str) -> None:
        super().__init__(
            f"Dịch vụ ký số từ xa {host} trả lời không đúng giao thức ({detail}). Thử lại sau; "
            "nếu vẫn lỗi, tạo gói hỗ trợ (kyso support-bundle) gửi CNTT.",
            f"The remote signing service {host} answered outside its protocol ({detail}). "
            "Try again later; if it persists, send IT a support bundle (kyso support-bundle).",
            code="remote_protocol",
        )


REFUSALS = (RemoteRejected, RemoteExpired, RemoteQuota, RemoteCertificateInvalid)
"""Failures that end with ``EXIT_REMOTE_REFUSED`` in the CLI. Each is an
:class:`~kyso.core.keys.base.ApprovalRefused`: the batch stops and writes nothing for the
documents of the refused request."""


@dataclass(frozen=True)
class Credential:
    """One signing credential of an account: the certificate and what the service says."""

    id: str
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()
    key_algorithms: tuple[str, ...] = ()
    multisign: int = 1
    """How many digests one authorization may cover."""
    auth_mode: str = "explicit"
    """``explicit`` (PIN/OTP), ``implicit`` (approval on the phone), ``oauth2code``."""
    pin: bool = False
    otp: bool = False
    kind: str = "RSSP"
    """The Phụ lục I kind: ``RSSP`` or ``SIM PKI``."""
    description: str = ""


@dataclass(frozen=True)
class SignRequest:
    """A batch of digests to sign under one authorization."""

    credential: Credential
    digests: Sequence[bytes]
    digest: str = "sha256"
    scheme: str = "rsa_pkcs1v15"
    documents: Sequence[str] = field(default_factory=tuple)
    """Document names shown on the phone (one per digest)."""
    description: str = ""
    """A short text shown on the phone ("Ký 3 văn bản — Kyso")."""
    part: tuple[int, int] | None = None
    """(k, n): this request is approval k of the n the batch needs (None: the only one)."""

    def part_for(self, chunk: tuple[int, int] = (1, 1)) -> tuple[int, int] | None:
        """(k, n): which of the batch's approvals the request for ``chunk`` (j, m) is — the
        batch's part, counting the m requests a provider splits it into — or None when it is
        the only one. What the phone says ("phần k/n") and what the waiting dialog shows."""
        part = self.part
        if chunk[1] > 1:
            part = chunk if part is None else (part[0] + chunk[0] - 1, part[1] + chunk[1] - 1)
        return part if part is not None and part[1] > 1 else None

    def phone_text(
        self, limit: int | None = None, *, chunk: tuple[int, int] = (1, 1), default: str = "Kyso"
    ) -> str:
        """The text the holder reads on the phone for this request (or for ``chunk`` (j, m)
        when a provider splits it into m requests itself): the description, then
        "(phần k/n)" when more requests of the same batch follow or came before, so the
        leader knows more approvals are coming. Cut to fewer than ``limit`` characters by
        shortening the description, never the part."""
        text = (self.description or default).strip()
        part = self.part_for(chunk)
        suffix = f" (phần {part[0]}/{part[1]})" if part is not None else ""
        if limit is not None and len(text) + len(suffix) >= limit:
            room = max(1, limit - 1 - len(suffix) - 1)  # one for "…", the text stays under
            text = text[:room].rstrip() + "…"
        return text + suffix


class RemotePrompter(Protocol):
    """How a provider asks the holder (GUI dialog, CLI prompt or stdin)."""

    def ask_secret(self, kind: str, prompt_vi: str, prompt_en: str) -> str | None:
        """``kind``: ``password``, ``pin`` or ``otp``. None: the user cancelled."""

    def waiting_for_approval(
        self,
        documents: Sequence[str],
        deadline_s: float,
        *,
        part: tuple[int, int] | None = None,
    ) -> None:
        """The request is on the phone; ``deadline_s`` until the service expires it.
        ``part`` (k, n): approval k of the n this batch needs (None: the only one), as
        :meth:`SignRequest.part_for` counts it and the phone shows it."""

    def approval_finished(self) -> None: ...


MAX_ROUND = 50
"""Most documents one request carries (SmartCA's and MySign's own limit)."""


class Provider(abc.ABC):
    """One account at one service."""

    kind_name: str = "csc"

    def __init__(self, account: str, base_url: str) -> None:
        self.account = account
        self.base_url = base_url

    @abc.abstractmethod
    def login(self, prompter: RemotePrompter) -> None:
        """Get an access token (asking the password through ``prompter`` when needed)."""

    @abc.abstractmethod
    def credentials(self) -> list[Credential]:
        """The account's credentials with their chains."""

    @abc.abstractmethod
    def sign(
        self,
        request: SignRequest,
        prompter: RemotePrompter,
        *,
        cancel: threading.Event | None = None,
        deadline_s: float | None = None,
    ) -> list[bytes]:
        """One signature per digest, in order (raises a :class:`RemoteError`)."""

    def max_batch(self, credential: Credential) -> int:
        # Capped at MAX_ROUND whatever the service allows: each document of a round stays
        # prepared (two open files) until the approval comes back, so a credential's
        # multisign of 500+ would run out of file descriptors after the holder approved.
        return max(1, min(credential.multisign, MAX_ROUND))
