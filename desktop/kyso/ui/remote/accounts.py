"""The GUI's view of the remote signing accounts: which accounts exist, their credentials.

:class:`RemoteAccounts` reads the same account store as ``kyso remote`` (the user's file plus
IT's presets) and lists every account's credentials in a worker, never asking anything: an
account without a working session is shown with the reason ("log in again"). Logging in goes
through :class:`kyso.core.remote.session.TokenSession` exactly as ``kyso remote login`` does
(the password asked through a prompter, the tokens kept by
:class:`kyso.core.remote.accounts.SecretStore` in the OS keyring or, without one, in memory).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from kyso.core.certs.details import details_of
from kyso.core.errors import KysoError
from kyso.core.remote.accounts import Account, AccountStore, SecretStore, account_store
from kyso.core.remote.factory import provider_for
from kyso.core.remote.provider import Credential, RemotePrompter
from kyso.core.settings import machine_settings_file
from kyso.core.tokens.slots import CertificateEntry
from kyso.ui import workers

log = logging.getLogger(__name__)

PROVIDER_NAMES = {
    "csc": "CSC",
    "vgca-rssp": "Ban Cơ yếu RSSP",
    "vnpt-smartca": "VNPT SmartCA",
    "viettel-mysign": "Viettel MySign",
}


def entry_of(credential: Credential) -> CertificateEntry:
    """A credential's certificate as the device view and the Sign page show a token's (the
    key is in the service, so it is there)."""
    der = credential.certificate.public_bytes(serialization.Encoding.DER)
    return CertificateEntry(credential.description or credential.id, b"", der,
                            details_of(credential.certificate, der), True)


@dataclass
class RemoteCredentialState:
    account: Account
    credential: Credential
    entry: CertificateEntry

    @property
    def sha256(self) -> str:
        assert self.entry.details is not None
        return self.entry.details.sha256


@dataclass
class AccountState:
    """One account and what listing it gave: credentials, or the reason there are none."""

    account: Account
    credentials: list[RemoteCredentialState] = field(default_factory=list)
    error: KysoError | None = None
    listed: bool = False
    """False until the first listing has come back."""

    @property
    def needs_login(self) -> bool:
        return self.error is not None and self.error.code == "remote_login_needed"


def list_account(account: Account, timeout: float) -> AccountState:
    """Worker thread: the account's credentials, or the error in words (asks nothing)."""
    try:
        creds = provider_for(account, timeout=timeout).credentials()
    except KysoError as exc:
        return AccountState(account, [], exc, True)
    return AccountState(account, [RemoteCredentialState(account, c, entry_of(c)) for c in creds],
                        None, True)


def log_in(account: Account, prompter: RemotePrompter, timeout: float) -> AccountState:
    """Worker thread: ``kyso remote login`` — a new session (password through ``prompter``),
    then the credentials."""
    provider = provider_for(account, timeout=timeout)
    provider.session.login(prompter, force=True)  # type: ignore[attr-defined]
    creds = provider.credentials()
    return AccountState(account, [RemoteCredentialState(account, c, entry_of(c)) for c in creds],
                        None, True)


class RemoteAccounts(QObject):
    """The accounts and their latest listing, kept on the GUI thread."""

    changed = Signal()
    """The account list or a listing changed (GUI thread)."""
    failed = Signal(object)
    """A login or a change of the accounts failed (the :class:`KysoError`)."""
    logged_in = Signal(object)
    """The :class:`AccountState` of an account just logged in."""

    def __init__(self, config_dir: Path, machine_file: Path | None = None, *,
                 timeout: float = 15.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config_dir = Path(config_dir)
        self.machine_file = machine_file if machine_file is not None else machine_settings_file()
        self.timeout = timeout
        self.states: dict[str, AccountState] = {}
        self._serial = 0
        self._latest: dict[str, int] = {}
        """Per account, the last listing or login started: an older answer arriving later
        (a listing begun before a login ended) is dropped."""

    def store(self) -> AccountStore:
        return account_store(self.config_dir, self.machine_file)

    def accounts(self) -> list[Account]:
        try:
            return self.store().all()
        except KysoError as exc:
            self.failed.emit(exc)
            return []

    def credentials(self) -> list[RemoteCredentialState]:
        """Every listed credential of every account (for the Sign page)."""
        return [c for s in self.states.values() for c in s.credentials]

    def find(self, account: str, credential_id: str) -> RemoteCredentialState | None:
        state = self.states.get(account)
        for c in state.credentials if state else []:
            if c.credential.id == credential_id:
                return c
        return None

    # -- listing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the accounts (now) and list their credentials (in workers)."""
        accounts = self.accounts()
        names = {a.name for a in accounts}
        for name in list(self.states):
            if name not in names:
                del self.states[name]
        for account in accounts:
            old = self.states.get(account.name)
            if old is None or old.account != account:
                self.states[account.name] = AccountState(account)
            self._list(account)
        self.changed.emit()

    def _next(self, name: str) -> int:
        self._serial += 1
        self._latest[name] = self._serial
        return self._serial

    def _list(self, account: Account) -> None:
        serial = self._next(account.name)
        workers.start(list_account, account, self.timeout,
                      on_done=lambda state: self._listed(state, serial),
                      on_error=lambda err: log.warning("listing %s: %s", account.name, err))

    def _listed(self, state: AccountState, serial: int) -> None:
        if not isValid(self):
            return  # the window closed while the service answered
        current = self.states.get(state.account.name)
        if current is None or current.account != state.account:
            return  # removed or changed meanwhile
        if self._latest.get(state.account.name) != serial:
            return  # a later listing or login answers instead
        self.states[state.account.name] = state
        self.changed.emit()

    # -- changes ---------------------------------------------------------------------------
    def add(self, account: Account) -> None:
        """Raises :class:`KysoError` (a bad name, URL, or a name taken)."""
        self.store().add(account)
        self.refresh()

    def replace(self, old_name: str, account: Account) -> None:
        """Edit a user account: the new settings replace the old; a session of the old one is
        dropped when where or who it logs in changed."""
        store = self.store()
        old = store.get(old_name)
        store.replace(old_name, account)
        if (old.name, old.provider, old.url, old.user, old.client_id) != (
            account.name, account.provider, account.url, account.user, account.client_id
        ):
            SecretStore().forget_account(old.name)
        self.refresh()

    def remove(self, name: str) -> None:
        self.store().remove(name)  # forgets its secrets too
        self.refresh()

    def login(self, name: str, prompter: RemotePrompter,
              on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[Any], None] | None = None) -> None:
        """Log in (worker); ``on_error`` gets the failure, else :attr:`failed` does."""
        try:
            account = self.store().get(name)
        except KysoError as exc:
            (on_error or self.failed.emit)(exc)
            return

        serial = self._next(name)

        def done(state: AccountState) -> None:
            if not isValid(self):
                return
            if self._latest.get(name) == serial:
                self.states[name] = state
            self.changed.emit()
            self.logged_in.emit(state)
            if on_done is not None:
                on_done(state)

        def failed(err: object) -> None:
            if not isValid(self):
                return
            if self._latest.get(name) == serial:
                self._list(account)  # shows why (e.g. "log in needed") instead of "reading"
            (on_error or self.failed.emit)(err)

        workers.start(log_in, account, prompter, self.timeout, on_done=done, on_error=failed)
