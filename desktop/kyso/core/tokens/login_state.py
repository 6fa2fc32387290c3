"""One login state per token, owned by the module's thread.

PKCS#11 login state belongs to the token and the application, not to a session: once one
session has logged in, every session of the process on that token is logged in, and one
C_Logout logs them all out. So Kyso keeps, per token, one :class:`TokenLogin`: an *anchor*
session that did the C_Login (and only that), and a count of users. Each user (a GUI key
check, a signing batch) gets its own session, opened after the login; closing it never logs
out. The anchor logs out and closes when the last user is done.

Everything here runs on the module's thread (``module.run``), which is what makes the
check-then-act steps (is the token logged in? then join) atomic without a lock.
C_Login/C_Logout go through :mod:`kyso.core.tokens.cryptoki` on the anchor's handle: a
failed C_Login then closes its own session (python-pkcs11 leaves it open) and closing a
user's session never calls C_Logout (python-pkcs11 does, on the session that logged in).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from kyso.core.tokens.cryptoki import (
    CKR_OK,
    CKR_USER_ALREADY_LOGGED_IN,
    CKS_RO_USER_FUNCTIONS,
    CKS_RW_USER_FUNCTIONS,
    Cryptoki,
)
from kyso.core.tokens.modules import Pkcs11Module

log = logging.getLogger(__name__)


@dataclass(eq=False)
class TokenLogin:
    """A token's login: the anchor session and how many users share it. Module thread."""

    module: Pkcs11Module
    serial: str
    anchor: Any
    """The python-pkcs11 session (opened without a PIN) on which C_Login succeeded."""
    users: int = 0
    closed: bool = False
    stale: bool = False
    """Found no longer logged in (token pulled, re-initialized): its handles are not touched
    again, since a new session may have been given the same number."""

    def alive(self) -> bool:
        """The anchor is still a logged-in session (not after a pull, a re-init, a logout)."""
        if self.closed:
            return False
        try:
            state = cryptoki_for(self.module).session_state(int(self.anchor.handle))
        except Exception:
            return False
        return state in (CKS_RO_USER_FUNCTIONS, CKS_RW_USER_FUNCTIONS)

    def end(self) -> None:
        """Log out and close the anchor (errors ignored: the token may be gone)."""
        if self.closed:
            return
        self.closed = True
        if self.module.logins.get(self.serial) is self:
            del self.module.logins[self.serial]
        if self.stale:
            return
        try:
            cryptoki_for(self.module).logout(int(self.anchor.handle))
        except Exception as exc:
            log.debug("logout: %r", exc)
        _close(self.anchor)


def cryptoki_for(module: Pkcs11Module) -> Cryptoki:
    """The module's raw function table (same loaded image as python-pkcs11's). Module thread."""
    assert module.on_module_thread()
    if module.cryptoki is None:
        raw = Cryptoki(module.path)
        raw.get_function_list()
        module.cryptoki = raw
    return module.cryptoki


def _close(session: Any) -> None:
    try:
        session.close()  # opened without a PIN: C_CloseSession only, never C_Logout
    except Exception as exc:
        log.debug("closing session: %r", exc)


def join(module: Pkcs11Module, token: Any, serial: str) -> tuple[TokenLogin, Any] | None:
    """If this token is logged in, a new user session sharing that login. Module thread."""
    state = module.logins.get(serial)
    if state is None:
        return None
    if not state.alive():
        # Pulled and re-inserted, re-initialized, or logged out under us: start afresh. Its
        # users find out on their next call (the watcher drops them when it sees the pull).
        module.logins.pop(serial, None)
        state.stale = True
        return None
    session = token.open(rw=True)
    state.users += 1
    return state, session


def log_in(
    module: Pkcs11Module, token: Any, serial: str, pin: str | None
) -> tuple[TokenLogin, Any]:
    """C_Login with ``pin`` (None: the reader's keypad) on a new anchor; then a user session.

    Raises the python-pkcs11 exception for the C_Login error, after closing the anchor.
    Module thread.
    """
    import pkcs11.exceptions as p11

    raw = cryptoki_for(module)
    anchor = token.open(rw=True)
    secret = pin.encode("utf-8") if pin is not None else None
    try:
        rv = raw.login(int(anchor.handle), secret)
        if rv == CKR_USER_ALREADY_LOGGED_IN:
            # Logged in outside this bookkeeping (it tracks every login Kyso makes, so this
            # is a leftover): log that out and check this PIN itself; never share unchecked.
            raw.logout(int(anchor.handle))
            rv = raw.login(int(anchor.handle), secret)
        if rv != CKR_OK:
            raise _error_for(rv, p11)
        state = TokenLogin(module, serial, anchor)
        session = token.open(rw=True)
    except BaseException:
        try:
            raw.logout(int(anchor.handle))
        except Exception:
            pass
        _close(anchor)  # a failed login closes its session
        raise
    finally:
        secret = None
    state.users = 1
    module.logins[serial] = state
    return state, session


def leave(state: TokenLogin, session: Any) -> None:
    """A user is done: close its session; the last one logs the token out. Module thread."""
    if not state.stale:
        _close(session)
    state.users = max(0, state.users - 1)
    if state.users == 0:
        state.end()


def _error_for(rv: int, p11: Any) -> Exception:
    by_rv = {
        0x05: p11.GeneralError,
        0x30: p11.DeviceError,
        0x32: p11.DeviceRemoved,
        0xA0: p11.PinIncorrect,
        0xA1: p11.PinInvalid,
        0xA2: p11.PinLenRange,
        0xA3: p11.PinExpired,
        0xA4: p11.PinLocked,
        0xB0: p11.SessionClosed,
        0xB3: p11.SessionHandleInvalid,
        0xE0: p11.TokenNotPresent,
        0xE1: p11.TokenNotRecognised,
        0x100: p11.UserAlreadyLoggedIn,
        0x102: p11.UserPinNotInitialized,
        0x104: p11.AnotherUserAlreadyLoggedIn,
    }
    return by_rv.get(rv, p11.PKCS11Error)(f"C_Login returned 0x{rv:08X}")
