"""A private key on a PKCS#11 token as a :class:`~kyso.core.keys.base.SigningKey`.

Login happens in :meth:`Pkcs11Key.authorize` (once per batch, the PIN from the face's
:class:`~kyso.core.tokens.sessions.PinPrompter`); every call into the module runs on the
module's own thread (through :meth:`TokenSession.run`, so a pulled token becomes
:class:`~kyso.core.errors.TokenRemovedError`).

**The right key, proven** (issue 20). The private key is paired with the certificate by its
public key, never by CKA_ID alone: a token may hold an old certificate beside its renewal
under one CKA_ID, or two keys under one ID. See :func:`find_private_key`.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kyso.core.errors import TokenError
from kyso.core.keys.base import (
    KeyMismatchError,
    KeyNotFoundError,
    Purpose,
    Scheme,
    SignatureAlgorithm,
    SigningKey,
    key_scheme,
)
from kyso.core.keys.proof import signature_matches

if TYPE_CHECKING:
    from kyso.core.tokens.modules import Pkcs11Module
    from kyso.core.tokens.pin_store import PinStore
    from kyso.core.tokens.sessions import PinPrompter, TokenSession
    from kyso.core.tokens.slots import CertificateEntry, TokenKey, TokenSnapshot

log = logging.getLogger(__name__)

# DER DigestInfo prefixes (RFC 8017 §9.2 note 1): CKM_RSA_PKCS signs DigestInfo, not the hash.
_DIGEST_INFO = {
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}
_DIGESTS = ("sha256", "sha384", "sha512")


@dataclass
class KeyPairing:
    """Which private key object signs for the certificate, and how that was established."""

    handle: Any
    """The python-pkcs11 private key (used only on the module thread)."""
    how: str
    """``public_key`` (CKA_MODULUS/CKA_EC_POINT), ``key_id`` (the only key under the
    certificate's CKA_ID, public part unreadable) or ``test_signature``."""
    always_authenticate: bool = False
    """CKA_ALWAYS_AUTHENTICATE: a context-specific login before every signature."""


def _attr(obj: Any, attribute: Any) -> Any:
    try:
        return obj[attribute]
    except Exception:  # sensitive, not present, not supported: simply unknown
        return None


def _ec_point_forms(pub: ec.EllipticCurvePublicKey) -> set[bytes]:
    """CKA_EC_POINT as tokens write it: DER OCTET STRING of the uncompressed point (the
    standard) or the raw point (some vendors)."""
    raw = pub.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    n = len(raw)
    header = bytes([0x04, n]) if n < 0x80 else bytes([0x04, 0x81, n])
    return {raw, header + raw}


def find_private_key(
    session: Any, certificate: x509.Certificate, key_id: bytes
) -> KeyPairing:
    """The private key of ``certificate`` on a logged-in python-pkcs11 ``session``.

    Module thread only. In order: a private key whose own public attributes (CKA_MODULUS)
    or whose public-key object (CKA_MODULUS/CKA_EC_POINT, same CKA_ID) match the
    certificate; else, among keys whose public part cannot be read, the only one under the
    certificate's CKA_ID; else the one whose test signature verifies with the certificate.
    Objects whose CKA_SIGN is false are passed over (a token may keep the pair once more
    for decryption); when only such a key is left, :class:`TokenError` ``key_cannot_sign``.
    Keys that do not match raise :class:`KeyMismatchError`; no key at all raises
    :class:`KeyNotFoundError`.
    """
    from pkcs11 import Attribute, KeyType, ObjectClass

    pub = certificate.public_key()
    if isinstance(pub, rsa.RSAPublicKey):
        key_type, modulus, points = KeyType.RSA, pub.public_numbers().n, set()
    elif isinstance(pub, ec.EllipticCurvePublicKey):
        key_type, modulus, points = KeyType.EC, None, _ec_point_forms(pub)
    else:
        key_scheme(certificate)  # raises the clear "unsupported key type" error
        raise AssertionError("unreachable")

    def matches(obj: Any) -> bool | None:
        """True/False when the object's public part is readable, None when it is not."""
        if modulus is not None:
            value = _attr(obj, Attribute.MODULUS)
            return None if not value else int.from_bytes(bytes(value), "big") == modulus
        value = _attr(obj, Attribute.EC_POINT)
        return None if not value else bytes(value) in points

    privates = [
        k
        for k in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})
        if _attr(k, Attribute.KEY_TYPE) in (key_type, None)
    ]
    if not privates:
        raise KeyNotFoundError()
    public_by_id: dict[bytes, list[bool | None]] = {}
    for p in session.get_objects({Attribute.CLASS: ObjectClass.PUBLIC_KEY}):
        public_by_id.setdefault(bytes(_attr(p, Attribute.ID) or b""), []).append(matches(p))

    unknown: list[Any] = []
    forbidden: list[Any] = []
    for k in privates:
        own = matches(k)
        if own is None:
            publics = public_by_id.get(bytes(_attr(k, Attribute.ID) or b""), [])
            # a public-key object speaks for a private key only when it is the only one
            # under that ID (two keys under one ID: their public objects are ambiguous)
            same_id = [x for x in privates if _attr(x, Attribute.ID) == _attr(k, Attribute.ID)]
            if len(publics) == 1 and len(same_id) == 1:
                own = publics[0]
        if own is not False and _attr(k, Attribute.SIGN) is False:
            # the certificate's key kept for decryption only (some tokens hold the pair
            # twice): another object may sign; C_Sign with this one can only fail
            forbidden.append(k)
            continue
        if own:
            return KeyPairing(k, "public_key")
        if own is None:
            unknown.append(k)
    if not unknown and forbidden:
        raise TokenError(
            "Khóa bí mật của chứng thư này trên thiết bị không được phép ký (CKA_SIGN = "
            "false); thử lại cũng không ký được. Không có tệp nào được ghi là đã ký. Liên hệ "
            "đơn vị cấp chứng thư để kiểm tra thiết bị.",
            "The certificate's private key on the device is not allowed to sign (CKA_SIGN = "
            "false); trying again cannot help. No file was written as signed. Ask the "
            "certificate's issuer to check the device.",
            code="key_cannot_sign",
        )
    if not unknown:
        raise KeyMismatchError(
            "Không khóa bí mật nào trên token có khóa công khai trùng với chứng thư. ",
            "No private key on the token has the certificate's public key. ",
        )
    by_id = [k for k in unknown if bytes(_attr(k, Attribute.ID) or b"") == key_id]
    if len(by_id) == 1:
        return KeyPairing(by_id[0], "key_id")
    scheme = key_scheme(certificate)
    algorithm = SignatureAlgorithm(scheme)
    probe = os.urandom(32)
    for k in by_id or unknown:
        if _attr(k, Attribute.ALWAYS_AUTHENTICATE):
            continue  # each signature would ask for the PIN again: never for a probe
        try:
            value = _raw_sign(k, [probe], algorithm)[0]
        except Exception as exc:
            log.info("test signature with a candidate key failed: %r", exc)
            continue
        if signature_matches(certificate, probe, value, algorithm):
            return KeyPairing(k, "test_signature")
    raise KeyMismatchError(
        "Không khóa bí mật nào trên token tạo được chữ ký kiểm tra bằng chứng thư. ",
        "No private key on the token makes a signature that verifies with the certificate. ",
    )


def _raw_sign(handle: Any, digests: Sequence[bytes], algorithm: SignatureAlgorithm) -> list[bytes]:
    """C_Sign each digest with the raw mechanism (the hash is Kyso's). Module thread only."""
    from pkcs11 import MGF, Mechanism
    from pkcs11.util.ec import encode_ecdsa_signature

    out: list[bytes] = []
    for digest in digests:
        if algorithm.scheme is Scheme.RSA_PKCS1V15:
            out.append(
                bytes(handle.sign(_DIGEST_INFO[algorithm.digest] + digest, mechanism=Mechanism.RSA_PKCS))
            )
        elif algorithm.scheme is Scheme.RSA_PSS:
            hash_mech = getattr(Mechanism, algorithm.digest.upper())
            mgf = getattr(MGF, algorithm.digest.upper())
            out.append(
                bytes(
                    handle.sign(
                        digest,
                        mechanism=Mechanism.RSA_PKCS_PSS,
                        mechanism_param=(hash_mech, mgf, len(digest)),
                    )
                )
            )
        else:
            raw = bytes(handle.sign(digest, mechanism=Mechanism.ECDSA))
            out.append(bytes(encode_ecdsa_signature(raw)))
    return out


def sign_with_context_login(
    raw: Any, session: int, key: int, digest: bytes, algorithm: SignatureAlgorithm, pin: str
) -> tuple[int, bytes]:
    """(CK_RV, signature) of one digest by a CKA_ALWAYS_AUTHENTICATE key: C_SignInit, the
    context-specific C_Login with ``pin``, C_Sign. ``raw``: the module's
    :class:`~kyso.core.tokens.cryptoki.Cryptoki`. Module thread (or the token host)."""
    from pkcs11 import MGF, Mechanism
    from pkcs11.util.ec import encode_ecdsa_signature

    from kyso.core.tokens.cryptoki import CKR_OK

    secret = pin.encode("utf-8")
    if algorithm.scheme is Scheme.RSA_PKCS1V15:
        return raw.sign_with_context_login(
            session, key, int(Mechanism.RSA_PKCS), _DIGEST_INFO[algorithm.digest] + digest, secret)
    if algorithm.scheme is Scheme.RSA_PSS:
        hash_mech = int(getattr(Mechanism, algorithm.digest.upper()))
        mgf = int(getattr(MGF, algorithm.digest.upper()))
        return raw.sign_with_context_login(
            session, key, int(Mechanism.RSA_PKCS_PSS), digest, secret,
            pss=(hash_mech, mgf, len(digest)))
    rv, value = raw.sign_with_context_login(session, key, int(Mechanism.ECDSA), digest, secret)
    return rv, bytes(encode_ecdsa_signature(value)) if rv == CKR_OK else b""


def reauth_result(rv: int, signature: bytes) -> bytes:
    """The signature of :func:`sign_with_context_login`, or the error its CK_RV means."""
    from kyso.core.errors import PinError
    from kyso.core.tokens.cryptoki import CKR_OK, CKR_PIN_INCORRECT, CKR_PIN_LOCKED

    if rv == CKR_OK:
        return signature
    if rv == CKR_PIN_INCORRECT:
        raise PinError(
            "Mã PIN xác nhận chữ ký không đúng; Kyso không thử lại. Ký lại và nhập đúng "
            "mã PIN (token khóa sau vài lần sai).",
            "The PIN confirming the signature was wrong; Kyso does not retry. Sign again "
            "with the right PIN (the token locks after a few wrong tries).",
            code="pin_incorrect",
        )
    if rv == CKR_PIN_LOCKED:
        raise PinError("Mã PIN đã bị khóa.", "The PIN is locked.", code="pin_locked")
    raise TokenError(
        f"Token từ chối chữ ký (mã lỗi 0x{rv:08X}).",
        f"The token refused the signature (error 0x{rv:08X}).",
        code="sign_failed",
    )


class Pkcs11Key(SigningKey):
    """A certificate on a token and the private key proven to be its own.

    Logged in by :meth:`authorize`, the key works inside a token host (a child process
    that owns its own copy of the module, :mod:`kyso.core.tokens.token_host`): a driver
    that crashes or hangs in C_Login, C_FindObjects or C_Sign ends that child, not Kyso.
    A key over someone else's session (:meth:`with_session`) works in this process.
    """

    home = "pkcs11"
    in_host: bool = True
    """Log in and sign in a token host (False: in this process, on the module's thread)."""

    def __init__(
        self,
        module: Pkcs11Module,
        token: TokenKey,
        certificate: x509.Certificate,
        key_id: bytes,
        *,
        prompter: PinPrompter | None = None,
        chain: Sequence[x509.Certificate] = (),
        pin_store: PinStore | None = None,
        session: TokenSession | None = None,
    ) -> None:
        super().__init__(certificate, chain)
        self.module = module
        self.token = token
        self.key_id = key_id
        self._prompter = prompter
        self._pin_store = pin_store
        self._session = session
        self._owns_session = session is None
        self._pairing: KeyPairing | None = None
        self._mechanisms: set[Any] | None = None
        self._host_pool: concurrent.futures.ThreadPoolExecutor | None = None
        if session is not None:
            self._pair()

    @classmethod
    def for_entry(
        cls,
        module: Pkcs11Module,
        snapshot: TokenSnapshot,
        entry: CertificateEntry,
        prompter: PinPrompter,
    ) -> Pkcs11Key:
        """The key of ``entry`` on the token of ``snapshot``; its CA objects form the chain."""
        chain: list[x509.Certificate] = []
        for ca in snapshot.ca_certificates():
            try:
                chain.append(x509.load_der_x509_certificate(ca.der))
            except ValueError as exc:  # an unreadable CA object must not stop signing
                log.warning("CA certificate %r on the token not read: %s", ca.label, exc)
        return cls(
            module,
            snapshot.key,
            x509.load_der_x509_certificate(entry.der),
            entry.key_id,
            prompter=prompter,
            chain=chain,
        )

    @classmethod
    def with_session(
        cls,
        session: TokenSession,
        certificate: x509.Certificate,
        key_id: bytes,
        chain: Sequence[x509.Certificate] = (),
    ) -> Pkcs11Key:
        """A key over a session someone else logged in (and will close)."""
        return cls(session.module, session.key, certificate, key_id, chain=chain, session=session)

    @property
    def loop_key(self) -> str:
        return f"pkcs11:{self.module.path}"

    @property
    def session(self) -> TokenSession:
        if self._session is None:
            raise TokenError("Chưa đăng nhập token.", "Not logged in to the token.", code="not_logged_in")
        return self._session

    @property
    def pairing(self) -> KeyPairing | None:
        return self._pairing

    # -- SigningKey --------------------------------------------------------------------
    def authorize(self, count: int, purpose: Purpose) -> None:
        if self._session is None:
            from kyso.core.tokens.sessions import login

            if self._prompter is None:
                raise TokenError("Không có cách hỏi mã PIN.", "No way to ask for the PIN.")
            host = None
            if self.in_host:
                from kyso.core.tokens.token_host import TokenHost

                host = TokenHost(self.module.path)
            try:
                self._session = login(
                    self.module,
                    self.token,
                    self._prompter,
                    purpose_vi=purpose.vi,
                    purpose_en=purpose.en,
                    pin_store=self._pin_store,
                    host=host,
                )
            except BaseException:
                if host is not None:
                    host.close()
                raise
            self._owns_session = True
        if self._pairing is None:
            try:
                self._pair()
            except BaseException:
                self.close()
                raise

    def _hosted(self) -> Any:
        """The session when it lives in a token host, else None."""
        from kyso.core.tokens.sessions import HostedSession

        session = self._session
        return session if isinstance(session, HostedSession) else None

    def _pair(self) -> None:
        hosted = self._hosted()
        if hosted is not None:
            from cryptography.hazmat.primitives.serialization import Encoding

            try:
                answer = hosted.call(
                    "pair", certificate=self.certificate.public_bytes(Encoding.DER).hex(),
                    key_id=self.key_id.hex(),
                )
            except (TokenError, KeyMismatchError, KeyNotFoundError):
                raise
            except Exception as exc:
                raise KeyNotFoundError(type(exc).__name__) from None
            from pkcs11 import Mechanism

            mechanisms: set[Any] = set()
            for value in answer["mechanisms"]:
                try:
                    mechanisms.add(Mechanism(value))
                except ValueError:
                    continue  # a vendor mechanism python-pkcs11 does not name
            self._pairing = KeyPairing(None, answer["how"], always_authenticate=answer["always"])
            self._mechanisms = mechanisms
            log.info("key for %s paired by %s (token host)", self.label, self._pairing.how)
            return
        certificate, key_id = self.certificate, self.key_id

        def work(raw: Any) -> tuple[KeyPairing, set[Any]]:
            pairing = find_private_key(raw, certificate, key_id)
            try:
                mechanisms = set(raw.token.slot.get_mechanisms())
            except Exception:  # not reported: try what the certificate's key implies
                mechanisms = set()
            return pairing, mechanisms

        try:
            self._pairing, self._mechanisms = self.session.run(work)
        except (TokenError, KeyMismatchError, KeyNotFoundError):
            raise
        except Exception as exc:
            raise KeyNotFoundError(type(exc).__name__) from None
        from pkcs11 import Attribute

        handle = self._pairing.handle
        always = bool(self.session.run(lambda _s: _attr(handle, Attribute.ALWAYS_AUTHENTICATE)))
        if always:
            self._pairing = KeyPairing(handle, self._pairing.how, always_authenticate=True)
        log.info("key for %s paired by %s", self.label, self._pairing.how)

    def algorithms(self) -> tuple[SignatureAlgorithm, ...]:
        from pkcs11 import Mechanism

        scheme = key_scheme(self.certificate)
        schemes = [scheme]
        if scheme is Scheme.RSA_PKCS1V15 and Mechanism.RSA_PKCS_PSS in (self._mechanisms or ()):
            schemes.append(Scheme.RSA_PSS)
        return tuple(SignatureAlgorithm(s, d) for s in schemes for d in _DIGESTS)

    def sign_digests(
        self, digests: Sequence[bytes], algorithm: SignatureAlgorithm
    ) -> concurrent.futures.Future[list[bytes]]:
        digests = list(digests)
        if self._pairing is not None and self._pairing.always_authenticate:
            return self._reauth_pool().submit(self._sign_reauthenticated, digests, algorithm)
        if self._hosted() is not None:
            # the host does the waiting: the module's thread stays free for the watcher
            if self._host_pool is None:
                self._host_pool = concurrent.futures.ThreadPoolExecutor(
                    1, thread_name_prefix="kyso-token-host"
                )
            return self._host_pool.submit(self._sign_now, digests, algorithm)
        return self.module.call(self._sign_now, digests, algorithm)

    # -- keys with CKA_ALWAYS_AUTHENTICATE -----------------------------------------------
    # The token wants the PIN again for every signature (a context-specific login between
    # C_SignInit and C_Sign). Kyso asks it once per signature — what the token demands and
    # what the holder sees is being signed — never stores it, never retries a wrong one. The
    # PIN is asked off the module thread (a dialog must not hold the driver) and off the
    # signing loop (other keys keep signing).
    def _reauth_pool(self) -> concurrent.futures.ThreadPoolExecutor:
        if getattr(self, "_reauth", None) is None:
            self._reauth = concurrent.futures.ThreadPoolExecutor(
                1, thread_name_prefix="kyso-reauth"
            )
        return self._reauth

    def _sign_reauthenticated(
        self, digests: list[bytes], algorithm: SignatureAlgorithm
    ) -> list[bytes]:
        from kyso.core.tokens.sessions import PinRequest

        out = []
        session = self.session
        for i, digest in enumerate(digests, start=1):
            if self._prompter is None:
                raise TokenError("Không có cách hỏi mã PIN.", "No way to ask for the PIN.")
            request = PinRequest(
                session.info,
                session.info.pin,
                "Khóa này yêu cầu nhập lại mã PIN cho từng chữ ký"
                + (f" ({i}/{len(digests)})" if len(digests) > 1 else ""),
                "This key asks for the PIN again for every signature"
                + (f" ({i}/{len(digests)})" if len(digests) > 1 else ""),
            )
            pin = self._prompter.ask_pin(request)
            if pin is None:
                from kyso.core.keys.base import SigningCancelled

                raise SigningCancelled()
            if self._hosted() is not None:
                out.append(self._sign_one_reauth(digest, algorithm, pin))
            else:
                out.append(self.module.call(self._sign_one_reauth, digest, algorithm, pin).result())
            pin = None
        return out

    def _sign_one_reauth(self, digest: bytes, algorithm: SignatureAlgorithm, pin: str) -> bytes:
        from kyso.core.tokens.login_state import cryptoki_for

        assert self._pairing is not None
        hosted = self._hosted()
        if hosted is not None:
            answer = hosted.call("sign_reauth", digest_value=digest.hex(),
                                 scheme=algorithm.scheme.value, digest=algorithm.digest, pin=pin)
            return reauth_result(answer["rv"], bytes.fromhex(answer["signature"]))
        raw = cryptoki_for(self.module)
        handle = int(self._pairing.handle.handle)

        def work(s: Any) -> tuple[int, bytes]:
            return sign_with_context_login(raw, int(s.handle), handle, digest, algorithm, pin)

        rv, signature = self.session.run(work)
        return reauth_result(rv, signature)

    def _sign_now(self, digests: list[bytes], algorithm: SignatureAlgorithm) -> list[bytes]:
        if self._pairing is None:
            raise TokenError("Chưa đăng nhập token.", "Not logged in to the token.", code="not_logged_in")
        hosted = self._hosted()
        if hosted is not None:
            answer = hosted.call("sign", digests=[d.hex() for d in digests],
                                 scheme=algorithm.scheme.value, digest=algorithm.digest)
            return [bytes.fromhex(x) for x in answer["signatures"]]
        handle = self._pairing.handle
        return self.session.run(lambda _s: _raw_sign(handle, digests, algorithm))

    def read_audit_head(self, log_id: str) -> tuple[int, str] | None:
        from kyso.core.tokens.audit_head import read_head

        hosted = self._hosted()
        if hosted is not None:
            head = hosted.call("read_head", log_id=log_id)["head"]
            return (int(head[0]), str(head[1])) if head is not None else None
        return self.session.run(lambda raw: read_head(raw, log_id))

    def write_audit_head(self, log_id: str, seq: int, chain_hash: str) -> bool:
        from kyso.core.tokens.audit_head import write_head

        hosted = self._hosted()
        if hosted is not None:
            return bool(hosted.call("write_head", log_id=log_id, seq=seq,
                                    chain_hash=chain_hash)["written"])
        return self.session.run(lambda raw: write_head(raw, log_id, seq, chain_hash))

    def check_available(self) -> None:
        from kyso.core.tokens.sessions import removed_error, token_info

        session = self.session
        if session.removed:
            raise removed_error(session.info.label)
        token_info(session.module, session.info.serial)
        hosted = self._hosted()
        if hosted is not None:
            hosted.call("ping")
        else:
            session.run(lambda _s: None)

    def close(self) -> None:
        if getattr(self, "_reauth", None) is not None:
            self._reauth.shutdown(wait=False, cancel_futures=True)
            self._reauth = None
        if self._host_pool is not None:
            self._host_pool.shutdown(wait=False, cancel_futures=True)
            self._host_pool = None
        session, self._session = self._session, None
        self._pairing = None
        if session is not None and self._owns_session:
            session.close()
