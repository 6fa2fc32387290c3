"""Phụ lục I (the monthly/quarterly report template): the figures, computed from the inventory.

**The heading** refers to the province's directive that asked for the report. Hà Nội's is
Công văn 4414/UBND-ĐMPT (5/8/2025); other provinces issue their own. The directive comes
from the settings (``phuluc_directive_number``, ``_date``, ``_issuer``: what IT deploys for
the province), else from :data:`KNOWN_DIRECTIVES` for the unit's own province when Kyso
knows it, else the heading is neutral (:data:`NEUTRAL_REFERENCE`, the decree every
province applies). Công văn 4414 is never printed for a unit outside Hà Nội, nor for a
central body's unit in Hà Nội (Cục Thuế, Bảo hiểm xã hội, Kho bạc …: the kind
:func:`kyso.core.subjects.bodies.body_kind` calls ``central``): a province's directive is
addressed to its own Sở, ban, ngành and UBND cấp xã, not to the branches of a ministry
(:func:`addressed_by_province`).

**Which certificates count.** At the report's date (the end of the period, or now when the
period has not ended) a certificate is *not counted at all* when it has expired or is not
valid yet (issued after that moment), when its last trust check ``failed`` (revoked, broken chain), when it is on the list of devices to
return, or when it is an organization certificate of a body the two-tier check calls
abolished (``unit_abolished``: a device to return, not a certificate to change). Every
other certificate of a unit is either

* **on the new model** (``on_new_model``: issued new or its information already changed to
  the two-tier structure) → "đã được cấp", and in the by-kind columns; or
* **needing a change of information** (everything else, incl. an ``unknown`` two-tier
  verdict, which a person has to look at) → part of "cần cấp".

**"Cần cấp" (still needed)**, per unit, for persons:

    needed_person = change_person + max(0, staff − issued_person − change_person)

i.e. the certificates needing a change of information (Công văn 393: change, not a new
certificate) plus the staff who hold no counted certificate at all (a new issuance). A
person holding an old-model certificate is counted once, as a change — not a second time
as "staff without a new-model certificate". For organizations the same with
``Unit.org_required`` (the organization certificates the unit must hold) in place of
staff.

**By kind** (SIM PKI | USB Token | RSSP) counts the certificates on the new model, so the
three columns add up to "đã được cấp" Tổ chức + Cá nhân.

A row's figures are its own plus those of its sub-units; a group (I, II) and the grand
total are sums. Certificates not assigned to any unit are not counted and are listed in
:attr:`PhuLucReport.unassigned`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from kyso.core.errors import KysoError
from kyso.core.inventory.store import CertificateRecord, FocalPerson, Inventory, Unit
from kyso.core.vntime import VN_TZ

UTC = dt.timezone.utc

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


class ReportError(KysoError):
    """A report cannot be computed, read, merged or written."""


# -- period ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A month (``2025-08``) or a quarter (``2025-Q3``)."""

    year: int
    month: int | None = None
    quarter: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2025-08`` | ``2025-Q3``; also the labels Kyso writes (``Tháng 08/2025``,
        ``Quý III/2025``)."""
        s = text.strip()
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", s):
            year, month = int(m[1]), int(m[2])
            if 1 <= month <= 12:
                return cls(year, month=month)
        if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", s):
            return cls(int(m[1]), quarter=int(m[2]))
        if m := re.fullmatch(r"(?i)th[áa]ng\s+(\d{1,2})\s*/\s*(\d{4})", s):
            month = int(m[1])
            if 1 <= month <= 12:
                return cls(int(m[2]), month=month)
        if m := re.fullmatch(r"(?i)qu[ýy]\s+(I{1,3}|IV|[1-4])\s*/\s*(\d{4})", s):
            q = m[1].upper()
            quarter = int(q) if q.isdigit() else {"I": 1, "II": 2, "III": 3, "IV": 4}[q]
            return cls(int(m[2]), quarter=quarter)
        raise ReportError(
            f"Kỳ báo cáo “{text}” không hợp lệ; ghi theo tháng (2025-08) hoặc quý (2025-Q3).",
            f"Invalid period “{text}”; write a month (2025-08) or a quarter (2025-Q3).",
            code="report_period",
        )

    @property
    def code(self) -> str:
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}-Q{self.quarter}"

    @property
    def first_day(self) -> dt.date:
        month = self.month if self.month is not None else 3 * (self.quarter or 1) - 2
        return dt.date(self.year, month, 1)

    @property
    def last_day(self) -> dt.date:
        last_month = self.month if self.month is not None else 3 * (self.quarter or 1)
        if last_month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, last_month + 1, 1) - dt.timedelta(days=1)

    @property
    def end(self) -> dt.datetime:
        """The last second of the period, Vietnam time."""
        return dt.datetime.combine(self.last_day, dt.time(23, 59, 59), VN_TZ)

    @property
    def label_vi(self) -> str:
        if self.month is not None:
            return f"Tháng {self.month:02d}/{self.year}"
        return f"Quý {roman(self.quarter or 1)}/{self.year}"

    @property
    def label_en(self) -> str:
        if self.month is not None:
            return f"{dt.date(self.year, self.month, 1):%B %Y}"
        return f"Q{self.quarter} {self.year}"

    def __str__(self) -> str:
        return self.code


# -- figures and rows --------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The eight numbers of one Phụ lục I row, in column order."""

    staff: int = 0
    issued_org: int = 0
    issued_person: int = 0
    needed_org: int = 0
    needed_person: int = 0
    sim_pki: int = 0
    usb_token: int = 0
    rssp: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def __sub__(self, other: Figures) -> Figures:
        return Figures(*(a - b for a, b in zip(self.values(), other.values(), strict=True)))

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    def is_negative(self) -> bool:
        return any(v < 0 for v in self.values())


@dataclass
class ReportRow:
    """A unit row: its own figures plus its sub-units'."""

    name: str
    own: Figures = field(default_factory=Figures)
    children: list[ReportRow] = field(default_factory=list)
    unit_id: int | None = None

    @property
    def figures(self) -> Figures:
        total = self.own
        for child in self.children:
            total = total + child.figures
        return total


@dataclass(frozen=True)
class NumberedRow:
    stt: str
    """``I``, ``1``, ``2.1``, ``2.1.1`` …"""
    level: int
    row: ReportRow


@dataclass(frozen=True)
class Directive:
    """The document that asked for the report: "Công văn số 4414/UBND-ĐMPT", its date and
    its issuer."""

    number: str
    """As written after "Kèm theo": "Công văn số 4414/UBND-ĐMPT", "Kế hoạch số 12/KH-UBND";
    a bare number ("4414/UBND-ĐMPT") is read as a Công văn."""
    date: str
    """"05/8/2025"; may be empty."""
    issuer: str
    """"Ủy ban nhân dân thành phố Hà Nội"."""

    @property
    def reference(self) -> str:
        number = " ".join(self.number.split())
        if number[:1].isdigit():
            number = f"Công văn số {number}"
        date = f" ngày {self.date.strip()}" if self.date.strip() else ""
        return f"(Kèm theo {number}{date} của {' '.join(self.issuer.split())})"


NEUTRAL_REFERENCE = (
    "(Theo Nghị định số 68/2024/NĐ-CP ngày 25/6/2024 của Chính phủ quy định về chữ ký số "
    "chuyên dùng công vụ)"
)
KNOWN_DIRECTIVES: dict[str, Directive] = {
    "Hà Nội": Directive(
        "Công văn số 4414/UBND-ĐMPT", "05/8/2025", "Ủy ban nhân dân thành phố Hà Nội"
    ),
}
"""Directives Kyso knows, by the new province's short name (the two-tier check's)."""


def directive_from_settings(values: Any) -> Directive | None:
    """The directive IT set (``phuluc_directive_*``), or None when number or issuer is
    empty."""
    number = str(getattr(values, "phuluc_directive_number", "") or "").strip()
    issuer = str(getattr(values, "phuluc_directive_issuer", "") or "").strip()
    if not number or not issuer:
        return None
    return Directive(number, str(getattr(values, "phuluc_directive_date", "") or ""), issuer)


def addressed_by_province(unit_name: str) -> bool:
    """Whether a province's own directive is addressed to the unit named ``unit_name``.

    Not for a central body or its local branch ("Cục Thuế thành phố Hà Nội", "Bảo hiểm xã
    hội thành phố Hà Nội", "Kho bạc Nhà nước …": the kind the two-tier check calls
    ``central``), a university or an academy (the Ministry's: "Trường Đại học Sư phạm Hà
    Nội"), nor the bodies with a line of their own — the Party's committees, the police,
    the military commands, the Fatherland Front and the mass organisations: they report up
    their own line, so Hà Nội's Công văn 4414 (the city's UBND's, addressed to its Sở, ban,
    ngành and UBND xã, phường) does not head their report. Nor the courts, the
    procuracies (the judiciary, independent of the UBND) and civil judgment enforcement
    (the Ministry of Justice's line): :data:`_OWN_LINE_STARTS`; nor a ministry's own unit
    ("Văn phòng Bộ Y tế", "Thanh tra Bộ", a "Cục …": :func:`_a_ministrys_unit`).
    """
    from kyso.core.subjects.admin_units import folded_words
    from kyso.core.subjects.bodies import CENTRAL, FRONT, MILITARY, PARTY, POLICE, body_kind

    if body_kind(unit_name) in (CENTRAL, PARTY, POLICE, MILITARY, FRONT):
        return False
    words = tuple(folded_words(unit_name)[:6])
    if any(words[: len(start)] == start for start in _OWN_LINE_STARTS):
        return False
    if _a_ministrys_unit(unit_name):
        return False
    return not (words[:3] == ("truong", "dai", "hoc") or words[:2] in _CENTRAL_SCHOOLS)


# A university's or an academy's first words (folded): the Ministry's, not the province's.
_CENTRAL_SCHOOLS = (("dai", "hoc"), ("hoc", "vien"))
# The first words (folded) of bodies outside the province's administration that the
# two-tier check reads as a province's agency: a court ("Tòa án nhân dân …", "TAND …"), a
# procuracy ("Viện Kiểm sát nhân dân …", "VKSND …"), civil judgment enforcement ("Thi hành
# án dân sự …", its Cục, its Chi cục).
_OWN_LINE_STARTS: tuple[tuple[str, ...], ...] = (
    ("toa", "an"),
    ("tand",),
    ("vien", "kiem", "sat"),
    ("vksnd",),
    ("thi", "hanh", "an"),
    ("cuc",),  # a Cục is a ministry's (or its Tổng cục's); a province has Chi cục
    ("chi", "cuc", "thi", "hanh", "an"),
)
# "Bộ" as a word of the name: a ministry ("Văn phòng Bộ Y tế", "Thanh tra Bộ"), unless it
# is "cán bộ" (staff) or "bộ phận" (a section: "Bộ phận Một cửa").
_MINISTRY = re.compile(r"(?<!cán )\bbộ\b(?! phận)")


def _a_ministrys_unit(unit_name: str) -> bool:
    """Whether ``unit_name`` names a ministry's own unit: "Bộ" written in it."""
    from kyso.core.subjects.normalize import clean

    return _MINISTRY.search(clean(unit_name).casefold()) is not None


def reference_for(
    directive: Directive | None, province: str | None, unit_name: str | None = None
) -> str:
    """The heading's reference line: the set directive, else the province's known one when
    it is addressed to the unit (:func:`addressed_by_province`), else the neutral one."""
    if directive is not None:
        return directive.reference
    if unit_name is not None and not addressed_by_province(unit_name):
        return NEUTRAL_REFERENCE
    known = KNOWN_DIRECTIVES.get(province or "")
    return known.reference if known is not None else NEUTRAL_REFERENCE


def unit_province(name: str, certificates: list[CertificateRecord]) -> str | None:
    """The reporting unit's province (new structure, short name) when it can be told.

    From the unit's own name ("UBND xã Sóc Sơn" says nothing; "Sở Y tế tỉnh Thái Bình"
    says Hưng Yên), else the province most of the inventory's certificates were placed in
    by the two-tier check. None when neither says.
    """
    from kyso.core.subjects.admin_units import load
    from kyso.core.subjects.places import CITY, PROVINCE, scan

    units = load()
    for mention in scan(name, units):
        if mention.level in (PROVINCE, CITY):
            province = units.province_by_key(mention.name_key)
            if province is not None:
                return province.new.short
    counts: dict[str, int] = {}
    for cert in certificates:
        new = ((cert.reform or {}).get("province") or {}).get("new")
        if new:
            counts[new] = counts.get(new, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    leaders = [p for p, n in counts.items() if n == best]
    return leaders[0] if len(leaders) == 1 else None


@dataclass
class PhuLucReport:
    unit_name: str
    period: Period
    groups: list[ReportRow]
    focal: FocalPerson | None = None
    as_of: dt.datetime | None = None
    """The moment the figures describe (validity is judged then)."""
    unassigned: list[str] = field(default_factory=list)
    """Subjects of certificates with no unit, which the figures leave out."""
    reference: str = NEUTRAL_REFERENCE
    """The heading's "(Kèm theo …)" line (see :func:`reference_for`)."""

    def rows(self) -> Iterator[NumberedRow]:
        """Every row in report order, numbered: groups ``I, II``, then ``1, 2``, ``2.1`` …"""
        for g, group in enumerate(self.groups, start=1):
            yield NumberedRow(roman(g), 0, group)
            yield from _numbered(group.children, "", 1)

    @property
    def total(self) -> Figures:
        total = Figures()
        for group in self.groups:
            total = total + group.figures
        return total


def _numbered(rows: list[ReportRow], prefix: str, level: int) -> Iterator[NumberedRow]:
    for i, row in enumerate(rows, start=1):
        stt = f"{prefix}{i}"
        yield NumberedRow(stt, level, row)
        yield from _numbered(row.children, f"{stt}.", level + 1)


# -- computing from the inventory --------------------------------------------------------


def counts_as_active(cert: CertificateRecord, at: dt.datetime, returning: set[int]) -> bool:
    """Whether a certificate counts in Phụ lục I at ``at`` (see the module docstring)."""
    if cert.id in returning or cert.is_expired(at):
        return False
    if cert.not_before is not None and cert.not_before > at:
        return False
    if cert.trust_status == "failed":
        return False
    return not (cert.holder_kind == "organization" and cert.reform_status == "unit_abolished")


@dataclass(frozen=True)
class UnitCounts:
    """What one unit itself holds (without sub-units), before the "cần cấp" formula."""

    issued_org: int = 0
    issued_person: int = 0
    change_org: int = 0
    change_person: int = 0
    sim_pki: int = 0
    usb_token: int = 0
    rssp: int = 0


def unit_counts(certs: list[CertificateRecord], at: dt.datetime, returning: set[int]) -> UnitCounts:
    issued = {"organization": 0, "person": 0}
    change = {"organization": 0, "person": 0}
    kinds = {"sim_pki": 0, "usb_token": 0, "rssp": 0}
    for cert in certs:
        if not counts_as_active(cert, at, returning):
            continue
        if cert.on_new_model:
            issued[cert.holder_kind] += 1
            kinds[cert.kind] += 1
        else:
            change[cert.holder_kind] += 1
    return UnitCounts(issued["organization"], issued["person"], change["organization"],
                      change["person"], kinds["sim_pki"], kinds["usb_token"], kinds["rssp"])


def unit_figures(unit: Unit, counts: UnitCounts) -> Figures:
    """The "cần cấp" formula of the module docstring, for one unit's own figures."""
    missing_person = max(0, unit.staff - counts.issued_person - counts.change_person)
    missing_org = max(0, unit.org_required - counts.issued_org - counts.change_org)
    return Figures(
        staff=unit.staff,
        issued_org=counts.issued_org,
        issued_person=counts.issued_person,
        needed_org=counts.change_org + missing_org,
        needed_person=counts.change_person + missing_person,
        sim_pki=counts.sim_pki,
        usb_token=counts.usb_token,
        rssp=counts.rssp,
    )


def aware(moment: dt.datetime) -> dt.datetime:
    """A naive time is taken as Vietnam time (what a user types)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def report_moment(period: Period, now: dt.datetime | None = None) -> dt.datetime:
    """The end of the period, or ``now`` when the period has not ended yet."""
    now = aware(now) if now else dt.datetime.now(UTC)
    return min(period.end, now)


def build_report(
    inventory: Inventory,
    period: Period | str,
    *,
    unit_name: str | None = None,
    as_of: dt.datetime | None = None,
    directive: Directive | None = None,
) -> PhuLucReport:
    """Phụ lục I of ``inventory`` for ``period``. ``unit_name`` defaults to the inventory's
    reporting unit; ``as_of`` to :func:`report_moment`; ``directive`` (from the settings,
    :func:`directive_from_settings`) to the unit's province's known one, else neutral."""
    if isinstance(period, str):
        period = Period.parse(period)
    at = aware(as_of) if as_of else report_moment(period)
    name = unit_name if unit_name is not None else inventory.reporting_unit_name
    if not name.strip():
        raise ReportError(
            "Chưa có tên đơn vị báo cáo; hãy nhập tên đơn vị (ví dụ “Sở Y tế”) trong phần "
            "Kiểm kê trước khi lập báo cáo.",
            "The reporting unit has no name; enter it (e.g. “Sở Y tế”) in the inventory "
            "before making the report.",
            code="report_no_unit",
        )
    if not inventory.children(None):
        raise ReportError(
            "Cây đơn vị còn trống; hãy thêm các nhóm và đơn vị (Sở, ban, ngành; UBND cấp xã) "
            "trước khi lập báo cáo.",
            "The unit tree is empty; add the groups and units before making the report.",
            code="report_no_units",
        )
    returning = {d.certificate_id for d in inventory.devices()}
    by_unit: dict[int | None, list[CertificateRecord]] = {}
    for cert in inventory.certificates():
        by_unit.setdefault(cert.unit_id, []).append(cert)

    def build(unit: Unit) -> ReportRow:
        counts = unit_counts(by_unit.get(unit.id, []), at, returning)
        children = [build(child) for child in inventory.children(unit.id)]
        return ReportRow(unit.name, unit_figures(unit, counts), children, unit.id)

    groups = [build(root) for root in inventory.children(None)]
    unassigned = [c.subject for c in by_unit.get(None, [])]
    every = [c for certs in by_unit.values() for c in certs]
    reference = reference_for(
        directive, None if directive else unit_province(name, every), name.strip()
    )
    return PhuLucReport(
        name.strip(), period, groups, inventory.focal_person(), at, unassigned, reference
    )
