"""The Vietnamese spelling of a body's words that a subject wrote without diacritics.

Some CAs' tools wrote subjects ASCII-folded: "Dang uy xa Vu Hoi", "UY BAN NHAN DAN HUYEN
…". The two-tier check writes the new unit from the table, with its marks ("xã Thư Vũ");
the body's own words before it are kept from the subject. Kept as typed they would sit
beside the marked name — "Dang uy xã Thư Vũ", a spelling no one wrote — in a proposal the
clerk sends to the CA, which must be one spelling, NFC, with diacritics: "Đảng ủy xã Thư
Vũ", "ĐẢNG ỦY XÃ THƯ VŨ".

:func:`spelt_words` gives that spelling for the known body words at the start of a value:
the words that start each kind of body's name (:data:`kyso.core.subjects.bodies.
PREFIX_NAMES`: "UBND", "HĐND", "Đảng ủy", "Huyện ủy", "Mặt trận Tổ quốc", "Hội Liên hiệp
Phụ nữ", "Văn phòng", "Phòng" …) and the full names of the usual bodies and offices
(:data:`_NAMES`: "Đoàn TNCS Hồ Chí Minh", "Văn phòng HĐND và UBND", "Phòng Tài chính - Kế
hoạch", "Sở Y tế" …). Each word is written in the case the subject wrote it ("DANG" ->
"ĐẢNG", "Dang" -> "Đảng", "dang" -> "đảng"); an acronym is the acronym ("HDND" ->
"HĐND"). Only words written without any mark are restored: a word written with marks is
the subject's own spelling. Anything else — a person's name, a unit's own name, an
unknown word — stays as written: folded, it could be any of several words ("Vu" is "Vũ"
or "Vụ").
"""

from __future__ import annotations

import functools

from kyso.core.subjects import bodies
from kyso.core.subjects.places import words_of

# Full names of the usual bodies and offices, beyond the words bodies reads a kind from
# (bodies.PREFIX_NAMES): their words restored together. A sequence is restored only as a
# whole, so its words need not be unambiguous alone.
_NAMES = (
    # People's Committees and Councils, written out.
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Thường trực Hội đồng nhân dân",
    "HĐND và UBND",
    "Văn phòng HĐND và UBND",
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
    "Văn phòng UBND",
    "Văn phòng Ủy ban nhân dân",
    "Văn phòng Đoàn ĐBQH và HĐND",
    "Ban Kinh tế - Ngân sách",
    "Ban Văn hóa - Xã hội",
    "Ban Pháp chế",
    # The Party.
    "Ban Thường vụ",
    "Ban Chấp hành",
    "Ban Chấp hành Đảng bộ",
    "Ủy ban Kiểm tra",
    # The Fatherland Front and the mass organisations.
    "Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Mặt trận Tổ quốc",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban MTTQ Việt Nam",
    "Đoàn TNCS Hồ Chí Minh",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Đoàn Thanh niên",
    "Hội Liên hiệp Phụ nữ",
    "Hội Liên hiệp Phụ nữ Việt Nam",
    "Hội Nông dân",
    "Hội Cựu chiến binh",
    "Liên đoàn Lao động",
    "Hội Chữ thập đỏ",
    # The police and the military commands.
    "Công an",
    "Ban Chỉ huy Quân sự",
    "Bộ Chỉ huy Quân sự",
    # A province's departments (Nghị định 45/2025/NĐ-CP and before it).
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Văn hóa và Thể thao",
    "Sở Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    # A district's and a commune's offices.
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Phòng Văn hóa - Thông tin",
    "Phòng Văn hóa - Xã hội",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Phòng Kinh tế",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Kinh tế - Hạ tầng và Đô thị",
    "Phòng Quản lý đô thị",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "Phòng Dân tộc",
    "Văn phòng Đảng ủy",
    "Văn phòng Huyện ủy",
    "Văn phòng Thành ủy",
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức",
    "Ban Tuyên giáo",
    "Ban Dân vận",
    "Thanh tra huyện",
    # The units under them that certificates name most (their names are the unit's).
    "Ban Quản lý dự án",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Bộ phận Một cửa",
    "Bộ phận Tiếp nhận và Trả kết quả",
    "Trung tâm Phục vụ hành chính công",
    "Trung tâm Văn hóa - Thể thao",
    "Trung tâm Văn hóa, Thông tin và Thể thao",
    "Trung tâm Phát triển quỹ đất",
    "Văn phòng Đăng ký đất đai",
    "Đài Truyền thanh",
    "Hội Người cao tuổi",
)


# A name of the vocabulary: its folded words ("dang", "uy") and the same words spelt
# ("Đảng", "ủy"). A plain tuple: a NamedTuple class costs start-up time.
_Name = tuple[tuple[str, ...], tuple[str, ...]]


def _name(written: str) -> _Name:
    found = words_of(written)
    return tuple([w.key for w in found]), tuple([written[w.start : w.end] for w in found])


def _all_names() -> set[str]:
    return {w for names in bodies.PREFIX_NAMES.values() for w in names} | set(_NAMES)


@functools.cache
def _by_first() -> dict[str, list[_Name]]:
    """The names by their first folded word, the longest first (one look-up per word
    read). Built when a value first needs it: most runs have no value typed without
    marks, and pay nothing for it at start-up."""
    found: dict[str, list[_Name]] = {}
    for name in sorted(map(_name, _all_names()), key=lambda n: -len(n[0])):
        keys = name[0]
        if keys and keys not in [n[0] for n in found.get(keys[0], ())]:
            found.setdefault(keys[0], []).append(name)
    return found


_ACRONYM_MIN = 2

Edit = tuple[int, int, str]
_NONE: tuple[Edit, ...] = ()


def spelt_words(text: str) -> tuple[Edit, ...]:
    """The known body words at the start of ``text`` that it wrote without diacritics, as
    edits (start, end, the word spelt in the case written), left to right; () when none
    ("Dang uy xa Vu Hoi" -> ((0, 4, "Đảng"), (5, 7, "ủy"))). Only in the name of a body
    the reform renames (:data:`bodies.RENAMED_BY_REFORM`): a person's name, an
    institution's, a central body's (which no proposal edits) are never read so.

    The usual value (spelt with marks, or starting "UBND …") is answered by
    :func:`bodies.may_spell`, read with its kind and memoised with it, without reading or
    remembering the value here."""
    if not bodies.may_spell(text):
        return _NONE
    found = _spelt.get(text)
    if found is None:
        found = _spell(text)
        if len(_spelt) >= _SPELT_SIZE:
            _spelt.clear()
        _spelt[text] = found
    return found


# spelt_words' answers by value (those bodies.may_spell lets through). Bounded; cleared
# by clear_caches().
_spelt: dict[str, tuple[Edit, ...]] = {}
_SPELT_SIZE = 20_000


def _spell(text: str) -> tuple[Edit, ...]:
    words = words_of(text)
    keys = [w.key for w in words]
    by_first = _by_first()
    edits: list[Edit] = []
    at = 0
    while at < len(words):
        for name_keys, name_words in by_first.get(keys[at], ()):
            n = len(name_keys)
            if tuple(keys[at : at + n]) != name_keys:
                continue
            if at and n == 1 and not _is_acronym(name_words[0]):
                # After the first name only a sequence or an acronym ("Văn phòng HĐND"):
                # one word alone is too often a name's ("Ban Vu …").
                continue
            for word, spelt in zip(words[at : at + n], name_words, strict=True):
                written = text[word.start : word.end]
                if written.isascii():
                    cased = _in_case_of(written, spelt)
                    if cased != written:
                        edits.append((word.start, word.end, cased))
            at += n
            break
        else:
            break
    return tuple(edits)


def _is_acronym(word: str) -> bool:
    return len(word) >= _ACRONYM_MIN and word.isupper()


def _in_case_of(written: str, spelt: str) -> str:
    """``spelt`` in the case ``written`` was written: an acronym stays one."""
    if _is_acronym(spelt):
        return spelt
    if len(written) > 1 and written.isupper():
        return spelt.upper()
    if written[:1].isupper():
        return spelt[:1].upper() + spelt[1:]
    return spelt[:1].lower() + spelt[1:]


def apply(text: str, edits: tuple[Edit, ...], before: int) -> str:
    """``text`` with those of ``edits`` that end at or before ``before`` applied (the
    words of the body before the first place a proposal replaced)."""
    for start, end, spelt in reversed(edits):
        if end <= before:
            text = text[:start] + spelt + text[end:]
    return text


def clear_caches() -> None:
    _spelt.clear()
