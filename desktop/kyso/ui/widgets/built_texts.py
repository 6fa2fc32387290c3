"""Retranslating a page whose builder set its texts once, with ``self.tr`` in place.

:class:`BuiltTexts` records, while the page is built, every translation ``tr`` returned and
its source string; then it finds the widgets showing those texts (button and label texts,
group titles, tab texts, table and tree headers, placeholders, tooltips, chart titles).
:meth:`BuiltTexts.retranslate` sets each again through ``tr`` in the language now
installed, unless the page has changed that text since (a label the page fills itself is
left to the page). Without it the Inventory page stayed in Vietnamese after switching to
English (issue 16).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import shiboken6
from PySide6.QtCharts import QChartView
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from kyso.ui.widgets.table_headers import fit_header


@dataclass
class _Binding:
    widget: QWidget
    """Checked alive before each use (a header item is fetched again through it)."""
    get: Callable[[], str]
    set: Callable[[str], None]
    source: str
    shown: str


class BuiltTexts:
    def __init__(self, owner: QWidget) -> None:
        self.owner = owner
        self.sources: dict[str, str] = {}
        self.bindings: list[_Binding] = []

    @contextmanager
    def recording(self) -> Iterator[None]:
        """Build the page inside this block."""
        real = self.owner.tr

        def tr(source: str, *args: object) -> str:
            text = real(source, *args)  # type: ignore[arg-type]
            self.sources.setdefault(text, source)
            return text

        self.owner.tr = tr  # type: ignore[method-assign]
        try:
            yield
        finally:
            del self.owner.tr
        self._bind()

    def _accessors(self, w: QWidget) -> Iterator[tuple[Callable[[], str], Callable[[str], None]]]:
        yield w.toolTip, w.setToolTip
        if isinstance(w, (QAbstractButton, QLabel)):
            yield w.text, w.setText
        if isinstance(w, QGroupBox):
            yield w.title, w.setTitle
        if isinstance(w, QLineEdit):
            yield w.placeholderText, w.setPlaceholderText
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield (lambda w=w, i=i: w.tabText(i)), (lambda t, w=w, i=i: w.setTabText(i, t))
        if isinstance(w, QTableWidget):
            # header items are fetched at each use: the table may replace them
            for i in range(w.columnCount()):
                yield (lambda w=w, i=i: _header_text(w, i)), (
                    lambda t, w=w, i=i: _set_header_text(w, i, t)
                )
        if isinstance(w, QTreeWidget):
            for i in range(w.columnCount()):
                yield (lambda w=w, i=i: w.headerItem().text(i)), (
                    lambda t, w=w, i=i: w.headerItem().setText(i, t)
                )
        if isinstance(w, QChartView):
            chart = w.chart()
            yield chart.title, chart.setTitle

    def _bind(self) -> None:
        for w in [self.owner, *self.owner.findChildren(QWidget)]:
            if w.objectName().startswith("qt_"):
                continue  # Qt's own insides (scroll bars, viewports)
            for get, set_ in self._accessors(w):
                text = get()
                if text and text in self.sources:
                    self.bindings.append(_Binding(w, get, set_, self.sources[text], text))

    def retranslate(self) -> None:
        self.bindings = [b for b in self.bindings if shiboken6.isValid(b.widget)]
        for b in self.bindings:
            if b.get() != b.shown:
                continue  # the page changed it since: its own code keeps it current
            b.shown = self.owner.tr(b.source)
            b.set(b.shown)


def _header_text(table: QTableWidget, column: int) -> str:
    item = table.horizontalHeaderItem(column)
    return item.text() if item is not None else ""


def _set_header_text(table: QTableWidget, column: int, text: str) -> None:
    item = table.horizontalHeaderItem(column)
    if item is not None:
        item.setText(text)
        fit_header(table, column)  # the words of another language may be longer
