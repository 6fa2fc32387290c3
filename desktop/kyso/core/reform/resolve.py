"""Which units a subject names: its provinces, district and commune, in the reform's table.

:class:`Resolver` is the half of the two-tier checker (:mod:`kyso.core.reform.check`) that
reads the places the subject's values mention (:mod:`kyso.core.subjects.places`, read into
:mod:`~kyso.core.reform.sources`) and pins each down in the table of administrative units
(:mod:`kyso.core.subjects.admin_units`): the province (weighing the unit's names against
L/ST), the district named first (a city below province level, a district dissolved before
2025, one written with its type before its upgrade, L naming a district by its name alone),
the commune named first (old or new, spelt as written). What it finds is kept in
:class:`_Resolved` (``self.r``); the reasons it gives on the way go to ``self.reasons``.
The verdict built on it, and the proposals, are :mod:`~kyso.core.reform.check`'s and
:mod:`~kyso.core.reform.proposals`'.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kyso.core.reform.result import Reason
from kyso.core.reform.sources import Source, _folded, read_sources
from kyso.core.reform.unit_reasons import listing as _listing
from kyso.core.subjects import bodies, places
from kyso.core.subjects.admin_units import (
    TYPE_KEYS,
    AdminUnits,
    FormerDistrict,
    NewCommune,
    OldCommune,
    OldDistrict,
    OldProvince,
    fold_words,
    spelling_key,
    split_type,
)
from kyso.core.subjects.holder import Holder
from kyso.core.subjects.places import (
    CITY,
    COMMUNE,
    DISTRICT,
    PROVINCE,
    Mention,
    words_of,
)

# A city's type word folded at the start of a CITY mention's name ("Thành ủy thành phố
# Thái Bình": the committee's word read as the type, "thành phố Thái Bình" as the name).
_CITY_WORDS = ("thanhpho", "tp")
_CITY_PAIR = ("thanh", "pho")

# The type keys of the commune level a commune may have had before its district's upgrade.
_COMMUNE_TYPES = frozenset(("xa", "phuong", "thitran"))
# The folded words that may start a commune's type word (see Resolver._unfound_commune).
_COMMUNE_WORDS = frozenset(("xa", "x", "phuong", "thi", "dac"))
# Where a commune's name written after its type word ends: a separator, a bracket.
_NAME_STOP = re.compile(r"\s[-–]\s|[,;()\[\]/]")

# The districts (of the reform's table, then those dissolved before it) a district
# mention may name, by everything the lookup reads: the table, the mention's type and
# name keys, the province already found. A district is named by many subjects (its
# communes' bodies, its people); the table never changes. Bounded; cleared by
# clear_caches(). Read only: callers keep the list as it is.
_districts: dict[tuple[Any, ...], list[OldDistrict | FormerDistrict]] = {}
_DISTRICTS_SIZE = 20_000


def clear_caches() -> None:
    """Forget the districts looked up so far (:func:`kyso.core.reform.check.clear_caches`)."""
    _districts.clear()


class _Resolved:
    """What the checker has found so far.

    A plain class: a value never set reads its default from the class, so each checker
    starts with its three lists alone rather than a dataclass' dozen assignments (a batch
    makes one per distinct verdict)."""

    province: OldProvince | None = None
    province_source: Source | None = None
    district: OldDistrict | FormerDistrict | None = None
    district_name: str | None = None
    district_at: tuple[Source, Mention] | None = None
    commune_at: tuple[Source, Mention] | None = None
    commune_is_new: bool = False
    successors: list[NewCommune] | None = None
    """The new communes that took over ``commune``, once read
    (:func:`kyso.core.reform.check._successors`)."""
    commune_not_found: str | None = None
    """The holder's commune as written ("xã Vũ Hộii") when the data has no such commune
    under the district named above it: the verdict is then unknown (never "abolished")."""

    def __init__(self) -> None:
        self.province_mentions: list[tuple[Source, Mention, OldProvince]] = []
        self.commune: list[OldCommune] = []
        self.new_commune_matches: list[NewCommune] = []


class Resolver:
    """Reading which units the subject names (mixed into ``_Checker`` before ``Proposer``).

    ``resolve_provinces``, then ``resolve_district`` and ``resolve_commune``, in that order:
    each reads what the one before found (``self.r``)."""

    say: Callable[[str, str], None]
    """Record a reason, Vietnamese and English (:meth:`Proposer.say`)."""

    def __init__(self, holder: Holder, units: AdminUnits) -> None:
        self.holder = holder
        self.units = units
        self.sources = read_sources(holder, units)
        self.reasons: list[Reason] = []
        self.r = _Resolved()

    # The first district and commune mentions (set by resolve_provinces).
    _first_district: tuple[Source, Mention] | None = None
    _first_commune: tuple[Source, Mention] | None = None

    def _in_several_provinces(self, mention: Mention, provinces: list[str]) -> None:
        """Say that the unit named exists in several provinces and none is written."""
        self.say(
            f"“{mention.written}” có ở nhiều tỉnh ({_listing(provinces)}); "
            "chứng thư không ghi rõ tỉnh.",
            f"“{mention.written}” exists in several provinces ({_listing(provinces)}); "
            "the certificate names no province.",
        )

    # -- provinces ---------------------------------------------------------------------
    def _city_as_province(self, mention: Mention) -> OldProvince | None:
        """A "thành phố X" mention: the province when X is a province-level city."""
        province = self.units.province_by_key(mention.name_key)
        if province is not None and province.is_city:
            return province
        if self.units.has_name("thanhpho", mention.name_key):
            return None  # a district-level city
        return province

    def _city_after_committee(self, source: Source, mention: Mention) -> Mention:
        """The city named after a committee's type word ("Thành ủy thành phố Thái Bình",
        "Thành đoàn TP Hà Tĩnh"): the scan read the committee's word as the city's type and
        "thành phố X" as the name. The city meant is "thành phố X": in a province that is a
        tỉnh, its district-level city (Thành phố Thái Bình), whose committee ended with the
        district level, never the province's own ("Tỉnh ủy Thái Bình"). The mention is read
        anew as "thành phố X" (in ``source.mentions`` too), with the committee before it
        (:func:`naming.committee_before`), as "Huyện ủy huyện Vũ Thư" is. A centrally-run
        city's ("Thành ủy thành phố Hải Phòng") stays the province's."""
        text = mention.text
        words = words_of(text[mention.name_start : mention.end])
        skip = 1 if words and words[0].key == "tp" else 2
        if len(words) <= skip or (skip == 2 and (words[0].key, words[1].key) != _CITY_PAIR):
            return mention
        name_key = "".join(w.key for w in words[skip:])
        if not self.units.has_name("thanhpho", name_key):
            return mention
        inner = Mention(
            CITY,
            "thanhpho",
            name_key,
            mention.name_start,
            mention.end,
            mention.name_start + words[skip].start,
            text,
        )
        if self._city_as_province(inner) is not None:
            return mention  # "Thành ủy thành phố Hải Phòng": the centrally-run city's own
        source.mentions = tuple(inner if m is mention else m for m in source.mentions)
        return inner

    def _province_of(self, mention: Mention) -> OldProvince | None:
        if mention.level == PROVINCE:
            return self.units.province_by_key(mention.name_key)
        if mention.level == CITY:
            return self._city_as_province(mention)
        return None

    def resolve_provinces(self) -> None:
        """The province; on the way, the first district and commune mentions (for
        :meth:`resolve_district` and :meth:`resolve_commune`: one pass over the mentions)."""
        # _province_of, inlined for the usual mentions (this runs on every verdict).
        by_key = self.units.province_by_key
        found = self.r.province_mentions
        first_district = first_commune = None
        for source in self.sources:
            for mention in source.mentions:
                level = mention.level
                if level == PROVINCE:
                    province = by_key(mention.name_key)
                elif level == CITY:
                    if mention.name_key.startswith(_CITY_WORDS):
                        mention = self._city_after_committee(source, mention)
                    province = self._city_as_province(mention)
                    if province is None and first_district is None:
                        first_district = (source, mention)  # a district-level city
                else:
                    if level == DISTRICT:
                        if first_district is None:
                            first_district = (source, mention)
                    elif level == COMMUNE and first_commune is None:
                        first_commune = (source, mention)
                    continue
                if province is not None:
                    found.append((source, mention, province))
        self._first_district = first_district
        self._first_commune = first_commune
        if len(found) > 1 and not found[-2][0].in_chain:
            self._locality_as_district(found)  # L and ST both name a province
        if len(found) < 2:
            # One place names a province (the usual L, or the unit's own name): it is the
            # province, with nothing to weigh it against.
            if found:
                self.r.province_source, _, self.r.province = found[0]
            return
        in_chain = []
        in_place = []
        bare = []
        for s, m, p in found:
            if s.in_chain:
                in_chain.append((s, p))
                if not m.type_key and s.kind not in bodies.RENAMED_BY_REFORM:
                    bare.append((s, m))
            else:
                in_place.append((s, p))
        if (
            bare
            and in_place
            and len(bare) == len(in_chain)
            and all(p.new is not in_place[0][1].new for _, p in in_chain)
        ):
            # Only a province's name written bare inside the name of an institution
            # ("Trường THCS Phú Thọ", a ward of TP Hồ Chí Minh; "Trường THCS Bình Dương", a
            # commune of Gia Lai), and L/ST names a province of another new province: the
            # place given explicitly is trusted. An agency or a committee is named after
            # its province ("Sở Y tế Thái Bình"), and L already on the new model ("Hưng
            # Yên" for Thái Bình) is no disagreement: the unit's name is read then.
            source, mention = bare[0]
            self.r.province_source, self.r.province = in_place[0]
            self.say(
                f"{source.key} “{source.text}” có tên “{mention.written}” nhưng "
                f"{in_place[0][0].key} ghi {in_place[0][1].name}: theo "
                f"{in_place[0][0].key} (tên đơn vị có thể là tên xã, phường trùng tên tỉnh).",
                f"{source.key} “{source.text}” has the name “{mention.written}” but "
                f"{in_place[0][0].key} says {in_place[0][1].name}: {in_place[0][0].key} is "
                "trusted (the unit may be named after a commune of the same name).",
            )
        elif in_chain:
            source, province = in_chain[0]
            self.r.province, self.r.province_source = province, source
            for other_source, other in in_place:
                if other is not province:
                    self.say(
                        f"{other_source.key} ghi “{other_source.text}” nhưng tên đơn vị "
                        f"(“{source.text}”) thuộc {province.name}: theo tên đơn vị.",
                        f"{other_source.key} says “{other_source.text}” but the unit's name "
                        f"(“{source.text}”) is in {province.name}: the unit's name is trusted.",
                    )
        elif in_place:
            self.r.province_source, self.r.province = in_place[0]

    def _locality_as_district(self, found: list[tuple[Source, Mention, OldProvince]]) -> None:
        """L naming by its name alone a district of the province ST names whose name is
        also another province's: "L=Quảng Ninh, ST=Quảng Bình" is Huyện Quảng Ninh of Quảng
        Bình, "L=Phù Yên, ST=Sơn La" Huyện Phù Yên, "L=Hòa Bình, ST=Bạc Liêu" Huyện Hòa Bình
        — not the province of that name, which made the verdict ignore ST (five districts
        are named so, alike once folded). L's province mention is dropped; L is then read
        as the district (or the new commune of that name) by
        :meth:`_bare_district_in_locality`, as any district named alone in L is."""
        locality = state = None
        for entry in found:
            if entry[0].key == "L":
                locality = entry
            elif entry[0].key == "ST":
                state = entry
        if locality is None or state is None:
            return
        source, mention, province = locality
        named = state[2]
        if mention.type_key or len(source.mentions) != 1 or province.new is named.new:
            return  # a typed "tỉnh …", or two names of one new province: no disagreement
        if not any(
            _district_candidates(self.units, "", mention.name_key, old) for old in named.new.old
        ):
            return
        found.remove(locality)
        source.mentions = ()

    # -- districts -----------------------------------------------------------------------
    def resolve_district(self) -> bool:
        """False when the district cannot be pinned down (the verdict is then unknown).

        The district named first: a district mention, or a "thành phố" that is not a
        province-level city (found by :meth:`resolve_provinces`)."""
        if self._first_district is None:
            self._first_district = self._bare_district_in_locality()
            if self._first_district is None:
                return True
        source, mention = self._first_district
        province = self.r.province
        candidates = _district_candidates(self.units, mention.type_key, mention.name_key, province)
        if not candidates and province is not None and not province.merged:
            # The new province's name ("L=Hưng Yên") with a district of a province merged
            # into it (Huyện Vũ Thư, old Thái Bình): that district, in its own province.
            candidates = [
                d
                for other in province.new.old
                if other is not province
                for d in _district_candidates(self.units, mention.type_key, mention.name_key, other)
            ]
            if len(candidates) == 1:
                self.r.province = province = candidates[0].province
        if not candidates and province is not None:
            anywhere = self.units.districts_by_key(mention.type_key, mention.name_key)
            self.say(
                f"Không có “{mention.written}” trong {province.name} "
                f"(có ở: {_listing(sorted({d.province.short for d in anywhere}))}).",
                f"No “{mention.written}” in {province.name} "
                f"(found in: {_listing(sorted({d.province.short for d in anywhere}))}).",
            )
            return False
        if len(candidates) > 1:
            candidates = self._narrow_districts(candidates, mention)
        if len(candidates) > 1:
            provinces = sorted({d.province.short for d in candidates})
            self._in_several_provinces(mention, provinces)
            return False
        district = candidates[0]
        self.r.district, self.r.district_at = district, (source, mention)
        if isinstance(district, FormerDistrict):
            self.r.district_name = name = former_district_name(district, mention)
            self.say(
                f"“{name}” đã giải thể trước 2025, địa bàn nay thuộc "
                f"{_listing([d.name for d in district.parts])}.",
                f"“{name}” was dissolved before 2025; its area went to "
                f"{_listing([d.name for d in district.parts])}.",
            )
        else:
            self.r.district_name = district.name
            if mention.type_key and TYPE_KEYS[district.kind] != mention.type_key:
                # Written with its type before its upgrade ("huyện Thủy Nguyên"); a name
                # alone ("L=Vũ Thư") is written with no type, upgraded or not.
                self.say(
                    f"“{mention.written}” là tên trước khi nâng cấp của {district.name} "
                    f"({district.province.name}).",
                    f"“{mention.written}” is the name {district.name} "
                    f"({district.province.name}) had before its upgrade.",
                )
        if self.r.province is None:
            self.r.province = district.province
            self.say(
                f"Tỉnh suy ra từ {district_label(district, mention)}: {district.province.name}.",
                f"Province inferred from {district_label(district, mention)}: "
                f"{district.province.name}.",
            )
        return True

    def _narrow_districts(
        self, candidates: list[OldDistrict | FormerDistrict], mention: Mention
    ) -> list[OldDistrict | FormerDistrict]:
        """Among districts of one name, the one meant, when something tells.

        The commune named, when only one of them had it ("xã Mường Lống, huyện Kỳ Sơn" is
        Nghệ An's, not the Kỳ Sơn of Hòa Bình merged away in 2019); else a district that
        lived until 2025 and agrees with the name as written beats one dissolved before
        (whose old name is only known folded): "huyện Tân Thạnh" is Long An's, not the
        former "huyện Tân Thành" of Bà Rịa - Vũng Tàu. Asked only of an ambiguous name."""
        if self._first_commune is not None:
            c_mention = self._first_commune[1]
            holding = [
                d
                for d in candidates
                if any(
                    self.units.communes_by_key(
                        c_mention.type_key, c_mention.name_key, district=part
                    )
                    for part in (d.parts if isinstance(d, FormerDistrict) else (d,))
                )
            ]
            if len(holding) == 1:
                return holding
        real = [d for d in candidates if isinstance(d, OldDistrict)]
        if len(real) == len(candidates):
            return _prefer_written(candidates, mention)
        written = mention.written_name
        spelt = [d for d in real if spelling_key(d.short) == spelling_key(written)]
        return spelt or [d for d in real if places.marks_agree(written, d.short)] or candidates

    def _bare_district_in_locality(self) -> tuple[Source, Mention] | None:
        """L naming a district by its name alone ("L=Kim Động, ST=Hưng Yên"), as a mention
        of it; None when L is not that.

        L names no place the scan knows (no type word, not a province) and the province
        (from ST or the unit's names) had a district of that name, spelt alike; and either
        no new commune of the province has that name, or the province named no longer
        exists (ST=Thái Bình: the subject predates the reform, so "L=Vũ Thư" is the old
        district, not the new "Xã Vũ Thư" of Hưng Yên). Asked only when no district is
        named otherwise: one look-up."""
        province = self.r.province
        if province is None:
            return None
        for source in self.sources:
            if source.key == "L":
                break
        else:
            return None
        text = source.text
        if source.mentions:
            # "L=Vũ Thư, Thái Bình": the name alone before the province named after it.
            piece = self._piece_before_province(source)
            if piece is None:
                return None
            start, written = piece
        else:
            written = text.strip()
            start = text.index(written) if written else 0
        key = "".join(_folded(written))
        if not key:
            return None
        districts = [
            d
            for d in _district_candidates(self.units, "", key, province)
            if places.marks_agree(written, d.short)
        ]
        if not districts and not province.merged:
            # The new province's name ("ST=Hưng Yên") with a district of a province merged
            # into it ("L=Vũ Thư", old Thái Bình), as resolve_district reads a typed one.
            districts = [
                d
                for other in province.new.old
                if other is not province
                for d in _district_candidates(self.units, "", key, other)
                if places.marks_agree(written, d.short)
            ]
        if len(districts) != 1:
            return None
        if (
            not province.merged
            and any(
                places.marks_agree(written, c.short)
                for c in self.units.new_communes_by_key("", key, province.new)
            )
            and not self._names_old_commune_of(districts[0], key)
        ):
            # The new commune of that name ("L=Vũ Thư, ST=Hưng Yên"), unless the unit names
            # an old commune of the district ("CN=UBND xã Vũ Hội, L=Vũ Thư"): then the
            # subject predates the reform and L is that commune's district.
            return None
        return source, Mention(DISTRICT, "", key, start, start + len(written), start, text)

    def _piece_before_province(self, source: Source) -> tuple[int, str] | None:
        """The last piece, between separators, of a place value before the province it
        names ("Vũ Hội, Vũ Thư, Thái Bình" -> "Vũ Thư"), with where it starts; None when
        the value names anything but provinces or has nothing before them."""
        if any(self._province_of(m) is None for m in source.mentions):
            return None
        text = source.text
        pos, end = 0, source.mentions[0].start
        found = None
        for stop in [*_NAME_STOP.finditer(text, 0, end), None]:
            stop_at = end if stop is None else stop.start()
            piece = text[pos:stop_at].strip()
            if piece:
                found = (text.index(piece, pos), piece)
            if stop is not None:
                pos = stop.end()
        return found

    def _names_old_commune_of(self, district: OldDistrict | FormerDistrict, l_key: str) -> bool:
        """Whether the commune the unit names first is an old commune of ``district``, and
        the subject cannot be read on the new model instead: an organization's L (folded
        ``l_key``, the district's name alone) names another commune than the unit's
        ("CN=UBND xã Quang Trung, L=Hòa An, Cao Bằng": no new-model organization puts
        another commune in L, while Xã Quang Trung of Huyện Hòa An is what an old one
        says), or the unit's commune is no new commune of the new province ("UBND xã Vũ
        Hội" of Huyện Vũ Thư)."""
        if self._first_commune is None or not isinstance(district, OldDistrict):
            return False
        source, mention = self._first_commune
        if not source.in_chain:
            return False
        if not self.units.communes_by_key(mention.type_key, mention.name_key, district=district):
            return False
        if mention.name_key != l_key and self.holder.kind != "person":
            # a person's L may be the commune they live in, not their unit's (works for xã
            # Trung Giã, lives in xã Sóc Sơn): for them the kept name still leaves it open
            return True
        written = mention.written_name
        return not any(
            places.marks_agree(written, c.short)
            for c in self.units.new_communes_by_key(
                mention.type_key, mention.name_key, district.province.new
            )
        )

    # -- communes ------------------------------------------------------------------------
    def resolve_commune(self) -> bool:
        """The commune named first (found by :meth:`resolve_provinces`); False when the
        province is left ambiguous (the verdict is then unknown)."""
        if self._first_commune is None:
            self._first_commune = self._commune_before_upgrade()
            if self._first_commune is None:
                return True
        source, mention = self._first_commune
        district = self.r.district if isinstance(self.r.district, OldDistrict) else None
        province = self.r.province
        old = self.units.communes_by_key(
            mention.type_key, mention.name_key, province=province, district=district
        )
        if district is not None and not old and self._read_before_upgrade(district):
            # The district written with its type before its upgrade ("huyện Thủy Nguyên"):
            # its communes too ("xã Lập Lễ" is its Phường Lập Lễ), before any other
            # district's commune of that name (Xã Hòa Bình of Huyện Vĩnh Bảo).
            old = [
                c
                for c in self.units.communes_by_key("", mention.name_key, district=district)
                if TYPE_KEYS[c.kind] in _COMMUNE_TYPES
            ]
            if old:
                self.say(
                    f"“{mention.written}” là tên trước khi nâng cấp của {old[0].name} "
                    f"({district.name}).",
                    f"“{mention.written}” is the name {old[0].name} ({district.name}) had "
                    "before its upgrade.",
                )
        elsewhere = False
        if district is not None and not old:
            # None of that name in the district named: the province's, said below (the
            # district named may be wrong, or the commune's name).
            old = self.units.communes_by_key(mention.type_key, mention.name_key, province=province)
            elsewhere = bool(old)
        new_province = province.new if province is not None else None
        new = self.units.new_communes_by_key(mention.type_key, mention.name_key, new_province)
        if district is None and province is not None:
            old = _as_written_in_new_province(self.units, old, new, mention, province)
        old, new = _prefer_written_jointly(old, new, mention)
        self.r.commune_at = (source, mention)
        if province is None:
            provinces = sorted({c.province.short for c in old} | {c.province.short for c in new})
            if len(provinces) == 1 and old:
                self.r.province = old[0].province
            elif len(provinces) == 1 and new:
                self.r.province = new[0].province.old[0]
            else:
                self._in_several_provinces(mention, provinces)
                return False
            new_province = self.r.province.new
            new = [c for c in new if c.province is new_province]
            old = [c for c in old if c.province is self.r.province]
        named_district = self.r.district is not None
        if new and (not old or (not named_district and not (province and province.merged))):
            self.r.commune_is_new = True
            self.r.new_commune_matches = new
            return True
        if not old:
            return True
        self.r.commune = old
        if elsewhere and district is not None:
            self._commune_of_another_district(mention, district)
        if len(old) > 1 and self.units.alias_of(old[0], mention.type_key, mention.name_key):
            # An old name of communes merged into several: none is told as the one
            # (the verdict lists them all as the communes the name may be).
            places_ = _listing([f"{c.name} ({c.district.name})" for c in old])
            self.say(
                f"“{mention.written}” là tên cũ của {len(old)} đơn vị đã được sáp nhập trước "
                f"năm 2025, nay thuộc: {places_}.",
                f"“{mention.written}” is an old name of {len(old)} units merged before 2025, "
                f"now part of: {places_}.",
            )
        elif self.units.alias_of(old[0], mention.type_key, mention.name_key):
            c = old[0]
            if fold_words(c.short) == fold_words(mention.written_name):  # "xã" -> "Phường"
                vi, en = "đã được chuyển thành", "had become"
            else:
                vi, en = "đã được sáp nhập vào", "had been merged into"
            self.say(
                f"“{mention.written}” {vi} {c.name} ({c.district.name}) trước năm 2025.",
                f"“{mention.written}” {en} {c.name} ({c.district.name}) before 2025.",
            )
        return True

    def _commune_of_another_district(self, mention: Mention, district: OldDistrict) -> None:
        """Say that the commune named is not the named district's: "xã Vũ Hội" under
        "Thành ủy thành phố Thái Bình" or "UBND thành phố Thái Bình" is Xã Vũ Hội of Huyện
        Vũ Thư. The commune is the province's of that name (its successor is proposed, and
        the district's body becomes the province's, whichever district it was); the clerk
        is told to check the unit's name, which may be mistyped."""
        at = self.r.district_at
        assert at is not None
        where = f"{at[0].key} “{at[0].text}”"
        found = _listing([f"{c.name} ({c.district.name})" for c in self.r.commune])
        many = len(self.r.commune) > 1
        self.say(
            f"“{mention.written}” không thuộc {district.name} ({where}): theo dữ liệu đơn vị "
            f"hành chính, {'các đơn vị' if many else 'đơn vị'} cùng tên trong "
            f"{district.province.name} là {found}. Đề xuất dưới đây theo "
            f"{'các đơn vị' if many else 'đơn vị'} đó; kiểm tra lại tên xã và huyện ghi trên "
            "chứng thư.",
            f"“{mention.written}” is not in {district.name} ({where}): in the data of "
            f"administrative units, {'the units' if many else 'the unit'} of that name in "
            f"{district.province.name} {'are' if many else 'is'} {found}. The proposals below "
            f"follow {'them' if many else 'it'}; check the commune's and the district's names "
            "on the certificate.",
        )

    def _commune_before_upgrade(self) -> tuple[Source, Mention] | None:
        """The commune named with the type it had before its district's upgrade, as a
        mention of it, when the district was named so too: "xã Lập Lễ" under "huyện Thủy
        Nguyên" (Phường Lập Lễ of Thành phố Thủy Nguyên), which the place scan does not
        read (no "Xã Lập Lễ" anywhere). None otherwise; asked only then."""
        district, at = self.r.district, self.r.district_at
        if not isinstance(district, OldDistrict) or at is None:
            return None
        if not self._read_before_upgrade(district):
            return None
        written = self._unfound_commune(*at)
        if written is None:
            return None
        type_word, name = split_type(written)
        type_key = TYPE_KEYS.get(type_word, "")
        name_key = "".join(_folded(name))
        if type_key not in _COMMUNE_TYPES or not name_key:
            return None
        if not any(
            TYPE_KEYS[c.kind] in _COMMUNE_TYPES
            for c in self.units.communes_by_key("", name_key, district=district)
        ):
            return None
        for source in self.sources:
            start = source.text.find(written)
            if start >= 0 and source.in_chain:
                name_start = start + len(written) - len(name)
                end = start + len(written)
                return source, Mention(
                    COMMUNE, type_key, name_key, start, end, name_start, source.text
                )
        return None

    def _read_before_upgrade(self, district: OldDistrict) -> bool:
        """Whether ``district`` was named with the type it had before its upgrade."""
        at = self.r.district_at
        type_key = at[1].type_key if at is not None else ""
        return bool(type_key) and type_key != TYPE_KEYS[district.kind]

    def _unfound_commune(self, d_source: Source, d_mention: Mention) -> str | None:
        """The commune the holder's unit names below the district, as written ("xã Vũ
        Hộii"), when no commune was found for it; None when it names none.

        Read only where the verdict would otherwise be "unit abolished": the holder's own
        unit is then a commune's ("UBND xã …" under "UBND huyện …"), which the data does
        not have (a typo, a misread, an unknown name), not the district's. A written-out
        type word ("xã", "phường", "thị trấn", "đặc khu") or "X." followed by a name; not
        "thị xã", "hợp tác xã", "xã hội"."""
        r = self.r
        if r.commune or r.commune_is_new:
            return None
        for s in self.sources:
            if not s.in_chain or s.rank > d_source.rank:
                continue
            if _COMMUNE_WORDS.isdisjoint(_folded(s.text)):
                continue  # the usual office ("Phòng Tài chính"): no commune's type word
            end = d_mention.start if s is d_source else len(s.text)
            words = places.words_of(s.text[:end])
            for i, word in enumerate(words[:-1]):
                key = word.key
                after = words[i + 1]
                if key == "xa":
                    before = words[i - 1].key if i else ""
                    if before in ("thi", "tac") or after.key == "hoi":
                        continue
                elif key == "x":
                    if s.text[word.end : word.end + 1] != ".":
                        continue
                elif (key == "thi" and after.key == "tran") or (
                    key == "dac" and after.key == "khu"
                ):
                    if i + 2 >= len(words):
                        continue
                    after = words[i + 2]
                elif key != "phuong":
                    continue
                stop = _NAME_STOP.search(s.text, after.start, end)
                name_end = stop.start() if stop is not None else end
                return s.text[word.start : name_end].strip()
        return None


def _district_candidates(
    units: AdminUnits, type_key: str, name_key: str, province: OldProvince | None
) -> list[OldDistrict | FormerDistrict]:
    key = (units, type_key, name_key, province)
    found = _districts.get(key)
    if found is None:
        found = [
            *units.districts_by_key(type_key, name_key, province),
            *units.former_districts_by_key(type_key, name_key, province),
        ]
        if len(_districts) >= _DISTRICTS_SIZE:
            _districts.clear()
        _districts[key] = found
    return found


def district_label(district: OldDistrict | FormerDistrict, mention: Mention) -> str:
    if isinstance(district, OldDistrict):
        return f"{district.name} ({district.province.name})"
    return f"“{former_district_name(district, mention)}” ({district.province.name})"


_TYPE_WORDS = {key: word for word, key in TYPE_KEYS.items()}


def former_district_name(district: FormerDistrict, mention: Mention) -> str:
    """The name of a district dissolved before 2025 (the table keeps only its folded key):
    its type word, and its name as written with each word capitalised — "Huyện Hoành Bồ"
    for "UBND HUYỆN HOÀNH BỒ" and for "Huyện ủy Hoành Bồ", "Thị xã Cửa Lò" for "Thị ủy
    Cửa Lò", as other districts are named by their own names."""
    type_key = district.key[: len(district.key) - len(mention.name_key)]
    word = _TYPE_WORDS.get(type_key) or _TYPE_WORDS.get(mention.type_key, "")
    name = " ".join(w[:1].upper() + w[1:].lower() for w in mention.written_name.split())
    return f"{word} {name}".strip()


def _prefer_written(units: list[Any], mention: Mention) -> list[Any]:
    """Among units whose names fold alike ("Tân Hòa", "Tân Hoa"), keep those spelt as written."""
    if len(units) < 2:
        return units
    written = spelling_key(mention.written_name)
    same = [u for u in units if spelling_key(u.short) == written]
    return same or units


def _as_written_in_new_province(
    units: AdminUnits,
    old: list[OldCommune],
    new: list[NewCommune],
    mention: Mention,
    province: OldProvince,
) -> list[OldCommune]:
    """``old``, or the old communes of the other provinces merged into the same new one
    spelt as written when no commune found is: "xã Việt Hùng, ST=Hưng Yên" is Xã Việt Hùng
    (Huyện Vũ Thư) of old Thái Bình, now in Hưng Yên — not Xã Việt Hưng of old Hưng Yên,
    whose name only folds alike. Diacritics-folded matching is for a name written without
    diacritics (ASCII-folded), or when nothing is spelt as written."""
    written = mention.written_name
    if written.isascii() or len(province.new.old) < 2:
        return old
    found: tuple[OldCommune | NewCommune, ...] = (*old, *new)
    lowered = written.lower()
    for unit in found:
        if unit.short.lower() == lowered:  # the usual answer, without spelling keys
            return old
    spelt = spelling_key(written)
    for unit in found:
        if spelling_key(unit.short) == spelt or places.marks_agree(written, unit.short):
            return old
    for commune in old:
        if units.alias_of(commune, mention.type_key, mention.name_key):
            return old  # the old name of a commune of the province written (folded alike)
    wider = [
        c
        for other in province.new.old
        if other is not province
        for c in units.communes_by_key(mention.type_key, mention.name_key, province=other)
        if places.marks_agree(written, c.short)
    ]
    return wider or old


def _prefer_written_jointly(
    old: list[OldCommune], new: list[NewCommune], mention: Mention
) -> tuple[list[OldCommune], list[NewCommune]]:
    """:func:`_prefer_written` over old and new communes together: the tone marks as
    written pick the unit. "xã Hạ Trung" is the old commune, not the new "Xã Hà Trung" of
    the same province; the folded match counts only when no unit is spelt as written
    (an ASCII-folded or mistyped name)."""
    if not old or not new:
        return _prefer_written(old, mention), _prefer_written(new, mention)
    name = mention.written_name
    for u in old:
        if u.short != name:
            break
    else:
        for u in new:
            if u.short != name:
                break
        else:
            # Every unit spelt exactly as written (the usual answer): the spelling keys
            # agree without being computed.
            return old, new
    written = spelling_key(name)
    same_old = [u for u in old if spelling_key(u.short) == written]
    same_new = [u for u in new if spelling_key(u.short) == written]
    if same_old or same_new:
        return same_old, same_new
    return old, new
