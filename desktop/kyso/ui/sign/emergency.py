"""Item 4's emergency dialog (letter 393/BCY-CTSBMTT): the rule, and a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from kyso.core.signing.policy import RULE_ITEM4_EN, RULE_ITEM4_VI


class EmergencyDialog(QDialog):
    """Item 4's emergency fallback: quote the rule, ask for a short reason (required)."""

    def __init__(self, language: str, organization: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emergencyDialog")
        self.setWindowTitle(self.tr("Emergency signature (item 4, letter 393/BCY-CTSBMTT)"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This personal certificate is not on the two-tier model yet. Its organization "
                "“%1” already has a certificate on the new model, so it may sign only in an "
                "emergency, under this rule:"
            ).replace("%1", organization)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.rule_label = QLabel(RULE_ITEM4_VI)
        self.rule_label.setObjectName("ruleText")
        self.rule_label.setWordWrap(True)
        self.rule_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule_label.setStyleSheet("font-style: italic;")
        layout.addWidget(self.rule_label)
        if language == "en":
            english = QLabel(RULE_ITEM4_EN)
            english.setWordWrap(True)
            layout.addWidget(english)
        note = QLabel(
            self.tr(
                "The reason is written into the signature and into Kyso's audit log. Give "
                "a short reason for the urgency:"
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("emergencyReason")
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("e.g. urgent flood-prevention order"))
        layout.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Sign in an emergency"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._changed)

    def reason(self) -> str:
        return " ".join(self.reason_edit.text().split())

    def _changed(self) -> None:
        self.ok_button.setEnabled(len(self.reason()) >= 5)

    def accept(self) -> None:
        if len(self.reason()) < 5:
            return
        super().accept()
