"""Viettel MySign: a client login (no refresh token), CSC-like credentials, and asynchronous
signing approved in the MySign app.

Login: ``/auth/login`` with ``client_id``, ``client_secret``, ``profile_id`` and ``user_id``
(the token lasts 3,600 s and cannot be refreshed: Kyso logs in again). Signing:
``/signatures/signHash`` whose ``hash[]``, ``documents[]`` and ``numSignatures`` have the
same length, with a base64 ``description`` of under 100 characters shown on the phone and
``async`` 1 (poll ``/requests/status``). Statuses: 4000 waiting, 6000 confirmed and signing,
1 done, 4001 timeout, 4002 rejected, 4005 quota, 13004 certificate expired or revoked.
Approval is expected within about 1–2 minutes.
"""

from __future__ import annotations

import base64
import threading
from typing import Any

from kyso.core.remote.csc import CscProvider, b64, unb64
from kyso.core.remote.polling import PENDING, poll_until
from kyso.core.remote.provider import (
    HASH_OIDS,
    SIGN_ALGOS,
    Credential,
    RemoteCertificateInvalid,
    RemoteExpired,
    RemotePrompter,
    RemoteProtocolError,
    RemoteQuota,
    RemoteRejected,
    SignRequest,
)

WAITING, CONFIRMED, DONE = 4000, 6000, 1
TIMEOUT, REJECTED, QUOTA, CERT_INVALID = 4001, 4002, 4005, 13004
MAX_HASHES = 50


def phone_description(text: str) -> str:
    """The text shown on the phone: under 100 characters, then base64 as the API wants."""
    short = (text or "Kyso").strip()
    while len(short) >= 100:
        short = short[:96].rstrip() + "…"
    return base64.b64encode(short.encode()).decode("ascii")


class MySignProvider(CscProvider):
    kind_name = "viettel-mysign"

    def __init__(
        self, account: str, base_url: str, *, profile_id: str = "", **kwargs: Any
    ) -> None:
        self.profile_id = profile_id
        self.poll_interval = float(kwargs.pop("poll_interval", 2.0))
        kwargs.setdefault("kind", "RSSP")
        super().__init__(account, base_url, **kwargs)

    def _password_login(self, secret: str) -> dict[str, Any]:
        # The "password" is the client secret of the unit's MySign integration.
        return self.http.call(
            "/auth/login",
            {"client_id": self.client_id, "client_secret": secret,
             "profile_id": self.profile_id, "user_id": self.user},
        )

    def credentials(self) -> list[Credential]:
        listed = self._post("/credentials/list", {"userID": self.user})
        ids = listed.get("credentialIDs") if isinstance(listed, dict) else listed
        if not isinstance(ids, list):
            raise RemoteProtocolError(self.http.host, "credentials/list")
        out = []
        for cid in ids:
            base = self._info(str(cid))
            out.append(Credential(
                id=base.id, certificate=base.certificate, chain=base.chain,
                key_algorithms=base.key_algorithms, multisign=min(MAX_HASHES, base.multisign or MAX_HASHES),
                auth_mode="implicit", kind=self.kind, description=base.description,
            ))
        return out

    def sign(
        self,
        request: SignRequest,
        prompter: RemotePrompter,
        *,
        cancel: threading.Event | None = None,
        deadline_s: float | None = None,
    ) -> list[bytes]:
        out: list[bytes] = []
        digests = list(request.digests)
        names = list(request.documents) or [f"document-{i + 1}" for i in range(len(digests))]
        step = self.max_batch(request.credential)
        chunks = max(1, -(-len(digests) // step))
        for start in range(0, len(digests), step):
            part, docs = digests[start : start + step], names[start : start + step]
            chunk = (start // step + 1, chunks)
            payload = {
                "credentialID": request.credential.id,
                "hash": [b64(d) for d in part],
                "documents": docs,
                "numSignatures": len(part),
                "description": phone_description(request.phone_text(100, chunk=chunk)),
                "hashAlgorithmOID": HASH_OIDS[request.digest],
                "signAlgo": SIGN_ALGOS[(request.scheme, request.digest)],
                "async": 1,
            }
            answer = self._post("/signatures/signHash", payload, cancel)
            self._raise_for(answer)
            tid = answer.get("transactionId") if isinstance(answer, dict) else None
            if not tid:
                raise RemoteProtocolError(self.http.host, "signHash without transactionId")
            wait = deadline_s or self.approval_timeout
            prompter.waiting_for_approval(docs, wait, part=request.part_for(chunk))
            count = len(part)
            try:
                sigs = poll_until(
                    lambda tid=tid, count=count: self._status(str(tid), count, cancel),
                    deadline_s=wait, interval_s=self.poll_interval, cancel=cancel,
                )
            finally:
                prompter.approval_finished()
            assert isinstance(sigs, list)
            out.extend(sigs)
        return out

    def _raise_for(self, answer: Any) -> None:
        status = answer.get("status") if isinstance(answer, dict) else None
        try:
            status = int(status) if status is not None else None
        except (TypeError, ValueError):
            return
        if status == QUOTA:
            raise RemoteQuota()
        if status == CERT_INVALID:
            raise RemoteCertificateInvalid()
        if status == REJECTED:
            raise RemoteRejected()
        if status == TIMEOUT:
            raise RemoteExpired()

    def _status(self, tid: str, count: int, cancel: threading.Event | None) -> object:
        answer = self._post("/requests/status", {"transactionId": tid}, cancel)
        self._raise_for(answer)
        try:
            status = int(answer.get("status"))
        except (TypeError, ValueError, AttributeError):
            raise RemoteProtocolError(self.http.host, "requests/status") from None
        if status in (WAITING, CONFIRMED):
            return PENDING
        if status != DONE:
            raise RemoteProtocolError(self.http.host, f"unknown status {status}")
        sigs = answer.get("signatures")
        if not isinstance(sigs, list) or len(sigs) != count:
            raise RemoteProtocolError(self.http.host, "requests/status signatures")
        try:
            return [unb64(s) for s in sigs]
        except ValueError:
            raise RemoteProtocolError(self.http.host, "requests/status base64") from None
