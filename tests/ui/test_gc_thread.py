"""Cycles are collected on the GUI thread by a timer, never by a worker thread."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject

from kyso.ui.gc_thread import GuiThreadCollector


class Node:
    def __init__(self) -> None:
        self.me = self
        self.thread: str | None = None

    def __del__(self) -> None:
        collected_in.append(threading.current_thread().name)


collected_in: list[str] = []


def test_cycles_are_collected_by_the_gui_timer(qtbot) -> None:
    owner = QObject()
    collector = GuiThreadCollector(owner, interval_ms=20)
    assert not gc.isenabled()
    collected_in.clear()
    gc.collect()
    refs = []

    def make_garbage() -> None:  # a worker allocating: it must not collect
        for _ in range(gc.get_threshold()[0] * 3):
            node = Node()
            refs.append(weakref.ref(node))
            del node

    worker = threading.Thread(target=make_garbage, name="worker")
    worker.start()
    worker.join()
    assert collected_in == []  # nothing collected in the worker
    qtbot.waitUntil(lambda: all(r() is None for r in refs), timeout=5000)
    assert set(collected_in) == {threading.main_thread().name}
    collector.timer.stop()
