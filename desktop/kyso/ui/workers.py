"""Running core calls off the GUI thread and bringing results back by signals."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kyso.core.errors import KysoError

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    """A KysoError (shown to the user); unexpected exceptions are wrapped in one."""
    progress = Signal(int, int, str)


class Worker(QRunnable):
    """Runs ``fn(*args)`` on the global thread pool; the GUI listens to :attr:`signals`."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.signals = WorkerSignals()
        # Python keeps the worker (and its signals) alive until the GUI thread has received
        # the result: a queued signal from a deleted sender to a plain function is dropped.
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn(*self.args)
        except KysoError as exc:
            self.signals.failed.emit(exc)
        except Exception as exc:
            log.error("worker failed: %s", "".join(traceback.format_exception(exc)))
            self.signals.failed.emit(
                KysoError(
                    f"Lỗi không mong đợi: {type(exc).__name__}. Hãy thử lại; nếu vẫn lỗi, gửi "
                    "tệp nhật ký cho bộ phận CNTT.",
                    f"Unexpected error: {type(exc).__name__}. Try again; if it persists, send "
                    "the log file to IT.",
                    code="unexpected",
                )
            )
        else:
            self.signals.finished.emit(result)


W = TypeVar("W", bound="Worker")
_ALIVE: set[Worker] = set()


def _keep(worker: Worker) -> None:
    _ALIVE.add(worker)

    def release(_: object = None) -> None:
        _ALIVE.discard(worker)

    # Connected last: runs after the caller's own slots.
    worker.signals.finished.connect(release)
    worker.signals.failed.connect(release)


def start(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Any], None] | None = None,
) -> Worker:
    return _launch(Worker(fn, *args), on_done, on_error)


def _launch(
    worker: W,
    on_done: Callable[[Any], None] | None,
    on_error: Callable[[Any], None] | None,
) -> W:
    if on_done:
        worker.signals.finished.connect(on_done)
    if on_error:
        worker.signals.failed.connect(on_error)
    _keep(worker)
    QThreadPool.globalInstance().start(worker)
    return worker


class ProgressWorker(Worker):
    """``fn(report, cancel)``: ``report(done, total, text)`` emits progress; ``cancel`` is a
    :class:`threading.Event` the GUI sets to stop between items."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__(fn, *args)
        self.cancel = threading.Event()
        self.args = (self._report, self.cancel, *args)

    def _report(self, done: int, total: int, text: str = "") -> None:
        self.signals.progress.emit(done, total, text)


def start_with_progress(
    fn: Callable[..., Any],
    *args: Any,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Any], None] | None = None,
) -> ProgressWorker:
    worker = ProgressWorker(fn, *args)
    if on_progress:
        worker.signals.progress.connect(on_progress)
    return _launch(worker, on_done, on_error)
