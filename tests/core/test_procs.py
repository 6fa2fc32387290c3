"""``process_alive`` asks without touching: real processes on POSIX, and Windows' API through
a stand-in — where ``os.kill(pid, 0)`` would have ended the process (TerminateProcess)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from kyso.core import procs
from kyso.core.procs import ERROR_ACCESS_DENIED, STILL_ACTIVE, process_alive


def test_real_processes() -> None:
    assert process_alive(os.getpid())
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        assert process_alive(sleeper.pid)
    finally:
        sleeper.kill()
        sleeper.wait(10)
    assert not process_alive(sleeper.pid)  # reaped: gone


@pytest.mark.parametrize("pid", [None, "123", 0, -1, True, 1.5])
def test_not_a_process_id(pid: object) -> None:
    assert not process_alive(pid)


def test_another_users_process_is_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(pid: int, sig: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(procs.os, "kill", denied)
    assert process_alive(4242)


class _Windows:
    def __init__(self, handle: Any, error: int = 0, code: int | None = STILL_ACTIVE) -> None:
        self.handle, self.error, self.code = handle, error, code
        self.closed: list[Any] = []

    def open(self, pid: int) -> Any:
        return self.handle

    def last_error(self) -> int:
        return self.error

    def exit_code(self, handle: Any) -> int | None:
        return self.code

    def close(self, handle: Any) -> None:
        self.closed.append(handle)


@pytest.mark.parametrize(
    ("api", "alive"),
    [
        (_Windows(None, error=ERROR_ACCESS_DENIED), True),  # exists, not ours to open
        (_Windows(None, error=87), False),  # ERROR_INVALID_PARAMETER: no such process
        (_Windows(7, code=STILL_ACTIVE), True),
        (_Windows(7, code=0), False),  # ended
        (_Windows(7, code=None), True),  # not told: keep what it may use
    ],
)
def test_windows_is_asked_never_killed(
    api: _Windows, alive: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(pid: int, sig: int) -> None:  # on Windows this is TerminateProcess
        raise AssertionError("os.kill called")

    monkeypatch.setattr(procs.os, "kill", never)
    assert process_alive(4242, windows=api) is alive
    assert api.closed == ([7] if api.handle else [])
