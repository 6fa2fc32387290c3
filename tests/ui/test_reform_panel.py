"""The reform panel (issue 3 §4) driven for real: pytest-qt, offscreen, the demo PKI."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QGuiApplication

from kyso.core.certs.details import parse_certificate
from kyso.core.demo.pki import organization_name
from kyso.core.demo.token import DemoCertificates
from kyso.core.subjects.admin_units import new_communes_of
from kyso.ui.reform_panel import CHANGED_BACKGROUND, ReformPanel, verdict_badge

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def panel(qtbot) -> ReformPanel:
    p = ReformPanel(language="en")
    qtbot.addWidget(p)
    p.show()
    return p


def _table(panel: ReformPanel) -> list[list[str]]:
    t = panel.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def _highlighted(panel: ReformPanel) -> list[int]:
    colour = QColor(CHANGED_BACKGROUND)
    return [
        r
        for r in range(panel.table.rowCount())
        if panel.table.item(r, panel.COLUMN_NEW).background().color() == colour
    ]


def test_thai_binh_provincial_leader(panel: ReformPanel, test_pki: DemoCertificates) -> None:
    details = parse_certificate(test_pki.leader_province.der)
    result = panel.show_certificate(details)
    assert result.status == "needs_change"

    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(4)]
    assert headers[panel.COLUMN_CURRENT] == "Current information"
    assert headers[panel.COLUMN_NEW] == "Under the new model"

    keys = [row.key for row in panel.rows()]
    assert keys == ["CN", "T", "OU", "O", "L"]
    assert panel.changed_rows() == ["O", "L"]
    rows = {row.key: row for row in panel.rows()}
    assert rows["O"].current == "UBND tỉnh Thái Bình" and rows["O"].proposed == "UBND tỉnh Hưng Yên"
    assert rows["L"].current == "Thái Bình" and rows["L"].proposed == "Hưng Yên"
    assert rows["CN"].proposed == rows["CN"].current == "Trần Thị Bình"

    # Highlighted by colour *and* a marker, on exactly the changed rows.
    table = _table(panel)
    assert _highlighted(panel) == [keys.index("O"), keys.index("L")]
    marks = [row[panel.COLUMN_MARK] for row in table]
    assert [bool(m) for m in marks] == [k in ("O", "L") for k in keys]
    assert marks[keys.index("O")] == "→ change"
    assert table[keys.index("CN")][panel.COLUMN_NEW] == "Trần Thị Bình"
    assert table[keys.index("O")][panel.COLUMN_NEW] == "UBND tỉnh Hưng Yên"

    vi, en, colour = verdict_badge("needs_change")
    assert panel.badge.text() == en and colour in panel.badge.styleSheet()
    assert any("merged into Tỉnh Hưng Yên" in r for r in result.reasons_in("en"))
    assert "merged into Tỉnh Hưng Yên" in panel.reasons.text()
    assert "Form 04" in panel.recommendation.text()
    assert "Hưng Yên, Thái Bình" in panel.file_at.text()
    assert not panel.picker.isVisible()

    QGuiApplication.clipboard().clear()
    assert panel.copy_button.isEnabled()
    panel.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text == panel.form_text()
    assert text.startswith("ĐỀ NGHỊ THAY ĐỔI NỘI DUNG THÔNG TIN CHỨNG THƯ SỐ (Mẫu 04")
    assert "- Cơ quan (O): UBND tỉnh Thái Bình → UBND tỉnh Hưng Yên\n" in text
    assert "- Tỉnh/Thành phố (L): Thái Bình → Hưng Yên\n" in text
    assert (
        "CN=Trần Thị Bình\nT=Giám đốc\nOU=Sở Khoa học và Công nghệ\n"
        "O=UBND tỉnh Hưng Yên\nL=Hưng Yên\n"
    ) in text
    assert f"Số hiệu chứng thư số: {details.serial_hex}" in text
    assert "Nơi nộp: đầu mối được ủy quyền của Hưng Yên hoặc Thái Bình" in text


def test_reasons_follow_the_language(qtbot, test_pki: DemoCertificates) -> None:
    panel = ReformPanel(language="vi")
    qtbot.addWidget(panel)
    result = panel.show_certificate(parse_certificate(test_pki.leader_province.der))
    assert "đã hợp nhất vào Tỉnh Hưng Yên" in panel.reasons.text()
    assert panel.badge.text() == verdict_badge(result.status)[0] == "Cần thay đổi thông tin"
    panel.language = "en"
    panel.retranslate()
    assert "merged into Tỉnh Hưng Yên" in panel.reasons.text()
    assert panel.badge.text() == "Needs a change of information"


def test_abolished_district_person_picks_a_commune(
    qtbot, panel: ReformPanel, test_pki: DemoCertificates
) -> None:
    result = panel.show_certificate(parse_certificate(test_pki.leader.der))
    assert result.status == "unit_abolished" and result.holder.kind == "person"
    assert panel.picker.isVisible()

    # The picker lists Hưng Yên's communes, those that took over Vũ Thư first.
    choices = panel.unit_choices()
    assert sorted(choices) == sorted(new_communes_of("Hưng Yên"))
    assert choices[: len(result.district_successors)] == result.district_successors
    assert "Xã Vũ Thư" in result.district_successors

    # Before the pick the OU waits; nothing half-done goes to the clipboard.
    assert panel.needs_pick() and not panel.copy_button.isEnabled()
    rows = {row.key: row for row in panel.rows()}
    assert rows["OU"].pending and rows["OU"].current == "UBND huyện Vũ Thư"
    assert set(panel.changed_rows()) == {"OU", "O", "L"}
    ou_row = [row.key for row in panel.rows()].index("OU")
    assert _table(panel)[ou_row][panel.COLUMN_NEW] == "(pick the unit below)"

    # Searchable without diacritics.
    qtbot.keyClicks(panel.unit_filter, "vu thu")
    filtered = panel.unit_choices()
    assert "Xã Vũ Thư" in filtered and len(filtered) < len(choices)
    assert all("vu" in c.lower() or "vũ" in c.lower() for c in filtered)

    index = panel.unit_combo.findText("Xã Vũ Thư")
    panel.unit_combo.setCurrentIndex(index)
    panel.unit_combo.activated.emit(index)  # as when the user picks it
    assert panel.picked_unit == "Xã Vũ Thư"
    rows = {row.key: row for row in panel.rows()}
    assert not rows["OU"].pending and rows["OU"].proposed == "UBND xã Vũ Thư"
    assert rows["O"].proposed == "UBND tỉnh Hưng Yên"
    assert _table(panel)[ou_row][panel.COLUMN_NEW] == "UBND xã Vũ Thư"
    assert panel.copy_button.isEnabled()
    panel.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert "- Đơn vị (OU): UBND huyện Vũ Thư → UBND xã Vũ Thư\n" in text
    assert "OU=UBND xã Vũ Thư\nO=UBND tỉnh Hưng Yên\nL=Hưng Yên\n" in text

    # Another pick replaces it.
    panel.pick_unit("Phường Thái Bình")
    assert {row.key: row for row in panel.rows()}["OU"].proposed == "UBND phường Thái Bình"


def test_organization_already_current(panel: ReformPanel, test_pki: DemoCertificates) -> None:
    result = panel.show_certificate(parse_certificate(test_pki.organization.der))
    assert result.status == "current"
    assert panel.changed_rows() == []
    assert _highlighted(panel) == []
    assert all(row[panel.COLUMN_MARK] == "" for row in _table(panel))
    assert panel.badge.text() == "Up to date"
    assert not panel.copy_button.isEnabled()
    assert not panel.picker.isVisible()
    assert panel.file_at.text() == ""


def test_abolished_district_organization_is_not_changed(panel: ReformPanel) -> None:
    result = panel.show_subject(
        organization_name(
            "UBND huyện Vũ Thư", o="UBND tỉnh Thái Bình", locality="Thái Bình", uid="MST:0900000002"
        )
    )
    assert result.status == "unit_abolished"
    assert not panel.picker.isVisible()
    assert not panel.copy_button.isEnabled()
    assert "revocation" in panel.recommendation.text()


def test_garbage_subject_is_unknown(panel: ReformPanel) -> None:
    result = panel.show_subject("no subject here")
    assert result.status == "unknown"
    assert panel.badge.text() == "Not determined"
    assert panel.changed_rows() == []
    panel.clear()
    assert panel.table.rowCount() == 0 and panel.badge.text() == ""


def test_verdict_badge() -> None:
    for status in ("current", "needs_change", "unit_abolished", "unknown"):
        vi, en, colour = verdict_badge(status)
        assert vi and en and colour.startswith("#")
    assert verdict_badge("current")[0] == "Đã theo mô hình mới"
    assert verdict_badge("bogus") == verdict_badge("unknown")


def test_an_institutions_new_parent_is_picked(qtbot, panel: ReformPanel) -> None:
    """A school whose district parent is gone (issue 15): the panel asks for its new parent
    among the communes that took the district over, as the exports do (pick_unit)."""
    result = panel.show_subject("CN=Trường THCS Lê Lợi,O=UBND quận Hà Đông,L=Hà Nội,C=VN")
    assert result.pick_unit == "O" and panel.picker.isVisible()
    assert (
        panel.picker_label.text() == "New parent: the commune's People's Committee (new structure):"
    )
    assert panel.needs_pick() and not panel.copy_button.isEnabled()
    assert {row.key: row for row in panel.rows()}["O"].pending
    panel.pick_unit("Phường Hà Đông")
    rows = {row.key: row for row in panel.rows()}
    assert rows["O"].proposed == "UBND phường Hà Đông" and not rows["O"].pending
    assert panel.copy_button.isEnabled()


def test_a_district_ou_between_commune_and_province_is_dropped(panel: ReformPanel) -> None:
    panel.show_subject(
        "CN=Nguyễn Văn An,T=Chủ tịch,OU=UBND xã Vũ Hội,OU=UBND huyện Vũ Thư,"
        "O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN"
    )
    assert not panel.picker.isVisible()
    keys = [row.key for row in panel.rows()]
    table = _table(panel)
    assert table[keys.index("OU[2]")][panel.COLUMN_NEW] == "(remove: the district level is gone)"
    assert table[keys.index("OU[1]")][panel.COLUMN_NEW] == "UBND xã Thư Vũ"
    text = panel.form_text()
    assert "UBND huyện Vũ Thư → (bỏ)" in text
    assert "OU=UBND xã Thư Vũ\nO=UBND tỉnh Hưng Yên\nL=Hưng Yên\n" in text


def test_a_merged_department_is_asked_for_not_kept(qtbot) -> None:
    """A department merged by NĐ 45/2025 (issue 15 follow-up): the panel never offers its old
    name under the new province; the row asks for the new name, the form says so, and the
    reasons name the usual successor."""
    panel = ReformPanel(language="en")
    qtbot.addWidget(panel)
    result = panel.show_subject(
        "UID=CCCD:001085000001,CN=Nguyễn Văn An,T=Chuyên viên,OU=Sở KH&ĐT,"
        "O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN"
    )
    assert result.status == "check_with_unit"
    assert panel.badge.text() == "Check with the unit"
    assert panel.changed_rows() == ["OU", "O", "L"]
    keys = [row.key for row in panel.rows()]
    table = _table(panel)
    assert table[keys.index("OU")][panel.COLUMN_NEW] == (
        "(department merged on 1 March 2025: check its new name)"
    )
    assert "Department of Finance" in panel.reasons.text()
    text = panel.form_text()
    assert "OU=Sở KH&ĐT" not in text
    assert "OU=(cơ quan đã hợp nhất từ 01/3/2025; kiểm tra tên cơ quan mới với đơn vị)" in text
    assert "O=UBND tỉnh Hưng Yên\nL=Hưng Yên\n" in text
    # An institution's name is still kept as written, unhighlighted.
    panel.show_subject("CN=Bệnh viện Đa khoa tỉnh Thái Bình,O=Sở Y tế tỉnh Thái Bình,L=Thái Bình")
    assert panel.changed_rows() == ["O", "L"]
    assert "CN=Bệnh viện Đa khoa tỉnh Thái Bình" in panel.form_text()


def test_a_split_commune_is_picked_before_anything_is_copied(qtbot, panel: ReformPanel) -> None:
    """Xã Nhị Thành went to two new communes: the panel asks which (only those two), and
    the change request cannot be copied until then — it would keep a commune that no
    longer exists. Picked, every mention of it names the new one."""
    result = panel.show_subject(
        "UID=MST:01,CN=UBND xã Nhị Thành,O=UBND huyện Thủ Thừa,ST=Tỉnh Long An,C=VN"
    )
    assert result.pick_unit == "CN" and panel.picker.isVisible()
    assert panel.picker_label.text() == "The commune was split: the new one (new structure):"
    assert panel.unit_choices() == ["Xã Thủ Thừa", "Xã Nhựt Tảo"]
    assert panel.needs_pick() and not panel.copy_button.isEnabled()
    assert "First pick the new commune" in panel.recommendation.text()
    assert "CN=" not in panel.form_text()  # nothing proposed for it yet
    panel.pick_unit("Xã Nhựt Tảo")
    assert not panel.needs_pick() and panel.copy_button.isEnabled()
    text = panel.form_text()
    assert "CN=UBND xã Nhựt Tảo" in text
    assert "O=UBND tỉnh Tây Ninh" in text and "ST=Tây Ninh" in text
    assert "Nhị Thành" not in text.split("Thông tin đề nghị ghi trên chứng thư số:")[1]


def test_a_name_of_two_old_communes_is_picked_and_said_so(qtbot, panel: ReformPanel) -> None:
    """ "xa Truc Hung" written without marks is Xã Trực Hưng or Xã Trực Hùng (one district,
    two new communes): the panel asks which new commune, and says why — the name is two
    old communes, none of them was split."""
    result = panel.show_subject("CN=UBND xa Truc Hung,O=UBND huyen Truc Ninh,ST=Nam Dinh,C=VN")
    assert result.pick_unit == "CN" and result.split_homonyms and panel.picker.isVisible()
    assert panel.picker_label.text() == (
        "The name is several old communes: the new one (new structure):"
    )
    assert (
        sorted(panel.unit_choices()) == sorted(result.commune_new) and len(result.commune_new) == 2
    )
    assert panel.needs_pick() and not panel.copy_button.isEnabled()
    panel.pick_unit(result.commune_new[0])
    assert not panel.needs_pick() and panel.copy_button.isEnabled()
