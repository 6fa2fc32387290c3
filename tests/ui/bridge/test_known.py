""":class:`~kyso.ui.bridge.known.WindowKnowledge`: the bridge's worker threads read the main
window's cached checks and remote credentials on the GUI thread, as copies taken when they
decide; a window that does not answer is a refusal in words, never a decision without
them."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from kyso.core.errors import KysoError
from kyso.ui.bridge.known import Known, WindowKnowledge


def _from_worker(qtbot, read):
    """``read()`` on another thread while the GUI thread runs its event loop."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = read()
        except Exception as exc:
            box["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10000)
    return box


def test_a_worker_reads_on_the_gui_thread_a_copy_as_it_is_now(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    checks: dict = {"aa": "check of aa"}
    remote: list = []
    threads: list = []

    def read_checks():
        threads.append(threading.current_thread())
        return checks

    knowledge = WindowKnowledge(window, read_checks, lambda: remote)
    box = _from_worker(qtbot, knowledge.read)
    assert box["value"] == Known({"aa": "check of aa"}, ())
    assert threads == [threading.main_thread()]  # never touched from the worker
    # read again when deciding again: what the window learnt meanwhile is seen
    checks["bb"] = "check of bb"
    remote.append("credential")
    known = _from_worker(qtbot, knowledge.read)["value"]
    assert set(known.checks) == {"aa", "bb"} and known.remote == ("credential",)
    # a copy: the window's later changes do not reach a decision already under way
    checks.clear()
    assert set(known.checks) == {"aa", "bb"}


def test_on_the_gui_thread_it_reads_directly(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    knowledge = WindowKnowledge(window, lambda: None, lambda: ["c"])
    assert knowledge.read() == Known({}, ("c",))


def test_a_window_that_does_not_answer_is_a_refusal(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    knowledge = WindowKnowledge(window, lambda: {}, lambda: [], timeout=0.2)
    box: dict = {}

    def run() -> None:
        try:
            knowledge.read()
        except KysoError as exc:
            box["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()  # the GUI thread is busy (here: waiting) and never answers
    assert box["error"].code == "bridge_window_busy"
    assert "thử ký lại" in box["error"].vi and "try signing again" in box["error"].en
    qtbot.wait(50)  # the late question is answered into the void, harmlessly


def test_a_failing_read_is_a_refusal(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)

    def broken():
        raise AttributeError("model")

    knowledge = WindowKnowledge(window, broken, lambda: [])
    box = _from_worker(qtbot, knowledge.read)
    assert isinstance(box["error"], KysoError) and box["error"].code == "bridge_window_busy"
    with pytest.raises(KysoError):  # on the GUI thread alike
        knowledge.read()


def test_over_the_main_window_it_reads_what_the_sign_page_reads(qtbot, main_window) -> None:
    """:meth:`WindowKnowledge.for_window` (what the app's bridge uses) reads the window's
    device model checks and remote accounts, as :class:`SigningContext.for_window` does."""
    knowledge = WindowKnowledge.for_window(main_window)
    main_window.model.checks["cc" * 32] = "a cached check"
    known = _from_worker(qtbot, knowledge.read)["value"]
    assert known.checks == main_window.model.checks
    expected = tuple(main_window.remote.credentials()) if main_window.remote else ()
    assert known.remote == expected
