"""Merging the Phụ lục I files of several units into one (what a Sở KHCN receives).

Each input is checked to be a Phụ lục I XLSX (:func:`kyso.core.inventory.report_files.read_xlsx`
names the file in its error otherwise). In the merged report every group of an input
(I. Sở, ban, ngành; II. UBND cấp xã) gets one row for that input's unit, with the input's
rows beneath it, one level deeper::

    I   Sở, ban, ngành
    1     Sở Y tế                    ← the input's "Đơn vị báo cáo"
    1.1     Khối Văn phòng
    1.2     Các đơn vị trực thuộc
    1.2.1     Trung tâm …
    II  UBND cấp xã
    1     UBND phường Ba Đình
    1.1     Phòng Văn hóa – Xã hội

Subtotals and the grand total are recomputed from the rows, never copied. The same unit
in two inputs, or inputs of different periods, are refused: they would count twice or mix
months silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kyso.core.inventory.phuluc import Period, PhuLucReport, ReportError, ReportRow
from kyso.core.inventory.report_files import (
    Notice,
    ReadReport,
    plain,
    read_xlsx,
    write_csv,
    write_xlsx,
)

_GROUP_ORDER = ("so ban nganh", "ubnd cap xa")


@dataclass
class MergeResult:
    out: Path
    report: PhuLucReport
    sources: list[Path]
    notices: list[Notice] = field(default_factory=list)


def merge_reports(
    files: Iterable[Path | str],
    out: Path | str,
    *,
    unit_name: str | None = None,
    period: Period | str | None = None,
    overwrite: bool = False,
    csv_out: Path | str | None = None,
) -> MergeResult:
    """Read every file, check it, and write one Phụ lục I to ``out`` (and ``csv_out``).

    ``unit_name`` is the merged report's unit (default "Tổng hợp N đơn vị"); ``period``
    defaults to the inputs' common period.
    """
    paths = [Path(f) for f in files]
    if not paths:
        raise ReportError(
            "Chưa chọn tệp Phụ lục I nào để gộp.", "No Phụ lục I file chosen to merge.",
            code="report_merge_empty",
        )
    reads = [read_xlsx(p) for p in paths]
    notices: list[Notice] = [n for r in reads for n in r.notices]
    chosen = _choose_period(reads, period, notices)
    _refuse_duplicates(reads)
    report = PhuLucReport(
        unit_name or f"Tổng hợp {len(reads)} đơn vị", chosen, merge_groups(reads)
    )
    written = write_xlsx(report, out, overwrite=overwrite)
    if csv_out is not None:
        write_csv(report, csv_out, overwrite=overwrite)
    return MergeResult(written, report, paths, notices)


def merge_groups(reads: list[ReadReport]) -> list[ReportRow]:
    """The merged groups: one row per input unit under each group it reported in."""
    groups: dict[str, ReportRow] = {}
    for read in reads:
        unit = read.unit_name or read.path.stem
        for group in read.groups:
            key = _group_key(group.name)
            merged = groups.setdefault(key, ReportRow(group.name))
            merged.children.append(ReportRow(unit, group.own, list(group.children)))

    def order(item: tuple[int, str]) -> tuple[int, int]:
        index, key = item
        return (_GROUP_ORDER.index(key) if key in _GROUP_ORDER else len(_GROUP_ORDER), index)

    keyed = sorted(enumerate(groups), key=order)
    return [groups[key] for _, key in keyed]


def _group_key(name: str) -> str:
    key = plain(name).replace(",", "").replace(".", "")
    return " ".join(key.split())


def _choose_period(
    reads: list[ReadReport], period: Period | str | None, notices: list[Notice]
) -> Period:
    if isinstance(period, str):
        period = Period.parse(period)
    for read in reads:
        if read.period is None:
            notices.append(Notice(
                f"{read.path.name}: tệp không ghi kỳ báo cáo.",
                f"{read.path.name}: the file does not say its period.",
            ))
    found = {r.period for r in reads if r.period is not None}
    if period is not None:
        for read in reads:
            if read.period is not None and read.period != period:
                notices.append(Notice(
                    f"{read.path.name}: kỳ báo cáo {read.period.label_vi}, khác kỳ tổng hợp "
                    f"{period.label_vi}.",
                    f"{read.path.name}: period {read.period.code}, not {period.code}.",
                ))
        return period
    if len(found) > 1:
        listing = "; ".join(
            f"{r.path.name}: {r.period.label_vi}" for r in reads if r.period is not None
        )
        raise ReportError(
            f"Các tệp thuộc các kỳ báo cáo khác nhau ({listing}). Hãy chỉ gộp các tệp cùng kỳ, "
            "hoặc chọn rõ kỳ tổng hợp.",
            f"The files are of different periods ({listing}). Merge files of one period, or "
            "choose the period explicitly.",
            code="report_merge_periods",
        )
    if not found:
        raise ReportError(
            "Không tệp nào ghi kỳ báo cáo; hãy chọn kỳ tổng hợp (2025-08 hoặc 2025-Q3).",
            "No file says its period; choose one (2025-08 or 2025-Q3).",
            code="report_period",
        )
    return found.pop()


def _refuse_duplicates(reads: list[ReadReport]) -> None:
    seen: dict[str, Path] = {}
    for read in reads:
        key = plain(read.unit_name or read.path.stem)
        if key in seen:
            raise ReportError(
                f"Đơn vị “{read.unit_name or read.path.stem}” có trong hai tệp: "
                f"{seen[key].name} và {read.path.name}. Hãy bỏ bớt một tệp để không tính "
                "hai lần.",
                f"The unit “{read.unit_name or read.path.stem}” is in two files: "
                f"{seen[key].name} and {read.path.name}. Remove one so it is not counted "
                "twice.",
                code="report_merge_duplicate",
            )
        seen[key] = read.path
