"""Three defects the issue-15 work left on hard subjects, each in every spelling a CA wrote.

1. "Quận đoàn X" (the Hồ Chí Minh Communist Youth Union's committee of an urban district,
   like "Huyện đoàn") is read as that body of the abolished district; ASCII "Quan doan" is
   not (folded it is also "Quân đoàn", an army corps).
2. Full-width letters (U+FF01–U+FF5E, the ideographic space U+3000, as East-Asian input
   methods type them) are read, and proposed, as the ASCII letters they stand for.
3. The provincial departments Nghị định 45/2025/NĐ-CP merged into others (in force
   01/3/2025) are "check with the unit": their old name is never proposed under the new
   province, because the successor's exact name varies by province. The departments that
   go on keep today's proposal.

Forms: as written (NFC), decomposed (NFD), ALL CAPS, full-width, and ASCII-folded where it
reads. New communes come from the data package ``vietnamadminunits`` confirmed by
``vietnam-provinces`` (:func:`tests.support.admin_packages.package_successor`); new
provinces from Nghị quyết 202/2025/QH15 (domain.md §1).
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from kyso.core.checkup.certificate import check_subject_only
from kyso.core.checkup.export import HEADERS, CheckRow, write_csv
from kyso.core.reform.check import check_subject
from kyso.core.subjects.admin_units import fold_words
from kyso.core.subjects.holder import read_holder
from tests.support.admin_packages import package_successor

FORMS = ("nfc", "nfd", "upper", "fullwidth")


def _full_width(value: str) -> str:
    """``value`` as a full-width input method types it: ASCII letters, digits and signs as
    U+FF01–U+FF5E, spaces as U+3000 (Vietnamese letters stay as they are)."""
    return "".join(
        "\u3000" if ch == " " else chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in value
    )


def _ascii(value: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", value) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def form(dn: str, how: str) -> str:
    """``dn`` with its values written ``how`` (attribute names stay ASCII)."""
    if how == "nfc":
        return dn
    if how == "nfd":
        return unicodedata.normalize("NFD", dn)
    if how == "upper":
        return dn.upper()
    pairs = [part.split("=", 1) for part in dn.split(",")]
    change = _full_width if how == "fullwidth" else _ascii
    return ",".join(f"{k}={change(v)}" for k, v in pairs)


def expect(value: str, how: str) -> str:
    """What a proposal reads in ``how``: ALL CAPS stays ALL CAPS; NFD and full-width input
    give NFC Vietnamese in normal letters."""
    return value.upper() if how == "upper" else value


def verdict(subject: str) -> dict:
    """The JSON verdict, with each reason in both languages under "said" (the JSON carries
    the Vietnamese only)."""
    result = check_subject(subject)
    got = result.to_json()
    got["said"] = [{"vi": r.vi, "en": r.en} for r in result.reasons]
    return got


def _no_full_width(result: dict) -> None:
    text = str(result["proposed"]) + str(result["said"])
    assert not any("\uff01" <= ch <= "\uff5e" or ch == "\u3000" for ch in text)
    for value in result["proposed"].values():
        assert unicodedata.is_normalized("NFC", value)


# -- 1. "Quận đoàn" ------------------------------------------------------------------------
@pytest.mark.parametrize("how", FORMS)
def test_quan_doan_is_the_district_youth_union_and_ends_with_the_district(how: str) -> None:
    # As "CN=Huyện đoàn Vũ Thư" (unit_abolished, revoke): the district's Youth Union
    # committee ended with Quận Hoàn Kiếm (domain.md §1: no district tier since 1/7/2025).
    got = verdict(form("CN=Quận đoàn Hoàn Kiếm,L=Hà Nội,C=VN", how))
    assert got["holder_kind"] == "organization"
    assert got["body_kind"] == "front"
    assert got["status"] == "unit_abolished"
    assert got["district"] == {"old": "Quận Hoàn Kiếm"}
    assert got["proposed"] == {}
    assert any("thu hồi chứng thư" in r for r in got["reasons"])


@pytest.mark.parametrize("how", FORMS)
def test_a_person_of_a_quan_doan_picks_the_unit_worked_in_now(how: str) -> None:
    got = verdict(form("CN=Nguyễn Văn An,T=Bí thư,OU=Quận đoàn Hoàn Kiếm,L=Hà Nội,C=VN", how))
    assert got["holder_kind"] == "person"
    assert got["status"] == "unit_abolished"
    assert got["pick_unit"]["attribute"] == "OU"
    assert "Phường Hoàn Kiếm" in got["pick_unit"]["choices"]


@pytest.mark.parametrize(
    ("subject", "old_key", "parent"),
    [
        (
            "CN=Đoàn TNCS Hồ Chí Minh phường Hàng Bạc,O=Quận đoàn Hoàn Kiếm,L=Hà Nội,C=VN",
            "thanhphohanoi_quanhoankiem_phuonghangbac",
            "Thành đoàn Hà Nội",
        ),
        (
            "CN=Đoàn TNCS Hồ Chí Minh phường Bến Nghé,O=Quận đoàn 1,L=Hồ Chí Minh,C=VN",
            "thanhphohochiminh_quan1_phuongbennghe",
            "Thành đoàn Hồ Chí Minh",
        ),
    ],
)
@pytest.mark.parametrize("how", FORMS)
def test_quan_doan_as_parent_becomes_the_city_youth_union(
    subject: str, old_key: str, parent: str, how: str
) -> None:
    # "Huyện đoàn Vũ Thư" above a commune's Youth Union becomes "Tỉnh đoàn Hưng Yên"
    # (test_hard_subjects_bodies); "Quận đoàn" is the same body of an urban district, whose
    # city's committee is the Thành đoàn.
    _, new_commune = package_successor(old_key)
    got = verdict(form(subject, how))
    _no_full_width(got)
    assert got["status"] == "needs_change"
    assert got["proposed"]["O"] == expect(parent, how)
    new_ward = new_commune.removeprefix("Phường ")
    assert got["proposed"]["CN"] == expect(f"Đoàn TNCS Hồ Chí Minh phường {new_ward}", how)


@pytest.mark.parametrize(
    "subject",
    [
        # ASCII-folded "Quan doan" may be "Quân đoàn" (an army corps): not read as a body.
        "CN=Quan doan Hoan Kiem,L=Ha Noi,C=VN",
        "CN=QUAN DOAN HOAN KIEM,L=HA NOI,C=VN",
        # "Quân đoàn 3" is an army corps, never "Quận 3" of TP Hồ Chí Minh.
        "CN=Quân đoàn 3,L=Gia Lai,C=VN",
    ],
)
def test_quan_doan_without_its_marks_or_as_an_army_corps_is_not_read(subject: str) -> None:
    got = verdict(subject)
    assert got["district"] is None
    assert got["body_kind"] == "other"
    assert got["status"] == "current"
    assert got["proposed"] == {}


# -- 2. Full-width letters -----------------------------------------------------------------
@pytest.mark.parametrize("how", ("fullwidth", "nfd", "upper"))
def test_full_width_commune_committee_is_read_and_proposed_in_normal_letters(how: str) -> None:
    _, new_commune = package_successor("tinhthaibinh_huyenvuthu_xavuhoi")
    subject = "CN=UBND Xã Vũ Hội,L=Thái Bình,C=VN"
    got = verdict(form(subject, how))
    _no_full_width(got)
    assert got["holder_kind"] == "organization"
    assert got["body_kind"] == "peoples_committee"
    assert got["status"] == "needs_change"
    assert got["proposed"] == {
        "CN": expect(f"UBND {new_commune}", how),
        "L": expect("Hưng Yên", how),
    }


def test_full_width_as_an_input_method_mixes_it() -> None:
    # "ＵＢＮＤ Ｘã" (full-width letters beside composed Vietnamese ones, an ideographic
    # space), "Ｔｈáｉ　Ｂìｎｈ": read as "UBND Xã …", "Thái Bình".
    holder = read_holder("CN=ＵＢＮＤ Ｘã Vũ Hội,OU=Ｐｈòｎｇ　Ｔàｉ　ｃｈíｎｈ,L=Ｔｈáｉ　Ｂìｎｈ")
    assert holder.name == "UBND Xã Vũ Hội"
    assert holder.ous == ("Phòng Tài chính",)
    assert holder.locality == "Thái Bình"
    got = check_subject("CN=ＵＢＮＤ Ｘã Vũ Hội,L=Ｔｈáｉ　Ｂìｎｈ,C=VN").to_json()
    assert got["proposed"]["CN"] == "UBND Xã Thư Vũ"
    assert got["proposed"]["L"] == "Hưng Yên"


# -- 3. Departments merged by Nghị định 45/2025/NĐ-CP --------------------------------------
MERGED = [
    # (name as written, the old department, its usual successor)
    ("Sở Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
    ("Sở KHĐT", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
    ("Sở Giao thông vận tải", "Sở Giao thông vận tải", "Sở Xây dựng"),
    ("Sở GTVT", "Sở Giao thông vận tải", "Sở Xây dựng"),
    ("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
    ("Sở TTTT", "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
    ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),
    ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),
    ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),
    ("Sở Tài nguyên và Môi trường", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
    ("Sở TN&MT", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
    ("Sở TNMT", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
    (
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Nông nghiệp và Môi trường",
    ),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường"),
    ("Ban Dân tộc", "Ban Dân tộc", "Sở Dân tộc và Tôn giáo"),
]
KEPT = [
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Y tế",
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở GD&ĐT",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Sở VHTT&DL",
    "Sở Khoa học và Công nghệ",
    "Sở Nông nghiệp và Môi trường",
    # A People's Council's own committee, not the provincial agency: it goes on.
    "Ban Dân tộc HĐND",
]
MERGED_FORMS = (*FORMS, "ascii")


def _merged_reason(got: dict, key: str, old: str, successor: str) -> None:
    said = [r for r in got["said"] if r["vi"].startswith(f"{key} “")]
    assert len(said) == 1, got["said"]
    vi, en = said[0]["vi"], said[0]["en"]
    assert f"{old} đã " in vi and successor in vi
    assert "từ 01/3/2025 (Nghị định 45/2025/NĐ-CP); kiểm tra tên cơ quan mới với đơn vị." in vi
    assert old in en and successor in en and "1 March 2025" in en and "Decree 45/2025" in en
    assert "đơn vị sự nghiệp" not in vi  # not called an institution


@pytest.mark.parametrize(("name", "old", "successor"), MERGED)
@pytest.mark.parametrize("how", MERGED_FORMS)
def test_a_merged_department_is_checked_with_the_unit(
    name: str, old: str, successor: str, how: str
) -> None:
    # Kyso proposed "CN = Sở Kế hoạch và Đầu tư tỉnh Hưng Yên": a department that does not
    # exist (Hưng Yên's is its Sở Tài chính since 1/3/2025). Thái Bình -> Hưng Yên (NQ 202).
    got = verdict(form(f"CN={name} tỉnh Thái Bình,L=Thái Bình,C=VN", how))
    _no_full_width(got)
    assert got["holder_kind"] == "organization"
    assert got["status"] == "check_with_unit"
    # Not "kept" (the department is gone): its new name is asked (review session 6, item 16).
    assert got["kept_names"] == [] and got["merged_names"] == ["CN"]
    assert "CN" not in got["proposed"]
    assert got["proposed"] == {"L": expect("Hưng Yên", how)}
    assert got["province"] == {"old": "Thái Bình", "new": "Hưng Yên"}
    _merged_reason(got, "CN", old, successor)


@pytest.mark.parametrize(("name", "old", "successor"), MERGED[:3] + MERGED[12:14])
def test_a_person_whose_ou_is_a_merged_department(name: str, old: str, successor: str) -> None:
    # The person's People's Committee and province follow the reform; the department's new
    # name is the unit's to say.
    got = verdict(
        f"UID=CCCD:001085000001,CN=Nguyễn Văn An,T=Chuyên viên,OU={name},"
        "O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN"
    )
    assert got["holder_kind"] == "person"
    assert got["status"] == "check_with_unit"
    assert got["kept_names"] == [] and got["merged_names"] == ["OU"]
    assert got["proposed"] == {"O": "UBND tỉnh Hưng Yên", "L": "Hưng Yên"}
    _merged_reason(got, "OU", old, successor)


@pytest.mark.parametrize(
    "subject",
    [
        # A province the reform left alone: the department is gone all the same.
        "CN=Sở KH&ĐT Hà Nội,L=Hà Nội,C=VN",
        # An office of a merged department, the department in O.
        "CN=Nguyễn Văn An,OU=Phòng Đăng ký kinh doanh,O=Sở KH&ĐT tỉnh Thái Bình,L=Thái Bình,C=VN",
    ],
)
def test_a_merged_department_anywhere_in_the_chain(subject: str) -> None:
    got = verdict(subject)
    assert got["status"] == "check_with_unit"
    assert got["kept_names"] == []
    merged = got["merged_names"]
    assert merged == (["CN"] if subject.startswith("CN=Sở") else ["O"])
    assert not set(merged) & set(got["proposed"])
    _merged_reason(got, merged[0], "Sở Kế hoạch và Đầu tư", "Sở Tài chính")


@pytest.mark.parametrize("name", KEPT)
@pytest.mark.parametrize("how", ("nfc", "nfd", "upper", "ascii"))
def test_a_department_that_goes_on_is_proposed_under_the_new_province(name: str, how: str) -> None:
    got = verdict(form(f"CN={name} tỉnh Thái Bình,L=Thái Bình,C=VN", how))
    assert got["status"] == "needs_change"
    assert got["kept_names"] == [] and got["merged_names"] == []
    proposed = got["proposed"]["CN"]
    if how == "ascii":
        # "tinh Thai Binh" is written anew in Vietnamese (the successor's marked name).
        assert fold_words(proposed) == fold_words(f"{name} tỉnh Hưng Yên")
    else:
        assert proposed == expect(f"{name} tỉnh Hưng Yên", how)
    assert not any("45/2025" in r for r in got["reasons"])


def test_a_person_in_a_department_that_goes_on() -> None:
    got = verdict(
        "UID=CCCD:001085000001,CN=Nguyễn Văn An,T=Chuyên viên,OU=Sở Tài chính,"
        "O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN"
    )
    assert got["status"] == "needs_change"
    assert got["proposed"] == {"O": "UBND tỉnh Hưng Yên", "L": "Hưng Yên"}


MERGED_FIELD = "(cơ quan đã hợp nhất từ 01/3/2025; kiểm tra tên cơ quan mới với đơn vị)"


def test_the_check_export_asks_for_the_merged_departments_new_name(tmp_path: Path) -> None:
    # The export (CSV/Excel, as the CLI's and the GUI's "Đề xuất thay đổi") does not say
    # "giữ nguyên" (keep it) of a department that is gone: it asks for the new name, and
    # proposes the rest; the reasons the GUI shows name the usual successor.
    subject = (
        "UID=CCCD:001085000001,CN=Nguyễn Văn An,OU=Sở KH&ĐT,O=UBND tỉnh Thái Bình,L=Thái Bình,C=VN"
    )
    result = check_subject(subject)
    assert result.proposed_fields() == {
        "OU": MERGED_FIELD,
        "O": "UBND tỉnh Hưng Yên",
        "L": "Hưng Yên",
    }
    assert result.proposed_fields("en")["OU"] == (
        "(department merged on 1 March 2025; check the new body's name with the unit)"
    )
    assert any("Sở Tài chính" in r for r in result.reasons_in("vi"))
    assert any("Department of Finance" in r for r in result.reasons_in("en"))
    rows = [CheckRow("Token A", "S1", "Nguyễn Văn An", check_subject_only(subject))]
    out = write_csv(rows, tmp_path / "check.csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        row = list(csv.reader(fh))[1]
    assert row[HEADERS.index("Mô hình hai cấp")] == "Kiểm tra với đơn vị"
    assert row[HEADERS.index("Đề xuất thay đổi")] == (
        f"OU = {MERGED_FIELD}; O = UBND tỉnh Hưng Yên; L = Hưng Yên"
    )


@pytest.mark.parametrize(
    ("subject", "fields"),
    [
        (
            "CN=Nguyễn Văn An,OU=Phòng Đăng ký kinh doanh,OU=Sở KH&ĐT,O=UBND tỉnh Thái Bình,"
            "L=Thái Bình,C=VN",
            {"OU[2]": MERGED_FIELD, "O": "UBND tỉnh Hưng Yên", "L": "Hưng Yên"},
        ),
        (
            # Written top first (RFC 4514 lists the last RDN first): O[1] is the lowest O.
            "CN=Nguyễn Văn An,OU=Phòng A,O=UBND tỉnh Thái Bình,O=Sở GTVT tỉnh Thái Bình,"
            "L=Thái Bình,C=VN",
            {"O[1]": "UBND tỉnh Hưng Yên", "O[2]": MERGED_FIELD, "L": "Hưng Yên"},
        ),
        (
            # An institution's name is still kept as written.
            "CN=Bệnh viện Đa khoa tỉnh Thái Bình,O=Sở Y tế tỉnh Thái Bình,L=Thái Bình",
            {
                "CN": "(giữ nguyên; kiểm tra với đơn vị)",
                "O": "Sở Y tế tỉnh Hưng Yên",
                "L": "Hưng Yên",
            },
        ),
    ],
)
def test_the_merged_department_field_among_several_ous_and_os(
    subject: str, fields: dict[str, str]
) -> None:
    assert check_subject(subject).proposed_fields() == fields
