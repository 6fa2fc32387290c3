"""Running core calls off the GUI thread and bringing results back by signals."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

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
        self.setAutoDelete(True)

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


def start(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Any], None] | None = None,
) -> Worker:
    worker = Worker(fn, *args)
    if on_done:
        worker.signals.finished.connect(on_done)
    if on_error:
        worker.signals.failed.connect(on_error)
    QThreadPool.globalInstance().start(worker)
    return worker
