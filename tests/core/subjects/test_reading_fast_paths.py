"""The shortcuts of subject reading (issue 15 item 6) read exactly what the full path reads.

- :func:`~kyso.core.subjects.holder.identity_numbers` reads "SCHEME:digits" without its
  regular expression; every other spelling still goes through it.
- :func:`~kyso.core.subjects.holder.holder_of_pieces` (a batch splits each subject once)
  is :func:`~kyso.core.subjects.holder.read_holder` of the same subject.
- the place scan keeps a one-word token as its key alone (``places._folded``): "T. P"
  still joins into "tp", positions stay those of the text.
"""

from __future__ import annotations

import itertools

import pytest

from kyso.core.subjects import places
from kyso.core.subjects.admin_units import load
from kyso.core.subjects.holder import (
    _ID_RE,
    _ID_SEPARATORS,
    Attribute,
    IdentityNumber,
    _scheme,
    holder_of_pieces,
    identity_numbers,
    pattern_and_pieces,
    read_holder,
    subject_pattern,
)


def _by_regex(attrs: list[Attribute]) -> list[IdentityNumber]:
    """identity_numbers as it was before the shortcut: every part through _ID_RE."""
    out = []
    for attr in attrs:
        if attr.key not in ("UID", "serialNumber"):
            continue
        for part in _ID_SEPARATORS.split(attr.value):
            match = _ID_RE.match(part)
            if match:
                out.append(IdentityNumber(_scheme(match.group(1)), match.group(2), attr.key))
            elif part.strip():
                out.append(IdentityNumber("", part.strip(), attr.key))
    return out


SCHEMES = [
    "MST",
    "cccd",
    "CCCD",
    "Mst",
    "M",
    "MS",
    "ĐDCN",
    "HO CHIEU",
    "A" * 16,
    "A" * 17,
    "M1",
    "",
    " MST",
    "MST ",
]
NUMBERS = ["0101", "0", "", "01-02", "0101/2", "ABC123", "١٢٣", "0101 ", " 0101", "01.2", "x"]
SEPARATORS = [":", "=", "-", " : ", "::"]


def test_identity_numbers_read_as_the_regex_reads_them() -> None:
    checked = 0
    for scheme, sep, number in itertools.product(SCHEMES, SEPARATORS, NUMBERS):
        for key in ("UID", "serialNumber"):
            attrs = [Attribute(key, f"{scheme}{sep}{number}")]
            assert identity_numbers(attrs) == _by_regex(attrs), attrs
            checked += 1
    # two values in one attribute, a person's and an organization's
    attrs = [Attribute("UID", "CCCD:001;MST:0101"), Attribute("UID", "MST:1, cccd:2")]
    assert identity_numbers(attrs) == _by_regex(attrs)
    assert [i.scheme for i in identity_numbers(attrs)] == ["CCCD", "MST", "MST", "CCCD"]
    assert checked > 1000


def test_two_numbers_read_apart() -> None:
    one = identity_numbers([Attribute("UID", "MST:0101")])
    other = identity_numbers([Attribute("UID", "CCCD:0101")])
    assert one != other and one[0].scheme == "MST" and other[0].scheme == "CCCD"


@pytest.fixture(scope="module")
def subjects() -> list[str]:
    from tests.core.checkup.test_subjects_json import ODD
    from tests.core.reform.test_reform_caches import _varied

    return _varied() + ODD


def test_holder_of_pieces_is_read_holder(subjects: list[str]) -> None:
    read = 0
    for subject in subjects:
        pattern, pieces = pattern_and_pieces(subject)
        assert pattern == subject_pattern(subject)
        if pattern is None:
            assert pieces is None
            continue
        assert pieces is not None
        assert holder_of_pieces(pieces) == read_holder(subject), subject
        read += 1
    assert read > 100


def test_holders_of_two_subjects_differ() -> None:
    a = holder_of_pieces(pattern_and_pieces("UID=MST:1,CN=UBND Xã An Bình,L=Thái Bình")[1] or [])
    b = holder_of_pieces(pattern_and_pieces("UID=MST:1,CN=UBND Xã An Hòa,L=Thái Bình")[1] or [])
    assert a.name == "UBND Xã An Bình" and b.name == "UBND Xã An Hòa"


@pytest.mark.parametrize(
    ("text", "keys", "spans"),
    [
        ("T. P Hà Nội", ["tp", "ha", "noi"], [(0, 4), (5, 7), (8, 11)]),
        ("T.P Hà Nội", ["tp", "ha", "noi"], [(0, 3), (4, 6), (7, 10)]),
        ("T.  P Huế", ["t", "p", "hue"], [(0, 1), (4, 5), (6, 9)]),  # too far apart
        ("UBND  Q1", ["ubnd", "q", "1"], [(0, 4), (6, 7), (7, 8)]),
        ("Xã (Hòa) Bình", ["xa", "hoa", "binh"], [(0, 2), (4, 7), (9, 13)]),
        ("P P", ["p", "p"], [(0, 1), (2, 3)]),
        ("T P", ["tp"], [(0, 3)]),
        (" - ", [], []),
    ],
)
def test_folded_words_and_places(text: str, keys: list[str], spans: list[tuple[int, int]]) -> None:
    places.clear_caches()
    for _ in range(2):  # read, then from the token cache
        got_keys, starts, ends = places._folded(text)
        assert got_keys == keys
        assert list(zip(starts, ends, strict=True)) == spans


def test_scan_still_finds_joined_tp() -> None:
    units = load()
    for text in ("UBND T. P Hà Nội", "UBND T.P Hà Nội", "UBND TP Hà Nội"):
        (mention,) = places.scan(text, units)
        assert mention.type_key == "thanhpho" and mention.name_key == "hanoi"
        assert mention.written_name == "Hà Nội"


# -- the usual subject read by its head (UID, CN) and a tail read once ---------------------
HEAD_CASES = [
    "UID=MST:0101,CN=UBND Xã An Bình,O=UBND Huyện Vũ Thư,L=Thái Bình,C=VN",
    "UID=CCCD:0101,CN=Nguyễn Văn An,2.5.4.12=Chuyên viên,OU=Phòng Nội vụ,O=UBND Tỉnh A,C=VN",
    "UID=MST:0101,CN=NGUYỄN VĂN AN,T=Giám đốc,O=CÔNG TY TNHH A,L=Hà Nội",
    "UID=mst:0101,CN=UBND Xã An Bình,L=Thái Bình",  # scheme written lower case
    "UID=MST: 0101,CN=UBND Xã An Bình,L=Thái Bình",  # a space before the digits
    "UID= MST:0101,CN=UBND Xã An Bình,L=Thái Bình",  # a space the value's strip drops
    "UID=MST:0101 ,CN=UBND Xã An Bình,L=Thái Bình",  # not ending in digits
    "UID=MST:01A1,CN=UBND Xã An Bình,L=Thái Bình",
    "UID=MST1:0101,CN=UBND Xã An Bình,L=Thái Bình",  # a digit in the stem
    "UID=0101,CN=UBND Xã An Bình,L=Thái Bình",  # digits alone
    "UID=,CN=UBND Xã An Bình,L=Thái Bình",
    "UID=MST:0101:2,CN=UBND Xã An Bình,L=Thái Bình",
    "UID=M:0101,CN=UBND Xã An Bình,L=Thái Bình",  # too short for a scheme
    "UID=ĐDCN:0101,CN=Nguyễn Văn An,L=Thái Bình",
    "UID=HO CHIEU:0101,CN=Nguyễn Văn An,L=Thái Bình",
    "UID=MST:0101,CN=UBND Xã An Bình,L=Thái Bình,L=Nam Định,ST=A,ST=B,T=x,T=y",
    "UID=MST:0101,CN=UBND Xã An Bình,O=,OU=,L=",  # empty values left out
    "UID=MST:0101,CN=,L=Thái Bình",
    "UID=MST:0101,CN=Nguy\ufffdn Văn An,L=Th\ufffdi Bình",  # lost characters
    "UID=MST:01\ufffd01,CN=A,L=B",
    "UID=\ufffdMST:0101,CN=A,L=B",
    "UID=MST\u00a0:0101,CN=A,L=B",  # a character clean changes, before the digits
    "UID=MST  X:0101,CN=A,L=B",
    "UID=#0c03414243,CN=A,L=B",  # hex
    "UID=MST:#0101,CN=A,L=B",
    "UID=MST:0101,CN=Hoà Bình,L=Hoà Bình",  # values clean rewrites
    "UID=MST:0101,CN=A,L=B,",  # an empty piece: no pattern
    "UID=MST:0101,CN=A,L=B,Hà Nội",  # a piece without "=": no pattern
    "UID=MST:0101,CN=A,CN=B,L=C",  # a second CN: read the general way
    "UID=MST:0101,CN=A,UID=CCCD:1,L=C",
    "UID=MST:0101,CN=A,L=C,E=a@b.vn",
    "UID=MST:0101,CN=A,L=C,serialNumber=CMND:1",
    "UID=MST:0101,O=A,CN=B,L=C",  # CN not second
    "UID=MST:0101,cn=A,L=C",
    "UID=MST:0101,CN=A",  # no tail
    "UID=MST:0101,CN=\x02A,L=C",
]


def test_head_and_tail_read_as_read_holder() -> None:
    from kyso.core.subjects.holder import _pattern_of, clear_caches

    for warm in (False, True):
        if not warm:
            clear_caches()
        for subject in HEAD_CASES:
            pattern, pieces = pattern_and_pieces(subject)
            # the pattern the general way (every piece read alike)
            assert pattern == _pattern_of(subject.split(",")), subject
            if pattern is not None:
                assert holder_of_pieces(pieces) == read_holder(subject), subject  # type: ignore[arg-type]


def test_uid_stems_read_each_number() -> None:
    # One stem, many numbers: each holder has its own number, the pattern is shared.
    holders = [holder_of_pieces(pattern_and_pieces(f"UID=MST:{n},CN=A,L=B")[1]) for n in (1, 22)]  # type: ignore[arg-type]
    assert [h.ids[0].value for h in holders] == ["1", "22"]
    assert [a.value for a in holders[1].attributes if a.key == "UID"] == ["MST:22"]
    assert subject_pattern("UID=MST:1,CN=A,L=B") == subject_pattern("UID=MST:22,CN=A,L=B")
    assert subject_pattern("UID=MST:1,CN=A,L=B") != subject_pattern("UID=CCCD:1,CN=A,L=B")
    assert subject_pattern("UID=MST:1,CN=A,L=B") != subject_pattern("UID=MST:1,CN=A,L=C")


def test_tail_is_keyed_on_all_of_it() -> None:
    a = holder_of_pieces(pattern_and_pieces("UID=MST:1,CN=A,OU=X,O=Y,L=B")[1])  # type: ignore[arg-type]
    b = holder_of_pieces(pattern_and_pieces("UID=MST:1,CN=A,OU=X,O=Y,L=C")[1])  # type: ignore[arg-type]
    assert a.locality == "B" and b.locality == "C" and a.units == b.units == ("X", "Y")
