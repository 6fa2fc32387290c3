"""Exporting "Check all" results (CSV and XLSX) for the clerk's records.

Files are written to a temporary file in the target folder and moved into place
(:func:`kyso.core.inventory.report_files.write_atomically`); an existing file is replaced only when
the caller says so (the GUI's save dialog has asked).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kyso.core.checkup.certificate import CertificateCheck
from kyso.core.vntime import vn_date, vn_datetime

TRUST_VI = {"ok": "Tin cậy", "warning": "Cần lưu ý", "failed": "Không đạt"}
REFORM_VI = {
    "current": "Đã theo mô hình mới",
    "needs_change": "Cần thay đổi thông tin",
    "unit_abolished": "Đơn vị cấp huyện đã giải thể",
    "check_with_unit": "Kiểm tra với đơn vị",
    "unknown": "Chưa xác định",
}
REVOCATION_VI = {"good": "Chưa bị thu hồi", "revoked": "Đã bị thu hồi", "unknown": "Chưa kiểm tra"}

HEADERS = [
    "STT",
    "Token",
    "Số sê-ri token",
    "Người/cơ quan (CN)",
    "Chủ thể (Subject)",
    "SHA-256",
    "Hết hạn",
    "Tin cậy",
    "Lý do",
    "Thu hồi",
    "Mô hình hai cấp",
    "Đề xuất thay đổi",
    "Nộp hồ sơ tại",
]


@dataclass
class CheckRow:
    """One certificate of "Check all", with the token it was found on."""

    token_label: str
    token_serial: str
    common_name: str
    check: CertificateCheck


def _cells(i: int, row: CheckRow) -> list[str]:
    c = row.check
    trust = c.trust
    reform = c.reform.to_json()
    not_after = vn_date(trust.not_after) if trust else ""
    reasons = "; ".join(r.message("vi") for r in trust.reasons) if trust else ""
    # Every field the GUI shows as changing, the unit to pick included; for an abolished
    # district organization's certificate, what the GUI says instead: revoke and return the
    # device (Mẫu 05), with no focal point for a change of information.
    fields = c.reform.proposed_fields("vi", every_choice=True)  # the file lists them all
    proposed = "; ".join(f"{k} = {v}" for k, v in fields.items())
    if c.reform.revokes:
        proposed = "; ".join(p for p in (c.reform.what_to_do("vi"), proposed) if p)
    return [
        str(i),
        row.token_label,
        row.token_serial,
        row.common_name,
        c.subject,
        c.sha256 or "",
        not_after,
        TRUST_VI.get(trust.status, trust.status) if trust else "",
        reasons,
        REVOCATION_VI.get(trust.revocation.status, "") if trust else "",
        REFORM_VI.get(reform["status"], reform["status"]),
        proposed,
        ", ".join(c.reform.change_filed_at()),
    ]


def write_csv(rows: Sequence[CheckRow], path: Path, *, overwrite: bool = False) -> Path:
    """UTF-8 with BOM so Excel shows Vietnamese right."""
    from kyso.core.inventory.report_files import write_atomically  # openpyxl: load only to export
    from kyso.core.inventory.spreadsheet_cells import csv_row

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADERS)
            for i, row in enumerate(rows, start=1):
                # token labels, names and subjects are text: never a formula (OWASP)
                writer.writerow(csv_row(_cells(i, row)))

    return write_atomically(Path(path), write, overwrite=overwrite)


def write_xlsx(rows: Sequence[CheckRow], path: Path, *, overwrite: bool = False) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from kyso.core.inventory.report_files import write_atomically
    from kyso.core.inventory.spreadsheet_cells import defuse_formulas, sheet_text

    wb = Workbook()
    ws = wb.active
    ws.title = "Kiểm tra chứng thư"
    now = vn_datetime(dt.datetime.now(dt.timezone.utc))
    ws.append([f"Kết quả kiểm tra chứng thư số — {now}"])
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=13)
    ws.append(HEADERS)
    fills = {
        "Tin cậy": PatternFill("solid", fgColor="C8E6C9"),
        "Cần lưu ý": PatternFill("solid", fgColor="FFF3C4"),
        "Không đạt": PatternFill("solid", fgColor="FFCDD2"),
    }
    for cell in ws[2]:
        cell.font = Font(name="Times New Roman", bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, row in enumerate(rows, start=1):
        # a token label or a subject may hold a control character no XLSX cell can hold
        ws.append([sheet_text(c) for c in _cells(i, row)])
        trust_cell = ws.cell(row=ws.max_row, column=HEADERS.index("Tin cậy") + 1)
        if trust_cell.value in fills:
            trust_cell.fill = fills[trust_cell.value]
    for r in ws.iter_rows(min_row=3):
        for cell in r:
            cell.font = Font(name="Times New Roman")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [5, 18, 18, 28, 50, 20, 12, 12, 60, 16, 24, 40, 24]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=2, column=col).column_letter].width = width
    defuse_formulas(ws)  # token labels, names and subjects are text, never formulas

    def write(tmp: Path) -> None:
        wb.save(tmp)

    try:
        return write_atomically(Path(path), write, overwrite=overwrite)
    finally:
        wb.close()
