"""VerifyPDF in the real app: the bridge the app starts (BridgeRunner → GuiBridgeApp) verifies
the downloaded document with Kyso's own verification (the ``kyso verify --json`` result), and
answers a non-zero Status when verification cannot run — never Status 0 with nothing."""

from __future__ import annotations

import socket
import threading
import types

import pytest
from PySide6.QtWidgets import QMainWindow

from kyso.core.bridge import local_ca
from kyso.core.checkup.certificate import make_checker
from kyso.core.settings import Paths, Settings, load_settings
from kyso.core.signing.pades import Level, SignOptions
from kyso.ui.bridge.runner import BridgeRunner
from tests.core.bridge.test_bridge import call
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base
from tests.support.web_app import WebApp

__all__ = ["sign_world", "sign_world_base"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def running(qtbot, sign_world, tmp_path, isolated_home, monkeypatch):
    signed = sign_world.signer().sign_file(
        make_pdf(tmp_path / "src.pdf"), SignOptions(level=Level.B_B, tsa_url=sign_world.tsa.url))
    assert signed.status == "signed", signed.error
    web = WebApp({"signed.pdf": signed.output.read_bytes(),
                  "plain.pdf": make_pdf(tmp_path / "plain.pdf").read_bytes()})
    machine = isolated_home / "machine.toml"
    machine.write_text("[settings]\nuse_builtin_modules = false\n\n[bridge]\nenabled = true\n"
                       f'origins = ["{web.origin}"]\nallow_http = true\n', encoding="utf-8")
    monkeypatch.setattr(local_ca, "MACHINE_FOLDER", tmp_path / "no-machine-bridge")
    monkeypatch.setenv("KYSO_BRIDGE_PORT", str(_free_port()))
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))  # the start trusts the CA in NSS
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "root.pem").write_bytes(sign_world.certs.pki.root.pem)
    loaded = load_settings(Paths.under(tmp_path / "home"))
    loaded.values = Settings(anchors_path=str(anchors), revocation_timeout_s=2.0)
    certs = local_ca.create(loaded.paths.data_dir / "bridge")
    window = QMainWindow()
    qtbot.addWidget(window)
    window.watcher = None
    window.prompter = None
    window.checker = make_checker(loaded.values, loaded.paths)
    window.language = "vi"
    runner = BridgeRunner(window, types.SimpleNamespace(paths=loaded.paths,
                                                       settings=loaded))
    runner.start()
    assert runner.status == "listening", runner.status
    assert certs.ca.read_bytes() == local_ca.certificates_for(loaded.paths.data_dir).ca.read_bytes()
    # the start's worker puts this user's CA into this user's NSS database
    nssdb = tmp_path / "user-home" / ".pki" / "nssdb"
    qtbot.waitUntil(lambda: local_ca.nss_trusts(nssdb, ca=certs.ca_der()), timeout=120000)
    yield runner, certs, web, window
    runner.stop()
    web.close()


def _call(qtbot, runner, certs, web, name: str) -> dict:
    box: dict = {}
    threading.Thread(target=lambda: box.setdefault("answer", call(
        runner.server, certs, "VerifyPDF", {"FileName": web.url(name)}, web.origin)),
        daemon=True).start()
    qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
    return box["answer"]


def test_verify_pdf_answers_kysos_verification(qtbot, running) -> None:
    runner, certs, web, window = running
    answer = _call(qtbot, runner, certs, web, "signed.pdf")
    assert answer["Status"] == 0, answer
    [result] = answer["Results"]
    assert result["status"] == "passed", result
    assert len(result["signatures"]) == 1
    assert "kyso-bridge" not in result["file"]  # no temporary path leaks to the page
    plain = _call(qtbot, runner, certs, web, "plain.pdf")["Results"][0]
    assert plain["status"] == "error" and plain["signatures"] == []


def test_verify_pdf_that_cannot_run_is_not_a_success(qtbot, running) -> None:
    runner, certs, web, window = running
    window.checker = None  # the trust checks are still starting
    answer = _call(qtbot, runner, certs, web, "signed.pdf")
    assert answer["Status"] != 0 and answer["Message"], answer
    assert "Results" not in answer


@pytest.mark.parametrize("text", ["[bridge\nenabled = true\n", '[bridge]\nenabled = "false"\n'])
def test_the_apps_start_obeys_the_one_rule(qtbot, tmp_path, isolated_home, monkeypatch,
                                            text) -> None:
    """A malformed kyso.toml or a non-boolean ``enabled``: the app does not listen, even
    with the certificates in place."""
    (isolated_home / "machine.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(local_ca, "MACHINE_FOLDER", tmp_path / "no-machine-bridge")
    monkeypatch.setenv("KYSO_BRIDGE_PORT", str(_free_port()))
    paths = Paths.under(tmp_path / "home")
    local_ca.create(paths.data_dir / "bridge")
    window = QMainWindow()
    qtbot.addWidget(window)
    runner = BridgeRunner(window, types.SimpleNamespace(paths=paths))
    runner.start()
    assert runner.status == "off" and runner.server is None


def test_the_apps_bridge_decides_with_the_windows_checks_and_remote_accounts(
        qtbot, running) -> None:
    """The bridge the app starts reads, when it decides item 4, the cached checks and the
    remote accounts' credentials of the window it was started with (the Sign page's inputs;
    tests/ui/bridge/test_bridge_item4_known.py shows what they change)."""
    runner, _certs, _web, window = running
    window.model = types.SimpleNamespace(checks={"ab" * 32: "the window's check"})
    window.remote = types.SimpleNamespace(credentials=lambda: ["a remote credential"])
    box: dict = {}
    thread = threading.Thread(target=lambda: box.setdefault("known", runner.knowledge.read()))
    thread.start()  # as the consent window's assessment and the signing do: off the GUI thread
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10000)
    assert dict(box["known"].checks) == {"ab" * 32: "the window's check"}
    assert box["known"].remote == ("a remote credential",)
