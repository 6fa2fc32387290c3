"""What the main window already knows that the bridge's item-4 decision must read: the
cached trust checks by SHA-256 and the remote signing accounts' credentials — the very
inputs the Sign page hands :func:`kyso.ui.sign.worker.policy_and_choices` (its
:class:`~kyso.ui.sign.context.SigningContext`).

Without them the bridge decided differently from the Sign page for the same certificate: an
organization certificate the GUI's trust check had found revoked could still ground item 4's
emergency fallback, and one held only in a remote account could not.

The window's state lives on the GUI thread (the device model's ``checks`` dict, the remote
accounts' listing) and changes there; the bridge decides on worker threads. So every read
is made on the GUI thread, at decision time, and handed over as a copy
(:meth:`WindowKnowledge.read`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from kyso.core.errors import KysoError


@dataclass(frozen=True)
class Known:
    """A copy of what the window knows, taken on the GUI thread."""

    checks: Mapping[str, Any] = field(default_factory=dict)
    """Cached :class:`kyso.core.checkup.certificate.CertificateCheck` by SHA-256."""
    remote: tuple[Any, ...] = ()
    """The remote accounts' credentials listed now
    (:class:`kyso.ui.remote.accounts.RemoteCredentialState`)."""


class _Read:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Known | None = None
        self.error: BaseException | None = None


def _not_read() -> KysoError:
    return KysoError(
        "Kyso chưa đọc được kết quả kiểm tra chứng thư của cửa sổ chính (cửa sổ đang bận "
        "hoặc đang đóng); hãy thử ký lại sau ít giây.",
        "Kyso could not read the main window's certificate checks (the window is busy or "
        "closing); try signing again in a few seconds.",
        code="bridge_window_busy",
    )


class WindowKnowledge(QObject):
    """Reads ``checks`` and ``remote`` (callables over the main window, as the Sign page's
    :class:`~kyso.ui.sign.context.SigningContext` has them) on the GUI thread.

    Construct it on the GUI thread (its parent is the main window). :meth:`read` may be
    called from any thread; from a worker it waits at most ``timeout`` seconds for the GUI
    thread. A window that does not answer in time, or whose state cannot be read, raises
    :class:`KysoError` (``bridge_window_busy``) rather than deciding without what the Sign
    page would see.
    """

    _asked = Signal(object)

    def __init__(
        self,
        parent: QObject | None,
        checks: Callable[[], Mapping[str, Any] | None],
        remote: Callable[[], Sequence[Any]],
        *,
        timeout: float = 20.0,
    ) -> None:
        super().__init__(parent)
        self._checks = checks
        self._remote = remote
        self.timeout = timeout
        self._asked.connect(self._answer, Qt.ConnectionType.QueuedConnection)

    @classmethod
    def for_window(cls, window: Any) -> WindowKnowledge:
        """Over the main window, through the same callables its Sign page reads."""
        from kyso.ui.sign.context import SigningContext

        context = SigningContext.for_window(window)
        return cls(window, context.checks, context.remote)

    def _copy(self) -> Known:
        return Known(dict(self._checks() or {}), tuple(self._remote() or ()))

    def read(self) -> Known:
        """A copy of the window's checks and remote credentials as they are now."""
        if not shiboken6.isValid(self):
            raise _not_read()
        if QThread.currentThread() == self.thread():
            try:
                return self._copy()
            except Exception as exc:  # as from a worker: a refusal in words
                raise _not_read() from exc
        pending = _Read()
        try:
            self._asked.emit(pending)
        except RuntimeError:  # deleted with the window meanwhile
            raise _not_read() from None
        if not pending.done.wait(self.timeout):
            raise _not_read()
        if pending.error is not None:
            raise _not_read() from pending.error
        assert pending.value is not None
        return pending.value

    @Slot(object)
    def _answer(self, pending: _Read) -> None:
        try:
            pending.value = self._copy()
        except Exception as exc:  # handed to the worker, which refuses in words
            pending.error = exc
        finally:
            pending.done.set()

