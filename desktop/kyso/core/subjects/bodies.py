"""What kind of body a unit's name names: "UBND xã …", "Huyện ủy …", "Trường THPT …".

The reform (Nghị quyết 202/2025/QH15 and the commune resolutions) renames administrative
units and, with them, the bodies of the political system that are named after a unit:
People's Committees and Councils, Party committees, the Fatherland Front and the mass
organisations, and the specialised agencies of a People's Committee. It does not rename
institutions — universities, schools, hospitals, research institutes, companies — even
when their name contains an old province: those change only by their own decision.

:func:`body_kind` reads the kind from the first words of a name (folded, so NFD, ASCII and
ALL CAPS spellings read alike). Kinds:

- ``peoples_committee`` UBND / Ủy ban nhân dân;
- ``peoples_council`` HĐND / Hội đồng nhân dân;
- ``party`` Tỉnh ủy, Thành ủy, Huyện ủy, Quận ủy, Thị ủy, Đảng ủy, Đảng bộ, Chi bộ and
  the Party committees' boards (Ủy ban kiểm tra, Ban Tổ chức … Tỉnh ủy);
- ``front`` Ủy ban MTTQ Việt Nam and the mass organisations (Đoàn TNCS Hồ Chí Minh and its
  committees: Tỉnh đoàn, Thành đoàn, Huyện đoàn, Quận đoàn, Thị đoàn; Hội Liên hiệp Phụ nữ,
  Hội Nông dân, Hội Cựu chiến binh, Liên đoàn Lao động). "Quận đoàn" reads only with its
  marks: folded, it is also "Quân đoàn", an army corps (:data:`_SPELT`);
- ``agency`` a specialised agency or office (Sở, Phòng, Ban, Văn phòng, Thanh tra, Chi cục);
- ``police`` Công an (xã, tỉnh): the provincial police follow the province, a district's
  police become the province's;
- ``military`` the military commands (Bộ/Ban Chỉ huy Quân sự): a commune's and a province's
  follow their unit; what replaced a district's is not in the reform's texts — checked
  with the unit, never given a People's Committee as parent;
- ``public_service`` a public service unit (Trường, Bệnh viện, Trung tâm, Viện, Trạm, Thư
  viện, Bảo tàng, Đài, Học viện …);
- ``enterprise`` Công ty, Tổng công ty, Tập đoàn, Ngân hàng, Hợp tác xã, Chi nhánh …;
- ``central`` a central body, never bound to a province (Bộ, Tổng cục, Chính phủ, Quốc hội,
  the Party's and the mass organisations' central bodies), and the local branches of a
  central body (Kho bạc Nhà nước, Cục/Chi cục Thuế, Bảo hiểm xã hội, Hải quan, Thống kê):
  not renamed by the reform — their new names, if any, are their ministry's decision;
- ``part`` a part of a body (Tổ, Bộ phận, Đội, Khoa) — it lives and ends with its parent;
- ``other`` none of these (a person's name, an unknown word).

A part or a body of an institution has the institution's kind: "Văn phòng Trường Đại học
…", "Công đoàn Bệnh viện …", "Chi bộ Trường THPT …", "Hội đồng trường Trường Đại học …"
(:data:`_WITHIN` lists the institutions' words looked for after the first; never a
commune's name after "xã", "phường", "thị trấn": "Đảng ủy phường Trung Tâm"). Its name is
the institution's, which the reform does not rename; :func:`own_kind` still shows a Party
cell or a mass organisation of it as ``party`` / ``front``. Notary offices and law firms ("Văn phòng
Công chứng …", "Văn phòng Luật sư …", "Phòng Công chứng số 1 …") are institutions, not
agencies, and the usual abbreviations ("ĐH", "BVĐK", "TTYT", "THPT") read as written out
("DH", "BVDK" in capitals too, Đ folded to D).

:func:`merged_department` tells the provincial departments that Nghị định 45/2025/NĐ-CP
(28/02/2025, in force 01/3/2025) merged into others ("Sở Kế hoạch và Đầu tư" into "Sở Tài
chính"): they are agencies, but no longer exist under their name, and their successor's exact
name varies by province, so the check proposes no name for them (see its docstring).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kyso.core.subjects.admin_units import fold_words, folded_words

PEOPLES_COMMITTEE = "peoples_committee"
PEOPLES_COUNCIL = "peoples_council"
PARTY = "party"
FRONT = "front"
AGENCY = "agency"
POLICE = "police"
MILITARY = "military"
PUBLIC_SERVICE = "public_service"
ENTERPRISE = "enterprise"
CENTRAL = "central"
PART = "part"
OTHER = "other"

BODY_KINDS = (
    PEOPLES_COMMITTEE,
    PEOPLES_COUNCIL,
    PARTY,
    FRONT,
    AGENCY,
    POLICE,
    MILITARY,
    PUBLIC_SERVICE,
    ENTERPRISE,
    CENTRAL,
    PART,
    OTHER,
)
RENAMED_BY_REFORM = frozenset(
    (PEOPLES_COMMITTEE, PEOPLES_COUNCIL, PARTY, FRONT, AGENCY, POLICE, MILITARY, PART)
)
"""Kinds whose names follow the administrative units they are named after."""
INSTITUTIONS = frozenset((PUBLIC_SERVICE, ENTERPRISE))
"""Kinds that keep their names unless their own decision renames them."""
NOT_RENAMED = INSTITUTIONS | {CENTRAL}
"""Kinds the reform of local government never renames: institutions, and central bodies
with their local branches ("Kho bạc Nhà nước Thái Bình", "Cục Thuế tỉnh …"), whose new
arrangement is their own ministry's decision, not the resolutions'."""
PARENT_KINDS = frozenset((PEOPLES_COMMITTEE, PEOPLES_COUNCIL, PARTY, FRONT, POLICE))
"""Kinds that exist at every level with the same name pattern ("UBND huyện …" has a
"UBND tỉnh …" above it, "Công an huyện …" a "Công an tỉnh …"): a commune body's district
parent becomes the province's body of the same kind. Not the military commands: the texts
of the reform do not say what replaced a district's military command (see
:data:`MILITARY`), so that parent is checked with the unit."""

YOUTH_UNION = (
    "Đoàn TNCS",
    "Đoàn Thanh niên",
    "Tỉnh đoàn",
    "Thành đoàn",
    "Huyện đoàn",
    "Quận đoàn",
    "Thị đoàn",
    "Đoàn xã",
    "Đoàn phường",
)
"""The Youth Union's committees as names start ("Đoàn xã Vũ Hội"); never "Đoàn" alone (a
surname: "Đoàn Văn Hùng"), nor "Đoàn thị trấn" (:func:`township_youth_union`: "Đoàn Thị
Trấn" is a person). Read by the kinds below and by the holder's reader."""

PREFIX_NAMES: dict[str, tuple[str, ...]] = {
    CENTRAL: (
        "Bộ Chính trị",
        "Ban Bí thư",
        "Ban Chấp hành Trung ương",
        "Văn phòng Trung ương",
        "Trung ương Đoàn",
        "Trung ương Hội",
        "Ủy ban Trung ương",
        "Ban Cơ yếu Chính phủ",
        "Chính phủ",
        "Văn phòng Chính phủ",
        "Quốc hội",
        "Văn phòng Quốc hội",
        "Văn phòng Chủ tịch nước",
        "Tòa án nhân dân tối cao",
        "Viện kiểm sát nhân dân tối cao",
        "Kiểm toán nhà nước",
        "Ngân hàng Nhà nước Việt Nam",
        "Kho bạc Nhà nước",
        "Bảo hiểm xã hội Việt Nam",
        "Thông tấn xã Việt Nam",
        "Đài Truyền hình Việt Nam",
        "Đài Tiếng nói Việt Nam",
        "Tổng cục",
        "Tổng Liên đoàn Lao động Việt Nam",
        "Học viện Chính trị quốc gia",
        "Học viện Hành chính quốc gia",
        # Under the Government, in Hà Nội: "Hồ Chí Minh" here is the President.
        "Ban Quản lý Lăng Chủ tịch Hồ Chí Minh",
        # Local branches of central bodies: not renamed by the reform of local
        # government (their ministry reorganises them; "check with the unit").
        "Kho bạc",
        "KBNN",
        "Cục Thuế",
        "Chi cục Thuế",
        "Thuế tỉnh",
        "Thuế thành phố",
        "Bảo hiểm xã hội",
        "BHXH",
        "Cục Hải quan",
        "Chi cục Hải quan",
        "Cục Thống kê",
        "Chi cục Thống kê",
        "Ngân hàng Nhà nước",
        "Bộ",
        "Cục",
        "Vụ",
    ),
    PART: (
        "Tổ",
        "Bộ phận",
        "Đội",
        "Khoa",
        "Nhóm",
        "Ban Tiếp công dân",
    ),
    PEOPLES_COMMITTEE: ("UBND", "Ủy ban nhân dân", "UB nhân dân"),
    PEOPLES_COUNCIL: ("HĐND", "Hội đồng nhân dân", "Thường trực HĐND"),
    PARTY: (
        "Tỉnh ủy",
        "Thành ủy",
        "Huyện ủy",
        "Quận ủy",
        "Thị ủy",
        "Đảng ủy",
        "Đảng bộ",
        "Chi bộ",
        "Ủy ban kiểm tra",
        "Văn phòng Tỉnh ủy",
        "Văn phòng Thành ủy",
        "Văn phòng Huyện ủy",
        "Văn phòng Đảng ủy",
        "Ban Tổ chức",
        "Ban Tuyên giáo",
        "Ban Dân vận",
        "Ban Nội chính",
        "Ban Tuyên giáo và Dân vận",
        "Trường Chính trị",
    ),
    FRONT: (
        "Mặt trận Tổ quốc",
        "Ủy ban MTTQ",
        "UBMTTQ",
        "MTTQ",
        "Ủy ban Mặt trận Tổ quốc",
        *YOUTH_UNION,
        # Read only as :func:`township_youth_union` says: "Đoàn Thị Trấn" is a
        # person (surname Đoàn, middle name Thị, given name Trấn).
        "Đoàn thị trấn",
        "Hội Liên hiệp Phụ nữ",
        "Hội LHPN",
        "Hội Phụ nữ",
        "Hội Nông dân",
        "Hội Cựu chiến binh",
        "Hội CCB",
        "Liên đoàn Lao động",
        "Công đoàn",
        "Hội Chữ thập đỏ",
    ),
    AGENCY: (
        "Sở",
        "Phòng",
        "Văn phòng",
        "Ban",
        "Thanh tra",
        "Chi cục",
        "Cơ quan",
        "Tòa án",
        "Viện kiểm sát",
        "Ban Quản lý",
    ),
    POLICE: ("Công an",),
    MILITARY: (
        "Bộ Chỉ huy Quân sự",
        "Ban Chỉ huy Quân sự",
        "Bộ CHQS",
        "Ban CHQS",
        "Bộ Chỉ huy Bộ đội Biên phòng",
        "Đồn Biên phòng",
    ),
    PUBLIC_SERVICE: (
        "Trường",
        "Đại học",
        "Học viện",
        "Bệnh viện",
        "Trung tâm",
        "Viện",
        "Trạm",
        "Thư viện",
        "Bảo tàng",
        "Đài",
        "Nhà văn hóa",
        "Nhà xuất bản",
        "Báo",
        "Tạp chí",
        "Quỹ",
        "Khu di tích",
        "Vườn quốc gia",
        "Văn phòng Đăng ký đất đai",
        # A public notary office is a public service unit of Sở Tư pháp (Luật Công
        # chứng), numbered in its province: "Phòng Công chứng số 1 tỉnh …".
        "Phòng Công chứng",
        # Broadcasting, written out: "Đài" alone reads only with its marks, and
        # "Dai Phat thanh …" folded is still the station.
        "Đài Phát thanh",
        "Đài Truyền hình",
        "Đài PT-TH",
        "Đài PTTH",
        # Abbreviations as CAs write them ("ĐH Y Dược Thái Bình", "BVĐK tỉnh …",
        # "TTYT huyện …"); "ĐH", "BV" are never a person's first word.
        "ĐH",
        "BV",
        "BVĐK",
        "BVĐKKV",
        "TTYT",
        "THPT",
        "THCS",
    ),
    ENTERPRISE: (
        "Công ty",
        "Cty",
        "Tổng công ty",
        "Tập đoàn",
        "Ngân hàng",
        "Hợp tác xã",
        "HTX",
        "Doanh nghiệp",
        "Xí nghiệp",
        "Chi nhánh",
        "Nhà máy",
        # Enterprises' provincial branches, named after the province: VNPT's
        # "Viễn thông Bắc Giang", "Viettel Bắc Giang", "Bưu điện tỉnh …".
        "Viễn thông",
        "VNPT",
        "Viettel",
        "MobiFone",
        "Bưu điện",
        "Điện lực",
        # Practice organisations run as firms (Luật Công chứng, Luật Luật sư):
        # named after a place, never renamed by the reform.
        "Văn phòng Công chứng",
        "Văn phòng Luật sư",
        "Văn phòng Thừa phát lại",
        "Công ty Luật",
    ),
}
"""The words that start each kind of body's name, written out as in Vietnamese (by kind):
what :func:`body_kind` reads, and the spelling :mod:`kyso.core.subjects.body_words`
restores when a subject wrote them without diacritics."""

# (folded first words, kind, the first word as written), the longest first.
_PREFIXES: list[tuple[tuple[str, ...], str, str]] = sorted(
    (
        (tuple(fold_words(words)), kind, words.split()[0].lower())
        for kind, lists in PREFIX_NAMES.items()
        for words in lists
    ),
    key=lambda item: -len(item[0]),
)
# The first words (folded) of the names of PREFIX_NAMES written with a mark: a value
# starting with one of them typed in ASCII may hold body words to spell (may_spell).
_SPELL_FIRST = frozenset(
    fold_words(w.split()[0])[0] for names in PREFIX_NAMES.values() for w in names if not w.isascii()
)
_ENTERPRISE_WORDS = frozenset(("tnhh", "cp", "jsc", "co", "ltd"))
# "co" alone is a company's only written as its abbreviation ("ABC Co., Ltd", "CO.,LTD"):
# folded, it is also "Cổ", "Cờ", "Cò", "cơ" ("Công an xã Cổ Loa", "Công đoàn cơ sở …")
# and the "Co" of Xã Co Mạ.
_COMPANY_CO = re.compile(r"\bco\s*[.,]|\bco\s+ltd\b", re.IGNORECASE | re.ASCII)
_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
for _entry in _PREFIXES:
    _BY_FIRST.setdefault(_entry[0][0], []).append(_entry)


def body_kind(name: str | None) -> str:
    """The kind of body ``name`` names (one of :data:`BODY_KINDS`), as the reform reads it:
    a part or a body of an institution has the institution's kind (its name is kept)."""
    return _kinds(name)[0]


def own_kind(name: str | None) -> str:
    """The kind of body ``name`` names as shown to a user: like :func:`body_kind`, but a
    Party cell or a mass organisation of an institution ("Chi bộ Trường THPT …", "Công
    đoàn Bệnh viện …") keeps its own line's kind (``party``, ``front``) — its name is still
    the institution's, kept (:func:`body_kind` says so)."""
    return _kinds(name)[1]


def may_spell(name: str | None) -> bool:
    """Whether ``name`` may hold a body's words typed without diacritics that
    :func:`kyso.core.subjects.body_words.spelt_words` spells: a body the reform renames,
    its first word ASCII and the first word of a name of :data:`PREFIX_NAMES` written with
    marks ("Dang uy …", "Uy ban …", "HDND …"; not "UBND …", "Đảng ủy …"). Read with the
    kind, once per name: the check asks it of each value it edits at no further cost."""
    return _kinds(name)[2]


@functools.lru_cache(maxsize=16384)
def _kinds(name: str | None) -> tuple[str, str, bool]:
    """(:func:`body_kind`, :func:`own_kind`, :func:`may_spell`) of ``name``: one read,
    memoised."""
    if not name:
        return OTHER, OTHER, False
    words = folded_words(name)
    if not words:
        return OTHER, OTHER, False
    enterprise_words = _ENTERPRISE_WORDS.intersection(words)
    if (
        enterprise_words
        and words[0] in ("cong", "cty", "ngan", "tap")
        and (enterprise_words != {"co"} or _COMPANY_CO.search(name) is not None)
    ):
        return ENTERPRISE, ENTERPRISE, False
    first = name.split()[0].lower().rstrip(".,")
    plain = first.isascii()
    spell = plain and words[0] in _SPELL_FIRST
    for prefix, kind, written in _BY_FIRST.get(words[0], ()):
        if words[: len(prefix)] == prefix:
            if prefix in _SPELT and first != written:
                continue  # "Quân đoàn 3", "Quan doan": not the Youth Union's "Quận đoàn"
            if prefix == _TOWNSHIP_UNION and not township_youth_union(name):
                continue  # "Đoàn Thị Trấn": a person
            if len(prefix) == 1 and not plain and first != written:
                # Folded, "Vụ" is also "Vũ", "Tổ" "Tô", "Bộ" "Bồ": with diacritics written,
                # a one-word start must be spelt as the body's word.
                continue
            if kind == CENTRAL and prefix in _LOCAL_TOO and _names_local_place(words):
                return AGENCY, AGENCY, spell
            if kind in (FRONT, PARTY, AGENCY) and _is_central_line(words):
                return CENTRAL, CENTRAL, False
            if kind in _PART_OF_INSTITUTION_TOO:
                within = _institution_within(words, len(prefix)) or kind
                own = kind if kind in (PARTY, FRONT) else within
                return within, own, spell and within in RENAMED_BY_REFORM
            return kind, kind, spell and kind in RENAMED_BY_REFORM
    # "Hội đồng trường Trường Đại học …", "Ký túc xá Trường …": no body's word leads, an
    # institution's follows. Not "Trung tâm" here: "Nguyễn Trung Tâm" is a person's name.
    kind = _institution_within(words, 1, _NOT_AFTER_A_NAME) or OTHER
    return kind, kind, False


kinds = _kinds
"""(:func:`body_kind`, :func:`own_kind`, :func:`may_spell`) of a name at once, from one
memo (a batch reads each value's kind and whether to spell it)."""


# A part or a body of an institution ("Văn phòng Trường Đại học …", "Công đoàn Bệnh viện
# …", "Chi bộ Trường THPT …", "Phòng Tài chính Kế toán Bệnh viện …") is the institution's:
# its name follows the institution's, which the reform does not rename. Only these words,
# each of two words or more, are looked for after the body's own words: a one-word start
# ("Trường", "Viện", "Đài") inside a name is too often something else ("Môi trường",
# "viên chức"), and "Doanh nghiệp" is also the Party's "Đảng ủy Khối Doanh nghiệp".
_PART_OF_INSTITUTION_TOO = frozenset((AGENCY, FRONT, PARTY, PART))
_WITHIN: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _words, _kind in sorted(
    (
        (tuple(fold_words(words)), kind)
        for kind, lists in {
            PUBLIC_SERVICE: (
                "Trường Đại học",
                "Trường Cao đẳng",
                "Trường Trung cấp",
                "Trường Trung học",
                "Trường Tiểu học",
                "Trường Mầm non",
                "Trường Mẫu giáo",
                "Trường Phổ thông",
                "Trường THPT",
                "Trường THCS",
                "Trường PTDTNT",
                "Trường PTDTBT",
                "Trường TH",
                "Trường MN",
                "Trường PT",
                "Đại học",
                "Học viện",
                "Bệnh viện",
                "Trung tâm",
                "Trạm Y tế",
                "Thư viện",
                "Bảo tàng",
                "Nhà xuất bản",
                "Đài Phát thanh",
                "Đài Truyền hình",
                "Phòng Công chứng",
            ),
            ENTERPRISE: (
                "Công ty",
                "Tổng công ty",
                "Văn phòng Công chứng",
                "Văn phòng Luật sư",
            ),
            CENTRAL: (
                "Học viện Chính trị quốc gia",
                "Học viện Hành chính quốc gia",
                "Kho bạc Nhà nước",
                "Bảo hiểm xã hội",
                "Cục Thuế",
                "Chi cục Thuế",
            ),
        }.items()
        for words in lists
    ),
    key=lambda item: -len(item[0]),
):
    _WITHIN.setdefault(_words[0], []).append((_words, _kind))


_NOT_AFTER_A_NAME = frozenset((tuple(fold_words("Trung tâm")),))


def _institution_within(
    words: tuple[str, ...], after: int, skip: frozenset[tuple[str, ...]] = frozenset()
) -> str | None:
    """The kind of the institution named after the first ``after`` words, if any (none of
    ``skip``)."""
    within = _WITHIN
    for at in range(after, len(words) - 1):
        for seq, kind in within.get(words[at], ()):
            if words[at : at + len(seq)] == seq and seq not in skip:
                if words[at - 1] in _COMMUNE_TYPE_WORDS and (
                    words[at - 1] != "tran" or words[at - 2 : at - 1] == ("thi",)
                ):
                    # A commune's name, not an institution's word: "phường Trung Tâm"
                    # (Thị xã Nghĩa Lộ, Yên Bái).
                    break
                return kind
    return None


# The words before a commune's name ("xã", "phường", "thị trấn"), folded.
_COMMUNE_TYPE_WORDS = frozenset(("xa", "phuong", "tran"))


# Prefixes that read only when their first word is written with its marks, even in an
# ASCII-folded subject: folded, "Quận đoàn" (the Youth Union's committee of an urban
# district) is "Quân đoàn" (an army corps), and "Quan doan" could be either.
_SPELT = frozenset((tuple(fold_words("Quận đoàn")),))


_TOWNSHIP_UNION = tuple(fold_words("Đoàn thị trấn"))


def township_youth_union(name: str) -> bool:
    """Whether ``name`` starting "Đoàn thị trấn" (folded) is a township's Youth Union
    ("Đoàn thị trấn Vũ Thư"): "thị trấn" written in lower case, a name after it. "Đoàn
    Thị Trấn" (a person's name: surname Đoàn, middle name Thị) is not; in capitals it
    cannot be told, so it is not either."""
    written = name.split()
    return len(written) > 3 and written[1] in ("thị", "thi") and written[2] in ("trấn", "tran")


# "Cục", "Vụ" and "Bộ" start central bodies, but "Cục Thuế tỉnh …" and "Bộ Chỉ huy Quân
# sự tỉnh …" are local branches: a place type word after them makes them local.
_LOCAL_TOO = frozenset(tuple(fold_words(w)) for w in ("Cục", "Vụ", "Bộ"))
_PLACE_WORDS = frozenset(("tinh", "thanh", "huyen", "quan", "xa", "phuong", "tp", "thi"))


def _names_local_place(words: tuple[str, ...]) -> bool:
    return any(w in _PLACE_WORDS for w in words[1:])


def _is_central_line(words: tuple[str, ...]) -> bool:
    """The central level of a line: "… Trung ương …", "Hội Nông dân Việt Nam"."""
    text = " ".join(words)
    if " trung uong" in f" {text}" and "thanh pho truc thuoc trung uong" not in text:
        return True
    return text.endswith(" viet nam") and not _names_local_place(words[:-2])


def spelt_as_institution(name: str | None) -> bool:
    """Whether ``name`` starts with the word of an institution, an enterprise or a central
    body spelt as that word ("Báo Thái Bình", "VNPT Bắc Giang"): for telling an
    organization's CN from a person's. A one-word start must carry the word's diacritics
    ("Bảo", "Truong" are names), like :func:`body_kind`'s own rule, only stricter."""
    if not name:
        return False
    kind = body_kind(name)
    if kind not in NOT_RENAMED:
        return False
    words = folded_words(name)
    first = name.split()[0].lower().rstrip(".,")
    starts = False
    for prefix, prefix_kind, written in _BY_FIRST.get(words[0], ()):
        if words[: len(prefix)] == prefix:
            if prefix_kind == kind:
                return len(prefix) > 1 or first == written or _abbreviation_folded(name, written)
            starts = True
    # No body's word leads, an institution's follows ("Ký túc xá Trường Đại học …"):
    # :func:`body_kind` read it so, never from a person's name.
    return not starts and _institution_within(words, 1, _NOT_AFTER_A_NAME) is not None


# Abbreviations with "Đ" as CAs also write them without it, in capitals ("DH Y Duoc …",
# "BVDK tinh …"): Đ folded to D, the abbreviation reads the same. Only these, only in
# capitals: "Dh", "dh" are no abbreviation.
_WITH_D = frozenset(w.lower() for w in ("ĐH", "BVĐK", "BVĐKKV"))


def _abbreviation_folded(name: str, written: str) -> bool:
    first = name.split()[0].rstrip(".,")
    return written in _WITH_D and first.isupper() and first.lower() == written.replace("đ", "d")


def spelt_with_marks(name: str | None) -> bool:
    """Whether ``name`` starts with a body's words that read only when spelt with their
    marks, and is spelt so ("Quận đoàn Hoàn Kiếm"; not "Quân đoàn 3", "Quan doan …"): for
    telling an organization's CN from a person's, like :func:`spelt_as_institution`."""
    if not name:
        return False
    words = folded_words(name)
    return any(words[: len(prefix)] == prefix for prefix in _SPELT) and body_kind(name) != OTHER


# -- departments merged by Nghị định 45/2025/NĐ-CP -------------------------------------
@dataclass(frozen=True, slots=True)
class MergedDepartment:
    """A provincial department merged into another on 01/3/2025 (Nghị định 45/2025/NĐ-CP).

    The usual successor is named, but what a province set up varies (a part may have gone
    to another department; a province without a Sở Dân tộc và Tôn giáo gave Ban Dân tộc's
    work to Sở Nội vụ): the new name is checked with the unit, never proposed.
    """

    old: str
    """The department's full name ("Sở Kế hoạch và Đầu tư")."""
    successor: str
    """The usual successor, as a clause ("Sở Tài chính")."""
    old_en: str
    successor_en: str
    verb: str = "đã hợp nhất vào"
    verb_en: str = "merged into"

    @property
    def reason_vi(self) -> str:
        return (
            f"{self.old} {self.verb} {self.successor} từ 01/3/2025 (Nghị định 45/2025/NĐ-CP); "
            "kiểm tra tên cơ quan mới với đơn vị."
        )

    @property
    def reason_en(self) -> str:
        return (
            f"{self.old} ({self.old_en}) {self.verb_en} {self.successor_en} on 1 March 2025 "
            "(Decree 45/2025/NĐ-CP); check the new body's name with the unit."
        )


_PLANNING = MergedDepartment(
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Department of Planning and Investment",
    "Sở Tài chính (Department of Finance)",
)
_TRANSPORT = MergedDepartment(
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Department of Transport",
    "Sở Xây dựng (Department of Construction)",
)
_INFORMATION = MergedDepartment(
    "Sở Thông tin và Truyền thông",
    "Sở Khoa học và Công nghệ",
    "Department of Information and Communications",
    "Sở Khoa học và Công nghệ (Department of Science and Technology)",
)
_LABOUR = MergedDepartment(
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Nội vụ (một phần nhiệm vụ sang Sở Y tế, Sở Giáo dục và Đào tạo)",
    "Department of Labour, Invalids and Social Affairs",
    "Sở Nội vụ (Department of Home Affairs; some of its work went to Sở Y tế and Sở Giáo "
    "dục và Đào tạo)",
)
_ENVIRONMENT = MergedDepartment(
    "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Môi trường (cùng Sở Nông nghiệp và Phát triển nông thôn)",
    "Department of Natural Resources and Environment",
    "Sở Nông nghiệp và Môi trường (Department of Agriculture and Environment, with the "
    "Department of Agriculture and Rural Development)",
)
_AGRICULTURE = MergedDepartment(
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Nông nghiệp và Môi trường (cùng Sở Tài nguyên và Môi trường)",
    "Department of Agriculture and Rural Development",
    "Sở Nông nghiệp và Môi trường (Department of Agriculture and Environment, with the "
    "Department of Natural Resources and Environment)",
)
_ETHNIC = MergedDepartment(
    "Ban Dân tộc",
    "Sở Dân tộc và Tôn giáo (hoặc Sở Nội vụ nơi không thành lập Sở Dân tộc và Tôn giáo)",
    "the provincial Ethnic Affairs Committee",
    "Sở Dân tộc và Tôn giáo (Department of Ethnic and Religious Affairs; Sở Nội vụ where "
    "none was set up)",
    verb="đã tổ chức lại thành",
    verb_en="was reorganised as",
)
# The words after "Sở" (folded, "và" left out, joined), written out or abbreviated:
# "Sở KH&ĐT", "Sở KHĐT", "Sở LĐ-TB&XH", "SO TN&MT" …
_MERGED_AFTER_SO = {
    "kehoachdautu": _PLANNING,
    "khdt": _PLANNING,
    "giaothongvantai": _TRANSPORT,
    "gtvt": _TRANSPORT,
    "thongtintruyenthong": _INFORMATION,
    "tttt": _INFORMATION,
    "laodongthuongbinhxahoi": _LABOUR,
    "laodongtbxh": _LABOUR,
    "ldtbxh": _LABOUR,
    "tainguyenmoitruong": _ENVIRONMENT,
    "tnmt": _ENVIRONMENT,
    "nongnghiepphattriennongthon": _AGRICULTURE,
    "nongnghiepptnt": _AGRICULTURE,
    "nnptnt": _AGRICULTURE,
}
# The longest written out, "và" included: "Nông nghiệp và Phát triển nông thôn" (7 words).
_MERGED_WORDS = 7
_ETHNIC_WORDS = ("ban", "dan", "toc")


def _names_council(words: tuple[str, ...]) -> bool:
    """Whether folded ``words`` name a People's Council by its own words ("HĐND", "Hội đồng
    nhân dân"); never by a bare "dong" ("Đồng Nai", "Lâm Đồng" are provinces)."""
    if "hdnd" in words:
        return True
    for at, word in enumerate(words):
        if word == "hoi" and words[at + 1 : at + 4] == ("dong", "nhan", "dan"):
            return True
    return False


@functools.lru_cache(maxsize=16384)
def merged_department(name: str | None, parent: str | None = None) -> MergedDepartment | None:
    """The department ``name`` names or belongs to, when Nghị định 45/2025/NĐ-CP merged it
    into another ("Sở KH&ĐT tỉnh Thái Bình", "Thanh tra Sở Giao thông vận tải Hà Nội",
    "Ban Dân tộc tỉnh Sơn La", "Văn phòng Ban Dân tộc tỉnh …"); None for a department that
    goes on under its name ("Sở Tài chính", "Sở Y tế", "Sở GD&ĐT"), for the central "Ủy ban
    Dân tộc" and for a People's Council's own Ban Dân tộc — named in the value ("Ban Dân
    tộc HĐND tỉnh …") or in ``parent``, the attribute next up the chain ("OU=Ban Dân tộc,
    O=HĐND tỉnh …")."""
    if not name:
        return None
    if parent is not None:
        found = merged_department(name)
        if found is _ETHNIC and _names_council(folded_words(parent)):
            return None  # the People's Council's committee: it goes on
        return found
    words = folded_words(name)
    for at, word in enumerate(words):
        if word == "ban":
            if words[at : at + 3] != _ETHNIC_WORDS or (at > 0 and words[at - 1] == "uy"):
                continue  # not "Ban Dân tộc", or the central "Ủy ban Dân tộc"
            # "Ban Dân tộc HĐND tỉnh …": the People's Council's committee goes on.
            return None if _names_council(words) else _ETHNIC
        if word != "so":
            continue
        joined = ""
        for following in words[at + 1 : at + 1 + _MERGED_WORDS]:
            if following == "va":
                continue
            joined += following
            found = _MERGED_AFTER_SO.get(joined)
            if found is not None:
                return found
    return None


def renamed_by_reform(kind: str) -> bool:
    return kind in RENAMED_BY_REFORM


def clear_caches() -> None:
    _kinds.cache_clear()
    merged_department.cache_clear()
