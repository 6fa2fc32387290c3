"""Logging in to a token and the session that results.

The PIN comes from a :class:`PinPrompter` that each face implements (the GUI shows a
dialog on its own thread; the CLI reads stdin or a no-echo prompt). Before asking, the
token's PIN state is read and shown; a locked token is refused without trying; a wrong PIN
is reported once, with the tries left when the token tells, and never retried here. The PIN
lives in a local variable for the one C_Login call and never reaches a log, a settings file
or an exception message.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from kyso.core.errors import KysoError, PinCancelled, PinError, TokenError, TokenRemovedError
from kyso.core.tokens.login_state import TokenLogin, join, leave, log_in
from kyso.core.tokens.modules import Pkcs11Module
from kyso.core.tokens.pin_store import PinStore
from kyso.core.tokens.slots import (
    PinState,
    TokenInfo,
    TokenKey,
    find_token,
    scan_slots,
    token_still_present,
)

if TYPE_CHECKING:
    from kyso.core.tokens.token_host import TokenHost

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class PinRequest:
    """What a prompter shows when it asks for a PIN."""

    token: TokenInfo
    pin_state: PinState
    purpose_vi: str = "Đăng nhập token"
    purpose_en: str = "Log in to the token"
    can_remember: bool = False
    """IT allows keeping PINs in the OS keyring: the prompter may offer "remember"."""
    remember: bool = False
    """Set by the prompter when the user asked to remember this token's PIN."""


class PinPrompter(Protocol):
    def ask_pin(self, request: PinRequest) -> str | None:
        """Return the PIN, or None when the user cancels. May block (never on the GUI thread)."""
        ...

    def pinpad_started(self, request: PinRequest) -> None:
        """The PIN is being typed on the reader's keypad: tell the user."""
        ...

    def pinpad_finished(self) -> None: ...


def _is_removal(exc: BaseException) -> bool:
    import pkcs11.exceptions as p11

    return isinstance(
        exc,
        (
            p11.TokenNotPresent,
            p11.DeviceRemoved,
            p11.SessionHandleInvalid,
            p11.SessionClosed,
            p11.TokenNotRecognised,
            p11.SlotIDInvalid,
        ),
    )


def removed_error(label: str) -> TokenRemovedError:
    return TokenRemovedError(
        f"Token “{label}” đã bị rút ra trong khi đang dùng; phiên làm việc đã đóng. "
        "Cắm lại token và thực hiện lại thao tác.",
        f"Token “{label}” was removed while in use; the session was closed. "
        "Insert it again and repeat the operation.",
        code="token_removed",
    )


class SessionTracker:
    """Open sessions by token, so the watcher can drop them when a token is pulled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[TokenKey, list[TokenSession]] = {}

    def add(self, s: TokenSession) -> None:
        with self._lock:
            self._sessions.setdefault(s.key, []).append(s)

    def discard(self, s: TokenSession) -> None:
        with self._lock:
            lst = self._sessions.get(s.key, [])
            if s in lst:
                lst.remove(s)

    def token_removed(self, key: TokenKey) -> bool:
        """Drop every session of a removed token; True if there was one."""
        with self._lock:
            sessions = self._sessions.pop(key, [])
        for s in sessions:
            s.drop()
        return bool(sessions)


TRACKER = SessionTracker()


class TokenSession:
    """One user's session on a logged-in token. Use :meth:`run` to work with it on the
    module thread.

    The token's login (:class:`~kyso.core.tokens.login_state.TokenLogin`) is shared by every
    user of the token; closing this session never logs the token out while another user is
    still working. ``shared_login``: this session joined a login already in place, so no
    PIN was asked or checked for it (the faces say "đã đăng nhập").
    """

    def __init__(
        self,
        module: Pkcs11Module,
        info: TokenInfo,
        session: Any,
        login_state: TokenLogin | None = None,
        *,
        shared_login: bool = False,
    ) -> None:
        """``session`` is already counted in ``module.session_opened()`` (on the module
        thread, before a watcher poll could re-initialize the module under it)."""
        self.module = module
        self.info = info
        self.key = info.key
        self.shared_login = shared_login
        self._session = session
        self._login = login_state
        self._removed = False
        self._closed = False
        self._lock = threading.Lock()
        TRACKER.add(self)

    @property
    def removed(self) -> bool:
        return self._removed

    @property
    def closed(self) -> bool:
        with self._lock:
            return self._closed

    def login_note(self) -> tuple[str, str]:
        """What to tell the user about this login (Vietnamese, English)."""
        if self.shared_login:
            return ALREADY_LOGGED_IN
        return ("Đã đăng nhập token.", "Logged in to the token.")

    def _check(self) -> None:
        if self._removed:
            raise removed_error(self.info.label)
        if self.closed:
            raise TokenError("Phiên làm việc với token đã đóng.", "The token session is closed.")

    def run(self, fn: Callable[[Any], T]) -> T:
        """Run ``fn(session)`` on the module thread; a pulled token becomes TokenRemovedError."""

        def work() -> T:
            self._check()
            try:
                return fn(self._session)
            except Exception as exc:
                if _is_removal(exc) or not self._token_present():
                    self._removed = True
                    raise removed_error(self.info.label) from None
                raise

        return self.module.run(work)

    def _token_present(self) -> bool:
        """Still in its slot? One failed C_GetTokenInfo is not a pull: only a slot that says
        it is empty, or holds another token, is (module thread)."""
        try:
            return token_still_present(self.module, self.info)
        except Exception:
            return False

    def drop(self) -> None:
        """The token was pulled: forget the session (closing it may fail; that is fine)."""
        self._removed = True
        self._close_quietly()

    def close(self) -> None:
        TRACKER.discard(self)
        self._close_quietly()

    def _close_quietly(self) -> None:
        # The watcher (drop) and the owner (close) may get here at once from two threads.
        with self._lock:
            if self._closed:
                return
            self._closed = True

        def work() -> None:
            try:
                if self._login is not None:
                    leave(self._login, self._session)  # the last user logs the token out
                else:
                    self._session.close()
            except Exception as exc:  # the token may be gone already
                log.debug("closing session: %r", exc)

        try:
            self.module.run(work)
        finally:
            self.module.session_closed()

    def __enter__(self) -> TokenSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class HostedSession(TokenSession):
    """A login that lives in a token host (:mod:`kyso.core.tokens.token_host`): nothing of
    it is in this process. :meth:`run` is not available (the session is in the child);
    :meth:`close` logs out and ends the host."""

    def __init__(self, module: Pkcs11Module, info: TokenInfo, host: TokenHost) -> None:
        self.module = module
        self.info = info
        self.key = info.key
        self.shared_login = False
        self.host = host
        self._session = None
        self._login = None
        self._removed = False
        self._closed = False
        self._lock = threading.Lock()
        TRACKER.add(self)

    def run(self, fn: Callable[[Any], T]) -> T:
        raise TokenError("Phiên đăng nhập nằm trong tiến trình token.",
                         "The login lives in the token process.", code="hosted_session")

    def call(self, op: str, **args: Any) -> dict[str, Any]:
        """One operation in the host; a pulled token becomes TokenRemovedError."""
        from kyso.core.tokens.token_host import DriverCrashedError

        self._check()
        try:
            return self.host.call(op, **args)
        except DriverCrashedError:
            if self._removed:  # the watcher saw the token go and ended the host
                raise removed_error(self.info.label) from None
            raise
        except KysoError:
            raise
        except Exception as exc:
            if _is_removal(exc) or not self._still_present():
                self._removed = True
                raise removed_error(self.info.label) from None
            raise

    def _still_present(self) -> bool:
        try:
            return self.module.run(self._token_present)
        except Exception:
            return False

    def drop(self) -> None:
        """The token was pulled: end the host at once (a call waiting in it must not hold
        the watcher); that call then raises TokenRemovedError."""
        self._removed = True
        with self._lock:
            self._closed = True
        self.host.kill()

    def _close_quietly(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self.host.close()


ALREADY_LOGGED_IN = (
    "Token đã đăng nhập (một thao tác khác của Kyso đang dùng); Kyso dùng chung phiên đăng "
    "nhập đó, không hỏi và không kiểm tra lại mã PIN.",
    "The token is already logged in (another Kyso task is using it); Kyso shares that login "
    "and neither asks for nor checks the PIN again.",
)


TOKEN_INFO_TRIES = 3
"""C_GetTokenInfo may fail once on a busy or flaky token; a slot that still says a token is
in it is asked again (a little later) before anything is called a pull. A slot that fails
every time is taken as pulled (a token whose files went away, a reader half-unplugged)."""


def token_info(module: Pkcs11Module, serial: str) -> TokenInfo:
    """The token's info now. TokenRemovedError when no slot holds it (after retries)."""

    def work() -> TokenInfo:
        for attempt in range(TOKEN_INFO_TRIES):
            if attempt:
                time.sleep(0.1 * attempt)
            scan = scan_slots(module)
            for info in scan.tokens:
                if info.serial == serial:
                    return info
            if not scan.unreadable_slots:
                break  # every slot with a token answered: this one is not among them
        raise removed_error(serial)

    return module.run(work)


def _locked_error(info: TokenInfo) -> PinError:
    return PinError(
        f"Mã PIN của token “{info.label}” đã bị khóa. Kyso không thử đăng nhập để tránh "
        "làm hỏng thiết bị. Liên hệ đơn vị cấp chứng thư (dịch vụ khôi phục thiết bị lưu khóa "
        "bí mật, Mẫu 06 NĐ 68/2024) để mở khóa.",
        f"The PIN of token “{info.label}” is locked. Kyso does not try to log in. Ask the "
        "issuing CA to unlock it (key device recovery, form 06 of Decree 68/2024).",
        code="pin_locked",
    )


def login(
    module: Pkcs11Module,
    key: TokenKey,
    prompter: PinPrompter,
    *,
    purpose_vi: str = "Đăng nhập token",
    purpose_en: str = "Log in to the token",
    pin_store: PinStore | None = None,
    host: TokenHost | None = None,
) -> TokenSession:
    """Ask for the PIN once and log in. Call from a worker thread, never the GUI thread.

    ``pin_store`` (or the prompter's ``pin_store`` attribute): the OS keyring, when IT allows
    it; a PIN stored there for this token is used instead of asking, and deleted if wrong.

    ``host``: log in inside that token host (:mod:`kyso.core.tokens.token_host`) instead of
    this process; the PIN is decided here exactly as for an in-process login and sent over
    the host's pipe. The returned session is then a :class:`HostedSession`. A hosted login
    is the host's own: it never joins, and is never joined by, a login of this process.
    """
    import pkcs11.exceptions as p11

    info = token_info(module, key.serial)

    # Already logged in (a batch, a key check): share that login; nothing is asked or checked.
    joined = None if host is not None else module.run(_join_on_module_thread, module, key.serial)
    if joined is not None:
        return _shared(module, info, prompter, joined, purpose_vi, purpose_en)

    state = info.pin
    if state.locked:
        raise _locked_error(info)
    if not state.initialized:
        raise PinError(
            f"Token “{info.label}” chưa có mã PIN người dùng; liên hệ đơn vị cấp chứng thư.",
            f"Token “{info.label}” has no user PIN set; contact the issuing CA.",
            code="pin_not_initialized",
        )
    store = pin_store if pin_store is not None else getattr(prompter, "pin_store", None)
    pinpad = state.protected_path
    request = PinRequest(
        info,
        state,
        purpose_vi,
        purpose_en,
        can_remember=bool(store and store.allowed and not pinpad),
    )
    # A stored PIN is used only while the token reports no wrong tries: after a PIN change in
    # the vendor's tool it would otherwise spend the last try without the user seeing why.
    warned = state.count_low or state.final_try
    stored = store.get(key) if (store is not None and not pinpad and not warned) else None
    from_store = bool(stored)
    if pinpad:
        prompter.pinpad_started(request)
        pin: str | None = None  # typed on the reader's keypad
    elif stored:
        pin = stored
    else:
        pin = prompter.ask_pin(request)
        if pin is None:
            raise PinCancelled("Đã hủy nhập mã PIN.", "PIN entry cancelled.", code="pin_cancelled")
    del stored

    # The PIN lives in this list only for the one C_Login call, then is cleared.
    secret: list[Any] = [pin]
    del pin

    def work() -> tuple[TokenLogin, Any, bool]:
        token = find_token(module, key.serial)
        # Someone logged in while the PIN was being typed: share that login; this PIN was
        # never checked, so it is dropped (and never stored).
        shared = join(module, token, key.serial)
        if shared is not None:
            module.session_opened()
            return (*shared, True)
        if pinpad:
            with module.long_call():
                login_state, session = log_in(module, token, key.serial, None)
        else:
            login_state, session = log_in(module, token, key.serial, secret[0])
        # Counted here, on the module thread: a watcher poll queued behind this login must
        # already see the session, or it could re-initialize the module under it.
        module.session_opened()
        return login_state, session, False

    def in_host() -> tuple[TokenLogin | None, Any, bool]:
        from kyso.core.tokens.token_host import LOGIN_TIMEOUT_S, call_timeout_s

        assert host is not None
        host.call("open", timeout=call_timeout_s(LOGIN_TIMEOUT_S), module=module.path, serial=key.serial,
                  pin=secret[0])
        return None, None, False

    try:
        login_state, session, was_shared = in_host() if host is not None else module.run(work)
    except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange):
        if store is not None and from_store:
            store.forget(key)  # never tried again: three wrong PINs lock the token
            raise _wrong_pin(module, info, stored=True) from None
        raise _wrong_pin(module, info) from None
    except p11.PinLocked:
        raise _locked_error(info) from None
    except p11.GeneralError:
        if module.quirks.wrong_pin_may_be_general_error:
            if store is not None and from_store:
                store.forget(key)
            raise _wrong_pin(module, info, uncertain=True, stored=from_store) from None
        raise TokenError(
            f"Token “{info.label}” báo lỗi khi đăng nhập (CKR_GENERAL_ERROR). Rút token ra, cắm "
            "lại rồi thử lại.",
            f"Token “{info.label}” reported an error during login. Re-insert it and retry.",
            code="login_failed",
        ) from None
    except TokenError:
        raise
    except Exception as exc:
        if _is_removal(exc):
            raise removed_error(info.label) from None
        raise TokenError(
            f"Không đăng nhập được token “{info.label}” ({type(exc).__name__}).",
            f"Could not log in to token “{info.label}” ({type(exc).__name__}).",
            code="login_failed",
        ) from None
    else:
        # Only a PIN that C_Login itself just accepted reaches the keyring.
        if request.remember and store is not None and not from_store and not was_shared:
            store.put(key, secret[0])
    finally:
        secret.clear()
        if pinpad:
            prompter.pinpad_finished()
    if was_shared:
        _tell_already_logged_in(prompter, request)
    if host is not None:
        return HostedSession(module, info, host)
    return TokenSession(module, info, session, login_state, shared_login=was_shared)


def _join_on_module_thread(module: Pkcs11Module, serial: str) -> tuple[TokenLogin, Any] | None:
    state = module.logins.get(serial)
    if state is None:
        return None  # the common case: no session needed to know it
    joined = join(module, find_token(module, serial), serial)
    if joined is not None:
        module.session_opened()
    return joined


def _shared(
    module: Pkcs11Module,
    info: TokenInfo,
    prompter: PinPrompter,
    joined: tuple[TokenLogin, Any],
    purpose_vi: str,
    purpose_en: str,
) -> TokenSession:
    login_state, session = joined
    _tell_already_logged_in(prompter, PinRequest(info, info.pin, purpose_vi, purpose_en))
    log.info("token %s already logged in: login shared", info.serial)
    return TokenSession(module, info, session, login_state, shared_login=True)


def _tell_already_logged_in(prompter: PinPrompter, request: PinRequest) -> None:
    """Prompters may implement ``already_logged_in(request)`` to say "đã đăng nhập"."""
    tell = getattr(prompter, "already_logged_in", None)
    if callable(tell):
        try:
            tell(request)
        except Exception:
            log.exception("prompter.already_logged_in failed")


def _wrong_pin(
    module: Pkcs11Module, info: TokenInfo, *, uncertain: bool = False, stored: bool = False
) -> PinError:
    try:
        state = token_info(module, info.serial).pin
    except TokenError:
        state = info.pin
    if state.locked:
        return _locked_error(info)
    first = (
        "Có thể mã PIN không đúng (token này không báo rõ)." if uncertain else "Mã PIN không đúng."
    )
    first_en = "The PIN may be wrong (this token does not say)." if uncertain else "Wrong PIN."
    if stored:
        first = (
            "Mã PIN lưu trong kho khóa của hệ thống không còn đúng nên đã bị xóa (Kyso không "
            "thử lại)."
        )
        first_en = "The PIN kept in the system keyring is wrong and was deleted (not retried)."
    if state.final_try:
        vi = f"{first} Chỉ còn 1 lần thử: nhập sai lần nữa token sẽ bị khóa."
        en = f"{first_en} One try left: another wrong PIN locks the token."
    elif state.count_low:
        vi = f"{first} Token đã ghi nhận lần nhập sai; token VGCA bị khóa sau 3 lần sai liên tiếp."
        en = f"{first_en} The token counted the failure; a VGCA token locks after 3 wrong PINs."
    else:
        vi, en = first, first_en
    return PinError(
        vi + " Kiểm tra lại rồi thử lại.", en + " Check it and try again.", code="pin_incorrect"
    )
