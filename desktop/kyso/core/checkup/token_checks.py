"""Checking every certificate of a token (trust + two-tier), with progress and cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable

from kyso.core.checkup.certificate import certificates_reform, check_certificate_full
from kyso.core.checkup.export import CheckRow
from kyso.core.tokens.slots import TokenSnapshot
from kyso.core.trust.checker import TrustChecker


def check_snapshot(
    snap: TokenSnapshot,
    checker: TrustChecker,
    *,
    report: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
    done: int = 0,
    total: int = 0,
    online: bool = True,
) -> list[CheckRow]:
    """The user certificates of ``snap`` checked one by one; the token's CA certificates
    help build the chain and its PIN state joins the verdict."""
    cas = [c.details.cert for c in snap.ca_certificates() if c.details]
    details = [e.details for e in snap.user_certificates() if e.details is not None]
    # The two-tier part of all of them first, as a batch (fast; shared verdicts), then the
    # trust part one by one with progress and cancel.
    reforms = certificates_reform([d.cert for d in details])
    rows: list[CheckRow] = []
    for detail, reform in zip(details, reforms, strict=True):
        if cancel is not None and cancel.is_set():
            break
        check = check_certificate_full(
            detail.cert,
            checker,
            extra_certs=cas,
            pin=snap.info.pin,
            online=online,
            reform=reform,
        )
        rows.append(CheckRow(snap.info.label, snap.info.serial, detail.common_name, check))
        if report is not None:
            report(done + len(rows), total, detail.common_name)
    return rows
