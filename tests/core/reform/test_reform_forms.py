"""Every abbreviation, in NFC, NFD, ASCII-folded and ALL CAPS forms, reads the same.

The plain (NFC, written out) subject of each pair is the reference; its abbreviated twin
must give the same verdict, province, commune and proposed attributes. Proposals are NFC
and follow the written style: "X." stays "X.", "T. Hải Dương" becomes "TP. Hải Phòng"
(a centrally-run city is never written "T.").
"""

from __future__ import annotations

import unicodedata

import pytest

from kyso.core.reform.check import check_subject

# (abbreviated subject, written-out subject, proposals of the abbreviated one)
PAIRS = [
    (
        "CN=UBND X. Vũ Hội,O=UBND H. Vũ Thư,L=T. Thái Bình",
        "CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=tỉnh Thái Bình",
        # "T." only where the province was written "T.": after "H." it is written out.
        {"CN": "UBND X. Thư Vũ", "O": "UBND tỉnh Hưng Yên", "L": "T. Hưng Yên"},
    ),
    (
        "CN=UBND TT. Vũ Thư,O=UBND H. Vũ Thư,L=Thái Bình",
        "CN=UBND thị trấn Vũ Thư,O=UBND huyện Vũ Thư,L=Thái Bình",
        {"CN": "UBND X. Vũ Thư", "O": "UBND tỉnh Hưng Yên", "L": "Hưng Yên"},
    ),
    (
        "CN=UBND P. Đề Thám,O=UBND TP Thái Bình,L=Thái Bình",
        "CN=UBND phường Đề Thám,O=UBND thành phố Thái Bình,L=Thái Bình",
        {"CN": "UBND P. Trần Hưng Đạo", "O": "UBND tỉnh Hưng Yên", "L": "Hưng Yên"},
    ),
    (
        "CN=UBND TX. Hương Thủy,L=Thừa Thiên Huế",
        "CN=UBND thị xã Hương Thủy,L=Thừa Thiên Huế",
        {},
    ),
    (
        "CN=UBND Q. Lê Chân,L=TP Hải Phòng",
        "CN=UBND quận Lê Chân,L=thành phố Hải Phòng",
        {},
    ),
    (
        "CN=Sở Y tế T. Hải Dương,L=T. Hải Dương",
        "CN=Sở Y tế tỉnh Hải Dương,L=tỉnh Hải Dương",
        {"CN": "Sở Y tế TP. Hải Phòng", "L": "TP. Hải Phòng"},
    ),
    (
        "CN=Sở Y tế T. Quảng Nam,L=TP Đà Nẵng",
        "CN=Sở Y tế tỉnh Quảng Nam,L=thành phố Đà Nẵng",
        {"CN": "Sở Y tế TP. Đà Nẵng"},
    ),
]


def _summary(dn: str) -> tuple:
    got = check_subject(dn).to_json()
    return (
        got["status"],
        got["holder_kind"],
        got["body_kind"],
        got["province"]["new"],
        (got["commune"] or {}).get("new"),
        sorted(got["proposed"]),
    )


@pytest.mark.parametrize(("short", "full", "proposed"), PAIRS)
def test_abbreviation_reads_like_written_out(short: str, full: str, proposed: dict) -> None:
    assert _summary(short) == _summary(full)
    got = check_subject(short).to_json()
    assert got["proposed"] == proposed
    for value in got["proposed"].values():
        assert unicodedata.is_normalized("NFC", value)


@pytest.mark.parametrize(("short", "full", "proposed"), PAIRS)
@pytest.mark.parametrize("form", ["nfd", "upper", "ascii"])
def test_every_form(short: str, full: str, proposed: dict, form: str) -> None:
    for dn in (short, full):
        variant = {
            "nfd": unicodedata.normalize("NFD", dn),
            "upper": dn.upper().replace("CN=", "CN=").replace("C=VN", "C=VN"),
            "ascii": _ascii_keep_dots(dn),
        }[form]
        assert _summary(variant) == _summary(dn), variant
        got = check_subject(variant).to_json()
        if form == "nfd":
            assert got["proposed"] == check_subject(dn).to_json()["proposed"]
        if form == "upper":
            assert got["proposed"] == {
                k: v.upper() for k, v in check_subject(dn).to_json()["proposed"].items()
            }
        for value in got["proposed"].values():
            assert unicodedata.is_normalized("NFC", value)


def _ascii_keep_dots(dn: str) -> str:
    """Diacritics dropped, dots and spacing kept: "UBND X. Vu Hoi"."""
    plain = unicodedata.normalize("NFD", dn).replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in plain if not unicodedata.combining(c))


def test_t_before_a_city_is_tp() -> None:
    got = check_subject("CN=Sở Y tế,O=UBND T. Hải Dương,L=T. Hải Dương").to_json()
    assert got["proposed"] == {"O": "UBND TP. Hải Phòng", "L": "TP. Hải Phòng"}


def test_x_dot_gives_the_commune() -> None:
    got = check_subject("CN=UBND X. Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình").to_json()
    assert got["status"] == "needs_change"
    assert got["commune"] == {"old": "Xã Vũ Hội", "new": ["Xã Thư Vũ"]}
    assert got["proposed"]["CN"] == "UBND X. Thư Vũ"


def test_nfd_person_keeps_kind_and_district() -> None:
    dn = unicodedata.normalize(
        "NFD",
        "CN=Nguyễn Văn Nhượng,T=Chuyên viên,OU=Phòng Tài chính,O=UBND huyện Vũ Thư,L=Thái Bình",
    )
    got = check_subject(dn).to_json()
    assert got["holder_kind"] == "person"
    assert got["status"] == "unit_abolished"
    assert got["district"] == {"old": "Huyện Vũ Thư"}
    assert got["proposed"] == {"L": "Hưng Yên"}
