"""Each certificate against the two-tier structure in force since 1 July 2025.

:func:`check_subject` reads a subject (see :mod:`kyso.core.subjects.holder`), finds the places its
unit names mention (:mod:`kyso.core.subjects.places`), resolves them in the table of administrative
units (:mod:`kyso.core.subjects.admin_units`; :mod:`~kyso.core.reform.resolve`) and gives a
verdict a clerk can read:

- ``current``: already on the new model (or not tied to a local place, e.g. a ministry;
  a ministry's L is still the holder's locality: one naming a province or district that no
  longer exists is proposed anew, L alone, the body's name kept);
- ``needs_change``: a *change of information* on the existing certificate (Mẫu 04,
  NĐ 68/2024) through dichvucong.ca.gov.vn, at the focal point of any province merged into
  the new one (Công văn 393/BCY-CTSBMTT, items 2–3); the new values are proposed;
- ``unit_abolished``: a district-level body. Its organization certificate is revoked and the
  device returned (item 6); its people get a change of information to the unit they work in
  now, picked from :func:`kyso.core.subjects.admin_units.new_communes_of`;
- ``check_with_unit``: a body in the chain whose new name the reform's texts do not give:
  an institution (school, hospital, company…) or a central body's local unit, which keep
  their names unless their own decision renames them, or a department Nghị định 45/2025
  merged into another, whose successor's exact name varies by province. No name is invented
  for it: the old place and the new province are shown, and the clerk checks with the unit;
- ``unknown``: the subject names no place the table knows, or names it ambiguously; or
  the holder's commune under an abolished district is not in the table (a typo, a misread:
  never taken for the district, whose body's certificate would be revoked).

Never is a new certificate advised for an outdated one. :meth:`ReformResult.to_json` is the
contract of ``kyso check --json`` (the trust check and the inventory build on it).

Values are normalised as they are read (NFC, spaces, dashes, tone placement); each body
keeps its kind in the proposals (UBND → UBND, HĐND → HĐND, Huyện ủy → Tỉnh ủy/Thành ủy,
Mặt trận → Mặt trận); central bodies are never bound to a province. The pieces:
:mod:`~kyso.core.reform.sources` (what may name a place, with body kinds),
:mod:`~kyso.core.reform.resolve` (which units the places are), this module (the verdict,
the verdicts shared among holders, the entry points), :mod:`~kyso.core.reform.proposals`
and :mod:`~kyso.core.reform.naming` (writing the new values), :mod:`~kyso.core.reform.result`.
"""

from __future__ import annotations

from typing import Any

from cryptography import x509

from kyso.core.reform import naming, proposals, resolve, unit_reasons
from kyso.core.reform.naming import lower_kind, render, style, type_style
from kyso.core.reform.proposals import Proposer
from kyso.core.reform.resolve import _NAME_STOP, Resolver, district_label
from kyso.core.reform.result import (
    CHECK_WITH_UNIT,
    CURRENT,
    NEEDS_CHANGE,
    UNIT_ABOLISHED,
    UNKNOWN,
    Reason,
    ReformResult,
)
from kyso.core.reform.sources import Source, _folded, _starts_with
from kyso.core.reform.unit_reasons import listing as _listing
from kyso.core.subjects import bodies, body_words, places
from kyso.core.subjects import holder as subjects
from kyso.core.subjects.admin_units import (
    AdminUnits,
    FormerDistrict,
    NewCommune,
    NewProvince,
    OldCommune,
    OldDistrict,
    fold_words,
    load,
)
from kyso.core.subjects.holder import Holder, names_a_body, read_holder
from kyso.core.subjects.places import (
    CITY,
    COMMUNE,
    DISTRICT,
    Mention,
)

# Old names of a province that was renamed, not merged: Tỉnh Thừa Thiên Huế became
# Thành phố Huế on 1/1/2025 (Nghị quyết 175/2024/QH15).
_RENAMED = frozenset(("thuathienhue", "tinhthuathienhue", "tthue"))

# Bodies of a district that end with it (its own offices), by their first folded words.
_DISTRICT_OFFICES = tuple(
    tuple(fold_words(w))
    for w in (
        "UBND",
        "Ủy ban nhân dân",
        "Uỷ ban nhân dân",
        "HĐND",
        "Hội đồng nhân dân",
        "Phòng",
        "Văn phòng",
        "Thanh tra",
        "Huyện ủy",
        "Huyện uỷ",
        "Quận ủy",
        "Quận uỷ",
        "Thị ủy",
        "Thị uỷ",
        "Thành ủy",
        "Thành uỷ",
        "Ban",
        "Ủy ban kiểm tra",
        "Uỷ ban kiểm tra",
        "Mặt trận",
        "Ủy ban MTTQ",
        "Uỷ ban MTTQ",
        "UBMTTQ",
    )
)
# Central bodies, not tied to a local place.
_CENTRAL_BODIES = tuple(
    tuple(fold_words(w))
    for w in (
        "Bộ",
        "Tổng cục",
        "Văn phòng Chính phủ",
        "Chính phủ",
        "Ban Cơ yếu",
        "Quốc hội",
        "Văn phòng Quốc hội",
        "Văn phòng Chủ tịch nước",
        "Tòa án nhân dân tối cao",
        "Toà án nhân dân tối cao",
        "Viện kiểm sát nhân dân tối cao",
        "Kiểm toán nhà nước",
        "Ngân hàng Nhà nước",
        "Ban Chấp hành Trung ương",
        "Văn phòng Trung ương",
        "Kho bạc Nhà nước",
        "Bảo hiểm xã hội Việt Nam",
        "Thông tấn xã Việt Nam",
        "Đài Truyền hình Việt Nam",
        "Đài Tiếng nói Việt Nam",
        "Học viện",
    )
)


def clear_caches() -> None:
    """Forget every name read so far, here and below (for benchmarks of a cold start)."""
    _verdicts.clear()
    resolve.clear_caches()
    _names.clear()
    _abolished_reasons.clear()
    _folded.cache_clear()
    naming.clear_caches()
    proposals.clear_caches()
    unit_reasons.clear_caches()
    places.clear_caches()
    subjects.clear_caches()
    bodies.clear_caches()
    body_words.clear_caches()


class _Checker(Resolver, Proposer):
    """The two-tier check of one holder: the units named (:class:`Resolver`), then the
    verdict (:meth:`run`) and its proposals (:class:`Proposer`)."""

    # -- verdict -------------------------------------------------------------------------
    def run(self) -> ReformResult:
        holder = self.holder
        result = ReformResult(status=UNKNOWN, holder=holder)
        if not holder.attributes:
            self.say("Chứng thư không có thông tin chủ thể đọc được.", "The subject is empty.")
            result.reasons = self.reasons
            return result
        if holder.unreadable:
            keys = ", ".join(dict.fromkeys(holder.unreadable))
            self.say(
                f"{keys} có ký tự không đọc được (U+FFFD: văn bản không phải UTF-8), đã bỏ ký "
                "tự đó khi đọc nên có thể thiếu chữ: kiểm tra lại với chứng thư gốc.",
                f"{keys} had an unreadable character (U+FFFD: text that was not UTF-8), dropped "
                "when read, so a letter may be missing: check against the certificate.",
            )
        # The chain's first (own) unit, whether a central body is in it and whether it
        # names a place: one pass.
        own = None
        central = named = False
        for s in self.sources:
            if not s.in_chain:
                continue
            if own is None:
                own = s
            if s.kind == bodies.CENTRAL:
                central = True
            if s.mentions:
                named = True
        # Shown as its own line's kind (a school's Party cell: party); renaming reads
        # own.kind (the school's: kept).
        result.body_kind = bodies.own_kind(own.text) if own is not None else bodies.OTHER
        central = central and not named
        if central and not self._place_mentions():
            # A ministry, a central Party or mass-organisation body: the reform of local
            # government does not touch its name. But L is the holder's locality (domain.md
            # §3, L=<province>): when it names a place, it is read below like anyone's, and
            # a province or district that no longer exists is proposed anew (L alone).
            return self._central_current(result, len(self.reasons))
        said = len(self.reasons)
        self.resolve_provinces()
        if not self.resolve_district() or not self.resolve_commune():
            if central:
                return self._central_current(result, said)  # L not pinned down
            result.reasons = self.reasons
            return result
        r = self.r
        if r.province is None:
            chain = [s.text for s in self.sources if s.in_chain]
            if central or any(_starts_with(t, _CENTRAL_BODIES) for t in chain):
                return self._central_current(result, said)
            else:
                self.say(
                    "Chứng thư không ghi tỉnh, huyện hay xã nào có trong dữ liệu "
                    "đơn vị hành chính.",
                    "The subject names no province, district or commune found in the data set.",
                )
                for s in self.sources:
                    merged = self._merged(s) if s.in_chain else None
                    if merged is not None:
                        # A fact that needs no place: the department no longer exists
                        # under its name (NĐ 45/2025), whatever province it was in.
                        self.say(
                            f"{s.key} “{s.text}”: {merged.reason_vi}",
                            f"{s.key} “{s.text}”: {merged.reason_en}",
                        )
            result.reasons = self.reasons
            return result
        province = r.province
        new_province = province.new
        result.new_province = new_province
        result.province_old = province.short
        result.province_new = new_province.short
        if r.district is not None:
            result.district_old = r.district_name
            result.district_successors = list(_names_of(r.district.successors))
            if r.district_at is not None:
                result.district_attribute = r.district_at[0].key
        if r.commune:
            result.commune_old = r.commune[0].name
            r.successors = successors = _successors(r.commune)
            result.commune_new = (
                [successors[0].name] if len(successors) == 1 else [c.name for c in successors]
            )
        elif r.commune_is_new and r.commune_at is not None:
            result.commune_old = r.new_commune_matches[0].name
            result.commune_new = [r.new_commune_matches[0].name]

        changes = False
        renamed = []
        for s, m, p in r.province_mentions:
            if m.name_key in _RENAMED and p is province:  # rare: a loop, no comprehension
                renamed.append((s, m))
        if renamed and not province.merged:
            changes = True
            self.say(
                f"“{renamed[0][1].written}” nay là {new_province.name} (từ 01/01/2025, Nghị quyết "
                "175/2024/QH15).",
                f"“{renamed[0][1].written}” is now {new_province.name} (since 1 January 2025, "
                "Resolution 175/2024/QH15).",
            )
            for source, mention in renamed:
                if mention.type_key == "":
                    self._replace(result, source, mention.start, mention.end, new_province.short)
                else:
                    replacement = render(new_province.kind, new_province.short, mention)
                    self._replace(result, source, mention.start, mention.end, replacement)
        if province.merged:
            changes = True
            self.reasons.append(unit_reasons.merged(province))
            self._propose_provinces(result)
        elif r.district is None and not r.commune and not renamed:
            self.reasons.append(unit_reasons.unchanged(province))
        if r.commune_is_new and r.commune_at is not None:
            self.say(
                f"“{r.commune_at[1].written}” là đơn vị cấp xã theo mô hình mới "
                f"({r.new_commune_matches[0].name}, {new_province.name}).",
                f"“{r.commune_at[1].written}” is a commune of the new structure "
                f"({r.new_commune_matches[0].name}, {new_province.name}).",
            )

        abolished = False
        if r.district is not None and r.district_at is not None:
            changes = True
            if r.district_at[0].in_chain:
                abolished = self._district_verdict(result)
            else:
                # Only L/ST names the district: the holder's locality, not a parent body.
                self.reasons.append(_abolished(r.district, r.district_at[1]))
                if r.commune and r.commune_at is not None:
                    self._commune_change(result)
            if r.commune_not_found is not None:
                # The holder's commune is not in the data: nothing is proposed until the
                # unit's name is checked (the province's change alone would file a request
                # that keeps a commune nobody could find).
                result.proposed.clear()
                result.reasons = self.reasons
                return result
            if not abolished or self.holder.kind == "person":  # else: revoked, nothing proposed
                self._locality_of_district(result)
        elif r.commune and r.commune_at is not None:
            changes = self._commune_change(result) or changes
            self._drop_bare_district_after_commune(result)

        merged: set[str] = set()
        held = []
        for s in self.sources:
            if (
                s.in_chain
                and bodies.merged_department(s.text) is not None
                and self._merged(s) is not None  # with its parent: a council's Ban goes on
            ):
                # Merged into another department (NĐ 45/2025): no name of it is proposed.
                s.held = True
                merged.add(s.key)
                result.proposed.pop(s.key, None)
            if s.held:
                held.append(s)
        if abolished:
            result.status = UNIT_ABOLISHED
        elif held:
            result.status = CHECK_WITH_UNIT
            # A merged department is not kept: its new name is asked (ReformResult).
            result.kept_names = [s.key for s in held if s.key not in merged]
            result.merged_names = [s.key for s in held if s.key in merged]
            self._check_with_unit(held, province, new_province)
        elif changes:
            result.status = NEEDS_CHANGE
        else:
            result.status = CURRENT
            self.reasons.append(unit_reasons.ALREADY_CURRENT)
        if central:
            if result.status == CURRENT:
                return self._central_current(result, said)
            # L names a province (or district) that no longer exists: L alone is proposed,
            # the central body's name stays (nothing in the chain names a place).
            self.reasons.append(unit_reasons.CENTRAL_BODY_KEEPS_ITS_NAME)
        if result.status != CURRENT:
            result.file_at = list(unit_reasons.filing(new_province)[0])
            self._recommend(result)
        result.reasons = self.reasons
        return result

    def _place_mentions(self) -> bool:
        """Whether L or ST names a place the table knows."""
        for s in self.sources:
            if not s.in_chain and s.mentions:
                return True
        return False

    def _central_current(self, result: ReformResult, said: int) -> ReformResult:
        """A central body whose L names no outdated place: ``current``, with the reasons
        said before the places were read (``said`` of them) and why."""
        del self.reasons[said:]
        self.reasons.append(unit_reasons.CENTRAL_BODY)
        # Nothing of the place read is kept: the verdict is the body's, as without L.
        return ReformResult(
            status=CURRENT, holder=self.holder, reasons=self.reasons, body_kind=result.body_kind
        )

    def _committee_part(self, text: str, mention: Mention) -> bool:
        """Whether ``text`` names a part of a Party or Youth Union committee written just
        before the district's name ("Ban Thường vụ Huyện ủy huyện Vũ Thư"), or as the
        district's own type word ("Ban Thường vụ Huyện đoàn Vũ Thư"): its province's
        committee of the same line takes it over ("Ban Thường vụ Tỉnh ủy Hưng Yên"), never
        the province's People's Committee."""
        assert self.r.province is not None
        kind = self.r.province.new.kind
        for at in (mention.start, mention.name_start):
            committee = naming.committee_before(text, at)
            if committee is not None and naming.province_committee(kind, committee) is not None:
                return True
        return False

    def _district_verdict(self, result: ReformResult) -> bool:
        """Reasons and proposals for a named district; True when the holder's unit ends."""
        r = self.r
        assert r.district is not None and r.district_at is not None
        d_source, d_mention = r.district_at
        self.reasons.append(_abolished(r.district, d_mention))
        commune_below = r.commune_at is not None and (
            r.commune_at[0].rank < d_source.rank
            or (r.commune_at[0] is d_source and r.commune_at[1].start < d_mention.start)
        )
        if commune_below and (r.commune or r.commune_is_new):
            if r.commune:
                self._commune_change(result)
            above = False
            for s, _, _ in r.province_mentions:
                if s.in_chain and s.rank > d_source.rank:
                    above = True
                    break
            if r.commune_at is not None and d_source is r.commune_at[0]:
                self._drop_district_in(result, d_source, d_mention)
            elif d_source.kind in bodies.NOT_RENAMED:  # not d_source.renamable
                d_source.held = True  # a central body's district branch keeps its name
            elif self._commune_body_parent(result, d_source):
                pass
            elif d_source.kind == bodies.MILITARY:
                # What replaced a district's military command is not in the reform's texts:
                # checked with the unit, never the People's Committee as its parent.
                d_source.held = True
            elif above:
                self._drop_district_level(result, d_source)
            elif self.r.province is not None and (
                d_source.kind in bodies.PARENT_KINDS
                or self._committee_part(d_source.text, d_mention)
            ):
                self._parent_of_commune(result, d_source, d_mention)
            elif _starts_with(d_source.text, _DISTRICT_OFFICES):
                if self.r.province is not None:
                    new_body = "UBND " + lower_kind(self.r.province.new.name)
                    result.proposed[d_source.key] = style(d_source.text, new_body)
                    self.say(
                        f"Cấp xã nay trực thuộc cấp tỉnh: {d_source.key} “{d_source.text}” → "
                        f"“{new_body}”.",
                        f"Communes now report to the province: {d_source.key} "
                        f"“{d_source.text}” → “{new_body}”.",
                    )
            return False
        if not d_source.renamable or d_source.kind == bodies.MILITARY:
            # An institution or a central body's unit named after the district ("Trung tâm
            # Y tế huyện Vũ Thư", "Chi cục Thuế huyện …") goes on under its own name; what
            # replaced a district's military command is not in the reform's texts. Neither
            # is called abolished nor renamed: checked with the unit.
            d_source.held = True
            return False
        own = [s for s in self.sources if s.in_chain and s.rank <= d_source.rank]
        # The district's own bodies and their parts ("Tổ Một cửa, Văn phòng HĐND và UBND,
        # UBND huyện …") end with it; a school or a health centre under it goes on.
        offices_only = all(
            (s.renamable and s.kind != bodies.CENTRAL)
            and (s is d_source or s.kind != bodies.OTHER or not s.mentions)
            for s in own
        ) and (
            d_source.kind != bodies.OTHER
            or _starts_with(d_source.text, _DISTRICT_OFFICES)
            # the district's own name, whole ("CN=Huyện Vũ Thư"): the district's body
            or (d_mention.start == 0 and d_mention.end == len(d_source.text))
        )
        if offices_only:
            unfound = self._unfound_commune(d_source, d_mention)
            if unfound is not None:
                self._commune_not_found(unfound)
                return False
        if self.holder.kind == "person":
            if offices_only:
                self.reasons.append(
                    unit_reasons.person_of_abolished_district(r.district.province.new)
                )
                self._propose_provinces(result, only_place=False)
                # The attribute naming the district ("O=UBND huyện Vũ Thư - tỉnh Thái
                # Bình") names the unit picked once it is (propose_unit): until then no
                # value of it is proposed — "UBND huyện Vũ Thư - tỉnh Hưng Yên" names a
                # district that ended the day Thái Bình joined Hưng Yên.
                d_source.edits = []
                result.proposed.pop(d_source.key, None)
                return True
        elif offices_only:
            result.proposed.clear()
            self.reasons.append(unit_reasons.REVOKE_DISTRICT_CERTIFICATE)
            return True
        self.say(
            f"Đơn vị vẫn hoạt động nhưng cơ quan chủ quản cấp huyện ({d_source.key} "
            f"“{d_source.text}”) không còn: chọn đơn vị chủ quản mới theo mô hình mới.",
            f"The unit continues but its district-level parent ({d_source.key} "
            f"“{d_source.text}”) is gone: pick its new parent in the new structure.",
        )
        if d_source.in_chain and d_source.rank > 0:
            # The GUI and the exports offer the communes that took the district over.
            result.parent_attribute = d_source.key
            # The district's own offices between the unit and its old parent ("OU=Phòng
            # GD&ĐT" above a school, under "O=UBND huyện …") are gone with the district.
            self._drop_district_offices(result, d_source, lowest=1)
        return False

    def _commune_not_found(self, written: str) -> None:
        """Say that the holder's commune ``written`` is not in the data: the verdict is
        unknown, the district's new communes are named for the clerk to pick."""
        r = self.r
        assert r.district is not None
        r.commune_not_found = written
        where = r.district.name if isinstance(r.district, OldDistrict) else r.district_name
        choices = _listing(list(_names_of(r.district.successors)))
        self.say(
            f"Không tìm thấy “{written}” trong dữ liệu đơn vị hành chính ({where}, "
            f"{r.district.province.name}): tên có thể viết sai hoặc đọc sai. Đơn vị của chủ "
            "thể là đơn vị cấp xã, không phải cơ quan cấp huyện: không đề nghị thu hồi chứng "
            "thư. Kiểm tra lại tên đơn vị rồi chọn đơn vị cấp xã mới trong các đơn vị đã nhận "
            f"địa bàn {where}: {choices}.",
            f"“{written}” is not in the data of administrative units ({where}, "
            f"{r.district.province.name}): the name may be mistyped or misread. The holder's "
            "unit is a commune's, not a district body: revocation is not advised. Check the "
            f"unit's name, then pick the new commune among those that took {where} over: "
            f"{choices}.",
        )

    def _drop_district_offices(self, result: ReformResult, d_source: Source, lowest: int) -> None:
        """Drop the district's own offices below ``d_source`` in the chain (rank ``lowest``
        up): "OU=Phòng GD&ĐT" above a school, "OU=Phòng Tài chính - Kế hoạch" of a person
        who now works for a commune. The district's offices ended with the district
        (1/7/2025); kept under the new parent they would name a unit that does not exist (a
        commune's offices are not the district's)."""
        for s in self.sources:
            if (
                s.in_chain
                and lowest <= s.rank < d_source.rank
                and not s.mentions
                and s.kind == bodies.AGENCY
                and _starts_with(s.text, _DISTRICT_OFFICES)
            ):
                self._drop_district_level(result, s)

    def _locality_of_district(self, result: ReformResult) -> None:
        """L or ST naming the abolished district ("L=TP Vinh", "ST=Thái Bình, L=Vũ Thư"):
        L names the province now (domain.md §3: L=<province>); under an ST that names the
        province, L (the lower level) names the holder's new commune when it is one."""
        r = self.r
        assert r.district is not None and r.district_at is not None
        d_mention = r.district_at[1]
        d_key = d_mention.name_key
        for source in self.sources:
            if source.in_chain:
                continue
            if source.mentions:
                for m in source.mentions:
                    if m.name_key == d_key:
                        break
                else:
                    # The usual L: a province (nothing of the district's name); or the
                    # district by its name alone before it ("Vũ Thư, Thái Bình"): dropped.
                    piece = self._piece_before_province(source)
                    if isinstance(r.district, OldDistrict) and piece is not None:
                        start, written = piece
                        if "".join(_folded(written)) == d_key and places.marks_agree(
                            written, r.district.short
                        ):
                            bare = Mention(
                                DISTRICT,
                                "",
                                d_key,
                                start,
                                start + len(written),
                                start,
                                source.text,
                            )
                            self._drop_district_in(result, source, bare)
                    continue
                at = [
                    m
                    for m in source.mentions
                    if m.name_key == d_mention.name_key
                    and m.level in (DISTRICT, CITY)
                    and self._province_of(m) is None
                ]
                if not at:
                    continue  # the usual L: a province
                if any(self._province_of(m) is not None for m in source.mentions):
                    self._drop_district_in(result, source, at[0])  # "Vũ Thư, Thái Bình"
                    continue
            else:
                district = r.district
                if not isinstance(district, OldDistrict):
                    continue
                if _folded(source.text) != _folded(district.short):
                    continue
                at = []  # "L=Vũ Thư": the district's name alone
            value = self._locality_value(source, at[0] if at else None)
            # The whole value is written anew: an edit inside it (the commune's own
            # rename) would be applied again under it ("Phường Bàn Cờuận 3").
            source.edits = []
            self._replace(result, source, 0, len(source.text), value)
            if source.key in result.proposed:
                self.say(
                    f"{source.key} “{source.text}” ghi đơn vị cấp huyện đã kết thúc hoạt động: "
                    f"{source.key} ghi “{result.proposed[source.key]}”.",
                    f"{source.key} “{source.text}” names an abolished district: "
                    f"{source.key} becomes “{result.proposed[source.key]}”.",
                )

    def _locality_value(self, source: Source, mention: Mention | None) -> str:
        r = self.r
        assert r.district is not None
        new_province = r.district.province.new
        if source.key != "L" or not any(
            self._province_of(m) is not None
            for s in self.sources
            if s.key == "ST"
            for m in s.mentions
        ):
            return new_province.short
        successors = {s.name: s for c in r.commune for s in c.successors}
        if r.commune_is_new and r.new_commune_matches:
            successors = {r.new_commune_matches[0].name: r.new_commune_matches[0]}
        if len(successors) != 1:
            return new_province.short
        new = next(iter(successors.values()))
        if r.commune_at is not None and r.commune_at[0] is source:
            mention = r.commune_at[1]  # written as the commune was, not as the district
        return render(new.kind, new.short, mention) if mention is not None else new.short

    def _drop_bare_district_after_commune(self, result: ReformResult) -> None:
        """The commune's old district written by its name alone after it, in the same value
        ("UBND xã Vũ Hội (Vũ Thư - Thái Bình)", "xã Vũ Hội, Vũ Thư, Thái Bình"): dropped as
        a typed one is (:meth:`_drop_district_in`), never kept beside the new commune and
        province ("Vũ Thư" is now Xã Vũ Thư's name). Asked only when no district is named
        otherwise; the words between the commune and the next place named are read, piece
        by piece between separators, for the district's name spelt alike."""
        r = self.r
        assert r.commune_at is not None
        district = r.commune[0].district
        if any(c.district is not district for c in r.commune):
            return  # old communes of several districts: which one is written is unsure
        source, mention = r.commune_at
        if not source.edits:
            return  # nothing proposed for the value: nothing to tidy
        text = source.text
        lo, hi = mention.end, len(text)
        for m in source.mentions:
            if m.start >= lo:
                hi = min(hi, m.start)
        want = "".join(_folded(district.short))
        pos = lo
        for stop in [*_NAME_STOP.finditer(text, lo, hi), None]:
            end = hi if stop is None else stop.start()
            piece = text[pos:end].strip()
            if (
                piece
                and "".join(_folded(piece)) == want
                and places.marks_agree(piece, district.short)
            ):
                start = text.index(piece, pos)
                bare = Mention(DISTRICT, "", want, start, start + len(piece), start, text)
                self._drop_district_in(result, source, bare)
                return
            if stop is not None:
                pos = stop.end()

    def _commune_change(self, result: ReformResult) -> bool:
        r = self.r
        assert r.commune_at is not None
        source, mention = r.commune_at
        olds = r.commune
        successors = r.successors or _successors(olds)  # run has them already
        if len(olds) > 1:
            # Each old unit by its own name: two of one district differ only in their marks
            # ("xa Truc Hung": Xã Trực Hưng, Xã Trực Hùng), the district alone tells none.
            named = _listing([f"{c.name} ({c.district.name})" for c in olds])
            self.say(
                f"“{mention.written}” ứng với {len(olds)} đơn vị cũ cùng tên "
                f"({named}); các đơn vị mới có thể là: "
                f"{_listing([s.name for s in successors])}; hãy chọn đơn vị đúng.",
                f"“{mention.written}” matches {len(olds)} old units of that name "
                f"({named}); the new unit may be: "
                f"{_listing([s.name for s in successors])}; pick the right one.",
            )
        old = olds[0]
        if len(successors) == 1:
            new = successors[0]
            if new.short == old.short and new.kind == old.kind and r.district is None:
                if not self.r.province or not self.r.province.merged:
                    return False
            self.reasons.append(unit_reasons.commune_renamed(old, new))
            # Every attribute naming the commune ("CN=Trường Tiểu học xã Vũ Hội, O=UBND xã
            # Vũ Hội"): the school keeps its name, its People's Committee is the new one's.
            name_key, type_key = mention.name_key, mention.type_key
            for other in self.sources:
                for m in other.mentions:
                    if m.name_key != name_key or m.level != COMMUNE or m.type_key != type_key:
                        continue  # most mentions: another place (the name compared first)
                    if other is source and m is not mention:
                        continue
                    self._replace(result, other, m.start, m.end, render(new.kind, new.short, m))
        else:
            if len(olds) == 1:  # several old units: their successors are listed above
                self.say(
                    f"{old.name} ({old.district.name}) đã được chia cho nhiều đơn vị mới: "
                    f"{_listing([s.name for s in successors])}; hãy chọn đơn vị đúng.",
                    f"{old.name} ({old.district.name}) was split among several new communes: "
                    f"{_listing([s.name for s in successors])}; pick the right one.",
                )
            # Which one is asked (pick_unit), for a split commune as for a name that is
            # several old ones: proposing none would file a request that keeps a commune
            # that no longer exists.
            result.split_attribute = source.key
            result.split_homonyms = len(olds) > 1
        return True


def _successors(olds: list[OldCommune]) -> list[NewCommune]:
    """The new communes that took over ``olds``, each once, in order."""
    if len(olds) == 1:
        found = olds[0].successors
        if len(found) == 1:  # the usual commune: one successor, nothing to deduplicate
            return [found[0]]
        return list(dict.fromkeys(found))  # NewCommune: equal only to itself
    successors: list[NewCommune] = []
    for c in olds:
        for s in c.successors:
            if s not in successors:
                successors.append(s)
    return successors


# The names of a list of units of the table — a district's successors — by that list's
# identity: the table's lists never change
# once loaded, and each entry keeps its list alive (its id is not reused while kept).
# Bounded; cleared by clear_caches().
_names: dict[int, tuple[Any, tuple[str, ...]]] = {}
_NAMES_SIZE = 20_000


def _names_of(units: Any) -> tuple[str, ...]:
    """``tuple(u.name for u in units)``, once per list of the table."""
    return _per_list(_names, units, "name")


def _per_list(
    cache: dict[int, tuple[Any, tuple[str, ...]]], units: Any, attribute: str
) -> tuple[str, ...]:
    found = cache.get(id(units))
    if found is None or found[0] is not units:
        if len(cache) >= _NAMES_SIZE:
            cache.clear()
        found = cache[id(units)] = (units, tuple([getattr(u, attribute) for u in units]))
    return found[1]


def _abolished(district: OldDistrict | FormerDistrict, mention: Mention) -> Reason:
    """:func:`unit_reasons.district_abolished` with the district's label. A district of the
    table is labelled by its own names alone: its reason is found by the district, without
    writing the label again for each of its communes' bodies (bounded; clear_caches())."""
    if not isinstance(district, OldDistrict):
        return unit_reasons.district_abolished(district, district_label(district, mention))
    found = _abolished_reasons.get(district)
    if found is None:
        found = unit_reasons.district_abolished(district, district_label(district, mention))
        if len(_abolished_reasons) >= _NAMES_SIZE:
            _abolished_reasons.clear()
        _abolished_reasons[district] = found
    return found


_abolished_reasons: dict[OldDistrict, Reason] = {}

# Verdicts by what the check reads of a holder (kind, the unit chain, the place): people of
# one unit share it, so an inventory is mostly checked once per unit. Bounded; cleared by
# clear_caches().
_verdicts: dict[tuple[Any, ...], ReformResult] = {}
_VERDICTS_SIZE = 20_000


def _verdict_key(holder: Holder, units: AdminUnits) -> tuple[Any, ...]:
    """Everything :class:`_Checker` reads of ``holder`` (see :func:`_sources`)."""
    cn_is_source = bool(holder.name) and (
        holder.kind == "organization" or (holder.kind == "unknown" and names_a_body(holder.name))
    )
    return (
        units,
        holder.kind,
        holder.name if cn_is_source else None,
        holder.ous,
        tuple([a.value for a in holder.attributes if a.key == "O"]),
        holder.locality,
        holder.state,
        not holder.attributes,
        holder.unreadable,
    )


class _ByCase(dict):  # type: ignore[type-arg]
    """Verdicts of one key by :func:`_context_case`: kept for a key whose verdict took a
    proposal's case from the subject's values together (``Proposer.read_case``)."""


def _context_case(holder: Holder) -> bool | None:
    """The case of the subject's values together, as a proposal reads it when the text it
    replaces tells none ("P.1", "Q.3": :meth:`Proposer._case_context`). It reads a person's
    CN, E and UID, which :func:`_verdict_key` leaves out: a verdict that read it is shared
    only by holders of the same answer (:func:`shared_verdict`)."""
    context = " ".join([a.value for a in holder.attributes if a.key != "C"])
    if context.upper() != context:
        return False  # a lower-case letter: written_upper's own first answer, faster
    return naming._all_upper(context)


def _for_holder(verdict: ReformResult, holder: Holder) -> ReformResult:
    """A copy of a shared verdict for ``holder`` (callers may change their copy).

    Every field is listed (faster than dataclasses.replace); a test checks none is missed.
    The copy knows its verdict, to share its JSON text (:meth:`ReformResult.json_text`).
    """
    copy = ReformResult(
        status=verdict.status,
        holder=holder,
        province_old=verdict.province_old,
        province_new=verdict.province_new,
        district_old=verdict.district_old,
        commune_old=verdict.commune_old,
        commune_new=list(verdict.commune_new),
        proposed=dict(verdict.proposed),
        file_at=list(verdict.file_at),
        reasons=list(verdict.reasons),
        district_successors=list(verdict.district_successors),
        new_province=verdict.new_province,
        district_attribute=verdict.district_attribute,
        body_kind=verdict.body_kind,
        kept_names=list(verdict.kept_names),
        merged_names=list(verdict.merged_names),
        parent_attribute=verdict.parent_attribute,
        split_attribute=verdict.split_attribute,
        split_homonyms=verdict.split_homonyms,
    )
    copy.__dict__["_shared"] = verdict
    return copy


def shared_verdict(holder: Holder, units: AdminUnits | None = None) -> ReformResult:
    """The verdict every holder that reads like ``holder`` shares (see :func:`_verdict_key`).

    Read it, never change it: it is the one kept for them all. Its JSON text is encoded
    once (:meth:`ReformResult.shared_json_text`). Raises what the check raises;
    :func:`check_holder` turns that into an ``unknown`` verdict.
    """
    units = units or load()
    key = _verdict_key(holder, units)
    verdict = _verdicts.get(key)
    if verdict is None or type(verdict) is _ByCase:
        # Whether the check reads the case of the whole subject depends on the key alone
        # (a replaced text that tells no case is a keyed value's): the key's first verdict
        # says whether its holders must also agree on that case.
        by_case = verdict
        if by_case is not None:
            case = _context_case(holder)
            verdict = by_case.get(case)
            if verdict is not None:
                return verdict
        checker = _Checker(holder, units)
        verdict = checker.run()
        if len(_verdicts) >= _VERDICTS_SIZE:
            _verdicts.clear()
            by_case = None
        if checker.read_case:
            if by_case is None:
                by_case = _verdicts[key] = _ByCase()
            by_case[_context_case(holder)] = verdict
        else:
            _verdicts[key] = verdict
    return verdict


def check_holder(holder: Holder, units: AdminUnits | None = None) -> ReformResult:
    """The verdict for an already-read holder (a copy of its own: callers may change it)."""
    try:
        return _for_holder(shared_verdict(holder, units), holder)
    except Exception as exc:  # a subject never crashes the check: report unknown
        return unanalysable(holder, exc)


def unanalysable(holder: Holder, exc: Exception) -> ReformResult:
    """The ``unknown`` verdict of a subject the check failed on (never a crash)."""
    return ReformResult(
        status=UNKNOWN,
        holder=holder,
        reasons=[
            Reason(
                f"Không phân tích được thông tin chủ thể ({type(exc).__name__}).",
                f"The subject could not be analysed ({type(exc).__name__}).",
            )
        ],
    )


def check_subject(
    subject: x509.Name | str | None, email: str | None = None, *, units: AdminUnits | None = None
) -> ReformResult:
    """Check a subject (Name or RFC 4514 string) against the two-tier structure."""
    return check_holder(read_holder(subject, email), units)


def propose_unit(
    result: ReformResult, unit: str, *, units: AdminUnits | None = None
) -> dict[str, str]:
    """The proposed values once the holder has picked the unit they work in now.

    For a commune split among several new ones (``split_attribute``): ``unit`` is one of
    them (``commune_new``), which every mention of the old commune names instead. For a
    person of an abolished district body (``unit_abolished``): ``unit`` is a commune
    of the new structure as listed by :func:`kyso.core.subjects.admin_units.new_communes_of`
    ("Xã Vũ Thư"); the attribute that named the district ("OU=UBND huyện Vũ Thư") names it
    instead ("UBND xã Vũ Thư"), on top of the other proposals (province, locality). For a
    unit whose district parent is gone (``parent_attribute``: "O=Phòng GD&ĐT huyện Vũ
    Thư" above a school), that attribute becomes the picked commune's People's Committee.
    Without a district in the subject the proposals are returned unchanged.
    """
    checker = _Checker(result.holder, units or load())
    checked = checker.run()
    if checked.split_attribute is not None and checked.pick_unit == checked.split_attribute:
        return _propose_split(checker, checked, unit)
    at = checker.r.district_at
    if at is None or not unit.strip():
        return dict(checked.proposed)
    source, mention = at
    unit = " ".join(unit.split())
    if checked.parent_attribute is not None and source.key == checked.parent_attribute:
        # An institution's new parent: the People's Committee of the commune picked (a
        # district's "Phòng GD&ĐT huyện …" is gone with it, not renamed).
        checked.proposed[source.key] = style(source.text, "UBND " + lower_kind(unit))
        return dict(checked.proposed)
    replacement = lower_kind(unit) if mention.start > 0 else unit
    start = mention.start
    how = type_style(mention.text[mention.start : mention.name_start].strip())
    committee = naming.committee_before(source.text, start) if how == "full" else None
    if how in _PICKED_BODIES:
        # "Quận đoàn Ba Đình", "Huyện ủy Vũ Thư": the type word is the body (the Youth
        # Union's, the Party's committee), kept for the commune picked ("Đoàn phường Ba
        # Đình", "Đảng ủy xã Vũ Thư"), as "UBND huyện …" gives "UBND xã …".
        replacement = f"{_PICKED_BODIES[how]} {lower_kind(unit)}"
    elif committee is not None:
        # "Huyện ủy huyện Vũ Thư", "Quận đoàn Quận 1": the same, the committee written
        # before the district's own name ("Đảng ủy xã Vũ Thư", not "Huyện ủy xã Vũ Thư").
        start = committee.start
        replacement = f"{_PICKED_BODIES[committee.line]} {lower_kind(unit)}"
    checker._replace(checked, source, start, mention.end, replacement)
    if checked.status == UNIT_ABOLISHED:
        # The province written beside the district ("UBND huyện Vũ Thư - tỉnh Thái Bình"),
        # left as written until the unit was picked: the new one beside the unit picked.
        checker._propose_provinces(checked, only=source)
        # The person's office of the district ("OU=Phòng Tài chính - Kế hoạch, OU=UBND
        # huyện …") went with the district, as a school's Phòng GD&ĐT does: the picked
        # commune is the unit worked in now, not a parent of the district's office.
        checker._drop_district_offices(checked, source, lowest=0)
    return dict(checked.proposed)


def _propose_split(checker: _Checker, checked: ReformResult, unit: str) -> dict[str, str]:
    """:func:`propose_unit` for a split commune: every mention of the old commune names the
    new one picked (one of ``checked.commune_new``), written as the commune was ("UBND xã
    Nhị Thành" -> "UBND xã Thủ Thừa"). A name that is none of them proposes nothing more."""
    r = checker.r
    unit = " ".join(unit.split())
    picked = next((s for s in r.successors if s.name == unit), None)
    if picked is None or r.commune_at is None:
        return dict(checked.proposed)
    mention = r.commune_at[1]
    for source in checker.sources:
        for m in source.mentions:
            if (m.level, m.name_key, m.type_key) == (COMMUNE, mention.name_key, mention.type_key):
                checker._replace(
                    checked, source, m.start, m.end, render(picked.kind, picked.short, m)
                )
    return dict(checked.proposed)


# A district's Party committee or Youth Union committee, written as one type word ("Huyện
# ủy", "Quận đoàn"), by naming.type_style: the commune's body of the same kind.
_PICKED_BODIES = {"party": "Đảng ủy", "youth": "Đoàn"}


def province_choices() -> list[str]:
    """The 34 provinces of the new structure (short names), for pickers."""
    return [p.short for p in load().new_provinces]


__all__ = [
    "CURRENT",
    "NEEDS_CHANGE",
    "UNIT_ABOLISHED",
    "UNKNOWN",
    "Reason",
    "ReformResult",
    "check_holder",
    "check_subject",
    "shared_verdict",
    "province_choices",
    "propose_unit",
    "NewProvince",
]
