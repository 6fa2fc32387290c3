"""`kyso inventory …` and `kyso report …` in a child process, against the real SQLite file
(in the test's isolated Kyso home) and real SoftHSM2 tokens."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import kyso_cli_env, kyso_cmd


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kyso_cmd(*args), env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def env(softhsm_store, isolated_home) -> dict[str, str]:
    return kyso_cli_env(softhsm_store, isolated_home)


def ok(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    proc = run(env, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def build_tree(env: dict[str, str], reporting: str = "Sở Khoa học và Công nghệ (TEST)") -> None:
    ok(env, "inventory", "unit", "add", "Sở, ban, ngành")
    ok(env, "inventory", "unit", "add", "Khối Văn phòng", "--parent", "Sở, ban, ngành",
       "--staff", "10")
    ok(env, "inventory", "unit", "add", "Các đơn vị trực thuộc", "--parent", "Sở, ban, ngành")
    ok(env, "inventory", "unit", "add", "Trung tâm Thông tin", "--parent",
       "Sở, ban, ngành > Các đơn vị trực thuộc", "--staff", "5", "--org-required", "1")
    ok(env, "inventory", "unit", "add", "UBND cấp xã")
    ok(env, "inventory", "unit", "add", "Phòng Văn hóa – Xã hội", "--parent", "UBND cấp xã",
       "--staff", "4")
    ok(env, "inventory", "name", reporting)
    ok(env, "inventory", "focal", "Nguyễn Thị Đầu Mối", "--title", "Chuyên viên",
       "--phone", "0900000000")


def listing(env: dict[str, str]) -> dict:
    return json.loads(ok(env, "inventory", "list", "--json").stdout)


def test_unit_tree_from_the_cli(env, isolated_home) -> None:
    build_tree(env)
    data = listing(env)
    assert Path(data["path"]) == isolated_home / "data" / "inventory.sqlite3"
    assert data["reporting_unit"] == "Sở Khoa học và Công nghệ (TEST)"
    assert data["focal_person"]["name"] == "Nguyễn Thị Đầu Mối"
    assert [(u["path"], u["staff"]) for u in data["units"]] == [
        ("Sở, ban, ngành", 0),
        ("Sở, ban, ngành > Khối Văn phòng", 10),
        ("Sở, ban, ngành > Các đơn vị trực thuộc", 0),
        ("Sở, ban, ngành > Các đơn vị trực thuộc > Trung tâm Thông tin", 5),
        ("UBND cấp xã", 0),
        ("UBND cấp xã > Phòng Văn hóa – Xã hội", 4),
    ]
    ok(env, "inventory", "unit", "set", "Khối Văn phòng", "--staff", "12")
    assert listing(env)["units"][1]["staff"] == 12
    # errors the user can fix: exit 1, Vietnamese on stderr
    proc = run(env, "inventory", "unit", "add", "Khối Văn phòng", "--parent", "Sở, ban, ngành")
    assert proc.returncode == 1 and "Đã có đơn vị" in proc.stderr
    proc = run(env, "inventory", "unit", "add", "X", "--parent", "Không có")
    assert proc.returncode == 1 and "Không có đơn vị" in proc.stderr
    # bad usage: exit 2
    assert run(env, "inventory", "unit", "add", "X", "--staff", "-3").returncode == 2
    assert run(env, "inventory").returncode == 2
    assert run(env, "inventory", "bogus").returncode == 2
    # human listing
    text = ok(env, "inventory", "list").stdout
    assert "Khối Văn phòng — 12 CBCCVC, 0 chứng thư" in text


def test_add_from_inserted_tokens_updates_on_rescan(env, tokens, test_pki) -> None:
    build_tree(env)
    tok = tokens.demo(test_pki)
    args = ("inventory", "add", "--unit", "Khối Văn phòng", "--offline", "--json")
    first = json.loads(ok(env, *args).stdout)
    assert first and all(r["created"] for r in first)
    assert {r["token_serial"] for r in first} == {tok.serial}
    assert {r["unit"] for r in first} == {"Sở, ban, ngành > Khối Văn phòng"}
    by_subject = {r["subject"]: r for r in first}
    org = next(r for s, r in by_subject.items() if "Sở Khoa học và Công nghệ tỉnh Hưng Yên" in s)
    assert org["holder_kind"] == "organization" and org["reform_status"] == "current"
    assert org["on_new_model"] is True and org["kind"] == "usb_token"
    assert all(r["trust_status"] for r in first)  # the trust verdict was stored too
    assert org["sha256"] == test_pki.organization.cert.fingerprint(
        __import__("cryptography.hazmat.primitives.hashes", fromlist=["SHA256"]).SHA256()
    ).hex()
    # the clerk re-inserts the token: nothing is duplicated
    second = json.loads(ok(env, "inventory", "add", "--offline", "--json").stdout)
    assert len(second) == len(first) and not any(r["created"] for r in second)
    data = listing(env)
    assert len(data["certificates"]) == len(first)
    assert {c["unit"] for c in data["certificates"]} == {"Sở, ban, ngành > Khối Văn phòng"}
    human = ok(env, "inventory", "add", "--offline").stdout
    assert "Đã cập nhật" in human


GOOD_ROWS = (
    "Đơn vị,Chủ thể,Loại chủ thể,Loại chứng thư,Theo mô hình mới\n"
    "Khối Văn phòng,Nguyễn Văn Sim,Cá nhân,SIM PKI,có\n"
    "Trung tâm Thông tin,Trần Thị Từ Xa,Cá nhân,RSSP,không\n"
)
BAD_ROW = "Khối Văn phòng,Lê Văn Lỗi,Cá nhân,Thẻ nhớ,có\n"


def test_csv_import_modes(env, tmp_path: Path) -> None:
    build_tree(env)
    path = tmp_path / "danh_sach.csv"
    path.write_text(GOOD_ROWS + BAD_ROW, encoding="utf-8")
    proc = run(env, "inventory", "import", str(path))
    assert proc.returncode == 2 and "--mode" in proc.stderr
    proc = run(env, "inventory", "import", str(path), "--mode", "all-or-nothing")
    assert proc.returncode == 1
    assert "danh_sach.csv, dòng 4" in proc.stderr and "Thẻ nhớ" in proc.stderr
    assert "Không nhập gì" in proc.stderr
    assert listing(env)["certificates"] == []
    proc = run(env, "inventory", "import", str(path), "--mode", "good-rows")
    assert proc.returncode == 1 and "dòng 4" in proc.stderr
    assert "Đã thêm 2" in proc.stdout
    certs = listing(env)["certificates"]
    assert sorted((c["subject"], c["kind"], c["on_new_model"]) for c in certs) == [
        ("Nguyễn Văn Sim", "sim_pki", True),
        ("Trần Thị Từ Xa", "rssp", False),
    ]
    clean = tmp_path / "sach.csv"
    clean.write_text(GOOD_ROWS, encoding="utf-8")
    proc = ok(env, "inventory", "import", str(clean), "--mode", "all-or-nothing")
    assert "Đã thêm 0, cập nhật 2" in proc.stdout
    assert len(listing(env)["certificates"]) == 2


def test_certificate_file_import(env, tmp_path: Path, test_pki) -> None:
    build_tree(env)
    bundle = tmp_path / "chung_thu.pem"
    bundle.write_bytes(test_pki.organization.pem + test_pki.leader.pem + test_pki.pki.root.pem)
    junk = tmp_path / "hong.cer"
    junk.write_bytes(b"not a certificate")
    proc = run(env, "inventory", "import", str(bundle), str(junk), "--unit",
               "Trung tâm Thông tin", "--mode", "all-or-nothing", "--offline")
    assert proc.returncode == 1 and "hong.cer" in proc.stderr
    assert listing(env)["certificates"] == []
    proc = ok(env, "inventory", "import", str(bundle), "--unit", "Trung tâm Thông tin",
              "--offline")
    assert "Đã thêm 2" in proc.stdout and "bỏ qua 1" in proc.stdout
    certs = listing(env)["certificates"]
    assert {c["source"] for c in certs} == {"file"}
    assert {c["holder_kind"] for c in certs} == {"organization", "person"}
    assert all(c["reform_status"] and c["trust_status"] for c in certs)


def test_report_xlsx_and_csv(env, tmp_path: Path) -> None:
    build_tree(env)
    path = tmp_path / "ds.csv"
    path.write_text(GOOD_ROWS, encoding="utf-8")
    ok(env, "inventory", "import", str(path), "--mode", "all-or-nothing")
    out = tmp_path / "bao_cao" / "phu_luc_2025-08.xlsx"
    csv_out = tmp_path / "bao_cao" / "phu_luc_2025-08.csv"
    ok(env, "report", "--period", "2025-08", "--xlsx", str(out), "--csv", str(csv_out))
    wb = openpyxl.load_workbook(out)
    try:
        ws = wb["Phụ lục I"]
        assert ws["A4"].value == "Đơn vị báo cáo: Sở Khoa học và Công nghệ (TEST)"
        assert ws["A5"].value == "Kỳ báo cáo: Tháng 08/2025"
        rows = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(1, 11)]
                for r in range(9, ws.max_row + 1)}
    finally:
        wb.close()
    # STT, name, staff, issued org/person, needed org/person, SIM PKI, USB Token, RSSP
    assert rows["Khối Văn phòng"] == ["1", "Khối Văn phòng", 10, 0, 1, 0, 9, 1, 0, 0]
    assert rows["Trung tâm Thông tin"] == ["2.1", "Trung tâm Thông tin", 5, 0, 0, 1, 5, 0, 0, 0]
    assert rows["Tổng cộng"][2:] == [19, 0, 1, 1, 18, 1, 0, 0]
    lines = csv_out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[-1].split(",")[1:] == ["Tổng cộng", "19", "0", "1", "1", "18", "1", "0", "0"]

    proc = run(env, "report", "--period", "2025-Q3", "--xlsx", str(out))
    assert proc.returncode == 1 and "đã có" in proc.stderr
    ok(env, "report", "--period", "2025-Q3", "--xlsx", str(out), "--overwrite")
    wb = openpyxl.load_workbook(out)
    try:
        assert wb["Phụ lục I"]["A5"].value == "Kỳ báo cáo: Quý III/2025"
    finally:
        wb.close()
    proc = run(env, "report", "--period", "2025-13", "--xlsx", str(tmp_path / "x.xlsx"))
    assert proc.returncode == 1 and "Kỳ báo cáo “2025-13” không hợp lệ" in proc.stderr
    assert run(env, "report").returncode == 2
    assert run(env, "report", "--period", "2025-08").returncode == 2


def test_report_needs_a_unit_tree(env, tmp_path: Path) -> None:
    ok(env, "inventory", "name", "Sở Y tế (TEST)")
    proc = run(env, "report", "--period", "2025-08", "--xlsx", str(tmp_path / "a.xlsx"))
    assert proc.returncode == 1 and "Cây đơn vị còn trống" in proc.stderr
    assert not (tmp_path / "a.xlsx").exists()


def test_report_merge(env, tmp_path: Path) -> None:
    build_tree(env)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    ok(env, "report", "--period", "2025-Q3", "--xlsx", str(first))
    ok(env, "report", "--period", "2025-Q3", "--xlsx", str(second), "--unit-name",
       "Sở Nội vụ (TEST)")
    merged = tmp_path / "tong_hop.xlsx"
    proc = ok(env, "report", "merge", str(first), str(second), "--out", str(merged),
              "--csv", str(tmp_path / "tong_hop.csv"))
    assert "Đã gộp 2 báo cáo" in proc.stdout
    wb = openpyxl.load_workbook(merged)
    try:
        ws = wb["Phụ lục I"]
        assert ws["A5"].value == "Kỳ báo cáo: Quý III/2025"
        names = [ws.cell(r, 2).value for r in range(9, ws.max_row + 1)]
    finally:
        wb.close()
    assert "Sở Khoa học và Công nghệ (TEST)" in names and "Sở Nội vụ (TEST)" in names
    assert (tmp_path / "tong_hop.csv").exists()

    junk = tmp_path / "ghi_chu.xlsx"
    junk.write_text("not excel")
    proc = run(env, "report", "merge", str(first), str(junk), "--out", str(tmp_path / "x.xlsx"))
    assert proc.returncode == 1 and "ghi_chu.xlsx" in proc.stderr
    assert not (tmp_path / "x.xlsx").exists()
    assert run(env, "report", "merge", str(first)).returncode == 2  # --out is required
