"""The child side of the token host: run as ``python -m kyso.core.tokens.token_host_child``.

It loads one PKCS#11 module and does, for one key, everything a vendor driver may crash in
while signing: open a session, C_Login, find the private key (C_FindObjects, attribute
reads, a test signature), C_Sign, and the audit-head object reads and writes. The parent
(:mod:`kyso.core.tokens.token_host`) sends one JSON object per line on stdin and reads
one answer per line on stdout; the PIN comes over that pipe only, never argv or the
environment. Errors are answered as data; a driver that kills this process is seen by the
parent as a closed pipe. Ends with ``os._exit``: no C_Finalize or destructor of a broken
driver can hang the exit.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


class Host:
    def __init__(self) -> None:
        self.lib: Any = None
        self.raw: Any = None
        self.session: Any = None
        self.pairing: Any = None

    # -- operations ------------------------------------------------------------------------
    def open(self, module: str, serial: str, pin: str | None) -> dict[str, Any]:
        """Load ``module``, find the token ``serial`` and log in (``pin`` None: keypad)."""
        import pkcs11
        import pkcs11.exceptions as p11

        from kyso.core.tokens.cryptoki import CKR_OK, CKR_USER_ALREADY_LOGGED_IN, Cryptoki
        from kyso.core.tokens.login_state import _error_for
        from kyso.core.tokens.slots import _clean

        self.lib = pkcs11.lib(module)
        self.raw = Cryptoki(module)
        self.raw.get_function_list()
        token = None
        for slot in self.lib.get_slots(token_present=True):
            try:
                candidate = slot.get_token()
            except Exception:
                continue
            if _clean(candidate.serial) == serial:
                token = candidate
                break
        if token is None:
            raise p11.TokenNotPresent()
        session = token.open(rw=True)
        secret = pin.encode("utf-8") if pin is not None else None
        rv = self.raw.login(int(session.handle), secret)
        if rv == CKR_USER_ALREADY_LOGGED_IN:
            # a login this process did not make: check this PIN itself, never share unchecked
            self.raw.logout(int(session.handle))
            rv = self.raw.login(int(session.handle), secret)
        secret = None
        if rv != CKR_OK:
            try:
                session.close()
            except Exception:
                pass
            raise _error_for(rv, p11)
        self.session = session
        return {}

    def pair(self, certificate: str, key_id: str) -> dict[str, Any]:
        from cryptography import x509
        from pkcs11 import Attribute

        from kyso.core.tokens.key import _attr, find_private_key

        cert = x509.load_der_x509_certificate(bytes.fromhex(certificate))
        self.pairing = find_private_key(self.session, cert, bytes.fromhex(key_id))
        try:
            mechanisms = [int(m) for m in self.session.token.slot.get_mechanisms()]
        except Exception:
            mechanisms = []
        always = bool(_attr(self.pairing.handle, Attribute.ALWAYS_AUTHENTICATE))
        return {"how": self.pairing.how, "always": always, "mechanisms": mechanisms}

    def sign(self, digests: list[str], scheme: str, digest: str) -> dict[str, Any]:
        from kyso.core.keys.base import Scheme, SignatureAlgorithm
        from kyso.core.tokens.key import _raw_sign

        algorithm = SignatureAlgorithm(Scheme(scheme), digest)
        out = _raw_sign(self.pairing.handle, [bytes.fromhex(d) for d in digests], algorithm)
        return {"signatures": [s.hex() for s in out]}

    def sign_reauth(self, digest_value: str, scheme: str, digest: str, pin: str) -> dict[str, Any]:
        from kyso.core.keys.base import Scheme, SignatureAlgorithm
        from kyso.core.tokens.key import sign_with_context_login

        algorithm = SignatureAlgorithm(Scheme(scheme), digest)
        rv, value = sign_with_context_login(
            self.raw, int(self.session.handle), int(self.pairing.handle.handle),
            bytes.fromhex(digest_value), algorithm, pin,
        )  # fmt: skip
        return {"rv": rv, "signature": value.hex()}

    def read_head(self, log_id: str) -> dict[str, Any]:
        from kyso.core.tokens.audit_head import read_head

        head = read_head(self.session, log_id)
        return {"head": list(head) if head is not None else None}

    def write_head(self, log_id: str, seq: int, chain_hash: str) -> dict[str, Any]:
        from kyso.core.tokens.audit_head import write_head

        return {"written": bool(write_head(self.session, log_id, seq, chain_hash))}

    def ping(self) -> dict[str, Any]:
        self.session.get_objects  # noqa: B018 - the session object exists
        return {}

    def close(self) -> dict[str, Any]:
        if self.session is not None:
            try:
                self.raw.logout(int(self.session.handle))
                self.session.close()
            except Exception:
                pass
            self.session = None
        return {}


def _error(exc: BaseException) -> dict[str, Any]:
    from kyso.core.errors import KysoError

    if isinstance(exc, KysoError):
        return {"error": {"kind": "kyso", "type": type(exc).__name__, "vi": exc.vi, "en": exc.en,
                          "code": exc.code}}
    return {"error": {"kind": "pkcs11" if type(exc).__module__.startswith("pkcs11") else "other",
                      "type": type(exc).__name__, "text": str(exc)[:300]}}


def main() -> None:
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but answers on the pipe
    host = Host()
    for line in sys.stdin:
        try:
            message = json.loads(line)
            op = message.pop("op")
            if op not in ("open", "pair", "sign", "sign_reauth", "read_head", "write_head",
                          "ping", "close"):
                raise ValueError(f"unknown operation {op!r}")
            answer = getattr(host, op)(**message)
            answer["ok"] = True
        except BaseException as exc:  # answered, never a traceback
            answer = _error(exc)
            op = ""
        message = None  # the PIN, if it was in there
        out.write(json.dumps(answer) + "\n")
        out.flush()
        if op == "close":
            break
    os._exit(0)


if __name__ == "__main__":
    main()
