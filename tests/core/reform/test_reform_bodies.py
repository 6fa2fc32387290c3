"""Each body keeps its kind; institutions are not renamed; central bodies are not placed."""

from __future__ import annotations

from kyso.core.reform.check import check_subject


def _j(dn: str) -> dict:
    return check_subject(dn).to_json()


def test_commune_party_committee_gets_the_provincial_party_committee() -> None:
    got = _j("CN=Đảng ủy xã Vũ Hội,O=Huyện ủy Vũ Thư,L=Thái Bình")
    assert got["proposed"] == {
        "CN": "Đảng ủy xã Thư Vũ",
        "O": "Tỉnh ủy Hưng Yên",
        "L": "Hưng Yên",
    }
    assert got["body_kind"] == "party"


def test_provincial_party_committee_of_a_merged_province() -> None:
    assert _j("CN=Tỉnh ủy Hải Dương,L=Hải Dương")["proposed"]["CN"] == "Thành ủy Hải Phòng"
    assert _j("CN=Tỉnh ủy Thái Bình,L=Thái Bình")["proposed"]["CN"] == "Tỉnh ủy Hưng Yên"


def test_peoples_council_parent_is_the_council() -> None:
    got = _j("CN=HĐND xã Vũ Hội,O=HĐND huyện Vũ Thư,L=Thái Bình")
    assert got["proposed"]["O"] == "HĐND tỉnh Hưng Yên"
    assert got["body_kind"] == "peoples_council"


def test_front_parent_is_the_front() -> None:
    got = _j("CN=Ủy ban MTTQ Việt Nam xã Vũ Hội,O=Ủy ban MTTQ Việt Nam huyện Vũ Thư,L=Thái Bình")
    assert got["proposed"]["O"] == "Ủy ban MTTQ Việt Nam tỉnh Hưng Yên"


def test_university_is_not_renamed() -> None:
    got = _j("CN=Trường Đại học Y Dược Thái Bình,L=Thái Bình")
    assert got["status"] == "check_with_unit"
    assert got["province"] == {"old": "Thái Bình", "new": "Hưng Yên"}
    assert "CN" not in got["proposed"] and got["kept_names"] == ["CN"]
    assert any("Kiểm tra với đơn vị" in r and "Hưng Yên" in r for r in got["reasons"])


def test_hospital_keeps_its_name_its_parent_agency_changes() -> None:
    got = _j("CN=Bệnh viện Đa khoa tỉnh Thái Bình,O=Sở Y tế tỉnh Thái Bình,L=Thái Bình")
    assert got["status"] == "check_with_unit"
    assert got["proposed"] == {"O": "Sở Y tế tỉnh Hưng Yên", "L": "Hưng Yên"}


def test_company_is_not_renamed() -> None:
    got = _j("CN=Công ty TNHH MTV Xổ số kiến thiết Thái Bình,L=Thái Bình")
    assert got["status"] == "check_with_unit"
    assert "CN" not in got["proposed"]


def test_ho_chi_minh_named_bodies_are_not_in_the_city() -> None:
    assert _j("CN=Bảo tàng Hồ Chí Minh,L=Hà Nội")["province"]["old"] == "Hà Nội"
    got = _j("CN=Đoàn TNCS Hồ Chí Minh tỉnh Thái Bình,L=Thái Bình")
    assert got["province"]["old"] == "Thái Bình"
    assert got["proposed"]["CN"] == "Đoàn TNCS Hồ Chí Minh tỉnh Hưng Yên"
    # An agency's name followed by the city's name still names the city.
    assert _j("CN=Sở Tư pháp Hồ Chí Minh")["province"]["old"] == "Hồ Chí Minh"


def test_central_bodies_are_never_province_bound() -> None:
    for dn in (
        "CN=Trung ương Đoàn TNCS Hồ Chí Minh,L=Hà Nội",
        "CN=Học viện Chính trị quốc gia Hồ Chí Minh",
        "UID=CCCD:1,CN=Lê Văn Hải,OU=Vụ Pháp chế,O=Bộ Tư pháp,L=Hà Nội",
    ):
        got = _j(dn)
        assert got["status"] == "current", dn
        assert got["province"] == {"old": None, "new": None}, dn
        assert got["proposed"] == {}, dn
    # L is the holder's locality (domain.md §3): one naming a merged province is outdated
    # and proposed anew (the lead's decision, review session 6), the body's name is kept.
    got = _j("UID=CCCD:1,CN=Lê Văn Hải,OU=Vụ Pháp chế,O=Bộ Tư pháp,L=Thái Bình")
    assert got["status"] == "needs_change"
    assert got["proposed"] == {"L": "Hưng Yên"}
    assert any("tên cơ quan giữ nguyên" in r for r in got["reasons"])


def test_ou_chain_through_an_abolished_district() -> None:
    got = _j(
        "UID=CCCD:1,CN=Nguyễn Văn A,T=Chuyên viên,OU=Tổ Một cửa,OU=Văn phòng HĐND và UBND,"
        "O=UBND huyện Vũ Thư,L=Thái Bình"
    )
    assert got["status"] == "unit_abolished"
    assert got["district"] == {"old": "Huyện Vũ Thư"}


def test_school_under_an_abolished_district_goes_on() -> None:
    got = _j(
        "UID=CCCD:1,CN=Nguyễn Văn A,T=Giáo viên,OU=Trường Tiểu học xã Vũ Hội,"
        "O=Phòng Giáo dục và Đào tạo huyện Vũ Thư,L=Thái Bình"
    )
    assert got["status"] == "check_with_unit"
    assert got["proposed"] == {"O": "UBND xã Thư Vũ", "L": "Hưng Yên"}
