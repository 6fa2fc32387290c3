"""What you see is what gets signed (issue 16): the leader places the approval signature by
clicking and sees its exact appearance, signs; the clerk opens the output, snaps the seal
over the leader's signature and sees that signature under it, signs; the Verify preview
shows both appearances. Pixels are read from the widgets' own grabs, so a preview that
drew no annotation or no appearance fails here.

Colours tell the parts apart: the leader's signature image is pure green strokes, the
seal pure red; nothing else on the test page is green or red.
"""

from __future__ import annotations

from pathlib import Path

from pyhanko.pdf_utils.reader import PdfFileReader
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from kyso.core.signing.appearance import Profile
from kyso.core.signing.existing import seal_box_over, signature_widgets
from kyso.core.signing.pades import Level
from kyso.ui.pin_dialog import GuiPinPrompter
from kyso.ui.sign.page import SignPage
from kyso.ui.verify.page import VerifyPage
from tests.support.signing_fixtures import make_pdf, sign_world_base
from tests.ui.guide_shots import guide_shot
from tests.ui.sign.test_sign_page import Harness, sign_and_wait, view_point

__all__ = ["sign_world_base"]

LEADER_BOX_CENTRE = (400.0, 220.0)


def _png(path: Path, colour: QColor, *, circle: bool) -> Path:
    img = QImage(300, 150 if not circle else 300, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    pen = QPen(colour)
    pen.setWidth(14)
    p.setPen(pen)
    if circle:
        p.drawEllipse(20, 20, 260, 260)
        p.drawLine(60, 150, 240, 150)
    else:
        p.drawLine(10, 120, 290, 30)
        p.drawLine(10, 30, 290, 120)
    p.end()
    assert img.save(str(path), "PNG")
    return path


def _count(image: QImage, rect: QRectF, channel: str) -> int:
    """Pixels in ``rect`` that are clearly green (``g``) or red (``r``)."""
    n = 0
    r = rect.toRect().intersected(image.rect())
    for y in range(r.top(), r.bottom(), 2):
        for x in range(r.left(), r.right(), 2):
            c = image.pixelColor(x, y)
            if channel == "g" and c.green() > 150 and c.red() < 90 and c.blue() < 90:
                n += 1
            if channel == "r" and c.red() > 150 and c.green() < 90 and c.blue() < 90:
                n += 1
    return n


def _grab(view) -> QImage:
    img = view.viewport().grab().toImage()
    ratio = img.devicePixelRatio()
    return img.scaled(round(img.width() / ratio), round(img.height() / ratio))


def _sub(rect: QRectF, x0: float, x1: float) -> QRectF:
    """The horizontal slice [x0, x1] (fractions) of ``rect``."""
    return QRectF(rect.left() + rect.width() * x0, rect.top(), rect.width() * (x1 - x0),
                  rect.height())


def _page(qtbot, harness: Harness) -> SignPage:
    """The page as :meth:`Harness.page` makes it, in Vietnamese (the guide's pictures)."""
    page = SignPage(harness.context, language="vi")
    qtbot.addWidget(page)
    harness.context.prompter = GuiPinPrompter(page, "vi")
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_leader_then_clerk_what_you_see_is_signed(
    qtbot, sign_world_base, tmp_path, translations
) -> None:
    harness = Harness(sign_world_base, tmp_path, sign_world_base.serial)
    shots = tmp_path / "screens"
    shots.mkdir()
    src = make_pdf(tmp_path / "quyet-dinh.pdf")
    signature = _png(tmp_path / "chu-ky.png", QColor(0, 200, 0), circle=False)
    seal = _png(tmp_path / "con-dau.png", QColor(230, 0, 0), circle=True)

    # -- the leader: approval, placed by a click, appearance seen, signed ----------------
    page = _page(qtbot, harness)
    page.add_paths([src])
    assert page.select_certificate(lambda c: c.entry.label == "leader-current")
    page.set_profile(Profile.APPROVAL)
    page.set_level(Level.B_B)
    assert page.set_image(signature)
    qtbot.waitUntil(lambda: page.preview.has_image(), timeout=10000)
    # before placing, the profile's default place is drawn with the appearance
    qtbot.waitUntil(lambda: page.preview.ghost is not None, timeout=5000)
    with qtbot.waitSignal(page.appearance_rendered, timeout=10000):
        qtbot.mouseClick(
            page.preview.viewport(), Qt.MouseButton.LeftButton,
            pos=view_point(page, *LEADER_BOX_CENTRE),
        )
    page_no, box = page.placement()
    assert page_no == 0 and box is not None
    assert abs((box[0] + box[2]) / 2 - LEADER_BOX_CENTRE[0]) < 2
    rect = page.preview.to_view(box)
    seen = _grab(page.preview)
    page.window().grab().save(str(shots / "1-leader-placed.png"))
    guide_shot(page, "sign-approval.png", tmp_path)
    assert _count(seen, rect, "g") > 20, "the signature image is not drawn at the box"
    outside = QRectF(rect).translated(0, rect.height() * 1.5)
    assert _count(seen, outside, "g") == 0
    # arrow keys nudge the box by one point (Shift: ten)
    page.preview.setFocus()
    qtbot.keyClick(page.preview, Qt.Key.Key_Right)
    qtbot.keyClick(page.preview, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    nudged = page.placement()[1]
    assert nudged == (box[0] + 1, box[1] + 10, box[2] + 1, box[3] + 10)
    # drag the corner handle: the box grows, the opposite corner stays
    r = page.preview.to_view(nudged)
    corner = QPoint(round(r.right()), round(r.bottom()))
    qtbot.mousePress(page.preview.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    qtbot.mouseMove(page.preview.viewport(), pos=corner + QPoint(20, 15))
    qtbot.mouseRelease(
        page.preview.viewport(), Qt.MouseButton.LeftButton, pos=corner + QPoint(20, 15)
    )
    grown = page.placement()[1]
    assert grown[0] == nudged[0] and grown[3] == nudged[3]
    assert grown[2] > nudged[2] + 5 and grown[1] < nudged[1] - 5
    # zoom: fit width is larger than fit page; + and − step from there
    fit_page = page.preview.scale()
    page.fit_width_button.click()
    assert page.preview.scale() > fit_page
    page.fit_page_button.click()
    page.zoom_in_button.click()
    assert abs(page.preview.scale() - fit_page * 1.25) < 1e-6
    page.fit_page_button.click()

    report = sign_and_wait(qtbot, page)
    assert report is not None and [r.status for r in report.results] == ["signed"]
    leader_out = report.results[0].output
    assert report.results[0].box == tuple(int(round(v)) for v in grown)
    leader_box = tuple(float(v) for v in report.results[0].box)

    # -- the clerk: the leader's output, the seal snapped over the signature -------------
    clerk = _page(qtbot, harness)
    clerk.add_paths([leader_out])
    assert clerk.select_certificate(lambda c: c.entry.label == "organization")
    clerk.set_profile(Profile.ISSUANCE)
    clerk.set_level(Level.B_B)
    assert clerk.set_image(seal)
    qtbot.waitUntil(lambda: clerk.preview.has_image(), timeout=10000)
    qtbot.waitUntil(lambda: clerk.snap_button.isEnabled(), timeout=10000)
    # the leader's signature is drawn in the preview (annotations rendered)
    under = clerk.preview.to_view(leader_box)
    assert _count(_grab(clerk.preview), under, "g") > 20, "the leader's signature is not shown"
    with qtbot.waitSignal(clerk.appearance_rendered, timeout=10000):
        qtbot.mouseClick(clerk.snap_button, Qt.MouseButton.LeftButton)
    assert clerk.seal_only()
    page_no, seal_box = clerk.placement()
    want = seal_box_over(leader_box, 110.0)
    assert page_no == 0 and all(abs(a - b) < 0.11 for a, b in zip(seal_box, want, strict=True))
    seen = _grab(clerk.preview)
    clerk.window().grab().save(str(shots / "2-clerk-seal-snapped.png"))
    guide_shot(clerk, "issue-seal.png", tmp_path)
    seal_rect = clerk.preview.to_view(seal_box)
    assert _count(seen, seal_rect, "r") > 20, "the seal is not drawn at its box"
    # the right two thirds of the leader's signature stay visible beside the seal
    assert _count(seen, _sub(under, 0.45, 1.0), "g") > 10
    report = sign_and_wait(qtbot, clerk)
    assert report is not None and [r.status for r in report.results] == ["signed"]
    final = report.results[0].output
    assert report.results[0].box == tuple(int(round(v)) for v in seal_box)
    with final.open("rb") as fh:
        sigs = PdfFileReader(fh).embedded_signatures
        assert len(sigs) == 2
    widgets = signature_widgets(final.read_bytes())
    assert [w.box for w in widgets] == [leader_box, tuple(float(v) for v in report.results[0].box)]

    # -- verify: both appearances in the preview -----------------------------------------
    verify = VerifyPage(harness.checker, language="vi", workers=1)
    qtbot.addWidget(verify)
    verify.resize(1100, 800)
    verify.show()
    with qtbot.waitSignal(verify.finished, timeout=60000):
        verify.open_paths([final])
    doc_item = verify.tree.topLevelItem(0)
    assert doc_item.childCount() == 2
    verify.tree.setCurrentItem(doc_item.child(1))
    qtbot.waitUntil(lambda: verify.preview.has_image(), timeout=10000)
    qtbot.wait(50)
    seen = _grab(verify.preview)
    verify.grab().save(str(shots / "3-verify-both.png"))
    guide_shot(verify, "verify.png", tmp_path)
    assert _count(seen, verify.preview.to_view(leader_box), "g") > 10
    assert _count(seen, verify.preview.to_view(seal_box), "r") > 20
    verify.shutdown()
