"""Processes: whether one still runs, asked without touching it, and how many cores are idle
for more (a shared module: it imports no Kyso package).

Why not ``os.kill(pid, 0)`` on every system: on Windows ``os.kill`` with any signal but the
two console events calls ``TerminateProcess`` — asking "is it alive?" would end it. Windows
is asked with ``OpenProcess`` and ``GetExitCodeProcess`` instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Protocol

PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
ERROR_ACCESS_DENIED = 5
STILL_ACTIVE = 259
MAX_PID = 0xFFFF_FFFF
"""Above every system's process ids (Windows' DWORD; Linux and macOS use 31 bits)."""


class ProcessApi(Protocol):
    """What :func:`process_alive` asks Windows (tests give a stand-in)."""

    def open(self, pid: int) -> Any:
        """A handle, or a false value (then :meth:`last_error` says why)."""

    def last_error(self) -> int: ...

    def exit_code(self, handle: Any) -> int | None:
        """The process's exit code (STILL_ACTIVE while it runs), None when not told."""

    def close(self, handle: Any) -> None: ...


def process_alive(pid: object, *, windows: ProcessApi | None = None) -> bool:
    """True when a process with this id runs (or may: when the system will not say, the
    answer is True, so a caller never deletes what a live process may still use).

    ``windows``: the Windows API to ask (:class:`Kernel32` on Windows; tests give a
    stand-in on any system).
    """
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if windows is None and os.name == "nt":  # pragma: no cover - Windows only
        windows = Kernel32()
    if pid > MAX_PID:
        return False  # no system numbers a process so (os.kill would raise OverflowError)
    if windows is not None:
        return _alive_windows(pid, windows)
    try:
        os.kill(pid, 0)  # POSIX: signal 0 only asks
    except (ProcessLookupError, OverflowError):
        return False
    except OSError:  # PermissionError: another user's process, alive
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Linux: the process has ended and only waits for its parent to read its exit status
    (state Z); signal 0 still reaches it, but it uses nothing any more."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False  # not Linux, or gone meanwhile: os.kill's answer stands
    # "pid (comm) S …": comm may hold spaces and parentheses, the state follows the last ")"
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def _alive_windows(pid: int, api: ProcessApi) -> bool:
    handle = api.open(pid)
    if not handle:
        # Access denied: the process exists (another user's, or protected). Anything else
        # (ERROR_INVALID_PARAMETER) means no such process.
        return api.last_error() == ERROR_ACCESS_DENIED
    try:
        code = api.exit_code(handle)
        return code is None or code == STILL_ACTIVE  # not told: keep what it may use
    finally:
        api.close(handle)


class Kernel32:  # pragma: no cover - Windows only
    """:class:`ProcessApi` over ``kernel32.dll``, with the argument types declared."""

    def __init__(self) -> None:
        import ctypes
        from ctypes import wintypes

        self._ctypes = ctypes
        dll = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        dll.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        dll.OpenProcess.restype = wintypes.HANDLE
        dll.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
        dll.GetExitCodeProcess.restype = wintypes.BOOL
        dll.CloseHandle.argtypes = (wintypes.HANDLE,)
        dll.CloseHandle.restype = wintypes.BOOL
        self._dll = dll
        self._dword = wintypes.DWORD

    def open(self, pid: int) -> Any:
        return self._dll.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)

    def last_error(self) -> int:
        return int(self._ctypes.get_last_error())  # type: ignore[attr-defined]

    def exit_code(self, handle: Any) -> int | None:
        code = self._dword(0)
        if not self._dll.GetExitCodeProcess(handle, self._ctypes.byref(code)):
            return None
        return int(code.value)

    def close(self, handle: Any) -> None:
        self._dll.CloseHandle(handle)


def idle_cores() -> int:
    """Cores nobody is using (cores minus the last minute's load average; every core where
    the system does not say). With the machine already busy a worker process only takes
    time from the calling one: measured on 2 cores under a load of 4, one worker made
    every batch from 10 to 200 files slower, or no faster."""
    cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows
        return cores
    return max(0, int(cores - load))


def runnable_elsewhere(loadavg: Path = Path("/proc/loadavg")) -> int:
    """Other processes (threads) that want a core at this moment, on Linux: the running
    count of ``/proc/loadavg`` less this one. Unlike the load average (the last minute's),
    it does not count the run that just ended: a command run again and again would
    otherwise find the machine busy with its own previous runs. Where the system does not
    say, the load average less this process."""
    try:
        running = int(loadavg.read_text().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        try:
            return max(0, round(os.getloadavg()[0]) - 1)
        except (AttributeError, OSError):  # Windows
            return 0
    return max(0, running - 1)
