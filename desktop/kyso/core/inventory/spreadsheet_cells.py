"""Writing user and certificate text into spreadsheets without it turning into formulas.

Unit names, the reporting unit's name, token labels and certificate subjects are text a
clerk or a CA typed. Spreadsheet programs read a cell that starts with ``=``, ``+``, ``-``,
``@`` (and, after a tab or carriage return, the same) as a formula — ``=HYPERLINK(...)``
in a report sent up to the Sở is a live link, ``=cmd|...`` worse (CSV/formula injection).

* XLSX: every cell Kyso writes is data, never a formula: :func:`defuse_formulas` turns any
  cell openpyxl took for a formula back into a string cell (data type ``s``) with the same
  text. Kyso's own sheets hold no formulas (totals are computed), so nothing is lost.
* CSV: a text cell that starts with one of :data:`FORMULA_STARTS` is prefixed with a single
  quote, as OWASP advises; numbers are left alone.
"""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell: text that a spreadsheet would run is prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: list[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def defuse_formulas(ws: Worksheet) -> None:
    """Make every formula cell of ``ws`` a string cell holding the same text."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
