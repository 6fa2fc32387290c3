"""The device tree: module → token → certificates (CA certificates grouped apart)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from kyso.core.modules import Pkcs11Module
from kyso.core.tokens import CertificateEntry, TokenKey, TokenSnapshot

ROLE_KIND = Qt.ItemDataRole.UserRole + 1
ROLE_PAYLOAD = Qt.ItemDataRole.UserRole + 2
ROLE_TOKEN_KEY = Qt.ItemDataRole.UserRole + 3

KIND_MODULE, KIND_TOKEN, KIND_CERT, KIND_CA_GROUP = "module", "token", "cert", "ca-group"
COL_NAME, COL_STATUS, COL_EXPIRES = 0, 1, 2


class DeviceModel(QStandardItemModel):
    """Kept in step with the watcher's events (always on the GUI thread)."""

    def __init__(self) -> None:
        super().__init__()
        self._modules: dict[str, QStandardItem] = {}
        self._tokens: dict[TokenKey, QStandardItem] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [self.tr("Device / certificate"), self.tr("Status"), self.tr("Expires")]
        )

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
            status = QStandardItem(
                self.tr("Loaded") if module.loaded else self.tr("Failed to load")
            )
            status.setEditable(False)
            if not module.loaded:
                status.setForeground(QBrush(QColor("#b00020")))
                status.setToolTip(module.error.vi if module.error else "")
            self.appendRow([item, status, _blank()])
            self._modules[module.path] = item
        return item

    # -- tokens --------------------------------------------------------------------------
    def token_added(self, module: Pkcs11Module, snap: TokenSnapshot) -> QStandardItem:
        self.token_removed(snap.key)
        parent = self._module_item(module)
        demo = " [DEMO]" if snap.info.is_demo else ""
        item = QStandardItem(f"{snap.info.label}{demo}")
        item.setEditable(False)
        item.setData(KIND_TOKEN, ROLE_KIND)
        item.setData(snap, ROLE_PAYLOAD)
        item.setData(snap.key, ROLE_TOKEN_KEY)
        status = QStandardItem(self._pin_text(snap))
        status.setEditable(False)
        if snap.info.pin.locked or snap.info.pin.final_try:
            status.setForeground(QBrush(QColor("#b00020")))
        parent.appendRow([item, status, _blank()])
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
            item.appendRow([group, _blank(), _blank()])
        self._tokens[snap.key] = item
        return item

    def token_changed(self, snap: TokenSnapshot) -> None:
        item = self._tokens.get(snap.key)
        if item is None:
            return
        item.setData(snap, ROLE_PAYLOAD)
        parent = item.parent() or self.invisibleRootItem()
        parent.child(item.row(), COL_STATUS).setText(self._pin_text(snap))

    def token_removed(self, key: TokenKey) -> None:
        item = self._tokens.pop(key, None)
        if item is None:
            return
        parent = item.parent() or self.invisibleRootItem()
        parent.removeRow(item.row())

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
            name.setToolTip(cert.details.subject)
            expires = QStandardItem(cert.details.not_after.astimezone(_VN).strftime("%d/%m/%Y"))
            expires.setEditable(False)
            if cert.details.not_after < dt.datetime.now(dt.timezone.utc):
                expires.setForeground(QBrush(QColor("#b00020")))
        name.setEditable(False)
        name.setData(KIND_CERT, ROLE_KIND)
        name.setData(cert, ROLE_PAYLOAD)
        name.setData(snap.key, ROLE_TOKEN_KEY)
        return [name, _blank(), expires]

    def _pin_text(self, snap: TokenSnapshot) -> str:
        pin = snap.info.pin
        if pin.locked:
            return self.tr("PIN locked")
        if pin.final_try:
            return self.tr("PIN: final try")
        if pin.count_low:
            return self.tr("PIN: wrong tries")
        return self.tr("PIN OK")


_VN = dt.timezone(dt.timedelta(hours=7))


def _blank() -> QStandardItem:
    item = QStandardItem("")
    item.setEditable(False)
    return item


def payload(index: Any) -> tuple[str | None, Any]:
    if not index.isValid():
        return None, None
    index = index.siblingAtColumn(COL_NAME)
    return index.data(ROLE_KIND), index.data(ROLE_PAYLOAD)
