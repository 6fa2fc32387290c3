"""The verify page's preview: a PDF page with the chosen signature's box outlined."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget


class MarkedPdfView(QPdfView):
    """A QPdfView (single page, fit in view) that outlines one box on the current page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPageMode(QPdfView.PageMode.SinglePage)
        self.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._mark: tuple[int, QRectF] | None = None

    def show_box(self, page: int, box: tuple[float, float, float, float] | None) -> None:
        """Jump to ``page`` (0-based) and outline ``box`` (PDF points, lower-left origin)."""
        nav = self.pageNavigator()
        nav.jump(page, QPointF(0, 0), 0)
        if box is None:
            self._mark = None
        else:
            x1, y1, x2, y2 = box
            self._mark = (page, QRectF(x1, y1, x2 - x1, y2 - y1))
        self.viewport().update()

    def current_page(self) -> int:
        return self.pageNavigator().currentPage()

    @property
    def marked(self) -> tuple[int, QRectF] | None:
        return self._mark

    def mark_rect(self) -> QRectF | None:
        """The outlined box in viewport pixels (None when nothing is marked or shown)."""
        doc = self.document()
        if self._mark is None or doc is None or doc.pageCount() == 0:
            return None
        page, box = self._mark
        if page != self.current_page():
            return None
        size = doc.pagePointSize(page)
        if size.width() <= 0 or size.height() <= 0:
            return None
        m = self.documentMargins()
        vw = self.viewport().width() - m.left() - m.right()
        vh = self.viewport().height() - m.top() - m.bottom()
        scale = min(vw / size.width(), vh / size.height())
        pw = size.width() * scale
        left = m.left() + (vw - pw) / 2 - self.horizontalScrollBar().value()
        top = m.top() - self.verticalScrollBar().value()
        return QRectF(
            left + box.x() * scale,
            top + (size.height() - box.y() - box.height()) * scale,
            box.width() * scale,
            box.height() * scale,
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        rect = self.mark_rect()
        if rect is None:
            return
        painter = QPainter(self.viewport())
        pen = QPen(QColor(220, 30, 30))
        pen.setWidth(3)
        painter.setPen(pen)
        painter.setBrush(QColor(220, 30, 30, 40))
        painter.drawRect(rect)
        painter.end()
