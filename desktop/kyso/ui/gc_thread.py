"""Cyclic garbage is collected on the GUI thread only.

Python runs its cycle collector in whichever thread happens to allocate when a threshold is
crossed. In a Qt application that thread may be a worker (the bridge, the signing loop, a
PDF renderer), and finalising Qt wrappers or PDFium objects there is not safe: the test
suite saw a segmentation fault inside a collection triggered on the bridge's worker thread.
So the automatic collector is switched off and a timer on the GUI thread runs the same
generational collections, as PyQt/PySide applications commonly do. Objects freed by their
reference count (nearly all) are unaffected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    """Checks the collector's counters every ``interval_ms`` and collects what Python would
    have collected, on this (the GUI) thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        l0, l1, l2 = gc.get_count()
        if l0 > self.threshold[0]:
            gc.collect(0)
            if l1 > self.threshold[1]:
                gc.collect(1)
                if l2 > self.threshold[2]:
                    gc.collect(2)
