"""One Kyso per user session (ui/single_instance.py): the first start holds the lock and
listens; a later start's request reaches it; a Kyso killed with -9 does not lock the next one
out; a different data folder (``--temp-dir``) is another instance."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket

from kyso.ui.app import show_request
from kyso.ui.single_instance import SingleInstance, instance_names
from tests.support.signing_fixtures import make_pdf

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def runtime_dir(monkeypatch):
    """A short per-user runtime folder (a Unix socket path has ~100 characters at most)."""
    path = tempfile.mkdtemp(prefix="kyso-rt-")
    os.chmod(path, 0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", path)
    yield Path(path)
    shutil.rmtree(path, ignore_errors=True)


SEND = (
    "import json, sys\n"
    "from PySide6.QtCore import QCoreApplication\n"
    "from kyso.ui.single_instance import SingleInstance\n"
    "app = QCoreApplication([])\n"
    "later = SingleInstance(sys.argv[1])\n"
    "claimed = later.claim()\n"
    "print(json.dumps([claimed, not claimed and later.send(json.loads(sys.argv[2]), 20)]))\n"
)


def _later_start(data: Path, message: dict) -> subprocess.Popen:
    """A later start, in its own process as in life: claims, then sends its request."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "desktop")}
    return subprocess.Popen([sys.executable, "-c", SEND, str(data), json.dumps(message)],
                            env=env, stdout=subprocess.PIPE, text=True)


def _outcome(qtbot, proc: subprocess.Popen) -> list:
    """The later start's [claimed, sent], the first instance answering meanwhile."""
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60000)
    out, _ = proc.communicate()
    return json.loads(out)


def test_a_later_start_is_refused_and_its_request_reaches_the_first(qtbot, tmp_path,
                                                                    runtime_dir) -> None:
    first = SingleInstance(tmp_path / "data")
    assert first.claim() and first.listening
    name, lock = instance_names(tmp_path / "data")
    assert Path(name).parent == runtime_dir and lock.exists()
    assert (Path(name).stat().st_mode & 0o077) == 0  # only this user may connect
    message = {"show": True, "files": ["/tmp/ế.pdf"], "sign": True}
    with qtbot.waitSignal(first.request, timeout=60000) as got:
        proc = _later_start(tmp_path / "data", message)
    assert _outcome(qtbot, proc) == [False, True]
    assert got.args == [message]
    first.release()
    later = SingleInstance(tmp_path / "data")
    assert later.claim()  # the first is gone: the next start is the first now
    later.release()


def test_another_data_folder_is_another_instance(qapp, tmp_path, runtime_dir) -> None:
    a, b = SingleInstance(tmp_path / "a"), SingleInstance(tmp_path / "b")
    assert a.claim() and b.claim()
    assert instance_names(tmp_path / "a")[0] != instance_names(tmp_path / "b")[0]
    a.release()
    b.release()


def test_nothing_to_answer_means_not_sent(qapp, tmp_path, runtime_dir) -> None:
    """A lock held but no one listening (the first Kyso hung before listening): the later
    start gives up rather than hangs, and says so."""
    first = SingleInstance(tmp_path / "data")
    assert first._lock.tryLock(0)  # the lock without the socket
    later = SingleInstance(tmp_path / "data")
    assert not later.claim()
    assert later.send({"show": True}, timeout_s=0.5) is False
    first.release()


def test_garbage_on_the_socket_is_ignored(qtbot, tmp_path, runtime_dir) -> None:
    first = SingleInstance(tmp_path / "data")
    assert first.claim()
    seen: list = []
    first.request.connect(seen.append)
    for junk in (b"not json\n", b"[1, 2]\n", b"\xff\xfe\n"):
        sock = QLocalSocket()
        sock.connectToServer(first.server_name)
        assert sock.waitForConnected(5000)
        sock.write(junk)
        sock.flush()
        qtbot.waitUntil(lambda s=sock: s.state() == QLocalSocket.LocalSocketState.UnconnectedState,
                        timeout=10000)
    assert seen == []
    with qtbot.waitSignal(first.request, timeout=60000):
        proc = _later_start(tmp_path / "data", {"show": True})
    assert _outcome(qtbot, proc) == [False, True]
    first.release()


def test_a_killed_kyso_does_not_lock_the_next_one_out(qapp, tmp_path, runtime_dir) -> None:
    """kill -9 leaves the lock file and the socket file behind; the next start takes over."""
    script = (
        "import sys, time\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from kyso.ui.single_instance import SingleInstance\n"
        "app = QCoreApplication([])\n"
        "s = SingleInstance(sys.argv[1])\n"
        "assert s.claim()\n"
        "print('claimed', flush=True)\n"
        "time.sleep(600)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "desktop")}
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "data")], env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "claimed"
        assert not SingleInstance(tmp_path / "data").claim()  # alive: its lock holds
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        proc.stdout.close()
    name, lock = instance_names(tmp_path / "data")
    assert lock.exists() and Path(name).exists()  # what the killed Kyso left
    again = SingleInstance(tmp_path / "data")
    assert again.claim() and again.listening
    again.release()


def test_a_later_start_shows_the_window_with_its_files(main_window, qtbot, tmp_path) -> None:
    """What the first Kyso does with the request: the window comes up, the files open on the
    page the later start asked for."""
    pdf = make_pdf(tmp_path / "ký.pdf")
    main_window.hide()
    show_request(main_window, {"show": True, "files": [str(pdf)], "sign": True})
    assert main_window.isVisible()
    qtbot.waitUntil(lambda: main_window.sign_page.files == [pdf], timeout=10000)
    assert main_window.tabs.currentWidget() is main_window.sign_tab
