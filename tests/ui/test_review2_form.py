"""Issue 15, second review: the Mẫu 04 text of the reform panel (see
tests/core/reform/test_review2_findings.py for the core findings)."""

from __future__ import annotations

from kyso.ui.reform_panel import ReformPanel


def test_form_text_new_subject_keeps_the_country(qtbot) -> None:
    # The "Thông tin đề nghị ghi trên chứng thư số" block of the Mẫu 04 text is meant to be
    # the new subject the CA writes; it lists CN, T, OU, O, L and stops: C=VN (in every
    # subject, domain.md §3: "... L=<province>, C=VN") is left out, so the copied new subject
    # is not the certificate's subject. Expected: the block ends with "C=VN".
    panel = ReformPanel(language="vi")
    qtbot.addWidget(panel)
    panel.show_subject(
        "CN=Nguyễn Văn An,T=Chủ tịch,OU=UBND xã Vũ Hội,OU=UBND huyện Vũ Thư,"
        "O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN"
    )
    text = panel.form_text()
    block = text.split("Thông tin đề nghị ghi trên chứng thư số:\n", 1)[1]
    assert "C=VN" in block, text
