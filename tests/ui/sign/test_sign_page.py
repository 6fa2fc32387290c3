"""The sign page (issue 5 §2–§4) over SoftHSM2, the test PKI and its CRL server.

The page gets a :class:`SigningContext` built the way the main window builds it: the
module's token snapshots, cached trust + two-tier checks, the settings, the PIN prompter.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import threading
from pathlib import Path

import pytest
from asn1crypto import x509 as ax509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from kyso.core.checkup.token_checks import check_snapshot
from kyso.core.settings import Paths, Settings, load_settings
from kyso.core.signing.appearance import Profile
from kyso.core.signing.pades import DocumentSigner, Level, sha256_file
from kyso.core.signing.policy import RULE_ITEM4_VI
from kyso.core.tokens.slots import list_tokens
from kyso.core.trust.anchors import TrustAnchors
from kyso.core.trust.checker import TrustChecker
from kyso.core.trust.revocation import RevocationCache
from kyso.ui.pin_dialog import GuiPinPrompter
from kyso.ui.sign.context import SigningContext
from kyso.ui.sign.memory import MEMORY_FILE
from kyso.ui.sign.page import SignPage
from tests.support.signing_fixtures import PIN, make_pdf, sign_world_base

__all__ = ["sign_world_base"]

EMERGENCY = "Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT"


class Harness:
    def __init__(self, world, tmp_path: Path, serial: str) -> None:
        self.world = world
        self.serial = serial
        root = world.certs.pki.root.cert
        self.loaded = load_settings(Paths.under(tmp_path / "home"))
        self.loaded.values = Settings(tsa_url=world.tsa.url, revocation_timeout_s=2.0)
        self.checker = TrustChecker(
            self.loaded.values,
            TrustAnchors(roots=(root,)),
            RevocationCache(tmp_path / "revocation"),
        )
        self.checks: dict[str, object] = {}
        for snap in self.snapshots():
            for row in check_snapshot(snap, self.checker):
                self.checks[row.check.sha256] = row.check
        self.context = SigningContext(
            snapshots=self.snapshots,
            module_for=lambda path: world.module if path == world.module.path else None,
            checks=lambda: self.checks,
            settings=lambda: self.loaded,
            prompter=None,  # type: ignore[arg-type]  # set below (needs a parent widget)
            checker=lambda: self.checker,
        )

    def snapshots(self):
        snaps = list_tokens(self.world.module, rescan=False)
        return [s for s in snaps if s.info.serial == self.serial]

    def page(self, qtbot) -> SignPage:
        page = SignPage(self.context, language="en")
        qtbot.addWidget(page)
        self.context.prompter = GuiPinPrompter(page, "en")
        page.resize(1300, 900)
        page.show()
        qtbot.waitExposed(page)
        return page


@pytest.fixture
def harness(sign_world_base, tmp_path, english):
    return Harness(sign_world_base, tmp_path, sign_world_base.serial)


def answer_pin(qtbot, page: SignPage, pin: str = PIN) -> None:
    prompter = page.context.prompter
    qtbot.waitUntil(lambda: prompter.last_dialog is not None, timeout=15000)
    dialog = prompter.last_dialog
    assert dialog.state_label.text()  # the PIN state is shown before asking
    qtbot.keyClicks(dialog.pin_edit, pin)
    dialog.accept()


def sign_and_wait(qtbot, page: SignPage, pin: str | None = PIN):
    with qtbot.waitSignal(page.finished, timeout=90000) as blocker:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        if pin is not None:
            answer_pin(qtbot, page, pin)
    return blocker.args[0]


def validate(world, path: Path):
    with path.open("rb") as fh:
        reader = PdfFileReader(fh)
        sig = reader.embedded_signatures[-1]
        vc = ValidationContext(
            trust_roots=[ax509.Certificate.load(world.root_der)], allow_fetching=False
        )
        status = validate_pdf_signature(sig, vc)
        field = sig.sig_field
        widget = field["/Kids"][0] if "/Kids" in field else field
        rect = [float(v) for v in widget.get("/Rect", [0, 0, 0, 0])]
        reason = sig.sig_object.get("/Reason")
        return status, rect, (str(reason) if reason is not None else None)


def view_point(page: SignPage, x: float, y: float) -> QPoint:
    """The viewport pixel of PDF point (x, y) on the preview's current page."""
    rect = page.preview.page_rect()
    w, h = page.preview.page_size()
    return QPoint(
        round(rect.left() + x * rect.width() / w), round(rect.top() + (h - y) * rect.height() / h)
    )


def test_ca_certificates_never_offered_and_badges_shown(qtbot, harness) -> None:
    page = harness.page(qtbot)
    labels = {c.entry.label for c in page.candidates()}
    assert {"organization", "leader-province", "revoked"} <= labels
    assert not labels & {"root", "sub-ca"}
    assert all(not c.entry.is_ca for c in page.candidates())
    rows = {
        page.cert_tree.topLevelItem(i).text(0): page.cert_tree.topLevelItem(i)
        for i in range(page.cert_tree.topLevelItemCount())
    }
    org = rows["Sở Khoa học và Công nghệ tỉnh Hưng Yên"]
    assert org.text(2) == "Trusted" and org.text(3) == "New model"
    leader = rows["Trần Thị Bình"]
    assert leader.text(3) == "Needs a change of information"
    assert rows["Phạm Văn Dũng"].text(2) == "Not trusted"


def test_preview_maps_view_pixels_to_pdf_points(qtbot, harness, tmp_path) -> None:
    page = harness.page(qtbot)
    page.add_paths([make_pdf(tmp_path / "a.pdf")])
    qtbot.waitUntil(lambda: page.preview.page_rect() is not None, timeout=5000)
    qtbot.wait(100)
    rect = page.preview.page_rect()
    # the page as drawn: the bright pixels of the viewport
    img = page.preview.viewport().grab().toImage()
    xs, ys = [], []
    for y in range(0, img.height(), 1):
        for x in range(0, img.width(), 1):
            if img.pixelColor(x, y).lightness() > 250:
                xs.append(x)
                ys.append(y)
    assert abs(min(xs) - rect.left()) <= 1 and abs(max(xs) - (rect.right() - 1)) <= 1
    assert abs(min(ys) - rect.top()) <= 1
    assert max(ys) <= rect.bottom()
    # a point maps back to itself (within a pixel's worth of points)
    pt = page.preview.to_pdf(view_point(page, 100, 700).toPointF())
    tol = 595.0 / rect.width() + 0.01
    assert abs(pt.x() - 100) <= tol and abs(pt.y() - 700) <= tol


def test_sign_two_files_with_the_organization_certificate(qtbot, harness, tmp_path) -> None:
    world = harness.world
    files = [make_pdf(tmp_path / f"{n}.pdf") for n in ("một", "hai")]
    before = [sha256_file(f) for f in files]
    page = harness.page(qtbot)
    page.add_paths(files)
    assert page.select_certificate(lambda c: c.entry.label == "organization")
    page.set_profile(Profile.COPY)
    page.set_level(Level.B_B)
    assert page.organization_edit.text() == "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    qtbot.waitUntil(lambda: page.preview.page_rect() is not None, timeout=5000)
    viewport = page.preview.viewport()
    start, end = view_point(page, 300, 760), view_point(page, 520, 700)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    page_no, box = page.placement()
    tol = 2 * 595.0 / page.preview.page_rect().width() + 0.1
    assert page_no == 0
    for got, want in zip(box, (300, 700, 520, 760), strict=True):
        assert abs(got - want) <= tol, (box, tol)
    # remembered per profile, in the data folder's small JSON (not settings.json)
    memory = json.loads((harness.loaded.paths.data_dir / MEMORY_FILE).read_text("utf-8"))
    assert memory["placements"]["copy"]["box"] == list(box)

    report = sign_and_wait(qtbot, page)
    assert report is not None and [r.status for r in report.results] == ["signed", "signed"]
    for f, sha, result in zip(files, before, report.results, strict=True):
        assert result.output == f.with_name(f.stem + ".signed.pdf")
        assert sha256_file(f) == sha
        status, rect, _reason = validate(world, result.output)
        assert status.intact and status.valid
        assert tuple(rect) == tuple(float(v) for v in result.box)
        assert result.box == tuple(int(round(v)) for v in box)
        out = subprocess.run(["pdfsig", str(result.output)], capture_output=True, text=True)
        assert "Signature is Valid" in out.stdout
    for i in range(2):
        item = page.file_tree.topLevelItem(i)
        assert item.text(page.COL_STATUS) == "Signed"
        assert item.text(page.COL_OUTPUT).endswith(".signed.pdf")
    assert not page.is_busy() and page.sign_button.isEnabled()

    # a new page (next start) restores the profile's placement
    again = SignPage(harness.context, language="en")
    qtbot.addWidget(again)
    again.set_profile(Profile.COPY)
    assert again.placement() == (0, box)


def test_emergency_signature_of_outdated_leader(qtbot, harness, tmp_path) -> None:
    world = harness.world
    src = make_pdf(tmp_path / "khẩn.pdf")
    page = harness.page(qtbot)
    page.add_paths([src])
    assert page.select_certificate(lambda c: c.entry.label == "leader-province")
    page.set_profile(Profile.APPROVAL)
    page.set_level(Level.B_B)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.emergency_dialog is not None and page.emergency_dialog.isVisible(),
        timeout=15000,
    )
    dialog = page.emergency_dialog
    assert dialog.rule_label.text() == RULE_ITEM4_VI
    assert not dialog.ok_button.isEnabled()  # a reason is required
    dialog.accept()
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.reason_edit, "abc")  # QTest types ASCII only
    assert not dialog.ok_button.isEnabled()  # too short
    dialog.reason_edit.setText("Ký lệnh phòng chống bão khẩn")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(page.finished, timeout=90000) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        answer_pin(qtbot, page)
    report = blocker.args[0]
    assert [r.status for r in report.results] == ["signed"]
    status, _rect, reason = validate(world, report.results[0].output)
    assert status.intact and status.valid
    # the signed reason ends with the audit log's head (issue 14): "… [Kyso audit #1 <hash>]"
    assert reason.startswith(EMERGENCY + ": ") and "Ký lệnh phòng chống bão khẩn [Kyso audit #1 " in reason
    audit = harness.loaded.paths.data_dir / "audit.jsonl"
    entry = json.loads(audit.read_text(encoding="utf-8").splitlines()[-1])
    assert entry["event"] == "emergency_sign"
    assert reason.startswith(entry["data"]["reason"] + " [Kyso audit #")


@pytest.mark.parametrize(
    ("label", "future", "expected"),
    [
        ("revoked", False, "revoked"),
        ("organization", True, "expired"),
    ],
)
def test_refused_with_reason(qtbot, harness, tmp_path, label, future, expected) -> None:
    src = make_pdf(tmp_path / "a.pdf")
    page = harness.page(qtbot)
    page.add_paths([src])
    assert page.select_certificate(lambda c: c.entry.label == label)
    page.set_profile(Profile.INVISIBLE)
    page.set_level(Level.B_B)
    if future:
        page.now = lambda: dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=20 * 365)
    report = sign_and_wait(qtbot, page, pin=None)
    assert report is None
    assert page.message_box is not None and expected in page.message_box.text()
    assert "may not sign" in page.message_box.text()
    assert page.context.prompter.last_dialog is None  # no PIN asked
    assert not (tmp_path / "a.signed.pdf").exists()
    page.message_box.close()


def test_cancel_between_files(qtbot, harness, tmp_path, monkeypatch) -> None:
    files = [make_pdf(tmp_path / f"{i}.pdf") for i in range(3)]
    page = harness.page(qtbot)
    page.add_paths(files)
    page.select_certificate(lambda c: c.entry.label == "organization")
    page.set_profile(Profile.INVISIBLE)
    page.set_level(Level.B_B)
    first_done, gate = threading.Event(), threading.Event()
    original = DocumentSigner.finish_file  # phase 2: the file is written and in place

    def finish_file(self, doc, signature):
        result = original(self, doc, signature)
        if not first_done.is_set():
            first_done.set()
            gate.wait(20)
        return result

    monkeypatch.setattr(DocumentSigner, "finish_file", finish_file)
    with qtbot.waitSignal(page.finished, timeout=90000) as blocker:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        answer_pin(qtbot, page)
        qtbot.waitUntil(first_done.is_set, timeout=30000)
        qtbot.waitUntil(page.cancel_button.isEnabled, timeout=5000)
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
        gate.set()
    report = blocker.args[0]
    assert report.stopped == "cancelled"
    assert [r.status for r in report.results] == ["signed", "not_started", "not_started"]
    assert [p.name for p in report.left] == ["1.pdf", "2.pdf"]
    assert page.file_tree.topLevelItem(1).text(page.COL_STATUS) == "Not signed: cancelled"
    assert not (tmp_path / "1.signed.pdf").exists()
    assert "2 files not signed" in page.status_label.text()


def test_token_pulled_mid_batch_lists_files_left(qtbot, sign_world_base, tmp_path, english,
                                                 monkeypatch) -> None:
    world = sign_world_base
    short = next(iter(world.pull_labels))
    h = Harness(world, tmp_path, world.pull_serials[short])
    files = [make_pdf(tmp_path / f"f{i}.pdf") for i in range(3)]
    page = h.page(qtbot)
    page.add_paths(files)
    page.select_certificate(lambda c: c.entry.label == "organization")
    page.set_profile(Profile.INVISIBLE)
    page.set_level(Level.B_B)
    original = DocumentSigner.finish_file  # phase 2: the file is written and in place
    pulled = threading.Event()

    def finish_file(self, doc, signature):
        result = original(self, doc, signature)
        if not pulled.is_set():
            pulled.set()
            world.store.delete_token(world.pull_labels[short])
        return result

    monkeypatch.setattr(DocumentSigner, "finish_file", finish_file)
    report = sign_and_wait(qtbot, page)
    assert report.stopped == "token_removed"
    assert report.results[0].status == "signed"
    assert [p.name for p in report.left] == ["f1.pdf", "f2.pdf"]
    assert page.message_box is not None
    assert "Left to sign: f1.pdf, f2.pdf" in page.message_box.text()
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))
    page.message_box.close()


def test_signature_image_remembered_per_certificate(qtbot, harness, tmp_path) -> None:
    from tests.support.signing_fixtures import signature_png

    png = tmp_path / "chu-ky.png"
    png.write_bytes(signature_png())
    bad = tmp_path / "not.png"
    bad.write_bytes(b"GIF89a")
    page = harness.page(qtbot)
    page.select_certificate(lambda c: c.entry.label == "leader-province")
    page.set_profile(Profile.APPROVAL)
    assert not page.set_image(bad)
    assert page.message_box is not None and "PNG" in page.message_box.text()
    page.message_box.close()
    assert page.set_image(png)
    assert page.image_label.text() == "chu-ky.png"
    again = SignPage(harness.context, language="en")
    qtbot.addWidget(again)
    again.select_certificate(lambda c: c.entry.label == "leader-province")
    again.set_profile(Profile.APPROVAL)
    assert again.image_label.text() == "chu-ky.png"
    again.select_certificate(lambda c: c.entry.label == "revoked")
    assert again.image_label.text() != "chu-ky.png"
    # the file dialogs are opened with open() and reachable
    again.choose_files()
    assert again.file_dialog is not None and again.file_dialog.isVisible()
    again.file_dialog.reject()
    box = again.file_dialog.findChild(QDialogButtonBox)
    assert box is not None


def test_context_over_the_main_window(qtbot, main_window, tokens, test_pki, english) -> None:
    """``SigningContext.for_window`` reads the window's watcher, checks and settings."""
    w = main_window
    tok = tokens.demo(test_pki)
    page = SignPage(SigningContext.for_window(w), language="en")
    qtbot.addWidget(page)
    qtbot.waitUntil(
        lambda: (page.refresh_certificates() or True)
        and any(c.snapshot.info.serial == tok.serial for c in page.candidates()),
        timeout=5000,
    )
    labels = {c.entry.label for c in page.candidates() if c.snapshot.info.serial == tok.serial}
    assert "organization" in labels and not labels & {"root", "sub-ca"}
    assert page.context.paths() == w.env.paths
    module_path = page.candidates()[0].snapshot.info.module_path
    assert page.context.module_for(module_path) is w.env.module_for(module_path) is not None
    assert page.context.module_for("/nonexistent/libpkcs11.so") is None
    assert page.context.prompter is w.prompter
    # the window's background checks show up as badges once they arrive
    qtbot.waitUntil(lambda: bool(w.model.checks), timeout=15000)
    page.tokens_changed()
    texts = {
        page.cert_tree.topLevelItem(i).text(3) for i in range(page.cert_tree.topLevelItemCount())
    }
    assert "Needs a change of information" in texts


def test_emergency_with_an_unwritable_audit_log_signs_nothing(qtbot, harness, tmp_path) -> None:
    """Item 4: the audit entry is written before the token signs. When the log cannot be
    written, the batch stops before the first file, the rows say why, the message tells
    the user, and no signed file appears. The PIN dialog says (translated) what it is for."""
    from PySide6.QtWidgets import QLabel

    (harness.loaded.paths.data_dir / "audit.jsonl").mkdir(parents=True)
    files = [make_pdf(tmp_path / f"khẩn {i}.pdf") for i in range(2)]
    page = harness.page(qtbot)
    page.add_paths(files)
    assert page.select_certificate(lambda c: c.entry.label == "leader-province")
    page.set_profile(Profile.INVISIBLE)
    page.set_level(Level.B_B)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.emergency_dialog is not None and page.emergency_dialog.isVisible(),
        timeout=15000,
    )
    page.emergency_dialog.reason_edit.setText("Ký lệnh phòng chống bão khẩn")
    prompter = page.context.prompter
    with qtbot.waitSignal(page.finished, timeout=90000) as blocker:
        qtbot.mouseClick(page.emergency_dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: prompter.last_dialog is not None, timeout=15000)
        texts = [w.text() for w in prompter.last_dialog.findChildren(QLabel)]
        assert any("Sign 2 PDF file(s) with “Trần Thị Bình”" in t for t in texts), texts
        answer_pin(qtbot, page)
    report = blocker.args[0]
    assert report.stopped == "audit_failed"
    assert [r.status for r in report.results] == ["not_started", "not_started"]
    assert not list(tmp_path.glob("*.signed.pdf"))
    for i in range(2):
        assert page.file_tree.topLevelItem(i).text(page.COL_STATUS) == (
            "Not signed: the audit log could not be written (left to sign)"
        )
    assert page.message_box is not None
    text = page.message_box.text()
    assert "audit log" in text and "Left to sign: khẩn 0.pdf, khẩn 1.pdf" in text
    page.message_box.close()


def test_folders_are_listed_off_the_gui_thread(qtbot, harness, tmp_path, monkeypatch) -> None:
    """A folder is listed by a worker (the Sign button waits for it); the preview of the
    first file is read by a worker too."""
    from kyso.ui.sign import files as sign_files  # where the page looks the workers up

    folder = tmp_path / "hồ sơ"
    folder.mkdir()
    for name in ("b.pdf", "a.pdf", "a.signed.pdf"):
        make_pdf(folder / name)
    (folder / "ghi chú.txt").write_text("x", encoding="utf-8")
    gui = threading.current_thread()
    threads: dict[str, threading.Thread] = {}
    real_list, real_read = sign_files.list_pdfs, sign_files.read_preview
    gate = threading.Event()

    def list_pdfs(paths):
        threads["list"] = threading.current_thread()
        gate.wait(20)
        return real_list(paths)

    def read_preview(path):
        threads["read"] = threading.current_thread()
        return real_read(path)

    monkeypatch.setattr(sign_files, "list_pdfs", list_pdfs)
    monkeypatch.setattr(sign_files, "read_preview", read_preview)
    page = harness.page(qtbot)
    page.select_certificate(lambda c: c.entry.label == "organization")
    page.add_paths([folder])
    assert page.is_listing() and page.files == [] and not page.sign_button.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: not page.is_listing(), timeout=10000)
    assert [p.name for p in page.files] == ["a.pdf", "b.pdf"]
    assert page.sign_button.isEnabled()
    qtbot.waitUntil(lambda: page.preview.page_rect() is not None, timeout=10000)
    assert threads["list"] is not gui and threads["read"] is not gui
    page.clear_files()
    assert page._pdf_doc.pageCount() == 0


def test_checked_before_the_pin_tsa_offline_and_unwritable_folder(
    qtbot, harness, tmp_path
) -> None:
    """Issue 16 §2: the TSA and the output folder are checked before the PIN dialog; offline
    the user may agree to B-B in that same dialog, or sign nothing."""
    from PySide6.QtWidgets import QMessageBox

    world = harness.world
    src = make_pdf(tmp_path / "a.pdf")
    page = harness.page(qtbot)
    page.add_paths([src])
    assert page.select_certificate(lambda c: c.entry.label == "organization")
    page.set_profile(Profile.INVISIBLE)
    page.set_level(Level.B_T)
    prompter = page.context.prompter

    # an output "folder" that is a file: said before the PIN, nothing signed
    blocker_file = tmp_path / "not-a-folder"
    blocker_file.write_text("x")
    page.set_output_folder(blocker_file / "ra")
    with qtbot.waitSignal(page.finished, timeout=30000) as blocker:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [None] and prompter.last_dialog is None
    assert page.message_box is not None and "cannot be written" in page.message_box.text()
    assert "Errno" not in page.message_box.text()
    page.message_box.close()
    page.set_output_folder(None)

    world.tsa.mode = "down"
    try:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.fallback_box is not None, timeout=30000)
        box = page.fallback_box
        assert prompter.last_dialog is None  # no PIN asked yet
        assert "timestamp server" in box.text() and "B-B" in box.text()
        assert "Errno" not in box.text() and "Không" not in box.text()  # one language
        with qtbot.waitSignal(page.finished, timeout=10000) as blocker:
            box.button(QMessageBox.StandardButton.No).click()
        assert blocker.args == [None] and not src.with_name("a.signed.pdf").exists()

        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.fallback_box is not None, timeout=30000)
        with qtbot.waitSignal(page.finished, timeout=90000) as blocker:
            page.fallback_box.button(QMessageBox.StandardButton.Yes).click()
            answer_pin(qtbot, page)
    finally:
        world.tsa.mode = "ok"
    report = blocker.args[0]
    assert [r.status for r in report.results] == ["signed"]
    status, _rect, _reason = validate(world, report.results[0].output)
    assert status.intact and status.valid and status.timestamp_validity is None  # B-B


def test_page_thumbnails_show_every_page_and_choose_one(qtbot, harness, tmp_path) -> None:
    page = harness.page(qtbot)
    page.add_paths([make_pdf(tmp_path / "ba-trang.pdf", pages=3)])
    thumbs = page.thumbnails
    qtbot.waitUntil(lambda: thumbs.count() == 3 and thumbs.rendered_count() == 3, timeout=15000)
    assert thumbs.isVisible()
    rect = thumbs.visualItemRect(thumbs.item(2))
    qtbot.mouseClick(thumbs.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.page_spin.value() == 3 and page.preview.current_page() == 2
    page.page_spin.setValue(1)
    assert thumbs.currentRow() == 0
    page.clear_files()
    assert thumbs.count() == 0 and not thumbs.isVisible()


def test_a_failed_file_is_said_in_a_dialog(qtbot, harness, tmp_path) -> None:
    """Issue 16: a failure is not only a row cut to "Failed: Co…": a dialog lists the
    files that failed, each with its reason."""
    good = make_pdf(tmp_path / "tot.pdf")
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a PDF body\n%%EOF\n")
    page = harness.page(qtbot)
    page.add_paths([good, broken])
    assert page.select_certificate(lambda c: c.entry.label == "organization")
    page.set_profile(Profile.INVISIBLE)
    page.set_level(Level.B_B)
    report = sign_and_wait(qtbot, page)
    assert [r.status for r in report.results] == ["signed", "failed"]
    box = page.message_box
    assert box is not None and box.isVisible()
    assert "hong.pdf" in box.text() and "Signed 1 of 2 files; 1 failed." in box.text()
    assert "tot.pdf" not in box.text()


def test_a_batch_stopped_by_the_tsa_after_approval_lists_the_files_left(qtbot, harness,
                                                                        tmp_path) -> None:
    """``stopped == "tsa_failed"`` (a remote batch whose TSA failed after an approval): the
    dialog says why and which files are left; their rows say the timestamp server failed."""
    from kyso.core.errors import KysoError
    from kyso.core.signing.batch import BatchReport
    from kyso.core.signing.pades import SignResult

    files = [make_pdf(tmp_path / f"tờ {i}.pdf") for i in range(3)]
    page = harness.page(qtbot)
    page.add_paths(files)
    tsa = KysoError("Máy chủ dấu thời gian lỗi.", "The timestamp server failed after the "
                    "signing request was approved.", code="tsa_failed")
    report = BatchReport(
        results=[SignResult(files[0], status="failed", error=tsa),
                 SignResult(files[1], status="not_started"),
                 SignResult(files[2], status="not_started")],
        stopped="tsa_failed",
        error=tsa,
    )
    page._batch_done(report)
    for i in (1, 2):
        assert page.file_tree.topLevelItem(i).text(page.COL_STATUS) == (
            "Not signed: the timestamp server failed (left to sign)"
        )
    assert page.message_box is not None
    text = page.message_box.text()
    assert "after the signing request was approved" in text
    assert "Left to sign: tờ 1.pdf, tờ 2.pdf" in text
    page.message_box.close()
