"""Body kinds read from a unit's name, in every spelling."""

from __future__ import annotations

import unicodedata

import pytest

from kyso.core.subjects import bodies
from kyso.core.subjects.admin_units import fold_words
from kyso.core.subjects.bodies import body_kind
from kyso.core.subjects.normalize import clean

CASES = [
    ("UBND xã Vũ Hội", bodies.PEOPLES_COMMITTEE),
    ("Ủy ban nhân dân tỉnh Thái Bình", bodies.PEOPLES_COMMITTEE),
    ("HĐND huyện Vũ Thư", bodies.PEOPLES_COUNCIL),
    ("Hội đồng nhân dân tỉnh Nam Định", bodies.PEOPLES_COUNCIL),
    ("Tỉnh ủy Thái Bình", bodies.PARTY),
    ("Thành ủy Hải Phòng", bodies.PARTY),
    ("Huyện ủy Vũ Thư", bodies.PARTY),
    ("Đảng ủy xã Vũ Hội", bodies.PARTY),
    ("Ủy ban MTTQ Việt Nam tỉnh Thái Bình", bodies.FRONT),
    ("Hội Liên hiệp Phụ nữ tỉnh Hà Nam", bodies.FRONT),
    ("Đoàn TNCS Hồ Chí Minh tỉnh Thái Bình", bodies.FRONT),
    ("Liên đoàn Lao động tỉnh Bắc Giang", bodies.FRONT),
    ("Sở Y tế tỉnh Thái Bình", bodies.AGENCY),
    ("Phòng Tài chính - Kế hoạch", bodies.AGENCY),
    ("Văn phòng HĐND và UBND", bodies.AGENCY),
    # A central body's local unit (issue 15: never province-bound, not renamed by the reform).
    ("Cục Thuế tỉnh Thái Bình", bodies.CENTRAL),
    ("Kho bạc Nhà nước Thái Bình", bodies.CENTRAL),
    ("Công an huyện Vũ Thư", bodies.POLICE),
    ("Ban Chỉ huy Quân sự huyện Vũ Thư", bodies.MILITARY),
    ("Bộ Chỉ huy Quân sự tỉnh Thái Bình", bodies.MILITARY),
    ("Viễn thông Bắc Giang", bodies.ENTERPRISE),
    ("Trường Đại học Y Dược Thái Bình", bodies.PUBLIC_SERVICE),
    ("Bệnh viện Đa khoa tỉnh Thái Bình", bodies.PUBLIC_SERVICE),
    ("Trung tâm Y tế huyện Vũ Thư", bodies.PUBLIC_SERVICE),
    ("Bảo tàng Hồ Chí Minh", bodies.PUBLIC_SERVICE),
    ("Công ty TNHH Một thành viên Thái Bình", bodies.ENTERPRISE),
    ("Ngân hàng TMCP Công thương", bodies.ENTERPRISE),
    ("Bộ Y tế", bodies.CENTRAL),
    ("Vụ Pháp chế", bodies.CENTRAL),
    ("Trung ương Đoàn TNCS Hồ Chí Minh", bodies.CENTRAL),
    ("Hội Nông dân Việt Nam", bodies.CENTRAL),
    ("Học viện Chính trị quốc gia Hồ Chí Minh", bodies.CENTRAL),
    ("Tổ Một cửa", bodies.PART),
    ("Bộ phận Tiếp nhận và Trả kết quả", bodies.PART),
    # Folded, these are body words; written with their diacritics they are names.
    ("Vũ Văn An", bodies.OTHER),
    ("Tô Thị Hoa", bodies.OTHER),
    ("", bodies.OTHER),
]


def _ascii(text: str) -> str:
    return " ".join(fold_words(text)) if text else text


# Folded to ASCII, "Vu Van An" starts like "Vụ": person names are left out of that form.
FORMS = [(n, k, f) for n, k in CASES for f in ("nfc", "nfd", "upper", "ascii")]
FORMS = [(n, k, f) for n, k, f in FORMS if not (f == "ascii" and k == bodies.OTHER)]


@pytest.mark.parametrize(("name", "kind", "form"), FORMS)
def test_body_kind(name: str, kind: str, form: str) -> None:
    text = {
        "nfc": name,
        "nfd": clean(unicodedata.normalize("NFD", name)),
        "upper": name.upper(),
        "ascii": _ascii(name),
    }[form]
    assert body_kind(text) == kind


def test_kind_sets() -> None:
    assert bodies.INSTITUTIONS.isdisjoint(bodies.RENAMED_BY_REFORM)
    assert bodies.PARENT_KINDS <= bodies.RENAMED_BY_REFORM
    assert set(bodies.BODY_KINDS) >= bodies.RENAMED_BY_REFORM | bodies.INSTITUTIONS


# -- "Quận đoàn": read only as spelt -------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["Quận đoàn Hoàn Kiếm", "QUẬN ĐOÀN HOÀN KIẾM", "Quận Đoàn 1", "Quận đoàn Lê Chân"]
)
def test_quan_doan_is_the_youth_union(name: str) -> None:
    assert body_kind(name) == bodies.FRONT
    assert body_kind(clean(unicodedata.normalize("NFD", name))) == bodies.FRONT
    assert bodies.spelt_with_marks(name)


@pytest.mark.parametrize(
    "name", ["Quan doan Hoan Kiem", "QUAN DOAN 1", "Quân đoàn 3", "Quân Đoàn 12"]
)
def test_quan_doan_without_marks_or_an_army_corps_is_not(name: str) -> None:
    # Folded, "Quận đoàn" is "Quân đoàn" (an army corps): without the marks it is not read.
    assert body_kind(name) == bodies.OTHER
    assert not bodies.spelt_with_marks(name)


def test_quan_doan_names_a_district_only_as_spelt() -> None:
    from kyso.core.subjects.admin_units import load
    from kyso.core.subjects.places import scan

    units = load()
    (mention,) = scan("Quận đoàn Hoàn Kiếm", units)
    assert (mention.level, mention.type_key, mention.name_key) == ("district", "quan", "hoankiem")
    assert mention.written_type == "Quận đoàn"
    assert scan("Quan doan Hoan Kiem", units) == []
    assert scan("Quân đoàn 3", units) == []


# -- departments merged by Nghị định 45/2025/NĐ-CP -------------------------------------
MERGED_NAMES = {
    "Sở Kế hoạch và Đầu tư": ["Sở KH&ĐT", "Sở KHĐT", "Sở KH và ĐT", "Sở Kế hoạch & Đầu tư"],
    "Sở Giao thông vận tải": ["Sở GTVT", "Sở GT-VT", "Sở Giao thông - Vận tải"],
    "Sở Thông tin và Truyền thông": ["Sở TT&TT", "Sở TTTT", "Sở TT-TT"],
    "Sở Lao động - Thương binh và Xã hội": [
        "Sở LĐ-TB&XH",
        "Sở LĐTBXH",
        "Sở LĐ-TBXH",
        "Sở Lao động - TB&XH",
    ],
    "Sở Tài nguyên và Môi trường": ["Sở TN&MT", "Sở TNMT", "Sở TN-MT"],
    "Sở Nông nghiệp và Phát triển nông thôn": [
        "Sở NN&PTNT",
        "Sở NNPTNT",
        "Sở NN-PTNT",
        "Sở Nông nghiệp và PTNT",
    ],
    "Ban Dân tộc": ["Ban Dân tộc tỉnh Sơn La"],
}
MERGED_CASES = [(written, old) for old, names in MERGED_NAMES.items() for written in [old, *names]]


@pytest.mark.parametrize(("written", "old"), MERGED_CASES)
@pytest.mark.parametrize("form", ["nfc", "nfd", "upper", "ascii", "province", "office"])
def test_merged_department(written: str, old: str, form: str) -> None:
    text = {
        "nfc": written,
        "nfd": clean(unicodedata.normalize("NFD", written)),
        "upper": written.upper(),
        "ascii": _ascii(written),
        "province": f"{written} tỉnh Thái Bình",
        "office": f"Thanh tra {written}" if written.startswith("Sở") else written,
    }[form]
    merged = bodies.merged_department(text)
    assert merged is not None and merged.old == old
    assert body_kind(text) == bodies.AGENCY  # still an agency (the JSON's body_kind)
    assert "45/2025/NĐ-CP" in merged.reason_vi and "kiểm tra tên cơ quan mới" in merged.reason_vi
    assert "Decree 45/2025" in merged.reason_en


@pytest.mark.parametrize(
    "name",
    [
        "Sở Nội vụ",
        "Sở Tài chính",
        "Sở Y tế",
        "Sở Tư pháp",
        "Sở Xây dựng",
        "Sở GD&ĐT",
        "Sở Công Thương",
        "Sở VHTT&DL",
        "Sở Khoa học và Công nghệ",
        "Sở Nông nghiệp và Môi trường",
        "Ban Dân tộc HĐND tỉnh Sơn La",
        "Ủy ban Dân tộc",
        "Trung tâm Chuyển đổi số tỉnh Thái Bình",
        "Trường THCS số 1",
        "UBND xã Vũ Hội",
        "",
    ],
)
def test_not_a_merged_department(name: str) -> None:
    assert bodies.merged_department(name) is None
    assert bodies.merged_department(name.upper()) is None
