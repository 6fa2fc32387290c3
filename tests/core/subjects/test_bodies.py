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
