"""What the inventory page's tree and tables hold, how their cells are written, and the
default assessment of imported certificate files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cryptography import x509
from PySide6.QtCore import Qt

from kyso.core.checkup.certificate import emails_of
from kyso.core.errors import KysoError
from kyso.core.inventory.importing import Verdicts
from kyso.core.reform.check import check_subject
from kyso.core.vntime import VN_TZ

ROLE_ID = Qt.ItemDataRole.UserRole
NO_UNIT = -1
"""Tree entry for certificates not assigned to any unit."""
CERT_COLUMNS = 9
"""Columns of the certificate table."""
COV_COLUMNS = 8
"""Columns of the coverage table."""


def two_tier_only(cert: x509.Certificate) -> Verdicts:
    """Default assessment of imported files: the two-tier check alone (offline, instant)."""
    return check_subject(cert.subject, emails_of(cert)).to_json(), None


def date_text(moment: dt.datetime | None) -> str:
    """A date as the tables show it (Vietnam time, dd/mm/yyyy; a dash when unknown)."""
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y") if moment else "—"


def error_text(err: Any, language: str) -> str:
    """What a worker's error says to the user, in the page's language."""
    return err.message(language) if isinstance(err, KysoError) else str(err)
