"""Writing the proposals of the two-tier check: the new values of the subject's attributes.

:class:`Proposer` is the half of the checker that edits attributes once the places are
mapped (:mod:`kyso.core.reform.check`): a replacement is recorded against the original
text and applied right to left, in the written style (:mod:`kyso.core.reform.naming`),
the body's words kept before the place spelt with their marks when typed without them
(:mod:`kyso.core.subjects.body_words`); an institution's or a central body's name is
never edited (it is *held*, and the verdict becomes ``check_with_unit``); a commune body's
district parent becomes the province's body of the same kind (a commune school's, its
commune's People's Committee; a district's military command is checked with the unit); a
district attribute between the commune's and the province's is dropped; the filing advice
follows Công văn 393.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kyso.core.reform import unit_reasons
from kyso.core.reform.naming import (
    _all_upper,
    committee_before,
    lower_kind,
    province_committee,
    render,
    style,
)
from kyso.core.reform.result import UNIT_ABOLISHED, Reason, ReformResult
from kyso.core.reform.sources import Source
from kyso.core.subjects import bodies, body_words
from kyso.core.subjects.admin_units import NewProvince, OldProvince
from kyso.core.subjects.holder import Holder
from kyso.core.subjects.places import CITY, PROVINCE, Mention

if TYPE_CHECKING:
    from kyso.core.reform.resolve import _Resolved


# What sets a district apart inside a value ("xã … - huyện …", "xã …, huyện …", "xã
# …/huyện …", "xã … (huyện …)"): dropped with it.
_SEPARATORS = " ,-–/;"
_OPENING = "(["
_CLOSING = ")]"


# _parent_of_commune's answers: (the edits, the proposed value or None, the reason or None)
# by everything it reads of a value nothing was proposed for yet. Bounded; cleared by
# clear_caches().
_Parent = tuple[tuple[tuple[int, int, str], ...], str | None, Reason | None]
_parents: dict[tuple[object, ...], _Parent] = {}
_PARENTS_SIZE = 20_000


def clear_caches() -> None:
    _parents.clear()


class Proposer:
    """Proposal-writing steps of the checker (mixed into ``_Checker``)."""

    holder: Holder
    sources: list[Source]
    reasons: list[Reason]
    r: _Resolved
    _province_of: Callable[[Mention], OldProvince | None]
    """The old province a mention names (the checker's mapping step)."""
    read_case = False
    """Whether a proposal took its case from the subject's values together
    (:meth:`_case_context`): then the verdict is shared only with holders whose values
    read in the same case."""

    def say(self, vi: str, en: str) -> None:
        self.reasons.append(Reason(vi, en))

    def _check_with_unit(
        self, held: list[Source], province: OldProvince, new_province: NewProvince
    ) -> None:
        where_vi = f"Địa bàn cũ: {province.name}; nay thuộc {new_province.name}."
        where_en = f"Old place: {province.name}; now in {new_province.name}."
        for source in held:
            merged = self._merged(source)
            if merged is not None:
                self.say(
                    f"{source.key} “{source.text}”: {merged.reason_vi} {where_vi}",
                    f"{source.key} “{source.text}”: {merged.reason_en} {where_en}",
                )
            elif source.kind == bodies.CENTRAL:
                self.say(
                    f"{source.key} “{source.text}” là cơ quan trung ương hoặc đơn vị của cơ quan "
                    "trung ương đặt tại địa phương: việc sắp xếp đơn vị hành chính địa phương "
                    "không đổi tên đơn vị này; tên mới (nếu có) theo quyết định của cơ quan "
                    f"trung ương. Kiểm tra với đơn vị. {where_vi}",
                    f"{source.key} “{source.text}” is a central body or a central body's local "
                    "unit: the reform of local government does not rename it; a new name, if "
                    f"any, comes from the central body's decision. Check with the unit. {where_en}",
                )
            elif source.kind == bodies.MILITARY:
                self.say(
                    f"{source.key} “{source.text}” là cơ quan quân sự cấp huyện: các văn bản "
                    "về sắp xếp đơn vị hành chính không quy định cơ quan nào thay thế, nên không "
                    "đề xuất tên mới, cũng không lấy UBND làm đơn vị chủ quản. Kiểm tra với đơn "
                    f"vị (Bộ Chỉ huy Quân sự tỉnh). {where_vi}",
                    f"{source.key} “{source.text}” is a district's military command: the "
                    "reform's texts do not say what replaced it, so no new name is proposed, "
                    "nor a People's Committee as its parent. Check with the unit (the "
                    f"provincial military command). {where_en}",
                )
            else:
                self.say(
                    f"{source.key} “{source.text}” là tên một đơn vị sự nghiệp hoặc doanh "
                    "nghiệp: việc sắp xếp đơn vị hành chính không đổi tên đơn vị này; tên mới "
                    "(nếu có) theo quyết định của chính đơn vị. Kiểm tra với đơn vị. "
                    f"{where_vi}",
                    f"{source.key} “{source.text}” names an institution or enterprise: the "
                    "reform does not rename it; a new name, if any, comes from its own "
                    f"decision. Check with the unit. {where_en}",
                )

    def _replace(
        self, result: ReformResult, source: Source, start: int, end: int, replacement: str
    ) -> None:
        if source.kind in bodies.NOT_RENAMED:  # not source.renamable
            # An institution keeps its name: the reform renames none (see bodies).
            source.held = True
            return
        # Offsets refer to the original text: apply all edits right to left. A span proposed
        # twice (the province, by two steps) is replaced once.
        text = source.text
        # style(text[start:end], replacement, self._case_context), inlined: called for
        # every place of every verdict. A lower-case letter answers at once (written_upper's
        # own first test), without filling the memo with every commune's name.
        piece = text[start:end]
        upper = False if piece.upper() != piece else _all_upper(piece)
        if upper is None:
            self.read_case = True  # the verdict now depends on it (see shared_verdict)
            upper = _all_upper(self._case_context())
        edit = (start, end, replacement.upper() if upper else replacement)
        if not source.edits:  # the usual case: one edit
            source.edits = [edit]
            text = text[:start] + edit[2] + text[end:]
            first = start
        else:
            source.edits = [e for e in source.edits if (e[0], e[1]) != (start, end)]
            source.edits.append(edit)
            for s, e, rep in sorted(source.edits, reverse=True):
                text = text[:s] + rep + text[e:]
            first = min([e[0] for e in source.edits])
        if first and source.spell:
            # The body's words kept before the place, written without diacritics ("Dang
            # uy xa Vu Hoi"): spelt as the new place is, in their written case ("Đảng ủy
            # xã Thư Vũ"), never "Dang uy xã Thư Vũ". Most values are not asked (spell:
            # read with the body's kind, once per value).
            spelt = body_words.spelt_words(source.text)
            if spelt:
                text = body_words.apply(text, spelt, first)
        text = " ".join(text.split()).strip(" ,-")
        if text != source.text:
            result.proposed[source.key] = text

    def _names_a_province(self, source: Source) -> bool:
        """Whether a mention in ``source`` names a province: ``any(self._province_of(m) is
        not None for m in source.mentions)``, as found by the checker's mapping step (every
        mention that names a province is in ``r.province_mentions``)."""
        for s, _, _ in self.r.province_mentions:
            if s is source:
                return True
        return False

    def _merged(self, source: Source) -> bodies.MergedDepartment | None:
        """The merged department ``source`` names (:func:`bodies.merged_department`), read
        with its parent, the next attribute up the chain: a People's Council's Ban Dân tộc
        ("OU=Ban Dân tộc, O=HĐND tỉnh …") goes on."""
        found = bodies.merged_department(source.text)
        if found is None or not source.in_chain:
            return found
        for above in self.sources:  # the parent is asked only of a merged one
            if above.in_chain and above.rank == source.rank + 1:
                return bodies.merged_department(source.text, above.text)
        return found

    def _case_context(self) -> str:
        """The subject's values together: the case style of an acronym's answer."""
        return " ".join(a.value for a in self.holder.attributes if a.key != "C")

    def _commune_body_parent(self, result: ReformResult, source: Source) -> bool:
        """A commune's school or clinic under a district office ("Phòng Giáo dục … huyện") or
        the district's People's Committee now reports to its commune's People's Committee
        (Phụ lục I groups them under "UBND cấp xã"): proposed when that is one unit."""
        r = self.r
        if source.kind not in (bodies.AGENCY, bodies.PEOPLES_COMMITTEE) or r.commune_at is None:
            return False
        below = r.commune_at[0]
        if below.kind not in bodies.INSTITUTIONS:
            return False
        for s in self.sources:
            if s.in_chain and below.rank < s.rank < source.rank:
                if s.kind == bodies.PEOPLES_COMMITTEE:
                    # "CN=Trường Tiểu học xã …, OU=UBND xã …, O=UBND huyện …": the school's
                    # People's Committee is written already; O is the commune's parent.
                    return False
        successors = {s.name: s for c in r.commune for s in c.successors}
        if r.commune_is_new and r.new_commune_matches:
            successors = {r.new_commune_matches[0].name: r.new_commune_matches[0]}
        if len(successors) != 1:
            return False
        new = next(iter(successors.values()))
        body = "UBND " + lower_kind(new.name)
        result.proposed[source.key] = style(source.text, body)
        self.say(
            f"Trường, trạm của xã nay trực thuộc UBND cấp xã: {source.key} “{source.text}” → "
            f"“{body}”.",
            f"A commune's school or health station now reports to the commune: {source.key} "
            f"“{source.text}” → “{body}”.",
        )
        return True

    def _parent_of_commune(self, result: ReformResult, source: Source, mention: Mention) -> None:
        """A commune body's district parent -> the province's body of the same kind.

        "UBND huyện Vũ Thư" -> "UBND tỉnh Hưng Yên", "Huyện ủy Vũ Thư" -> "Tỉnh ủy Hưng
        Yên", "HĐND H. Thủy Nguyên" -> "HĐND TP. Hải Phòng".

        Every commune body of a district names the same parent: the answer for a value
        nothing was proposed for yet is kept (:data:`_parents`), keyed on all it reads —
        the attribute, its text (which fixes its places and its body kind), where the
        district is named in it, the new province (which fixes the table).
        """
        assert self.r.province is not None
        new = self.r.province.new
        key = None
        if not source.edits and source.key not in result.proposed:
            key = (source.key, source.text, mention.start, mention.name_start, mention.end, new)
            found = _parents.get(key)
            if found is not None:
                edits, proposed, reason = found
                source.edits = list(edits)
                if proposed is not None:
                    result.proposed[source.key] = proposed
                if reason is not None:
                    self.reasons.append(reason)
                return
        held = source.held
        reason = self._write_parent_of_commune(result, source, mention, new)
        if reason is not None:
            self.reasons.append(reason)
        if key is not None and not self.read_case and source.held == held:
            # Not kept when the case came from the holder's other values (read_case) or the
            # body's name is kept (held): those answers are the holder's own.
            if len(_parents) >= _PARENTS_SIZE:
                _parents.clear()
            _parents[key] = (tuple(source.edits), result.proposed.get(source.key), reason)

    def _write_parent_of_commune(
        self, result: ReformResult, source: Source, mention: Mention, new: NewProvince
    ) -> Reason | None:
        committee = committee_before(source.text, mention.start)
        party = province_committee(new.kind, committee) if committee is not None else None
        if committee is not None and party is not None:
            # "Huyện ủy huyện Vũ Thư", "Quận ủy Quận 3", "Quận đoàn Quận 1", "Đảng ủy
            # huyện …": the committee and its place are written anew as the province's
            # committee of the same line ("Tỉnh ủy Hưng Yên", "Thành ủy Hồ Chí Minh",
            # "Thành đoàn Hồ Chí Minh"), never "Huyện ủy tỉnh Hưng Yên" or "Đảng ủy tỉnh
            # …", names no body has. A province written after the district ("…, tỉnh Thái
            # Bình") is in the new name already.
            end = mention.end
            for s, m, _ in self.r.province_mentions:
                if s is source and m.start >= mention.end:
                    end = max(end, m.end)
            source.edits = [e for e in source.edits if e[1] <= committee.start or e[0] >= end]
            self._replace(result, source, committee.start, end, f"{party} {new.short}")
        elif self._names_a_province(source):
            # "UBND huyện Vũ Thư, tỉnh Thái Bình": the province is there already.
            end = mention.end
            while end < len(source.text) and source.text[end] in " ,-":
                end += 1
            self._replace(result, source, mention.start, end, "")
        else:
            self._replace(
                result, source, mention.start, mention.end, render(new.kind, new.short, mention)
            )
        before = result.proposed.get(source.key)
        if before:
            return unit_reasons.commune_parent(source.key, source.text, before)
        return None

    def _drop_district_level(self, result: ReformResult, source: Source) -> None:
        """A district's own attribute between the commune's and the province's ("OU=UBND xã
        …, OU=UBND huyện …, O=UBND tỉnh …"; or a district office between a school and its
        old district parent): the level is gone, the unit below sits directly under the one
        above. Proposed as "" (the attribute is dropped), never as a second copy of O."""
        result.proposed[source.key] = ""
        self.say(
            f"Cấp huyện không còn: bỏ {source.key} “{source.text}”.",
            f"The district level is gone: drop {source.key} “{source.text}”.",
        )

    def _drop_district_in(self, result: ReformResult, source: Source, mention: Mention) -> None:
        """Drop the district named inside a value with what set it apart, so that nothing
        is left dangling: "xã Vũ Hội - huyện Vũ Thư - tỉnh …" -> "xã … - tỉnh …", "xã Vũ
        Hội (huyện Vũ Thư)" -> "xã …", "xã Vũ Hội (huyện Vũ Thư, tỉnh …)" -> "xã … (tỉnh
        …)", "xã Vũ Hội/huyện Vũ Thư" -> "xã …"."""
        text = source.text
        start, end = mention.start, mention.end
        before = start
        while before > 0 and text[before - 1] == " ":
            before -= 1
        after = end
        while after < len(text) and text[after] == " ":
            after += 1
        if before > 0 and text[before - 1] in _OPENING:
            if after < len(text) and text[after] in _CLOSING:
                # The district alone in brackets: the brackets go with it.
                start, end = before - 1, after + 1
                while start > 0 and text[start - 1] == " ":
                    start -= 1
            else:
                # First in brackets, more after it: the separator after it goes too.
                while end < len(text) and text[end] in _SEPARATORS:
                    end += 1
        else:
            while start > 0 and text[start - 1] in _SEPARATORS:
                start -= 1
        self._replace(result, source, start, end, "")

    def _propose_provinces(
        self, result: ReformResult, only_place: bool = False, only: Source | None = None
    ) -> None:
        """The merged province's successor wherever the province is named (with
        ``only_place``: in L and ST alone; with ``only``: in that attribute alone)."""
        new = self.r.province.new if self.r.province else None
        if new is None:
            return
        for source, mention, province in self.r.province_mentions:
            if province is not self.r.province and province.new is not new:
                continue
            if only is not None and source is not only:
                continue
            if not province.merged:
                continue
            if only_place and source.in_chain:
                continue
            if (
                mention.type_key == ""
                or (mention.level == PROVINCE) == (not new.is_city)
                or (mention.level == CITY and new.is_city)
            ):
                if mention.type_key == "":
                    self._replace(result, source, mention.start, mention.end, new.short)
                elif mention.written_type.isascii() and not new.kind.isascii():
                    # "UBND tinh Thai Binh": a type word written without marks is not kept
                    # beside the successor's marked name ("UBND tinh Hưng Yên" is no unit's
                    # name, nor the subject's spelling); the whole mention is written anew,
                    # in NFC Vietnamese ("UBND tỉnh Hưng Yên", "Tỉnh ủy Hưng Yên").
                    replacement = render(new.kind, new.short, mention)
                    self._replace(result, source, mention.start, mention.end, replacement)
                else:
                    self._replace(result, source, mention.name_start, mention.end, new.short)
            else:
                replacement = render(new.kind, new.short, mention)
                self._replace(result, source, mention.start, mention.end, replacement)

    def _recommend(self, result: ReformResult) -> None:
        new = result.new_province
        if new is None:
            return
        if result.status == UNIT_ABOLISHED and self.holder.kind != "person":
            return
        self.reasons.append(unit_reasons.CHANGE_OF_INFORMATION)
        where, reason = unit_reasons.filing(new)
        if list(where) != result.file_at:
            reason = unit_reasons.file_at(new, ", ".join(result.file_at))  # not run's own list
        self.reasons.append(reason)
