"""Reading a certificate subject into a holder record."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from kyso.core.demo.pki import organization_name, person_name
from kyso.core.subjects.holder import read_attributes, read_holder

PERSON = person_name(
    "Nguyễn Văn An",
    ous=["Phòng Tài chính - Kế hoạch", "UBND huyện Vũ Thư"],
    o="UBND tỉnh Thái Bình",
    locality="Thái Bình",
    title="Trưởng phòng",
    uid="CCCD:034080000123",
    st="Thái Bình",
)
ORG = organization_name(
    "UBND tỉnh Thái Bình", o="UBND tỉnh Thái Bình", locality="Thái Bình", uid="MST:1000123456"
)


@pytest.mark.parametrize("form", ["name", "rfc4514"])
def test_person(form: str) -> None:
    holder = read_holder(
        PERSON if form == "name" else PERSON.rfc4514_string(), "an@thaibinh.gov.vn"
    )
    assert holder.kind == "person" and holder.confidence == "high"
    assert holder.name == "Nguyễn Văn An"
    assert holder.title == "Trưởng phòng"
    assert holder.units == (
        "Phòng Tài chính - Kế hoạch",
        "UBND huyện Vũ Thư",
        "UBND tỉnh Thái Bình",
    )
    assert holder.ous == ("Phòng Tài chính - Kế hoạch", "UBND huyện Vũ Thư")
    assert holder.organization == "UBND tỉnh Thái Bình"
    assert holder.locality == "Thái Bình" and holder.state == "Thái Bình"
    assert [(i.scheme, i.value) for i in holder.ids] == [("CCCD", "034080000123")]
    assert holder.email == "an@thaibinh.gov.vn"


def test_organization() -> None:
    holder = read_holder(ORG)
    assert holder.kind == "organization" and holder.confidence == "high"
    assert [(i.scheme, i.value) for i in holder.ids] == [("MST", "1000123456")]
    assert holder.units == ("UBND tỉnh Thái Bình",)


def test_both_forms_read_alike() -> None:
    assert read_attributes(PERSON) == read_attributes(PERSON.rfc4514_string())


def test_escaped_comma_and_hex() -> None:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sở Khoa học, Công nghệ"),
            x509.NameAttribute(NameOID.COMMON_NAME, 'A "B" + C'),
        ]
    )
    holder = read_holder(name.rfc4514_string())
    assert holder.organization == "Sở Khoa học, Công nghệ"
    assert holder.name == 'A "B" + C'
    assert read_holder(r"CN=\E1\BB\A6y ban").name == "Ủy ban"


def test_email_attribute_and_san() -> None:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.EMAIL_ADDRESS, "x@y.vn"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Trần Thị Bình"),
        ]
    )
    assert read_holder(name).email == "x@y.vn"
    assert read_holder(name, "san@y.vn").email == "san@y.vn"


def test_openssl_slash_form() -> None:
    holder = read_holder("/C=VN/L=Hà Nội/O=Bộ Tài chính/OU=Vụ Pháp chế/CN=Lê Văn Cường")
    assert holder.units == ("Vụ Pháp chế", "Bộ Tài chính")
    assert holder.kind == "person"


@pytest.mark.parametrize(
    ("subject", "kind", "confidence"),
    [
        ("CN=Nguyễn Văn A,UID=CMND:012345678", "person", "high"),
        ("CN=Nguyễn Văn A,UID=CCCD:001", "person", "high"),
        ("CN=UBND xã Tân Hòa,UID=MNS:1234567", "organization", "high"),
        ("CN=BỘ TÀI CHÍNH,O=Chính phủ", "organization", "medium"),
        ("CN=UBND huyen Vu Thu,O=UBND tinh Thai Binh", "organization", "medium"),
        ("CN=Sở KH&CN tỉnh Nam Định", "organization", "medium"),
        ("CN=Trường Tiểu học Kim Đồng,O=UBND xã A", "organization", "medium"),
        ("CN=Vũ Thị Hoa,OU=Văn phòng,O=UBND tỉnh Nam Định", "person", "medium"),
        ("CN=Phạm Văn Phong,2.5.4.12=Chủ tịch,O=UBND xã A", "person", "high"),
        ("CN=NGUYEN VAN TRUONG,OU=Phong Noi vu,O=UBND", "person", "medium"),
        ("CN=Đoàn Văn Quân", "person", "low"),
        ("CN=xyz", "unknown", "low"),
        ("", "unknown", "low"),
        ("garbage without equals", "unknown", "low"),
        ("=,=,\\", "unknown", "low"),
        ("CN=#zz", "unknown", "low"),
    ],
)
def test_kind(subject: str, kind: str, confidence: str) -> None:
    holder = read_holder(subject)
    assert (holder.kind, holder.confidence) == (kind, confidence), holder.why


def test_none_and_odd_types() -> None:
    assert read_holder(None).kind == "unknown"
    assert read_holder(12345).kind == "unknown"  # type: ignore[arg-type]


def test_several_ids() -> None:
    holder = read_holder("UID=CCCD:001+UID=MST:0101,CN=Hộ kinh doanh Lê Văn A")
    assert {i.scheme for i in holder.ids} == {"CCCD", "MST"}
