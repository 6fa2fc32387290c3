"""The verify page's preview: a PDF page drawn with its annotations (every visible
signature as the file shows it), the chosen signature's box outlined."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from kyso.ui.widgets.pdf_page import PdfPageView


class MarkedPdfView(PdfPageView):
    """A page (fit in view, annotations drawn) that outlines one box on the current page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mark: tuple[int, QRectF] | None = None

    def show_box(self, page: int, box: tuple[float, float, float, float] | None) -> None:
        """Go to ``page`` (0-based) and outline ``box`` (PDF points, lower-left origin)."""
        self.go_to_page(page)
        if box is None:
            self._mark = None
        else:
            x1, y1, x2, y2 = box
            self._mark = (page, QRectF(x1, y1, x2 - x1, y2 - y1))
        self.viewport().update()

    @property
    def marked(self) -> tuple[int, QRectF] | None:
        return self._mark

    def mark_rect(self) -> QRectF | None:
        """The outlined box in viewport pixels (None when nothing is marked or shown)."""
        if self._mark is None:
            return None
        page, box = self._mark
        if page != self.current_page():
            return None
        return self.to_view((box.left(), box.top(), box.right(), box.bottom()))

    def paint_overlay(self, painter: QPainter) -> None:
        rect = self.mark_rect()
        if rect is None:
            return
        pen = QPen(QColor(220, 30, 30))
        pen.setWidth(2)
        painter.setPen(pen)
        painter.setBrush(QColor(220, 30, 30, 25))
        painter.drawRect(rect)
