"""A bridge killed mid-call leaves its call's folder (the page's documents); the next start
removes it — only the current user's, only a folder whose process is gone, never through a
link (core/bridge/leftovers.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kyso.core.bridge.leftovers import folder_prefix, sweep
from kyso.core.bridge.policy import BridgePolicy
from kyso.core.bridge.server import BridgeServer

ROOT = Path(__file__).resolve().parents[3]


def _killed_mid_call(work: Path) -> Path:
    """A real process makes its call folder as the bridge does, writes a document into it
    and is killed with SIGKILL before it can clean up."""
    code = textwrap.dedent(
        f"""
        import sys, tempfile, time
        from pathlib import Path
        from kyso.core.bridge.leftovers import folder_prefix
        folder = Path(tempfile.mkdtemp(prefix=folder_prefix(), dir={str(work)!r}))
        (folder / "doc.pdf").write_bytes(b"%PDF-1.7 a page's document")
        print(folder, flush=True)
        time.sleep(600)
        """
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "desktop"))
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    folder = Path(proc.stdout.readline().strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc.stdout.close()
    assert (folder / "doc.pdf").exists()
    return folder


def test_the_next_start_removes_a_killed_calls_folder(tmp_path: Path) -> None:
    left = _killed_mid_call(tmp_path)
    server = BridgeServer(object(), BridgePolicy(), port=0, work_dir=tmp_path)  # type: ignore[arg-type]
    server.start()
    try:
        assert swept(left)
    finally:
        server.stop()


def swept(folder: Path, timeout: float = 30) -> bool:
    """Whether ``folder`` is gone within ``timeout``: the sweep runs on the listener's
    thread once it listens (never the caller's, the GUI's), so a test waits for it."""
    deadline = time.monotonic() + timeout
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not folder.exists()


def test_a_live_processs_folder_and_other_things_are_kept(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        live = tmp_path / f"kyso-bridge-{sleeper.pid}-abc12345"
        live.mkdir()
        mine = tmp_path / f"{folder_prefix()}xyz_1234"  # this process: a call in flight
        mine.mkdir()
        older = tmp_path / "kyso-bridge-q1w2e3r4"  # the earlier naming: no pid to ask
        older.mkdir()
        dead = _killed_mid_call(tmp_path)
        # A link named like a dead call's folder: its target is not Kyso's to delete.
        target = tmp_path / "target"
        target.mkdir()
        (target / "keep.txt").write_text("keep")
        link = tmp_path / f"kyso-bridge-{_dead_pid()}-link1234"
        link.symlink_to(target, target_is_directory=True)
        a_file = tmp_path / f"kyso-bridge-{_dead_pid()}-file1234"
        a_file.write_text("not a folder")
        removed = sweep(tmp_path)
        assert removed == [dead]
        for kept in (live, mine, older, link, a_file):
            assert kept.exists() or kept.is_symlink()
        assert (target / "keep.txt").read_text() == "keep"
    finally:
        sleeper.kill()
        sleeper.wait(10)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another user")
def test_another_users_folder_is_theirs_to_clean(tmp_path: Path) -> None:
    theirs = tmp_path / f"kyso-bridge-{_dead_pid()}-theirs12"
    theirs.mkdir()
    os.chown(theirs, 65534, 65534)  # nobody
    assert sweep(tmp_path) == []
    assert theirs.exists()


def test_a_missing_work_folder_is_no_error(tmp_path: Path) -> None:
    assert sweep(tmp_path / "gone") == []


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(10)
    return proc.pid
