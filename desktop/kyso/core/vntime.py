"""Vietnam time: signing times are UTC inside signatures and shown in +07:00, zone written out."""

from __future__ import annotations

import datetime as dt

VN_TZ = dt.timezone(dt.timedelta(hours=7), "+07:00")


def vn_datetime(when: dt.datetime) -> str:
    """``22/11/2026 21:57:02 +07:00`` (VGCA's tools and Nghị định 30 appearances)."""
    return when.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M:%S +07:00")


def vn_date(when: dt.datetime) -> str:
    return when.astimezone(VN_TZ).strftime("%d/%m/%Y")
