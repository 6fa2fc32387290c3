"""Page thumbnails beside the Sign page's preview: every page (up to :data:`MAX_PAGES`)
drawn small, with its signatures, by the PDFium thread; a click shows that page."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from kyso.ui.widgets.pdf_render import PageRenderer

MAX_PAGES = 60
"""More pages than this are reached with the page number box (thumbnails cost memory)."""
WIDTH = 84


class PageThumbnails(QListWidget):
    page_chosen = Signal(int)
    """0-based page the user clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageThumbnails")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(WIDTH, round(WIDTH * 1.42)))
        # a fixed grid: icons arrive later and must not change the layout (or overlap)
        self.setGridSize(QSize(WIDTH + 12, round(WIDTH * 1.42) + 26))

        self.setFixedWidth(WIDTH + 34)
        self.setSpacing(4)
        # white pages on the preview's grey, not on a white list
        self.setStyleSheet(
            "#pageThumbnails { background: #969696; color: white; }"
            "#pageThumbnails::item:selected { background: #1e50dc; }"
        )
        self._renderer = PageRenderer(self)
        self._renderer.rendered.connect(self._rendered)
        self.currentRowChanged.connect(self._chosen)
        self._setting = False
        self._rendered_pages: set[int] = set()

    def set_source(self, data: bytes | None, page_count: int) -> None:
        self.clear()
        self._rendered_pages: set[int] = set()
        self._renderer.set_source(data)
        if data is None:
            return
        blank = QPixmap(self.iconSize())
        blank.fill(Qt.GlobalColor.white)  # the item's size is right before its picture comes
        for page in range(min(page_count, MAX_PAGES)):
            item = QListWidgetItem(QIcon(blank), str(page + 1))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.addItem(item)
            self._renderer.request(page, WIDTH * 2, 0)  # sharp on high-DPI screens

    def rendered_count(self) -> int:
        return len(getattr(self, "_rendered_pages", ()))

    def _rendered(self, generation: int, page: int, image: QImage) -> None:
        if generation != self._renderer.generation:
            return
        item = self.item(page)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(image)))
            self._rendered_pages.add(page)

    def show_page(self, page: int) -> None:
        """Follow the page shown elsewhere (no :attr:`page_chosen` for it)."""
        self._setting = True
        try:
            self.setCurrentRow(page if page < self.count() else -1)
        finally:
            self._setting = False

    def _chosen(self, row: int) -> None:
        if row >= 0 and not self._setting:
            self.page_chosen.emit(row)
