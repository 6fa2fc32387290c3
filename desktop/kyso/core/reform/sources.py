"""The attributes of a subject that may name a place, with the kind of body each names.

:func:`read_sources` turns a :class:`~kyso.core.subjects.holder.Holder` into the ordered
list the two-tier check works on: CN (an organization's own name), each OU lowest first,
each O, then L and ST. Every in-chain value carries its body kind
(:mod:`kyso.core.subjects.bodies`), which decides whether the reform renames it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kyso.core.subjects import bodies
from kyso.core.subjects.admin_units import AdminUnits, folded_words
from kyso.core.subjects.bodies import kinds
from kyso.core.subjects.holder import Holder, names_a_body
from kyso.core.subjects.places import Mention, _scan_cached, _scan_place_cached


@dataclass(slots=True)
class Source:
    """One attribute that may name a place, with where it sits in the chain."""

    key: str
    """Attribute as shown in ``proposed``: "CN", "OU", "OU[2]", "O", "L", "ST"."""
    text: str
    rank: int
    """0 for the holder's own unit, growing upwards; L/ST come last."""
    in_chain: bool
    mentions: tuple[Mention, ...]
    """The places the value names (shared by every source of the same text: read only)."""
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    """Replacements proposed so far, as (start, end, text) in ``text``."""
    kind: str = bodies.OTHER
    """The body kind the value names (L and ST: ``other``)."""
    held: bool = False
    """A replacement was wanted but the body is one the reform does not rename (an
    institution, a central body's branch) or whose new arrangement its texts do not
    settle (a district's military command): checked with the unit."""
    spell: bool = False
    """The value may hold body words typed without diacritics, to be spelt in a proposal
    (:func:`kyso.core.subjects.bodies.may_spell`)."""

    @property
    def renamable(self) -> bool:
        """Whether the reform renames the body: not an institution, an enterprise, nor a
        central body or its local branch (:data:`kyso.core.subjects.bodies.NOT_RENAMED`)."""
        return self.kind not in bodies.NOT_RENAMED


_folded = folded_words  # one memo of folded names for the whole check


def _starts_with(text: str, prefixes: tuple[tuple[str, ...], ...]) -> bool:
    words = _folded(text)
    return any(words[: len(p)] == p for p in prefixes)


def read_sources(holder: Holder, units: AdminUnits) -> list[Source]:
    # A batch reads thousands: the memoised scans are called directly (mentions_in and
    # place_mentions_in are these), sources made positionally.
    scan = _scan_cached
    out: list[Source] = []
    rank = 0
    name = holder.name
    if name and (
        holder.kind == "organization" or (holder.kind == "unknown" and names_a_body(name))
    ):
        k = kinds(name)
        out.append(Source("CN", name, rank, True, scan(name, units), [], k[0], False, k[2]))
        rank += 1
    ous = holder.ous
    one = len(ous) == 1
    for i, ou in enumerate(ous):
        key = "OU" if one else f"OU[{i + 1}]"
        k = kinds(ou)
        out.append(Source(key, ou, rank, True, scan(ou, units), [], k[0], False, k[2]))
        rank += 1
    orgs = [a.value for a in holder.attributes if a.key == "O"]
    orgs.reverse()
    one = len(orgs) == 1
    for i, org in enumerate(orgs):
        key = "O" if one else f"O[{i + 1}]"
        k = kinds(org)
        out.append(Source(key, org, rank, True, scan(org, units), [], k[0], False, k[2]))
        rank += 1
    if holder.locality:
        place = holder.locality
        out.append(Source("L", place, 100, False, _scan_place_cached(place, units)))
    if holder.state:
        place = holder.state
        out.append(Source("ST", place, 101, False, _scan_place_cached(place, units)))
    return out
