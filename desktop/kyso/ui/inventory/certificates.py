"""Adding and editing certificates on the inventory page: from a token, from a remote
signing account (RSSP or SIM PKI), by hand (SIM PKI, RSSP), and removing them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot

from kyso.core.checkup.certificate import CertificateCheck
from kyso.core.errors import KysoError
from kyso.core.inventory.importing import ImportResult
from kyso.core.inventory.remote_accounts import import_remote_credentials
from kyso.core.inventory.store import AddOutcome
from kyso.core.tokens.slots import CertificateEntry, TokenInfo
from kyso.ui.inventory.dialogs import CertificateDialog, UnitPickerDialog
from kyso.ui.inventory.models import NO_UNIT, two_tier_only
from kyso.ui.widgets.names import readable_name


class InventoryCertificatesMixin:
    """Part of :class:`kyso.ui.inventory.page.InventoryPage`: certificates."""

    def add_from_token(
        self,
        entry: CertificateEntry,
        token: TokenInfo,
        check: CertificateCheck | None,
        unit_id: int | None = None,
    ) -> AddOutcome | None:
        """"Add to inventory" from the device view. Stores the certificate once (by its
        fingerprint; adding it again updates it). Without ``unit_id``: the default unit, the
        unit it already has, or the user is asked (the dialog opens and this returns
        ``None``; :attr:`certificate_added` is emitted once the user has chosen)."""
        if entry.details is None:
            self.show_error(self._user_error(self.tr(
                "This certificate cannot be read, so it cannot be added to the inventory."
            ), "cert_unreadable"))
            return None
        if not self._open_or_explain():
            return None
        target = unit_id if unit_id is not None else self.default_unit_id
        if target is None:
            existing = self._store().certificate_by_fingerprint(entry.details.sha256)
            if existing is None or existing.unit_id is None:
                self._ask_unit_then_add(entry, token, check)
                return None
        return self._add_entry(entry, token, check, target)

    def _ask_unit_then_add(
        self, entry: CertificateEntry, token: TokenInfo, check: CertificateCheck | None
    ) -> None:
        units = self.unit_choices()
        if not units:
            self.show_error(self._user_error(self.tr(
                "The unit tree is empty; add the units on the Inventory page first."
            ), "no_units"))
            return
        assert entry.details is not None
        dialog = UnitPickerDialog(
            self, units,
            self.tr("Which unit does this certificate belong to?") + "\n" + readable_name(entry.details.subject, self.language),
        )
        selected = self.selected_unit_id()
        if selected is not None:
            dialog.combo.setCurrentIndex(max(0, dialog.combo.findData(selected)))

        def accepted() -> None:
            unit = dialog.unit_id()
            if dialog.remember.isChecked():
                self.set_default_unit(unit)
            self._add_entry(entry, token, check, unit)

        dialog.accepted.connect(accepted)
        self.unit_picker = dialog
        dialog.open()

    def _add_entry(
        self, entry: CertificateEntry, token: TokenInfo, check: CertificateCheck | None,
        unit_id: int | None,
    ) -> AddOutcome | None:
        details = entry.details
        assert details is not None
        if check is not None:
            reform: dict[str, Any] | None = check.reform.to_json()
            trust = check.trust.to_json(self.language) if check.trust else None
        else:
            reform, trust = two_tier_only(details.cert)
        try:
            outcome = self._store().add_certificate(
                details.cert, unit_id=unit_id, kind="usb_token", reform=reform, trust=trust,
                source="token", token_serial=token.serial,
            )
        except KysoError as exc:
            self.show_error(exc)
            return None
        text = self.tr("Added to the inventory: %1") if outcome.created else self.tr(
            "Updated in the inventory: %1")
        self.show_message(text.replace("%1", readable_name(details.subject, self.language)))
        self._changed(select=outcome.record.unit_id)
        self.certificate_added.emit(outcome)
        return outcome

    def add_from_remote(
        self,
        account: str,
        credentials: list[Any],
        checks: dict[str, CertificateCheck],
        unit_id: int | None = None,
    ) -> ImportResult | None:
        """"Add to inventory" for a remote signing account (all its credentials) or one of
        its certificates: recorded with kind RSSP, or SIM PKI where the provider says so
        (:mod:`kyso.core.inventory.remote_accounts`). The unit as for a token's certificate:
        given, the default one, or asked (then this returns ``None``)."""
        if not credentials or not self._open_or_explain():
            return None
        target = unit_id if unit_id is not None else self.default_unit_id
        if target is None:
            known = [self._store().certificate_by_fingerprint(c.sha256) for c in credentials]
            if any(k is None or k.unit_id is None for k in known):
                units = self.unit_choices()
                if not units:
                    self.show_error(self._user_error(self.tr(
                        "The unit tree is empty; add the units on the Inventory page first."
                    ), "no_units"))
                    return None
                names = "\n".join(readable_name(c.entry.details.subject, self.language)
                                  for c in credentials[:5])
                dialog = UnitPickerDialog(
                    self, units, self.tr("Which unit does this certificate belong to?") + "\n"
                    + names)

                def accepted() -> None:
                    unit = dialog.unit_id()
                    if dialog.remember.isChecked():
                        self.set_default_unit(unit)
                    self._import_remote(account, credentials, checks, unit)

                dialog.accepted.connect(accepted)
                self.unit_picker = dialog
                dialog.open()
                return None
        return self._import_remote(account, credentials, checks, target)

    def _import_remote(
        self, account: str, credentials: list[Any], checks: dict[str, CertificateCheck],
        unit_id: int | None,
    ) -> ImportResult | None:
        def assess(cert: Any) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
            from cryptography.hazmat.primitives.serialization import Encoding

            from kyso.core.certs.details import sha256_hex

            check = checks.get(sha256_hex(cert.public_bytes(Encoding.DER)))
            if check is None:
                return two_tier_only(cert)
            return check.reform.to_json(), (check.trust.to_json(self.language)
                                            if check.trust else None)

        try:
            result = import_remote_credentials(
                self._store(), account, [c.credential for c in credentials], unit_id=unit_id,
                assess=assess,
            )
        except KysoError as exc:
            self.show_error(exc)
            return None
        self.show_message(
            self.tr("Remote signing account “%1”: %2 certificate(s) added, %3 updated.")
            .replace("%1", account).replace("%2", str(result.added))
            .replace("%3", str(result.updated))
        )
        self._changed(select=unit_id)
        return result

    @Slot()
    def open_add_certificate_dialog(self) -> CertificateDialog:
        unit = self.selected_unit_id()
        dialog = CertificateDialog(self, self.unit_choices(),
                                   unit_id=None if unit == NO_UNIT else unit)
        dialog.accepted.connect(lambda: self._certificate_dialog_accepted(dialog))
        self.cert_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def open_edit_certificate_dialog(self) -> CertificateDialog | None:
        cert_id = self.selected_certificate_id()
        if cert_id is None:
            return None
        record = self._store().certificate(cert_id)
        dialog = CertificateDialog(self, self.unit_choices(), record=record)
        dialog.accepted.connect(lambda: self._certificate_dialog_accepted(dialog))
        self.cert_dialog = dialog
        dialog.open()
        return dialog

    def _certificate_dialog_accepted(self, dialog: CertificateDialog) -> None:
        values = dialog.values()
        inv = self._store()
        try:
            if dialog.record is None:
                outcome = inv.add_manual(**values)
                self.certificate_added.emit(outcome)
                select = outcome.record.unit_id
            else:
                if dialog.record.has_der:
                    for key in ("subject", "not_before", "not_after", "serial_number"):
                        values.pop(key)
                rec = inv.update_certificate(dialog.record.id, **values)
                select = rec.unit_id
        except KysoError as exc:
            self.show_error(exc)
            return
        self._changed(select=select)

    @Slot()
    def remove_selected_certificate(self) -> None:
        cert_id = self.selected_certificate_id()
        if cert_id is None:
            return
        try:
            self._store().remove_certificate(cert_id)
        except KysoError as exc:
            self.show_error(exc)
            return
        self._changed(select=self.selected_unit_id())
