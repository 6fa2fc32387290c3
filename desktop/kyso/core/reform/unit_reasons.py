"""Reasons of the two-tier check that depend on units of the table alone, written once each.

Every verdict on a merged province says it merged, every verdict on a district names what
took it over, and every change asks to file at the new province's focal points. Thousands
of subjects (``kyso check --subjects-from``) name a few hundred districts and 34 new
provinces: each of these reasons is formatted once per unit, not once per subject (and
once per written text where the text is quoted: a district's People's Committee as written
by all its communes' bodies, :func:`commune_parent`).
:class:`~kyso.core.reform.result.Reason` is immutable, so verdicts share them. The texts
are the checker's own (:mod:`kyso.core.reform.check`, :mod:`kyso.core.reform.proposals`).
"""

from __future__ import annotations

import functools

from kyso.core.reform import result
from kyso.core.reform.result import Reason, shared_reason
from kyso.core.subjects.admin_units import (
    FormerDistrict,
    NewCommune,
    NewProvince,
    OldCommune,
    OldDistrict,
    OldProvince,
)

MAX_LISTED = 12


def listing(names: list[str]) -> str:
    """Names joined with commas, the first :data:`MAX_LISTED` and how many more."""
    if len(names) <= MAX_LISTED:
        return ", ".join(names)
    return ", ".join(names[:MAX_LISTED]) + f" … (+{len(names) - MAX_LISTED})"


@functools.lru_cache(maxsize=128)
def merged(province: OldProvince) -> Reason:
    new = province.new
    return shared_reason(
        Reason(
            f"{province.name} đã hợp nhất vào {new.name} từ 01/7/2025 (Nghị quyết 202/2025/QH15).",
            f"{province.name} merged into {new.name} on 1 July 2025 (Resolution 202/2025/QH15).",
        )
    )


@functools.lru_cache(maxsize=128)
def unchanged(province: OldProvince) -> Reason:
    return shared_reason(
        Reason(
            f"{province.name} giữ nguyên trong mô hình mới.",
            f"{province.name} is unchanged in the new structure.",
        )
    )


@functools.lru_cache(maxsize=4096)
def district_abolished(district: OldDistrict | FormerDistrict, label: str) -> Reason:
    """``label``: how the district is named (:func:`kyso.core.reform.resolve.district_label`)."""
    new_name = district.province.new.name
    successors = listing([c.name for c in district.successors]) if district.successors else None
    return shared_reason(
        Reason(
            f"{label} thuộc cấp huyện, đã kết thúc hoạt động từ 01/7/2025; địa bàn nay thuộc "
            f"{new_name}" + (f", các xã/phường mới: {successors}." if successors else "."),
            f"{label} is district-level, abolished on 1 July 2025; its area is now in "
            f"{new_name}" + (f", new communes: {successors}." if successors else "."),
        )
    )


@functools.lru_cache(maxsize=128)
def person_of_abolished_district(new: NewProvince) -> Reason:
    return shared_reason(
        Reason(
            "Người ký thuộc cơ quan cấp huyện đã giải thể: đề nghị thay đổi nội dung "
            "thông tin sang đơn vị đang công tác theo mô hình mới (chọn trong danh sách "
            f"đơn vị cấp xã của {new.name}).",
            "The holder belonged to an abolished district body: request a change of "
            "information to the unit they work in now (pick it from the communes of "
            f"{new.name}).",
        )
    )


@functools.lru_cache(maxsize=16384)
def commune_renamed(old: OldCommune, new: NewCommune) -> Reason:
    text = f"{old.name} ({old.district.name}) → {new.name} ({new.province.name})."
    return shared_reason(Reason(text, text))


@functools.lru_cache(maxsize=4096)
def commune_parent(key: str, written: str, proposed: str) -> Reason:
    """A commune body's district parent ``key`` = ``written`` becomes ``proposed`` (the
    province's body): said by every commune of a district, so written once per text."""
    return shared_reason(
        Reason(
            f"Cấp xã nay trực thuộc cấp tỉnh: {key} “{written}” → “{proposed}”.",
            f"Communes now report to the province: {key} “{written}” → “{proposed}”.",
        )
    )


@functools.lru_cache(maxsize=128)
def file_at(new: NewProvince, where: str) -> Reason:
    """Where to file the change: ``where`` lists the old provinces merged into ``new``.

    Item 3's "any of the merged provinces" is said only of a province that merged: Hà
    Nội's holders file at Hà Nội's focal point, not at "any province merged into Thành phố
    Hà Nội: Hà Nội"."""
    if len(new.old) == 1:
        return shared_reason(
            Reason(
                f"Nộp tại đầu mối được ủy quyền của {new.name} (mục 2 Công văn "
                "393/BCY-CTSBMTT).",
                f"File it at the authorized focal point of {new.name} (item 2 of Official "
                "Letter 393/BCY-CTSBMTT).",
            )
        )
    return shared_reason(
        Reason(
            f"Nộp tại đầu mối được ủy quyền của bất kỳ tỉnh nào đã hợp nhất thành "
            f"{new.name}: {where} (mục 3 Công văn 393/BCY-CTSBMTT).",
            f"File it at the authorized focal point of any province merged into {new.name}: "
            f"{where} (item 3 of Official Letter 393/BCY-CTSBMTT).",
        )
    )


@functools.lru_cache(maxsize=128)
def filing(new: NewProvince) -> tuple[tuple[str, ...], Reason]:
    """Where a change for ``new`` is filed: the short names of the old provinces merged into
    it, and :func:`file_at` saying so — once per new province, not per subject."""
    where = tuple([p.short for p in new.old])
    return where, file_at(new, ", ".join(where))


CHANGE_OF_INFORMATION = shared_reason(
    Reason(
        "Đề nghị thay đổi nội dung thông tin của chứng thư số hiện có (Mẫu 04, Nghị định "
        "68/2024/NĐ-CP) qua https://dichvucong.ca.gov.vn, không đề nghị cấp chứng thư số mới "
        "(mục 2 Công văn 393/BCY-CTSBMTT).",
        "Request a change of information on the existing certificate (Form 04, Decree "
        "68/2024) through https://dichvucong.ca.gov.vn — not a new certificate (item 2 of "
        "Official Letter 393/BCY-CTSBMTT).",
    )
)
REVOKE_DISTRICT_CERTIFICATE = shared_reason(
    Reason(
        "Chứng thư của tổ chức cấp huyện đã giải thể: đề nghị thu hồi chứng thư số "
        "(Mẫu 05, Nghị định 68/2024/NĐ-CP) và nộp lại thiết bị lưu khóa cho Cục Chứng "
        "thực số và Bảo mật thông tin (mục 6 Công văn 393/BCY-CTSBMTT).",
        "The certificate of an abolished district body: request its revocation "
        "(Form 05, Decree 68/2024) and return the key device to the Authentication "
        "and Information Security Department (item 6 of Official Letter 393).",
    )
)
CENTRAL_BODY = shared_reason(
    Reason(
        "Cơ quan trung ương, không gắn với địa bàn tỉnh: không chịu ảnh hưởng của "
        "việc sắp xếp đơn vị hành chính.",
        "A central body, not tied to a province: not affected by the reform.",
    )
)
CENTRAL_BODY_KEEPS_ITS_NAME = shared_reason(
    Reason(
        "Cơ quan trung ương: tên cơ quan giữ nguyên (việc sắp xếp đơn vị hành chính địa "
        "phương không đổi tên cơ quan trung ương). Chỉ địa bàn của chủ thể chứng thư (L, ST) "
        "ghi đơn vị hành chính không còn nên chỉ đề nghị sửa địa bàn.",
        "A central body: its name stays (the reform of local government does not rename "
        "central bodies). Only the holder's locality (L, ST) names a unit that no longer "
        "exists, so only the locality is proposed.",
    )
)
ALREADY_CURRENT = shared_reason(
    Reason(
        "Thông tin trên chứng thư đã phù hợp mô hình chính quyền địa phương hai cấp.",
        "The certificate already matches the two-tier structure.",
    )
)


def clear_caches() -> None:
    """Forget the reasons written so far (for benchmarks measuring a cold start)."""
    for cached in (
        merged,
        unchanged,
        district_abolished,
        person_of_abolished_district,
        commune_renamed,
        commune_parent,
        file_at,
        filing,
    ):
        cached.cache_clear()
    result.clear_caches()
    for constant in (
        CHANGE_OF_INFORMATION,
        REVOKE_DISTRICT_CERTIFICATE,
        ALREADY_CURRENT,
        CENTRAL_BODY,
        CENTRAL_BODY_KEEPS_ITS_NAME,
    ):
        shared_reason(constant)
