"""CSV import reads quotes the csv module's way, with one dialect for the whole file
(issue 14): the Excel-quoted cell for ``Số 1, "đợt 2"`` is stored as that text, a quoted
comma does not split the cell, and an oversized cell is a clear Vietnamese message, never
"Lỗi không mong đợi"."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kyso.cli.main import main
from kyso.core.errors import KysoError
from kyso.core.inventory.importing import (
    MAX_CELL_CHARS,
    ImportMode,
    check_certificate_csv,
    import_certificate_csv,
)
from kyso.core.inventory.store import Inventory


@pytest.fixture
def inv(tmp_path: Path):
    with Inventory(tmp_path / "inventory.sqlite3") as inventory:
        dep, _ = inventory.ensure_standard_groups()
        inventory.add_unit("Khối Văn phòng", parent_id=dep, staff=10)
        inventory.add_unit("Phòng Tổ chức, Hành chính", parent_id=dep, staff=4)
        yield inventory


HEADER = ["Đơn vị", "Chủ thể", "Loại chủ thể", "Loại chứng thư", "Ghi chú"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_excel_quoting_round_trips(inv: Inventory, tmp_path: Path, delimiter: str) -> None:
    rows = [
        ["Khối Văn phòng", "Nguyễn Văn A", "Cá nhân", "USB Token", 'Số 1, "đợt 2"'],
        ["Phòng Tổ chức, Hành chính", "Trần Thị B", "Cá nhân", "SIM PKI", "a;b\tc"],
        ["Khối Văn phòng", 'UBND "xã" Đông, Hưng', "Tổ chức", "USB Token", "dòng 1\ndòng 2"],
    ]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path = tmp_path / "list.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    result = import_certificate_csv(inv, path, mode=ImportMode.ALL_OR_NOTHING)
    assert result.problems == [] and result.added == 3
    stored = sorted((inv.unit_path(r.unit_id).split(" > ")[-1], r.subject, r.note)
                    for r in inv.certificates())
    assert stored == sorted((r[0], r[1], r[4]) for r in rows)


def test_the_issue_s_exact_line(inv: Inventory, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "Đơn vị,Chủ thể,Loại chủ thể,Loại chứng thư,Ghi chú\n"
        'Khối Văn phòng,Nguyễn Văn A,Cá nhân,USB Token,"Số 1, ""đợt 2"""\n'
        '"Phòng Tổ chức, Hành chính",Trần Thị B,Cá nhân,SIM PKI,\n',
        encoding="utf-8",
    )
    check = check_certificate_csv(inv, path)
    assert check.problems == []
    assert [r.values["note"] for r in check.rows][0] == 'Số 1, "đợt 2"'
    assert len(check.rows) == 2


def test_line_numbers_count_quoted_newlines(inv: Inventory, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "Đơn vị,Chủ thể,Loại chủ thể,Loại chứng thư,Ghi chú\n"
        'Khối Văn phòng,Nguyễn Văn A,Cá nhân,USB Token,"hai\ndòng"\n'
        "Khối Văn phòng,Lê C,Cá nhân,Bút bi,\n",
        encoding="utf-8",
    )
    check = check_certificate_csv(inv, path)
    assert [p.line for p in check.problems] == [4]


def test_a_200000_character_cell_is_a_clear_message(inv: Inventory, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(
        "Đơn vị,Chủ thể,Loại chủ thể,Loại chứng thư,Ghi chú\n"
        f'Khối Văn phòng,A,Cá nhân,USB Token,"{"x" * 200_000}"\n',
        encoding="utf-8",
    )
    with pytest.raises(KysoError) as info:
        check_certificate_csv(inv, path)
    assert info.value.code == "csv_field_too_large"
    assert "dòng 2" in info.value.vi and "ngoặc kép" in info.value.vi


def test_a_long_cell_under_the_csv_limit_is_a_row_problem(
    inv: Inventory, tmp_path: Path
) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        "Đơn vị,Chủ thể,Loại chủ thể,Loại chứng thư,Ghi chú\n"
        f"Khối Văn phòng,A,Cá nhân,USB Token,{'x' * (MAX_CELL_CHARS + 1)}\n"
        "Khối Văn phòng,B,Cá nhân,USB Token,\n",
        encoding="utf-8",
    )
    check = check_certificate_csv(inv, path)
    assert [p.line for p in check.problems] == [2]
    assert str(MAX_CELL_CHARS) in check.problems[0].vi
    assert len(check.rows) == 1


def test_an_unclosed_quote_or_nul_is_a_clear_message(inv: Inventory, tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes("Đơn vị,Chủ thể,Loại chủ thể,Loại chứng thư\nA,\0,B,C\n".encode())
    try:
        check = check_certificate_csv(inv, path)
    except KysoError as exc:  # older csv modules refuse NUL
        assert exc.code == "csv_malformed" and "dòng 2" in exc.vi
    else:
        assert check.problems  # newer ones read it; the row is then refused on its values


def test_cli_import_of_a_huge_cell_exits_1_with_the_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.csv"
    path.write_text(
        "Đơn vị,Chủ thể,Loại chủ thể,Loại chứng thư,Ghi chú\n"
        f'Khối Văn phòng,A,Cá nhân,USB Token,"{"x" * 200_000}\n',
        encoding="utf-8",
    )
    code = main(["inventory", "import", "--mode", "good-rows", str(path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Lỗi không mong đợi" not in out + err and "Traceback" not in err
    assert "ngoặc kép" in err
