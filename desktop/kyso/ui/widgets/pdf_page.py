"""One PDF page drawn WITH its annotations (existing signatures, stamps, form fields), with
zoom (fit page, fit width, + and −) and a hook for what a page draws over it.

QPdfView renders pages without signature widgets, so a clerk placing the seal could not
see the leader's signature under it (issue 16). This view takes the page's geometry from a
:class:`QPdfDocument` and its pixels from :class:`kyso.ui.widgets.pdf_render.PageRenderer`
(PDFium with forms, in its own thread), and paints the image when it arrives; the GUI
thread never renders a page.

Geometry: the page is ``scale()`` pixels per PDF point, ``MARGIN`` pixels from the top
and centred horizontally; :meth:`page_rect` is where it is drawn in viewport pixels, so
a viewport point maps to PDF points exactly (origin lower left).
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent, QWheelEvent
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from kyso.ui.widgets.pdf_render import PageRenderer

FIT_PAGE, FIT_WIDTH, CUSTOM = "fit_page", "fit_width", "custom"
ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.1, 8.0


def annotation_options() -> QPdfDocumentRenderOptions:
    """Render options that draw annotations (signature widgets) as the PDF shows them."""
    options = QPdfDocumentRenderOptions()
    options.setRenderFlags(QPdfDocumentRenderOptions.RenderFlag.Annotations)
    return options


class AppearanceImage:
    """The one-page PDF of a signature appearance (as Kyso will write it) turned into an
    image, for the Sign page's and the consent window's previews. Owns the document and the
    buffer it reads from; the previous ones are released at each :meth:`render`."""

    SCALE = 3
    """Rendered at 3× the box's point size: sharp at the zooms the views offer."""

    def __init__(self, parent: QObject) -> None:
        self._parent = parent
        self._doc = QPdfDocument(parent)
        self._buffer: QBuffer | None = None

    def render(self, data: bytes) -> QImage:
        self._doc.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        buffer = QBuffer(self._parent)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self._doc.load(buffer)
        size = self._doc.pagePointSize(0)
        pixels = QSize(
            max(1, round(size.width() * self.SCALE)), max(1, round(size.height() * self.SCALE))
        )
        return self._doc.render(0, pixels, annotation_options())

    def close(self) -> None:
        self._doc.close()


class PdfPageView(QAbstractScrollArea):
    """A single page of a :class:`QPdfDocument`, annotations included."""

    rendered = Signal(int)
    """The image of this page (0-based) arrived and is shown."""
    zoom_changed = Signal()

    MARGIN = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc: QPdfDocument | None = None
        self._page = 0
        self.zoom_mode = FIT_PAGE
        self._custom_scale = 1.0
        self._image: QImage | None = None
        self._image_key: tuple[int, QSize] | None = None
        self._wanted: tuple[int, QSize] | None = None
        self._renderer = PageRenderer(self)
        self._renderer.rendered.connect(self._on_rendered)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAutoFillBackground(False)

    # -- document and page ---------------------------------------------------------------
    def setDocument(self, doc: QPdfDocument) -> None:
        self._doc = doc
        doc.statusChanged.connect(self._document_changed)

    def set_source(self, source: bytes | Path | None) -> None:
        """The PDF whose pages are drawn (the same file the document shows): its bytes or
        its path (read in the rendering thread), or None."""
        self._renderer.set_source(source)
        self._image = None
        self._image_key = self._wanted = None
        self._relayout()

    def close_source(self) -> None:
        self._renderer.close()

    def document(self) -> QPdfDocument | None:
        return self._doc

    def _document_changed(self, *_: object) -> None:
        self._image = None
        self._image_key = self._wanted = None
        try:
            if self._doc is not None and self._page >= max(self._doc.pageCount(), 1):
                self._page = 0
        except RuntimeError:  # the document closes as it is destroyed (window closing)
            self._doc = None
            return
        self._relayout()

    def current_page(self) -> int:
        return self._page

    def go_to_page(self, page: int) -> None:
        if page != self._page:
            self._page = page
            self._image = None
            self._image_key = self._wanted = None
            self.verticalScrollBar().setValue(0)
        self._relayout()

    def page_size(self) -> tuple[float, float] | None:
        doc = self._doc
        if doc is None or not shiboken6.isValid(doc) or doc.status() != QPdfDocument.Status.Ready or doc.pageCount() == 0:
            return None
        if self._page >= doc.pageCount():
            return None
        size = doc.pagePointSize(self._page)
        if size.width() <= 0 or size.height() <= 0:
            return None
        return size.width(), size.height()

    def has_image(self) -> bool:
        """The current page's rendering has arrived (what is painted is the PDF, not white)."""
        return self._image is not None and self._image_key is not None and (
            self._image_key[0] == self._page
        )

    def page_image(self) -> QImage | None:
        return self._image if self.has_image() else None

    # -- zoom ----------------------------------------------------------------------------
    def _points_to_pixels(self) -> float:
        return self.logicalDpiX() / 72.0

    def scale(self) -> float:
        """Viewport pixels per PDF point at the current zoom."""
        pts = self.page_size()
        if pts is None:
            return self._points_to_pixels()
        vw = max(self.viewport().width() - 2 * self.MARGIN, 10)
        vh = max(self.viewport().height() - 2 * self.MARGIN, 10)
        if self.zoom_mode == FIT_WIDTH:
            return vw / pts[0]
        if self.zoom_mode == FIT_PAGE:
            return min(vw / pts[0], vh / pts[1])
        return self._custom_scale

    def set_zoom_mode(self, mode: str) -> None:
        self.zoom_mode = mode
        self._relayout()
        self.zoom_changed.emit()

    def fit_page(self) -> None:
        self.set_zoom_mode(FIT_PAGE)

    def fit_width(self) -> None:
        self.set_zoom_mode(FIT_WIDTH)

    def zoom_by(self, factor: float) -> None:
        self._custom_scale = min(max(self.scale() * factor, MIN_SCALE), MAX_SCALE)
        self.set_zoom_mode(CUSTOM)

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def zoom_percent(self) -> int:
        """The zoom as a percentage of the page's natural size (72 points = 1 inch)."""
        return round(100 * self.scale() / self._points_to_pixels())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if event.angleDelta().y() > 0 else self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    # -- geometry ------------------------------------------------------------------------
    def page_rect(self) -> QRectF | None:
        """Where the current page is drawn, in viewport pixels."""
        pts = self.page_size()
        if pts is None:
            return None
        s = self.scale()
        w, h = pts[0] * s, pts[1] * s
        vp = self.viewport().rect()
        x = max(self.MARGIN, (vp.width() - w) / 2) - self.horizontalScrollBar().value()
        y = self.MARGIN - self.verticalScrollBar().value()
        return QRectF(x, y, w, h)

    def to_pdf(self, point: QPointF) -> QPointF | None:
        """A viewport point in PDF points (clamped to the page)."""
        rect, pts = self.page_rect(), self.page_size()
        if rect is None or pts is None:
            return None
        sx, sy = rect.width() / pts[0], rect.height() / pts[1]
        x = min(max((point.x() - rect.left()) / sx, 0.0), pts[0])
        y = min(max(pts[1] - (point.y() - rect.top()) / sy, 0.0), pts[1])
        return QPointF(x, y)

    def to_view(self, box: tuple[float, float, float, float]) -> QRectF | None:
        """A box in PDF points (x1, y1, x2, y2; origin lower left) in viewport pixels."""
        rect, pts = self.page_rect(), self.page_size()
        if rect is None or pts is None:
            return None
        sx, sy = rect.width() / pts[0], rect.height() / pts[1]
        x1, y1, x2, y2 = box
        return QRectF(
            rect.left() + x1 * sx, rect.top() + (pts[1] - y2) * sy, (x2 - x1) * sx, (y2 - y1) * sy
        )

    def _relayout(self) -> None:
        pts = self.page_size()
        vp = self.viewport().size()
        if pts is None:
            self.horizontalScrollBar().setRange(0, 0)
            self.verticalScrollBar().setRange(0, 0)
        else:
            s = self.scale()
            w, h = pts[0] * s + 2 * self.MARGIN, pts[1] * s + 2 * self.MARGIN
            self.horizontalScrollBar().setRange(0, max(0, round(w - vp.width())))
            self.verticalScrollBar().setRange(0, max(0, round(h - vp.height())))
            self.horizontalScrollBar().setPageStep(vp.width())
            self.verticalScrollBar().setPageStep(vp.height())
            self._request()
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    # -- rendering -----------------------------------------------------------------------
    def _request(self) -> None:
        pts = self.page_size()
        if pts is None:
            return
        ratio = self.devicePixelRatioF()
        s = self.scale() * ratio
        size = QSize(max(1, round(pts[0] * s)), max(1, round(pts[1] * s)))
        key = (self._page, size)
        if key in (self._image_key, self._wanted):
            return
        self._wanted = key
        self._renderer.request(self._page, size.width(), size.height())

    def _on_rendered(self, generation: int, page: int, image: QImage) -> None:
        if generation != self._renderer.generation:
            return
        if page != self._page or self.page_size() is None:
            return
        self._image = image
        # PDFium rounds the size its own way: the image answers the latest request
        self._image_key = self._wanted or (page, image.size())
        self._wanted = None
        self.viewport().update()
        self.rendered.emit(page)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), QColor(150, 150, 150))
        rect = self.page_rect()
        if rect is not None:
            painter.fillRect(rect, QColor(255, 255, 255))
            if self.has_image():
                assert self._image is not None
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(rect, self._image)
            self.paint_overlay(painter)
        painter.end()

    def paint_overlay(self, painter: QPainter) -> None:
        """Draw over the page (subclasses): boxes, the appearance being placed."""
