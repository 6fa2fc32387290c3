"""The sign page's choices as data: profiles and levels offered, a box on a page, the
certificates that may sign."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kyso.core.signing.appearance import Profile
from kyso.core.signing.choice import signing_candidates
from kyso.core.signing.pades import Level
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
    """A signing-capable user certificate on an inserted token."""

    snapshot: TokenSnapshot
    entry: CertificateEntry

    @property
    def sha256(self) -> str:
        assert self.entry.details is not None
        return self.entry.details.sha256

    @property
    def name(self) -> str:
        assert self.entry.details is not None
        return self.entry.details.common_name or self.entry.details.subject


def candidates(snaps: Iterable[TokenSnapshot]) -> list[Candidate]:
    """User certificates (never CA ones) with a readable body, signing usage and a key that
    may be there."""
    merged = merge_same_tokens(list(snaps))  # one token seen through two modules: once
    return [Candidate(s, e) for s, e in signing_candidates(merged, signing_usage_only=True)]
