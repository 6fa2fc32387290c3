"""Filling the inventory from certificate files and CSV; bad rows and the user's choice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kyso.core.errors import KysoError
from kyso.core.inventory.importing import (
    ImportMode,
    check_certificate_csv,
    csv_template_header,
    import_certificate_csv,
    import_certificate_files,
    read_certificate_file,
)
from kyso.core.inventory.store import Inventory
from tests.support.inventory_data import CURRENT_PERSON, TRUST_OK, make_pki, organization, person

VN = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture
def inv(tmp_path: Path):
    with Inventory(tmp_path / "inventory.sqlite3") as inventory:
        dep, com = inventory.ensure_standard_groups()
        inventory.add_unit("Khối Văn phòng", parent_id=dep, staff=10)
        attached = inventory.add_unit("Các đơn vị trực thuộc", parent_id=dep)
        inventory.add_unit("Trung tâm Thông tin", parent_id=attached, staff=5)
        inventory.add_unit("Trung tâm Thông tin", parent_id=com, staff=3)
        yield inventory


# -- certificate files -----------------------------------------------------------------


def test_pem_file_with_several_certificates_and_a_chain(inv: Inventory, pki, tmp_path: Path):
    a = person(pki, "Nguyễn Văn A", "Phòng Một")
    b = person(pki, "Nguyễn Văn B", "Phòng Hai")
    org = organization(pki, "Sở Nội vụ (TEST)")
    bundle = tmp_path / "ca_nhan.pem"
    bundle.write_bytes(a.pem + b"\n" + b.pem + pki.sub_ca.pem + pki.root.pem)
    der = tmp_path / "to_chuc.cer"
    der.write_bytes(org.der)
    office = inv.find_unit("Khối Văn phòng").id
    seen: list[str] = []

    def assess(cert):
        seen.append(cert.subject.rfc4514_string())
        return (CURRENT_PERSON if "Nguyễn" in seen[-1] else None), TRUST_OK

    result = import_certificate_files(inv, [bundle, der], unit_id=office,
                                      mode=ImportMode.ALL_OR_NOTHING, assess=assess)
    assert (result.added, result.updated, result.skipped, result.problems) == (3, 0, 2, [])
    assert result.committed
    assert len(seen) == 3  # CA certificates are not assessed
    recs = inv.certificates(unit_id=office)
    assert [r.source for r in recs] == ["file"] * 3
    assert [r.holder_kind for r in recs] == ["person", "person", "organization"]
    assert [r.on_new_model for r in recs] == [True, True, False]
    assert recs[0].trust_status == "ok"
    # importing the same files again updates instead of duplicating
    again = import_certificate_files(inv, [der, bundle], unit_id=None,
                                     mode=ImportMode.GOOD_ROWS)
    assert (again.added, again.updated) == (0, 3)
    assert len(inv.certificates()) == 3
    assert {r.unit_id for r in inv.certificates()} == {office}


def test_damaged_pem_block_is_reported_with_its_line(inv: Inventory, pki, tmp_path: Path):
    good = person(pki, "Trần Thị Tốt", "Phòng Ba")
    broken = (b"-----BEGIN CERTIFICATE-----\nTUlJQmFk\nZGF0YQ==\n-----END CERTIFICATE-----\n")
    mixed = tmp_path / "lan_lon.pem"
    mixed.write_bytes(b"# exported by hand\n" + good.pem + broken)
    expected_line = 2 + good.pem.count(b"\n")
    notacert = tmp_path / "ghi_chu.cer"
    notacert.write_text("xin chào", encoding="utf-8")

    certs, problems = read_certificate_file(mixed)
    assert len(certs) == 1 and [p.line for p in problems] == [expected_line]

    nothing = import_certificate_files(inv, [mixed, notacert], unit_id=None,
                                       mode=ImportMode.ALL_OR_NOTHING)
    assert not nothing.committed and nothing.written == 0
    assert [(p.source, p.line) for p in nothing.problems] == [
        ("lan_lon.pem", expected_line), ("ghi_chu.cer", None)]
    assert f"lan_lon.pem, dòng {expected_line}: khối PEM bị hỏng" in nothing.problems[0].message()
    assert "line" in nothing.problems[0].message("en")
    assert inv.certificates() == []

    some = import_certificate_files(inv, [mixed, notacert], unit_id=None,
                                    mode=ImportMode.GOOD_ROWS)
    assert some.committed and some.added == 1 and len(some.problems) == 2
    assert [r.subject for r in inv.certificates()] == [good.cert.subject.rfc4514_string()]


# -- CSV -------------------------------------------------------------------------------

GOOD_CSV = """\
Đơn vị;Chủ thể;Loại chủ thể;Loại chứng thư;Theo mô hình mới;Hiệu lực từ;Hiệu lực đến;Ghi chú
Khối Văn phòng;Nguyễn Văn Sim;Cá nhân;SIM PKI;có;01/07/2025;30/06/2028;Viettel
Khối Văn phòng;Lê Thị Từ Xa;cá nhân;rssp;x;2025-07-02;2028-07-01;
Sở, ban, ngành > Các đơn vị trực thuộc > Trung tâm Thông tin;Trung tâm Thông tin;Tổ chức;USB Token;không;;;"ghi chú; có dấu chấm phẩy"
"""


def test_csv_with_vietnamese_headers(inv: Inventory, tmp_path: Path):
    path = tmp_path / "danh_sach.csv"
    path.write_bytes(GOOD_CSV.encode("utf-8-sig"))
    result = import_certificate_csv(inv, path, mode=ImportMode.ALL_OR_NOTHING)
    assert (result.added, result.updated, result.problems, result.committed) == (3, 0, [], True)
    sim, remote, org = inv.certificates()
    assert (sim.kind, sim.holder_kind, sim.on_new_model, sim.note, sim.source) == (
        "sim_pki", "person", True, "Viettel", "csv")
    assert sim.not_before == dt.datetime(2025, 7, 1, tzinfo=VN)
    assert sim.not_after == dt.datetime(2028, 6, 30, 23, 59, 59, tzinfo=VN)
    assert (remote.kind, remote.on_new_model) == ("rssp", True)
    assert (org.kind, org.holder_kind, org.on_new_model) == ("usb_token", "organization", False)
    assert inv.unit_path(org.unit_id) == (
        "Sở, ban, ngành > Các đơn vị trực thuộc > Trung tâm Thông tin")
    assert org.note == "ghi chú; có dấu chấm phẩy"
    # the same list again: updated, not doubled
    again = import_certificate_csv(inv, path, mode=ImportMode.GOOD_ROWS)
    assert (again.added, again.updated) == (0, 3)
    assert len(inv.certificates()) == 3


def test_csv_english_headers_and_fingerprint_match_a_token_certificate(
    inv: Inventory, pki, tmp_path: Path
):
    leaf = person(pki, "Phạm Văn Token", "Phòng Bốn")
    rec = inv.add_certificate(leaf.cert, unit_id=None, token_serial="TK-1").record
    fp = ":".join(f"{b:02X}" for b in bytes.fromhex(rec.fingerprint))
    path = tmp_path / "list.csv"
    path.write_text(
        "unit,subject,holder_kind,kind,on_new_model,fingerprint,token_serial\n"
        f"Khối Văn phòng,whatever the sheet says,person,USB Token,yes,{fp},\n",
        encoding="utf-8",
    )
    result = import_certificate_csv(inv, path, mode=ImportMode.ALL_OR_NOTHING)
    assert (result.added, result.updated) == (0, 1)
    after = inv.certificate(rec.id)
    assert after.subject == rec.subject  # the certificate's own subject is kept
    assert after.unit_id == inv.find_unit("Khối Văn phòng").id and after.on_new_model
    assert after.token_serial == "TK-1"


BAD_CSV = """\
Đơn vị,Chủ thể,Loại chủ thể,Loại chứng thư,Theo mô hình mới,Hiệu lực đến
Khối Văn phòng,Người Một,Cá nhân,SIM PKI,có,2028-01-01
Khối Văn phòng,Người Hai,Cá nhân,Thẻ nhớ,có,2028-01-01
Khối Văn phòng,"Người Ba
(hai dòng)",Cá nhân,RSSP,không,2028-01-01
Phòng Không Có,Người Bốn,Cá nhân,RSSP,có,
Khối Văn phòng,Người Năm,Cá nhân,RSSP,có,31/02/2028

Trung tâm Thông tin,Người Sáu,Cá nhân,RSSP,có,
Khối Văn phòng,Người Một,Cá nhân,SIM PKI,không,
Khối Văn phòng,Người Bảy,Cá nhân,USB Token,có lẽ,
Khối Văn phòng,Người Tám,,USB Token,có,
"""


def test_csv_bad_rows_are_reported_with_their_line_numbers(inv: Inventory, tmp_path: Path):
    path = tmp_path / "co_loi.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    check = check_certificate_csv(inv, path)
    assert [r.line for r in check.rows] == [2, 4]
    lines = [p.line for p in check.problems]
    assert lines == [3, 6, 7, 9, 10, 11, 12]
    messages = {p.line: p.message() for p in check.problems}
    assert "Thẻ nhớ" in messages[3]
    assert "Phòng Không Có" in messages[6]
    assert "31/02/2028" in messages[7]
    assert "nhiều đơn vị" in messages[9]  # "Trung tâm Thông tin" is ambiguous
    assert "trùng chứng thư với dòng 2" in messages[10]
    assert "có lẽ" in messages[11]
    assert "Loại chủ thể" in messages[12]
    assert messages[3].startswith("co_loi.csv, dòng 3: ")


def test_csv_bad_rows_all_or_nothing_writes_nothing(inv: Inventory, tmp_path: Path):
    path = tmp_path / "co_loi.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    result = import_certificate_csv(inv, path, mode=ImportMode.ALL_OR_NOTHING)
    assert not result.committed and result.written == 0
    assert len(result.problems) == 7
    assert inv.certificates() == []


def test_csv_bad_rows_good_rows_are_imported(inv: Inventory, tmp_path: Path):
    path = tmp_path / "co_loi.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    result = import_certificate_csv(inv, path, mode=ImportMode.GOOD_ROWS)
    assert result.committed and (result.added, result.updated) == (2, 0)
    assert len(result.problems) == 7
    assert [r.subject for r in inv.certificates()] == ["Người Một", "Người Ba\n(hai dòng)"]


def test_csv_file_level_errors(inv: Inventory, tmp_path: Path):
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("Đơn vị,Chủ thể,Loại chủ thể,Loại chứng thư,Màu sắc\n", encoding="utf-8")
    with pytest.raises(KysoError) as err:
        check_certificate_csv(inv, unknown)
    assert "Màu sắc" in err.value.vi and "Các cột dùng được" in err.value.vi
    missing = tmp_path / "missing.csv"
    missing.write_text("Đơn vị,Chủ thể\nKhối Văn phòng,A\n", encoding="utf-8")
    with pytest.raises(KysoError, match="thiếu cột bắt buộc Loại chủ thể, Loại chứng thư"):
        check_certificate_csv(inv, missing)
    latin = tmp_path / "ansi.csv"
    latin.write_bytes(b"\xd0\xf5n vi\xf2,Ch\xf9 th\xea\xde\n")  # "Đơn vị" in Windows-1258
    with pytest.raises(KysoError, match="UTF-8"):
        import_certificate_csv(inv, latin, mode=ImportMode.GOOD_ROWS)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(KysoError, match="tiêu đề"):
        check_certificate_csv(inv, empty)
    assert inv.certificates() == []


def test_template_header_is_accepted(inv: Inventory, tmp_path: Path):
    path = tmp_path / "mau.csv"
    header = csv_template_header()
    path.write_text(",".join(header) + "\n", encoding="utf-8")
    assert check_certificate_csv(inv, path).rows == []
    assert header[:4] == ["Đơn vị", "Chủ thể", "Loại chủ thể", "Loại chứng thư"]
