"""``kyso check --subjects-from FILE`` on many subjects: the list cut into parts, each part's
output written by its own process on a machine with idle cores (Linux), in the list's order.

Why processes: the two-tier check is CPU-bound Python (the GIL), ~0.06–0.11 ms a subject on
one core; 10,000 subjects all different spend about a second on one core. A part is checked
by a *forked* copy of the calling process, which already holds the table of administrative
units and its warm caches: no start-up to pay (a spawned worker would import Kyso and load
the table again, longer than it saves — why :func:`kyso.core.verify.validation.verify_many`
waits for 120 files before it spawns one). Every part's text is what the calling process
would have written for it (the check is deterministic; a test holds the joined parts to the
one-process bytes), so the output does not depend on how many processes wrote it.

Nothing is lost: a forked process that dies, is killed or sends back less than it said
(out of memory, a signal) has its part checked again by the calling process. Nothing is
left behind: a calling process interrupted (Ctrl+C) ends its copies before it goes, and one
that is killed takes them with it (the kernel's parent-death signal). Forking is
used only where it is safe and pays: on Linux, from a process with no other thread (a lock
held by another thread at the fork would stay held in the copy forever), with an idle core
now (:func:`~kyso.core.procs.runnable_elsewhere`; on a busy machine a second process only
takes time from the first) and at least :data:`SUBJECTS_PER_PROCESS` subjects for each
process. Elsewhere (Windows, macOS, the GUI's threads) one process checks the whole list,
with the same output.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import marshal
import os
import signal
import struct
import sys
import threading
from collections.abc import Callable, Sequence
from typing import NamedTuple

from kyso.core.procs import runnable_elsewhere

SUBJECTS_PER_PROCESS = 1000
"""How many subjects each process needs before the list is cut in one more part. A fork of
the calling process (~100 MB, the table) costs 12–22 ms; one process checks 500 subjects
all different in ~0.1 s, and two processes did them in 0.07 s (2 idle cores). A thousand a
process keeps the fork a small share of any part. End to end: ``tests/bench/
bench_check_parts.py``."""

MAX_PROCESSES = 8
"""No more processes than this however many cores: each holds its own copy of what it
changes, and the parts' texts wait in the calling process' memory until written."""

PartOutput = tuple[list[str], bool]
"""Each subject's text of a part, in the part's order, and whether any has findings."""


class CheckedTexts(NamedTuple):
    """What :func:`checked_in_parts` gives: each subject's text in the list's order, and
    whether any subject has findings."""

    texts: list[str]
    findings: bool


_HEADER = struct.Struct(">?Q")  # findings, the length of the marshalled texts in bytes


def processes_for(subjects: Sequence[str], jobs: int | None) -> int:
    """How many processes (the calling one included) check ``subjects``, 1 wherever
    forking is not safe (see the module's text). ``jobs``: the user's number (``kyso check
    --jobs N``), taken as given up to :data:`MAX_PROCESSES` and one process a subject.
    None: one more process per :data:`SUBJECTS_PER_PROCESS` subjects that will need a
    verdict of their own (:func:`_distinct`: an inventory's 10,000 certificates of 200
    units are about 200 verdicts, done by one process in ~0.13 s, and twice as slow in
    two), as many as there are cores idle now
    (:func:`~kyso.core.procs.runnable_elsewhere`)."""
    count = len(subjects)
    if count < 2 or not _can_fork():
        return 1
    if jobs is not None:
        return max(1, min(jobs, MAX_PROCESSES, count))
    if count < 2 * SUBJECTS_PER_PROCESS:
        return 1
    wanted = _distinct(subjects) // SUBJECTS_PER_PROCESS
    if wanted < 2:
        return 1
    idle = len(os.sched_getaffinity(0)) - runnable_elsewhere()
    return max(1, min(idle, MAX_PROCESSES, wanted))


def _distinct(subjects: Sequence[str]) -> int:
    """About how many verdicts ``subjects`` need: the subjects less their UID, and less the
    name of a person known by a personal ID (what a verdict is shared by, roughly as
    :func:`~kyso.core.subjects.holder.subject_pattern` reads it, without reading a value)."""
    seen: set[str] = set()
    for subject in subjects:
        if subject[:4].upper() == "UID=":
            uid, _, subject = subject.partition(",")
            if uid[4:8].upper() in _PERSONAL_IDS:
                subject = subject.partition(",")[2]  # the CN: a person's name
        seen.add(subject)
    return len(seen)


_PERSONAL_IDS = frozenset(("CCCD", "CMND"))


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork") and not _other_threads()


def _other_threads() -> int:
    """Threads besides this one, those a C library started on its own (a driver's) too:
    the kernel's count of the process' tasks, which Python's ``threading`` does not see."""
    try:
        return len(os.listdir("/proc/self/task")) - 1
    except OSError:
        return threading.active_count() - 1


def checked_in_parts(
    subjects: Sequence[str],
    check_part: Callable[[Sequence[str]], PartOutput],
    processes: int,
) -> CheckedTexts:
    """``check_part`` on ``processes`` parts of ``subjects``: each subject's text in the
    list's order, and whether any has findings. The first part is checked here while forked
    copies of this process check the others; a part whose copy could not be started (no
    process or file left: ``fork``, ``pipe`` failed) or failed is checked here. Subjects
    of one unit go to one part (:func:`_parts`): what they share (the unit's verdict, its
    places read) is worked out once, as in one process. One process where forking is not
    safe (:func:`processes_for`), whatever ``processes`` says.

    ``check_part`` must write nothing and touch no shared file: it runs in the copies.
    """
    if processes <= 1 or len(subjects) < 2 or not _can_fork():
        return CheckedTexts(*check_part(subjects))
    indices = _parts(subjects, processes)
    parts = [[subjects[i] for i in part] for part in indices]
    # What the copies print or flush must not be what this process had buffered; the
    # collector's bookkeeping must not copy every page of the table (gc.freeze).
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()
    pids: list[int | None] = []  # each later part's copy not yet reaped (None: none)
    readings: list[int | None] = []  # its pipe not yet read
    try:
        for part in parts[1:]:
            forked = _fork_part(part, check_part) if None not in pids else None
            pids.append(forked[0] if forked else None)
            readings.append(forked[1] if forked else None)
        outputs = [check_part(parts[0])]
        for part in parts[1:]:
            pid, reading = pids.pop(0), readings.pop(0)
            output = _read_part(reading, len(part)) if reading is not None else None
            if pid is not None:
                _reap(pid)
            outputs.append(output if output is not None else check_part(part))
    finally:
        for pid in pids:  # interrupted (Ctrl+C) or failed: no copy outlives this call
            if pid is not None:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                _reap(pid)
        for reading in readings:
            if reading is not None:
                with contextlib.suppress(OSError):
                    os.close(reading)
    texts: list[str] = [""] * len(subjects)
    for part_indices, (part_texts, _) in zip(indices, outputs, strict=True):
        for i, text in zip(part_indices, part_texts, strict=True):
            texts[i] = text
    return CheckedTexts(texts, any(findings for _, findings in outputs))


def _parts(subjects: Sequence[str], processes: int) -> list[list[int]]:
    """The subjects' indices in ``processes`` parts of nearly equal size, the subjects of
    one unit (:func:`_unit_of`) in one part: the largest units first, each to the part
    with the fewest subjects so far. Each part keeps the list's order."""
    units: dict[str, list[int]] = {}
    for i, subject in enumerate(subjects):
        units.setdefault(_unit_of(subject), []).append(i)
    parts: list[list[int]] = [[] for _ in range(processes)]
    for members in sorted(units.values(), key=len, reverse=True):
        min(parts, key=len).extend(members)
    for part in parts:
        part.sort()
    return [part for part in parts if part] or [[]]


def _unit_of(subject: str) -> str:
    """What the certificates of one unit share in a subject, roughly: the text after the
    holder's own attributes (a leading UID, then the first other: "UID=…,CN=…,"). Only
    where a subject goes depends on it, never what is written for it."""
    if subject[:4].upper() == "UID=":
        subject = subject.partition(",")[2]
    return subject.partition(",")[2]


def _fork_part(
    part: Sequence[str], check_part: Callable[[Sequence[str]], PartOutput]
) -> tuple[int, int] | None:
    """A forked copy checking ``part``: its pid and the pipe its texts come through; None
    when no copy could be started (no pipe or process left), the part then checked here.

    Ctrl+C and SIGTERM are held back across the fork: one that came while the copy had not
    yet set itself up would run this process' own handling in the copy (its "stopped"
    message, its exit). The copy takes them as any process does (it ends); this process
    gets them as soon as the fork is done."""
    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    parent = os.getpid()
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        pid = os.fork()
    except OSError:
        pid = -1
    if pid == 0:  # the copy: check, send, and leave without running anything of the parent's
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
            _end_with(parent)
            os.close(reading)
            texts, findings = check_part(part)
            data = marshal.dumps(texts)  # str as UTF-8, lone surrogates kept
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(_HEADER.pack(findings, len(data)))
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)  # no atexit, no flush of the buffers copied from the parent
    try:
        os.close(writing)
        if pid < 0:
            os.close(reading)
            return None
        return pid, reading
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _end_with(parent: int) -> None:
    """Have the kernel end this copy when the process that forked it ends, however it ends
    (SIGKILL, SIGTERM: no ``finally`` of the parent's runs): a part nobody will read is not
    worked on for seconds more."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the kernel was told
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _read_part(reading: int, count: int) -> PartOutput | None:
    """A copy's part as it sent it, or None when it sent less than its header says (it
    died or was killed before the end) or not a text for each of the ``count`` subjects."""
    with os.fdopen(reading, "rb") as pipe:
        header = pipe.read(_HEADER.size)
        if len(header) != _HEADER.size:
            return None
        findings, size = _HEADER.unpack(header)
        data = pipe.read(size)
    if len(data) != size:
        return None
    try:
        texts = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    if type(texts) is not list or len(texts) != count:
        return None
    return texts, findings


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
