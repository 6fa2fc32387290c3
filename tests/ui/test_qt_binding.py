"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 under Python 3.11 drops a
reference to ``None`` on every Qt call that returns nothing (``QLabel.setText``…), so the
GUI aborts ("Fatal Python error: none_dealloc") once ``None``'s count runs out — after a
few hundred certificates shown in the reform panel. pyproject.toml keeps that version out;
this test fails on any binding with the same defect."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    label.setText("x")  # anything a first call caches, cached
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("Ủy ban nhân dân")
        label.setToolTip("")
    after = sys.getrefcount(None)
    # Other threads may take or drop a few references meanwhile; 2,000 calls each losing
    # one would be 2,000.
    assert abs(after - before) < 100, (before, after)
