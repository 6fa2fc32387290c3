"""Many subjects checked in parts by forked copies of the process (issue 15, item 6):
the parts' texts in order whatever the number of processes, a copy that dies or sends
less than it said has its part checked again here, no copy outlives the call, and
forking only where it is safe (Linux, no other thread, idle cores)."""

from __future__ import annotations

import os
import signal
import struct
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from kyso.core.checkup import subject_batch
from kyso.core.checkup.subject_batch import checked_in_parts, processes_for
from kyso.core.procs import runnable_elsewhere

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")


KERNEL_COUNT = subject_batch._other_threads  # before the fixture below stands in for it


@pytest.fixture(autouse=True)
def _no_other_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking is refused while another thread runs (a driver's, left by an earlier test in
    this process); these tests' parts run nothing a thread could hold a lock of."""
    monkeypatch.setattr(subject_batch, "_other_threads", lambda: 0)


def _upper(part: Sequence[str]) -> tuple[list[str], bool]:
    """A stand-in check: each subject's line, and a finding when one says "cũ"."""
    return [f"{s.upper()}\n" for s in part], any("cũ" in s for s in part)


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


# Subjects of 8 units ("…,O=unit k"): a unit's subjects go to one part.
ITEMS = [f"UID={i},CN=người {i},O=đơn vị {i % 8}" + (" cũ" if i == 17 else "") for i in range(40)]


@linux_only
@pytest.mark.parametrize("processes", [1, 2, 3, 7])
def test_parts_in_order_whatever_the_number_of_processes(processes: int) -> None:
    parts: list[list[str]] = []

    def recorded(part: Sequence[str]) -> tuple[list[str], bool]:
        parts.append(list(part))  # in this process only: the first part
        return _upper(part)

    checked = checked_in_parts(ITEMS, recorded, processes)
    assert checked.texts == _upper(ITEMS)[0]
    assert checked.findings
    [first] = parts
    assert first == sorted(first, key=ITEMS.index)  # in the list's order

    def unit(subject: str) -> str:
        return subject.split(",", 2)[2]

    units = {unit(s) for s in first}
    assert first == [s for s in ITEMS if unit(s) in units]  # whole units only
    assert abs(len(first) - len(ITEMS) / min(processes, 8)) <= 5  # balanced, a unit at most
    assert not checked_in_parts(ITEMS[:10], _upper, processes).findings
    assert _no_children_left()


@linux_only
def test_a_copy_that_dies_has_its_part_checked_here() -> None:
    """Killed (out of memory, a signal) before it sent its part: the calling process checks
    that part itself; the output is whole and in order."""
    parent = os.getpid()

    here: list[Sequence[str]] = []

    def dies_in_copies(part: Sequence[str]) -> tuple[list[str], bool]:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        here.append(part)
        return _upper(part)

    checked = checked_in_parts(ITEMS, dies_in_copies, 3)
    assert checked.texts == _upper(ITEMS)[0]
    assert len(here) == 3  # its own part, then each dead copy's
    assert checked.findings
    assert _no_children_left()


@linux_only
def test_a_copy_that_sends_less_than_it_said_has_its_part_checked_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A copy cut off mid-message (the header says more than came): never half a part."""
    parent = os.getpid()

    class Overstated(struct.Struct):
        def pack(self, *values: object) -> bytes:
            findings, size = values
            if os.getpid() != parent:
                size = 2 * int(size)  # type: ignore[call-overload]
            return super().pack(findings, size)

    def half_sent(part: Sequence[str]) -> tuple[list[str], bool]:
        texts, findings = _upper(part)
        if os.getpid() != parent:  # what came before the copy was cut off
            return texts[: len(texts) // 2], findings
        return texts, findings

    monkeypatch.setattr(subject_batch, "_HEADER", Overstated(subject_batch._HEADER.format))
    checked = checked_in_parts(ITEMS, half_sent, 3)
    assert checked.texts == _upper(ITEMS)[0]
    assert _no_children_left()


@linux_only
def test_a_copy_that_raises_has_its_part_checked_here() -> None:
    parent = os.getpid()

    def raises_in_copies(part: Sequence[str]) -> tuple[list[str], bool]:
        if os.getpid() != parent:
            raise MemoryError
        return _upper(part)

    checked = checked_in_parts(ITEMS, raises_in_copies, 4)
    assert checked.texts == _upper(ITEMS)[0]
    assert _no_children_left()


@linux_only
def test_interrupted_here_no_copy_outlives_the_call() -> None:
    """Ctrl+C while this process checks its own part: every copy is ended and reaped
    before the interruption goes on up."""
    parent = os.getpid()
    started = threading.Event()

    def slow(part: Sequence[str]) -> tuple[list[str], bool]:
        if os.getpid() != parent:
            signal.pause()  # a copy still working
        started.set()
        raise KeyboardInterrupt

    signal.alarm(30)  # a copy left running would hang the reaping: fail, not hang
    try:
        with pytest.raises(KeyboardInterrupt):
            checked_in_parts(ITEMS, slow, 3)
    finally:
        signal.alarm(0)
    assert started.is_set()
    assert _no_children_left()


@linux_only
def test_text_that_is_not_utf8_goes_through_a_copy_unchanged() -> None:
    """A lone surrogate (a command-line byte that was not UTF-8) reaches the output as the
    one-process run has it; the output's own encoding decides what happens to it."""
    items = ["a\udcffb", "c", "d\ud800"]
    assert checked_in_parts(items, _upper, 3).texts == _upper(items)[0]


def _distinct_subjects(count: int) -> list[str]:
    return [f"CN=UBND xã {i},O=UBND tỉnh A,C=VN" for i in range(count)]


MANY = _distinct_subjects(10_000)


def test_one_process_where_forking_is_not_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    threads = threading.active_count()  # other tests' drivers may have left some
    monkeypatch.setattr(subject_batch, "_other_threads", lambda: threading.active_count() - threads)
    monkeypatch.setattr(subject_batch, "runnable_elsewhere", lambda: 0)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert processes_for(MANY, None) == 4
    assert processes_for(MANY, 2) == 2
    monkeypatch.setattr(sys, "platform", "win32")
    assert processes_for(MANY, None) == 1
    assert processes_for(MANY, 4) == 1
    monkeypatch.setattr(sys, "platform", "darwin")
    assert processes_for(MANY, 4) == 1
    monkeypatch.setattr(sys, "platform", "linux")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:  # a driver's thread holding a lock at the fork would hold it forever in the copy
        assert processes_for(MANY, None) == 1
        assert processes_for(MANY, 4) == 1
    finally:
        stop.set()
        other.join()
    assert processes_for(MANY, None) == 4


def test_processes_only_for_batches_and_idle_cores_that_pay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    per = subject_batch.SUBJECTS_PER_PROCESS
    monkeypatch.setattr(subject_batch, "_other_threads", lambda: 0)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(16)), raising=False)
    monkeypatch.setattr(subject_batch, "runnable_elsewhere", lambda: 0)
    assert processes_for(_distinct_subjects(1), None) == 1
    # a small batch: done before a copy pays
    assert processes_for(_distinct_subjects(2 * per - 1), None) == 1
    assert processes_for(_distinct_subjects(2 * per), None) == 2
    assert processes_for(_distinct_subjects(100 * per), None) == subject_batch.MAX_PROCESSES
    # An inventory: many certificates, few verdicts (people of a few units): one process.
    people = [
        f"UID=CCCD:{i:012},CN=Người {i},OU=UBND xã {i % 50},O=UBND tỉnh A" for i in range(20 * per)
    ]
    assert processes_for(people, None) == 1
    units = [f"UID=MST:{i:010},CN=UBND xã {i},O=UBND tỉnh A" for i in range(20 * per)]
    assert processes_for(units, None) == 8  # organizations: their names are their own
    monkeypatch.setattr(subject_batch, "runnable_elsewhere", lambda: 15)
    assert processes_for(_distinct_subjects(100 * per), None) == 1  # every core busy
    monkeypatch.setattr(subject_batch, "runnable_elsewhere", lambda: 13)
    assert processes_for(_distinct_subjects(100 * per), None) == 3
    # --jobs: as given, one process a subject at most
    assert processes_for(_distinct_subjects(3), 8) == 3
    assert processes_for(_distinct_subjects(100), 1) == 1


def test_runnable_elsewhere_reads_the_running_count_now(tmp_path: Path) -> None:
    """The running count of /proc/loadavg less this process, not the last minute's
    load (which counts the previous run of the same command)."""
    loadavg = tmp_path / "loadavg"
    loadavg.write_text("3.90 2.10 1.00 1/345 12345\n")
    assert runnable_elsewhere(loadavg) == 0
    loadavg.write_text("0.10 0.10 0.10 4/345 12345\n")
    assert runnable_elsewhere(loadavg) == 3
    loadavg.write_text("garbage\n")
    assert runnable_elsewhere(loadavg) >= 0  # the load average instead
    assert runnable_elsewhere(tmp_path / "missing") >= 0


@linux_only
@pytest.mark.parametrize("fails", ["fork", "pipe"])
def test_no_process_or_file_left_the_parts_are_checked_here(
    fails: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second copy cannot be started (fork: EAGAIN, a container's process limit; pipe:
    EMFILE, no file left): the parts without a copy are checked here, the output whole."""
    real = {"fork": os.fork, "pipe": os.pipe}[fails]
    calls = 0

    def second_fails() -> object:
        nonlocal calls
        calls += 1
        if calls >= 2:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real()

    monkeypatch.setattr(os, fails, second_fails)
    open_before = len(os.listdir("/proc/self/fd"))
    here: list[Sequence[str]] = []
    parent = os.getpid()

    def recorded(part: Sequence[str]) -> tuple[list[str], bool]:
        if os.getpid() == parent:
            here.append(part)
        return _upper(part)

    checked = checked_in_parts(ITEMS, recorded, 4)
    assert checked.texts == _upper(ITEMS)[0]
    assert checked.findings
    assert len(here) == 3  # its own part and the two that got no copy
    assert len(os.listdir("/proc/self/fd")) == open_before  # no pipe end left open
    assert _no_children_left()


@linux_only
def test_a_copy_takes_ctrl_c_as_any_process_and_this_one_keeps_its_handling() -> None:
    """In the copy Ctrl+C and SIGTERM end the process (the default), never this process'
    own handling (its message, its exit); here they are handled as before."""
    parent = os.getpid()
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)

    def handlers(part: Sequence[str]) -> tuple[list[str], bool]:
        if os.getpid() == parent:
            return [f"{s}: here" for s in part], False
        said = f"{signal.getsignal(signal.SIGINT)} {signal.getsignal(signal.SIGTERM)}"
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, set())
        return [f"{said} {sorted(blocked)}" for _ in part], False

    texts = checked_in_parts(ITEMS, handlers, 2).texts
    copied = {t for t in texts if not t.endswith(": here")}
    assert copied == {f"{signal.SIG_DFL} {signal.SIG_DFL} []"}
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == set()


@linux_only
def test_never_forked_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever number it is given: a thread (a driver's, even one started by a C library,
    which the kernel counts) may hold a lock the copy would wait for forever."""
    monkeypatch.setattr(subject_batch, "_other_threads", lambda: 1)
    parent = os.getpid()
    pids: set[int] = set()

    def where(part: Sequence[str]) -> tuple[list[str], bool]:
        pids.add(os.getpid())
        return _upper(part)

    assert checked_in_parts(ITEMS, where, 4).texts == _upper(ITEMS)[0]
    assert pids == {parent}


def test_the_kernel_counts_the_threads() -> None:
    """The count read where forking happens (Linux): what ``threading`` knows at least."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("no /proc")
    assert KERNEL_COUNT() >= threading.active_count() - 1
