"""Item 4's emergency dialog (letter 393/BCY-CTSBMTT): the rule, the organization
certificate that allows the fallback (a pick when several do), and a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kyso.core.signing.choice import FallbackChoice, telling_apart
from kyso.core.signing.policy import RULE_ITEM4_EN, RULE_ITEM4_VI
from kyso.core.vntime import vn_date


class EmergencyDialog(QDialog):
    """Item 4's emergency fallback: quote the rule, ask for a short reason (required).

    ``choices``: every organization certificate on the new model that allows the fallback
    (:func:`kyso.core.signing.choice.fallback_choices`), the best match first. The dialog
    says which one allows it and why; when several do, the user picks one (the best match
    by default) and :meth:`organization` names it, as ``kyso sign --organization`` does.
    """

    def __init__(
        self,
        language: str,
        organization: str,
        parent: QWidget | None = None,
        *,
        choices: list[FallbackChoice] | None = None,
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.choices = list(choices or [])
        self.setObjectName("emergencyDialog")
        self.setWindowTitle(self.tr("Emergency signature (item 4, letter 393/BCY-CTSBMTT)"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.intro = intro = QLabel()
        self._intro_for(organization)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.organization_combo: QComboBox | None = None
        if len(self.choices) > 1:
            pick = QLabel(
                self.tr(
                    "Several organization certificates on the new model allow it. Sign on "
                    "the strength of:"
                )
            )
            pick.setWordWrap(True)
            layout.addWidget(pick)
            self.organization_combo = QComboBox()
            self.organization_combo.setObjectName("organizationChoice")
            # Two certificates of one organization share its name (the old one not yet
            # returned and the new one, a token's and a remote account's): each then says
            # which it is, as the bridge's consent window does.
            for choice, apart in zip(self.choices, telling_apart(self.choices), strict=True):
                org = choice.organization
                label = f"{org.shown_name} ({self._where(org.source)})"
                if apart:
                    label += f" — SHA-256 {apart}…"
                    if org.not_after is not None:
                        label += ", " + self.tr("valid until %1").replace(
                            "%1", vn_date(org.not_after)
                        )
                if choice.best:
                    label += " — " + self.tr("best match")
                self.organization_combo.addItem(label)
            # By the certificate (two of one organization share the name), else by the name.
            wanted = getattr(organization, "sha256", None)
            default = next(
                (
                    i
                    for i, c in enumerate(self.choices)
                    if wanted and c.organization.sha256 == wanted
                ),
                next(
                    (
                        i
                        for i, c in enumerate(self.choices)
                        if organization in (c.organization.shown_name, c.organization.name)
                    ),
                    0,
                ),
            )
            self.organization_combo.setCurrentIndex(default)
            layout.addWidget(self.organization_combo)
            self.organization_combo.currentIndexChanged.connect(self._show_reason)
        self.organization_reason = QLabel()
        self.organization_reason.setObjectName("organizationReason")
        self.organization_reason.setWordWrap(True)
        self.organization_reason.setVisible(bool(self.choices))
        layout.addWidget(self.organization_reason)
        self._show_reason()
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

    def organization(self) -> str | None:
        """The organization picked for item 4, by the name it is shown by (the one the
        decision accepts back: "Văn phòng UBND tỉnh Hưng Yên", never a bare "Văn phòng");
        None when only one allows it (nothing was picked: the decision keeps its own, and
        the appearance what was typed). A :class:`~kyso.core.signing.policy.ShownName`: it
        carries the certificate's SHA-256 through ``start_signing`` and
        ``policy_and_choices`` to the decision, so picking the second of two certificates of
        one organization (a token's, a remote account's) records that one."""
        if self.organization_combo is None:
            return None
        index = max(self.organization_combo.currentIndex(), 0)
        return self.choices[index].organization.shown_name

    def _where(self, source: str) -> str:
        if source == "token":
            return self.tr("on an inserted token")
        if source == "remote":
            return self.tr("in the remote signing account")
        return self.tr("in the inventory")

    def _show_reason(self) -> None:
        if not self.choices:
            return
        index = self.organization_combo.currentIndex() if self.organization_combo else 0
        choice = self.choices[max(index, 0)]
        self._intro_for(choice.organization.shown_name)
        self.organization_reason.setText(
            self.tr("Allowed by: %1").replace("%1", choice.reason(self.language))
        )

    def _intro_for(self, organization: str) -> None:
        self.intro.setText(
            self.tr(
                "This personal certificate is not on the two-tier model yet. Its organization "
                "“%1” already has a certificate on the new model, so it may sign only in an "
                "emergency, under this rule:"
            ).replace("%1", organization)
        )

    def reason(self) -> str:
        return " ".join(self.reason_edit.text().split())

    def _changed(self) -> None:
        self.ok_button.setEnabled(len(self.reason()) >= 5)

    def accept(self) -> None:
        if len(self.reason()) < 5:
            return
        super().accept()
