"""Review of ``process_alive`` (core/procs.py) and its callers: what the question "does this
process still run?" answers for process ids a real system or a damaged record gives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kyso.core.procs import process_alive

HUGE = (2**31, 2**63, 2**64 + 7)


@pytest.mark.parametrize("pid", HUGE)
def test_a_pid_beyond_the_systems_range_is_an_answer_not_a_crash(pid: int) -> None:
    """Found by review, fixed: ``os.kill(2**31, 0)`` raises OverflowError (not an OSError), which
    process_alive lets through: the function promises a bool ("when the system will not
    say, the answer is True") and every caller below crashes instead."""
    assert process_alive(pid) in (True, False)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc to confirm")
def test_a_killed_but_not_reaped_process_is_gone() -> None:
    """Found by review (minor), fixed: A process killed while its parent has not yet waited for it (a
    zombie: whatever launched Kyso has not reaped it) runs no code and uses no folder, but
    ``os.kill(pid, 0)`` still succeeds, so process_alive says True: the killed Kyso's call
    folder (a web page's documents) stays in /tmp and its pending remote request is not
    reported, for as long as the launcher lives."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        os.kill(child.pid, signal.SIGKILL)
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # dead, not reaped
        state = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        assert state == "Z"  # control: a zombie indeed
        assert process_alive(child.pid) is False
    finally:
        child.wait(10)


@pytest.mark.parametrize("pid", [1, os.getppid()])
def test_running_processes_of_any_owner_are_alive(pid: int) -> None:
    """Pinned by review: pid 1 (root's init: os.kill is refused with EPERM for a user) and
    the parent process both count as alive, so nothing they may use is deleted."""
    assert process_alive(pid) is True
