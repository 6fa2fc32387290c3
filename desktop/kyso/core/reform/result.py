"""The verdict of the two-tier check on one subject, and its JSON contract.

:meth:`ReformResult.to_json` is the contract of ``kyso check --json`` (the trust check, the
inventory and the check exports build on it). Statuses:

- ``current``: already on the new model (or a central body, not tied to a province);
- ``needs_change``: a change of information on the existing certificate, values proposed;
- ``unit_abolished``: the holder's unit was a district-level body that no longer exists;
- ``check_with_unit``: the holder's unit is an institution (school, hospital, company…)
  whose name mentions an old place: the reform does not rename it, so no new name is
  invented; the old place and the new province are shown and the clerk checks the unit's
  own decision ("kiểm tra với đơn vị"). Administrative parents and L are still proposed;
- ``unknown``: no place the table knows, or an ambiguous one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kyso.core.subjects.admin_units import NewProvince
from kyso.core.subjects.holder import Holder

CURRENT, NEEDS_CHANGE, UNIT_ABOLISHED, CHECK_WITH_UNIT, UNKNOWN = (
    "current",
    "needs_change",
    "unit_abolished",
    "check_with_unit",
    "unknown",
)
STATUSES = (CURRENT, NEEDS_CHANGE, UNIT_ABOLISHED, CHECK_WITH_UNIT, UNKNOWN)


@dataclass(frozen=True)
class Reason:
    """One step of the reasoning, in Vietnamese and English."""

    vi: str
    en: str


@dataclass
class ReformResult:
    """The verdict on one subject. :meth:`to_json` gives the stable contract."""

    status: str
    holder: Holder
    province_old: str | None = None
    province_new: str | None = None
    district_old: str | None = None
    commune_old: str | None = None
    commune_new: list[str] = field(default_factory=list)
    proposed: dict[str, str] = field(default_factory=dict)
    file_at: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    district_successors: list[str] = field(default_factory=list)
    """New communes that took over the named district (for the GUI's picker)."""
    new_province: NewProvince | None = field(default=None, repr=False)
    district_attribute: str | None = None
    """The attribute that names the district ("OU", "O", "OU[2]"…), as keyed in ``proposed``."""
    body_kind: str = "other"
    """The kind of the holder's own body (see :mod:`kyso.core.subjects.bodies`): CN for an
    organization, the lowest OU (else O) for a person."""
    kept_names: list[str] = field(default_factory=list)
    """Attributes naming an institution the reform does not rename ("CN", "O"…): they are
    left as written and the verdict is ``check_with_unit``."""

    @property
    def holder_kind(self) -> str:
        return self.holder.kind

    def reasons_in(self, language: str = "vi") -> list[str]:
        return [r.en if language == "en" else r.vi for r in self.reasons]

    def to_json(self) -> dict[str, Any]:
        """``{status, holder_kind, province, district, commune, proposed, file_at, reasons,
        body_kind, kept_names}`` (the last two added with the body kinds; keys only grow)."""
        return {
            "status": self.status,
            "holder_kind": self.holder.kind,
            "province": {"old": self.province_old, "new": self.province_new},
            "district": {"old": self.district_old} if self.district_old else None,
            "commune": (
                {"old": self.commune_old, "new": list(self.commune_new)}
                if self.commune_old
                else None
            ),
            "proposed": dict(self.proposed),
            "file_at": list(self.file_at),
            "reasons": [r.vi for r in self.reasons],
            "body_kind": self.body_kind,
            "kept_names": list(self.kept_names),
        }
