"""The preview where the signature box is placed: one PDF page, click or drag."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget

from kyso.ui.sign.models import Box


class PlacementView(QPdfView):
    """One page of the PDF, fit in view; click or drag to place the signature box.

    The page's place in the viewport is computed the way QPdfView lays it out in
    ``FitInView`` mode (``QSize.scaled`` into the viewport less the side margins and the
    page spacing, centred horizontally, ``documentMargins().top()`` from the top), so a
    point in the viewport maps to PDF points exactly (origin lower left).
    """

    placed = Signal(int, object)
    """(0-based page, (x1, y1, x2, y2) in PDF points)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPageMode(QPdfView.PageMode.SinglePage)
        self.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.box: Box | None = None
        self.box_page = 0
        self.default_size: tuple[float, float] = (180.0, 80.0)
        """Width and height (points) of the box a plain click places."""
        self._drag_from: QPointF | None = None
        self._drag_to: QPointF | None = None

    def current_page(self) -> int:
        return self.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        self.pageNavigator().jump(page, QPointF(0, 0), 0)
        self.viewport().update()

    def page_size(self) -> tuple[float, float] | None:
        doc = self.document()
        if doc is None or doc.status() != QPdfDocument.Status.Ready or doc.pageCount() == 0:
            return None
        size = doc.pagePointSize(self.current_page())
        if size.width() <= 0 or size.height() <= 0:
            return None
        return size.width(), size.height()

    def page_rect(self) -> QRectF | None:
        """Where the current page is drawn, in viewport pixels."""
        pts = self.page_size()
        if pts is None:
            return None
        screen = self.screen() or QGuiApplication.primaryScreen()
        resolution = screen.logicalDotsPerInch() / 72.0 if screen is not None else 96.0 / 72.0
        m = self.documentMargins()
        vp = self.viewport().rect()
        avail = QSize(vp.width() - m.left() - m.right(), vp.height() - self.pageSpacing())
        natural = QSize(round(pts[0] * resolution), round(pts[1] * resolution))
        size = natural.scaled(avail, Qt.AspectRatioMode.KeepAspectRatio)
        total_width = size.width() + m.left() + m.right()
        x = (max(total_width, vp.width()) - size.width()) // 2
        y = m.top()
        return QRectF(
            x - self.horizontalScrollBar().value(),
            y - self.verticalScrollBar().value(),
            size.width(),
            size.height(),
        )

    def to_pdf(self, point: QPointF) -> QPointF | None:
        """A viewport point in PDF points (clamped to the page)."""
        rect, pts = self.page_rect(), self.page_size()
        if rect is None or pts is None:
            return None
        sx, sy = rect.width() / pts[0], rect.height() / pts[1]
        x = min(max((point.x() - rect.left()) / sx, 0.0), pts[0])
        y = min(max(pts[1] - (point.y() - rect.top()) / sy, 0.0), pts[1])
        return QPointF(x, y)

    def to_view(self, box: Box) -> QRectF | None:
        rect, pts = self.page_rect(), self.page_size()
        if rect is None or pts is None:
            return None
        sx, sy = rect.width() / pts[0], rect.height() / pts[1]
        x1, y1, x2, y2 = box
        return QRectF(
            rect.left() + x1 * sx, rect.top() + (pts[1] - y2) * sy, (x2 - x1) * sx, (y2 - y1) * sy
        )

    def set_box(self, page: int, box: Box | None) -> None:
        self.box_page, self.box = page, box
        self.viewport().update()

    # -- mouse ---------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.page_rect() is not None:
            self._drag_from = self._drag_to = event.position()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_to = event.position()
            self.viewport().update()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        start, end = self._drag_from, event.position()
        self._drag_from = self._drag_to = None
        event.accept()
        a, b = self.to_pdf(start), self.to_pdf(end)
        pts = self.page_size()
        if a is None or b is None or pts is None:
            return
        if abs(end.x() - start.x()) < 6 and abs(end.y() - start.y()) < 6:
            # a click: a box of the profile's size centred on the point, kept on the page
            w, h = min(self.default_size[0], pts[0]), min(self.default_size[1], pts[1])
            x1 = min(max(a.x() - w / 2, 0.0), pts[0] - w)
            y1 = min(max(a.y() - h / 2, 0.0), pts[1] - h)
            box = (x1, y1, x1 + w, y1 + h)
        else:
            box = (min(a.x(), b.x()), min(a.y(), b.y()), max(a.x(), b.x()), max(a.y(), b.y()))
        box = tuple(round(v, 1) for v in box)  # type: ignore[assignment]
        self.set_box(self.current_page(), box)
        self.placed.emit(self.current_page(), box)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        rect: QRectF | None = None
        if self._drag_from is not None and self._drag_to is not None:
            rect = QRectF(self._drag_from, self._drag_to).normalized()
        elif self.box is not None and self.box_page == self.current_page():
            rect = self.to_view(self.box)
        if rect is None:
            return
        painter = QPainter(self.viewport())
        pen = QPen(QColor(30, 80, 220))
        pen.setWidth(2)
        painter.setPen(pen)
        painter.setBrush(QColor(30, 80, 220, 40))
        painter.drawRect(rect)
        painter.end()
