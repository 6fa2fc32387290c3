"""Tokens in the slots of a PKCS#11 module, and the certificates on them.

Everything here that touches the library runs on the module's own thread
(:meth:`Pkcs11Module.run`). Tokens are found again by (module, serial) every time; no
session or handle is cached across hot-plug. Listing certificates opens a short read-only
session and never logs in.
"""

from __future__ import annotations

import concurrent.futures
import logging
from dataclasses import dataclass, field
from typing import Any

from kyso.core.certs.details import CertificateDetails, parse_certificate
from kyso.core.errors import TokenError, TokenRemovedError
from kyso.core.tokens.modules import Pkcs11Module

log = logging.getLogger(__name__)

# CKF_* token flags (PKCS#11 v2.40 §3.2); numbers, so callers need not import pkcs11.
CKF_LOGIN_REQUIRED = 0x00000004
CKF_USER_PIN_INITIALIZED = 0x00000008
CKF_PROTECTED_AUTHENTICATION_PATH = 0x00000100
CKF_TOKEN_INITIALIZED = 0x00000400
CKF_USER_PIN_COUNT_LOW = 0x00010000
CKF_USER_PIN_FINAL_TRY = 0x00020000
CKF_USER_PIN_LOCKED = 0x00040000
CKF_USER_PIN_TO_BE_CHANGED = 0x00080000


@dataclass(frozen=True)
class PinState:
    """The user PIN state a token reports in its CK_TOKEN_INFO flags."""

    count_low: bool = False
    final_try: bool = False
    locked: bool = False
    initialized: bool = True
    to_be_changed: bool = False
    protected_path: bool = False
    """The PIN is typed on the reader's own keypad, not in Kyso."""
    login_required: bool = True

    @classmethod
    def from_flags(cls, flags: int) -> PinState:
        return cls(
            count_low=bool(flags & CKF_USER_PIN_COUNT_LOW),
            final_try=bool(flags & CKF_USER_PIN_FINAL_TRY),
            locked=bool(flags & CKF_USER_PIN_LOCKED),
            initialized=bool(flags & CKF_USER_PIN_INITIALIZED),
            to_be_changed=bool(flags & CKF_USER_PIN_TO_BE_CHANGED),
            protected_path=bool(flags & CKF_PROTECTED_AUTHENTICATION_PATH),
            login_required=bool(flags & CKF_LOGIN_REQUIRED),
        )

    def describe(self, language: str = "vi") -> str:
        """One line for the details panel and the PIN dialog."""
        vi, en = self.describe_pair()
        return en if language == "en" else vi

    def describe_pair(self) -> tuple[str, str]:
        if self.locked:
            return (
                "Mã PIN đã bị khóa. Liên hệ đơn vị cấp chứng thư để mở khóa (khôi phục thiết bị).",
                "The PIN is locked. Ask the issuing CA to unlock it (device recovery).",
            )
        if not self.initialized:
            return (
                "Token chưa được khởi tạo mã PIN người dùng.",
                "The token's user PIN is not initialized.",
            )
        if self.final_try:
            return (
                "Còn 1 lần thử: nhập sai lần nữa token sẽ bị khóa.",
                "Final try: one more wrong PIN locks the token.",
            )
        if self.count_low:
            return (
                "Đã nhập sai mã PIN trước đó; token VGCA bị khóa sau 3 lần sai liên tiếp.",
                "A wrong PIN was entered before; a VGCA token locks after 3 wrong PINs.",
            )
        if self.protected_path:
            return (
                "Nhập mã PIN trên bàn phím của đầu đọc.",
                "The PIN is entered on the reader's keypad.",
            )
        return ("Mã PIN bình thường.", "PIN OK.")

    def to_json(self) -> dict[str, bool]:
        return {
            "count_low": self.count_low,
            "final_try": self.final_try,
            "locked": self.locked,
            "initialized": self.initialized,
            "protected_path": self.protected_path,
        }


@dataclass(frozen=True)
class TokenKey:
    """How a token is found again: by its module and its serial, never by a handle."""

    module_path: str
    serial: str


@dataclass
class TokenInfo:
    module_path: str
    slot_id: int
    label: str
    manufacturer: str
    model: str
    serial: str
    flags: int

    @property
    def key(self) -> TokenKey:
        return TokenKey(self.module_path, self.serial)

    @property
    def pin(self) -> PinState:
        return PinState.from_flags(self.flags)

    @property
    def is_demo(self) -> bool:
        return self.label.strip().upper().startswith("KYSO DEMO")


@dataclass
class CertificateEntry:
    """A certificate object on a token (parsed, or unreadable with the reason)."""

    label: str
    key_id: bytes
    der: bytes
    details: CertificateDetails | None
    has_private_key: bool | None
    """True/False when known; None when the token hides keys until login."""
    error: str | None = None

    @property
    def readable(self) -> bool:
        return self.details is not None

    @property
    def is_ca(self) -> bool:
        return bool(self.details and self.details.is_ca)

    def to_json(self) -> dict[str, Any]:
        d = self.details
        return {
            "label": self.label,
            "subject": d.subject if d else None,
            "issuer": d.issuer if d else None,
            "serial_hex": d.serial_hex if d else None,
            "not_before": d.not_before.isoformat() if d else None,
            "not_after": d.not_after.isoformat() if d else None,
            "sha256": d.sha256 if d else None,
            "is_ca": self.is_ca,
            "has_private_key": self.has_private_key,
            "key_id_hex": self.key_id.hex(),
            "key_usage": d.key_usage if d else [],
            "readable": self.readable,
            "error": self.error,
        }


@dataclass
class TokenSnapshot:
    """A token and what was read from it at one moment."""

    info: TokenInfo
    certificates: list[CertificateEntry] = field(default_factory=list)
    error: str | None = None
    also_via: list[str] = field(default_factory=list)
    """Other modules that show this same token (see :mod:`kyso.core.tokens.same_token`)."""

    @property
    def key(self) -> TokenKey:
        return self.info.key

    def user_certificates(self) -> list[CertificateEntry]:
        return [c for c in self.certificates if not c.is_ca]

    def ca_certificates(self) -> list[CertificateEntry]:
        return [c for c in self.certificates if c.is_ca]

    def to_json(self) -> dict[str, Any]:
        i = self.info
        return {
            "module": i.module_path,
            "label": i.label,
            "serial": i.serial,
            "manufacturer": i.manufacturer,
            "model": i.model,
            "demo": i.is_demo,
            "pin": i.pin.to_json(),
            "certificates": [c.to_json() for c in self.certificates],
            "error": self.error,
            "also_via": list(self.also_via),
        }


def _clean(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value or "").rstrip("\x00 ").strip()


@dataclass
class SlotScan:
    """One look at a module's slots: the tokens read, and the slots that say a token is
    present but whose C_GetTokenInfo failed this time (busy, flaky: not the same as pulled)."""

    tokens: list[TokenInfo] = field(default_factory=list)
    present_slots: set[int] = field(default_factory=set)
    unreadable_slots: set[int] = field(default_factory=set)

    def still_there(self, info: TokenInfo) -> bool:
        """This token is seen, or its slot still holds a token that could not be read."""
        if any(t.serial == info.serial for t in self.tokens):
            return True
        return info.slot_id in self.unreadable_slots


def scan_slots(module: Pkcs11Module) -> SlotScan:
    """The slots with a token now (slot list + token info only: no session). Module thread."""
    assert module.on_module_thread()
    scan = SlotScan()
    if module.lib is None:
        return scan
    for slot in module.lib.get_slots(token_present=True):
        slot_id = int(slot.slot_id)
        scan.present_slots.add(slot_id)
        try:
            token = slot.get_token()
            flags = int(token.flags)
        except Exception as exc:  # removed between the slot list and the info, or flaky
            log.debug("slot %s of %s: %s", slot.slot_id, module.path, exc)
            scan.unreadable_slots.add(slot_id)
            continue
        if not flags & CKF_TOKEN_INITIALIZED:
            continue  # an empty slot (SoftHSM2's spare slot, a blank card)
        scan.tokens.append(
            TokenInfo(
                module_path=module.path,
                slot_id=slot_id,
                label=_clean(token.label),
                manufacturer=_clean(token.manufacturer_id),
                model=_clean(token.model),
                serial=_clean(token.serial),
                flags=flags,
            )
        )
    return scan


def scan_tokens(module: Pkcs11Module) -> list[TokenInfo]:
    """The tokens present now (slot list + token info only: no session). Module thread."""
    return scan_slots(module).tokens


def token_still_present(module: Pkcs11Module, info: TokenInfo) -> bool:
    """False only when the slot says it is empty or holds another token. Module thread."""
    return scan_slots(module).still_there(info)


def find_token(module: Pkcs11Module, serial: str) -> Any:
    """The python-pkcs11 Token with this serial, looked up afresh. Module thread."""
    assert module.on_module_thread()
    for slot in module.lib.get_slots(token_present=True):
        try:
            token = slot.get_token()
        except Exception:
            continue
        if _clean(token.serial) == serial:
            return token
    raise TokenRemovedError(
        f"Không tìm thấy token số {serial}: token đã bị rút ra? Cắm lại token rồi thử lại.",
        f"Token {serial} is not present: was it removed? Insert it again and retry.",
        code="token_removed",
    )


def read_certificates(session: Any, flags: int) -> list[CertificateEntry]:
    """Read every certificate object through an open session. Module thread."""
    from pkcs11 import Attribute, ObjectClass

    private_ids: set[bytes] = set()
    for key in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}):
        try:
            private_ids.add(bytes(key[Attribute.ID] or b""))
        except Exception:
            continue
    # Tokens that hide private keys until login (Bit4id, SoftHSM2 with CKA_PRIVATE) show none:
    # then "no key found" means "unknown until login", not "no".
    keys_hidden = not private_ids and bool(flags & CKF_LOGIN_REQUIRED)
    entries: list[CertificateEntry] = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        label, key_id, der = "", b"", b""
        try:
            label = _clean(obj[Attribute.LABEL])
        except Exception:
            pass
        try:
            key_id = bytes(obj[Attribute.ID] or b"")
        except Exception:
            pass
        try:
            der = bytes(obj[Attribute.VALUE] or b"")
        except Exception as exc:
            entries.append(CertificateEntry(label, key_id, b"", None, None, f"{exc}"))
            continue
        try:
            details = parse_certificate(der)
            error = None
        except Exception as exc:
            details, error = None, f"{type(exc).__name__}: {exc}"
        if key_id in private_ids:
            has_key: bool | None = True
        elif keys_hidden:
            has_key = None
        else:
            has_key = False
        entries.append(CertificateEntry(label, key_id, der, details, has_key, error))
    return entries


def snapshot_token(module: Pkcs11Module, info: TokenInfo) -> TokenSnapshot:
    """Read a token's certificates in a short read-only session. Module thread."""
    assert module.on_module_thread()
    snap = TokenSnapshot(info)
    try:
        token = find_token(module, info.serial)
        with token.open() as session:
            snap.certificates = read_certificates(session, info.flags)
    except TokenError as exc:
        snap.error = exc.vi
    except Exception as exc:
        snap.error = (
            f"Không đọc được chứng thư trên token ({type(exc).__name__}). Rút token ra, cắm lại "
            "rồi thử lại."
        )
        log.warning("reading %s on %s: %r", info.serial, module.path, exc)
    return snap


LIST_TIMEOUT_S = 30.0
"""How long :func:`list_tokens` waits for a module before calling it unresponsive."""


def list_tokens(
    module: Pkcs11Module, *, rescan: bool = True, timeout: float | None = LIST_TIMEOUT_S
) -> list[TokenSnapshot]:
    """Every token of a module with its certificates (callable from any non-module thread).

    A module that does not answer within ``timeout`` raises :class:`ModuleLoadError`
    (code ``module_unresponsive``); its thread stays with the driver, the caller goes on.
    """

    def work() -> list[TokenSnapshot]:
        if rescan:
            module.reinitialize_if_idle()
        return [snapshot_token(module, info) for info in scan_tokens(module)]

    if module.lib is None:
        return []
    try:
        result = module.run(work, timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise module.unresponsive_error() from None
    module.unresponsive = False
    return result
