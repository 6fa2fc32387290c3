"""The provider for an account, and the non-interactive listing for ``kyso devices``."""

from __future__ import annotations

import logging
from typing import Any

from cryptography.hazmat.primitives import serialization

from kyso.core.certs.details import details_of
from kyso.core.errors import KysoError
from kyso.core.remote.accounts import Account
from kyso.core.remote.csc import CscProvider
from kyso.core.remote.provider import Credential, Provider
from kyso.core.remote.viettel import MySignProvider
from kyso.core.remote.vnpt import SmartCaProvider

log = logging.getLogger(__name__)


def provider_for(account: Account, *, timeout: float = 30.0) -> Provider:
    """A provider for ``account``; ``options`` (IT's or the user's) tune the dialect:
    ``csc_version`` (1 or 2), ``oauth`` (true: OAuth2 password/refresh instead of
    auth/login), ``approval_timeout_s``, ``poll_interval_s``, ``kind`` (``RSSP``/``SIM PKI``)."""
    o = account.options
    common: dict[str, Any] = {
        "user": account.user,
        "client_id": account.client_id,
        "timeout": timeout,
        "approval_timeout": float(o.get("approval_timeout_s", 120)),
    }
    if "kind" in o:
        common["kind"] = str(o["kind"])
    if account.provider == "vnpt-smartca":
        return SmartCaProvider(account.name, account.url,
                               poll_interval=float(o.get("poll_interval_s", 2)), **common)
    if account.provider == "viettel-mysign":
        return MySignProvider(account.name, account.url, profile_id=account.profile_id,
                              poll_interval=float(o.get("poll_interval_s", 2)), **common)
    version = int(o.get("csc_version", 2))
    return CscProvider(account.name, account.url, version=version,
                       oauth=bool(o.get("oauth", False)), **common)


def credential_json(credential: Credential) -> dict[str, Any]:
    """A credential as ``kyso devices --json`` shows a token's certificate."""
    cert = credential.certificate
    d = details_of(cert, cert.public_bytes(serialization.Encoding.DER))
    return {
        "credential_id": credential.id,
        "label": credential.description or credential.id,
        "subject": d.subject,
        "issuer": d.issuer,
        "serial_hex": d.serial_hex,
        "not_before": d.not_before.isoformat(),
        "not_after": d.not_after.isoformat(),
        "sha256": d.sha256,
        "is_ca": d.is_ca,
        "has_private_key": True,
        "key_usage": d.key_usage,
        "readable": True,
        "error": None,
        "kind": credential.kind,
        "multisign": credential.multisign,
        "auth_mode": credential.auth_mode,
    }


def list_remote(accounts: list[Account], *, timeout: float = 10.0) -> list[dict[str, Any]]:
    """Every account with its credentials, without asking anything: an account that needs a
    login (or whose service is down) is listed with the reason instead of credentials."""
    out = []
    for account in accounts:
        entry: dict[str, Any] = {"provider": account.provider, "account": account.name,
                                 "url": account.url, "preset": account.preset}
        try:
            entry["credentials"] = [
                credential_json(c) for c in provider_for(account, timeout=timeout).credentials()
            ]
            entry["error"] = None
        except KysoError as exc:
            entry["credentials"] = []
            entry["error"] = exc.vi
            entry["error_code"] = exc.code
        out.append(entry)
    return out
