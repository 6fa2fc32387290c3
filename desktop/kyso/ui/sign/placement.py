"""The preview where the signature is placed: the page with its annotations, and the exact
appearance Kyso will write drawn at the box.

Click to place a box of the profile's size, drag on the page to draw one, drag the box to
move it, drag a corner handle to resize it, arrow keys nudge it (1 point, Shift: 10).
Every change is emitted as :attr:`PlacementView.placed` (0-based page, PDF points).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QWidget

from kyso.ui.sign.models import Box
from kyso.ui.widgets.pdf_page import PdfPageView

HANDLE = 8
"""Side of a corner handle, in pixels."""
MIN_SIDE = 12.0
"""The smallest box side (points) a resize leaves (the appearance needs 10)."""


class PlacementView(PdfPageView):
    """One page of the PDF; the box is placed, moved, resized and nudged on it."""

    placed = Signal(int, object)
    """(0-based page, (x1, y1, x2, y2) in PDF points)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box: Box | None = None
        self.box_page = 0
        self.default_size: tuple[float, float] = (180.0, 80.0)
        """Width and height (points) of the box a plain click places."""
        self.ghost: tuple[int, Box] | None = None
        """The profile's default place, drawn when no box is placed (page, box)."""
        self.appearance: QImage | None = None
        """What Kyso will draw in the box (rendered from the appearance PDF)."""
        self._drag_from: QPointF | None = None
        self._drag_to: QPointF | None = None
        self._mode: str | None = None
        """None, "new", "move" or "resize:<corner>" while the left button is down."""
        self._start_box: Box | None = None

    # -- state ---------------------------------------------------------------------------
    def set_box(self, page: int, box: Box | None) -> None:
        self.box_page, self.box = page, box
        self.viewport().update()

    def set_ghost(self, ghost: tuple[int, Box] | None) -> None:
        self.ghost = ghost
        self.viewport().update()

    def set_appearance(self, image: QImage | None) -> None:
        self.appearance = image
        self.viewport().update()

    def shown(self) -> tuple[Box, bool] | None:
        """The box drawn on this page and whether it is the placed one (not the ghost)."""
        if self.box is not None:
            return (self.box, True) if self.box_page == self.current_page() else None
        if self.ghost is not None and self.ghost[0] == self.current_page():
            return self.ghost[1], False
        return None

    def box_rect(self) -> QRectF | None:
        """The shown box in viewport pixels."""
        shown = self.shown()
        return self.to_view(shown[0]) if shown is not None else None

    def _handles(self, rect: QRectF) -> dict[str, QRectF]:
        h = HANDLE
        return {
            "tl": QRectF(rect.left() - h / 2, rect.top() - h / 2, h, h),
            "tr": QRectF(rect.right() - h / 2, rect.top() - h / 2, h, h),
            "bl": QRectF(rect.left() - h / 2, rect.bottom() - h / 2, h, h),
            "br": QRectF(rect.right() - h / 2, rect.bottom() - h / 2, h, h),
        }

    def _emit(self, box: Box) -> None:
        box = tuple(round(v, 1) for v in box)  # type: ignore[assignment]
        self.set_box(self.current_page(), box)
        self.placed.emit(self.current_page(), box)

    def _clamp(self, box: Box) -> Box:
        """Keep the box on the page, its size unchanged where the page allows."""
        pts = self.page_size()
        if pts is None:
            return box
        x1, y1, x2, y2 = box
        w, h = min(x2 - x1, pts[0]), min(y2 - y1, pts[1])
        x1 = min(max(x1, 0.0), pts[0] - w)
        y1 = min(max(y1, 0.0), pts[1] - h)
        return (x1, y1, x1 + w, y1 + h)

    # -- mouse ---------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.page_rect() is None:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        self._drag_from = self._drag_to = pos
        self._mode = "new"
        rect = self.box_rect() if self.box is not None else None
        if rect is not None:
            for corner, handle in self._handles(rect).items():
                if handle.adjusted(-2, -2, 2, 2).contains(pos):
                    self._mode = f"resize:{corner}"
                    break
            else:
                if rect.contains(pos):
                    self._mode = "move"
            self._start_box = self.box
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None:
            super().mouseMoveEvent(event)
            return
        self._drag_to = event.position()
        if self._mode in ("move",) or (self._mode or "").startswith("resize"):
            box = self._dragged_box()
            if box is not None:
                self.set_box(self.current_page(), box)
        self.viewport().update()
        event.accept()

    def _dragged_box(self) -> Box | None:
        """The box as the current move or resize leaves it (PDF points)."""
        if self._drag_from is None or self._drag_to is None or self._start_box is None:
            return None
        a, b = self.to_pdf(self._drag_from), self.to_pdf(self._drag_to)
        if a is None or b is None:
            return None
        dx, dy = b.x() - a.x(), b.y() - a.y()
        x1, y1, x2, y2 = self._start_box
        if self._mode == "move":
            return self._clamp((x1 + dx, y1 + dy, x2 + dx, y2 + dy))
        corner = (self._mode or "")[-2:]
        # view "top" is the PDF's larger y
        if "l" in corner:
            x1 = min(x1 + dx, x2 - MIN_SIDE)
        else:
            x2 = max(x2 + dx, x1 + MIN_SIDE)
        if "t" in corner:
            y2 = max(y2 + dy, y1 + MIN_SIDE)
        else:
            y1 = min(y1 + dy, y2 - MIN_SIDE)
        pts = self.page_size()
        if pts is not None:
            x1, y1 = max(x1, 0.0), max(y1, 0.0)
            x2, y2 = min(x2, pts[0]), min(y2, pts[1])
        return (x1, y1, x2, y2)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        start, end, mode = self._drag_from, event.position(), self._mode
        self._drag_to = end
        event.accept()
        moved = abs(end.x() - start.x()) >= 6 or abs(end.y() - start.y()) >= 6
        if mode != "new":
            box = self._dragged_box() if moved else self._start_box
            self._drag_from = self._drag_to = None
            self._mode = self._start_box = None
            if box is not None and moved:
                self._emit(box)
            self.viewport().update()
            return
        self._drag_from = self._drag_to = None
        self._mode = None
        a, b = self.to_pdf(start), self.to_pdf(end)
        pts = self.page_size()
        if a is None or b is None or pts is None:
            return
        if not moved:
            # a click: a box of the profile's size centred on the point, kept on the page
            w, h = min(self.default_size[0], pts[0]), min(self.default_size[1], pts[1])
            box = self._clamp((a.x() - w / 2, a.y() - h / 2, a.x() + w / 2, a.y() + h / 2))
        else:
            box = (min(a.x(), b.x()), min(a.y(), b.y()), max(a.x(), b.x()), max(a.y(), b.y()))
        self._emit(box)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, 1),
            Qt.Key.Key_Down: (0, -1),
        }
        step = steps.get(Qt.Key(event.key()))
        if step is None or self.box is None or self.box_page != self.current_page():
            super().keyPressEvent(event)
            return
        n = 10.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0
        x1, y1, x2, y2 = self.box
        dx, dy = step[0] * n, step[1] * n
        self._emit(self._clamp((x1 + dx, y1 + dy, x2 + dx, y2 + dy)))
        event.accept()

    # -- drawing -------------------------------------------------------------------------
    def paint_overlay(self, painter: QPainter) -> None:
        blue = QColor(30, 80, 220)
        if self._mode == "new" and self._drag_from is not None and self._drag_to is not None:
            pen = QPen(blue)
            pen.setWidth(2)
            painter.setPen(pen)
            painter.setBrush(QColor(30, 80, 220, 40))
            painter.drawRect(QRectF(self._drag_from, self._drag_to).normalized())
            return
        shown = self.shown()
        if shown is None:
            return
        box, placed = shown
        rect = self.to_view(box)
        if rect is None:
            return
        if self.appearance is not None and not self.appearance.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(rect, self.appearance)
        pen = QPen(blue)
        pen.setWidth(1)
        pen.setStyle(Qt.PenStyle.DashLine if placed else Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        if placed:
            painter.setBrush(blue)
            painter.setPen(Qt.PenStyle.NoPen)
            for handle in self._handles(rect).values():
                painter.drawRect(handle)
