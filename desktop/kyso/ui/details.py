"""The details panel: every field of the selected token or certificate, by its Vietnamese name."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kyso.core.certs.details import KEY_USAGE_NAMES, attribute_label
from kyso.core.tokens.slots import CertificateEntry, TokenSnapshot
from kyso.core.vntime import vn_datetime
from kyso.ui.widgets.names import readable_name

_READING_ORDER = [
    "2.5.4.3",  # CN
    "2.5.4.12",  # T
    "2.5.4.11",  # OU
    "2.5.4.10",  # O
    "2.5.4.7",  # L
    "2.5.4.8",  # ST
    "2.5.4.6",  # C
]


class DetailsPanel(QWidget):
    def __init__(self, language: str = "vi", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("detailsTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("detailsTable")
        self.table.horizontalHeader().setVisible(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        layout.addWidget(self.table)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (self.table.item(r, 0).text(), self.table.item(r, 1).text())
            for r in range(self.table.rowCount())
        ]

    def _fill(self, title: str, rows: list[tuple[str, str]]) -> None:
        self.title.setText(f"<b>{title}</b>")
        self.table.setRowCount(len(rows))
        for r, (k, v) in enumerate(rows):
            key = QTableWidgetItem(k)
            key.setFlags(Qt.ItemFlag.ItemIsEnabled)
            value = QTableWidgetItem(v)
            value.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(r, 0, key)
            self.table.setItem(r, 1, value)
        self.table.resizeRowsToContents()

    def clear(self) -> None:
        self._fill("", [])

    def show_rows(self, title: str, rows: list[tuple[str, str]]) -> None:
        """Anything else the device tree selects (a remote signing account)."""
        self._fill(title, rows)

    def show_token(self, snap: TokenSnapshot) -> None:
        i = snap.info
        demo = " [DEMO]" if i.is_demo else ""
        rows = [
            (self.tr("Label"), i.label + demo),
            (self.tr("Manufacturer"), i.manufacturer),
            (self.tr("Model"), i.model),
            (self.tr("Serial number"), i.serial),
            (self.tr("PIN state"), i.pin.describe(self.language)),
            (
                self.tr("PIN entry"),
                self.tr("On the reader's keypad") if i.pin.protected_path else self.tr("In Kyso"),
            ),
            (self.tr("Certificates"), str(len(snap.user_certificates()))),
            (self.tr("CA certificates"), str(len(snap.ca_certificates()))),
            (self.tr("PKCS#11 module"), i.module_path),
        ]
        if snap.error:
            rows.append((self.tr("Error"), snap.error))
        self._fill(self.tr("Token “%1”").replace("%1", i.label + demo), rows)

    def show_certificate(self, cert: CertificateEntry, check: Any = None) -> None:
        d = cert.details
        if d is None:
            self._fill(
                self.tr("Unreadable certificate"),
                [
                    (self.tr("Label"), cert.label),
                    (self.tr("Key ID"), cert.key_id.hex()),
                    (self.tr("Error"), cert.error or ""),
                    (
                        self.tr("What to do"),
                        self.tr(
                            "The token holds a certificate object Kyso cannot parse. Ask the issuing CA to check the token."
                        ),
                    ),
                ],
            )
            return
        # CN, title, units (lowest first), body, place, country, then identifiers.
        ordered = sorted(
            reversed(d.subject_attributes),
            key=lambda a: _READING_ORDER.index(a.oid) if a.oid in _READING_ORDER else 99,
        )
        rows = [(attribute_label(a.oid, self.language), a.value) for a in ordered]
        left = d.days_left()
        if left < 0:
            validity = self.tr("expired %1 days ago").replace("%1", str(-left))
        else:
            validity = self.tr("%1 days left").replace("%1", str(left))
        key = {
            True: self.tr("Yes"),
            False: self.tr("No"),
            None: self.tr("Unknown until login"),
        }[cert.has_private_key]
        usage = ", ".join(
            KEY_USAGE_NAMES[u][1 if self.language == "en" else 0] for u in d.key_usage
        )
        rows += [
            (self.tr("Issuer"), readable_name(d.issuer, self.language)),
            (self.tr("Valid from"), vn_datetime(d.not_before)),
            (self.tr("Valid until"), f"{vn_datetime(d.not_after)} ({validity})"),
            (self.tr("Serial"), d.serial_hex),
            (self.tr("Key usage"), usage or self.tr("(not restricted)")),
            (self.tr("Private key on token"), key),
            (
                self.tr("CA certificate"),
                self.tr("Yes (not for signing)") if d.is_ca else self.tr("No"),
            ),
            (self.tr("SHA-256 fingerprint"), d.sha256),
            (self.tr("Key ID (CKA_ID)"), cert.key_id.hex()),
        ]
        if d.emails:
            rows.append((self.tr("Email"), ", ".join(d.emails)))
        if check is not None and check.trust is not None:
            rows += self._trust_rows(check.trust)
        elif not d.is_ca:
            rows.append((self.tr("Trust"), self.tr("Checking…")))
        self._fill(d.common_name, rows)

    def _trust_rows(self, trust: Any) -> list[tuple[str, str]]:
        verdict = {
            "ok": self.tr("Trusted"),
            "warning": self.tr("Warning"),
            "failed": self.tr("Failed"),
        }.get(trust.status, trust.status)
        rows = [(self.tr("Trust"), verdict)]
        for reason in trust.reasons:
            rows.append((self.tr("Reason"), reason.message(self.language)))
        rev = trust.revocation
        rev_text = {
            "good": self.tr("Not revoked"),
            "revoked": self.tr("Revoked"),
            "unknown": self.tr("Not checked"),
        }.get(rev.status, rev.status)
        if rev.source:
            source = {
                "ocsp": "OCSP",
                "crl": "CRL",
                "cache": self.tr("cached data"),
                "file": self.tr("CRL file loaded on this computer"),
            }.get(rev.source, rev.source)
            rev_text += f" ({source})"
        if rev.checked_at:
            rev_text += " — " + vn_datetime(rev.checked_at)
        rows.append((self.tr("Revocation"), rev_text))
        chain = " → ".join(_common_name(c) for c in trust.chain)
        rows.append((self.tr("Certificate chain"), chain or self.tr("(not built)")))
        return rows


def _common_name(cert: Any) -> str:
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()
