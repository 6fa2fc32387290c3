"""A body's words written without diacritics, spelt again (kyso.core.subjects.body_words).

A proposal is text the clerk sends to the CA: the words of the body kept from an
ASCII-folded subject ("Dang uy xa Vu Hoi") are spelt with their marks, in the case written;
anything not a known body word stays as written (issue 15, item 1).
"""

from __future__ import annotations

import unicodedata

import pytest

from kyso.core.subjects import bodies, body_words
from kyso.core.subjects.body_words import apply, spelt_words


def _spelt(text: str) -> str:
    """``text`` with every restoration applied (as if the place came after it all)."""
    return apply(text, spelt_words(text), len(text))


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFD", text).replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in plain if not unicodedata.combining(c))


@pytest.mark.parametrize(
    ("written", "spelt"),
    [
        ("Dang uy xa Vu Hoi", "Đảng ủy xa Vu Hoi"),
        ("DANG UY XA VU HOI", "ĐẢNG ỦY XA VU HOI"),
        ("Dang Uy Xa Vu Hoi", "Đảng Ủy Xa Vu Hoi"),
        ("dang uy xa vu hoi", "đảng ủy xa vu hoi"),
        ("HDND xa Vu Hoi", "HĐND xa Vu Hoi"),
        ("hdnd xa vu hoi", "HĐND xa vu hoi"),  # an acronym is the acronym
        ("Uy ban nhan dan huyen Vu Thu", "Ủy ban nhân dân huyen Vu Thu"),
        ("Huyen uy Vu Thu", "Huyện ủy Vu Thu"),
        ("Thanh uy thanh pho Thai Binh", "Thành ủy thanh pho Thai Binh"),
        ("Tinh uy Thai Binh", "Tỉnh ủy Thai Binh"),
        ("Mat tran To quoc xa Vu Hoi", "Mặt trận Tổ quốc xa Vu Hoi"),
        ("Uy ban MTTQ Viet Nam xa Vu Hoi", "Ủy ban MTTQ Việt Nam xa Vu Hoi"),
        ("Doan TNCS Ho Chi Minh xa Vu Hoi", "Đoàn TNCS Hồ Chí Minh xa Vu Hoi"),
        ("Hoi Lien hiep Phu nu xa Vu Hoi", "Hội Liên hiệp Phụ nữ xa Vu Hoi"),
        ("Van phong HDND va UBND xa Vu Hoi", "Văn phòng HĐND và UBND xa Vu Hoi"),
        ("Van phong Dang uy xa Vu Hoi", "Văn phòng Đảng ủy xa Vu Hoi"),
        ("Phong Tai chinh - Ke hoach huyen Vu Thu", "Phòng Tài chính - Kế hoạch huyen Vu Thu"),
        ("Phong Van hoa va Thong tin", "Phòng Văn hóa và Thông tin"),
        ("So Y te tinh Thai Binh", "Sở Y tế tinh Thai Binh"),
        ("Cong an xa Vu Hoi", "Công an xa Vu Hoi"),
        ("Ban Chi huy Quan su xa Vu Hoi", "Ban Chỉ huy Quân sự xa Vu Hoi"),
        # A unit's usual full name is one known sequence: "Dự án" within it.
        ("Ban Quan ly Du an xa Vu Hoi", "Ban Quản lý Dự án xa Vu Hoi"),
        ("BO PHAN MOT CUA XA VU HOI", "BỘ PHẬN MỘT CỬA XA VU HOI"),
        # Words written with marks are the subject's own: only the folded ones change.
        ("Dang ủy xã Vũ Hội", "Đảng ủy xã Vũ Hội"),
    ],
)
def test_known_body_words_are_spelt_in_the_case_written(written: str, spelt: str) -> None:
    assert _spelt(written) == spelt
    assert unicodedata.is_normalized("NFC", _spelt(written))


@pytest.mark.parametrize(
    ("written", "spelt"),
    [
        # An unknown word after the body's words stays as written: folded, "Cho" (Chợ?
        # Chó? Cho?) could be several words.
        ("Ban Quan ly Cho xa Vu Hoi", "Ban Quản lý Cho xa Vu Hoi"),
        # After the first name only a sequence or an acronym: "Vu" alone (Vụ? Vũ?) is not.
        ("Ban Vu Hoi", "Ban Vu Hoi"),
        ("Phong Vu Thu", "Phòng Vu Thu"),
    ],
)
def test_anything_else_stays_as_written(written: str, spelt: str) -> None:
    assert _spelt(written) == spelt


@pytest.mark.parametrize(
    "text",
    [
        "UBND xa Vu Hoi",  # an acronym first: nothing to spell
        "Đảng ủy xã Vũ Hội",  # spelt with marks already
        "ĐẢNG ỦY XÃ VŨ HỘI",
        "Nguyen Van Dang",  # a person's name
        "Dang Van Hoi",  # a person whose surname folds like "Đảng"
        "Truong Tieu hoc xa Vu Hoi",  # an institution: its name is never edited
        "Kho bac Nha nuoc Thai Binh",  # a central body's branch: never edited
        "Vu Hoi",
        "",
    ],
)
def test_values_that_name_no_body_the_reform_renames_read_nothing(text: str) -> None:
    assert spelt_words(text) == ()


def test_a_value_spelt_with_marks_costs_nothing_more() -> None:
    # The usual value (marks, or an acronym first) is answered by bodies.may_spell, read
    # with the body's kind in one memo: nothing is read or remembered for it here, so the
    # check of such subjects is not slowed.
    body_words.clear_caches()
    for text in ("UBND xã Vũ Hội", "Đảng ủy xã Vũ Hội", "Sở Y tế tỉnh Thái Bình", "Nguyễn Văn A"):
        assert not bodies.may_spell(text)
        assert spelt_words(text) == ()
    assert body_words._spelt == {}
    assert bodies.may_spell("Dang uy xa Vu Hoi")
    assert spelt_words("Dang uy xa Vu Hoi")
    assert list(body_words._spelt) == ["Dang uy xa Vu Hoi"]


@pytest.mark.parametrize(
    ("text", "may"),
    [
        ("Dang uy xa Vu Hoi", True),
        ("DANG UY XA VU HOI", True),
        ("HDND xa Vu Hoi", True),
        ("Uy ban nhan dan xa Vu Hoi", True),
        ("UBND xa Vu Hoi", False),  # nothing in it to spell
        ("Đảng ủy xã Vũ Hội", False),
        ("Dang Van Hoi", False),  # a person
        ("Truong Tieu hoc xa Vu Hoi", False),  # an institution: never edited
        ("Cuc Thue tinh Thai Binh", False),  # a central body's branch: never edited
        ("", False),
    ],
)
def test_may_spell_is_read_with_the_kind(text: str, may: bool) -> None:
    assert bodies.may_spell(text) is may
    assert bodies.kinds(text) == (bodies.body_kind(text), bodies.own_kind(text), may)


def _vocabulary() -> list[str]:
    names = {
        name
        for kind, listed in bodies.PREFIX_NAMES.items()
        if kind in bodies.RENAMED_BY_REFORM
        for name in listed
    }
    return sorted(names | set(body_words._NAMES))


@pytest.mark.parametrize("name", _vocabulary())
def test_every_known_name_folded_is_spelt_back(name: str) -> None:
    # Each name of the vocabulary, written ASCII-folded before a place, is spelt back
    # exactly (in its own case, and all upper case); one whose folded form reads as no
    # body the reform renames ("Quan doan": an army corps too) is left alone.
    for written, want in ((_ascii(name), name), (_ascii(name).upper(), name.upper())):
        text = f"{written} xa Vu Hoi"
        if bodies.body_kind(text) not in bodies.RENAMED_BY_REFORM:
            assert spelt_words(text) == ()
            continue
        got = apply(text, spelt_words(text), len(written))
        # An acronym stays one in any case ("HĐND" in "Văn phòng HĐND và UBND").
        words = [
            w if w.isupper() else (w.upper() if written.isupper() else w) for w in want.split()
        ]
        assert got == " ".join(words) + " xa Vu Hoi", (name, written)
