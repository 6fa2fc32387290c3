"""The remote signing windows under pytest-qt, against the VNPT SmartCA double: the password
asked without echo, the "approve on your phone" dialog with the documents and a countdown;
a late approval signs (pdfsig validates), Cancel stops the batch and writes nothing."""

from __future__ import annotations

import base64
import subprocess
import threading

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from kyso.core.remote.accounts import SecretStore
from kyso.core.remote.key import RemoteKey
from kyso.core.remote.viettel import MySignProvider
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


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_batch_in_two_rounds_says_which_part_is_waiting(
    qtbot, test_pki, memory_keyring, translations, language, tmp_path
):
    """Viettel MySign double allowing one document per request: two files are two rounds,
    two approvals on the phone. Each waiting dialog says which part it is ("Phần 1/2", then
    "Phần 2/2"), as the phone's text does; both files are signed (pdfsig)."""
    translations.use(language)
    SecretStore._memory.clear()
    svc = RemoteServices(
        [RemoteCredential("c1", test_pki.organization, [test_pki.pki.sub_ca], multisign=1)]
    )
    svc.approval = "manual"
    window = QWidget()
    qtbot.addWidget(window)
    try:
        cancel = threading.Event()
        prompter = GuiRemotePrompter(window, cancel)
        provider = MySignProvider("viettel", svc.viettel_url, user=svc.user,
                                  client_id=svc.client_id, profile_id="p1", timeout=5,
                                  poll_interval=0.05, approval_timeout=60)
        files = [make_pdf(tmp_path / "tờ trình 1.pdf"), make_pdf(tmp_path / "tờ trình 2.pdf")]
        box: dict = {}

        def work():
            provider.login(prompter)
            key = RemoteKey(provider, provider.credentials()[0], prompter)
            assert key.batch_limit == 1  # two rounds
            with key:
                box["report"] = sign_with_key(
                    key, SignRequest(files, SignOptions(level=Level.B_B), cancel=cancel))

        threading.Thread(target=work, daemon=True).start()
        _answer_password(qtbot, prompter, svc.client_secret)
        seen = []
        for k in (1, 2):
            qtbot.waitUntil(lambda: isinstance(prompter.waiting, WaitingDialog)
                            and prompter.waiting not in seen, timeout=30000)
            waiting = prompter.waiting
            seen.append(waiting)
            part = waiting.findChild(QLabel, "part")
            assert part.isVisibleTo(waiting)
            if language == "vi":
                assert part.text().startswith(f"Phần {k}/2")
                assert waiting.windowTitle() == f"Xác nhận trên điện thoại — phần {k}/2"
                assert ("điện thoại sẽ hỏi tiếp phần sau" in part.text()) == (k == 1)
            else:
                assert part.text().startswith(f"Part {k}/2")
                assert waiting.windowTitle() == f"Approve on your phone — part {k}/2"
                assert ("next part" in part.text()) == (k == 1)
            assert files[k - 1].name in waiting.findChild(QLabel, "documents").text()
            svc.approve_all()
        qtbot.waitUntil(lambda: "report" in box, timeout=60000)
        qtbot.waitUntil(lambda: prompter.waiting is None, timeout=10000)
        report = box["report"]
        assert [r.status for r in report.results] == ["signed", "signed"], report.results
        for r in report.results:
            assert "Signature is Valid" in subprocess.run(
                ["pdfsig", str(r.output)], capture_output=True, text=True).stdout
        # what the phone showed for the same two requests
        shown = [base64.b64decode(b["description"]).decode()
                 for path, b in svc.requests if path.endswith("/signatures/signHash")]
        assert [t[-10:] for t in shown] == ["(phần 1/2)", "(phần 2/2)"]
    finally:
        translations.use("vi")
        svc.close()
        SecretStore._memory.clear()


def test_a_single_request_says_no_part(qtbot, world, translations, tmp_path):
    svc, window = world
    dialog = WaitingDialog(["a.pdf"], 60, None, window)
    qtbot.addWidget(dialog)
    assert not dialog.findChild(QLabel, "part").isVisibleTo(dialog)
    assert not dialog.bar.isTextVisible()  # a percentage beside "Còn lại: 60 giây" said nothing
    assert dialog.windowTitle() == "Xác nhận trên điện thoại"
