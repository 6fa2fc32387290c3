"""The Sign page after an interrupted batch (issue 14, item 5): signing the same files again
shows the ones done before as "Đã ký trước đó" with their output, signs the rest, and
reports no error."""

from __future__ import annotations

from kyso.core.signing.appearance import Profile
from kyso.core.signing.pades import Level
from kyso.ui.sign.page import SignPage
from tests.support.signing_fixtures import make_pdf, sign_world_base
from tests.ui.sign.test_sign_page import Harness, answer_pin

__all__ = ["sign_world_base"]


def _sign(qtbot, page: SignPage):
    with qtbot.waitSignal(page.finished, timeout=90000) as blocker:
        page.sign_button.click()
        answer_pin(qtbot, page)
    return blocker.args[0]


def test_rerun_shows_signed_before_rows(qtbot, sign_world_base, tmp_path, translations):
    harness = Harness(sign_world_base, tmp_path, sign_world_base.serial)
    files = [make_pdf(tmp_path / f"{n}.pdf") for n in ("một", "hai")]

    def page_for(paths):
        page = SignPage(harness.context, language="vi")
        qtbot.addWidget(page)
        from kyso.ui.pin_dialog import GuiPinPrompter

        harness.context.prompter = GuiPinPrompter(page, "vi")
        page.show()
        page.add_paths(paths)
        assert page.select_certificate(lambda c: c.entry.label == "organization")
        page.set_profile(Profile.INVISIBLE)
        page.set_level(Level.B_B)
        return page

    first = _sign(qtbot, page_for(files[:1]))
    assert [r.status for r in first.results] == ["signed"]
    page = page_for(files)
    report = _sign(qtbot, page)
    assert [r.status for r in report.results] == ["already_signed", "signed"]
    row = page.file_tree.topLevelItem(0)
    assert row.text(page.COL_STATUS) == "Đã ký trước đó"
    assert row.text(page.COL_OUTPUT).endswith("một.signed.pdf")
    assert page.file_tree.topLevelItem(1).text(page.COL_STATUS) == "Đã ký"
