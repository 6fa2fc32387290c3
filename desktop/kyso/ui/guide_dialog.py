"""Help → User guide: the guide in the UI's language (resources/guide/guide_<lang>.html,
Vietnamese first, English second), with the screenshots the test suite takes
(``tests/ui/test_user_guide.py`` and the leader-and-clerk test; resources/guide/img)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from kyso.core.resources import resource_path


def guide_file(language: str) -> Path:
    """The guide's HTML file in ``language`` (Vietnamese when there is none)."""
    name = "guide_en.html" if language == "en" else "guide_vi.html"
    path = resource_path("guide", name)
    return path if path.exists() else resource_path("guide", "guide_vi.html")


class GuideDialog(QDialog):
    def __init__(self, language: str = "vi", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideText")
        self.browser.setOpenExternalLinks(True)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_language(language)

    def show_language(self, language: str) -> None:
        path = guide_file(language)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        self.setWindowTitle(self.tr("Kyso user guide"))
