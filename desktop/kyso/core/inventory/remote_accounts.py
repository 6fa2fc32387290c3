"""Certificates held in a remote signing service, recorded in the inventory.

Phụ lục I counts certificates by kind: SIM PKI, USB Token and RSSP. A certificate whose key
lives in a signing service is not a USB token: Ban Cơ yếu's remote signing service (RSSP,
reached through CSC/VGCA), VNPT SmartCA and Viettel MySign are recorded as ``rssp``, unless
the provider says the key is on the holder's SIM card (``SIM PKI``; an account option IT
sets, see :func:`kyso.core.remote.factory.provider_for`), recorded as ``sim_pki``.

The credentials come in as the remote package lists them (anything with ``id``,
``certificate`` and ``kind``), so this module needs no network and no remote import.
Each record keeps where it came from in ``token_serial`` (``remote:<account>/<credential>``),
so importing the same account again updates the records instead of doubling them (they are
matched by fingerprint, like every certificate with a body).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Protocol

from cryptography import x509

from kyso.core.inventory.importing import ImportMode, ImportResult, Verdicts
from kyso.core.inventory.store import CertKind, Inventory

REMOTE_PREFIX = "remote:"


class RemoteCertificate(Protocol):
    """What the inventory reads of a remote credential
    (:class:`kyso.core.remote.provider.Credential`)."""

    id: str
    certificate: x509.Certificate
    kind: str


def inventory_kind(label: str) -> CertKind:
    """The inventory's kind for a provider's Phụ lục I label: ``SIM PKI`` (any spacing or
    case, e.g. ``sim_pki``) → ``sim_pki``; everything else a signing service holds → ``rssp``.
    Never ``usb_token``: a remote key is not on a token."""
    folded = re.sub(r"[\s_\-]+", "", label or "").upper()
    return "sim_pki" if folded in ("SIMPKI", "SIM") else "rssp"


def remote_origin(account: str, credential_id: str) -> str:
    """What ``token_serial`` records for a remote credential."""
    return f"{REMOTE_PREFIX}{account}/{credential_id}"


def import_remote_credentials(
    inventory: Inventory,
    account: str,
    credentials: Iterable[RemoteCertificate],
    *,
    unit_id: int | None,
    assess: Callable[[x509.Certificate], Verdicts] | None = None,
    note: str | None = None,
) -> ImportResult:
    """Record every credential of ``account`` under ``unit_id`` (one transaction).

    ``assess`` gives each certificate's two-tier and trust verdicts (call this off the GUI
    thread when it checks revocation). A credential already recorded (same fingerprint) is
    updated: its kind, verdicts and origin follow the service; a unit given here moves it.
    """
    found = list(credentials)
    verdicts = [assess(c.certificate) if assess else (None, None) for c in found]
    result = ImportResult(ImportMode.ALL_OR_NOTHING)
    with inventory.transaction():
        for cred, (reform, trust) in zip(found, verdicts, strict=True):
            outcome = inventory.add_certificate(
                cred.certificate,
                unit_id=unit_id,
                kind=inventory_kind(cred.kind),
                reform=reform,
                trust=trust,
                # The schema's sources are token/file/csv/manual: a service's certificate is
                # read from the key's holder like a token's; token_serial says which service.
                source="token",
                token_serial=remote_origin(account, cred.id),
                note=note,
            )
            if outcome.created:
                result.added += 1
            else:
                result.updated += 1
    result.committed = True
    return result
