"""The DEMO banner: shown while a DEMO token is inserted, it says what the DEMO is and
which certificate shows which path (the normal one and the emergency one), so a new user
knows whom to pick without reading a manual."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from kyso.core.demo.token import DEMO_PIN


class DemoBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#demoBanner { background: #fff4cc; border: 1px solid #e0c060; border-radius: 3px; }"
        )
        self.label = QLabel()
        self.label.setObjectName("demoBannerText")
        self.label.setWordWrap(True)
        self.hide_button = QToolButton()
        self.hide_button.setObjectName("demoBannerHide")
        self.hide_button.setAutoRaise(True)
        self.hide_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.hide_button, 0, Qt.AlignmentFlag.AlignTop)
        self.dismissed = False
        """Hidden by the user for this run (small screens need the room)."""
        self.retranslate()

    def dismiss(self) -> None:
        self.dismissed = True
        self.setVisible(False)

    def show_for_demo(self, demo_present: bool) -> None:
        self.setVisible(demo_present and not self.dismissed)

    def retranslate(self) -> None:
        self.hide_button.setText(self.tr("Hide"))
        self.hide_button.setToolTip(self.tr("Hide this note until Kyso starts again"))
        self.label.setText(
            self.tr(
                "<b>DEMO token</b> (PIN %1): practice only, its signatures are trusted by "
                "Kyso's DEMO alone. <b>Vũ Thị Hà</b> (Hưng Yên, on the new two-tier model) "
                "signs the normal way. <b>Trần Thị Bình</b> (still under Thái Bình: her "
                "information must change, Form 04) may sign only through the emergency rule "
                "(item 4, Official Letter 393/BCY-CTSBMTT), which asks for a reason and "
                "records it. <b>Nguyễn Văn An</b>'s district body was abolished: he is "
                "refused. The organization certificate (Sở KH&amp;CN Hưng Yên) issues with "
                "the seal."
            ).replace("%1", DEMO_PIN)
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
