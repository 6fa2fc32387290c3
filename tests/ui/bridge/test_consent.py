"""The consent window under pytest-qt, driven through the real bridge: a WebSocket client on
another thread asks to sign; the window shows the asking origin and the document; approving
signs and uploads, closing answers "cancelled", an unknown origin gets the first-use question.
"""

from __future__ import annotations

import json
import subprocess
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from kyso.core.bridge import local_ca
from kyso.core.bridge.policy import BridgePolicy, OriginDecisions
from kyso.core.bridge.server import BridgeServer
from kyso.core.signing.pades import Level, SignOptions
from kyso.ui.bridge.consent import CertificateChoice, ConsentDialog
from kyso.ui.bridge.gui_app import GuiBridgeApp
from tests.core.bridge.test_bridge import call
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base
from tests.support.web_app import WebApp

__all__ = ["sign_world", "sign_world_base"]


@pytest.fixture
def setup(qtbot, sign_world, tmp_path):
    certs = local_ca.create(tmp_path / "bridge")
    web = WebApp({"doc.pdf": make_pdf(tmp_path / "src.pdf", pages=2).read_bytes()})
    window = QWidget()
    qtbot.addWidget(window)

    def sign_files(job, answer):
        choice = answer.choice
        assert choice.key == "leader-province"
        out = []
        for doc in job.documents:
            r = sign_world.signer(choice.key).sign_file(
                doc, SignOptions(level=Level.B_B, tsa_url=sign_world.tsa.url))
            assert r.status == "signed", r.error
            out.append(r.output)
        return out

    app = GuiBridgeApp(
        window,
        lambda: [CertificateChoice("Trần Thị Bình — Sở KH&CN (token TEST)", "leader-province")],
        sign_files,
        answer_timeout=30,
    )
    policy = BridgePolicy(it_origins=(web.origin,), allow_http=True,
                          decisions=OriginDecisions(tmp_path / "origins.json"))
    server = BridgeServer(app, policy, ssl_context=certs.ssl_context(), port=0,
                          work_dir=tmp_path)
    server.start()
    yield server, certs, web, app
    server.stop()
    web.close()


def _in_thread(fn):
    box: dict = {}
    t = threading.Thread(target=lambda: box.setdefault("answer", fn()), daemon=True)
    t.start()
    return t, box


def test_approve_in_the_window_signs_and_uploads(qtbot, setup, tmp_path):
    server, certs, web, app = setup
    t, box = _in_thread(lambda: call(server, certs, "SignIssued", {
        "FileName": web.url("doc.pdf"), "FileUploadHandler": web.url("upload"),
        "DocNumber": "15/QĐ-UBND"}, web.origin))
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=20000)
    dialog = app.last_dialog
    assert web.origin in dialog.findChild(QLabel, "origin").text()
    assert "doc.pdf" in dialog.findChild(QLabel, "files").text()
    assert dialog.page_count == 2
    qtbot.waitUntil(dialog.preview.has_image, timeout=20000)  # PDFium drew the first page
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "answer" in box, timeout=60000)
    assert box["answer"]["Status"] == 0
    out = web.save_upload(0, tmp_path / "up.pdf")
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(out)], capture_output=True,
                                                  text=True).stdout


def test_closing_the_window_cancels(qtbot, setup):
    server, certs, web, app = setup
    t, box = _in_thread(lambda: call(server, certs, "SignApproved", {
        "FileName": web.url("doc.pdf"), "FileUploadHandler": web.url("upload")}, web.origin))
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=20000)
    app.last_dialog.reject()
    qtbot.waitUntil(lambda: "answer" in box, timeout=30000)
    assert box["answer"]["Status"] == 2 and web.uploads == []


def test_first_use_question_for_an_unknown_origin(qtbot, setup):
    server, certs, web, app = setup
    t, box = _in_thread(lambda: call(server, certs, "Config", {}, "https://qlvb.hungyen.gov.vn"))
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, QMessageBox), timeout=20000)
    box_widget = app.last_dialog
    assert "https://qlvb.hungyen.gov.vn" in box_widget.text()
    box_widget.button(QMessageBox.StandardButton.No).click()
    qtbot.waitUntil(lambda: "answer" in box, timeout=30000)
    assert box["answer"]["Code"] == "bridge_origin_refused"
    assert json.loads((server.policy.decisions.path).read_text()) == {
        "https://qlvb.hungyen.gov.vn": False}


def _dialog(qtbot, tmp_path, profile: str, pages: int = 2) -> ConsentDialog:
    doc = make_pdf(tmp_path / f"{profile}.pdf", pages=pages)
    dialog = ConsentDialog("https://qlvb.example.gov.vn", profile, [doc], ["a.pdf"],
                           [CertificateChoice("Trần Thị Bình", "k", signer_name="Trần Thị Bình")])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.preview.has_image, timeout=20000)
    return dialog


def test_a_click_on_the_second_page_places_the_box_there(qtbot, tmp_path) -> None:
    dialog = _dialog(qtbot, tmp_path, "approval")
    assert dialog.answer().box is None  # untouched: the profile's default place
    dialog.page_spin.setValue(2)
    view = dialog.preview
    qtbot.waitUntil(lambda: view.current_page() == 1 and view.has_image(), timeout=20000)
    rect = view.page_rect()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center().toPoint())
    answer = dialog.answer()
    assert answer.page == 1 and answer.box is not None
    x1, y1, x2, y2 = answer.box
    assert (round(x2 - x1), round(y2 - y1)) == (180, 80)  # the approval's box, as on the Sign page
    dialog.reset_placement()
    assert dialog.answer().box is None and dialog.answer().page == 0


def test_an_invisible_signature_has_no_place(qtbot, tmp_path) -> None:
    dialog = _dialog(qtbot, tmp_path, "invisible", pages=1)
    assert not dialog.preview.isEnabled() and not dialog.default_place_button.isEnabled()
    dialog.preview.set_box(0, (10.0, 10.0, 100.0, 50.0))  # even if something put one there
    assert dialog.answer().box is None
    assert dialog.sign_button.isEnabled()  # no policy check given: nothing to wait for


def test_page_supplied_words_are_shown_literally(qtbot, tmp_path):
    """A FileName / DocNumber with markup must not be rendered: QLabel guesses rich text
    unless told otherwise, and a page could then draw its own "verified" banner or images."""
    markup = "<b>X</b><img src='/etc/passwd'>"
    pdf = make_pdf(tmp_path / "doc.pdf", pages=1)
    dialog = ConsentDialog("https://qlvb.example.vn", "approval", [pdf], [markup], [],
                           doc_number=markup)
    qtbot.addWidget(dialog)
    for name in ("files", "docNumber", "emergencyIntro"):
        label = dialog.findChild(QLabel, name)
        assert label.textFormat() == Qt.TextFormat.PlainText, name
    assert dialog.findChild(QLabel, "files").text() == markup
    assert dialog.findChild(QLabel, "docNumber").text() == markup


def test_origin_markup_is_escaped(qtbot, tmp_path):
    pdf = make_pdf(tmp_path / "doc.pdf", pages=1)
    dialog = ConsentDialog("https://a.example<img src=x>", "approval", [pdf], ["a.pdf"], [])
    qtbot.addWidget(dialog)
    assert "<img" not in dialog.findChild(QLabel, "origin").text()
    assert "&lt;img src=x&gt;" in dialog.findChild(QLabel, "origin").text()


def test_an_unanswered_question_closes_its_window(qtbot) -> None:
    """After the answer timeout the page has its "no": the window must not stay open
    looking live (a click there would do nothing)."""
    window = QWidget()
    qtbot.addWidget(window)
    app = GuiBridgeApp(window, lambda: [], lambda job, answer: [], answer_timeout=0.5)
    t, box = _in_thread(lambda: app.ask_origin("https://qlvb.example.vn"))
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, QMessageBox), timeout=20000)
    question = app.last_dialog
    assert question.textFormat() == Qt.TextFormat.PlainText
    qtbot.waitUntil(lambda: "answer" in box, timeout=20000)
    assert box["answer"] is None
    qtbot.waitUntil(lambda: not question.isVisible(), timeout=20000)


def test_an_unanswered_consent_window_closes(qtbot, tmp_path) -> None:
    from kyso.core.bridge.server import SignJob

    window = QWidget()
    qtbot.addWidget(window)
    app = GuiBridgeApp(window, lambda: [], lambda job, answer: [], answer_timeout=0.5)
    job = SignJob("https://qlvb.example.vn", "SignApproved", "approval",
                  [make_pdf(tmp_path / "d.pdf", pages=1)], ["d.pdf"])
    t, box = _in_thread(lambda: app.sign(job))
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=20000)
    qtbot.waitUntil(lambda: "answer" in box, timeout=20000)
    assert box["answer"].signed is None and box["answer"].error is None  # "cancelled"
    qtbot.waitUntil(lambda: app.last_dialog is None, timeout=20000)  # closed, not left open
