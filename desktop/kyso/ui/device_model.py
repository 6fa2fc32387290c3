"""The device tree: module → token → certificates (CA certificates grouped apart), and
"Remote signing" → account → its credentials' certificates, with the same badges."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from kyso.core.tokens.modules import Pkcs11Module
from kyso.core.tokens.same_token import identity, merge_same_tokens
from kyso.core.tokens.slots import CertificateEntry, TokenKey, TokenSnapshot
from kyso.core.vntime import vn_date
from kyso.ui.widgets.names import readable_name

ROLE_KIND = Qt.ItemDataRole.UserRole + 1
ROLE_PAYLOAD = Qt.ItemDataRole.UserRole + 2
ROLE_TOKEN_KEY = Qt.ItemDataRole.UserRole + 3
ROLE_REMOTE = Qt.ItemDataRole.UserRole + 4
"""On a remote certificate row: (account name, credential id)."""

KIND_MODULE, KIND_TOKEN, KIND_CERT, KIND_CA_GROUP = "module", "token", "cert", "ca-group"
KIND_REMOTE_GROUP, KIND_REMOTE_ACCOUNT = "remote-group", "remote-account"
COL_NAME, COL_STATUS, COL_REFORM, COL_EXPIRES = 0, 1, 2, 3


class DeviceModel(QStandardItemModel):
    """Kept in step with the watcher's events (always on the GUI thread)."""

    def __init__(self, language: str = "vi") -> None:
        super().__init__()
        self.language = language
        """Language of the texts that come from core (module errors, trust reasons)."""
        self._modules: dict[str, QStandardItem] = {}
        self._tokens: dict[TokenKey, QStandardItem] = {}
        self._hidden: dict[TokenKey, tuple[Pkcs11Module, TokenSnapshot]] = {}
        """The same token seen through another module than the one shown (one token, one
        entry: :mod:`kyso.core.tokens.same_token`); shown again if the shown one goes."""
        self._certs: dict[str, list[QStandardItem]] = {}
        self.checks: dict[str, Any] = {}
        """sha256 → the latest CertificateCheck (trust + two-tier) of that certificate."""
        self._remote_group: QStandardItem | None = None
        self._remote_states: list[Any] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                self.tr("Device / certificate"),
                self.tr("Status / trust"),
                self.tr("Two-tier model"),
                self.tr("Expires"),
            ]
        )
        for item in getattr(self, "_modules", {}).values():
            self._paint_module_status(item)
        for item in getattr(self, "_tokens", {}).values():
            snap = item.data(ROLE_PAYLOAD)
            parent = item.parent() or self.invisibleRootItem()
            self._paint_pin(parent.child(item.row(), COL_STATUS), snap)
            for row in range(item.rowCount()):
                child = item.child(row, 0)
                if child is not None and child.data(ROLE_KIND) == KIND_CA_GROUP:
                    child.setText(self.tr("CA certificates (not for signing)"))
        for sha256, check in getattr(self, "checks", {}).items():
            for name in self._certs.get(sha256, []):
                self._paint_check(name, check)
        if getattr(self, "_remote_group", None) is not None:
            self.set_remote(self._remote_states)

    def set_language(self, code: str) -> None:
        self.language = "en" if code == "en" else "vi"
        self.retranslate()

    # -- modules -------------------------------------------------------------------------
    def set_modules(self, modules: list[Pkcs11Module]) -> None:
        for m in modules:
            self._module_item(m)

    def _module_item(self, module: Pkcs11Module) -> QStandardItem:
        item = self._modules.get(module.path)
        if item is None:
            item = QStandardItem(f"{module.vendor} — {Path(module.path).name}")
            item.setEditable(False)
            item.setData(KIND_MODULE, ROLE_KIND)
            item.setData(module, ROLE_PAYLOAD)
            item.setToolTip(module.path)
            status = _blank()
            self.appendRow([item, status, _blank(), _blank()])
            self._modules[module.path] = item
            self._paint_module_status(item)
        return item

    def _paint_module_status(self, item: QStandardItem) -> None:
        module: Pkcs11Module = item.data(ROLE_PAYLOAD)
        status = self.invisibleRootItem().child(item.row(), COL_STATUS)
        if status is None:
            return
        if module.loaded:
            status.setText(self.tr("Loaded"))
            return
        status.setText(self.tr("Failed to load"))
        status.setForeground(QBrush(QColor("#b00020")))
        status.setToolTip(module.error.message(self.language) if module.error else "")

    # -- tokens --------------------------------------------------------------------------
    def token_added(self, module: Pkcs11Module, snap: TokenSnapshot) -> QStandardItem:
        self.token_removed(snap.key)
        twin = self._twin_of(snap)
        if twin is not None:
            shown = twin.data(ROLE_PAYLOAD)
            kept = merge_same_tokens([shown, snap])[0]
            if kept is shown:  # the module shown already is the better one
                self._hidden[snap.key] = (module, snap)
                self._note_also_via(twin)
                return twin
            shown_module = self._module_of(shown)
            self.token_removed(shown.key)
            if shown_module is not None:
                self._hidden[shown.key] = (shown_module, shown)
            item = self._add_row(module, snap)
            self._note_also_via(item)
            return item
        return self._add_row(module, snap)

    def _twin_of(self, snap: TokenSnapshot) -> QStandardItem | None:
        wanted = identity(snap)
        if not snap.info.serial.strip():
            return None
        for item in self._tokens.values():
            if identity(item.data(ROLE_PAYLOAD)) == wanted:
                return item
        return None

    def _module_of(self, snap: TokenSnapshot) -> Pkcs11Module | None:
        item = self._modules.get(snap.info.module_path)
        module = item.data(ROLE_PAYLOAD) if item is not None else None
        return module if isinstance(module, Pkcs11Module) else None

    def _note_also_via(self, item: QStandardItem) -> None:
        shown = item.data(ROLE_PAYLOAD)
        others = [k.module_path for k, (_, s) in self._hidden.items()
                  if identity(s) == identity(shown)]
        item.setToolTip(
            self.tr("Also seen through: %1").replace("%1", ", ".join(others)) if others else ""
        )

    def _add_row(self, module: Pkcs11Module, snap: TokenSnapshot) -> QStandardItem:
        parent = self._module_item(module)
        demo = " [DEMO]" if snap.info.is_demo else ""
        item = QStandardItem(f"{snap.info.label}{demo}")
        item.setEditable(False)
        item.setData(KIND_TOKEN, ROLE_KIND)
        item.setData(snap, ROLE_PAYLOAD)
        item.setData(snap.key, ROLE_TOKEN_KEY)
        status = _blank()
        self._paint_pin(status, snap)
        parent.appendRow([item, status, _blank(), _blank()])
        for cert in snap.user_certificates():
            item.appendRow(self._cert_row(cert, snap))
        cas = snap.ca_certificates()
        if cas:
            group = QStandardItem(self.tr("CA certificates (not for signing)"))
            group.setEditable(False)
            group.setData(KIND_CA_GROUP, ROLE_KIND)
            group.setForeground(QBrush(QColor("#666666")))
            for cert in cas:
                group.appendRow(self._cert_row(cert, snap))
            item.appendRow([group, _blank(), _blank(), _blank()])
        self._tokens[snap.key] = item
        for cert in snap.user_certificates():
            if cert.details is not None and cert.details.sha256 in self.checks:
                self.set_check(cert.details.sha256, self.checks[cert.details.sha256])
        return item

    def token_changed(self, snap: TokenSnapshot) -> None:
        item = self._tokens.get(snap.key)
        if item is None:
            return
        item.setData(snap, ROLE_PAYLOAD)
        parent = item.parent() or self.invisibleRootItem()
        self._paint_pin(parent.child(item.row(), COL_STATUS), snap)

    def _paint_pin(self, status: QStandardItem | None, snap: TokenSnapshot) -> None:
        """The PIN state in words, red when one more wrong PIN locks the token or it is locked."""
        if status is None:
            return
        status.setText(self._pin_text(snap))
        if snap.info.pin.locked or snap.info.pin.final_try:
            status.setForeground(QBrush(QColor("#b00020")))
        else:
            status.setData(None, Qt.ItemDataRole.ForegroundRole)

    def token_removed(self, key: TokenKey) -> None:
        if self._hidden.pop(key, None) is not None:
            for item in self._tokens.values():
                self._note_also_via(item)
            return
        item = self._tokens.pop(key, None)
        if item is None:
            return
        gone = item.data(ROLE_PAYLOAD)
        parent = item.parent() or self.invisibleRootItem()
        self._forget_certs(item)
        parent.removeRow(item.row())
        for other_key, (module, snap) in list(self._hidden.items()):
            if identity(snap) == identity(gone):  # the same token still answers elsewhere
                del self._hidden[other_key]
                self.token_added(module, snap)
                break

    def _forget_certs(self, item: QStandardItem) -> None:
        for row in range(item.rowCount()):
            child = item.child(row, COL_NAME)
            self._forget_certs(child)
            for items in self._certs.values():
                if child in items:
                    items.remove(child)

    def set_check(self, sha256: str, check: Any) -> None:
        """Show a certificate's verdicts (text and colour, never colour alone)."""
        self.checks[sha256] = check
        for name in self._certs.get(sha256, []):
            self._paint_check(name, check)

    def _paint_check(self, name: QStandardItem, check: Any) -> None:
        parent = name.parent() or self.invisibleRootItem()
        row = name.row()
        if check.trust is not None:
            text, colour = self.trust_badge(check.trust.status)
            item = parent.child(row, COL_STATUS)
            item.setText(text)
            item.setForeground(QBrush(QColor(colour)))
            item.setToolTip("\n".join(r.message(self.language) for r in check.trust.reasons))
        text, colour = self.reform_badge(check.reform.status)
        item = parent.child(row, COL_REFORM)
        item.setText(text)
        item.setForeground(QBrush(QColor(colour)))

    def trust_badge(self, status: str) -> tuple[str, str]:
        return {
            "ok": ("✔ " + self.tr("Trusted"), "#1b5e20"),
            "warning": ("⚠ " + self.tr("Warning"), "#8a6d00"),
            "failed": ("✖ " + self.tr("Failed"), "#b00020"),
        }.get(status, (status, "#000000"))

    def reform_badge(self, status: str) -> tuple[str, str]:
        return {
            "current": ("✔ " + self.tr("New model"), "#1b5e20"),
            "needs_change": ("✎ " + self.tr("Needs change"), "#8a6d00"),
            "unit_abolished": ("✖ " + self.tr("Unit abolished"), "#b00020"),
            "unknown": ("? " + self.tr("Unknown"), "#555555"),
        }.get(status, (status, "#000000"))

    def token_item(self, key: TokenKey) -> QStandardItem | None:
        return self._tokens.get(key)

    def token_count(self) -> int:
        return len(self._tokens)

    def _cert_row(self, cert: CertificateEntry, snap: TokenSnapshot) -> list[QStandardItem]:
        if cert.details is None:
            name = QStandardItem(self.tr("Unreadable certificate “%1”").replace("%1", cert.label))
            name.setForeground(QBrush(QColor("#b00020")))
            name.setToolTip(cert.error or "")
            expires = _blank()
        else:
            name = QStandardItem(cert.details.common_name)
            name.setToolTip(readable_name(cert.details.subject, self.language, "\n"))
            expires = QStandardItem(vn_date(cert.details.not_after))
            expires.setEditable(False)
            if cert.details.not_after < dt.datetime.now(dt.timezone.utc):
                expires.setForeground(QBrush(QColor("#b00020")))
        name.setEditable(False)
        name.setData(KIND_CERT, ROLE_KIND)
        name.setData(cert, ROLE_PAYLOAD)
        name.setData(snap.key, ROLE_TOKEN_KEY)
        if cert.details is not None and not cert.is_ca:
            self._certs.setdefault(cert.details.sha256, []).append(name)
        return [name, _blank(), _blank(), expires]

    # -- remote signing accounts -----------------------------------------------------------
    def set_remote(self, states: list[Any]) -> None:
        """Show the remote signing accounts (:class:`kyso.ui.remote.accounts.AccountState`)
        under one "Remote signing" row: account → its credentials' certificates."""
        self._remote_states = list(states)
        if self._remote_group is not None:
            self._forget_certs(self._remote_group)
            self.removeRow(self._remote_group.row())
            self._remote_group = None
        if not states:
            return
        group = QStandardItem(self.tr("Remote signing"))
        group.setEditable(False)
        group.setData(KIND_REMOTE_GROUP, ROLE_KIND)
        self.appendRow([group, _blank(), _blank(), _blank()])
        self._remote_group = group
        for state in states:
            account = state.account
            name = QStandardItem(
                f"{account.name} — {_provider_name(account.provider)}"
                + (" " + self.tr("(set by IT)") if account.preset else "")
            )
            name.setEditable(False)
            name.setData(KIND_REMOTE_ACCOUNT, ROLE_KIND)
            name.setData(state, ROLE_PAYLOAD)
            name.setToolTip(account.url)
            status = _blank()
            if not state.listed:
                status.setText(self.tr("Reading…"))
            elif state.error is not None:
                status.setText(self.tr("Log in needed") if state.needs_login
                               else self.tr("Not reachable"))
                status.setForeground(QBrush(QColor("#8a6d00" if state.needs_login
                                                   else "#b00020")))
                status.setToolTip(state.error.message(self.language))
            else:
                status.setText(self.tr("Logged in"))
            group.appendRow([name, status, _blank(), _blank()])
            for cred in state.credentials:
                name.appendRow(self._remote_cert_row(cred))
        for sha256, check in self.checks.items():
            for item in self._certs.get(sha256, []):
                self._paint_check(item, check)

    def _remote_cert_row(self, cred: Any) -> list[QStandardItem]:
        entry = cred.entry
        details = entry.details
        name = QStandardItem(details.common_name or details.subject)
        name.setToolTip(readable_name(details.subject, self.language, "\n"))
        name.setEditable(False)
        name.setData(KIND_CERT, ROLE_KIND)
        name.setData(entry, ROLE_PAYLOAD)
        name.setData((cred.account.name, cred.credential.id), ROLE_REMOTE)
        expires = QStandardItem(vn_date(details.not_after))
        expires.setEditable(False)
        if details.not_after < dt.datetime.now(dt.timezone.utc):
            expires.setForeground(QBrush(QColor("#b00020")))
        self._certs.setdefault(details.sha256, []).append(name)
        return [name, _blank(), _blank(), expires]

    def remote_group(self) -> QStandardItem | None:
        return self._remote_group

    def remote_count(self) -> int:
        return len(self._remote_states)

    def _pin_text(self, snap: TokenSnapshot) -> str:
        pin = snap.info.pin
        if pin.locked:
            return self.tr("PIN locked")
        if pin.final_try:
            return self.tr("PIN: final try")
        if pin.count_low:
            return self.tr("PIN: wrong tries")
        return self.tr("PIN OK")




def _provider_name(provider: str) -> str:
    from kyso.ui.remote.accounts import PROVIDER_NAMES

    return PROVIDER_NAMES.get(provider, provider)


def _blank() -> QStandardItem:
    item = QStandardItem("")
    item.setEditable(False)
    return item


def payload(index: Any) -> tuple[str | None, Any]:
    if not index.isValid():
        return None, None
    index = index.siblingAtColumn(COL_NAME)
    return index.data(ROLE_KIND), index.data(ROLE_PAYLOAD)
