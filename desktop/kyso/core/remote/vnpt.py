"""VNPT SmartCA: OAuth2 (password grant, refresh token), CSC-style credentials, and its own
asynchronous signing approved in the SmartCA app.

Signing: ``/csc/signature/signhash`` with ``{credentialId, refTranId, notifyUrl,
description, datas: [{name, hash}]}`` (at most 50 hashes) returns a ``tranId``; Kyso polls
``/csc/credentials/gettraninfo`` until the holder approves. Transaction statuses: 4000
waiting, 1 done, 4001 expired, 4002 rejected, 4003/4004 failed; answer code 65000: quota
used up.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from kyso.core.remote.csc import CscProvider, b64, translate, unb64
from kyso.core.remote.http import RemoteHttpError
from kyso.core.remote.polling import PENDING, poll_until
from kyso.core.remote.provider import (
    Credential,
    RemoteExpired,
    RemotePrompter,
    RemoteProtocolError,
    RemoteQuota,
    RemoteRejected,
    SignRequest,
)

MAX_HASHES = 50
WAITING, DONE, EXPIRED, REJECTED = 4000, 1, 4001, 4002
FAILED = (4003, 4004)
QUOTA = 65000


def _content(answer: Any) -> dict[str, Any]:
    if not isinstance(answer, dict):
        return {}
    inner = answer.get("content", answer.get("data", answer))
    return inner if isinstance(inner, dict) else {}


class SmartCaProvider(CscProvider):
    kind_name = "vnpt-smartca"

    def __init__(self, account: str, base_url: str, **kwargs: Any) -> None:
        kwargs.setdefault("oauth", True)
        kwargs.setdefault("kind", "RSSP")
        self.poll_interval = float(kwargs.pop("poll_interval", 2.0))
        super().__init__(account, base_url, **kwargs)

    def credentials(self) -> list[Credential]:
        listed = self._post("/csc/credentials/list", {})
        ids = listed.get("credentialIDs", _content(listed).get("credentialIDs"))
        if ids is None and isinstance(listed.get("content"), list):
            ids = listed["content"]
        if not isinstance(ids, list):
            raise RemoteProtocolError(self.http.host, "credentials/list")
        creds = []
        for cid in ids:
            base = self._info(str(cid), "/csc/credentials/info")
            creds.append(
                Credential(
                    id=base.id, certificate=base.certificate, chain=base.chain,
                    key_algorithms=base.key_algorithms, multisign=MAX_HASHES,
                    auth_mode="implicit", kind=self.kind, description=base.description,
                )
            )
        return creds

    def max_batch(self, credential: Credential) -> int:
        return MAX_HASHES

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
        chunks = max(1, -(-len(digests) // MAX_HASHES))
        for start in range(0, len(digests), MAX_HASHES):
            part = digests[start : start + MAX_HASHES]
            docs = names[start : start + MAX_HASHES]
            chunk = (start // MAX_HASHES + 1, chunks)
            out.extend(self._sign_part(request, part, docs, prompter, cancel, deadline_s, chunk))
        return out

    def _sign_part(
        self,
        request: SignRequest,
        digests: list[bytes],
        names: list[str],
        prompter: RemotePrompter,
        cancel: threading.Event | None,
        deadline_s: float | None,
        chunk: tuple[int, int] = (1, 1),
    ) -> list[bytes]:
        payload = {
            "credentialId": request.credential.id,
            "refTranId": str(uuid.uuid4()),
            "notifyUrl": "",
            "description": request.phone_text(200, chunk=chunk),
            "datas": [{"name": n, "hash": b64(d)} for n, d in zip(names, digests, strict=True)],
        }
        answer = self._post("/csc/signature/signhash", payload, cancel)
        self._check_code(answer)
        tran_id = _content(answer).get("tranId") or (answer.get("tranId") if isinstance(answer, dict) else None)
        if not tran_id:
            raise RemoteProtocolError(self.http.host, "signhash without tranId")
        wait = deadline_s or self.approval_timeout
        prompter.waiting_for_approval(names, wait, part=request.part_for(chunk))
        try:
            result = poll_until(
                lambda: self._status(str(tran_id), len(digests), cancel),
                deadline_s=wait, interval_s=self.poll_interval, cancel=cancel,
            )
        finally:
            prompter.approval_finished()
        assert isinstance(result, list)
        return result

    def _check_code(self, answer: Any) -> None:
        code = answer.get("code") if isinstance(answer, dict) else None
        if code in (QUOTA, str(QUOTA)):
            raise RemoteQuota()

    def _status(self, tran_id: str, count: int, cancel: threading.Event | None) -> object:
        try:
            answer = self._post("/csc/credentials/gettraninfo", {"tranId": tran_id}, cancel)
        except RemoteHttpError as exc:  # pragma: no cover - _post translates already
            raise translate(exc, self.http.host) from None
        self._check_code(answer)
        info = _content(answer)
        status = info.get("tranStatus", info.get("status"))
        try:
            status = int(status)
        except (TypeError, ValueError):
            raise RemoteProtocolError(self.http.host, "gettraninfo status") from None
        if status == WAITING:
            return PENDING
        if status == REJECTED:
            raise RemoteRejected()
        if status == EXPIRED:
            raise RemoteExpired()
        if status in FAILED:
            raise RemoteProtocolError(self.http.host, f"transaction failed ({status})")
        if status != DONE:
            raise RemoteProtocolError(self.http.host, f"unknown status {status}")
        docs = info.get("documents")
        if not isinstance(docs, list) or len(docs) != count:
            raise RemoteProtocolError(self.http.host, "gettraninfo signatures")
        try:
            return [unb64(d["sig"]) for d in docs]
        except (KeyError, TypeError, ValueError):
            raise RemoteProtocolError(self.http.host, "gettraninfo signature") from None
