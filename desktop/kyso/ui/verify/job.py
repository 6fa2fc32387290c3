"""Verification off the GUI thread: a job that streams results by signals and stops
soon when cancelled."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from kyso.core.errors import KysoError

log = logging.getLogger(__name__)


class VerifyJob(QObject):
    """Verifies files on a background thread; results arrive by signals, in order of
    completion. ``cancel()`` stops it soon (files not started are dropped)."""

    result_ready = Signal(object, object)
    """(job, DocumentResult)"""
    progress = Signal(object, int, int)
    """(job, done, total)"""
    failed = Signal(object, object)
    """(job, KysoError): the job stopped on an error (``done`` follows, not complete)."""
    done = Signal(object, bool)
    """(job, complete): complete is False when cancelled or failed."""

    def __init__(
        self,
        paths: Sequence[str | Path],
        *,
        checker: Any = None,
        online: bool = True,
        workers: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = list(paths)
        self.checker = checker
        self.online = online
        self.workers = workers
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kyso-verify", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        failed = False
        try:
            from kyso.core.verify.validation import verify_many

            checker = self.checker
            if checker is None:
                from kyso.core.checkup.certificate import make_checker
                from kyso.core.settings import load_settings

                loaded = load_settings()
                checker = make_checker(loaded.values, loaded.paths)
            for result in verify_many(
                self.paths,
                workers=self.workers,
                checker=checker,
                online=self.online,
                cancel=self._cancel,
                progress=lambda d, t: self.progress.emit(self, d, t),
            ):
                self.result_ready.emit(self, result)
        except KysoError as exc:
            log.warning("verification stopped: %s", exc)
            failed = True
            self.failed.emit(self, exc)
        except Exception as exc:  # never let a worker thread die silently
            log.error("verification failed: %s", "".join(traceback.format_exception(exc)))
            failed = True
            self.failed.emit(self, unexpected_error(exc))
        self.done.emit(self, not failed and not self._cancel.is_set())


def unexpected_error(exc: BaseException) -> KysoError:
    """An error Kyso did not foresee, in words a user can act on (the details go to the log)."""
    return KysoError(
        f"Lỗi không mong đợi khi kiểm tra chữ ký: {type(exc).__name__}. Hãy thử lại; nếu vẫn "
        "lỗi, gửi tệp nhật ký cho bộ phận CNTT.",
        f"Unexpected error while checking signatures: {type(exc).__name__}. Try again; if it "
        "persists, send the log file to IT.",
        code="unexpected",
    )
