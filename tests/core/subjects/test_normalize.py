"""Normalisation at the door: one spelling for the many ways a value arrives."""

from __future__ import annotations

import unicodedata

import pytest

from kyso.core.subjects.holder import read_holder
from kyso.core.subjects.normalize import clean


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (unicodedata.normalize("NFD", "Nguyễn Văn Nhượng"), "Nguyễn Văn Nhượng"),
        ("Hoà Bình", "Hòa Bình"),
        ("Thuỷ Nguyên", "Thủy Nguyên"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("TOÀ ÁN", "TÒA ÁN"),
        ("Tuỵ", "Tụy"),
        ("quý", "quý"),  # "qu" + "y": the mark is on y already
        ("Huỳnh", "Huỳnh"),  # closed syllable: unchanged
        ("hoàn", "hoàn"),
        ("Bà Rịa\u00a0–\u00a0Vũng  Tàu", "Bà Rịa - Vũng Tàu"),
        ("Phòng Tài chính—Kế hoạch", "Phòng Tài chính-Kế hoạch"),
        ("  UBND\ttỉnh   Thái Bình ", "UBND tỉnh Thái Bình"),
        ("Ea H\u2019leo", "Ea H'leo"),
        ("", ""),
    ],
)
def test_clean(raw: str, expected: str) -> None:
    got = clean(raw)
    assert got == expected
    assert unicodedata.is_normalized("NFC", got)


def test_holder_values_are_nfc() -> None:
    dn = unicodedata.normalize(
        "NFD",
        "CN=Nguyễn Văn Nhượng,T=Chuyên viên,OU=Phòng Tài chính,O=UBND huyện Vũ Thư,L=Thái Bình",
    )
    holder = read_holder(dn)
    assert holder.kind == "person"
    assert holder.name == "Nguyễn Văn Nhượng"
    assert all(unicodedata.is_normalized("NFC", a.value) for a in holder.attributes)
    assert holder.units == ("Phòng Tài chính", "UBND huyện Vũ Thư")


def test_nfd_person_name_without_title_is_still_a_person() -> None:
    # Combining marks are not letters: before normalisation the name did not read as one.
    dn = unicodedata.normalize("NFD", "CN=Nguyễn Văn Nhượng,OU=Phòng Tài chính,O=UBND huyện Vũ Thư")
    assert read_holder(dn).kind == "person"


# -- full-width forms (East-Asian input methods) ------------------------------------------
def test_full_width_forms_are_their_nfkc_ascii() -> None:
    # Every U+FF01–U+FF5E becomes what NFKC makes of it (an ASCII character); U+3000 a space.
    for code in range(0xFF01, 0xFF5F):
        ch = chr(code)
        expected = unicodedata.normalize("NFKC", ch)
        assert expected.isascii()
        got = clean(f"a{ch}b")
        assert got == clean(f"a{expected}b"), hex(code)
    assert clean("UBND\u3000xã") == "UBND xã"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＵＢＮＤ Ｘã Vũ Hội", "UBND Xã Vũ Hội"),
        ("Ｓở ＫＨ＆ĐＴ", "Sở KH&ĐT"),
        ("Ｐｈườｎｇ　３", "Phường 3"),
        ("ＱＵẬＮ　ĐＯÀＮ　１", "QUẬN ĐOÀN 1"),
        # A full-width letter before a combining mark composes like an ASCII one.
        (unicodedata.normalize("NFD", "Ｘã"), "Xã"),
    ],
)
def test_full_width_values(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize("kept", ["x²", "ﬁ", "Ⅳ", "①", "ｶ", "㎡", "™"])
def test_other_compatibility_characters_are_not_changed(kept: str) -> None:
    # NFKC on the whole value would write these otherwise ("x2", "fi", "IV", "1", "カ"):
    # only the full-width forms are mapped.
    assert clean(f"Tổ {kept}") == f"Tổ {kept}"


def test_suspect_search_is_the_plain_alternatives() -> None:
    # normalize._SUSPECT is written to start with one character class (a faster search):
    # it must answer as the plain form "[odd]|  |^ | $|[oOuU][toned]" does.
    import random
    import re

    from kyso.core.subjects import normalize

    toned = "àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ"
    plain = re.compile(f"[{normalize._ODD_CHARACTERS}]|  |^ | $|[oOuU][{toned}]")
    alphabet = list("ab oOuUyYqQ\n\t`\u00a0\u0301\u00d0\u200b\ud800\uff21\u2013ệộ") + list(toned)
    rng = random.Random(7)
    for _ in range(20000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        assert (normalize._SUSPECT.search(value) is None) == (plain.search(value) is None), value
        assert normalize.is_plain(value) == (plain.search(value) is None)


def test_tone_hint_never_hides_a_new_tone_placement() -> None:
    # _clean skips the slow tone rewrite when the quick hint finds nothing: each value
    # the rewrite changes must have the hint.
    import itertools

    from kyso.core.subjects import normalize

    letters = ["o", "a", "u", "y", "e", "q", "h", "n", " ", "\u0300", "\u0309", "-", "1"]
    for n in range(1, 5):
        for chars in itertools.product(letters, repeat=n):
            text = "".join(chars)
            if normalize._NEW_TONE.sub(normalize._traditional, text) != text:
                assert normalize._NEW_TONE_HINT.search(text) is not None, text
