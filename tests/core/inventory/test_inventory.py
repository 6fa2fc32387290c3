"""The inventory store: round trips through a real SQLite file, and schema migration."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes

from kyso.core.inventory.schema import SCHEMA_VERSION, migrate, user_version
from kyso.core.inventory.store import (
    GROUP_COMMUNES,
    GROUP_DEPARTMENTS,
    FocalPerson,
    Inventory,
    InventoryError,
    default_inventory_path,
    normalize_fingerprint,
)
from kyso.core.settings import Paths, Settings
from tests.support.inventory_data import (
    ABOLISHED_ORG,
    CURRENT_ORG,
    CURRENT_PERSON,
    NEEDS_CHANGE_PERSON,
    TRUST_OK,
    UNKNOWN,
    make_pki,
    organization,
    person,
)

UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "inventory.sqlite3"


def test_default_path_follows_the_setting(tmp_path: Path):
    paths = Paths.under(tmp_path)
    assert default_inventory_path(Settings(), paths) == paths.data_dir / "inventory.sqlite3"
    chosen = tmp_path / "elsewhere" / "kk.sqlite3"
    assert default_inventory_path(Settings(inventory_path=str(chosen)), paths) == chosen
    with Inventory.open_default(Settings(), paths) as inv:
        assert inv.path.exists()
        assert inv.schema_version == SCHEMA_VERSION


def test_unit_tree_round_trip(db: Path):
    with Inventory(db) as inv:
        inv.set_reporting_unit_name("  Sở Tư pháp ")
        dep, com = inv.ensure_standard_groups()
        assert inv.ensure_standard_groups() == (dep, com)  # idempotent
        office = inv.add_unit("Khối Văn phòng", parent_id=dep, staff=15, org_required=1)
        attached = inv.add_unit("Các đơn vị trực thuộc", parent_id=dep)
        centre = inv.add_unit("Trung tâm Trợ giúp pháp lý", parent_id=attached, staff=9)
        inv.add_unit("Chi cục Thi hành án", parent_id=attached, staff=4)
        inv.add_unit("Trung tâm Trợ giúp pháp lý", parent_id=com, staff=2)  # same name
    with Inventory(db) as inv:
        assert inv.reporting_unit_name == "Sở Tư pháp"
        assert [u.name for u in inv.units()] == [
            GROUP_DEPARTMENTS, "Khối Văn phòng", "Các đơn vị trực thuộc",
            "Trung tâm Trợ giúp pháp lý", "Chi cục Thi hành án", GROUP_COMMUNES,
            "Trung tâm Trợ giúp pháp lý",
        ]
        assert inv.unit(office).staff == 15 and inv.unit(office).org_required == 1
        assert inv.descendant_ids(dep) == {office, attached, centre, centre + 1}
        assert inv.unit_path(centre) == (
            "Sở, ban, ngành > Các đơn vị trực thuộc > Trung tâm Trợ giúp pháp lý"
        )
        assert inv.find_unit("khối  văn PHÒNG").id == office
        assert inv.find_unit("Sở, ban, ngành > Các đơn vị trực thuộc > "
                             "Trung tâm Trợ giúp pháp lý").id == centre
        with pytest.raises(InventoryError) as ambiguous:
            inv.find_unit("Trung tâm Trợ giúp pháp lý")
        assert "đường dẫn" in ambiguous.value.vi and "path" in ambiguous.value.en
        with pytest.raises(InventoryError, match="Không có đơn vị"):
            inv.find_unit("Phòng Không Có")
        updated = inv.update_unit(office, staff=16, name="Văn phòng Sở")
        assert (updated.name, updated.staff, updated.org_required) == ("Văn phòng Sở", 16, 1)
        with pytest.raises(InventoryError, match="không được âm"):
            inv.update_unit(office, staff=-1)
        with pytest.raises(InventoryError, match="đơn vị con"):
            inv.remove_unit(attached)
        with pytest.raises(InventoryError, match="chính nó"):
            inv.move_unit(attached, centre)
        with pytest.raises(InventoryError, match="cùng cấp"):
            inv.move_unit(centre, com)  # com has a unit of that name already
        with pytest.raises(InventoryError, match="cùng cấp"):
            inv.add_unit(" văn phòng SỞ ", parent_id=dep)
        with pytest.raises(InventoryError, match="cùng cấp"):
            inv.update_unit(attached, name="Văn phòng Sở")
        inv.move_unit(centre, dep)
        assert inv.unit(centre).parent_id == dep
        inv.remove_unit(centre)
        with pytest.raises(InventoryError):
            inv.unit(centre)


def test_focal_person_is_one_and_can_be_replaced(db: Path):
    with Inventory(db) as inv:
        assert inv.focal_person() is None
        inv.set_focal_person(FocalPerson("Nguyễn Văn An", "Chánh Văn phòng", "0912345678"))
        inv.set_focal_person(FocalPerson("Trần Thị Bình", phone="0987654321"))
    with Inventory(db) as inv:
        assert inv.focal_person() == FocalPerson("Trần Thị Bình", "", "0987654321", "")
        with pytest.raises(InventoryError, match="họ tên"):
            inv.set_focal_person(FocalPerson("", phone="1"))
        inv.set_focal_person(None)
        assert inv.focal_person() is None


def test_certificate_round_trip_with_verdicts(db: Path, pki):
    leaf = person(pki, "Nguyễn Văn An", "Phòng Tổ chức")
    with Inventory(db) as inv:
        dep, _ = inv.ensure_standard_groups()
        office = inv.add_unit("Khối Văn phòng", parent_id=dep, staff=3)
        checked = dt.datetime(2025, 8, 5, 9, 30, tzinfo=UTC)
        outcome = inv.add_certificate(
            leaf.cert, unit_id=office, reform=NEEDS_CHANGE_PERSON, trust=TRUST_OK,
            token_serial="0A1B2C", checked_at=checked,
        )
        assert outcome.created
    with Inventory(db) as inv:
        (rec,) = inv.certificates()
        assert rec.fingerprint == normalize_fingerprint(
            leaf.cert.fingerprint(hashes.SHA256()).hex().upper()
        )
        assert rec.subject == leaf.cert.subject.rfc4514_string()
        assert "CN=Nguyễn Văn An" in rec.subject
        assert rec.serial_number == format(leaf.cert.serial_number, "x")
        assert rec.kind == "usb_token" and rec.kind_label == "USB Token"
        assert rec.holder_kind == "person"
        assert rec.unit_id == office
        assert rec.not_before == leaf.cert.not_valid_before_utc
        assert rec.not_after == leaf.cert.not_valid_after_utc
        assert rec.reform_status == "needs_change"
        assert rec.reform == NEEDS_CHANGE_PERSON
        assert rec.reform_checked_at == checked
        assert rec.trust_status == "ok" and rec.trust == TRUST_OK
        assert rec.trust_checked_at == checked
        assert rec.on_new_model is False
        assert rec.source == "token" and rec.token_serial == "0A1B2C"
        assert rec.has_der and inv.certificate_der(rec.id) == leaf.der
        assert inv.certificate_by_fingerprint(rec.fingerprint.upper()) == rec
        assert inv.certificates(unit_id=dep) == []
        assert inv.certificates(unit_id=dep, include_sub_units=True) == [rec]


def test_readding_updates_the_same_record(db: Path, pki):
    leaf = person(pki, "Lê Thị Hoa", "Phòng Kế hoạch")
    with Inventory(db) as inv:
        dep, com = inv.ensure_standard_groups()
        first = inv.add_certificate(leaf.cert, unit_id=dep, reform=NEEDS_CHANGE_PERSON,
                                    token_serial="SER1").record
        # the clerk re-scans the token after the change of information was filed:
        again = inv.add_certificate(leaf.der, unit_id=None, reform=CURRENT_PERSON)
        assert not again.created
        assert again.record.id == first.id
        assert again.record.unit_id == dep  # None keeps the unit
        assert again.record.token_serial == "SER1"
        assert again.record.on_new_model is True
        assert again.record.reform_status == "current"
        assert again.record.added_at == first.added_at
        moved = inv.add_certificate(leaf.cert, unit_id=com, trust=TRUST_OK)
        assert moved.record.unit_id == com
        assert moved.record.reform_status == "current"  # verdict not given: kept
        assert len(inv.certificates()) == 1


def test_holder_kind_from_verdict_then_caller_then_subject(db: Path, pki):
    org = organization(pki, "Sở Xây dựng (TEST)")
    pers = person(pki, "Phan Văn Long", "Phòng Quản lý")
    other = organization(pki, "Ban Quản lý dự án (TEST)")
    with Inventory(db) as inv:
        # the verdict wins over the caller
        rec = inv.add_certificate(org.cert, unit_id=None, holder_kind="person",
                                  reform=CURRENT_ORG).record
        assert rec.holder_kind == "organization"
        # "unknown" in the verdict: the caller decides
        rec = inv.add_certificate(pers.cert, unit_id=None, holder_kind="organization",
                                  reform=UNKNOWN).record
        assert rec.holder_kind == "organization" and rec.on_new_model is False
        # neither: guessed from the subject (MST → organization, CCCD → person)
        assert inv.add_certificate(other.cert, unit_id=None).record.holder_kind == "organization"
        third = person(pki, "Đinh Thị Mai", "Phòng Hành chính")
        assert inv.add_certificate(third.cert, unit_id=None).record.holder_kind == "person"
        # explicit on_new_model overrides the verdict
        assert inv.add_certificate(third.cert, unit_id=None, reform=NEEDS_CHANGE_PERSON,
                                   on_new_model=True).record.on_new_model is True


def test_bad_certificate_input_is_refused(db: Path, pki):
    leaf = person(pki, "Bùi Văn Sai", "Phòng A")
    with Inventory(db) as inv:
        with pytest.raises(InventoryError, match="không phải chứng thư"):
            inv.add_certificate(b"not a certificate", unit_id=None)
        with pytest.raises(InventoryError, match="Loại chứng thư"):
            inv.add_certificate(leaf.cert, unit_id=None, kind="floppy")  # type: ignore[arg-type]
        with pytest.raises(InventoryError, match="status"):
            inv.add_certificate(leaf.cert, unit_id=None, reform={"holder_kind": "person"})
        with pytest.raises(InventoryError, match="Không có đơn vị"):
            inv.add_certificate(leaf.cert, unit_id=999)
        assert inv.certificates() == []


def test_manual_sim_pki_and_rssp_entries(db: Path, pki):
    with Inventory(db) as inv:
        dep, _ = inv.ensure_standard_groups()
        nb = dt.datetime(2025, 7, 1, tzinfo=UTC)
        na = dt.datetime(2028, 7, 1, tzinfo=UTC)
        sim = inv.add_manual(subject="Nguyễn Văn SIM", kind="sim_pki", holder_kind="person",
                             unit_id=dep, on_new_model=True, not_before=nb, not_after=na,
                             note="Viettel")
        assert sim.created and sim.record.fingerprint is None and not sim.record.has_der
        same = inv.add_manual(subject="Nguyễn Văn SIM", kind="sim_pki", holder_kind="person",
                              unit_id=dep, on_new_model=False)
        assert not same.created and same.record.id == sim.record.id
        assert same.record.on_new_model is False
        rssp = inv.add_manual(subject="Nguyễn Văn SIM", kind="rssp", holder_kind="person",
                              unit_id=dep, on_new_model=True,
                              fingerprint="AB:" * 31 + "AB")
        assert rssp.created and rssp.record.fingerprint == "ab" * 32
        edited = inv.update_certificate(rssp.record.id, subject="Nguyễn Văn Ký Từ Xa",
                                        not_after=na, note="đã đổi")
        assert (edited.subject, edited.not_after, edited.note) == (
            "Nguyễn Văn Ký Từ Xa", na, "đã đổi")
        with pytest.raises(InventoryError, match="không phải dấu vân tay"):
            inv.add_manual(subject="X", kind="rssp", holder_kind="person", unit_id=None,
                           on_new_model=True, fingerprint="1234")
        with pytest.raises(InventoryError, match="chủ thể"):
            inv.add_manual(subject=" ", kind="rssp", holder_kind="person", unit_id=None,
                           on_new_model=True)
        with pytest.raises(InventoryError, match="trước ngày bắt đầu"):
            inv.add_manual(subject="X", kind="rssp", holder_kind="person", unit_id=None,
                           on_new_model=True, not_before=na, not_after=nb)
        # a token certificate's own fields cannot be edited by hand
        token = inv.add_certificate(person(pki, "Cao Văn Thẻ", "Phòng B").cert,
                                    unit_id=dep).record
        with pytest.raises(InventoryError, match="chính chứng thư"):
            inv.update_certificate(token.id, subject="Khác")
        with pytest.raises(InventoryError, match="Không sửa được"):
            inv.update_certificate(token.id, fingerprint="00" * 32)
        assert inv.update_certificate(token.id, kind="usb_token", on_new_model=True).on_new_model
    with Inventory(db) as inv:
        assert len(inv.certificates()) == 3
        assert inv.certificate(sim.record.id).note == "Viettel"


def test_set_verdicts_after_a_recheck(db: Path, pki):
    leaf = organization(pki, "Phòng Kinh tế quận Hoàn Kiếm (TEST)")
    with Inventory(db) as inv:
        rec = inv.add_certificate(leaf.cert, unit_id=None, reform=CURRENT_ORG).record
        after = inv.set_verdicts(rec.id, reform=ABOLISHED_ORG, trust=TRUST_OK,
                                 checked_at=dt.datetime(2025, 9, 1, tzinfo=UTC))
        assert after.reform_status == "unit_abolished" and after.on_new_model is False
        assert after.trust_checked_at == dt.datetime(2025, 9, 1, tzinfo=UTC)


def test_devices_to_return(db: Path, pki):
    abolished = organization(pki, "UBND huyện Sóc Sơn (TEST)")
    kept = organization(pki, "UBND xã Sóc Sơn (TEST)")
    with Inventory(db) as inv:
        dep, _ = inv.ensure_standard_groups()
        a = inv.add_certificate(abolished.cert, unit_id=dep, reform=ABOLISHED_ORG,
                                token_serial="OLD-1").record
        inv.add_certificate(kept.cert, unit_id=dep, reform=CURRENT_ORG)
        assert [c.id for c in inv.suggest_devices_to_return()] == [a.id]
        device = inv.mark_to_return(a.id, reason="Huyện đã bị bãi bỏ", on=dt.date(2025, 8, 1))
        assert (device.status, device.status_date, device.token_serial) == (
            "to_return", dt.date(2025, 8, 1), "OLD-1")
        assert inv.suggest_devices_to_return() == []
    with Inventory(db) as inv:
        assert [d.certificate_id for d in inv.devices("to_return")] == [a.id]
        returned = inv.mark_returned(a.id, on=dt.date(2025, 8, 15))
        assert (returned.status, returned.status_date) == ("returned", dt.date(2025, 8, 15))
        assert inv.devices("to_return") == []
        assert [d.reason for d in inv.devices("returned")] == ["Huyện đã bị bãi bỏ"]
        other = inv.certificates()[1]
        with pytest.raises(InventoryError, match="cần trả"):
            inv.mark_returned(other.id)
        inv.remove_certificate(a.id)  # the device row goes with it
        assert inv.devices() == []


def test_transaction_keeps_all_or_nothing(db: Path):
    with Inventory(db) as inv:
        dep, _ = inv.ensure_standard_groups()
        with pytest.raises(InventoryError), inv.transaction():
            inv.add_unit("Phòng A", parent_id=dep)
            inv.add_unit("", parent_id=dep)
        assert [u.name for u in inv.children(dep)] == []


# -- migrations ------------------------------------------------------------------------


def _make_v1(path: Path, der: bytes, fingerprint: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(conn, target=1) == [1]
        conn.execute("INSERT INTO units VALUES (1, NULL, 'Sở, ban, ngành', 0, 1)")
        conn.execute("INSERT INTO units VALUES (2, 1, 'Khối Văn phòng', 12, 1)")
        conn.execute(
            "INSERT INTO certificates (fingerprint, subject, kind, holder_kind, unit_id, "
            "not_before, not_after, trust_status, trust_json, trust_checked_at, reform_status, "
            "reform_json, on_new_model, source, token_serial, der) VALUES "
            "(?, 'CN=UBND huyện Gia Lâm', 'usb_token', 'organization', 2, "
            "'2024-01-01T00:00:00+00:00', '2027-01-01T00:00:00+00:00', 'ok', '{\"status\": "
            "\"ok\"}', '2025-07-20T02:00:00+00:00', 'unit_abolished', '{\"status\": "
            "\"unit_abolished\"}', 0, 'token', 'SN-9', ?)",
            (fingerprint.upper(), der),
        )
        conn.execute(
            "INSERT INTO certificates (fingerprint, subject, kind, holder_kind, unit_id, "
            "on_new_model, source) VALUES (?, 'CN=Ngô Thị Hà', 'sim_pki', 'person', 2, 1, "
            "'csv')",
            ("cd" * 32,),
        )
        conn.execute(
            "INSERT INTO devices (fingerprint, status, status_date, reason) VALUES "
            "(?, 'to_return', '2025-07-25', 'Huyện bị bãi bỏ')",
            (fingerprint.upper(),),
        )
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("reporting_unit", "Sở Nông nghiệp"), ("focal_name", "Lý Văn Đầu"),
             ("focal_phone", "0243000000")],
        )
        assert user_version(conn) == 1
    finally:
        conn.close()


def test_v1_database_migrates_to_current(tmp_path: Path, pki):
    leaf = organization(pki, "UBND huyện Gia Lâm (TEST)")
    path = tmp_path / "old.sqlite3"
    fp = leaf.cert.fingerprint(hashes.SHA256())
    _make_v1(path, leaf.der, fp.hex())
    with Inventory(path) as inv:
        assert inv.schema_version == SCHEMA_VERSION == 2
        assert inv.reporting_unit_name == "Sở Nông nghiệp"
        assert inv.focal_person() == FocalPerson("Lý Văn Đầu", "", "0243000000", "")
        assert [(u.name, u.staff, u.org_required) for u in inv.units()] == [
            ("Sở, ban, ngành", 0, 0), ("Khối Văn phòng", 12, 0)]
        org, sim = inv.certificates()
        assert org.fingerprint == fp.hex()  # lower-cased
        assert org.reform_status == "unit_abolished" and org.reform == {
            "status": "unit_abolished"}
        assert org.token_serial == "SN-9" and inv.certificate_der(org.id) == leaf.der
        assert org.not_after == dt.datetime(2027, 1, 1, tzinfo=UTC)
        assert sim.kind == "sim_pki" and sim.on_new_model and sim.source == "csv"
        (device,) = inv.devices()
        assert (device.certificate_id, device.status, device.status_date, device.reason) == (
            org.id, "to_return", dt.date(2025, 7, 25), "Huyện bị bãi bỏ")
        # what v2 allows and v1 did not: a hand-entered RSSP record with no fingerprint
        rec = inv.add_manual(subject="Ngô Thị Hà", kind="rssp", holder_kind="person",
                             unit_id=2, on_new_model=True).record
        assert rec.fingerprint is None
        inv.update_unit(2, org_required=1)
        # v2 constraints are in force
        with pytest.raises(sqlite3.IntegrityError):
            inv._conn.execute("UPDATE certificates SET kind = 'floppy' WHERE id = ?", (rec.id,))
        with pytest.raises(sqlite3.IntegrityError):
            inv._conn.execute("INSERT INTO reporting_unit (id) VALUES (2)")
    # a copy of the v1 file was kept before migrating
    backup = tmp_path / "old.sqlite3.v1.bak"
    conn = sqlite3.connect(backup)
    try:
        assert user_version(conn) == 1
        assert conn.execute("SELECT count(*) FROM certificates").fetchone()[0] == 2
    finally:
        conn.close()
    # opening again does nothing more
    with Inventory(path) as inv:
        assert len(inv.certificates()) == 3


def test_fresh_database_is_created_at_the_current_version(db: Path):
    with Inventory(db) as inv:
        assert inv.schema_version == SCHEMA_VERSION
    assert not list(db.parent.glob("*.bak"))


def test_newer_schema_is_refused(db: Path):
    with Inventory(db):
        pass
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(InventoryError) as err:
        Inventory(db)
    assert "mới hơn" in err.value.vi and "newer" in err.value.en


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path):
    bad = tmp_path / "inventory.sqlite3"
    bad.write_bytes(b"This is a text file, not SQLite at all." * 40)
    with pytest.raises(InventoryError) as err:
        Inventory(bad)
    assert err.value.code == "inventory_open"
    assert "Thiết lập" in err.value.vi
