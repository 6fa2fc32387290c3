"""The reform panel's verdict line says the verdict in words for every status (review
session 6, item 17): "check with the unit" showed only " (Thái Bình, now Hưng Yên)"."""

from __future__ import annotations

import pytest

from kyso.ui.reform_panel import ReformPanel

HOSPITAL = "CN=Bệnh viện Đa khoa tỉnh Thái Bình,O=Sở Y tế tỉnh Thái Bình,L=Thái Bình,C=VN"
MERGED = (
    "UID=CCCD:001085000001,CN=Nguyễn Văn An,OU=Sở Lao động - Thương binh và Xã hội,"
    "O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN"
)
SUBJECTS = {
    "current": "CN=UBND tỉnh Hưng Yên,L=Hưng Yên,C=VN",
    "needs_change": "CN=UBND tỉnh Thái Bình,L=Thái Bình,C=VN",
    "unit_abolished": "CN=UBND huyện Đông Hưng,O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN",
    "check_with_unit": HOSPITAL,
    "unknown": "CN=xyz",
}


def _panel(qtbot, language: str) -> ReformPanel:
    panel = ReformPanel(language=language)
    qtbot.addWidget(panel)
    return panel


@pytest.mark.usefixtures("translations")
@pytest.mark.parametrize("status", list(SUBJECTS))
def test_every_verdict_is_said_in_words(qtbot, status: str) -> None:
    panel = _panel(qtbot, "vi")
    result = panel.show_subject(SUBJECTS[status])
    assert result.status == status
    text = panel.verdict.text()
    assert text.strip() and not text.startswith(" ") and not text.startswith("(")
    # a sentence of its own before the place
    assert text.split(" (")[0].rstrip().endswith(".")


@pytest.mark.usefixtures("translations")
def test_check_with_unit_in_vietnamese(qtbot) -> None:
    panel = _panel(qtbot, "vi")
    panel.show_subject(HOSPITAL)
    text = panel.verdict.text()
    assert "kiểm tra với đơn vị" in text.casefold()
    assert text.endswith("(Thái Bình, nay là Hưng Yên)")


@pytest.mark.usefixtures("english")
def test_check_with_unit_in_english(qtbot) -> None:
    panel = _panel(qtbot, "en")
    panel.show_subject(MERGED)
    text = panel.verdict.text()
    assert "check" in text.casefold() and "with the unit" in text
    assert text.endswith("(Thái Bình, now Hưng Yên)")
