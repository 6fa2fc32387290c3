"""The inventory page (pytest-qt, offscreen): add from a token, CSV import with a bad row in
both modes, manual entry, unit editing, coverage numbers, the Phụ lục I export and merge.

Assertions are on data (the inventory, the files, table cells holding numbers), never on
translated text, so the tests pass whichever translator the session has installed.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog

from kyso.core.certs.details import details_of
from kyso.core.checkup.certificate import CertificateCheck
from kyso.core.inventory.importing import ImportMode
from kyso.core.inventory.store import FocalPerson, Inventory
from kyso.core.reform.check import check_subject
from kyso.core.tokens.slots import CertificateEntry, TokenInfo
from kyso.ui.inventory.models import NO_UNIT
from kyso.ui.inventory.page import InventoryPage

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT = 10000


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "inventory.sqlite3"
    with Inventory(path) as inv:
        dep, com = inv.ensure_standard_groups()
        inv.add_unit("Khối Văn phòng", parent_id=dep, staff=10)
        attached = inv.add_unit("Các đơn vị trực thuộc", parent_id=dep)
        inv.add_unit("Trung tâm Thông tin", parent_id=attached, staff=5)
        inv.add_unit("Phòng Văn hóa – Xã hội", parent_id=com, staff=4)
        inv.set_reporting_unit_name("Sở Khoa học và Công nghệ (TEST)")
        inv.set_focal_person(FocalPerson("Nguyễn Thị Đầu Mối", "Chuyên viên", "0900000000"))
    return path


@pytest.fixture
def page(qtbot, db: Path):
    widget = InventoryPage(lambda: Inventory(db), language="en")
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    yield widget
    widget.shutdown()


def unit_id(db: Path, name: str) -> int:
    with Inventory(db) as inv:
        return inv.find_unit(name).id


def token_entry(issued) -> CertificateEntry:
    return CertificateEntry("leader", b"\x01", issued.der, details_of(issued.cert), True)


def token_info(serial: str = "TEST0001") -> TokenInfo:
    return TokenInfo("/usr/lib/softhsm/libsofthsm2.so", 0, "TEST token", "SoftHSM", "v2",
                     serial, 0)


def check_of(issued) -> CertificateCheck:
    details = details_of(issued.cert)
    return CertificateCheck(details.subject, details.sha256, None, check_subject(issued.cert.subject))


def test_add_from_token_stores_once_and_updates(qtbot, page, db, test_pki) -> None:
    office = unit_id(db, "Khối Văn phòng")
    entry, token = token_entry(test_pki.organization), token_info()
    with qtbot.waitSignal(page.certificate_added, timeout=TIMEOUT) as sig:
        outcome = page.add_from_token(entry, token, check_of(test_pki.organization), office)
    assert outcome is sig.args[0] and outcome.created
    with Inventory(db) as inv:
        [rec] = inv.certificates()
        assert rec.fingerprint == entry.details.sha256
        assert (rec.unit_id, rec.kind, rec.source, rec.token_serial) == (
            office, "usb_token", "token", "TEST0001")
        assert rec.holder_kind == "organization" and rec.reform_status == "current"
        assert rec.on_new_model
    assert page.selected_unit_id() == office
    assert page.cert_table.rowCount() == 1

    # re-scan (another token serial, no unit given: the stored unit is kept) → an update
    outcome = page.add_from_token(entry, token_info("TEST0002"), None)
    assert outcome is not None and not outcome.created
    with Inventory(db) as inv:
        [rec] = inv.certificates()
        assert (rec.unit_id, rec.token_serial) == (office, "TEST0002")


def test_add_from_token_asks_for_the_unit(qtbot, page, db, test_pki) -> None:
    centre = unit_id(db, "Trung tâm Thông tin")
    assert page.add_from_token(token_entry(test_pki.leader), token_info(), None) is None
    picker = page.unit_picker
    assert picker is not None and picker.isVisible()
    picker.combo.setCurrentIndex(picker.combo.findData(centre))
    picker.remember.setChecked(True)
    with qtbot.waitSignal(page.certificate_added, timeout=TIMEOUT) as sig:
        picker.accept()
    assert sig.args[0].record.unit_id == centre
    assert page.default_unit_id == centre
    # the next token goes to the remembered unit without asking
    outcome = page.add_from_token(token_entry(test_pki.leader_province), token_info(), None)
    assert outcome is not None and outcome.record.unit_id == centre
    with Inventory(db) as inv:
        assert len(inv.certificates(unit_id=centre)) == 2
        assert all(not r.on_new_model for r in inv.certificates())


BAD_CSV = (
    "Đơn vị,Chủ thể,Loại chủ thể,Loại chứng thư,Theo mô hình mới\n"
    "Khối Văn phòng,Nguyễn Văn Sim,Cá nhân,SIM PKI,có\n"
    "Khối Văn phòng,Trần Thị Từ Xa,Cá nhân,RSSP,không\n"
    "Khối Văn phòng,Lê Văn Lỗi,Cá nhân,Thẻ nhớ,có\n"
)


def _check_csv(qtbot, page, path: Path):
    with qtbot.waitSignal(page.csv_checked, timeout=TIMEOUT) as sig:
        page.check_csv(path)
    dialog = page.problems_dialog
    assert dialog is not None and dialog.isVisible()
    return sig.args[0][1], dialog


def test_csv_with_a_bad_row_import_nothing_then_good_rows(qtbot, page, db, tmp_path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    check, dialog = _check_csv(qtbot, page, path)
    assert [p.line for p in check.problems] == [4]
    assert len(check.rows) == 2
    assert dialog.list.count() == 1 and "4" in dialog.list.item(0).text()

    with qtbot.waitSignal(page.import_finished, timeout=TIMEOUT) as sig:
        dialog.nothing_button.click()
    result = sig.args[0]
    assert result.mode is ImportMode.ALL_OR_NOTHING and not result.committed
    assert [p.line for p in result.problems] == [4]
    with Inventory(db) as inv:
        assert inv.certificates() == []
    assert dialog.result() == QDialog.DialogCode.Rejected

    check, dialog = _check_csv(qtbot, page, path)
    with qtbot.waitSignal(page.import_finished, timeout=TIMEOUT) as sig:
        dialog.good_button.click()
    result = sig.args[0]
    assert result.committed and (result.added, result.updated) == (2, 0)
    assert [p.line for p in result.problems] == [4]
    with Inventory(db) as inv:
        recs = inv.certificates()
        assert sorted((r.subject, r.kind, r.on_new_model, r.source) for r in recs) == [
            ("Nguyễn Văn Sim", "sim_pki", True, "csv"),
            ("Trần Thị Từ Xa", "rssp", False, "csv"),
        ]


def test_clean_csv_imports_without_asking(qtbot, page, db, tmp_path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text("\n".join(BAD_CSV.splitlines()[:3]) + "\n", encoding="utf-8")
    with qtbot.waitSignal(page.import_finished, timeout=TIMEOUT) as sig:
        page.check_csv(path)
    assert sig.args[0].committed and sig.args[0].added == 2
    assert page.problems_dialog is None


def test_certificate_files_import_with_a_damaged_file(qtbot, page, db, tmp_path, test_pki) -> None:
    office = unit_id(db, "Khối Văn phòng")
    good = tmp_path / "good.pem"
    good.write_bytes(test_pki.organization.pem + test_pki.pki.root.pem)
    junk = tmp_path / "junk.cer"
    junk.write_bytes(b"not a certificate")
    page.check_certificate_files([good, junk], office)
    qtbot.waitUntil(lambda: page.problems_dialog is not None and page.problems_dialog.isVisible(),
                    timeout=TIMEOUT)
    with qtbot.waitSignal(page.import_finished, timeout=TIMEOUT) as sig:
        page.problems_dialog.good_button.click()
    result = sig.args[0]
    assert result.committed and (result.added, result.skipped) == (1, 1)
    assert [p.source for p in result.problems] == ["junk.cer"]
    with Inventory(db) as inv:
        [rec] = inv.certificates(unit_id=office)
        assert rec.source == "file" and rec.reform_status == "current"


def test_manual_entry_and_edit(qtbot, page, db) -> None:
    office = unit_id(db, "Khối Văn phòng")
    page.select_unit(office)
    dialog = page.open_add_certificate_dialog()
    dialog.subject.setText("Phạm Văn Từ Xa")
    dialog.kind.setCurrentIndex(dialog.kind.findData("rssp"))
    dialog.holder.setCurrentIndex(dialog.holder.findData("person"))
    dialog.on_new_model.setChecked(True)
    dialog.has_validity.setChecked(True)
    with qtbot.waitSignal(page.certificate_added, timeout=TIMEOUT) as sig:
        dialog.accept()
    rec = sig.args[0].record
    assert (rec.subject, rec.kind, rec.unit_id, rec.on_new_model, rec.source) == (
        "Phạm Văn Từ Xa", "rssp", office, True, "manual")
    assert rec.not_before is not None and rec.not_after is not None

    page.cert_table.selectRow(0)
    assert page.selected_certificate_id() == rec.id
    edit = page.open_edit_certificate_dialog()
    assert edit is not None and edit.subject.text() == "Phạm Văn Từ Xa"
    edit.kind.setCurrentIndex(edit.kind.findData("sim_pki"))
    edit.on_new_model.setChecked(False)
    edit.accept()
    with Inventory(db) as inv:
        again = inv.certificate(rec.id)
        assert (again.kind, again.on_new_model) == ("sim_pki", False)
        assert len(inv.certificates()) == 1


def test_unit_tree_editing(qtbot, page, db) -> None:
    office = unit_id(db, "Khối Văn phòng")
    item = page._find_item(office)
    assert item is not None and item.text(1) == "10"
    item.setText(1, "12")
    item.setText(0, "Văn phòng Sở")
    with Inventory(db) as inv:
        unit = inv.unit(office)
        assert (unit.name, unit.staff) == ("Văn phòng Sở", 12)

    page.select_unit(office)
    dialog = page.open_add_unit_dialog()
    dialog.name.setText("Tổ Một cửa")
    dialog.staff.setValue(3)
    dialog.accept()
    with Inventory(db) as inv:
        child = inv.find_unit("Tổ Một cửa")
        assert (child.parent_id, child.staff) == (office, 3)
    assert page.selected_unit_id() == child.id

    item = page._find_item(child.id)
    item.setText(1, "-1")  # refused, shown as an error, value restored
    qtbot.waitUntil(lambda: page._find_item(child.id).text(1) == "3", timeout=TIMEOUT)
    with Inventory(db) as inv:
        assert inv.unit(child.id).staff == 3


def _coverage_cells(page) -> dict[str, list[str]]:
    table = page.coverage_table
    return {
        table.item(r, 1).text().strip(): [table.item(r, c).text() for c in range(2, 7)]
        for r in range(table.rowCount())
    }


def test_coverage_table_numbers(qtbot, page, db, test_pki) -> None:
    office = unit_id(db, "Khối Văn phòng")
    centre = unit_id(db, "Trung tâm Thông tin")
    with Inventory(db) as inv:
        for i in range(3):
            inv.add_manual(subject=f"Người {i}", kind="sim_pki", holder_kind="person",
                           unit_id=office, on_new_model=True)
        inv.add_manual(subject="Người cũ", kind="usb_token", holder_kind="person",
                       unit_id=office, on_new_model=False)
        old = inv.add_manual(subject="Trung tâm cũ", kind="usb_token",
                             holder_kind="organization", unit_id=centre, on_new_model=False)
        inv.mark_to_return(old.record.id, reason="giải thể")
        inv.add_manual(subject="Cán bộ TT", kind="rssp", holder_kind="person", unit_id=centre,
                       on_new_model=True)
    page.refresh()
    cells = _coverage_cells(page)
    # staff, on new model, needing change, missing, devices to return
    assert cells["Khối Văn phòng"] == ["10", "3", "1", "6", "0"]
    assert cells["Trung tâm Thông tin"] == ["5", "1", "0", "4", "1"]
    assert cells["Các đơn vị trực thuộc"] == ["5", "1", "0", "4", "1"]
    assert cells["Sở, ban, ngành"] == ["15", "4", "1", "10", "1"]
    assert cells["Phòng Văn hóa – Xã hội"] == ["4", "0", "0", "4", "0"]
    assert page.coverage_table.item(0, 0).text() == "I"
    # the chart: one bar per unit of the first level, three stacked sets
    [series] = page.chart.series()
    assert series.count() == 3
    assert [series.barSets()[0].at(i) for i in range(series.barSets()[0].count())] == [3, 1, 0]
    # devices to return
    assert page.device_table.rowCount() == 1
    assert page.device_table.item(0, 0).text() == "Trung tâm cũ"


def test_export_dialog_writes_phu_luc_xlsx_and_csv(qtbot, page, db, tmp_path) -> None:
    office = unit_id(db, "Khối Văn phòng")
    with Inventory(db) as inv:
        inv.add_manual(subject="Người A", kind="sim_pki", holder_kind="person",
                       unit_id=office, on_new_model=True)
    page.refresh()
    dialog = page.open_export_dialog()
    assert dialog.isVisible()
    dialog.period_kind.setCurrentIndex(dialog.period_kind.findData("month"))
    dialog.year.setValue(2025)
    dialog.month.setValue(8)
    out = tmp_path / "out" / "phu_luc.xlsx"
    dialog.xlsx.setText(str(out))
    dialog.with_csv.setChecked(True)
    with qtbot.waitSignal(page.export_finished, timeout=TIMEOUT) as sig:
        dialog._accept()
    assert sig.args[0] == [out, out.with_suffix(".csv")]
    wb = openpyxl.load_workbook(out)
    try:
        ws = wb["Phụ lục I"]
        assert ws["A1"].value == "PHỤ LỤC I"
        assert ws["A4"].value == "Đơn vị báo cáo: Sở Khoa học và Công nghệ (TEST)"
        assert ws["A5"].value == "Kỳ báo cáo: Tháng 08/2025"
        assert ws["A9"].value == "I" and ws["B9"].value == "Sở, ban, ngành"
    finally:
        wb.close()
    assert out.with_suffix(".csv").read_bytes().startswith(b"\xef\xbb\xbf")

    # a quarter, and the existing file is not replaced unless asked
    with qtbot.waitSignal(page.failed, timeout=TIMEOUT):
        page.export_report("2025-Q3", out)
    assert page.export_button.isEnabled()
    with qtbot.waitSignal(page.export_finished, timeout=TIMEOUT):
        page.export_report("2025-Q3", out, overwrite=True)
    wb = openpyxl.load_workbook(out)
    try:
        assert wb["Phụ lục I"]["A5"].value == "Kỳ báo cáo: Quý III/2025"
    finally:
        wb.close()


def test_merge_dialog_and_bad_input(qtbot, page, db, tmp_path) -> None:
    first = tmp_path / "a.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=TIMEOUT):
        page.export_report("2025-08", first)
    with Inventory(db) as inv:
        inv.set_reporting_unit_name("Sở Nội vụ (TEST)")
    second = tmp_path / "b.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=TIMEOUT):
        page.export_report("2025-08", second)

    dialog = page.open_merge_dialog()
    dialog.add_files([first, second])
    merged = tmp_path / "merged.xlsx"
    dialog.out.setText(str(merged))
    with qtbot.waitSignal(page.merge_finished, timeout=TIMEOUT) as sig:
        dialog._accept()
    result = sig.args[0]
    assert result.out == merged and len(result.sources) == 2
    wb = openpyxl.load_workbook(merged)
    try:
        names = [c.value for c in wb["Phụ lục I"]["B"]]
        assert "Sở Khoa học và Công nghệ (TEST)" in names and "Sở Nội vụ (TEST)" in names
    finally:
        wb.close()

    junk = tmp_path / "notes.xlsx"
    junk.write_text("not excel")
    with qtbot.waitSignal(page.failed, timeout=TIMEOUT) as sig:
        page.merge_report_files([first, junk], tmp_path / "m2.xlsx")
    assert sig.args[0].code == "report_not_xlsx"
    assert not (tmp_path / "m2.xlsx").exists()


def test_unassigned_certificates_show_under_their_own_entry(qtbot, page, db, test_pki) -> None:
    with Inventory(db) as inv:
        inv.add_certificate(test_pki.organization.cert, unit_id=None)
    page.refresh()
    item = page._find_item(NO_UNIT)
    assert item is not None
    page.tree.setCurrentItem(item)
    assert page.cert_table.rowCount() == 1


def test_reporting_unit_and_focal_person(qtbot, page, db, tmp_path) -> None:
    qtbot.keyClicks(page.reporting_name, " 2")  # QTest types ASCII only
    page.focal_name.clear()
    qtbot.keyClicks(page.focal_name, "Le Van Dau Moi")
    # typed but not saved: the export saves it first, so the title shows what is on screen
    out = tmp_path / "r.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=TIMEOUT):
        page.export_report("2025-08", out)
    with Inventory(db) as inv:
        assert inv.reporting_unit_name == "Sở Khoa học và Công nghệ (TEST) 2"
        assert inv.focal_person().name == "Le Van Dau Moi"
    wb = openpyxl.load_workbook(out)
    try:
        assert wb["Phụ lục I"]["A4"].value.endswith("(TEST) 2")
    finally:
        wb.close()
    page.focal_phone.setText("0911111111")
    page.save_reporting_button.click()
    with Inventory(db) as inv:
        assert inv.focal_person().phone == "0911111111"


def test_damaged_inventory_is_explained_and_the_page_recovers(qtbot, tmp_path, test_pki) -> None:
    damaged = tmp_path / "inventory.sqlite3"
    damaged.write_bytes(b"this is not an SQLite database, just garbage " * 50)
    widget = InventoryPage(lambda: Inventory(damaged), language="en")  # must not raise
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.is_open() and widget.open_error.code == "inventory_open"
    assert widget.open_error_box.isVisible() and not widget.body.isVisible()
    text = widget.open_error_label.text()
    assert str(damaged) in text and "Settings" in text and "Try again" in text
    # the main window's "Add to inventory" is answered with the reason, not a traceback
    with qtbot.waitSignal(widget.failed, timeout=TIMEOUT) as sig:
        assert widget.add_from_token(token_entry(test_pki.leader), token_info(), None) is None
    assert sig.args[0].code == "inventory_open"
    # the user moves the damaged file aside and tries again: a new, empty inventory
    damaged.rename(tmp_path / "inventory.damaged")
    widget.retry_button.click()
    assert widget.is_open() and not widget.open_error_box.isVisible() and widget.body.isVisible()
    assert widget.unit_choices() == []
    widget.shutdown()


def test_inventory_from_a_newer_kyso_is_explained(qtbot, tmp_path) -> None:
    import sqlite3

    newer = tmp_path / "inventory.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    widget = InventoryPage(lambda: Inventory(newer), language="en")
    qtbot.addWidget(widget)
    assert widget.open_error is not None and widget.open_error.code == "inventory_newer"
    assert "update Kyso" in widget.open_error_label.text()


def test_page_messages_go_through_qt_translation(qtbot, page, db) -> None:
    """Messages written on the page are tr() texts (the English translator is installed),
    whatever language the page was given for core's messages."""
    page.language = "vi"
    office = unit_id(db, "Khối Văn phòng")
    with qtbot.waitSignal(page.failed, timeout=TIMEOUT) as sig:
        page._find_item(office).setText(1, "mười")
    assert page.status.text() == "Staff must be a whole number (0 or more)."
    assert sig.args[0].message("vi") == sig.args[0].message("en") == page.status.text()
    page.tree.setCurrentItem(None)
    with qtbot.waitSignal(page.failed, timeout=TIMEOUT):
        page.choose_certificate_files()
    assert page.status.text() == "Select the certificates' unit in the unit tree first."


def test_every_column_shows_its_whole_header(qtbot, db: Path, translations) -> None:
    """Vietnamese headers are long ("Kiểm tra mô hình hai cấp" was cut to "ı tra mô hình
    ha" at Qt's default width, at any window size; it is now "Kiểm tra hai cấp", to leave
    the subject room at 1366 px); in English after switching too."""
    translations.use("vi")  # this module's tests run in English (pytestmark)
    widget = InventoryPage(lambda: Inventory(db), language="vi")
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()

    def cut() -> list[str]:
        out = []
        for table in (widget.cert_table, widget.coverage_table, widget.device_table):
            header = table.horizontalHeader()
            for column in range(table.columnCount()):
                if header.sectionSize(column) < header.sectionSizeHint(column):
                    out.append(table.horizontalHeaderItem(column).text())
        return out

    assert widget.cert_table.horizontalHeaderItem(4).text() == "Kiểm tra hai cấp"
    assert cut() == []
    translations.use("en")  # as the module's other tests expect it
    widget.retranslate()
    assert widget.cert_table.horizontalHeaderItem(4).text() == "Two-tier check"
    assert cut() == []
