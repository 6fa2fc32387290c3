"""What the Devices tab shows when no token is inserted: where Kyso looks for drivers,
and the DEMO token."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from kyso.core.tokens.modules import KNOWN_MODULES


class EmptyState(QWidget):
    """What to do when no token is inserted."""

    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setObjectName("emptyText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.text, 1)
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("demoButton")
        self.demo_button.clicked.connect(self.demo_requested)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def retranslate(self) -> None:
        platform = sys.platform
        drivers = "".join(
            f"<li><b>{m.vendor}</b>: {', '.join(m.paths(platform)[:2]) or '—'}</li>"
            for m in KNOWN_MODULES
            if m.paths(platform)
        )
        self.text.setText(
            "<h3>"
            + self.tr("No signing token found")
            + "</h3>"
            + "<p>"
            + self.tr(
                "Insert your USB token (VGCA Bit4id or SafeNet, or another CA's token). It appears here within a second."
            )
            + "</p>"
            + "<p>"
            + self.tr("Kyso looks for these drivers in their usual places:")
            + "</p>"
            + f"<ul>{drivers}</ul>"
            + "<p>"
            + self.tr(
                "If your token's driver is installed elsewhere, add its PKCS#11 module path to the setting “pkcs11_modules” or to the environment variable KYSO_PKCS11_MODULES."
            )
            + "</p>"
        )
        self.demo_button.setText(self.tr("Try the DEMO token"))
