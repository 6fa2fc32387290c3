"""Table columns wide enough for their header's words: Qt gives every column the same
default width, which cut "Kiểm tra mô hình hai cấp" to "ı tra mô hình ha" in the
Inventory page even at 1920 px. Widths are measured from the header alone, never from
the rows (ResizeToContents would read every row of a 10,000-certificate table)."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableWidget


def fit_header(table: QTableWidget, column: int) -> None:
    """Widen ``column`` to its header text, if narrower; a stretched or user-sized
    column's mode is left alone (only an Interactive section is resized)."""
    header = table.horizontalHeader()
    if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
        return
    hint = header.sectionSizeHint(column)
    if header.sectionSize(column) < hint:
        header.resizeSection(column, hint)


def fit_headers(table: QTableWidget) -> None:
    """:func:`fit_header` for every column of ``table``."""
    for column in range(table.columnCount()):
        fit_header(table, column)
