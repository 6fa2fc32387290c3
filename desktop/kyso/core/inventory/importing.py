"""Filling the inventory from certificate files and from a CSV list.

Both imports first read and check everything, then write in **one transaction**. What
happens to the good rows when some are bad is the caller's choice, never implicit:

* :attr:`ImportMode.GOOD_ROWS` — the good rows are written; the bad ones are reported;
* :attr:`ImportMode.ALL_OR_NOTHING` — one bad row and nothing is written.

Either way :class:`ImportResult` lists every problem with its file and line number. A GUI
can call :func:`check_certificate_csv` first, show the problems and ask which to do.

CSV columns (header row required; Vietnamese or English names, any order, accents and
case ignored; ``,`` ``;`` or tab separated; UTF-8, with or without BOM):

=========================  ==============  ========  =======================================
Vietnamese header          English header  Required  Values
=========================  ==============  ========  =======================================
Đơn vị                     unit            yes       a unit's name (unique) or its path
                                                     ``Sở, ban, ngành > Khối Văn phòng``
Chủ thể                    subject         yes       holder's name or the subject DN
Loại chủ thể               holder_kind     yes       ``Tổ chức`` | ``Cá nhân``
                                                     (``organization`` | ``person``)
Loại chứng thư             kind            yes       ``SIM PKI`` | ``USB Token`` | ``RSSP``
Theo mô hình mới           on_new_model    no        ``có``/``x``/``1``/``yes`` or
                                                     ``không``/empty/``0``/``no``
Hiệu lực từ                not_before      no        ``2025-07-01`` or ``01/07/2025``
Hiệu lực đến               not_after       no        same formats (end of that day, +07:00)
Dấu vân tay SHA-256        fingerprint     no        64 hex digits (``:`` allowed); matches
                                                     a certificate read from a token/file
Số hiệu chứng thư          serial_number   no        the certificate serial, hex
Số sê-ri thiết bị          token_serial    no        the token's serial number
Ghi chú                    note            no        free text
=========================  ==============  ========  =======================================

A row with a fingerprint updates the certificate with that fingerprint; a row without one
updates a fingerprint-less record of the same kind and subject, else adds one.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs7

from kyso.core.errors import KysoError
from kyso.core.inventory.store import (
    CertKind,
    HolderKind,
    Inventory,
    InventoryError,
    Source,
    fingerprint_of,
    normalize_fingerprint,
)
from kyso.core.vntime import VN_TZ

Verdicts = tuple[dict[str, Any] | None, dict[str, Any] | None]
"""``(reform.to_json(), trust.to_json())`` for one certificate; either may be ``None``."""


class ImportMode(str, enum.Enum):
    GOOD_ROWS = "good_rows"
    """Write the good rows, report the bad ones."""
    ALL_OR_NOTHING = "all_or_nothing"
    """Write nothing unless every row is good."""


@dataclass(frozen=True)
class RowProblem:
    source: str
    """The file's name."""
    line: int | None
    """1-based line of the CSV row or of the PEM block; ``None`` for a whole file."""
    vi: str
    en: str

    def message(self, language: str = "vi") -> str:
        if language == "en":
            where = f"{self.source}, line {self.line}" if self.line else self.source
            return f"{where}: {self.en}"
        where = f"{self.source}, dòng {self.line}" if self.line else self.source
        return f"{where}: {self.vi}"


@dataclass
class ImportResult:
    mode: ImportMode
    added: int = 0
    updated: int = 0
    skipped: int = 0
    """CA certificates and repeats inside the input, which are not the unit's own."""
    problems: list[RowProblem] = field(default_factory=list)
    committed: bool = False
    """True when the good rows were written; False when nothing was written."""

    @property
    def written(self) -> int:
        return self.added + self.updated


class _Abort(Exception):
    pass


# -- certificate files -----------------------------------------------------------------

_PEM_BLOCK = re.compile(
    rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n(.*?)-----END \1-----", re.DOTALL
)


def read_certificate_file(path: Path) -> tuple[list[x509.Certificate], list[RowProblem]]:
    """Every certificate in a PEM (several blocks), DER or PKCS#7 (.p7b) file."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [RowProblem(name, None, f"không đọc được tệp: {exc}.",
                               f"cannot read the file: {exc}.")]
    certs: list[x509.Certificate] = []
    problems: list[RowProblem] = []
    if b"-----BEGIN" in data:
        for match in _PEM_BLOCK.finditer(data):
            line = data.count(b"\n", 0, match.start()) + 1
            label = match.group(1).decode("ascii")
            try:
                if label in ("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"):
                    certs.append(x509.load_pem_x509_certificate(match.group(0)))
                elif label in ("PKCS7", "CMS"):
                    certs.extend(pkcs7.load_pem_pkcs7_certificates(match.group(0)))
                # keys, CSRs and CRLs in the same file are not certificates: ignored
            except ValueError:
                problems.append(RowProblem(
                    name, line,
                    "khối PEM bị hỏng, không đọc được chứng thư; hãy xuất lại tệp.",
                    "damaged PEM block, no certificate could be read; export the file again.",
                ))
        if not certs and not problems:
            problems.append(_not_a_certificate(name))
        return certs, problems
    for loader in (_load_der, pkcs7.load_der_pkcs7_certificates):
        try:
            return list(loader(data)), []
        except ValueError:
            continue
    return [], [_not_a_certificate(name)]


def _load_der(data: bytes) -> list[x509.Certificate]:
    return [x509.load_der_x509_certificate(data)]


def _not_a_certificate(name: str) -> RowProblem:
    return RowProblem(
        name, None,
        "tệp không chứa chứng thư số (cần tệp .cer/.crt/.pem/.der hoặc .p7b).",
        "the file holds no certificate (expected .cer/.crt/.pem/.der or .p7b).",
    )


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return cert.subject == cert.issuer


def import_certificate_files(
    inventory: Inventory,
    files: Iterable[Path | str],
    *,
    unit_id: int | None,
    mode: ImportMode,
    kind: CertKind = "usb_token",
    holder_kind: HolderKind | None = None,
    assess: Callable[[x509.Certificate], Verdicts] | None = None,
    source: Source = "file",
) -> ImportResult:
    """Add the end-entity certificates found in ``files`` to ``unit_id``.

    CA certificates (chains exported beside the user's) are skipped. ``assess`` gives the
    two-tier and trust verdicts of each certificate (e.g. built on ``reform.check_subject``
    and the trust check); without it the verdicts stay empty.
    """
    result = ImportResult(mode)
    found: list[x509.Certificate] = []
    seen: set[str] = set()
    for file in files:
        certs, problems = read_certificate_file(Path(file))
        result.problems.extend(problems)
        for cert in certs:
            fp = fingerprint_of(cert)
            if _is_ca(cert) or fp in seen:
                result.skipped += 1
                continue
            seen.add(fp)
            found.append(cert)
    if result.problems and mode is ImportMode.ALL_OR_NOTHING:
        return result
    verdicts = [assess(c) if assess else (None, None) for c in found]
    with inventory.transaction():
        for cert, (reform, trust) in zip(found, verdicts, strict=True):
            outcome = inventory.add_certificate(
                cert, unit_id=unit_id, kind=kind, holder_kind=holder_kind, reform=reform,
                trust=trust, source=source,
            )
            if outcome.created:
                result.added += 1
            else:
                result.updated += 1
    result.committed = True
    return result


# -- CSV ---------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Lower case, no accents, ``đ`` → ``d``, single spaces: how headers are compared."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[_\-]", " ", text).casefold().split())


COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("Đơn vị", "unit", "Tên đơn vị"),
    "subject": ("Chủ thể", "subject", "Tên chủ thể"),
    "holder_kind": ("Loại chủ thể", "holder_kind", "holder kind"),
    "kind": ("Loại chứng thư", "kind", "Loại"),
    "on_new_model": ("Theo mô hình mới", "on_new_model", "on new model"),
    "not_before": ("Hiệu lực từ", "not_before", "valid from"),
    "not_after": ("Hiệu lực đến", "not_after", "valid until", "Ngày hết hạn"),
    "fingerprint": ("Dấu vân tay SHA-256", "fingerprint", "Dấu vân tay", "sha256"),
    "serial_number": ("Số hiệu chứng thư", "serial_number", "serial number"),
    "token_serial": ("Số sê-ri thiết bị", "token_serial", "Số sê-ri token", "token serial"),
    "note": ("Ghi chú", "note"),
}
"""Canonical column → accepted headers (the first is the one Kyso writes)."""

REQUIRED_COLUMNS = ("unit", "subject", "holder_kind", "kind")

_HEADER_LOOKUP = {_plain(h): key for key, names in COLUMNS.items() for h in names}
_KIND_VALUES = {"sim pki": "sim_pki", "sim_pki": "sim_pki", "simpki": "sim_pki",
                "usb token": "usb_token", "usb_token": "usb_token", "token": "usb_token",
                "usb": "usb_token", "rssp": "rssp", "ky so tu xa": "rssp"}
_HOLDER_VALUES = {"to chuc": "organization", "organization": "organization",
                  "ca nhan": "person", "person": "person"}
_TRUE = {"co", "x", "1", "yes", "true", "dung", "roi", "da"}
_FALSE = {"", "khong", "0", "no", "false", "sai", "chua"}


def csv_template_header() -> list[str]:
    """The header row Kyso writes into a blank CSV template (Vietnamese names)."""
    return [names[0] for names in COLUMNS.values()]


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, Any]
    """Arguments for :meth:`Inventory.add_manual`."""


@dataclass
class CsvCheck:
    rows: list[CsvRow]
    problems: list[RowProblem]


def check_certificate_csv(inventory: Inventory, path: Path | str) -> CsvCheck:
    """Read and check every row without writing. A file that is not a usable CSV at all
    (encoding, header) raises :class:`KysoError`; row problems are returned."""
    path = Path(path)
    name = path.name
    text = _read_text(path)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise KysoError(
            f"Tệp {name} trống hoặc thiếu dòng tiêu đề; dòng đầu phải là tên các cột "
            f"({', '.join(csv_template_header())}).",
            f"{name} is empty or has no header row; the first line must name the columns.",
            code="csv_header",
        )
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(lines[0], ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header = next(reader)
    columns = _map_header(name, header)
    rows: list[CsvRow] = []
    problems: list[RowProblem] = []
    seen_fp: dict[str, int] = {}
    seen_manual: dict[tuple[str, str], int] = {}
    last_line = reader.line_num
    for raw in reader:
        line = last_line + 1
        last_line = reader.line_num
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) > len(header):
            problems.append(RowProblem(
                name, line,
                f"có {len(raw)} ô nhưng tiêu đề chỉ có {len(header)} cột (thừa dấu phân cách?).",
                f"{len(raw)} cells but the header has {len(header)} columns (extra separator?).",
            ))
            continue
        cells = {key: (raw[i].strip() if i < len(raw) else "") for i, key in columns.items()}
        try:
            values = _row_values(inventory, cells)
        except _RowError as exc:
            problems.append(RowProblem(name, line, exc.vi, exc.en))
            continue
        fp = values.get("fingerprint")
        key = (values["kind"], values["subject"])
        first = seen_fp.get(fp) if fp else seen_manual.get(key)
        if first is not None:
            problems.append(RowProblem(
                name, line, f"trùng chứng thư với dòng {first}.",
                f"same certificate as line {first}.",
            ))
            continue
        if fp:
            seen_fp[fp] = line
        else:
            seen_manual[key] = line
        rows.append(CsvRow(line, values))
    return CsvCheck(rows, problems)


def import_certificate_csv(
    inventory: Inventory, path: Path | str, *, mode: ImportMode
) -> ImportResult:
    """Check the CSV, then write its rows (all good ones, or all or nothing) in one
    transaction."""
    path = Path(path)
    check = check_certificate_csv(inventory, path)
    result = ImportResult(mode, problems=list(check.problems))
    if result.problems and mode is ImportMode.ALL_OR_NOTHING:
        return result
    added = updated = 0
    try:
        with inventory.transaction():
            for row in check.rows:
                try:
                    outcome = inventory.add_manual(source="csv", **row.values)
                except InventoryError as exc:
                    result.problems.append(RowProblem(path.name, row.line, exc.vi, exc.en))
                    if mode is ImportMode.ALL_OR_NOTHING:
                        raise _Abort() from exc
                    continue
                if outcome.created:
                    added += 1
                else:
                    updated += 1
    except _Abort:
        return result
    result.added, result.updated, result.committed = added, updated, True
    return result


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KysoError(
            f"Không đọc được tệp {path.name}: {exc}.",
            f"Cannot read {path.name}: {exc}.",
            code="csv_read",
        ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KysoError(
            f"Tệp {path.name} không phải văn bản UTF-8. Trong Excel, chọn Lưu thành → "
            "“CSV UTF-8 (Comma delimited)” rồi nhập lại.",
            f"{path.name} is not UTF-8 text. In Excel, use Save As → “CSV UTF-8 (Comma "
            "delimited)” and import again.",
            code="csv_encoding",
        ) from exc


def _map_header(name: str, header: list[str]) -> dict[int, str]:
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for i, cell in enumerate(header):
        key = _HEADER_LOOKUP.get(_plain(cell))
        if key is None:
            if cell.strip():
                unknown.append(cell.strip())
            continue
        if key in columns.values():
            raise KysoError(
                f"Tệp {name}: cột “{cell}” xuất hiện hai lần; hãy xóa một cột.",
                f"{name}: the column “{cell}” appears twice; remove one.",
                code="csv_header",
            )
        columns[i] = key
    accepted = ", ".join(csv_template_header())
    if unknown:
        raise KysoError(
            f"Tệp {name}: không hiểu cột {', '.join(repr(u) for u in unknown)}. Các cột dùng "
            f"được: {accepted}.",
            f"{name}: unknown column(s) {', '.join(repr(u) for u in unknown)}. Accepted "
            f"columns: {accepted}.",
            code="csv_header",
        )
    missing = [COLUMNS[k][0] for k in REQUIRED_COLUMNS if k not in columns.values()]
    if missing:
        raise KysoError(
            f"Tệp {name}: thiếu cột bắt buộc {', '.join(missing)}.",
            f"{name}: required column(s) missing: {', '.join(missing)}.",
            code="csv_header",
        )
    return columns


class _RowError(Exception):
    def __init__(self, vi: str, en: str) -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en


def _row_values(inventory: Inventory, cells: dict[str, str]) -> dict[str, Any]:
    for key in REQUIRED_COLUMNS:
        if not cells.get(key):
            raise _RowError(f"thiếu “{COLUMNS[key][0]}”.", f"“{COLUMNS[key][1]}” is empty.")
    try:
        unit = inventory.find_unit(cells["unit"])
    except InventoryError as exc:
        raise _RowError(exc.vi, exc.en) from exc
    kind = _KIND_VALUES.get(_plain(cells["kind"]))
    if kind is None:
        raise _RowError(
            f"loại chứng thư “{cells['kind']}” không hợp lệ (SIM PKI, USB Token hoặc RSSP).",
            f"invalid kind “{cells['kind']}” (SIM PKI, USB Token or RSSP).",
        )
    holder = _HOLDER_VALUES.get(_plain(cells["holder_kind"]))
    if holder is None:
        raise _RowError(
            f"loại chủ thể “{cells['holder_kind']}” không hợp lệ (Tổ chức hoặc Cá nhân).",
            f"invalid holder kind “{cells['holder_kind']}” (organization or person).",
        )
    flag = _plain(cells.get("on_new_model", ""))
    if flag in _TRUE:
        on_new_model = True
    elif flag in _FALSE:
        on_new_model = False
    else:
        raise _RowError(
            f"“Theo mô hình mới” phải là “có” hoặc “không”, không phải "
            f"“{cells['on_new_model']}”.",
            f"“on_new_model” must be yes or no, not “{cells['on_new_model']}”.",
        )
    not_before = _date(cells.get("not_before", ""), "not_before", end_of_day=False)
    not_after = _date(cells.get("not_after", ""), "not_after", end_of_day=True)
    if not_before and not_after and not_after < not_before:
        raise _RowError(
            "ngày hết hiệu lực trước ngày bắt đầu hiệu lực.",
            "the certificate expires before it becomes valid.",
        )
    fingerprint = None
    if cells.get("fingerprint"):
        try:
            fingerprint = normalize_fingerprint(cells["fingerprint"])
        except InventoryError as exc:
            raise _RowError(exc.vi, exc.en) from exc
    return {
        "unit_id": unit.id,
        "subject": cells["subject"],
        "holder_kind": holder,
        "kind": kind,
        "on_new_model": on_new_model,
        "not_before": not_before,
        "not_after": not_after,
        "fingerprint": fingerprint,
        "serial_number": cells.get("serial_number") or None,
        "token_serial": cells.get("token_serial") or None,
        "note": cells.get("note"),
    }


def _date(text: str, key: str, *, end_of_day: bool) -> dt.datetime | None:
    if not text:
        return None
    day: dt.date | None = None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
            break
        except ValueError:
            continue
    if day is None:
        raise _RowError(
            f"“{COLUMNS[key][0]}” = “{text}” không phải ngày (dùng 2025-07-01 hoặc 01/07/2025).",
            f"“{key}” = “{text}” is not a date (use 2025-07-01 or 01/07/2025).",
        )
    clock = dt.time(23, 59, 59) if end_of_day else dt.time(0, 0)
    return dt.datetime.combine(day, clock, VN_TZ)
