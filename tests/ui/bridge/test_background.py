"""``kyso-desktop --background`` (the start at login): it runs only when IT enabled the bridge
and the certificates exist, listens, and a later start neither fails on the busy port nor
opens a second listener; the tray menu opens the window and quits; closing the window of a
background Kyso hides it.

The real ``kyso-desktop`` runs in child processes (offscreen, a temporary HOME, KYSO_HOME and
XDG_RUNTIME_DIR; the listener on a free port through KYSO_BRIDGE_PORT, so a Kyso already
running on the machine is left alone) and is asked over TLS what it is (``Config``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow

from kyso.core.bridge import local_ca
from kyso.ui.bridge import background, tray
from kyso.ui.bridge.background import StayInBackground, refusal
from tests.core.bridge.test_bridge import call

REPO = Path(__file__).resolve().parents[3]
ORIGIN = "https://qlvb.hungyen.gov.vn"
ENABLED = f'[bridge]\nenabled = true\norigins = ["{ORIGIN}"]\n'


@pytest.fixture
def no_machine_certificates(tmp_path, monkeypatch):
    monkeypatch.setattr(local_ca, "MACHINE_FOLDER", tmp_path / "no-machine-bridge")


def _machine(isolated_home: Path, extra: str = "") -> Path:
    machine = isolated_home / "machine.toml"
    machine.write_text("[settings]\nuse_builtin_modules = false\n\n" + extra, encoding="utf-8")
    return machine


def test_one_place_decides(isolated_home, no_machine_certificates) -> None:
    """The same test as ``kyso bridge setup --if-enabled``: a [bridge] table not saying
    enabled = false. Missing certificates are no reason: the start makes the user's own."""
    data = isolated_home / "data"
    assert refusal(data, _machine(isolated_home)) == background.NOT_ENABLED
    assert refusal(data, _machine(isolated_home, "[bridge]\nenabled = false\n")) == "not_enabled"
    machine = _machine(isolated_home, ENABLED)
    assert refusal(data, machine) is None
    assert not (data / "bridge").exists()


@pytest.fixture
def desktop(isolated_home, monkeypatch):
    """Runs ``kyso-desktop`` as a child process; yields a starter and the port it listens on."""
    runtime = tempfile.mkdtemp(prefix="kyso-rt-")  # short: a socket path has ~100 characters
    os.chmod(runtime, 0o700)
    home = isolated_home / "home"
    home.mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(REPO / "desktop"), "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(home), "XDG_RUNTIME_DIR": runtime, "KYSO_BRIDGE_PORT": str(port)}
    started: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-m", "kyso.ui.app", *args], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        started.append(proc)
        return proc

    yield types.SimpleNamespace(start=start, port=port, log=isolated_home / "log" / "kyso.log",
                                runtime=runtime)
    for proc in started:
        if proc.poll() is None:
            proc.terminate()
        proc.communicate(timeout=60)
    shutil.rmtree(runtime, ignore_errors=True)


def test_without_it_enabling_the_bridge_it_exits_quietly(desktop, isolated_home) -> None:
    for machine in ("", "[bridge]\nenabled = false\n"):
        _machine(isolated_home, machine)
        proc = desktop.start("--background")
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    lines = desktop.log.read_text(encoding="utf-8").splitlines()
    assert sum("the signing bridge is not enabled by IT" in line for line in lines) == 2
    assert not (isolated_home / "data" / "instance.lock").exists()  # it never took the session


def test_background_listens_and_a_second_start_exits(desktop, isolated_home) -> None:
    """The user's first start where IT enabled the bridge: it makes the user's own CA and
    key (0600), its user's NSS database trusts that CA, and it listens with it."""
    _machine(isolated_home, ENABLED)
    assert not (isolated_home / "data" / "bridge").exists()
    first = desktop.start("--background")
    server = types.SimpleNamespace(port=desktop.port)
    certs = local_ca.BridgeCertificates(isolated_home / "data" / "bridge")
    reply = _config_when_listening(first, server, certs)
    assert reply["Status"] == 0 and reply["Product"] == "Kyso"
    assert (certs.key.stat().st_mode & 0o777) == 0o600
    nssdb = isolated_home / "home" / ".pki" / "nssdb"
    deadline = time.monotonic() + 120  # the trust is added by a worker, beside the listener
    while not local_ca.nss_trusts(nssdb, ca=certs.ca_der()):
        assert time.monotonic() < deadline, "the first start did not trust the user's CA"
        time.sleep(0.2)

    second = desktop.start("--background")
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "already running" in err and "server listening" not in err  # no second listener
    assert first.poll() is None
    assert call(server, certs, "Config", {}, ORIGIN)["Status"] == 0  # the first still answers

    window = desktop.start()  # the menu entry while the background Kyso runs
    _, err = window.communicate(timeout=120)
    assert window.returncode == 0, err
    assert "asked it to show its window" in err
    assert "a later start of Kyso asked for the window" in desktop.log.read_text(encoding="utf-8")
    assert first.poll() is None

    first.terminate()  # SIGTERM, as at the end of the session: a clean exit
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert "Kyso ends (0)" in err
    assert not list(Path(desktop.runtime).iterdir())  # the socket is given back


def test_a_busy_port_ends_the_background_start(desktop, isolated_home) -> None:
    """VGCA Sign Service still holds the port: the background Kyso has nothing to do."""
    _machine(isolated_home, ENABLED)
    local_ca.create(isolated_home / "data" / "bridge")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", desktop.port))
        taken.listen()
        proc = desktop.start("--background")
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert "the signing bridge is not listening (port_busy)" in desktop.log.read_text(
        encoding="utf-8")


def _config_when_listening(proc: subprocess.Popen, server, certs) -> dict:
    """The background Kyso's answer to ``Config`` once its port accepts connections."""
    while proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=5):
                break
        except OSError:
            time.sleep(0.2)
    assert proc.poll() is None, proc.communicate()[1]
    return call(server, certs, "Config", {}, ORIGIN)


# -- in the process: the tray's menu, the hidden window --------------------------------------
def test_tray_menu_opens_the_window_and_quits(qtbot, translations, monkeypatch) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    icon = tray.BridgeTray(window)
    assert [a.text() for a in icon.menu.actions() if a.text()] == ["Mở Kyso", "Thoát"]
    assert "127.0.0.1:8987" in icon.icon.toolTip() and "Kyso đang" in icon.icon.toolTip()
    moved = tray.BridgeTray(window, port=18123)  # the port it really listens on is said
    assert "127.0.0.1:18123" in moved.icon.toolTip() and "8987" not in moved.icon.toolTip()
    moved.hide()
    assert not window.isVisible()
    # no tray here (offscreen): never shown, looked for again for a while, then given up
    assert not icon.icon.isVisible() and icon._timer.isActive()
    for _ in range(tray.TRAY_RETRIES + 1):
        icon._show_when_available()
    assert not icon._timer.isActive() and not icon.icon.isVisible()
    icon.menu.act_open.trigger()
    assert window.isVisible()
    quits: list[int] = []
    monkeypatch.setattr(tray, "quit_app", lambda: quits.append(0))
    icon.menu.act_quit.trigger()
    assert quits == [0]
    translations.use("en")
    try:
        qtbot.waitUntil(lambda: [a.text() for a in icon.menu.actions() if a.text()]
                        == ["Open Kyso", "Quit"], timeout=5000)
        assert icon.icon.toolTip().startswith("Kyso is listening")
    finally:
        translations.use("vi")
    icon.hide()


def test_closing_a_background_window_hides_it(main_window, qtbot) -> None:
    app = QApplication.instance()
    keep = StayInBackground(main_window, app)
    try:
        main_window.close()
        assert not main_window.isVisible()
        assert main_window.watcher is not None  # not shut down: Kyso still runs
        assert not app.quitOnLastWindowClosed()
        tray.bring_to_front(main_window)
        assert main_window.isVisible()
        keep.session_ends()  # the end of the session closes it for real
        main_window.close()
        assert not main_window.isVisible() and main_window.watcher is None
    finally:
        app.setQuitOnLastWindowClosed(True)
