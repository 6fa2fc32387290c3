""""Check all" exports after review session 6 (items 14 and 15).

- A certificate subject or a token label with a control character is written (XLSX cells
  cannot hold one: it becomes U+FFFD), never an openpyxl crash.
- An abolished district organization's certificate is exported as the GUI shows it:
  revoke (Mẫu 05) and return the device, no focal point for a change of information.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from kyso.core.checkup.certificate import check_certificate_full, check_subject_only
from kyso.core.checkup.export import HEADERS, CheckRow, write_csv, write_xlsx
from kyso.core.demo.pki import person_name
from kyso.core.demo.token import demo_certificates
from kyso.core.reform.result import REVOKE_VI
from kyso.core.settings import Settings
from kyso.core.trust.anchors import TrustAnchors
from kyso.core.trust.checker import TrustChecker
from kyso.core.trust.revocation import RevocationCache

ABOLISHED_ORG = "CN=UBND huyện Đông Hưng,O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN"
ABOLISHED_PERSON = (
    "UID=CCCD:034080001111,CN=Nguyễn Văn An,OU=UBND huyện Đông Hưng,O=UBND tỉnh Thái Bình,"
    "L=Thái Bình,C=VN"
)


def _xlsx_rows(path: Path) -> list[list[object]]:
    wb = load_workbook(path)
    try:
        ws = wb.active
        assert ws is not None
        return [[c.value for c in r] for r in ws.iter_rows()]
    finally:
        wb.close()


def _csv_cells(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    assert header == HEADERS
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_hostile_certificate_subject_is_written_not_crashed(tmp_path: Path) -> None:
    # A CA (or an attacker's token) may put any character in a UTF8String CN; a control
    # character used to end the XLSX export in openpyxl's IllegalCharacterError.
    pki = demo_certificates(marker="TEST").pki
    cert = pki.issue(
        person_name(
            "Nguyễn\x01Văn\x0bAn", ous=["Văn phòng"], o="UBND tỉnh Hưng Yên", locality="Hưng Yên"
        )
    ).cert
    checker = TrustChecker(
        Settings(revocation_timeout_s=0.5),
        TrustAnchors(roots=(pki.root.cert,)),
        RevocationCache(tmp_path / "revocation"),
    )
    check = check_certificate_full(cert, checker, extra_certs=[pki.sub_ca.cert], online=False)
    assert "\x01" in check.subject
    rows = [CheckRow("Token\x1fcủa Giám đốc", "S\x00N1", "Nguyễn\x01Văn\x0bAn", check)]
    out = write_xlsx(rows, tmp_path / "checks.xlsx")
    grid = _xlsx_rows(out)
    data = grid[2]
    assert data[HEADERS.index("Token")] == "Token\ufffdcủa Giám đốc"
    assert data[HEADERS.index("Số sê-ri token")] == "S\ufffdN1"
    assert data[HEADERS.index("Người/cơ quan (CN)")] == "Nguyễn\ufffdVăn\ufffdAn"
    assert "Nguyễn\ufffdVăn\ufffdAn" in str(data[HEADERS.index("Chủ thể (Subject)")])
    assert data[HEADERS.index("SHA-256")] == check.sha256
    # the CSV keeps the subject exactly as the certificate has it (CSV can hold it)
    (cells,) = _csv_cells(write_csv(rows, tmp_path / "checks.csv"))
    assert cells["Người/cơ quan (CN)"] == "Nguyễn\x01Văn\x0bAn"


def test_abolished_organization_is_exported_as_revoke_in_csv_and_xlsx(tmp_path: Path) -> None:
    org = check_subject_only(ABOLISHED_ORG)
    person = check_subject_only(ABOLISHED_PERSON)
    assert org.reform.revokes and not person.reform.revokes
    rows = [CheckRow("T", "S1", "UBND huyện Đông Hưng", org), CheckRow("T", "S1", "An", person)]
    org_cells, person_cells = _csv_cells(write_csv(rows, tmp_path / "c.csv"))
    assert org_cells["Mô hình hai cấp"] == "Đơn vị cấp huyện đã giải thể"
    assert org_cells["Đề xuất thay đổi"] == REVOKE_VI
    assert "Mẫu 05" in REVOKE_VI and "nộp lại thiết bị" in REVOKE_VI
    assert org_cells["Nộp hồ sơ tại"] == ""
    # a person of the same abolished body changes the certificate: focal points named
    assert person_cells["Nộp hồ sơ tại"] == "Hưng Yên, Thái Bình"
    assert "thu hồi" not in person_cells["Đề xuất thay đổi"].casefold()
    grid = _xlsx_rows(write_xlsx(rows, tmp_path / "c.xlsx"))
    org_row = grid[2]
    assert org_row[HEADERS.index("Đề xuất thay đổi")] == REVOKE_VI
    assert org_row[HEADERS.index("Nộp hồ sơ tại")] in ("", None)


def test_the_units_to_pick_among_are_all_in_the_file(tmp_path: Path) -> None:
    """The clerk works from the file: every commune that took the district over, not the
    first eight and "(+2)" as the screen shows them (found by a fault hunter)."""
    check = check_subject_only(
        "CN=Trần Văn Bình,T=Trưởng phòng,OU=Phòng Tư pháp,OU=UBND huyện Kiến Xương,"
        "O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN"
    )
    choices = check.reform.pick_choices
    assert len(choices) > 8
    assert "(+" in check.reform.proposed_fields("vi")["OU[2]"]  # the screen's short form
    rows = [CheckRow("T", "S1", "Bình", check)]
    [cells] = _csv_cells(write_csv(rows, tmp_path / "c.csv"))
    written = cells["Đề xuất thay đổi"]
    assert all(name in written for name in choices) and "(+" not in written
    grid = _xlsx_rows(write_xlsx(rows, tmp_path / "c.xlsx"))
    assert grid[-1][HEADERS.index("Đề xuất thay đổi")] == written
