"""How far each unit is from "100% of leaders and officials sign digitally" (Công văn 4414).

Plain data for the GUI's coverage table and bar chart; the counting rules are those of
:mod:`kyso.core.inventory.phuluc` (same certificates count, same "missing").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kyso.core.inventory.phuluc import UnitCounts, aware, counts_as_active, roman, unit_counts
from kyso.core.inventory.store import CertificateRecord, DeviceRecord, Inventory, Unit

UTC = dt.timezone.utc


@dataclass(frozen=True)
class UnitCoverage:
    """One unit; every count includes its sub-units (a group's row is their sum)."""

    unit_id: int
    stt: str
    name: str
    level: int
    has_sub_units: bool
    staff: int
    on_new_model_person: int
    on_new_model_org: int
    needs_change_person: int
    needs_change_org: int
    missing_person: int
    """Staff with no counted certificate at all (a new certificate is needed)."""
    missing_org: int
    devices_to_return: int

    @property
    def on_new_model(self) -> int:
        return self.on_new_model_person + self.on_new_model_org

    @property
    def needs_change(self) -> int:
        return self.needs_change_person + self.needs_change_org

    @property
    def missing(self) -> int:
        return self.missing_person + self.missing_org

    @property
    def percent_ready(self) -> float | None:
        """Staff with a certificate on the new model, in percent (``None``: no staff)."""
        if self.staff == 0:
            return None
        return min(100.0, 100.0 * self.on_new_model_person / self.staff)


def coverage(inventory: Inventory, *, as_of: dt.datetime | None = None) -> list[UnitCoverage]:
    """One entry per unit, in report order and numbering (I, 1, 2.1 …)."""
    at = aware(as_of) if as_of else dt.datetime.now(UTC)
    devices = inventory.devices()
    returning = {d.certificate_id for d in devices}
    to_return: dict[int | None, int] = {}
    for d in devices:
        if d.status == "to_return":
            to_return[d.unit_id] = to_return.get(d.unit_id, 0) + 1
    by_unit: dict[int | None, list[CertificateRecord]] = {}
    for cert in inventory.certificates():
        by_unit.setdefault(cert.unit_id, []).append(cert)

    out: list[UnitCoverage] = []

    def visit(unit: Unit, stt: str, level: int) -> list[int]:
        """Append the unit (then its sub-units); return its rolled-up numbers."""
        counts = unit_counts(by_unit.get(unit.id, []), at, returning)
        own = _own(unit, counts, to_return.get(unit.id, 0))
        index = len(out)
        total = own
        children = inventory.children(unit.id)
        for i, child in enumerate(children, start=1):
            child_stt = f"{i}" if level == 0 else f"{stt}.{i}"
            total = [a + b for a, b in zip(total, visit(child, child_stt, level + 1), strict=True)]
        out.insert(index, UnitCoverage(unit.id, stt, unit.name, level, bool(children), *total))
        return total

    for g, root in enumerate(inventory.children(None), start=1):
        visit(root, roman(g), 0)
    return out


def _own(unit: Unit, counts: UnitCounts, devices_to_return: int) -> list[int]:
    return [
        unit.staff,
        counts.issued_person,
        counts.issued_org,
        counts.change_person,
        counts.change_org,
        max(0, unit.staff - counts.issued_person - counts.change_person),
        max(0, unit.org_required - counts.issued_org - counts.change_org),
        devices_to_return,
    ]


def devices_to_return(inventory: Inventory) -> list[DeviceRecord]:
    """The devices still to be returned to Cục Chứng thực số và Bảo mật thông tin."""
    return inventory.devices("to_return")


def not_counted(
    inventory: Inventory, *, as_of: dt.datetime | None = None
) -> list[CertificateRecord]:
    """Certificates the report leaves out (expired, failed trust, to return, abolished
    organization, or no unit) — worth a look before sending the report."""
    at = aware(as_of) if as_of else dt.datetime.now(UTC)
    returning = {d.certificate_id for d in inventory.devices()}
    return [
        c for c in inventory.certificates()
        if c.unit_id is None or not counts_as_active(c, at, returning)
    ]
