"""The verdict of the two-tier check on one subject, and its JSON contract.

:meth:`ReformResult.to_json` is the contract of ``kyso check --json`` (the trust check, the
inventory and the check exports build on it). Statuses:

- ``current``: already on the new model (or a central body, not tied to a province);
- ``needs_change``: a change of information on the existing certificate, values proposed;
- ``unit_abolished``: the holder's unit was a district-level body that no longer exists;
- ``check_with_unit``: a body in the chain whose new name the reform's texts do not give
  (an institution — school, hospital, company… — or a central body's local unit whose name
  mentions an old place, or a department Nghị định 45/2025 merged into another): no new
  name is invented; the old place and the new province are shown and the clerk checks the
  unit's own decision ("kiểm tra với đơn vị"). Administrative parents and L are still
  proposed;
- ``unknown``: no place the table knows, or an ambiguous one.
"""

from __future__ import annotations

import functools
import json
import operator
from dataclasses import dataclass, field, fields
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

REVOKE_VI = (
    "Thu hồi chứng thư số (Mẫu 05, Nghị định 68/2024/NĐ-CP) và nộp lại thiết bị lưu khóa cho "
    "Cục Chứng thực số và Bảo mật thông tin; không đề nghị thay đổi thông tin"
)
REVOKE_EN = (
    "Revoke the certificate (Form 05, Decree 68/2024/NĐ-CP) and return the key device to the "
    "Authentication and Information Security Department; no change of information"
)
"""What to do with a certificate :attr:`ReformResult.revokes` (mục 6 Công văn 393)."""


@dataclass(frozen=True)
class Reason:
    """One step of the reasoning, in Vietnamese and English."""

    vi: str
    en: str

    def __init__(self, vi: str, en: str) -> None:
        # Frozen, set in one go: the dataclass' own __init__ sets each field through
        # object.__setattr__, three times slower; a batch of subjects makes many.
        self.__dict__.update(vi=vi, en=en)


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
    """New values by attribute key; "" drops the attribute (a district's own OU between
    the commune's and the province's: the level is gone)."""
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
    """Attributes naming a body the reform does not rename ("CN", "O"…): an institution, a
    central body's unit, a district's military command. They are left as written and the
    verdict is ``check_with_unit``."""
    merged_names: list[str] = field(default_factory=list)
    """Attributes naming a provincial department that Nghị định 45/2025/NĐ-CP merged into
    another ("OU=Sở Lao động - Thương binh và Xã hội"): not kept — the department is gone —
    and no new name proposed (the successor's exact name is the province's): the verdict is
    ``check_with_unit`` and the new name is asked of the unit. Never also in
    :attr:`kept_names`."""
    parent_attribute: str | None = None
    """The attribute naming the abolished district body a continuing unit (a school under
    "O=UBND quận Hà Đông") reported to: its new parent is picked among the communes that
    took the district over (:attr:`pick_unit`)."""
    split_attribute: str | None = None
    """The attribute naming the holder's commune when that commune was split among several
    new ones ("CN=UBND xã Nhị Thành": Xã Thủ Thừa or Xã Nhựt Tảo): which one is picked
    (:attr:`pick_unit`, among :attr:`commune_new`); until then nothing is proposed for it,
    and a change request would keep a commune that no longer exists."""
    split_homonyms: bool = False
    """Whether :attr:`split_attribute` asks because the name as written is several old
    communes ("xa Truc Hung": Xã Trực Hưng, Xã Trực Hùng), not one commune split: the
    question says so (:meth:`proposed_fields`)."""

    @property
    def holder_kind(self) -> str:
        return self.holder.kind

    @property
    def revokes(self) -> bool:
        """Whether the certificate is to be revoked and its device returned, not changed: an
        organization's certificate of an abolished district body (the organization no
        longer exists). No focal point for a change of information is named for it: the
        GUI, the check exports and the CLI say :data:`REVOKE_VI` instead."""
        return self.status == UNIT_ABOLISHED and self.holder.kind != "person"

    def change_filed_at(self) -> list[str]:
        """Where a change of information is filed (:attr:`file_at`); none for a certificate
        to revoke (:attr:`revokes`)."""
        return [] if self.revokes else list(self.file_at)

    def what_to_do(self, language: str = "vi") -> str:
        """:data:`REVOKE_VI` (or :data:`REVOKE_EN`) for a certificate to revoke, else ""."""
        if not self.revokes:
            return ""
        return REVOKE_EN if language == "en" else REVOKE_VI

    @property
    def pick_unit(self) -> str | None:
        """The attribute that must name the unit the holder works in now (a person of an
        abolished district body), or the new parent of a unit whose district parent is gone
        (:attr:`parent_attribute`), or None. The GUI asks for it; exports say it."""
        if (
            self.status == UNIT_ABOLISHED
            and self.holder.kind == "person"
            and self.district_attribute is not None
            and self.province_new is not None
        ):
            return self.district_attribute
        if self.parent_attribute is not None and self.province_new is not None:
            return self.parent_attribute
        if self.split_attribute is not None and self.status != UNIT_ABOLISHED:
            return self.split_attribute
        return None

    @property
    def pick_choices(self) -> list[str]:
        """What :attr:`pick_unit` is picked among: the new communes a split commune went to
        (:attr:`split_attribute`), else the communes that took the district over."""
        if self.split_attribute is not None and self.pick_unit == self.split_attribute:
            return self.commune_new
        return self.district_successors

    def proposed_fields(
        self, language: str = "vi", *, every_choice: bool = False
    ) -> dict[str, str]:
        """Every attribute the verdict changes or asks about, in attribute order.

        The proposed values (an attribute to drop, proposed as "", said so); the attribute
        to pick a unit for ("chọn đơn vị đang công tác", or the new parent, with the communes
        that took over the district); and, for ``check_with_unit``, the
        names kept as written ("giữ nguyên, kiểm tra với đơn vị"). What the GUI shows, for
        the exports and the CLI. The units to pick among are the first eight and how many
        more; ``every_choice``: all of them (a file the clerk works from).
        """
        out: dict[str, str] = {}
        pick = self.pick_unit
        proposed = self.proposed
        if pick is None and not self.merged_names and not self.kept_names:
            # Most verdicts of a batch: proposed values alone (or nothing), said in order
            # without the questions below (the same answers, fewer steps per verdict).
            if proposed:
                for key in _attribute_order(self):
                    if key in proposed:
                        out[key] = proposed[key] or _DROP[language == "en"]
            return out
        asked = {*proposed, *self.merged_names, *self.kept_names, pick}
        for key in _attribute_order(self):
            if key not in asked:  # the chain below says nothing of it
                continue
            if key == pick:
                listed = self.pick_choices
                shown = listed if every_choice else listed[:8]
                choices = ", ".join(shown)
                more = len(listed) - len(shown)
                if more > 0:
                    choices += f" … (+{more})"
                if key == self.split_attribute and key != self.parent_attribute:
                    if self.split_homonyms:
                        out[key] = (
                            f"(the name is several old communes: pick the new one, {choices})"
                            if language == "en"
                            else f"(tên ghi ứng với nhiều xã/phường cũ: chọn đơn vị mới, {choices})"
                        )
                    else:
                        out[key] = (
                            f"(the commune was split: pick the new one, {choices})"
                            if language == "en"
                            else f"(xã/phường cũ đã được chia: chọn đơn vị mới, {choices})"
                        )
                elif key == self.parent_attribute:
                    out[key] = (
                        f"(pick the new parent, the People's Committee of a commune of "
                        f"{self.province_new}: {choices})"
                        if language == "en"
                        else f"(chọn đơn vị chủ quản mới, UBND cấp xã thuộc {self.province_new}: "
                        f"{choices})"
                    )
                else:
                    out[key] = (
                        f"(pick the unit worked in now, in {self.province_new}: {choices})"
                        if language == "en"
                        else f"(chọn đơn vị đang công tác thuộc {self.province_new}: {choices})"
                    )
            elif key in self.proposed and not self.proposed[key]:
                out[key] = _DROP[language == "en"]
            elif key in self.proposed:
                out[key] = self.proposed[key]
            elif key in self.merged_names:
                # Not kept: merged into another department (NĐ 45/2025), its new name asked.
                out[key] = (
                    "(department merged on 1 March 2025; check the new body's name with the unit)"
                    if language == "en"
                    else "(cơ quan đã hợp nhất từ 01/3/2025; kiểm tra tên cơ quan mới với đơn vị)"
                )
            elif key in self.kept_names:
                out[key] = (
                    "(kept as written; check with the unit)"
                    if language == "en"
                    else "(giữ nguyên; kiểm tra với đơn vị)"
                )
        return out

    def reasons_in(self, language: str = "vi") -> list[str]:
        return [r.en if language == "en" else r.vi for r in self.reasons]

    def json_text(self) -> str:
        """``json.dumps(self.to_json(), ensure_ascii=False)``, the same text.

        A copy of a shared verdict (:func:`kyso.core.reform.check.check_holder` gives one
        per holder) that still holds what the verdict holds reuses the text encoded once
        for the verdict: an inventory's subjects share few verdicts, and encoding is a
        good part of ``kyso check --json`` on many subjects. A changed copy is encoded
        afresh.
        """
        shared: ReformResult | None = self.__dict__.get("_shared")
        if shared is None or _STATE(self) != _STATE(shared):
            return encode_result(self)
        return shared.shared_json_text()

    def shared_json_text(self) -> str:
        """:meth:`json_text`, encoded once and kept: for a verdict nobody changes (the one
        :mod:`kyso.core.reform.check` shares among holders)."""
        text: str | None = self.__dict__.get("_json_text")
        if text is None:
            text = self.__dict__["_json_text"] = encode_result(self)
        return text

    def to_json(self) -> dict[str, Any]:
        """``{status, holder_kind, province, district, commune, proposed, file_at, reasons,
        body_kind, kept_names, pick_unit, merged_names}`` (``body_kind``, ``kept_names`` and
        ``pick_unit`` added with the body kinds, ``merged_names`` after them; keys only
        grow). ``kept_names``: names kept as written; ``merged_names``: departments merged
        by Nghị định 45/2025, whose new name is asked (never kept)."""
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
            "pick_unit": (
                {"attribute": self.pick_unit, "choices": list(self.pick_choices)}
                if self.pick_unit
                else None
            ),
            "merged_names": list(self.merged_names),
        }


# What proposed_fields says of an attribute proposed as "" (Vietnamese, English).
_DROP = ("(bỏ thuộc tính này: cấp huyện không còn)", "(drop it: the district level is gone)")


# json.dumps(…, ensure_ascii=False) builds an encoder per call; this one is built once. The
# same text: the C encoder json.dumps uses, with its separators and escaping; without the
# check for circular references, which JSON made of fresh dicts and lists never has.
_C_ENCODE = (
    json.encoder.c_make_encoder(  # type: ignore[attr-defined]
        None,
        json.JSONEncoder().default,
        json.encoder.encode_basestring,
        None,
        ": ",
        ", ",
        False,
        False,
        True,
    )
    if json.encoder.c_make_encoder is not None  # type: ignore[attr-defined]
    else None
)


def encode_json(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False)``, the same text, faster for many small calls."""
    if _C_ENCODE is None:
        return json.dumps(data, ensure_ascii=False)
    return "".join(_C_ENCODE(data, 0))


_ENCODE_STRING = json.encoder.encode_basestring  # type: ignore[attr-defined]


def json_string(text: str) -> str:
    """``json.dumps(text, ensure_ascii=False)`` for a text, the same text, without the
    encoder's call (a subject's text is encoded on every line of ``kyso check --json``)."""
    return _ENCODE_STRING(text)  # type: ignore[no-any-return]


class _EncodedTexts(dict[str, str]):
    """:func:`json_string` of texts, by the text: each encoded on its first use
    (``texts[text]``) and kept. Bounded: emptied when full.

    Escaping a text reads it character by character, twice; a lookup hashes it once (a
    text of the table or of a shared reason, once): most texts of a verdict — places,
    proposed names, reasons a district or a province shares, keys, statuses — are shared
    by many verdicts, and encoding them was most of the cost of writing one (``kyso check
    --json`` on 10,000 subjects all different). A value that is not a text raises
    ``TypeError`` as the encoder does, and is not kept.
    """

    def __missing__(self, text: str) -> str:
        if len(self) >= _ENCODED_SIZE:
            self.clear()
        encoded: str = _ENCODE_STRING(text)
        self[text] = encoded
        return encoded


_ENCODED_SIZE = 100_000
_encoded = _EncodedTexts()
_encoded_text = _encoded.__getitem__  # for map(): a lookup in C, encoding only on a miss
_vi = operator.attrgetter("vi")


def shared_reason(reason: Reason) -> Reason:
    """``reason``, its JSON text kept for every verdict that will say it."""
    _encoded_text(reason.vi)
    return reason


def clear_caches() -> None:
    _encoded.clear()
    _province_json.clear()


def _string_or_null(text: str | None) -> str:
    return "null" if text is None else _encoded_text(text)


def _strings(texts: list[str]) -> str:
    return "[" + ", ".join(map(_encoded_text, texts)) + "]" if texts else "[]"


# The "province" object's JSON by (old, new) short names: a few dozen pairs. Bounded;
# cleared by clear_caches().
_province_json: dict[tuple[str | None, str | None], str] = {}
_PROVINCE_JSON_SIZE = 50_000


def encode_result(result: ReformResult) -> str:
    """``json.dumps(result.to_json(), ensure_ascii=False)``, the same text, written out
    field by field: no dict built first, and a text many verdicts share (a place, a
    proposed name, a reason) is encoded once (:class:`_EncodedTexts`). Thousands of
    verdicts (``kyso check --json``) spend a good part of their time here.

    Every value of :meth:`ReformResult.to_json` is a text, None, or a list or dict of
    texts: written here as ``json.dumps`` writes them (``", "`` and ``": "``, keys in
    :meth:`~ReformResult.to_json`'s order); a test holds the two to the same bytes. A value
    of another type (none is ever set) takes ``json.dumps``' own way.
    """
    try:
        return _encode_result(result)
    except TypeError:
        return encode_json(result.to_json())


def _encode_result(result: ReformResult) -> str:
    enc = _encoded_text
    province_key = (result.province_old, result.province_new)
    province = _province_json.get(province_key)
    if province is None:
        province = (
            f'{{"old": {_string_or_null(result.province_old)}, '
            f'"new": {_string_or_null(result.province_new)}}}'
        )
        if len(_province_json) >= _PROVINCE_JSON_SIZE:
            _province_json.clear()
        _province_json[province_key] = province
    # Each part as json.dumps writes it, the whole text built in one go: lists joined in
    # C (a map over the texts' lookups) inside the brackets, "[]" when empty.
    district = result.district_old
    commune = result.commune_old
    proposed = result.proposed
    pick = result.pick_unit
    return (
        f'{{"status": {enc(result.status)}, '
        f'"holder_kind": {enc(result.holder.kind)}, '
        f'"province": {province}, '
        f'"district": {"{" + _OLD + enc(district) + "}" if district else "null"}, '
        f'"commune": {_commune(commune, result.commune_new) if commune else "null"}, '
        f'"proposed": {_pairs(proposed) if proposed else "{}"}, '
        f'"file_at": [{", ".join(map(enc, result.file_at))}], '
        f'"reasons": [{", ".join(map(enc, map(_vi, result.reasons)))}], '
        f'"body_kind": {enc(result.body_kind)}, '
        f'"kept_names": [{", ".join(map(enc, result.kept_names))}], '
        f'"pick_unit": {_pick(pick, result.pick_choices) if pick else "null"}, '
        f'"merged_names": [{", ".join(map(enc, result.merged_names))}]}}'
    )


_OLD = '"old": '


def _commune(old: str, new: list[str]) -> str:
    return f'{{"old": {_encoded_text(old)}, "new": [{", ".join(map(_encoded_text, new))}]}}'


def _pairs(values: dict[str, str]) -> str:
    """A dict of texts: ``"key": "value"`` pairs joined in C."""
    keys = map(_encoded_text, values)
    texts = map(_encoded_text, values.values())
    return f"{{{', '.join(map(': '.join, zip(keys, texts, strict=True)))}}}"


def _pick(attribute: str, choices: list[str]) -> str:
    return f'{{"attribute": {_encoded_text(attribute)}, "choices": {_strings(choices)}}}'


# What to_json reads: every field but the holder, and the holder's kind (the rest of the
# holder is not in the JSON). Read in C, field by field.
_STATE = operator.attrgetter(
    *[f.name for f in fields(ReformResult) if f.name != "holder"], "holder.kind"
)


def _value(result: ReformResult, key: str) -> str | None:
    """The value an in-chain key names ("CN", "OU[2]", "O"), as :mod:`.sources` numbers them."""
    holder = result.holder
    if key == "CN":
        return holder.name
    name, _, index = key.partition("[")
    orgs = [a.value for a in holder.attributes if a.key == "O"][::-1]  # lowest first
    values = list(holder.ous) if name == "OU" else orgs
    at = int(index.rstrip("]")) - 1 if index else 0
    return values[at] if name in ("OU", "O") and 0 <= at < len(values) else None


def _attribute_order(result: ReformResult) -> list[str]:
    """The keys of ``proposed`` in subject order: CN, OU…, O…, L, ST, then any other."""
    holder = result.holder
    keys = _chain_keys(len(holder.ous), list(map(_key, holder.attributes)).count("O"))
    proposed = result.proposed
    return [*keys, *[k for k in proposed if k not in keys]] if proposed else list(keys)


_key = operator.attrgetter("key")


@functools.lru_cache(maxsize=64)
def _chain_keys(ous: int, orgs: int) -> tuple[str, ...]:
    """CN, OU…, O…, L, ST for a chain of ``ous`` OUs and ``orgs`` Os: the same few shapes
    for every verdict of a batch, built once."""
    keys = ["CN"]
    keys += ["OU" if ous == 1 else f"OU[{i + 1}]" for i in range(ous)]
    keys += ["O" if orgs == 1 else f"O[{i + 1}]" for i in range(orgs)]
    keys += ["L", "ST"]
    return tuple(keys)
