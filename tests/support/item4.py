"""Test data shared by the item-4 tests (the leader's emergency fallback, Công văn 393):
trust verdicts as the trust check's JSON gives them, and token snapshots holding
certificates of the test PKI without a real token."""

from __future__ import annotations

from typing import Any

from cryptography import x509

from kyso.core.certs.details import details_of
from kyso.core.demo.pki import person_name
from kyso.core.tokens.slots import CertificateEntry, TokenInfo, TokenSnapshot

GOOD_TRUST: dict[str, Any] = {
    "status": "ok",
    "reasons": [],
    "chain": [],
    "not_after": None,
    "revocation": {"status": "good", "source": "crl", "revoked_at": None, "checked_at": None},
}
REVOKED_TRUST: dict[str, Any] = {
    "status": "failed",
    "reasons": [{"code": "revoked", "message": "Chứng thư đã bị thu hồi."}],
    "chain": [],
    "not_after": None,
    "revocation": {"status": "revoked", "source": "crl", "revoked_at": None, "checked_at": None},
}


def thai_binh_leader() -> x509.Name:
    """The item-4 tests' leader: Chánh Văn phòng of UBND tỉnh Thái Bình (merged into Hưng
    Yên), a personal certificate not yet on the two-tier model."""
    return person_name(
        "Hoàng Văn Em", title="Chánh Văn phòng", ous=["Văn phòng"],
        o="UBND tỉnh Thái Bình", locality="Thái Bình",
    )


def entry(issued: Any, label: str, *, has_key: bool | None = True) -> CertificateEntry:
    """A token's certificate entry for ``issued`` (a test PKI certificate)."""
    return CertificateEntry(label, b"\x01", issued.der, details_of(issued.cert), has_key)


def snapshot(*entries: CertificateEntry, serial: str = "S9") -> TokenSnapshot:
    """An inserted token holding ``entries``."""
    return TokenSnapshot(TokenInfo("m", 1, "T", "maker", "model", serial, 0x40D), list(entries))
