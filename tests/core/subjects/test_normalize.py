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
