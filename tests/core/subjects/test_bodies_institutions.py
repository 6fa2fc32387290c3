"""Institutions inside other bodies' names, abbreviations, "Đảng bộ", "Đăk", look-alike "Đ".

The fixes for review session 6 (items 5-10, 14), held here beyond the reviewer's own tests
(tests/core/reform/test_review_session6.py): each rule with the cases it must not catch.
"""

from __future__ import annotations

import unicodedata

import pytest

from kyso.core.reform.check import check_subject
from kyso.core.subjects import bodies
from kyso.core.subjects.admin_units import load
from kyso.core.subjects.bodies import body_kind
from kyso.core.subjects.holder import names_a_body, read_holder
from kyso.core.subjects.normalize import clean
from kyso.core.subjects.places import marks_agree, scan


# -- a part or a body of an institution is the institution's -----------------------------
@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Văn phòng Trường Đại học Y Dược Thái Bình", bodies.PUBLIC_SERVICE),
        ("Công đoàn Bệnh viện Đa khoa tỉnh Thái Bình", bodies.PUBLIC_SERVICE),
        ("Chi bộ Trường THPT chuyên Thái Bình", bodies.PUBLIC_SERVICE),
        ("Phòng Tài chính Kế toán Bệnh viện Đa khoa tỉnh Thái Bình", bodies.PUBLIC_SERVICE),
        ("Chi bộ Trạm Y tế xã Vũ Hội", bodies.PUBLIC_SERVICE),
        ("Đoàn TNCS Hồ Chí Minh Trường Đại học Thái Bình", bodies.PUBLIC_SERVICE),
        ("Đảng ủy Công ty Cổ phần Bia Thái Bình", bodies.ENTERPRISE),
        ("Văn phòng Học viện Chính trị quốc gia Hồ Chí Minh", bodies.CENTRAL),
        ("Phòng Kế toán Kho bạc Nhà nước Thái Bình", bodies.CENTRAL),
        # No body's word leads: the institution's that follows decides.
        ("Hội đồng trường Trường Đại học Y Dược Thái Bình", bodies.PUBLIC_SERVICE),
        ("Ký túc xá Trường Đại học Y Dược Thái Bình", bodies.PUBLIC_SERVICE),
        # ALL CAPS and ASCII-folded read alike.
        ("CÔNG ĐOÀN BỆNH VIỆN ĐA KHOA TỈNH THÁI BÌNH", bodies.PUBLIC_SERVICE),
        ("Van phong Truong Dai hoc Y Duoc Thai Binh", bodies.PUBLIC_SERVICE),
    ],
)
def test_part_of_an_institution_has_the_institutions_kind(name: str, kind: str) -> None:
    assert body_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # "trường" in "Môi trường", "thị trường"; "Viên chức"; the Party's "Khối Doanh
        # nghiệp": none names an institution, each body is renamed by the reform.
        ("Phòng Tài nguyên và Môi trường huyện Vũ Thư", bodies.AGENCY),
        ("Phòng Quản lý thị trường tỉnh Thái Bình", bodies.AGENCY),
        ("Phòng Tổ chức cán bộ - Viên chức Sở Y tế Thái Bình", bodies.AGENCY),
        ("Đảng ủy Khối Doanh nghiệp tỉnh Thái Bình", bodies.PARTY),
        ("Công đoàn Sở Y tế Thái Bình", bodies.FRONT),
        ("Văn phòng Trường Chính trị tỉnh Thái Bình", bodies.AGENCY),
        # A People's Committee is never an institution's part.
        ("UBND xã Vũ Hội", bodies.PEOPLES_COMMITTEE),
        # "Trung Tâm" is also a person's given name: read only after a body's words.
        ("Nguyễn Trung Tâm", bodies.OTHER),
    ],
)
def test_agency_words_alone_do_not_make_an_institution(name: str, kind: str) -> None:
    assert body_kind(name) == kind


def test_part_of_an_institution_is_checked_with_the_unit_and_keeps_its_name() -> None:
    for subject in (
        "CN=Chi bộ Trạm Y tế xã Vũ Hội,L=Thái Bình,C=VN",
        "CN=Hội đồng trường Trường Đại học Y Dược Thái Bình,L=Thái Bình,C=VN",
        "CN=Ký túc xá Trường Đại học Y Dược Thái Bình,L=Thái Bình,C=VN",
        "CN=Đoàn TNCS Hồ Chí Minh Trường Đại học Thái Bình,L=Thái Bình,C=VN",
    ):
        got = check_subject(subject).to_json()
        assert got["status"] == "check_with_unit", got
        assert "CN" not in got["proposed"]
    assert read_holder("CN=Nguyễn Trung Tâm,L=Thái Bình,C=VN").kind == "person"
    # ... while a union of a department is renamed with it.
    got = check_subject("CN=Công đoàn Sở Y tế Thái Bình,L=Thái Bình,C=VN").to_json()
    assert got["proposed"]["CN"] == "Công đoàn Sở Y tế Hưng Yên"


# -- practice organisations and public notary offices ---------------------------------------
@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Văn phòng Công chứng Thái Bình", bodies.ENTERPRISE),
        ("Văn phòng Luật sư Thái Bình", bodies.ENTERPRISE),
        ("Văn phòng Thừa phát lại Thái Bình", bodies.ENTERPRISE),
        ("Công ty Luật TNHH Thái Bình", bodies.ENTERPRISE),
        ("Phòng Công chứng số 1 tỉnh Thái Bình", bodies.PUBLIC_SERVICE),
        ("VĂN PHÒNG CÔNG CHỨNG THÁI BÌNH", bodies.ENTERPRISE),
        # Still agencies: the words alone.
        ("Văn phòng Sở Tư pháp Thái Bình", bodies.AGENCY),
        ("Phòng Tư pháp huyện Vũ Thư", bodies.AGENCY),
    ],
)
def test_notary_and_law_offices(name: str, kind: str) -> None:
    assert body_kind(name) == kind


# -- abbreviations ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cn",
    [
        "ĐH Y Dược Thái Bình",
        "BVĐK tỉnh Thái Bình",
        "BV Đa khoa tỉnh Thái Bình",
        "TTYT huyện Vũ Thư",
        "THPT Chuyên Thái Bình",
        "Đài PT-TH Thái Bình",
        "Dai Phat thanh va Truyen hinh Thai Binh",
        "ĐÀI PHÁT THANH VÀ TRUYỀN HÌNH THÁI BÌNH",
    ],
)
def test_abbreviated_institution_is_an_organization(cn: str) -> None:
    assert body_kind(cn) == bodies.PUBLIC_SERVICE
    assert read_holder(f"CN={cn},L=Thái Bình,C=VN").kind == "organization"
    assert check_subject(f"CN={cn},L=Thái Bình,C=VN").status == "check_with_unit"


def test_one_word_dai_folded_is_not_read_as_a_body_alone() -> None:
    # "Dai" could be "Đại", "Đài", "Dãi": only the station's words written out read folded.
    assert not names_a_body("Dai Van Nam")
    assert read_holder("CN=Dai Van Nam,OU=Phong Ke toan,C=VN").kind == "person"


# -- "Đảng bộ" ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("subject", "cn"),
    [
        ("CN=ĐẢNG BỘ XÃ VŨ HỘI,L=THÁI BÌNH,C=VN", "ĐẢNG BỘ XÃ THƯ VŨ"),
        ("CN=Đảng bộ tỉnh Thái Bình,L=Thái Bình,C=VN", "Đảng bộ tỉnh Hưng Yên"),
    ],
)
def test_dang_bo_is_a_body(subject: str, cn: str) -> None:
    assert names_a_body("Đảng bộ xã Vũ Hội")
    holder = read_holder(subject)
    assert holder.kind == "organization"
    assert check_subject(subject).to_json()["proposed"]["CN"] == cn


# -- "Đăk" for "Đắk" ----------------------------------------------------------------------------
def test_dak_with_a_breve_agrees_with_dak_and_nothing_else_is_let_through() -> None:
    assert marks_agree("Đăk Nông", "Đắk Nông")
    assert marks_agree("Đăk Lăk", "Đắk Lắk")
    assert marks_agree("ĐĂK LĂK", "Đắk Lắk")
    assert marks_agree("Đắk Nông", "Đắk Nông")
    assert not marks_agree("Đàk Nông", "Đắk Nông")
    assert not marks_agree("Yên Bài", "Yên Bái")
    assert not marks_agree("Đăk Nống", "Đắk Nông")


def test_dak_lak_with_breves_at_the_end_of_a_name() -> None:
    got = check_subject("CN=Sở Y tế Đăk Lăk,C=VN").to_json()
    assert got["province"] == {"old": "Đắk Lắk", "new": "Đắk Lắk"}


# -- "Hồ Chí Minh" the President ----------------------------------------------------------------
def test_after_chu_tich_or_tu_tuong_ho_chi_minh_is_the_president() -> None:
    units = load()
    for name in (
        "Ban Quản lý Lăng Chủ tịch Hồ Chí Minh",
        "Ban Chỉ đạo học tập và làm theo tư tưởng Hồ Chí Minh",
        "Phòng Quản lý di tích Chủ tịch Hồ Chí Minh",
    ):
        assert scan(name, units) == [], name
    # An agency's name ending with the city's name still names the city.
    assert [m.name_key for m in scan("Sở Tư pháp Hồ Chí Minh", units)] == ["hochiminh"]
    got = check_subject("CN=Ban Chỉ đạo học tập tư tưởng Hồ Chí Minh,L=Hà Nội,C=VN").to_json()
    assert got["province"]["new"] == "Hà Nội"


# -- look-alikes of "Đ" -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("UBND xã \u00d0ông Hải", "UBND xã Đông Hải"),
        ("UBND xã \u00f0ông Hải", "UBND xã đông Hải"),
        ("UBND xã \u0189ông Hải", "UBND xã Đông Hải"),
        ("\u00d0\u1eaeK NÔNG", "ĐẮK NÔNG"),
        # NFD with an eth: the marks are composed, the eth replaced.
        (unicodedata.normalize("NFD", "\u00d0ắk Nông"), "Đắk Nông"),
    ],
)
def test_d_look_alikes_are_d_with_stroke(raw: str, expected: str) -> None:
    assert clean(raw) == expected
    assert "\u00d0" not in clean(raw) and "\u00f0" not in clean(raw)


def test_d_look_alike_read_as_the_commune() -> None:
    for eth in ("\u00f0", "\u0189"):
        got = check_subject(f"CN=UBND xã {eth}ông Hải,O=UBND huyện Quỳnh Phụ,L=Thái Bình,C=VN")
        assert got.to_json()["proposed"]["CN"] == "UBND xã Quỳnh An"
