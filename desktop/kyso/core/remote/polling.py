"""Waiting for the holder's approval on the phone: poll with a deadline, cancel at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from kyso.core.remote.provider import RemoteCancelled, RemoteExpired

T = TypeVar("T")

PENDING = object()
"""What ``check`` returns while the request is still waiting."""


def poll_until(
    check: Callable[[], object],
    *,
    deadline_s: float,
    interval_s: float = 1.0,
    cancel: threading.Event | None = None,
) -> object:
    """Call ``check`` every ``interval_s`` until it returns something other than
    :data:`PENDING` (returned) or raises; :class:`RemoteExpired` after ``deadline_s``,
    :class:`RemoteCancelled` as soon as ``cancel`` is set."""
    end = time.monotonic() + deadline_s
    while True:
        if cancel is not None and cancel.is_set():
            raise RemoteCancelled()
        result = check()
        if result is not PENDING:
            return result
        left = end - time.monotonic()
        if left <= 0:
            raise RemoteExpired(deadline_s)
        if cancel is not None:
            if cancel.wait(min(interval_s, left)):
                raise RemoteCancelled()
        else:
            time.sleep(min(interval_s, left))
