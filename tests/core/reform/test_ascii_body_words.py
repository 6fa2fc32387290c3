"""Proposals for ASCII-folded, NFD and ALL CAPS subjects: one spelling, NFC, with marks.

Issue 15 item 1: a subject typed without diacritics ("CN=Dang uy xa Vu Hoi") got a mixed
proposal, the body's words as typed beside the new unit's marked name ("Dang uy xã Thư
Vũ"); in capitals "DANG UY XÃ THƯ VŨ". A proposal is what the clerk sends to the CA: the
known body words are spelt with their marks, in the subject's case ("Đảng ủy xã Thư Vũ",
"ĐẢNG ỦY XÃ THƯ VŨ"); what is no body word stays as written.

The verdicts are shared among subjects that read alike (``shared_verdict``, the batch's
patterns): forms that now render differently must never share one, in either order.
"""

from __future__ import annotations

import unicodedata

import pytest

from kyso.core.checkup.certificate import subject_verdicts
from kyso.core.reform.check import check_subject, clear_caches
from tests.support.admin_packages import package_successor


def _ascii(dn: str) -> str:
    plain = unicodedata.normalize("NFD", dn).replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in plain if not unicodedata.combining(c))


def _caps(dn: str) -> str:
    """Every value in capitals, the attribute names as they are."""
    return ",".join(f"{k}={v.upper()}" for k, v in (p.split("=", 1) for p in dn.split(",")))


def _proposed(dn: str) -> dict[str, str]:
    return check_subject(dn).to_json()["proposed"]


PARTY = "CN=Đảng ủy xã Vũ Hội,O=Đảng ủy huyện Vũ Thư,ST=Thái Bình,C=VN"


def test_the_issue_subject_in_every_form() -> None:
    # The oracle: Xã Vũ Hội (Huyện Vũ Thư, Thái Bình) merged wholly into Xã Thư Vũ, Hưng Yên.
    assert package_successor("tinhthaibinh_huyenvuthu_xavuhoi") == ("Hưng Yên", "Xã Thư Vũ")
    want = {"CN": "Đảng ủy xã Thư Vũ", "O": "Tỉnh ủy Hưng Yên", "ST": "Hưng Yên"}
    caps = {k: v.upper() for k, v in want.items()}
    assert caps["CN"] == "ĐẢNG ỦY XÃ THƯ VŨ"
    forms = {
        PARTY: want,
        _ascii(PARTY): want,  # "CN=Dang uy xa Vu Hoi,O=Dang uy huyen Vu Thu,ST=Thai Binh"
        unicodedata.normalize("NFD", PARTY): want,
        _caps(PARTY): caps,
        _caps(_ascii(PARTY)): caps,  # "CN=DANG UY XA VU HOI,…"
        unicodedata.normalize("NFD", _caps(PARTY)): caps,
    }
    for dn, proposed in forms.items():
        got = check_subject(dn).to_json()
        assert got["status"] == "needs_change", dn
        assert got["commune"] == {"old": "Xã Vũ Hội", "new": ["Xã Thư Vũ"]}, dn
        assert got["proposed"] == proposed, dn
        for value in got["proposed"].values():
            assert unicodedata.is_normalized("NFC", value)


# One subject per kind of body whose words the check keeps before the new unit.
BODIES = [
    "CN=UBND xã Vũ Hội,O=UBND huyện Vũ Thư,L=Thái Bình,C=VN",
    "CN=Ủy ban nhân dân xã Vũ Hội,O=Ủy ban nhân dân huyện Vũ Thư,L=Thái Bình,C=VN",
    "CN=HĐND xã Vũ Hội,O=HĐND huyện Vũ Thư,L=Thái Bình,C=VN",
    "CN=Đảng ủy xã Vũ Hội,O=Huyện ủy Vũ Thư,L=Thái Bình,C=VN",
    "CN=Mặt trận Tổ quốc xã Vũ Hội,O=Mặt trận Tổ quốc huyện Vũ Thư,L=Thái Bình,C=VN",
    "CN=Ủy ban MTTQ Việt Nam xã Vũ Hội,L=Thái Bình,C=VN",
    "CN=Đoàn TNCS Hồ Chí Minh xã Vũ Hội,L=Thái Bình,C=VN",
    "CN=Hội Liên hiệp Phụ nữ xã Vũ Hội,L=Thái Bình,C=VN",
    "CN=Văn phòng HĐND và UBND xã Vũ Hội,L=Thái Bình,C=VN",
    "CN=Công an xã Vũ Hội,O=Công an tỉnh Thái Bình,L=Thái Bình,C=VN",
    "CN=Sở Y tế tỉnh Thái Bình,O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN",
    "CN=Sở Giáo dục và Đào tạo tỉnh Thái Bình,L=Thái Bình,C=VN",
    "UID=CCCD:034080001111,CN=Nguyễn Văn A,OU=Văn phòng Đảng ủy xã Vũ Hội,L=Thái Bình,C=VN",
]


@pytest.mark.parametrize("dn", BODIES)
@pytest.mark.parametrize("form", ["ascii", "ascii-caps", "nfd", "caps"])
def test_every_form_proposes_what_the_spelt_subject_does(dn: str, form: str) -> None:
    variant = {
        "ascii": _ascii(dn),
        "ascii-caps": _caps(_ascii(dn)),
        "nfd": unicodedata.normalize("NFD", dn),
        "caps": _caps(dn),
    }[form]
    want = _proposed(dn)
    assert want, dn  # something to propose: the test can fail
    if "caps" in form:
        want = {k: v.upper() for k, v in want.items()}
    got = check_subject(variant).to_json()
    assert got["status"] == check_subject(dn).status, variant
    if "CN" in want and dn.startswith("UID=CCCD"):
        want.pop("CN", None)  # a person's name is never proposed
    assert got["proposed"] == want, variant


def test_what_is_no_body_word_stays_as_written() -> None:
    # "Cho" (Chợ? Chó?) is no body word: kept as typed; the body's words and the
    # new unit are spelt.
    got = _proposed("CN=Ban Quan ly Cho xa Vu Hoi,L=Thai Binh,C=VN")
    assert got["CN"] == "Ban Quản lý Cho xã Thư Vũ"
    # A person's name is never read as body words (nor proposed).
    got = _proposed("UID=CCCD:034080001111,CN=Dang Van Hoi,OU=Dang uy xa Vu Hoi,L=Thai Binh,C=VN")
    assert got == {"OU": "Đảng ủy xã Thư Vũ", "L": "Hưng Yên"}


def test_words_written_with_marks_are_the_subjects_own() -> None:
    # Only words written without any mark are spelt: "Uỷ ban" (the new tone placement) is
    # normalised at the door as before, and a spelling with marks is never replaced.
    assert _proposed("CN=Uỷ ban nhân dân xã Vũ Hội,L=Thái Bình,C=VN")["CN"] == (
        "Ủy ban nhân dân xã Thư Vũ"
    )


# Forms of one subject that render differently (case, words as typed): in one process
# they must each get their own verdict, whichever was checked first.
FORMS = [
    "CN=Dang uy xa Vu Hoi,O=Dang uy huyen Vu Thu,ST=Thai Binh,C=VN",
    "CN=Đảng ủy xã Vũ Hội,O=Đảng ủy huyện Vũ Thư,ST=Thái Bình,C=VN",
    "CN=DANG UY XA VU HOI,O=DANG UY HUYEN VU THU,ST=THAI BINH,C=VN",
    "CN=Dang Uy Xa Vu Hoi,O=Dang Uy Huyen Vu Thu,ST=Thai Binh,C=VN",
    "CN=Ban Quan ly Cho xa Vu Hoi,L=Thai Binh,C=VN",
    "CN=Ban Quản lý Dự án xã Vũ Hội,L=Thái Bình,C=VN",
    "CN=BAN QUAN LY DU AN XA VU HOI,L=THAI BINH,C=VN",
    "UID=CCCD:034080001111,CN=Nguyen Van A,OU=Dang uy xa Vu Hoi,L=Thai Binh,C=VN",
    "UID=CCCD:034080002222,CN=Nguyễn Văn B,OU=Đảng ủy xã Vũ Hội,L=Thái Bình,C=VN",
    "UID=CCCD:034080003333,CN=Nguyễn Văn C,OU=DANG UY XA VU HOI,L=THAI BINH,C=VN",
]


def _alone(dn: str) -> dict:
    clear_caches()
    got = check_subject(dn).to_json()
    clear_caches()
    return got


@pytest.mark.parametrize("order", ["ascii-first", "marks-first"])
def test_forms_never_share_a_verdict_in_one_process(order: str) -> None:
    alone = {dn: _alone(dn) for dn in FORMS}
    # What the test guards is real: the forms' outputs differ.
    assert len({str(a["proposed"]) for a in alone.values()}) >= 6
    assert alone[FORMS[0]]["proposed"]["CN"] == "Đảng ủy xã Thư Vũ"
    assert alone[FORMS[2]]["proposed"]["CN"] == "ĐẢNG ỦY XÃ THƯ VŨ"
    assert alone[FORMS[3]]["proposed"]["CN"] == "Đảng Ủy Xã Thư Vũ"
    assert alone[FORMS[4]]["proposed"]["CN"] == "Ban Quản lý Cho xã Thư Vũ"
    assert alone[FORMS[5]]["proposed"]["CN"] == "Ban Quản lý Dự án xã Thư Vũ"
    ordered = FORMS if order == "ascii-first" else FORMS[::-1]
    clear_caches()
    # One at a time (the verdicts shared by what the check reads), twice over ...
    for dn in ordered + ordered:
        assert check_subject(dn).to_json() == alone[dn], dn
    # ... and as one batch (the verdicts shared by the subject's pattern).
    clear_caches()
    verdicts = subject_verdicts(ordered + ordered)
    for dn, verdict in zip(ordered + ordered, verdicts, strict=True):
        assert {**verdict.to_json(), "subject": None} == {**alone[dn], "subject": None}, dn


def test_the_unit_picked_for_a_person_of_an_abolished_district_is_spelt_too() -> None:
    from kyso.core.reform.check import propose_unit

    for dn, o in (
        (
            "UID=CCCD:034080001111,CN=Nguyen Van A,OU=Phong Tai chinh - Ke hoach,"
            "O=Uy ban nhan dan huyen Vu Thu,L=Thai Binh,C=VN",
            "Ủy ban nhân dân xã Vũ Thư",
        ),
        (
            "UID=CCCD:034080001111,CN=NGUYEN VAN A,OU=PHONG TAI CHINH - KE HOACH,"
            "O=UY BAN NHAN DAN HUYEN VU THU,L=THAI BINH,C=VN",
            "ỦY BAN NHÂN DÂN XÃ VŨ THƯ",
        ),
    ):
        result = check_subject(dn)
        assert result.status == "unit_abolished"
        assert propose_unit(result, "Xã Vũ Thư")["O"] == o
