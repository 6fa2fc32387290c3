"""The sign page's certificate list: the inserted tokens' signing certificates with
their cached trust and two-tier verdicts."""

from __future__ import annotations

import logging

from PySide6.QtCore import Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QTreeWidgetItem

from kyso.ui.sign.models import candidates
from kyso.ui.widgets.names import readable_name

log = logging.getLogger(__name__)


class SignCertificatesMixin:
    """Part of :class:`kyso.ui.sign.page.SignPage`: the certificate list (``cert_tree``)."""

    @Slot()
    def refresh_certificates(self) -> None:
        """Re-read the inserted tokens' certificates and the cached checks (cheap)."""
        current = self.current_candidate()
        keep = current.sha256 if current else None
        keep_token = current.home if current else None
        try:
            self._candidates = candidates(self.context.snapshots(), self.context.remote())
        except Exception as exc:  # the watcher is gone (shutting down)
            log.debug("snapshots: %r", exc)
            self._candidates = []
        self._fill_certificates()
        for i, c in enumerate(self._candidates):
            if c.sha256 == keep and c.home == keep_token:
                self.cert_tree.setCurrentItem(self.cert_tree.topLevelItem(i))
                break
        else:
            if len(self._candidates) == 1:
                self.cert_tree.setCurrentItem(self.cert_tree.topLevelItem(0))
        self._update_buttons()

    def tokens_changed(self) -> None:
        """The window calls this when a token comes or goes or checks arrive."""
        self.refresh_certificates()

    def _fill_certificates(self) -> None:
        blocked = self.cert_tree.blockSignals(True)
        current = self.cert_tree.currentItem()
        current_index = self.cert_tree.indexOfTopLevelItem(current) if current else -1
        self.cert_tree.clear()
        try:
            checks = self.context.checks() or {}
        except Exception:
            checks = {}
        for c in self._candidates:
            check = checks.get(c.sha256)
            trust = check.trust.status if check is not None and check.trust is not None else None
            reform = check.reform.status if check is not None else None
            item = QTreeWidgetItem(
                [
                    c.name,
                    c.holder_label,
                    self.trust_label(trust),
                    self.reform_label(reform),
                ]
            )
            assert c.entry.details is not None
            item.setToolTip(0, readable_name(c.entry.details.subject, self.language, "\n"))
            if c.remote is not None:
                account = c.remote.account
                item.setToolTip(1, f"{account.name} — {account.provider}\n{account.url}")
            else:
                item.setToolTip(1, c.holder_label)
            item.setIcon(2, self._trust_icon(trust))
            item.setIcon(3, self._reform_icon(reform))
            if check is not None and check.trust is not None:
                reasons = "\n".join(r.message(self.language) for r in check.trust.reasons)
                item.setToolTip(2, reasons)
            self.cert_tree.addTopLevelItem(item)
        if 0 <= current_index < self.cert_tree.topLevelItemCount():
            self.cert_tree.setCurrentItem(self.cert_tree.topLevelItem(current_index))
        self.cert_tree.blockSignals(blocked)
        # column widths are the header's (names stretch, the token gives way first)

    def _trust_icon(self, status: str | None) -> QIcon:
        pix = {
            "ok": QStyle.StandardPixmap.SP_DialogApplyButton,
            "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
            "failed": QStyle.StandardPixmap.SP_MessageBoxCritical,
        }.get(status or "", QStyle.StandardPixmap.SP_MessageBoxQuestion)
        return self.style().standardIcon(pix)

    def _reform_icon(self, status: str | None) -> QIcon:
        pix = {
            "current": QStyle.StandardPixmap.SP_DialogApplyButton,
            "needs_change": QStyle.StandardPixmap.SP_MessageBoxWarning,
            "unit_abolished": QStyle.StandardPixmap.SP_MessageBoxWarning,
        }.get(status or "", QStyle.StandardPixmap.SP_MessageBoxQuestion)
        return self.style().standardIcon(pix)

    def _certificate_changed(self, *_: object) -> None:
        c = self.current_candidate()
        if c is not None and not self.organization_edit.isModified():
            try:
                check = (self.context.checks() or {}).get(c.sha256)
            except Exception:
                check = None
            is_org = check is not None and check.reform.holder.kind == "organization"
            self.organization_edit.setText(c.name if is_org else "")
        self._load_image()
        self._update_buttons()
