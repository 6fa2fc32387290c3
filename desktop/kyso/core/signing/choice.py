"""Choosing what signs, and the policy inputs for it: shared by ``kyso sign`` and the Sign page.

- which certificates are offered (never a CA certificate; never one whose key is known to be
  missing);
- the organization a person's certificate belongs to under the new model;
- the organization certificates already on the new model that item 4 of Công văn 393 needs:
  on inserted tokens, and in the unit's inventory;
- the policy decision itself, from the trust and two-tier verdicts.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cryptography import x509

from kyso.core.signing.policy import (
    CertificateFacts,
    OrganizationCert,
    PolicyDecision,
    PolicyInput,
    evaluate,
)
from kyso.core.tokens.slots import CertificateEntry, TokenSnapshot

log = logging.getLogger(__name__)


def signing_candidates(
    snaps: Iterable[TokenSnapshot],
    *,
    token_serial: str | None = None,
    sha256_prefix: str | None = None,
    signing_usage_only: bool = False,
) -> list[tuple[TokenSnapshot, CertificateEntry]]:
    """User certificates that may be offered for signing.

    ``signing_usage_only`` also drops certificates without signing key usage (the GUI's
    list); the CLI keeps them so that ``--cert`` on one is refused *with the reason*.
    """
    prefix = (sha256_prefix or "").lower().replace(":", "")
    out: list[tuple[TokenSnapshot, CertificateEntry]] = []
    for snap in snaps:
        if token_serial and snap.info.serial != token_serial:
            continue
        for entry in snap.user_certificates():
            if entry.details is None or entry.has_private_key is False or entry.is_ca:
                continue
            if signing_usage_only and not entry.details.can_sign:
                continue
            if prefix and not entry.details.sha256.lower().startswith(prefix):
                continue
            out.append((snap, entry))
    return out


def token_ca_certificates(snapshot: TokenSnapshot) -> list[x509.Certificate]:
    """The CA certificates stored on the token (they may complete the signer's chain)."""
    out: list[x509.Certificate] = []
    for entry in snapshot.ca_certificates():
        try:
            out.append(x509.load_der_x509_certificate(entry.der))
        except ValueError as exc:  # an unreadable CA object must not stop signing
            log.warning("CA certificate %r on the token not read: %s", entry.label, exc)
    return out


def default_organization(typed: str, kind: str, cert: x509.Certificate) -> str:
    """The organization shown in the appearance: what the user typed, else the certificate's
    own name when it is an organization's certificate, else nothing."""
    typed = typed.strip()
    if typed:
        return typed
    return common_name(cert.subject) if kind == "organization" else ""


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def _lowest_ou(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.NameOID.ORGANIZATIONAL_UNIT_NAME)
    return str(values[-1].value) if values else ""


def person_organization(cert: x509.Certificate, verdict: dict[str, Any]) -> str:
    """Best guess of the person's organization under the new model: their lowest OU (as the
    two-tier check proposes it) followed by the new province, e.g. "Sở Khoa học và Công
    nghệ tỉnh Hưng Yên"."""
    proposed = verdict.get("proposed") or {}
    unit = proposed.get("OU") or _lowest_ou(cert.subject)
    province = (verdict.get("province") or {}).get("new") or ""
    if not unit:
        return ""
    if province and province.casefold() not in unit.casefold():
        prefix = "thành phố" if province.lower().startswith(("tp", "hà nội", "huế")) else "tỉnh"
        return f"{unit} {prefix} {province.removeprefix('TP ')}"
    return unit


def token_organizations(snaps: Iterable[TokenSnapshot]) -> list[OrganizationCert]:
    """Organization certificates on the inserted tokens, with their two-tier status."""
    from kyso.core.reform.check import check_subject

    out: list[OrganizationCert] = []
    for snap in snaps:
        for entry in snap.user_certificates():
            if entry.details is None:
                continue
            verdict = check_subject(entry.details.cert.subject).to_json()
            if verdict.get("holder_kind") == "organization":
                out.append(
                    OrganizationCert(
                        common_name(entry.details.cert.subject),
                        entry.details.sha256,
                        verdict.get("status", ""),
                        "token",
                    )
                )
    return out


def inventory_organizations(inventory_path: Path | None) -> list[OrganizationCert]:
    """Organization certificates of the unit's inventory that are on the new model.

    Item 4 allows the fallback when the organization's certificate is already on the new
    model, whether or not its token is inserted right now. A missing or unreadable inventory
    simply adds nothing.
    """
    if inventory_path is None or not Path(inventory_path).exists():
        return []
    from kyso.core.errors import KysoError
    from kyso.core.inventory.store import Inventory
    from kyso.core.subjects.holder import read_holder

    try:
        with Inventory(inventory_path) as inv:
            records = inv.certificates()
    except (KysoError, OSError) as exc:
        log.warning("inventory not read for the item-4 check: %s", exc)
        return []
    out: list[OrganizationCert] = []
    for rec in records:
        if rec.holder_kind != "organization" or not rec.on_new_model:
            continue
        out.append(
            OrganizationCert(
                read_holder(rec.subject).name or rec.subject,
                rec.fingerprint or "",
                "current",
                "inventory",
            )
        )
    return out


def decide(
    snap: TokenSnapshot,
    entry: CertificateEntry,
    profile: str,
    *,
    trust: dict[str, Any] | None,
    reform: dict[str, Any],
    organizations: list[OrganizationCert],
    emergency_reason: str | None,
    allow_outdated_org_cert: bool,
    now: dt.datetime | None = None,
) -> tuple[PolicyDecision, str, str]:
    """The policy decision for ``entry`` signing with ``profile``; also (holder kind,
    organization name) for the appearance."""
    assert entry.details is not None
    cert = entry.details.cert
    kind = str(reform.get("holder_kind") or "unknown")
    organization = (
        common_name(cert.subject) if kind == "organization" else person_organization(cert, reform)
    )
    facts = CertificateFacts.from_details(entry.details, organization=organization, holder_kind=kind)
    decision = evaluate(
        PolicyInput(
            facts,
            profile,
            trust,
            reform,
            organizations,
            emergency_reason=emergency_reason,
            allow_outdated_org_cert=allow_outdated_org_cert,
            now=now,
        )
    )
    return decision, kind, organization
