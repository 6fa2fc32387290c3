"""The Cloud Signature Consortium API (v1.0.4 and v2), and Ban Cơ yếu's RSSP as its v2 profile.

Calls: ``auth/login`` (HTTP Basic) or ``oauth2/token`` (password and refresh grants) for the
access token; ``credentials/list`` and ``credentials/info`` (chain, key algorithms,
``multisign``, ``authMode``, PIN/OTP presence); ``credentials/sendOTP``;
``credentials/authorize`` (PIN and/or OTP → SAD, bound to the hashes and their number);
``signatures/signHash``. The account URL is the service's base URI (…/csc/v2).

The version differs only in names: v1 sends ``hash``/``hashAlgo`` where v2 sends
``hashes``/``hashAlgorithmOID``. Batches larger than ``multisign`` are split, one
authorization per part.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Sequence
from typing import Any

from cryptography import x509

from kyso.core.remote.http import JsonHttp, RemoteHttpError, basic_auth
from kyso.core.remote.provider import (
    HASH_OIDS,
    SIGN_ALGOS,
    Credential,
    Provider,
    RemoteAuthFailed,
    RemoteCancelled,
    RemoteCertificateInvalid,
    RemoteExpired,
    RemotePrompter,
    RemoteProtocolError,
    RemoteQuota,
    RemoteRejected,
    SignRequest,
)
from kyso.core.remote.session import TokenSession


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not a string")
    return base64.b64decode(text, validate=True)


def translate(exc: RemoteHttpError, host: str) -> Exception:
    """A service's error answer as words (CSC error names, and the common variants)."""
    name = (exc.error or "").lower()
    if name in ("invalid_pin", "invalid_otp", "invalid_grant", "authentication_failed"):
        return RemoteAuthFailed()
    if name in ("access_denied", "rejected", "user_rejected"):
        return RemoteRejected()
    if name in ("expired", "expired_sad", "timeout", "request_expired"):
        return RemoteExpired()
    if name in ("quota_exceeded", "quota"):
        return RemoteQuota()
    if name in ("invalid_certificate", "certificate_revoked", "certificate_expired",
                "credential_disabled"):
        return RemoteCertificateInvalid()
    return RemoteProtocolError(host, f"HTTP {exc.status} {exc.error}".strip())


class CscProvider(Provider):
    kind_name = "csc"

    def __init__(
        self,
        account: str,
        base_url: str,
        *,
        user: str = "",
        client_id: str = "",
        version: int = 2,
        oauth: bool = False,
        kind: str = "RSSP",
        timeout: float = 30.0,
        approval_timeout: float = 120.0,
        secrets: Any = None,
    ) -> None:
        super().__init__(account, base_url)
        self.http = JsonHttp(base_url, timeout=timeout)
        self.user = user
        self.client_id = client_id
        self.version = version
        self.oauth = oauth
        self.kind = kind
        self.approval_timeout = approval_timeout
        self.session = TokenSession(
            account, self._password_login, self._refresh if oauth else None, secrets
        )

    # -- login -------------------------------------------------------------------------
    def _password_login(self, password: str) -> dict[str, Any]:
        if self.oauth:
            return self.http.call(
                "/oauth2/token",
                form={"grant_type": "password", "username": self.user, "password": password,
                      "client_id": self.client_id},
            )
        return self.http.call(
            "/auth/login",
            {"rememberMe": True},
            headers={"Authorization": basic_auth(self.user, password)},
        )

    def _refresh(self, refresh_token: str) -> dict[str, Any]:
        return self.http.call(
            "/oauth2/token",
            form={"grant_type": "refresh_token", "refresh_token": refresh_token,
                  "client_id": self.client_id},
        )

    def login(self, prompter: RemotePrompter) -> None:
        self.session.login(prompter)

    def _post(self, path: str, payload: dict[str, Any],
              cancel: threading.Event | None = None) -> Any:
        def call(token: str) -> Any:
            return self.http.call(path, payload, headers={"Authorization": f"Bearer {token}"},
                                  cancel=cancel)

        try:
            return self.session.call(call)
        except RemoteHttpError as exc:
            raise translate(exc, self.http.host) from None

    # -- credentials ---------------------------------------------------------------------
    def credentials(self) -> list[Credential]:
        listed = self._post("/credentials/list", {"maxResults": 100})
        ids = listed.get("credentialIDs") if isinstance(listed, dict) else None
        if not isinstance(ids, list):
            raise RemoteProtocolError(self.http.host, "credentials/list")
        return [self._info(str(cid)) for cid in ids]

    def _info(self, cid: str, path: str = "/credentials/info") -> Credential:
        info = self._post(
            path,
            {"credentialID": cid, "certificates": "chain", "certInfo": True, "authInfo": True},
        )
        try:
            certs = [x509.load_der_x509_certificate(unb64(c))
                     for c in info["cert"]["certificates"]]
            key = info.get("key", {})
            pin = str(info.get("PIN", {}).get("presence", "false")).lower() == "true"
            otp = str(info.get("OTP", {}).get("presence", "false")).lower() == "true"
            return Credential(
                id=cid,
                certificate=certs[0],
                chain=tuple(certs[1:]),
                key_algorithms=tuple(str(a) for a in key.get("algo", [])),
                multisign=int(info.get("multisign", 1) or 1),
                auth_mode=str(info.get("authMode", "explicit")),
                pin=pin,
                otp=otp,
                kind=self.kind,
                description=str(info.get("description", "")),
            )
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise RemoteProtocolError(
                self.http.host, f"credentials/info: {type(exc).__name__}"
            ) from None

    # -- signing -------------------------------------------------------------------------
    def sign(
        self,
        request: SignRequest,
        prompter: RemotePrompter,
        *,
        cancel: threading.Event | None = None,
        deadline_s: float | None = None,
    ) -> list[bytes]:
        out: list[bytes] = []
        step = self.max_batch(request.credential)
        digests = list(request.digests)
        chunks = max(1, -(-len(digests) // step))
        for start in range(0, len(digests), step):
            part = digests[start : start + step]
            docs = list(request.documents[start : start + step])
            chunk = (start // step + 1, chunks)
            sad = self._authorize(request, part, docs, prompter, cancel, chunk)
            out.extend(self._sign_hash(request, part, sad, cancel))
        return out

    def _hash_fields(self, digests: Sequence[bytes], digest: str) -> dict[str, Any]:
        hashes = [b64(d) for d in digests]
        if self.version == 1:
            return {"hash": hashes, "hashAlgo": HASH_OIDS[digest]}
        return {"hashes": hashes, "hashAlgorithmOID": HASH_OIDS[digest]}

    def _authorize(
        self,
        request: SignRequest,
        digests: Sequence[bytes],
        documents: Sequence[str],
        prompter: RemotePrompter,
        cancel: threading.Event | None,
        chunk: tuple[int, int] = (1, 1),
    ) -> str:
        cred = request.credential
        payload: dict[str, Any] = {
            "credentialID": cred.id,
            "numSignatures": len(digests),
            **self._hash_fields(digests, request.digest),
        }
        if request.description:
            # CSC: "a free form description of the authorization transaction" (up to 500)
            payload["description"] = request.phone_text(500, chunk=chunk)
        if cred.auth_mode == "explicit":
            if cred.otp:
                self._post("/credentials/sendOTP", {"credentialID": cred.id}, cancel)
                otp = prompter.ask_secret(
                    "otp", "Mã OTP vừa gửi tới điện thoại", "The OTP just sent to your phone"
                )
                if not otp:
                    raise RemoteCancelled()
                payload["OTP"] = otp
            if cred.pin:
                pin = prompter.ask_secret(
                    "pin", f"Mã PIN của chứng thư “{cred.id}”", f"PIN of credential “{cred.id}”"
                )
                if not pin:
                    raise RemoteCancelled()
                payload["PIN"] = pin
            answer = self._post("/credentials/authorize", payload, cancel)
        else:
            # Implicit: the service asks the holder (its app); the call returns when approved.
            prompter.waiting_for_approval(
                documents, self.approval_timeout, part=request.part_for(chunk)
            )
            try:
                answer = self._post("/credentials/authorize", payload, cancel)
            finally:
                prompter.approval_finished()
        sad = answer.get("SAD") if isinstance(answer, dict) else None
        if not isinstance(sad, str) or not sad:
            raise RemoteProtocolError(self.http.host, "credentials/authorize without SAD")
        return sad

    def _sign_hash(
        self,
        request: SignRequest,
        digests: Sequence[bytes],
        sad: str,
        cancel: threading.Event | None,
    ) -> list[bytes]:
        payload = {
            "credentialID": request.credential.id,
            "SAD": sad,
            "signAlgo": SIGN_ALGOS[(request.scheme, request.digest)],
            **self._hash_fields(digests, request.digest),
        }
        answer = self._post("/signatures/signHash", payload, cancel)
        sigs = answer.get("signatures") if isinstance(answer, dict) else None
        if not isinstance(sigs, list) or len(sigs) != len(digests):
            raise RemoteProtocolError(self.http.host, "signatures/signHash count")
        try:
            return [unb64(s) for s in sigs]
        except ValueError:
            raise RemoteProtocolError(self.http.host, "signatures/signHash base64") from None
