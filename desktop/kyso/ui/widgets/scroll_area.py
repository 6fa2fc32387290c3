"""Pages sit in scroll areas so the window still fits a 1366×768 laptop screen."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QWidget


def scrollable(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area
