"""The sign page's choices as data: profiles and levels offered, a box on a page, the
certificates that may sign."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from kyso.core.signing.appearance import Profile
from kyso.core.signing.choice import (
    certificate_organizations,
    signing_candidates,
    token_ca_certificates,
)
from kyso.core.signing.pades import Level
from kyso.core.signing.policy import OrganizationCert
from kyso.core.tokens.same_token import merge_same_tokens
from kyso.core.tokens.slots import CertificateEntry, TokenSnapshot

Box = tuple[float, float, float, float]
"""(x1, y1, x2, y2) in PDF points, origin lower left."""

PROFILES: tuple[Profile, ...] = (
    Profile.APPROVAL,
    Profile.ISSUANCE,
    Profile.APPENDIX,
    Profile.COPY,
    Profile.INVISIBLE,
)
LEVELS: tuple[Level, ...] = (Level.B_B, Level.B_T, Level.B_LT, Level.B_LTA)


@dataclass
class Candidate:
    """A signing-capable user certificate on an inserted token, or a credential of a remote
    signing account (``remote``: :class:`kyso.ui.remote.accounts.RemoteCredentialState`,
    ``snapshot`` None)."""

    snapshot: TokenSnapshot | None
    entry: CertificateEntry
    remote: Any = None

    @property
    def holder_label(self) -> str:
        """Where the key is: the token's label, or the remote account's name."""
        if self.snapshot is not None:
            return self.snapshot.info.label
        return str(self.remote.account.name)

    @property
    def home(self) -> str:
        """Identifies where the key is (token serial, or remote account and credential)."""
        if self.snapshot is not None:
            return self.snapshot.info.serial
        return f"remote:{self.remote.account.name}/{self.remote.credential.id}"

    def extra_certificates(self) -> list[x509.Certificate]:
        """Certificates that may complete the signer's chain: the token's CA certificates,
        or the chain the signing service gave."""
        if self.snapshot is not None:
            return token_ca_certificates(self.snapshot)
        return list(self.remote.credential.chain)

    @property
    def sha256(self) -> str:
        assert self.entry.details is not None
        return self.entry.details.sha256

    @property
    def name(self) -> str:
        assert self.entry.details is not None
        return self.entry.details.common_name or self.entry.details.subject


def candidates(snaps: Iterable[TokenSnapshot], remote: Iterable[Any] = ()) -> list[Candidate]:
    """User certificates (never CA ones) with a readable body, signing usage and a key that
    may be there; then the remote accounts' credentials that may sign."""
    merged = merge_same_tokens(list(snaps))  # one token seen through two modules: once
    out = [Candidate(s, e) for s, e in signing_candidates(merged, signing_usage_only=True)]
    for cred in remote:
        details = cred.entry.details
        if details is not None and not details.is_ca and details.can_sign:
            out.append(Candidate(None, cred.entry, cred))
    return out


def remote_organizations(
    remote: Iterable[Any], trust: Mapping[str, Mapping[str, Any]] | None = None
) -> list[OrganizationCert]:
    """Organization certificates held in remote signing accounts, with their two-tier status
    and validity (item 4 may rest on them as on a token's; they are said to be in the remote
    account, not on a token). Call off the GUI thread."""
    return certificate_organizations(
        ((cred.credential.certificate, cred.sha256) for cred in remote), "remote", trust
    )
