"""Remote signing services as real HTTP servers on 127.0.0.1, for the tests.

One server speaks three dialects under three prefixes, each signing with keys of the test
PKI so pyHanko and pdfsig validate the outputs:

* ``/csc/v2`` — CSC v2: ``auth/login`` (Basic), ``oauth2/token`` (password and refresh
  grants), ``credentials/list|info|sendOTP|authorize`` (PIN and OTP, SAD bound to the hashes
  and their number), ``signatures/signHash``; ``multisign`` limits;
* ``/vnpt`` — VNPT SmartCA: OAuth2, ``/csc/credentials/list|info``, ``/csc/signature/signhash``
  → tranId, ``/csc/credentials/gettraninfo`` (4000 waiting, 1 done, 4001, 4002; code 65000);
* ``/viettel`` — Viettel MySign: ``/auth/login`` (client id/secret, profile, user; no
  refresh), ``credentials/list|info``, ``signatures/signHash`` (async) and
  ``requests/status`` (4000, 6000, 1, 4001, 4002, 4005, 13004).

A test steers it through attributes or ``POST /control`` (``{"approval": "approve" |
"reject" | "manual" | "expire", "quota": n, "revoked": true, "drop": true, "token_ttl": s}``)
and approves a waiting request with :meth:`RemoteServices.approve_all`.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, utils

from kyso.core.demo.pki import Issued


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass
class RemoteCredential:
    id: str
    leaf: Issued
    chain: list[Issued]
    pin: str | None = "1234"
    otp: bool = False
    multisign: int = 50
    auth_mode: str = "explicit"
    wrong_key: Issued | None = None
    """Sign with this key instead of the leaf's (a service answering for another credential)."""


@dataclass
class Transaction:
    cred: RemoteCredential
    digests: list[bytes]
    names: list[str]
    status: int = 4000
    created: float = field(default_factory=time.monotonic)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class RemoteServices:
    def __init__(self, credentials: list[RemoteCredential], *, user: str = "lanhdao",
                 password: str = "mat-khau-1", client_id: str = "kyso",
                 client_secret: str = "client-secret-9") -> None:
        self.credentials = {c.id: c for c in credentials}
        self.user, self.password = user, password
        self.client_id, self.client_secret = client_id, client_secret
        self.approval = "approve"  # approve | reject | manual | expire
        self.quota: int | None = None
        self.revoked = False
        self.drop = False
        self.token_ttl = 3600
        self.otp_sent: str | None = None
        self.tokens: dict[str, float] = {}
        self.refresh_tokens: set[str] = set()
        self.sads: dict[str, tuple[str, set[str], int]] = {}
        self.transactions: dict[str, Transaction] = {}
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Lock()
        services = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if services.drop and not self.path.startswith("/control"):
                    self.connection.close()  # the connection drops mid-request
                    return
                ctype = self.headers.get("Content-Type", "")
                if "x-www-form-urlencoded" in ctype:
                    body = dict(urllib.parse.parse_qsl(raw.decode()))
                else:
                    try:
                        body = json.loads(raw or b"{}")
                    except ValueError:
                        body = {}
                status, answer = services.route(self.path, body, self.headers)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    # -- URLs ------------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def csc_url(self) -> str:
        return self.base + "/csc/v2"

    @property
    def vnpt_url(self) -> str:
        return self.base + "/vnpt"

    @property
    def viettel_url(self) -> str:
        return self.base + "/viettel"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- control ---------------------------------------------------------------------------
    def approve_all(self) -> None:
        with self.lock:
            for t in self.transactions.values():
                if t.status == 4000:
                    t.status = 1

    def _control(self, body: dict[str, Any]) -> None:
        for key in ("approval", "quota", "revoked", "drop", "token_ttl"):
            if key in body:
                setattr(self, key, body[key])
        if body.get("approve_all"):
            self.approve_all()

    # -- helpers -----------------------------------------------------------------------------
    def _token(self) -> dict[str, Any]:
        token = secrets.token_urlsafe(16)
        refresh = secrets.token_urlsafe(16)
        self.tokens[token] = time.monotonic() + self.token_ttl
        self.refresh_tokens.add(refresh)
        return {"access_token": token, "refresh_token": refresh, "expires_in": self.token_ttl,
                "token_type": "Bearer"}

    def _authorized(self, headers: Any) -> bool:
        auth = headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return False
        expiry = self.tokens.get(auth[7:])
        return expiry is not None and expiry > time.monotonic()

    def _sign(self, cred: RemoteCredential, digest: bytes) -> bytes:
        key = (cred.wrong_key or cred.leaf).key
        return key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))

    def _info(self, cred: RemoteCredential) -> dict[str, Any]:
        certs = [cred.leaf.cert, *[c.cert for c in cred.chain]]
        return {
            "key": {"status": "enabled", "algo": ["1.2.840.113549.1.1.11"],
                    "len": cred.leaf.key.key_size},
            "cert": {
                "status": "revoked" if self.revoked else "valid",
                "certificates": [_b64(c.public_bytes(serialization.Encoding.DER)) for c in certs],
                "subjectDN": cred.leaf.cert.subject.rfc4514_string(),
            },
            "authMode": cred.auth_mode,
            "PIN": {"presence": "true" if cred.pin else "false"},
            "OTP": {"presence": "true" if cred.otp else "false", "type": "online"},
            "multisign": cred.multisign,
            "SCAL": "2",
        }

    def _take_quota(self, n: int) -> bool:
        if self.quota is None:
            return True
        if self.quota < n:
            return False
        self.quota -= n
        return True

    # -- routing -----------------------------------------------------------------------------
    def route(self, path: str, body: dict[str, Any], headers: Any) -> tuple[int, Any]:
        with self.lock:
            self.requests.append((path, body))
        if path == "/control":
            self._control(body)
            return 200, {}
        for prefix, handler in (("/csc/v2", self._csc), ("/vnpt", self._vnpt),
                                ("/viettel", self._viettel)):
            if path.startswith(prefix + "/"):
                return handler(path[len(prefix):], body, headers)
        return 404, {"error": "not_found"}

    def _oauth(self, body: dict[str, Any]) -> tuple[int, Any]:
        grant = body.get("grant_type")
        if grant == "password":
            if body.get("username") == self.user and body.get("password") == self.password:
                return 200, self._token()
            return 400, {"error": "invalid_grant"}
        if grant == "refresh_token" and body.get("refresh_token") in self.refresh_tokens:
            self.refresh_tokens.discard(body["refresh_token"])
            return 200, self._token()
        return 400, {"error": "invalid_grant"}

    def _csc(self, path: str, body: dict[str, Any], headers: Any) -> tuple[int, Any]:
        if path == "/oauth2/token":
            return self._oauth(body)
        if path == "/auth/login":
            expected = "Basic " + _b64(f"{self.user}:{self.password}".encode())
            if headers.get("Authorization") == expected:
                return 200, self._token()
            return 401, {"error": "invalid_request", "error_description": "bad credentials"}
        if not self._authorized(headers):
            return 401, {"error": "invalid_token"}
        if path == "/credentials/list":
            return 200, {"credentialIDs": list(self.credentials)}
        cred = self.credentials.get(str(body.get("credentialID")))
        if cred is None:
            return 400, {"error": "invalid_request", "error_description": "credentialID"}
        if path == "/credentials/info":
            return 200, self._info(cred)
        if path == "/credentials/sendOTP":
            self.otp_sent = f"{secrets.randbelow(10**6):06d}"
            return 200, {}
        if path == "/credentials/authorize":
            if self.revoked:
                return 400, {"error": "invalid_certificate"}
            if cred.pin and body.get("PIN") != cred.pin:
                return 400, {"error": "invalid_pin"}
            if cred.otp and (not self.otp_sent or body.get("OTP") != self.otp_sent):
                return 400, {"error": "invalid_otp"}
            hashes_ = body.get("hashes") or []
            num = int(body.get("numSignatures", 0))
            if num != len(hashes_) or num > cred.multisign:
                return 400, {"error": "invalid_request", "error_description": "numSignatures"}
            sad = secrets.token_urlsafe(12)
            self.sads[sad] = (cred.id, set(hashes_), num)
            return 200, {"SAD": sad, "expiresIn": 300}
        if path == "/signatures/signHash":
            bound = self.sads.pop(str(body.get("SAD")), None)
            hashes_ = body.get("hashes") or []
            if bound is None or bound[0] != cred.id:
                return 400, {"error": "invalid_request", "error_description": "SAD"}
            if not set(hashes_) <= bound[1] or len(hashes_) > bound[2]:
                return 400, {"error": "invalid_request", "error_description": "hashes not bound"}
            if not self._take_quota(len(hashes_)):
                return 400, {"error": "quota_exceeded"}
            sigs = [_b64(self._sign(cred, base64.b64decode(h))) for h in hashes_]
            return 200, {"signatures": sigs}
        return 404, {"error": "not_found"}

    def _async_status(self, t: Transaction) -> int:
        if t.status == 4000:
            if self.approval == "approve":
                t.status = 1
            elif self.approval == "reject":
                t.status = 4002
            elif self.approval == "expire":
                t.status = 4001
        return t.status

    def _vnpt(self, path: str, body: dict[str, Any], headers: Any) -> tuple[int, Any]:
        if path == "/oauth2/token":
            return self._oauth(body)
        if not self._authorized(headers):
            return 401, {"error": "invalid_token"}
        if path == "/csc/credentials/list":
            return 200, {"code": 0, "content": list(self.credentials)}
        if path == "/csc/credentials/info":
            cred = self.credentials.get(str(body.get("credentialID")))
            if cred is None:
                return 400, {"error": "invalid_request"}
            return 200, self._info(cred)
        if path == "/csc/signature/signhash":
            cred = self.credentials.get(str(body.get("credentialId")))
            datas = body.get("datas") or []
            if cred is None or not datas or len(datas) > 50:
                return 400, {"error": "invalid_request"}
            if not self._take_quota(len(datas)):
                return 200, {"code": 65000, "message": "quota used up"}
            tid = secrets.token_hex(8)
            self.transactions[tid] = Transaction(
                cred, [base64.b64decode(d["hash"]) for d in datas], [d["name"] for d in datas]
            )
            return 200, {"code": 0, "content": {"tranId": tid}}
        if path == "/csc/credentials/gettraninfo":
            t = self.transactions.get(str(body.get("tranId")))
            if t is None:
                return 400, {"error": "invalid_request"}
            status = self._async_status(t)
            content: dict[str, Any] = {"tranId": body["tranId"], "tranStatus": status}
            if status == 1:
                content["documents"] = [
                    {"name": n, "sig": _b64(self._sign(t.cred, d))}
                    for n, d in zip(t.names, t.digests, strict=True)
                ]
            return 200, {"code": 0, "content": content}
        return 404, {"error": "not_found"}

    def _viettel(self, path: str, body: dict[str, Any], headers: Any) -> tuple[int, Any]:
        if path == "/auth/login":
            if (body.get("client_id") == self.client_id
                    and body.get("client_secret") == self.client_secret
                    and body.get("user_id") == self.user):
                answer = self._token()
                answer.pop("refresh_token")  # MySign has none
                return 200, answer
            return 401, {"error": "invalid_client"}
        if not self._authorized(headers):
            return 401, {"error": "invalid_token"}
        if path == "/credentials/list":
            return 200, {"credentialIDs": list(self.credentials)}
        if path == "/credentials/info":
            cred = self.credentials.get(str(body.get("credentialID")))
            if cred is None:
                return 400, {"error": "invalid_request"}
            return 200, self._info(cred)
        if path == "/signatures/signHash":
            cred = self.credentials.get(str(body.get("credentialID")))
            hashes_, docs = body.get("hash") or [], body.get("documents") or []
            if cred is None or len(hashes_) != len(docs) or len(hashes_) != body.get("numSignatures"):
                return 400, {"error": "invalid_request", "error_description": "lengths"}
            desc = base64.b64decode(body.get("description", "")).decode()
            if len(desc) >= 100:
                return 400, {"error": "invalid_request", "error_description": "description"}
            if self.revoked:
                return 200, {"status": 13004}
            if not self._take_quota(len(hashes_)):
                return 200, {"status": 4005}
            tid = secrets.token_hex(8)
            self.transactions[tid] = Transaction(
                cred, [base64.b64decode(h) for h in hashes_], list(docs)
            )
            return 200, {"transactionId": tid, "status": 4000}
        if path == "/requests/status":
            t = self.transactions.get(str(body.get("transactionId")))
            if t is None:
                return 400, {"error": "invalid_request"}
            status = self._async_status(t)
            answer: dict[str, Any] = {"status": status}
            if status == 1:
                answer["signatures"] = [_b64(self._sign(t.cred, d)) for d in t.digests]
            return 200, answer
        return 404, {"error": "not_found"}
