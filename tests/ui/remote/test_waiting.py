"""The remote signing windows under pytest-qt, against the VNPT SmartCA double: the password
asked without echo, the "approve on your phone" dialog with the documents and a countdown;
a late approval signs (pdfsig validates), Cancel stops the batch and writes nothing."""

from __future__ import annotations

import subprocess
import threading

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from kyso.core.remote.accounts import SecretStore
from kyso.core.remote.key import RemoteKey
from kyso.core.remote.vnpt import SmartCaProvider
from kyso.core.signing.batch import SignRequest, sign_with_key
from kyso.core.signing.pades import Level, SignOptions
from kyso.ui.remote.waiting import GuiRemotePrompter, WaitingDialog
from tests.support.remote_services import RemoteCredential, RemoteServices
from tests.support.signing_fixtures import make_pdf


@pytest.fixture
def world(qtbot, test_pki, memory_keyring):
    SecretStore._memory.clear()
    svc = RemoteServices([RemoteCredential("c1", test_pki.organization, [test_pki.pki.sub_ca])])
    svc.approval = "manual"
    window = QWidget()
    qtbot.addWidget(window)
    yield svc, window
    svc.close()
    SecretStore._memory.clear()


def _start(svc, window, tmp_path):
    cancel = threading.Event()
    prompter = GuiRemotePrompter(window, cancel)
    provider = SmartCaProvider("vnpt", svc.vnpt_url, user=svc.user, timeout=5,
                               poll_interval=0.05, approval_timeout=60)
    src = make_pdf(tmp_path / "công văn 12.pdf")
    box: dict = {}

    def work():
        provider.login(prompter)
        cred = provider.credentials()[0]
        key = RemoteKey(provider, cred, prompter)
        key.name_documents([src.name])
        with key:
            box["report"] = sign_with_key(
                key, SignRequest([src], SignOptions(level=Level.B_B), cancel=cancel))

    threading.Thread(target=work, daemon=True).start()
    return prompter, src, box


def _answer_password(qtbot, prompter, password):
    qtbot.waitUntil(lambda: prompter.last_input is not None, timeout=20000)
    dialog = prompter.last_input
    assert dialog.textEchoMode().name == "Password"
    dialog.setTextValue(password)
    dialog.accept()


def test_late_approval_on_the_phone_signs(qtbot, world, tmp_path):
    svc, window = world
    prompter, src, box = _start(svc, window, tmp_path)
    _answer_password(qtbot, prompter, svc.password)
    qtbot.waitUntil(lambda: isinstance(prompter.waiting, WaitingDialog), timeout=30000)
    waiting = prompter.waiting
    assert "công văn 12.pdf" in waiting.findChild(QLabel, "documents").text()
    assert any(ch.isdigit() for ch in waiting.findChild(QLabel, "countdown").text())
    svc.approve_all()
    qtbot.waitUntil(lambda: "report" in box, timeout=60000)
    assert prompter.waiting is None
    report = box["report"]
    assert [r.status for r in report.results] == ["signed"], report.results
    out = report.results[0].output
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(out)], capture_output=True,
                                                  text=True).stdout


def test_cancel_while_waiting_writes_nothing(qtbot, world, tmp_path):
    svc, window = world
    prompter, src, box = _start(svc, window, tmp_path)
    _answer_password(qtbot, prompter, svc.password)
    qtbot.waitUntil(lambda: isinstance(prompter.waiting, WaitingDialog), timeout=30000)
    prompter.waiting.cancel_button.click()
    qtbot.waitUntil(lambda: "report" in box, timeout=60000)
    report = box["report"]
    assert report.stopped == "cancelled"
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]
