"""The bridge's real signing path in the app: the inserted token's certificates offered in
the consent window, the placement the user drags on the document's page, the Sign page's
policy decision (item 4's emergency fallback with its reason and audit entry), a PIN,
sign_with_key, upload — and the refusal of a certificate the policy does not allow."""

from __future__ import annotations

import json
import subprocess
import threading

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from kyso.core.app.environment import Environment
from kyso.core.bridge import local_ca
from kyso.core.bridge.policy import BridgePolicy
from kyso.core.bridge.server import BridgeServer
from kyso.core.checkup.certificate import make_checker
from kyso.core.settings import Paths, Settings, load_settings
from kyso.core.signing.policy import EMERGENCY_PREFIX, RULE_ITEM4_VI
from kyso.core.tokens.slots import list_tokens
from kyso.ui.bridge.consent import ConsentDialog
from kyso.ui.bridge.gui_app import GuiBridgeApp
from kyso.ui.bridge.known import WindowKnowledge
from kyso.ui.bridge.signing import token_assessor, token_choices, token_signer
from tests.core.bridge.test_bridge import call
from tests.support.signing_fixtures import PIN, FixedPin, make_pdf, sign_world, sign_world_base
from tests.support.web_app import WebApp

__all__ = ["sign_world", "sign_world_base"]


def bridge_world(qtbot, world, tmp_path, serial: str, language: str = "vi", *,
                 checks: dict | None = None, remote: list | None = None):
    """The bridge in the app over the token ``serial`` of the SoftHSM world: a real server
    with its local CA, a web page on 127.0.0.1, the GUI's consent window (its language the
    main window's, ``language``), the Sign page's policy, audit and signing. ``checks`` and
    ``remote``: the window's cached checks by SHA-256 and its remote accounts' credentials
    (read on the GUI thread when the bridge decides, as the app's
    :class:`~kyso.ui.bridge.known.WindowKnowledge` reads the main window's)."""
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "root.pem").write_bytes(world.certs.pki.root.pem)
    loaded = load_settings(Paths.under(tmp_path / "home"))
    loaded.values = Settings(anchors_path=str(anchors), tsa_url=world.tsa.url,
                             revocation_timeout_s=2.0)
    env = Environment(loaded, modules=[world.module])
    snaps = [s for s in list_tokens(world.module) if s.info.serial == serial]
    checker = make_checker(loaded.values, loaded.paths)
    window = QWidget()
    window.language = language  # what the main window tells the consent window
    qtbot.addWidget(window)
    checks = {} if checks is None else checks
    remote = [] if remote is None else remote
    knowledge = WindowKnowledge(window, lambda: checks, lambda: remote)
    app = GuiBridgeApp(
        window, lambda: token_choices(snaps),
        token_signer(env, lambda: snaps, FixedPin(PIN), lambda: checker,
                     lambda: tmp_path / "audit.jsonl", known=knowledge.read),
        assess=token_assessor(env, lambda: snaps, lambda: checker, known=knowledge.read),
        answer_timeout=60,
    )
    web = WebApp({"doc.pdf": make_pdf(tmp_path / "src.pdf").read_bytes()})
    certs = local_ca.create(tmp_path / "bridge")
    server = BridgeServer(app, BridgePolicy(it_origins=(web.origin,), allow_http=True),
                          ssl_context=certs.ssl_context(), port=0, work_dir=tmp_path)
    server.start()
    return server, certs, web, app


@pytest.fixture
def world(qtbot, sign_world, tmp_path):
    server, certs, web, app = bridge_world(qtbot, sign_world, tmp_path, sign_world.pin_serial)
    yield server, certs, web, app
    server.stop()
    web.close()


def _ask(server, certs, web, op):
    box: dict = {}
    threading.Thread(target=lambda: box.setdefault("answer", call(server, certs, op, {
        "FileName": web.url("doc.pdf"), "FileUploadHandler": web.url("upload"),
        "DocNumber": "9/SY-UBND"}, web.origin)), daemon=True).start()
    return box


def _assessed(qtbot, dialog: ConsentDialog) -> None:
    """The policy's check of the chosen certificate came back."""
    qtbot.waitUntil(lambda: dialog._assessment is not None, timeout=60000)


def _pick(dialog: ConsentDialog, text: str) -> None:
    for i in range(dialog.certificates.count()):
        if text in dialog.certificates.itemText(i):
            dialog.certificates.setCurrentIndex(i)
            return
    raise AssertionError(f"{text} not offered: {[dialog.certificates.itemText(i) for i in range(dialog.certificates.count())]}")


def test_copy_signed_with_the_organization_certificate(qtbot, world, tmp_path, sign_world):
    server, certs, web, app = world
    box = _ask(server, certs, web, "SignCopy")
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=90000)
    name = sign_world.entries["organization"].details.common_name
    _pick(app.last_dialog, name)
    _assessed(qtbot, app.last_dialog)
    app.last_dialog.sign_button.click()
    qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
    assert box["answer"]["Status"] == 0, box["answer"]
    out = web.save_upload(0, tmp_path / "up.pdf")
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(out)], capture_output=True,
                                                  text=True).stdout


def test_a_revoked_certificate_is_refused_in_words(qtbot, world, sign_world):
    server, certs, web, app = world
    box = _ask(server, certs, web, "SignApproved")
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=90000)
    _pick(app.last_dialog, sign_world.entries["revoked"].details.common_name)
    _assessed(qtbot, app.last_dialog)
    assert not app.last_dialog.emergency()
    app.last_dialog.sign_button.click()
    qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
    assert box["answer"]["Status"] == 1 and "thu hồi" in box["answer"]["Message"]
    assert web.uploads == []


def _view_point(view, x: float, y: float) -> QPoint:
    """The viewport pixel of PDF point (x, y) on the preview's page."""
    rect = view.page_rect()
    w, h = view.page_size()
    return QPoint(round(rect.left() + x * rect.width() / w),
                  round(rect.top() + (h - y) * rect.height() / h))


def _drag(qtbot, view, start: QPoint, end: QPoint) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def _widget_rect(path) -> list[float]:
    import pikepdf

    with pikepdf.open(path) as pdf:
        fields = [f for f in pdf.Root.AcroForm.Fields if f.get("/FT") == "/Sig"]
        assert len(fields) == 1
        widget = fields[0].Kids[0] if "/Kids" in fields[0] else fields[0]
        return [float(v) for v in widget.Rect]


def test_the_box_dragged_in_the_consent_window_is_where_it_is_signed(
        qtbot, world, tmp_path, sign_world) -> None:
    server, certs, web, app = world
    box = _ask(server, certs, web, "SignCopy")
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=90000)
    dialog = app.last_dialog
    dialog.fit_screen(1366, 768)
    _pick(dialog, sign_world.entries["organization"].details.common_name)
    view = dialog.preview
    qtbot.waitUntil(view.has_image, timeout=20000)
    assert dialog.placement() == (0, None) and view.ghost is not None  # the default place
    # draw a box, then drag it by its middle to move it, then nudge it with an arrow key
    _drag(qtbot, view, _view_point(view, 80, 300), _view_point(view, 300, 240))
    page, drawn = dialog.placement()
    tol = 2 * 595.0 / view.page_rect().width() + 0.1
    for got, want in zip(drawn, (80, 240, 300, 300), strict=True):
        assert abs(got - want) <= tol, (drawn, tol)
    middle = _view_point(view, 190, 270)
    _drag(qtbot, view, middle, _view_point(view, 290, 170))
    page, moved = dialog.placement()
    assert abs((moved[0] - drawn[0]) - 100) <= tol and abs((moved[1] - drawn[1]) + 100) <= tol
    assert abs((moved[2] - moved[0]) - (drawn[2] - drawn[0])) < 0.2  # same size
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    page, final = dialog.placement()
    assert abs(final[0] - moved[0] - 10) < 0.01 and page == 0
    assert "Page 1" in dialog.place_label.text() or "Trang 1" in dialog.place_label.text()
    _assessed(qtbot, dialog)
    qtbot.waitUntil(lambda: view.appearance is not None, timeout=20000)  # what Kyso will draw
    shot = tmp_path / "consent-1366x768.png"
    assert dialog.grab().save(str(shot))
    assert dialog.width() <= 1366 and dialog.height() <= 768
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
    assert box["answer"]["Status"] == 0, box["answer"]
    out = web.save_upload(0, tmp_path / "placed.pdf")
    assert _widget_rect(out) == [float(round(v)) for v in final]
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(out)], capture_output=True,
                                                  text=True).stdout


def test_item4_emergency_from_a_web_page_needs_the_reason_and_is_audited(
        qtbot, world, tmp_path, sign_world) -> None:
    server, certs, web, app = world
    box = _ask(server, certs, web, "SignApproved")
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=90000)
    dialog = app.last_dialog
    dialog.fit_screen(1366, 768)
    _pick(dialog, sign_world.entries["leader-province"].details.common_name)
    _assessed(qtbot, dialog)
    # the window says it: item 4 of letter 393, the rule quoted, a reason required
    assert dialog.emergency() and dialog.emergency_group.isVisible()
    assert dialog.rule_label.text() == RULE_ITEM4_VI
    org = sign_world.entries["organization"].details.common_name
    assert org in dialog.emergency_intro.text()
    assert not dialog.sign_button.isEnabled()
    dialog.accept()  # Enter without a reason does nothing
    assert dialog.isVisible() and "answer" not in box
    dialog.reason_edit.setText("abc")
    assert not dialog.sign_button.isEnabled()  # too short
    reason = "Ký lệnh phòng chống bão khẩn"
    dialog.reason_edit.setText(reason)
    assert dialog.sign_button.isEnabled()
    qtbot.waitUntil(dialog.preview.has_image, timeout=20000)
    qtbot.waitUntil(lambda: dialog.preview.appearance is not None, timeout=20000)
    assert dialog.grab().save(str(tmp_path / "consent-item4-1366x768.png"))
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "answer" in box, timeout=120000)
    # the page learns the result only: the upload handler's answer, nothing of the emergency
    assert box["answer"] == {"Status": 0, "Message": "ok", "FileName": "signed-1.pdf",
                             "FileServer": "https://files.example"}, box["answer"]
    out = web.save_upload(0, tmp_path / "khan.pdf")
    with out.open("rb") as fh:
        sig = PdfFileReader(fh).embedded_signatures[0]
        signed_reason = str(sig.sig_object["/Reason"])
    assert signed_reason.startswith(EMERGENCY_PREFIX + reason + " [Kyso audit #")
    entries = [json.loads(line) for line in
               (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["event"] for e in entries] == ["emergency_sign_started", "emergency_sign"]
    assert entries[-1]["data"]["reason"] == EMERGENCY_PREFIX + reason
    assert entries[-1]["data"]["new_model_organization"] == org
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(out)], capture_output=True,
                                                  text=True).stdout


def test_item4_cancelled_window_signs_and_audits_nothing(qtbot, world, tmp_path,
                                                         sign_world) -> None:
    server, certs, web, app = world
    box = _ask(server, certs, web, "SignApproved")
    qtbot.waitUntil(lambda: isinstance(app.last_dialog, ConsentDialog), timeout=90000)
    _pick(app.last_dialog, sign_world.entries["leader-province"].details.common_name)
    _assessed(qtbot, app.last_dialog)
    assert app.last_dialog.emergency()
    app.last_dialog.reject()
    qtbot.waitUntil(lambda: "answer" in box, timeout=60000)
    assert box["answer"]["Status"] == 2 and web.uploads == []
    assert not (tmp_path / "audit.jsonl").exists()
