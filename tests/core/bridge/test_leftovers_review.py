"""Review of the bridge's sweep of what a killed Kyso left (core/bridge/leftovers.py, run by
``BridgeServer.start``): what it must never do, and what must not stop it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kyso.core.bridge import leftovers
from kyso.core.bridge.leftovers import sweep
from kyso.core.bridge.policy import BridgePolicy
from kyso.core.bridge.server import BridgeServer
from tests.core.bridge.test_leftovers import swept


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(10)
    return proc.pid


def _left(work: Path, pid: int, suffix: str = "a1b2c3d4") -> Path:
    folder = work / f"kyso-bridge-{pid}-{suffix}"
    folder.mkdir()
    (folder / "doc.pdf").write_bytes(b"%PDF-1.7 a page's document")
    return folder


def test_a_folder_named_with_a_huge_pid_does_not_stop_the_bridge(tmp_path: Path) -> None:
    """Found by review, fixed: One folder of the user's in the temporary directory named
    ``kyso-bridge-99999999999-…`` (it matches ``\\d+``) makes ``process_alive`` raise
    OverflowError inside ``BridgeServer.start`` — not the KysoError the GUI's bridge runner
    catches — so the web signing bridge does not start (and the GUI's start-up takes an
    unexpected exception) on every start until someone finds and deletes that folder; a
    killed call's documents beside it stay on disk."""
    (tmp_path / "kyso-bridge-99999999999-abcdefgh").mkdir()
    dead = _left(tmp_path, _dead_pid())
    server = BridgeServer(object(), BridgePolicy(), port=0, work_dir=tmp_path)  # type: ignore[arg-type]
    try:
        server.start()
        assert swept(dead)
        assert server._thread is not None and server._thread.is_alive()  # still listening
    finally:
        server.stop()


def test_a_folder_swapped_for_a_link_after_the_checks_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pinned by review: Between sweep's checks (a real folder, the user's) and its rmtree,
    the folder is replaced by a link to another folder (the process question is the
    window): nothing behind the link is deleted — rmtree refuses a link and sweep says
    nothing was removed."""
    folder = _left(tmp_path, _dead_pid())
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep")

    def swap(pid: object) -> bool:
        for item in folder.iterdir():
            item.unlink()
        folder.rmdir()
        folder.symlink_to(precious, target_is_directory=True)
        return False

    monkeypatch.setattr(leftovers, "process_alive", swap)
    assert sweep(tmp_path) == []
    assert (precious / "keep.txt").read_text() == "keep"
    assert folder.is_symlink()


def test_a_work_folder_reached_through_a_link_is_swept_inside_only(tmp_path: Path) -> None:
    """Pinned by review: The temporary directory is itself a link (macOS' /tmp, a TMPDIR
    pointing elsewhere): the dead call's folder inside is removed, the link and every
    other entry are kept."""
    real = tmp_path / "real"
    real.mkdir()
    other = real / "someone-elses-file.txt"
    other.write_text("keep")
    dead = _left(real, _dead_pid())
    link = tmp_path / "tmp-link"
    link.symlink_to(real, target_is_directory=True)
    assert sweep(link) == [link / dead.name]
    assert link.is_symlink() and other.read_text() == "keep"


def test_only_names_mkdtemp_makes_are_taken_for_kysos(tmp_path: Path) -> None:
    """Found by review (minor), fixed: A call's folder is ``mkdtemp(prefix="kyso-bridge-<pid>-")``: eight
    characters of ``[a-z0-9_]`` after the pid. The pattern takes anything after it, so a
    folder the user made in the temporary directory — a copy kept of a call's documents,
    ``kyso-bridge-2024-hop-dong-da-ky`` — is deleted with its contents at the next start
    whenever no process has that number."""
    dead = _dead_pid()
    kept = tmp_path / f"kyso-bridge-{dead}-hop-dong-da-ky"
    kept.mkdir()
    (kept / "hop-dong.signed.pdf").write_bytes(b"%PDF-1.7 the user's copy")
    copy = tmp_path / f"kyso-bridge-{dead}-a1b2c3d4 (copy)"
    copy.mkdir()
    assert sweep(tmp_path) == []
    assert kept.exists() and copy.exists()


def test_a_second_kyso_starting_keeps_a_live_calls_folder(tmp_path: Path) -> None:
    """Pinned by review: Another Kyso of the same user is in the middle of a call (its
    folder named with its live pid) when this one starts its bridge: the folder stays."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        live = _left(tmp_path, other.pid)
        dead = _left(tmp_path, _dead_pid(), "deadbeef")  # shows when the sweep has run
        server = BridgeServer(object(), BridgePolicy(), port=0, work_dir=tmp_path)  # type: ignore[arg-type]
        try:
            server.start()
            assert swept(dead)
        finally:
            server.stop()
        assert (live / "doc.pdf").exists()
    finally:
        other.kill()
        other.wait(10)
    assert sweep(tmp_path) == [live]  # and once it is gone, the next start removes it
    assert os.listdir(tmp_path) == []
