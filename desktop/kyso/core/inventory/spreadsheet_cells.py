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

The same text may hold characters an XLSX file cannot (a certificate subject or a token
label with a control character, a setting pasted with one): openpyxl refuses them with its
own English error, and the export would end in a crash. :func:`sheet_text` puts U+FFFD (�)
in their place, so the cell shows that something unprintable was there and the file is
written.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# What XML 1.0 (and so an XLSX cell or property) cannot hold: C0 controls but tab, line
# feed and carriage return; lone surrogates; U+FFFE and U+FFFF.
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def sheet_text(value: Any) -> Any:
    """``value`` as an XLSX cell can hold it: each character XML cannot carry becomes
    :data:`REPLACEMENT`; other values are returned as they are."""
    if isinstance(value, str) and _NOT_IN_XLSX.search(value):
        return _NOT_IN_XLSX.sub(REPLACEMENT, value)
    return value


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
