"""Phụ lục I as files: the XLSX a văn thư sends (and reads back for merging), and CSV.

Sheet layout (``Phụ lục I``), columns A–J:

* rows 1–6: "PHỤ LỤC I", the title, "(Kèm theo <the province's directive> …)" or a neutral line,
  "Đơn vị báo cáo: …", "Kỳ báo cáo: Tháng 08/2025" (or "Quý III/2025"), "Số liệu tính
  đến ngày …";
* rows 7–8: the two header rows, merged as in the template (A7:A8, B7:B8, C7:C8, D7:E7,
  F7:G7, H7:J7);
* from row 9: one row per unit, numbered ``I``, ``1``, ``2``, ``2.1`` …, groups in bold;
  then "Tổng cộng"; then the focal person.

Every file is written to a temporary file in the target folder and renamed into place; an
existing file is never replaced unless ``overwrite=True``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from kyso.core.inventory.phuluc import (
    VN_TZ,
    Figures,
    Period,
    PhuLucReport,
    ReportError,
    ReportRow,
)
from kyso.core.inventory.spreadsheet_cells import csv_row, defuse_formulas, sheet_text
from kyso.core.inventory.store import FocalPerson

SHEET_TITLE = "Phụ lục I"
TITLE = "PHỤ LỤC I"
HEADING = (
    "BIỂU TỔNG HỢP TÌNH HÌNH TRIỂN KHAI, SỬ DỤNG CHỮ KÝ SỐ CHUYÊN DÙNG CÔNG VỤ "
    "TRONG HOẠT ĐỘNG CỦA ĐƠN VỊ"
)
# The "(Kèm theo …)" line comes from the report (its province's directive, or neutral):
# see kyso.core.inventory.phuluc.reference_for.
UNIT_PREFIX = "Đơn vị báo cáo: "
PERIOD_PREFIX = "Kỳ báo cáo: "
AS_OF_PREFIX = "Số liệu tính đến ngày "
FOCAL_PREFIX = "Cán bộ đầu mối: "
TOTAL_LABEL = "Tổng cộng"

HEADER_ROW = 7
FIRST_DATA_ROW = HEADER_ROW + 2
LAST_COLUMN = 10  # J

TOP_HEADERS: dict[str, str] = {
    "A": "STT",
    "B": "Tên đơn vị",
    "C": "Tổng số CBCCVC",
    "D": (
        "Số lượng chứng thư chữ ký số chuyên dùng công vụ đã được cấp (gồm: cấp mới, "
        "điều chỉnh thông tin phù hợp cơ cấu tổ chức mới)"
    ),
    "F": "Số lượng chứng thư chữ ký số chuyên dùng công vụ cần cấp",
    "H": "Số lượng loại chứng thư chữ ký số chuyên dùng công vụ",
}
SUB_HEADERS: dict[str, str] = {
    "D": "Tổ chức",
    "E": "Cá nhân",
    "F": "Tổ chức",
    "G": "Cá nhân",
    "H": "SIM PKI",
    "I": "USB Token",
    "J": "RSSP",
}
HEADER_MERGES = ("A7:A8", "B7:B8", "C7:C8", "D7:E7", "F7:G7", "H7:J7")
COLUMN_WIDTHS = {"A": 7, "B": 46, "C": 12, "D": 11, "E": 11, "F": 11, "G": 11, "H": 10,
                 "I": 11, "J": 10}

CSV_HEADER = [
    "STT", "Tên đơn vị", "Tổng số CBCCVC", "Đã được cấp - Tổ chức", "Đã được cấp - Cá nhân",
    "Cần cấp - Tổ chức", "Cần cấp - Cá nhân", "SIM PKI", "USB Token", "RSSP",
]

FONT_NAME = "Times New Roman"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


# -- writing -----------------------------------------------------------------------------


def write_atomically(target: Path, write: Callable[[Path], None], *, overwrite: bool) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``target``, then move it into place.

    Refuses to replace an existing ``target`` unless ``overwrite``; never leaves a partial
    file behind.
    """
    target = Path(target)
    if target.exists() and not overwrite:
        raise ReportError(
            f"Tệp {target} đã có. Hãy chọn tên khác, hoặc cho phép ghi đè.",
            f"{target} already exists. Choose another name, or allow overwriting.",
            code="report_exists",
        )
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _write_error(target, exc) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if the target appeared meanwhile
            except FileExistsError:
                raise
            except OSError:  # file systems without hard links
                if target.exists():
                    raise FileExistsError(target) from None
                os.replace(tmp, target)
    except FileExistsError as exc:
        raise ReportError(
            f"Tệp {target} vừa được tạo bởi chương trình khác; hãy chọn tên khác.",
            f"{target} was just created by another program; choose another name.",
            code="report_exists",
        ) from exc
    except OSError as exc:
        raise _write_error(target, exc) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _write_error(target: Path, exc: OSError) -> ReportError:
    return ReportError(
        f"Không ghi được tệp {target}: {exc.strerror or exc}. Kiểm tra thư mục có ghi được "
        "không và tệp có đang mở trong Excel không.",
        f"Cannot write {target}: {exc.strerror or exc}. Check that the folder is writable "
        "and the file is not open in Excel.",
        code="report_write",
    )


def _font(*, bold: bool = False, italic: bool = False, size: int = 12) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def _vn_date(moment: dt.datetime) -> str:
    return f"{moment.astimezone(VN_TZ):%d/%m/%Y}"


def focal_line(focal: FocalPerson) -> str:
    parts = [focal.name, focal.title, focal.phone, focal.email]
    return FOCAL_PREFIX + " – ".join(p for p in parts if p)


def build_workbook(report: PhuLucReport) -> Workbook:
    """The Phụ lục I workbook (not saved). Callers must ``close()`` it."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_TITLE
    # Every text from a clerk, a setting or a certificate goes through sheet_text: a
    # control character in it would make openpyxl refuse the whole file.
    wb.properties.title = sheet_text(f"Phụ lục I – {report.unit_name} – {report.period.label_vi}")
    wb.properties.creator = "Kyso"

    def banner(row: int, text: str, font: Font, height: float | None = None) -> None:
        ws.cell(row=row, column=1, value=sheet_text(text)).font = font
        ws.cell(row=row, column=1).alignment = Alignment(
            horizontal="center", vertical="center", wrap_text=True
        )
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=LAST_COLUMN)
        if height:
            ws.row_dimensions[row].height = height

    banner(1, TITLE, _font(bold=True, size=13))
    banner(2, HEADING, _font(bold=True, size=13), 36)
    banner(3, report.reference, _font(italic=True))
    banner(4, UNIT_PREFIX + report.unit_name, _font(bold=True))
    banner(5, PERIOD_PREFIX + report.period.label_vi, _font(bold=True))
    if report.as_of is not None:
        banner(6, AS_OF_PREFIX + _vn_date(report.as_of), _font(italic=True))

    header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col, text in TOP_HEADERS.items():
        ws[f"{col}{HEADER_ROW}"] = text
    for col, text in SUB_HEADERS.items():
        ws[f"{col}{HEADER_ROW + 1}"] = text
    for rng in HEADER_MERGES:
        ws.merge_cells(rng)
    # after merging: openpyxl resets the borders of merged cells when it merges them
    for row in (HEADER_ROW, HEADER_ROW + 1):
        for col in range(1, LAST_COLUMN + 1):
            cell = ws.cell(row=row, column=col)
            cell.font = _font(bold=True)
            cell.alignment = header_align
            cell.border = _BORDER
    ws.row_dimensions[HEADER_ROW].height = 96
    ws.row_dimensions[HEADER_ROW + 1].height = 22

    r = FIRST_DATA_ROW
    for numbered in report.rows():
        row = numbered.row
        bold = numbered.level == 0 or bool(row.children)
        _data_row(ws, r, numbered.stt, row.name, row.figures, bold=bold, indent=numbered.level)
        r += 1
    _data_row(ws, r, None, TOTAL_LABEL, report.total, bold=True, indent=0, center_name=True)
    if report.focal is not None:
        banner_row = r + 2
        ws.cell(row=banner_row, column=1, value=sheet_text(focal_line(report.focal))).font = (
            _font()
        )
        ws.merge_cells(
            start_row=banner_row, start_column=1, end_row=banner_row, end_column=LAST_COLUMN
        )

    for col, width in COLUMN_WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    defuse_formulas(ws)  # unit names and the reporting unit are text, never formulas
    return wb


def _data_row(
    ws: Worksheet,
    r: int,
    stt: str | None,
    name: str,
    figures: Figures,
    *,
    bold: bool,
    indent: int,
    center_name: bool = False,
) -> None:
    values: list[Any] = [stt, name, *figures.values()]
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=r, column=col, value=sheet_text(value))
        cell.font = _font(bold=bold)
        cell.border = _BORDER
        if col == 2 and not center_name:
            cell.alignment = Alignment(
                horizontal="left", vertical="center", wrap_text=True, indent=indent
            )
        else:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if col >= 3:
            cell.number_format = "0"


def write_xlsx(report: PhuLucReport, path: Path | str, *, overwrite: bool = False) -> Path:
    """Write Phụ lục I as XLSX (atomically; refuses to replace a file unless asked)."""
    wb = build_workbook(report)
    try:
        return write_atomically(Path(path), lambda tmp: wb.save(tmp), overwrite=overwrite)
    finally:
        wb.close()


def csv_rows(report: PhuLucReport) -> list[list[Any]]:
    """The CSV's rows; text that a spreadsheet would run as a formula is prefixed with
    ``'`` (:func:`kyso.core.inventory.spreadsheet_cells.csv_cell`)."""
    rows: list[list[Any]] = [list(CSV_HEADER)]
    for numbered in report.rows():
        rows.append(csv_row([numbered.stt, numbered.row.name, *numbered.row.figures.values()]))
    rows.append(["", TOTAL_LABEL, *report.total.values()])
    return rows


def write_csv(report: PhuLucReport, path: Path | str, *, overwrite: bool = False) -> Path:
    """Phụ lục I as CSV (UTF-8 with BOM so Excel shows Vietnamese; comma separated): the
    header of :data:`CSV_HEADER`, one row per unit in report order, then "Tổng cộng".

    The CSV is the table as data, for other programs and spreadsheets: no heading lines
    (title, directive, unit, period), which would break every reader that takes the first
    row for the column names. The report a clerk sends is the XLSX (:func:`write_xlsx`)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_rows(report))
    data = buffer.getvalue().encode("utf-8-sig")
    return write_atomically(Path(path), lambda tmp: tmp.write_bytes(data), overwrite=overwrite)


# -- reading (for merging) ---------------------------------------------------------------


def plain(text: Any) -> str:
    """Lower case, no accents, ``đ`` → ``d``, single spaces (to compare header texts)."""
    s = "" if text is None else str(text)
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().split())


_TOP_MARKERS = {"A": "stt", "B": "ten don vi", "C": "cbccvc", "D": "da duoc cap",
                "F": "can cap", "H": "loai chung thu"}
_SUB_MARKERS = {col: plain(text) for col, text in SUB_HEADERS.items()}
_SCAN_ROWS = 30


@dataclass(frozen=True)
class Notice:
    """Something a merge noticed but could go on with (shown to the user)."""

    vi: str
    en: str

    def message(self, language: str = "vi") -> str:
        return self.en if language == "en" else self.vi


@dataclass
class ReadReport:
    """What a Phụ lục I XLSX holds."""

    path: Path
    unit_name: str | None
    """From "Đơn vị báo cáo: …"; ``None`` when the file does not say."""
    period: Period | None
    """From "Kỳ báo cáo: …"; ``None`` when the file does not say."""
    groups: list[ReportRow]
    notices: list[Notice] = field(default_factory=list)
    reference: str | None = None
    """The heading's "(Kèm theo …)" line as the file has it; kept when merging."""

    def to_report(self, period: Period | None = None) -> PhuLucReport:
        chosen = period or self.period
        if chosen is None:
            raise ReportError(
                f"Tệp “{self.path.name}” không ghi kỳ báo cáo; hãy chọn kỳ (2025-08 hoặc "
                "2025-Q3).",
                f"“{self.path.name}” does not say its period; choose one (2025-08 or 2025-Q3).",
                code="report_period",
            )
        report = PhuLucReport(self.unit_name or self.path.stem, chosen, self.groups)
        if self.reference:
            report.reference = self.reference
        return report


def read_xlsx(path: Path | str) -> ReadReport:
    """Read a Phụ lục I XLSX (Kyso's or one filled in by hand from the template)."""
    path = Path(path)
    name = path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles other tools write
            wb = load_workbook(path, data_only=True)
    except FileNotFoundError as exc:
        raise ReportError(
            f"Không tìm thấy tệp {path}.", f"File not found: {path}.", code="report_missing"
        ) from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReportError(
            f"Tệp “{name}” không phải tệp Excel (.xlsx) đọc được. Hãy mở tệp trong Excel và "
            "lưu lại dưới dạng “Excel Workbook (*.xlsx)”, rồi thử lại.",
            f"“{name}” is not a readable Excel (.xlsx) file. Open it in Excel, save it as "
            "“Excel Workbook (*.xlsx)” and try again.",
            code="report_not_xlsx",
        ) from exc
    try:
        for ws in wb.worksheets:
            header = _find_header(ws)
            if header is not None:
                return _read_sheet(ws, header, path)
        raise _not_phu_luc(name, wb.worksheets[0] if wb.worksheets else None)
    finally:
        wb.close()


def _find_header(ws: Worksheet) -> int | None:
    for r in range(1, min(ws.max_row, _SCAN_ROWS) + 1):
        if plain(ws.cell(row=r, column=1).value) == "stt" and plain(
            ws.cell(row=r, column=2).value
        ).startswith("ten don vi"):
            return r
    return None


def _not_phu_luc(name: str, ws: Worksheet | None) -> ReportError:
    found = ""
    if ws is not None:
        first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
        found = ", ".join(str(v) for v in first if v is not None)[:120]
    return ReportError(
        f"Tệp “{name}” không phải biểu Phụ lục I: không thấy dòng tiêu đề "
        "“STT | Tên đơn vị | Tổng số CBCCVC | …”. Hãy gửi lại đúng biểu mẫu Phụ lục I."
        + (f" Dòng đầu của tệp: {found}." if found else ""),
        f"“{name}” is not a Phụ lục I form: no header row “STT | Tên đơn vị | Tổng số CBCCVC "
        "| …”. Ask for the Phụ lục I template." + (f" First row: {found}." if found else ""),
        code="report_not_phu_luc",
    )


def _check_columns(ws: Worksheet, header: int, name: str) -> None:
    wrong: list[str] = []
    for col, marker in _TOP_MARKERS.items():
        if marker not in plain(ws[f"{col}{header}"].value):
            wrong.append(f"{col}{header}")
    for col, marker in _SUB_MARKERS.items():
        if plain(ws[f"{col}{header + 1}"].value) != marker:
            wrong.append(f"{col}{header + 1}")
    extra = ws.cell(row=header + 1, column=LAST_COLUMN + 1).value
    extra_top = ws.cell(row=header, column=LAST_COLUMN + 1).value
    if extra not in (None, "") or extra_top not in (None, ""):
        wrong.append(f"K{header}")
    if wrong:
        expected = " | ".join([*TOP_HEADERS.values()][:3]) + " | " + " | ".join(
            SUB_HEADERS.values()
        )
        raise ReportError(
            f"Tệp “{name}” có cột khác biểu Phụ lục I (ô {', '.join(wrong)} không đúng). Biểu "
            f"cần đúng các cột: {expected}. Hãy dùng lại biểu mẫu Phụ lục I.",
            f"“{name}” has other columns than Phụ lục I (cells {', '.join(wrong)}). Expected "
            f"the columns: {expected}. Use the Phụ lục I template.",
            code="report_columns",
        )


@dataclass
class _Parsed:
    stt: str
    level: int
    name: str
    figures: Figures
    line: int
    children: list[_Parsed] = field(default_factory=list)


_ROMAN_RE = re.compile(r"^[IVXLC]+$")


def _stt_level(value: Any) -> tuple[str, int | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "", None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().rstrip(".")
    if _ROMAN_RE.match(text.upper()):
        return text.upper(), 0
    if re.fullmatch(r"\d+(\.\d+)*", text):
        return text, text.count(".") + 1
    return text, None


def _read_sheet(ws: Worksheet, header: int, path: Path) -> ReadReport:
    name = path.name
    _check_columns(ws, header, name)
    notes: list[Notice] = []
    unit_name = ""
    reference = ""
    period: Period | None = None
    for r in range(1, header):
        text = str(ws.cell(row=r, column=1).value or "").strip()
        if text.startswith("(") and text.endswith(")") and not reference:
            reference = text
        elif plain(text).startswith(plain(UNIT_PREFIX)):
            unit_name = text.split(":", 1)[1].strip()
        elif plain(text).startswith(plain(PERIOD_PREFIX)):
            try:
                period = Period.parse(text.split(":", 1)[1])
            except ReportError:
                notes.append(Notice(
                    f"{name}: không đọc được kỳ báo cáo “{text}”.",
                    f"{name}: cannot read the period “{text}”.",
                ))
    roots: list[_Parsed] = []
    stack: list[_Parsed] = []
    for r in range(header + 2, ws.max_row + 1):
        stt_cell = ws.cell(row=r, column=1).value
        label = ws.cell(row=r, column=2).value
        if stt_cell in (None, "") and label in (None, ""):
            break
        if plain(label).startswith(plain(TOTAL_LABEL)):
            break
        stt, level = _stt_level(stt_cell)
        if level is None:
            if stt:
                raise ReportError(
                    f"Tệp “{name}”, dòng {r}: STT “{stt}” không hợp lệ (dùng I, II, 1, 2, 2.1 …).",
                    f"“{name}”, row {r}: invalid STT “{stt}” (use I, II, 1, 2, 2.1 …).",
                    code="report_stt",
                )
            level = 1  # unnumbered row: a unit of the current group
        figures = Figures(*(_count(ws, r, col, name) for col in range(3, LAST_COLUMN + 1)))
        item = _Parsed(stt, level, str(label or "").strip(), figures, r)
        while stack and stack[-1].level >= level:
            stack.pop()
        if level == 0:
            roots.append(item)
        elif not stack:
            raise ReportError(
                f"Tệp “{name}”, dòng {r}: dòng “{item.name}” không nằm dưới nhóm nào; các đơn vị "
                "phải nằm dưới nhóm I (Sở, ban, ngành) hoặc II (UBND cấp xã).",
                f"“{name}”, row {r}: “{item.name}” is under no group; units must be under group "
                "I (Sở, ban, ngành) or II (UBND cấp xã).",
                code="report_structure",
            )
        else:
            stack[-1].children.append(item)
        stack.append(item)
    if not roots:
        raise ReportError(
            f"Tệp “{name}” có tiêu đề Phụ lục I nhưng không có dòng số liệu nào.",
            f"“{name}” has the Phụ lục I header but no data rows.",
            code="report_empty",
        )
    groups = [_to_row(p, name, notes) for p in roots]
    return ReadReport(path, unit_name or None, period, groups, notes, reference or None)


def _count(ws: Worksheet, r: int, col: int, name: str) -> int:
    value = ws.cell(row=r, column=col).value
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        pass
    elif isinstance(value, (int, float)) and float(value).is_integer() and value >= 0:
        return int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    cell = f"{ws.cell(row=r, column=col).column_letter}{r}"
    raise ReportError(
        f"Tệp “{name}”, ô {cell}: “{value}” không phải số nguyên không âm; hãy sửa rồi gộp lại.",
        f"“{name}”, cell {cell}: “{value}” is not a non-negative whole number; fix it and "
        "merge again.",
        code="report_number",
    )


def _to_row(parsed: _Parsed, name: str, notes: list[Notice]) -> ReportRow:
    children = [_to_row(c, name, notes) for c in parsed.children]
    below = Figures()
    for child in children:
        below = below + child.figures
    own = parsed.figures - below if children else parsed.figures
    if own.is_negative():
        notes.append(Notice(
            f"{name}, dòng {parsed.line}: số liệu của “{parsed.name}” nhỏ hơn tổng các dòng con; "
            "đã dùng tổng các dòng con.",
            f"{name}, row {parsed.line}: the figures of “{parsed.name}” are below the sum of its "
            "sub-rows; the sum was used.",
        ))
        own = Figures()
    return ReportRow(parsed.name, own, children)
