"""Settings: every setting with its value; those IT locked are shown locked, not editable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kyso.core.errors import KysoError
from kyso.core.resources import resource_path
from kyso.core.settings import SETTING_NAMES, LoadedSettings


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: LoadedSettings,
        parent: QWidget | None = None,
        *,
        language: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.settings = settings
        self.language = language or settings.values.language
        """Language of the messages that come from core (errors on saving)."""
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.editors: dict[str, QWidget] = {}
        labels = {
            "language": self.tr("Language"),
            "pkcs11_modules": self.tr("Extra PKCS#11 modules (one path per line)"),
            "use_builtin_modules": self.tr("Look for the known token drivers"),
            "watch_interval_ms": self.tr("Token polling interval (ms)"),
            "tsa_url": self.tr("Timestamp server (TSA) URL"),
            "anchors_path": self.tr("Trust anchors file or folder"),
            "revocation_timeout_s": self.tr("Revocation look-up timeout (s)"),
            "crl_dir": self.tr("Folder of CRL files copied by IT (closed networks)"),
            "proxy_url": self.tr("HTTP proxy (empty: the system's; none: no proxy)"),
            "proxy_bypass": self.tr("Reached without the proxy (comma-separated)"),
            "expiry_warning_days": self.tr("Warn this many days before expiry"),
            "allow_outdated_org_cert": self.tr(
                "Allow an out-of-date organization certificate to sign"
            ),
            "pin_in_keyring": self.tr("Allow keeping the PIN in the system keyring"),
            "inventory_path": self.tr("Inventory database file"),
            # The province's directive the Phụ lục I heading cites (the examples are the
            # editors' placeholders: a long caption would squeeze every editor).
            "phuluc_directive_number": self.tr("Phụ lục I: directive number"),
            "phuluc_directive_date": self.tr("Phụ lục I: directive date"),
            "phuluc_directive_issuer": self.tr("Phụ lục I: issued by"),
        }
        examples = {
            "proxy_url": "http://proxy.donvi.gov.vn:8080",
            "proxy_bypass": "*.gov.vn, 10.0.0.0/8",
            "phuluc_directive_number": "Công văn số 4414/UBND-ĐMPT",
            "phuluc_directive_date": "05/8/2025",
            "phuluc_directive_issuer": "Ủy ban nhân dân tỉnh …",
        }
        values = settings.values
        for name in SETTING_NAMES:
            editor = self._editor(name, getattr(values, name))
            editor.setObjectName(f"setting_{name}")
            if name in examples and isinstance(editor, QLineEdit):
                editor.setPlaceholderText(examples[name])
            label = QLabel(labels.get(name, name))
            caption: QWidget = label
            if settings.is_locked(name):
                editor.setEnabled(False)
                editor.setToolTip(self.tr("Locked by IT on this machine"))
                label.setToolTip(self.tr("Locked by IT on this machine"))
                caption = self._locked_caption(label)
            self.editors[name] = editor
            self.form.addRow(caption, editor)
        self.error = QLabel()
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _locked_caption(self, label: QLabel) -> QWidget:
        """The label behind a padlock picture (a PNG in resources: an emoji padlock shows
        as an empty box where no colour-emoji font is installed)."""
        icon = QLabel()
        icon.setObjectName("lockIcon")
        size = max(12, label.fontMetrics().height())
        pixmap = QPixmap(str(resource_path("icons", "padlock.png")))
        if not pixmap.isNull():
            icon.setPixmap(
                pixmap.scaled(
                    size,
                    size,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        icon.setToolTip(label.toolTip())
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(icon)
        row.addWidget(label, 1)
        return box

    def _editor(self, name: str, value: Any) -> QWidget:
        if name == "language":
            box = QComboBox()
            box.addItem("Tiếng Việt", "vi")
            box.addItem("English", "en")
            box.setCurrentIndex(0 if value == "vi" else 1)
            return box
        if isinstance(value, bool):
            check = QCheckBox()
            check.setChecked(value)
            return check
        if isinstance(value, int):
            spin = QSpinBox()
            spin.setRange(0, 100000)
            spin.setValue(value)
            return spin
        if isinstance(value, float):
            dspin = QDoubleSpinBox()
            dspin.setRange(0.1, 120.0)
            dspin.setValue(value)
            return dspin
        if isinstance(value, list):
            text = QPlainTextEdit("\n".join(value))
            text.setFixedHeight(60)
            return text
        return QLineEdit(str(value))

    def value_of(self, name: str) -> Any:
        editor = self.editors[name]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            return editor.value()
        if isinstance(editor, QPlainTextEdit):
            return [line.strip() for line in editor.toPlainText().splitlines() if line.strip()]
        assert isinstance(editor, QLineEdit)
        return editor.text().strip()

    def save(self) -> None:
        """Save what changed (never the locked ones); stay open on an error."""
        try:
            for name in SETTING_NAMES:
                if self.settings.is_locked(name):
                    continue
                value = self.value_of(name)
                if value != getattr(self.settings.values, name):
                    self.settings.set_user(name, value)
        except KysoError as exc:
            self.error.setText(exc.message(self.language))
            return
        self.accept()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(event)
