"""One Kyso per user session (ui/single_instance.py): the first start holds the lock and
listens; a later start's request reaches it; a Kyso killed with -9 does not lock the next one
out; a different data folder (``--temp-dir``) is another instance."""

from __future__ import annotations

import hashlib
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


# -- another local user must not get a user's requests (issue 18 review) ---------------------
NOBODY = 65534
SQUAT = (
    "import os, socket, sys\n"
    "s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777)\n"
    "if sys.argv[2] == 'chown': os.chown(sys.argv[1], 65534, 65534)\n"
    "os.setgid(65534); os.setuid(65534)  # the listening process is another user\n"
    "s.listen(); print('ready', flush=True)\n"
    "while True:\n"
    "    c, _ = s.accept(); data = c.recv(65536)\n"
    "    if data: print('GOT', data, flush=True)  # a connection alone tells nothing\n"
    "    c.sendall(b'ok\\n'); c.close()\n"
)

needs_root = pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                                reason="simulating another user needs root")


def _squatter(path: str, chown: bool) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", SQUAT, path, "chown" if chown else "keep"],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _got_nothing(proc: subprocess.Popen) -> bool:
    proc.kill()
    out, _ = proc.communicate(timeout=30)
    return "GOT" not in out


@pytest.fixture
def no_runtime_dir(monkeypatch):
    """No usable $XDG_RUNTIME_DIR, a short temporary folder standing for /tmp."""
    tmp = tempfile.mkdtemp(prefix="kt-")
    os.chmod(tmp, 0o1777)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", tmp)
    monkeypatch.setenv("TMPDIR", tmp)  # the later starts' processes too
    yield Path(tmp)
    shutil.rmtree(tmp, ignore_errors=True)


def test_without_runtime_dir_the_socket_is_in_a_private_folder(qapp, tmp_path,
                                                               no_runtime_dir) -> None:
    name, _ = instance_names(tmp_path / "data")
    folder = Path(name).parent
    assert folder == no_runtime_dir / f"kyso-{os.getuid()}"
    st = os.lstat(folder)
    assert st.st_uid == os.getuid() and (st.st_mode & 0o777) == 0o700


@needs_root
def test_a_squatted_tmp_folder_is_not_used(qtbot, tmp_path, no_runtime_dir) -> None:
    """Another user made /tmp/kyso-<uid> first and listens there under our name: our first
    start listens elsewhere, a later start reaches it, the squatter gets nothing."""
    data = tmp_path / "data"
    squat_dir = no_runtime_dir / f"kyso-{os.getuid()}"
    squat_dir.mkdir(mode=0o777)
    os.chmod(squat_dir, 0o777)
    os.chown(squat_dir, NOBODY, NOBODY)
    sock_name = f"kyso-{hashlib.sha256(str(data.resolve()).encode()).hexdigest()[:12]}.sock"
    squatter = _squatter(str(squat_dir / sock_name), chown=True)
    try:
        name, _ = instance_names(data)
        assert Path(name).parent != squat_dir
        first = SingleInstance(data)
        assert first.claim() and first.listening
        with qtbot.waitSignal(first.request, timeout=60000):
            proc = _later_start(data, {"show": True, "files": ["/home/a/mat.pdf"]})
        assert _outcome(qtbot, proc) == [False, True]
        first.release()
    finally:
        assert _got_nothing(squatter)


@needs_root
def test_a_socket_owned_by_another_user_is_not_trusted(qapp, tmp_path, runtime_dir,
                                                       caplog) -> None:
    """The name is held by another user's socket: the first start still starts (and says
    so), a later start sends it nothing."""
    data = tmp_path / "data"
    name, _ = instance_names(data)
    squatter = _squatter(name, chown=True)
    try:
        holder = SingleInstance(data)
        assert holder._lock.tryLock(0)
        later = SingleInstance(data)
        assert not later.claim()
        assert later.send({"show": True, "files": ["/home/a/mat.pdf"]}, timeout_s=1) is False
        assert "another user" in caplog.text
        holder.release()
        caplog.clear()
        first = SingleInstance(data)
        assert first.claim()  # the app starts all the same
        assert "another user" in caplog.text
        first.release()
    finally:
        assert _got_nothing(squatter)


@needs_root
def test_a_listener_of_another_user_behind_our_file_is_not_trusted(qapp, tmp_path,
                                                                   runtime_dir) -> None:
    """The socket file is ours but the process listening is another user's (SO_PEERCRED)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("SO_PEERCRED is Linux's")
    data = tmp_path / "data"
    name, _ = instance_names(data)
    squatter = _squatter(name, chown=False)
    try:
        assert os.lstat(name).st_uid == os.getuid()
        holder = SingleInstance(data)
        assert holder._lock.tryLock(0)
        later = SingleInstance(data)
        assert not later.claim()
        assert later.send({"show": True, "files": ["/home/a/mat.pdf"]}, timeout_s=1) is False
        holder.release()
    finally:
        assert _got_nothing(squatter)
