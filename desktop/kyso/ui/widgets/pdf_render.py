"""Rendering PDF pages with their signatures' appearances, off the GUI thread.

QtPdf's renderer draws annotations but not form widgets, and signatures are form widgets:
a signed page previewed with it shows no signature at all (issue 16). PDFium draws them
once its form-fill environment is set up (``init_forms``), which pypdfium2 does.

PDFium is not thread-safe, so every call goes through one thread (an executor with a single
worker); the document is opened there and lives there. Results come back to the GUI thread
by a queued signal, tagged with the generation they were asked for so a late image of an
older document is dropped.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

log = logging.getLogger(__name__)

_EXECUTOR: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    """The one thread that talks to PDFium (shared by every view of the process)."""
    global _EXECUTOR
    if _EXECUTOR is None:
        _EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kyso-pdfium")
    return _EXECUTOR


class _Open:
    """A document open in the PDFium thread (touched only there)."""

    def __init__(self, source: bytes | Path) -> None:
        import pypdfium2 as pdfium

        self.doc = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
        self.doc.init_forms()  # before any page is loaded: widgets (signatures) are drawn

    def render(self, page: int, width: int, height: int) -> QImage:
        pg = self.doc[page]
        try:
            scale = width / pg.get_width()
            bitmap = pg.render(scale=scale, may_draw_forms=True, rev_byteorder=True)
            pil = bitmap.to_pil().convert("RGBA")
        finally:
            pg.close()
        data = pil.tobytes()
        image = QImage(data, pil.width, pil.height, 4 * pil.width, QImage.Format.Format_RGBA8888)
        return image.copy()  # own the pixels (``data`` goes away with this frame)

    def close(self) -> None:
        self.doc.close()


class PageRenderer(QObject):
    """Renders pages of one document at a time; :attr:`rendered` brings the images."""

    rendered = Signal(int, int, object)
    """(generation, 0-based page, QImage)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._open: dict[str, Any] = {}
        """The document open in the PDFium thread ("doc"), touched only there."""

    def set_source(self, source: bytes | Path | None) -> int:
        """Render from this document from now on (None: nothing); the new generation."""
        self.generation += 1
        _executor().submit(self._swap, self.generation, source)
        return self.generation

    def request(self, page: int, width: int, height: int) -> None:
        _executor().submit(self._render, self.generation, page, width, height)

    def close(self) -> None:
        self.generation += 1
        _executor().submit(self._swap, self.generation, None)

    # -- in the PDFium thread ------------------------------------------------------------
    def _swap(self, generation: int, source: bytes | Path | None) -> None:
        old = self._open.pop("doc", None)
        if old is not None:
            old[1].close()
        if source is None:
            return
        try:
            self._open["doc"] = (generation, _Open(source))
        except Exception as exc:  # a preview only: the page says nothing is shown
            log.info("preview not rendered: %s", type(exc).__name__)

    def _render(self, generation: int, page: int, width: int, height: int) -> None:
        if generation != self.generation:
            return
        entry = self._open.get("doc")
        if entry is None or entry[0] != generation:
            return
        try:
            image = entry[1].render(page, width, height)
        except Exception as exc:
            log.info("page %s not rendered: %s", page, type(exc).__name__)
            return
        try:
            self.rendered.emit(generation, page, image)
        except RuntimeError:  # the view went away meanwhile
            pass
