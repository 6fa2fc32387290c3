"""A hand-computed inventory for the Phụ lục I tests (one Sở with units in both groups).

The expected figures below were worked out by hand from the rules of kyso.core.inventory.phuluc:

Khối Văn phòng (staff 20, org_required 1)
  organization, on the new model (USB Token)                    -> issued Tổ chức 1
  persons on the new model: USB 6, SIM PKI 3, RSSP 1            -> issued Cá nhân 10
  persons needing a change of information: 4                    -> cần cấp Cá nhân 4 + (20-10-4)
  expired / trust failed / not yet valid at 31/08/2025: 3       -> not counted
Trung tâm Kiểm soát bệnh tật (staff 12, org_required 1)
  organization needing change: 1                                -> cần cấp Tổ chức 1 + 0
  persons on the new model (USB) 5, needing change 2            -> cần cấp Cá nhân 2 + (12-5-2)
Chi cục Dân số (staff 8, org_required 1)
  no organization certificate                                   -> cần cấp Tổ chức 0 + 1
  persons on the new model: RSSP 5, SIM PKI 4 (more than staff) -> cần cấp Cá nhân 0
Phòng Văn hóa - Xã hội (staff 6)
  persons on the new model (USB) 3; one "unknown" two-tier verdict (needs change);
  one on the list of devices to return                          -> cần cấp Cá nhân 1 + (6-3-1)
Trung tâm Phục vụ hành chính công (staff 5, org_required 1)
  organization on the new model (USB) 1; organization of an abolished district body
  (not counted, suggested as a device to return); persons RSSP 5
Trường Tiểu học Ba Đình (staff 30, org_required 1): nothing     -> cần cấp 1 | 30
One certificate has no unit (not counted, listed as unassigned).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kyso.core.demo.pki import Issued, PkiBuilder, organization_name, person_name
from kyso.core.inventory.store import FocalPerson, Inventory

UTC = dt.timezone.utc
VN = dt.timezone(dt.timedelta(hours=7))
AS_OF = dt.datetime(2025, 8, 31, 23, 59, 59, tzinfo=VN)
PERIOD = "2025-08"
REPORTING_UNIT = "Sở Y tế (TEST)"
FOCAL = FocalPerson("Nguyễn Thị Lan", "Chuyên viên Văn phòng", "024 3825 1234", "lan@test.vn")

# (STT, name, staff, issued org, issued person, needed org, needed person, SIM, USB, RSSP)
EXPECTED_ROWS: list[tuple[str, str, int, int, int, int, int, int, int, int]] = [
    ("I", "Sở, ban, ngành", 40, 1, 24, 2, 17, 7, 12, 6),
    ("1", "Khối Văn phòng", 20, 1, 10, 0, 10, 3, 7, 1),
    ("2", "Các đơn vị trực thuộc", 20, 0, 14, 2, 7, 4, 5, 5),
    ("2.1", "Trung tâm Kiểm soát bệnh tật", 12, 0, 5, 1, 7, 0, 5, 0),
    ("2.2", "Chi cục Dân số", 8, 0, 9, 1, 0, 4, 0, 5),
    ("II", "UBND cấp xã", 41, 1, 8, 1, 33, 0, 4, 5),
    ("1", "Phòng Văn hóa - Xã hội", 6, 0, 3, 0, 3, 0, 3, 0),
    ("2", "Trung tâm Phục vụ hành chính công", 5, 1, 5, 0, 0, 0, 1, 5),
    ("3", "Trường Tiểu học Ba Đình", 30, 0, 0, 1, 30, 0, 0, 0),
]
EXPECTED_TOTAL = (81, 2, 32, 3, 50, 7, 16, 11)

CURRENT_PERSON = {
    "status": "current", "holder_kind": "person",
    "province": {"old": "Hà Nội", "new": "Hà Nội"}, "district": None, "commune": None,
    "proposed": None, "file_at": None, "reasons": [],
}
CURRENT_ORG = {**CURRENT_PERSON, "holder_kind": "organization"}
NEEDS_CHANGE_PERSON = {
    **CURRENT_PERSON, "status": "needs_change",
    "district": "Quận Ba Đình", "commune": "Phường Ba Đình",
    "proposed": "OU=Phường Ba Đình, L=Hà Nội", "file_at": "Sở KHCN TP Hà Nội",
    "reasons": ["Chủ thể ghi tên quận đã bị bãi bỏ."],
}
NEEDS_CHANGE_ORG = {**NEEDS_CHANGE_PERSON, "holder_kind": "organization"}
UNKNOWN = {**CURRENT_PERSON, "status": "unknown", "holder_kind": "unknown",
           "reasons": ["Không đọc được đơn vị."]}
ABOLISHED_ORG = {
    **CURRENT_PERSON, "status": "unit_abolished", "holder_kind": "organization",
    "district": "Huyện Đông Anh", "reasons": ["UBND huyện đã bị bãi bỏ từ 01/7/2025."],
}
TRUST_OK = {"status": "ok", "reasons": [], "chain": ["leaf", "sub", "root"],
            "not_after": "2028-07-15T00:00:00+00:00", "revocation": "good"}
TRUST_FAILED = {**TRUST_OK, "status": "failed", "reasons": ["Chứng thư đã bị thu hồi."],
                "revocation": "revoked"}


@dataclass
class FixtureUnits:
    departments: int
    office: int
    attached: int
    cdc: int
    population: int
    communes: int
    culture: int
    service_centre: int
    school: int
    abolished_org_cert: int


def make_pki() -> PkiBuilder:
    return PkiBuilder(key_size=1024, now=dt.datetime(2025, 7, 15, tzinfo=UTC))


def person(pki: PkiBuilder, cn: str, ou: str, **kw: object) -> Issued:
    return pki.issue(
        person_name(cn, ous=[ou], o="UBND thành phố Hà Nội (TEST)", locality="Hà Nội",
                    uid="CCCD:001085001234"),
        **kw,  # type: ignore[arg-type]
    )


def organization(pki: PkiBuilder, cn: str) -> Issued:
    return pki.issue(
        organization_name(cn, o="UBND thành phố Hà Nội (TEST)", locality="Hà Nội",
                          uid="MST:0101234567")
    )


def _manual(inv: Inventory, unit: int | None, prefix: str, n: int, kind: str, holder: str,
            new_model: bool) -> list[int]:
    ids = []
    for i in range(1, n + 1):
        ids.append(inv.add_manual(
            subject=f"CN={prefix} {i}", kind=kind, holder_kind=holder,  # type: ignore[arg-type]
            unit_id=unit, on_new_model=new_model,
            not_before=dt.datetime(2025, 7, 2, tzinfo=VN),
            not_after=dt.datetime(2028, 7, 2, tzinfo=VN),
        ).record.id)
    return ids


def fill(inv: Inventory, pki: PkiBuilder) -> FixtureUnits:
    inv.set_reporting_unit_name(REPORTING_UNIT)
    inv.set_focal_person(FOCAL)
    departments, communes = inv.ensure_standard_groups()
    office = inv.add_unit("Khối Văn phòng", parent_id=departments, staff=20, org_required=1)
    attached = inv.add_unit("Các đơn vị trực thuộc", parent_id=departments)
    cdc = inv.add_unit("Trung tâm Kiểm soát bệnh tật", parent_id=attached, staff=12,
                       org_required=1)
    population = inv.add_unit("Chi cục Dân số", parent_id=attached, staff=8, org_required=1)
    culture = inv.add_unit("Phòng Văn hóa - Xã hội", parent_id=communes, staff=6)
    service = inv.add_unit("Trung tâm Phục vụ hành chính công", parent_id=communes, staff=5,
                           org_required=1)
    school = inv.add_unit("Trường Tiểu học Ba Đình", parent_id=communes, staff=30,
                          org_required=1)

    # Khối Văn phòng
    inv.add_certificate(organization(pki, "Sở Y tế (TEST)").cert, unit_id=office,
                        reform=CURRENT_ORG, trust=TRUST_OK, token_serial="T-ORG-1")
    for i in range(2):
        inv.add_certificate(person(pki, f"Lê Văn Mới {i}", "Văn phòng Sở").cert,
                            unit_id=office, reform=CURRENT_PERSON, trust=TRUST_OK)
    _manual(inv, office, "Cán bộ VP token", 4, "usb_token", "person", True)
    _manual(inv, office, "Cán bộ VP SIM", 3, "sim_pki", "person", True)
    _manual(inv, office, "Cán bộ VP RSSP", 1, "rssp", "person", True)
    for i in range(2):
        inv.add_certificate(person(pki, f"Trần Văn Cũ {i}", "Phòng Tổ chức").cert,
                            unit_id=office, reform=NEEDS_CHANGE_PERSON, trust=TRUST_OK)
    _manual(inv, office, "Cán bộ VP cần đổi", 2, "usb_token", "person", False)
    expired_nb = dt.datetime(2022, 8, 1, tzinfo=UTC)
    inv.add_certificate(
        person(pki, "Phạm Hết Hạn", "Văn phòng Sở", not_before=expired_nb,
               not_after=dt.datetime(2025, 8, 1, tzinfo=UTC)).cert,
        unit_id=office, reform=CURRENT_PERSON)
    inv.add_certificate(person(pki, "Vũ Thu Hồi", "Văn phòng Sở").cert, unit_id=office,
                        reform=CURRENT_PERSON, trust=TRUST_FAILED)
    inv.add_certificate(
        person(pki, "Đỗ Chưa Cấp", "Văn phòng Sở",
               not_before=dt.datetime(2025, 9, 10, tzinfo=UTC)).cert,
        unit_id=office, reform=CURRENT_PERSON)

    # Trung tâm Kiểm soát bệnh tật
    inv.add_certificate(organization(pki, "Trung tâm Kiểm soát bệnh tật (TEST)").cert,
                        unit_id=cdc, reform=NEEDS_CHANGE_ORG)
    inv.add_certificate(person(pki, "Hoàng Văn Mới", "Khoa Xét nghiệm").cert, unit_id=cdc,
                        reform=CURRENT_PERSON)
    _manual(inv, cdc, "Cán bộ CDC", 4, "usb_token", "person", True)
    _manual(inv, cdc, "Cán bộ CDC cần đổi", 2, "usb_token", "person", False)

    # Chi cục Dân số
    _manual(inv, population, "Cán bộ Dân số RSSP", 5, "rssp", "person", True)
    _manual(inv, population, "Cán bộ Dân số SIM", 4, "sim_pki", "person", True)

    # Phòng Văn hóa - Xã hội
    _manual(inv, culture, "Cán bộ VHXH", 3, "usb_token", "person", True)
    inv.add_certificate(person(pki, "Ngô Không Rõ", "Phòng Văn hóa - Xã hội").cert,
                        unit_id=culture, reform=UNKNOWN, holder_kind="person")
    (returning,) = _manual(inv, culture, "Cán bộ VHXH nghỉ hưu", 1, "usb_token", "person", True)
    inv.mark_to_return(returning, reason="Nghỉ hưu", on=dt.date(2025, 8, 20))

    # Trung tâm Phục vụ hành chính công
    abolished = inv.add_certificate(organization(pki, "UBND huyện Đông Anh (TEST)").cert,
                                    unit_id=service, reform=ABOLISHED_ORG).record.id
    _manual(inv, service, "Trung tâm PVHCC", 1, "usb_token", "organization", True)
    _manual(inv, service, "Cán bộ PVHCC", 5, "rssp", "person", True)

    # a certificate nobody assigned yet
    _manual(inv, None, "Chưa xếp đơn vị", 1, "usb_token", "person", True)
    return FixtureUnits(departments, office, attached, cdc, population, communes, culture,
                        service, school, abolished)
