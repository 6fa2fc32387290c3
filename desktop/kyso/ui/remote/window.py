"""The main window's remote signing part: accounts in the device tree (with the same trust
and two-tier badges as tokens), the account dialog, logging in, adding an account's
certificates to the inventory, and the requests a crash left waiting on the phone."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot

from kyso.core.checkup.certificate import check_certificate_full
from kyso.core.remote.accounts import Account
from kyso.core.remote.pending import PendingJournal
from kyso.ui import workers
from kyso.ui.device_model import (
    KIND_CERT,
    KIND_REMOTE_ACCOUNT,
    ROLE_PAYLOAD,
    ROLE_REMOTE,
    payload,
)
from kyso.ui.remote.account_dialog import AccountDialog
from kyso.ui.remote.accounts import PROVIDER_NAMES, AccountState, RemoteAccounts
from kyso.ui.remote.waiting import GuiRemotePrompter

log = logging.getLogger(__name__)


class RemoteAccountsMixin:
    """Part of :class:`kyso.ui.main_window.MainWindow`: remote signing accounts."""

    def _start_remote(self, env: Any) -> None:
        timeout = max(10.0, env.settings.values.revocation_timeout_s * 6)
        self.remote = RemoteAccounts(env.paths.config_dir, timeout=timeout, parent=self)
        self.remote.changed.connect(self._remote_changed)
        self.remote.failed.connect(self.show_error)
        self.act_remote_accounts.setEnabled(True)
        self.tree.doubleClicked.connect(self._remote_double_clicked)
        for item in PendingJournal(env.paths.data_dir).abandoned():
            self.show_error(item.notice())
        self.remote.refresh()

    @Slot()
    def _remote_changed(self) -> None:
        if self.remote is None:
            return
        states = list(self.remote.states.values())
        current = self.tree.currentIndex()
        kept = self._remote_key(current)
        self.model.set_remote(states)
        group = self.model.remote_group()
        if group is not None:
            self.tree.expand(group.index())
            for row in range(group.rowCount()):
                self.tree.expand(group.child(row, 0).index())
            if kept is not None:
                self._select_remote(kept)
        self._update_stack()
        self._check_remote()
        self.on_current_changed(self.tree.currentIndex(), QModelIndex())
        self.sign_page.tokens_changed()

    def _remote_key(self, index: QModelIndex) -> tuple[str, str] | None:
        if not index.isValid():
            return None
        index = index.siblingAtColumn(0)
        kind, data = payload(index)
        if kind == KIND_REMOTE_ACCOUNT:
            return (data.account.name, "")
        remote = index.data(ROLE_REMOTE)
        return tuple(remote) if remote else None  # type: ignore[return-value]

    def _select_remote(self, key: tuple[str, str]) -> None:
        group = self.model.remote_group()
        for row in range(group.rowCount() if group is not None else 0):
            account = group.child(row, 0)
            if account.data(ROLE_PAYLOAD).account.name != key[0]:
                continue
            if not key[1]:
                self.tree.setCurrentIndex(account.index())
                return
            for r in range(account.rowCount()):
                cert = account.child(r, 0)
                if cert.data(ROLE_REMOTE) == key:
                    self.tree.setCurrentIndex(cert.index())
                    return

    def _check_remote(self, again: bool = False) -> None:
        """Trust and two-tier checks of the remote certificates not checked yet (all of them
        again when the anchors changed); the chain the service gave helps build the path."""
        if self.remote is None or self.checker is None:
            return
        checker = self.checker
        todo = [c for c in self.remote.credentials()
                if again or c.sha256 not in self.model.checks]
        if not todo:
            return

        def work() -> list[tuple[str, Any]]:
            return [
                (c.sha256, check_certificate_full(c.credential.certificate, checker,
                                                  extra_certs=c.credential.chain))
                for c in todo
            ]

        workers.start(work, on_done=self._checks_done, on_error=self.show_error)

    # -- the account dialog and logging in ---------------------------------------------------
    def open_account_dialog(self, account: Account | None = None) -> AccountDialog | None:
        """Add an account, or edit the one given (or selected in the tree)."""
        if self.remote is None:
            return None
        if account is None:
            state = self.selected_remote_account()
            account = state.account if state is not None else None
        dialog = AccountDialog(self.remote, account, self, language=self.language)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._account_saved)
        dialog.destroyed.connect(lambda *_: setattr(self, "account_dialog", None))
        self.account_dialog = dialog
        dialog.open()
        return dialog

    @Slot(str)
    def _account_saved(self, name: str) -> None:
        if name:
            self.statusBar().showMessage(
                self.tr("Remote signing account saved: %1").replace("%1", name), 8000)

    def _remote_double_clicked(self, index: QModelIndex) -> None:
        kind, data = payload(index)
        if kind == KIND_REMOTE_ACCOUNT:
            self.open_account_dialog(data.account)

    def selected_remote_account(self) -> AccountState | None:
        index = self.tree.currentIndex()
        key = self._remote_key(index)
        if key is None or self.remote is None:
            return None
        return self.remote.states.get(key[0])

    def login_selected_remote(self) -> bool:
        """The toolbar's "Log in" on a remote account or certificate (True: handled)."""
        state = self.selected_remote_account()
        if state is None or self.remote is None:
            return False
        prompter = GuiRemotePrompter(self)
        self.remote_prompter = prompter

        def done(new: AccountState) -> None:
            self.statusBar().showMessage(
                self.tr("Logged in to “%1”: %2 certificate(s).")
                .replace("%1", new.account.name).replace("%2", str(len(new.credentials))),
                8000,
            )

        self.remote.login(state.account.name, prompter, on_done=done)
        return True

    def add_remote_to_inventory(self) -> bool:
        """"Add to inventory" on a remote account (all its certificates) or one of them."""
        if self.inventory_page is None or self.remote is None:
            return False
        index = self.tree.currentIndex()
        key = self._remote_key(index)
        if key is None:
            return False
        state = self.remote.states.get(key[0])
        if state is None:
            return True
        kind, _ = payload(index)
        creds = state.credentials if kind != KIND_CERT else [
            c for c in state.credentials if c.credential.id == key[1]]
        self.inventory_page.add_from_remote(state.account.name, creds, self.model.checks)
        return True

    def remote_account_rows(self, state: AccountState) -> tuple[str, list[tuple[str, str]]]:
        """The details panel for a remote signing account: (title, rows)."""
        account = state.account
        provider = PROVIDER_NAMES.get(account.provider, account.provider)
        rows = [
            (self.tr("Service"), provider),
            (self.tr("Service address"), account.url),
        ]
        if account.user:
            rows.append((self.tr("User"), account.user))
        if account.client_id:
            rows.append((self.tr("Client ID"), account.client_id))
        if account.preset:
            rows.append((self.tr("Set by"), self.tr("IT, for this computer")))
        if state.error is not None:
            rows.append((self.tr("Status"), state.error.message(self.language)))
        elif state.listed:
            rows.append((self.tr("Status"), self.tr("Logged in")))
            rows.append((self.tr("Certificates"), str(len(state.credentials))))
        rows.append(("", self.tr("Double-click the account to edit it; “Log in to check keys” "
                                 "logs in again.")))
        return f"{account.name} — {provider}", rows
