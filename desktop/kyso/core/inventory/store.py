"""The unit's certificate inventory: a SQLite file a focal person keeps (Công văn 4414).

It holds the unit tree of Phụ lục I (groups "I. Sở, ban, ngành" and "II. UBND cấp xã",
their units and sub-units, each with its staff count — CBCCVC), every certificate of the
unit (stored once, by SHA-256 fingerprint when known), the verdicts of the two-tier and
trust checks as those checks gave them, the devices to return (item 6 of Công văn 393)
and the unit's one focal person.

The checks themselves are not called here: the caller passes their ``to_json()`` dicts
(``reform=…``, ``trust=…``), so the store never depends on how they are computed.

Schema and migrations: :mod:`kyso.core.inventory.schema`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from kyso.core.errors import KysoError
from kyso.core.inventory.schema import SCHEMA_VERSION, migrate, user_version
from kyso.core.settings import Paths, Settings, unprintable

UTC = dt.timezone.utc

CertKind = Literal["usb_token", "sim_pki", "rssp"]
HolderKind = Literal["organization", "person"]
Source = Literal["token", "file", "csv", "manual"]
DeviceStatus = Literal["to_return", "returned"]

CERT_KINDS: tuple[str, ...] = get_args(CertKind)
HOLDER_KINDS: tuple[str, ...] = get_args(HolderKind)
SOURCES: tuple[str, ...] = get_args(Source)
DEVICE_STATUSES: tuple[str, ...] = get_args(DeviceStatus)

KIND_LABELS: dict[str, str] = {"sim_pki": "SIM PKI", "usb_token": "USB Token", "rssp": "RSSP"}
HOLDER_LABELS: dict[str, tuple[str, str]] = {
    "organization": ("Tổ chức", "Organization"),
    "person": ("Cá nhân", "Person"),
}

GROUP_DEPARTMENTS = "Sở, ban, ngành"
GROUP_COMMUNES = "UBND cấp xã"
PATH_SEPARATOR = " > "
DEFAULT_FILE_NAME = "inventory.sqlite3"


class InventoryError(KysoError):
    """The inventory refused an operation or its file cannot be used."""


# -- records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A row of Phụ lục I: a group (no parent), a unit, or a sub-unit."""

    id: int
    parent_id: int | None
    name: str
    staff: int
    """Tổng số CBCCVC of this unit itself (sub-units count their own)."""
    org_required: int
    """How many organization certificates this unit itself must hold (usually 0 or 1)."""
    position: int


@dataclass(frozen=True)
class CertificateRecord:
    id: int
    fingerprint: str | None
    """Lower-case hex SHA-256 of the DER; ``None`` for a hand-entered SIM PKI/RSSP record."""
    subject: str
    serial_number: str | None
    issuer: str | None
    kind: CertKind
    holder_kind: HolderKind
    unit_id: int | None
    not_before: dt.datetime | None
    not_after: dt.datetime | None
    trust_status: str | None
    trust: dict[str, Any] | None
    trust_checked_at: dt.datetime | None
    reform_status: str | None
    reform: dict[str, Any] | None
    reform_checked_at: dt.datetime | None
    on_new_model: bool
    source: Source
    token_serial: str | None
    note: str
    added_at: dt.datetime
    updated_at: dt.datetime
    has_der: bool

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def is_expired(self, at: dt.datetime) -> bool:
        return self.not_after is not None and self.not_after < at


@dataclass(frozen=True)
class AddOutcome:
    record: CertificateRecord
    created: bool
    """False when a certificate with the same fingerprint was already there (updated)."""


@dataclass(frozen=True)
class DeviceRecord:
    """A device (or remote credential) whose certificate is no longer needed."""

    id: int
    certificate_id: int
    status: DeviceStatus
    status_date: dt.date | None
    reason: str
    subject: str
    kind: CertKind
    holder_kind: HolderKind
    unit_id: int | None
    token_serial: str | None
    fingerprint: str | None


@dataclass(frozen=True)
class FocalPerson:
    """The unit's one focal person for certificate requests (Công văn 4414, item 3)."""

    name: str
    title: str = ""
    phone: str = ""
    email: str = ""


# -- helpers ---------------------------------------------------------------------------


def _check_printable(text: str, what_vi: str, what_en: str) -> None:
    """Refuse a name that holds a control character (pasted from another program): it is
    printed in Phụ lục I, whose XLSX cells cannot hold one."""
    bad = unprintable(text)
    if bad is not None:
        code = f"U+{ord(bad):04X}"
        shown = repr(text)[1:-1]  # the control character written out: "\\x01"
        raise InventoryError(
            f"{what_vi} “{shown}” có ký tự điều khiển {code}, không in được trong báo "
            "cáo; hãy gõ lại trên một dòng.",
            f"The {what_en} “{shown}” holds the control character {code}, which a "
            "report cannot print; type it again on one line.",
            code="inventory_text",
        )


def default_inventory_path(settings: Settings, paths: Paths) -> Path:
    """``settings.inventory_path`` or ``inventory.sqlite3`` in the per-user data folder."""
    if settings.inventory_path:
        return Path(settings.inventory_path).expanduser()
    return paths.data_dir / DEFAULT_FILE_NAME


def normalize_fingerprint(value: str) -> str:
    """Accept ``AB:CD…``, spaces, upper case; return 64 lower-case hex digits."""
    cleaned = re.sub(r"[\s:\-]", "", value).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", cleaned):
        raise InventoryError(
            f"“{value}” không phải dấu vân tay SHA-256 (cần 64 chữ số thập lục phân).",
            f"“{value}” is not a SHA-256 fingerprint (64 hexadecimal digits expected).",
            code="inventory_fingerprint",
        )
    return cleaned


def fingerprint_of(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()


def fold(text: str) -> str:
    """Compare names the way a person would: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def guess_holder_kind(subject: x509.Name) -> HolderKind:
    """Fallback only (no two-tier verdict, no caller choice): VGCA subjects of persons
    carry ``UID=CCCD:/CMND:`` or OUs; organizations ``UID=MST:`` and no OU."""
    for attr in subject.get_attributes_for_oid(NameOID.USER_ID):
        value = str(attr.value).upper()
        if value.startswith(("CCCD", "CMND", "HC")):
            return "person"
        if value.startswith("MST"):
            return "organization"
    if subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME):
        return "person"
    if subject.get_attributes_for_oid(NameOID.TITLE):
        return "person"
    return "organization"


def _now() -> dt.datetime:
    return dt.datetime.now(UTC).replace(microsecond=0)


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _json(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _check_choice(value: str, allowed: tuple[str, ...], what_vi: str, what_en: str) -> None:
    if value not in allowed:
        raise InventoryError(
            f"{what_vi} “{value}” không hợp lệ; chọn một trong: {', '.join(allowed)}.",
            f"Invalid {what_en} “{value}”; choose one of: {', '.join(allowed)}.",
            code="inventory_choice",
        )


def _status_of(verdict: dict[str, Any] | None, what: str) -> str | None:
    if verdict is None:
        return None
    status = verdict.get("status")
    if not isinstance(status, str) or not status:
        raise InventoryError(
            f"Kết quả kiểm tra {what} không có trạng thái (“status”); hãy kiểm tra lại.",
            f"The {what} verdict has no “status”; run the check again.",
            code="inventory_verdict",
        )
    return status


# -- the store -------------------------------------------------------------------------

_CERT_COLUMNS = (
    "id, fingerprint, subject, serial_number, issuer, kind, holder_kind, unit_id, "
    "not_before, not_after, trust_status, trust_json, trust_checked_at, reform_status, "
    "reform_json, reform_checked_at, on_new_model, source, token_serial, note, added_at, "
    "updated_at, der IS NOT NULL"
)


class Inventory:
    """One inventory file. Opening it creates or migrates the schema.

    Use as a context manager (or call :meth:`close`): the connection must be closed.
    """

    def __init__(self, path: Path | str, *, backup_before_migrate: bool = True) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            existed = self.path.exists() and self.path.stat().st_size > 0
            self._conn = sqlite3.connect(self.path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise self._open_error(exc) from exc
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            found = user_version(self._conn)
            if found > SCHEMA_VERSION:
                raise InventoryError(
                    f"Tệp kiểm kê {self.path} được tạo bởi phiên bản Kyso mới hơn (lược đồ "
                    f"v{found}); hãy cập nhật Kyso.",
                    f"The inventory {self.path} was written by a newer Kyso (schema "
                    f"v{found}); update Kyso.",
                    code="inventory_newer",
                )
            if found < SCHEMA_VERSION:
                if existed and found > 0 and backup_before_migrate:
                    self._backup(found)
                migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise self._open_error(exc) from exc
        except BaseException:
            self._conn.close()
            raise

    def _open_error(self, exc: Exception) -> InventoryError:
        return InventoryError(
            f"Không mở được tệp kiểm kê {self.path}: {exc}. Kiểm tra tệp có đúng là tệp "
            "kiểm kê của Kyso không, hoặc chọn tệp khác trong phần Thiết lập.",
            f"Cannot open the inventory {self.path}: {exc}. Check that it is a Kyso "
            "inventory, or choose another file in Settings.",
            code="inventory_open",
        )

    def _backup(self, version: int) -> None:
        target = self.path.with_name(f"{self.path.name}.v{version}.bak")
        if not target.exists():
            dest = sqlite3.connect(target)
            try:
                self._conn.backup(dest)
            finally:
                dest.close()

    @classmethod
    def open_default(cls, settings: Settings, paths: Paths) -> Inventory:
        return cls(default_inventory_path(settings, paths))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Inventory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return user_version(self._conn)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several changes: all are kept, or none (nesting joins the outer one)."""
        if self._conn.in_transaction:
            yield
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # -- reporting unit and focal person ----------------------------------------------
    def _reporting_row(self) -> sqlite3.Row | tuple[Any, ...] | None:
        return self._conn.execute(
            "SELECT name, focal_name, focal_title, focal_phone, focal_email "
            "FROM reporting_unit WHERE id = 1"
        ).fetchone()

    @property
    def reporting_unit_name(self) -> str:
        """The unit that reports (title of Phụ lục I): e.g. "Sở Y tế", "UBND phường Ba Đình"."""
        row = self._reporting_row()
        return row[0] if row else ""

    def set_reporting_unit_name(self, name: str) -> None:
        _check_printable(name.strip(), "Tên đơn vị báo cáo", "reporting unit's name")
        with self.transaction():
            self._conn.execute(
                "INSERT INTO reporting_unit (id, name) VALUES (1, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name",
                (name.strip(),),
            )

    def focal_person(self) -> FocalPerson | None:
        row = self._reporting_row()
        if not row or not row[1]:
            return None
        return FocalPerson(row[1], row[2], row[3], row[4])

    def set_focal_person(self, person: FocalPerson | None) -> None:
        """Name the unit's one focal person (replaces the previous one); ``None`` clears it."""
        person = person or FocalPerson("")
        if person.name.strip() == "" and (person.title or person.phone or person.email):
            raise InventoryError(
                "Hãy nhập họ tên cán bộ đầu mối.",
                "Enter the focal person's name.",
                code="inventory_focal",
            )
        for value, vi, en in (
            (person.name, "Họ tên cán bộ đầu mối", "focal person's name"),
            (person.title, "Chức vụ cán bộ đầu mối", "focal person's title"),
            (person.phone, "Điện thoại cán bộ đầu mối", "focal person's phone"),
            (person.email, "Thư điện tử cán bộ đầu mối", "focal person's e-mail"),
        ):
            _check_printable(value.strip(), vi, en)
        with self.transaction():
            self._conn.execute(
                "INSERT INTO reporting_unit (id, focal_name, focal_title, focal_phone, "
                "focal_email) VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "focal_name = excluded.focal_name, focal_title = excluded.focal_title, "
                "focal_phone = excluded.focal_phone, focal_email = excluded.focal_email",
                (person.name.strip(), person.title.strip(), person.phone.strip(),
                 person.email.strip()),
            )

    # -- units -------------------------------------------------------------------------
    def add_unit(
        self,
        name: str,
        *,
        parent_id: int | None = None,
        staff: int = 0,
        org_required: int = 0,
        position: int | None = None,
    ) -> int:
        """Add a unit under ``parent_id`` (``None``: a group such as "Sở, ban, ngành")."""
        name = name.strip()
        self._check_unit_values(name, staff, org_required)
        with self.transaction():
            if parent_id is not None:
                self.unit(parent_id)
            self._check_sibling_name(name, parent_id, None)
            if position is None:
                row = self._conn.execute(
                    "SELECT coalesce(max(position), 0) + 1 FROM units WHERE parent_id IS ?",
                    (parent_id,),
                ).fetchone()
                position = int(row[0])
            cur = self._conn.execute(
                "INSERT INTO units (parent_id, name, staff, org_required, position) "
                "VALUES (?, ?, ?, ?, ?)",
                (parent_id, name, staff, org_required, position),
            )
            return int(cur.lastrowid or 0)

    def _check_unit_values(self, name: str, staff: int, org_required: int) -> None:
        if not name:
            raise InventoryError(
                "Tên đơn vị không được để trống.", "The unit name is empty.", code="inventory_unit"
            )
        _check_printable(name, "Tên đơn vị", "unit name")
        if staff < 0 or org_required < 0:
            raise InventoryError(
                f"Số CBCCVC và số chứng thư tổ chức cần có của “{name}” không được âm.",
                f"Staff and required organization certificates of “{name}” cannot be negative.",
                code="inventory_unit",
            )

    def _check_sibling_name(self, name: str, parent_id: int | None, unit_id: int | None) -> None:
        for sibling in self.children(parent_id):
            if sibling.id != unit_id and fold(sibling.name) == fold(name):
                raise InventoryError(
                    f"Đã có đơn vị “{sibling.name}” ở cùng cấp; hãy đặt tên khác hoặc sửa đơn "
                    "vị đã có.",
                    f"There is already a unit “{sibling.name}” at this level; choose another "
                    "name or edit the existing unit.",
                    code="inventory_unit_duplicate",
                )

    def ensure_standard_groups(self) -> tuple[int, int]:
        """The two groups of Phụ lục I, created when missing: (I. Sở, ban, ngành, II. UBND
        cấp xã)."""
        ids: list[int] = []
        with self.transaction():
            for position, name in enumerate((GROUP_DEPARTMENTS, GROUP_COMMUNES), start=1):
                found = [u for u in self.children(None) if fold(u.name) == fold(name)]
                ids.append(found[0].id if found else self.add_unit(name, position=position))
        return ids[0], ids[1]

    def update_unit(
        self,
        unit_id: int,
        *,
        name: str | None = None,
        staff: int | None = None,
        org_required: int | None = None,
        position: int | None = None,
    ) -> Unit:
        with self.transaction():
            unit = self.unit(unit_id)
            new_name = unit.name if name is None else name.strip()
            new_staff = unit.staff if staff is None else staff
            new_org = unit.org_required if org_required is None else org_required
            self._check_unit_values(new_name, new_staff, new_org)
            self._check_sibling_name(new_name, unit.parent_id, unit_id)
            self._conn.execute(
                "UPDATE units SET name = ?, staff = ?, org_required = ?, position = ? "
                "WHERE id = ?",
                (new_name, new_staff, new_org,
                 unit.position if position is None else position, unit_id),
            )
            return self.unit(unit_id)

    def move_unit(self, unit_id: int, parent_id: int | None) -> Unit:
        with self.transaction():
            self.unit(unit_id)
            if parent_id is not None:
                if parent_id == unit_id or parent_id in self.descendant_ids(unit_id):
                    raise InventoryError(
                        "Không thể chuyển một đơn vị vào chính nó hoặc đơn vị con của nó.",
                        "A unit cannot be moved under itself or one of its sub-units.",
                        code="inventory_unit_cycle",
                    )
                self.unit(parent_id)
            self._check_sibling_name(self.unit(unit_id).name, parent_id, unit_id)
            self._conn.execute(
                "UPDATE units SET parent_id = ? WHERE id = ?", (parent_id, unit_id)
            )
            return self.unit(unit_id)

    def remove_unit(self, unit_id: int) -> None:
        """Remove an empty unit; refuses while it has sub-units or certificates."""
        with self.transaction():
            unit = self.unit(unit_id)
            if self.children(unit_id):
                raise InventoryError(
                    f"Đơn vị “{unit.name}” còn đơn vị con; hãy chuyển hoặc xóa chúng trước.",
                    f"“{unit.name}” still has sub-units; move or remove them first.",
                    code="inventory_unit_busy",
                )
            (count,) = self._conn.execute(
                "SELECT count(*) FROM certificates WHERE unit_id = ?", (unit_id,)
            ).fetchone()
            if count:
                raise InventoryError(
                    f"Đơn vị “{unit.name}” còn {count} chứng thư; hãy chuyển chúng sang đơn vị "
                    "khác trước.",
                    f"“{unit.name}” still has {count} certificate(s); move them to another "
                    "unit first.",
                    code="inventory_unit_busy",
                )
            self._conn.execute("DELETE FROM units WHERE id = ?", (unit_id,))

    def unit(self, unit_id: int) -> Unit:
        row = self._conn.execute(
            "SELECT id, parent_id, name, staff, org_required, position FROM units WHERE id = ?",
            (unit_id,),
        ).fetchone()
        if row is None:
            raise InventoryError(
                f"Không có đơn vị số {unit_id} trong kiểm kê.",
                f"No unit {unit_id} in the inventory.",
                code="inventory_no_unit",
            )
        return Unit(*row)

    def children(self, parent_id: int | None) -> list[Unit]:
        rows = self._conn.execute(
            "SELECT id, parent_id, name, staff, org_required, position FROM units "
            "WHERE parent_id IS ? ORDER BY position, id",
            (parent_id,),
        ).fetchall()
        return [Unit(*r) for r in rows]

    def units(self) -> list[Unit]:
        """Every unit, in the order of the report (depth first, by position)."""
        out: list[Unit] = []

        def walk(parent: int | None) -> None:
            for unit in self.children(parent):
                out.append(unit)
                walk(unit.id)

        walk(None)
        return out

    def descendant_ids(self, unit_id: int) -> set[int]:
        rows = self._conn.execute(
            "WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE parent_id = ? "
            "UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub",
            (unit_id,),
        ).fetchall()
        return {r[0] for r in rows}

    def unit_path(self, unit_id: int) -> str:
        """``Sở, ban, ngành > Các đơn vị trực thuộc > Trung tâm …``"""
        names: list[str] = []
        current: int | None = unit_id
        while current is not None:
            unit = self.unit(current)
            names.append(unit.name)
            current = unit.parent_id
        return PATH_SEPARATOR.join(reversed(names))

    def find_unit(self, ref: str) -> Unit:
        """A unit by its name (when unique) or by its path joined with ``>``."""
        parts = [p for p in (s.strip() for s in ref.split(">")) if p]
        if not parts:
            raise InventoryError(
                "Chưa ghi tên đơn vị.", "No unit name given.", code="inventory_no_unit"
            )
        if len(parts) > 1:
            parent: int | None = None
            unit: Unit | None = None
            for part in parts:
                matches = [u for u in self.children(parent) if fold(u.name) == fold(part)]
                if not matches:
                    raise self._unknown_unit(ref)
                unit = matches[0]
                parent = unit.id
            assert unit is not None
            return unit
        matches = [u for u in self.units() if fold(u.name) == fold(parts[0])]
        if not matches:
            raise self._unknown_unit(ref)
        if len(matches) > 1:
            paths = "; ".join(self.unit_path(u.id) for u in matches)
            raise InventoryError(
                f"Có nhiều đơn vị tên “{ref}” ({paths}); hãy ghi cả đường dẫn, ví dụ "
                f"“{self.unit_path(matches[0].id)}”.",
                f"Several units are named “{ref}” ({paths}); give the full path, e.g. "
                f"“{self.unit_path(matches[0].id)}”.",
                code="inventory_unit_ambiguous",
            )
        return matches[0]

    def _unknown_unit(self, ref: str) -> InventoryError:
        return InventoryError(
            f"Không có đơn vị “{ref}” trong cây đơn vị; hãy thêm đơn vị trước hoặc sửa tên.",
            f"No unit “{ref}” in the unit tree; add the unit first or correct the name.",
            code="inventory_no_unit",
        )

    # -- certificates ------------------------------------------------------------------
    def add_certificate(
        self,
        cert: x509.Certificate | bytes,
        *,
        unit_id: int | None,
        kind: CertKind = "usb_token",
        holder_kind: HolderKind | None = None,
        reform: dict[str, Any] | None = None,
        trust: dict[str, Any] | None = None,
        on_new_model: bool | None = None,
        source: Source = "token",
        token_serial: str | None = None,
        checked_at: dt.datetime | None = None,
        note: str | None = None,
    ) -> AddOutcome:
        """Add a certificate (object or DER), or update the one with the same fingerprint.

        Holder kind: the two-tier verdict's ``holder_kind`` when it names one, else
        ``holder_kind``, else a guess from the subject. ``on_new_model``: the argument when
        given, else ``reform["status"] == "current"``. On an update, what the caller leaves
        as ``None`` (unit, verdicts, token serial, note) keeps its stored value.
        """
        if isinstance(cert, bytes):
            try:
                cert = x509.load_der_x509_certificate(cert)
            except ValueError as exc:
                raise InventoryError(
                    "Dữ liệu không phải chứng thư số (DER).",
                    "The data is not a DER certificate.",
                    code="inventory_bad_cert",
                ) from exc
        _check_choice(kind, CERT_KINDS, "Loại chứng thư", "certificate kind")
        _check_choice(source, SOURCES, "Nguồn", "source")
        reform_status = _status_of(reform, "mô hình hai cấp")
        trust_status = _status_of(trust, "tin cậy")
        reform_holder = (reform or {}).get("holder_kind")
        if reform_holder in HOLDER_KINDS:
            holder: str = reform_holder
        elif holder_kind is not None:
            holder = holder_kind
        else:
            holder = guess_holder_kind(cert.subject)
        _check_choice(holder, HOLDER_KINDS, "Loại chủ thể", "holder kind")
        new_model = on_new_model
        if new_model is None and reform_status is not None:
            new_model = reform_status == "current"
        der = cert.public_bytes(Encoding.DER)
        fingerprint = hashlib.sha256(der).hexdigest()
        now = _now()
        when = _iso(checked_at or now)
        with self.transaction():
            if unit_id is not None:
                self.unit(unit_id)
            existing = self.certificate_by_fingerprint(fingerprint)
            values: dict[str, Any] = {
                "subject": cert.subject.rfc4514_string(),
                "serial_number": format(cert.serial_number, "x"),
                "issuer": cert.issuer.rfc4514_string(),
                "kind": kind,
                "holder_kind": holder,
                "not_before": _iso(cert.not_valid_before_utc),
                "not_after": _iso(cert.not_valid_after_utc),
                "source": source,
                "der": der,
                "updated_at": _iso(now),
            }
            if unit_id is not None or existing is None:
                values["unit_id"] = unit_id
            if reform is not None:
                values.update(reform_status=reform_status, reform_json=_json(reform),
                              reform_checked_at=when)
            if trust is not None:
                values.update(trust_status=trust_status, trust_json=_json(trust),
                              trust_checked_at=when)
            if new_model is not None or existing is None:
                values["on_new_model"] = int(bool(new_model))
            if token_serial is not None or existing is None:
                values["token_serial"] = token_serial
            if note is not None or existing is None:
                values["note"] = note or ""
            if existing is None:
                values.update(fingerprint=fingerprint, added_at=_iso(now))
                cert_id = self._insert("certificates", values)
            else:
                cert_id = existing.id
                self._update("certificates", cert_id, values)
            return AddOutcome(self.certificate(cert_id), existing is None)

    def add_manual(
        self,
        *,
        subject: str,
        kind: CertKind,
        holder_kind: HolderKind,
        unit_id: int | None,
        on_new_model: bool,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        fingerprint: str | None = None,
        serial_number: str | None = None,
        issuer: str | None = None,
        token_serial: str | None = None,
        note: str | None = None,
        source: Source = "manual",
        reform: dict[str, Any] | None = None,
        trust: dict[str, Any] | None = None,
    ) -> AddOutcome:
        """A certificate no token or file shows (SIM PKI, RSSP, or a token held elsewhere).

        With a fingerprint it is matched like any other certificate; without one it matches
        a fingerprint-less record of the same kind and subject (so importing a list twice
        updates instead of doubling). On an update, optional fields left as ``None``
        (validity, serial, issuer, token serial, note) keep their stored values; clear them
        with :meth:`update_certificate`.
        """
        subject = subject.strip()
        if not subject:
            raise InventoryError(
                "Hãy nhập chủ thể (tên người hoặc tổ chức) của chứng thư.",
                "Enter the certificate's subject (a person's or an organization's name).",
                code="inventory_subject",
            )
        _check_choice(kind, CERT_KINDS, "Loại chứng thư", "certificate kind")
        _check_choice(holder_kind, HOLDER_KINDS, "Loại chủ thể", "holder kind")
        _check_choice(source, SOURCES, "Nguồn", "source")
        if not_before and not_after and not_after < not_before:
            raise InventoryError(
                f"Ngày hết hiệu lực của “{subject}” trước ngày bắt đầu hiệu lực.",
                f"The certificate of “{subject}” expires before it becomes valid.",
                code="inventory_validity",
            )
        fp = normalize_fingerprint(fingerprint) if fingerprint else None
        reform_status = _status_of(reform, "mô hình hai cấp")
        trust_status = _status_of(trust, "tin cậy")
        now = _now()
        with self.transaction():
            if unit_id is not None:
                self.unit(unit_id)
            if fp is not None:
                existing = self.certificate_by_fingerprint(fp)
            else:
                row = self._conn.execute(
                    "SELECT id FROM certificates WHERE fingerprint IS NULL AND kind = ? "
                    "AND subject = ? ORDER BY id LIMIT 1",
                    (kind, subject),
                ).fetchone()
                existing = self.certificate(row[0]) if row else None
            values: dict[str, Any] = {
                "subject": subject,
                "kind": kind,
                "holder_kind": holder_kind,
                "unit_id": unit_id,
                "on_new_model": int(on_new_model),
                "source": source,
                "updated_at": _iso(now),
            }
            optional: dict[str, Any] = {
                "not_before": _iso(not_before),
                "not_after": _iso(not_after),
                "serial_number": serial_number or None,
                "issuer": issuer or None,
                "token_serial": token_serial or None,
                "note": note,
            }
            for key, value in optional.items():
                if value is not None or existing is None:
                    values[key] = value if value is not None or key != "note" else ""
            if reform is not None:
                values.update(reform_status=reform_status, reform_json=_json(reform),
                              reform_checked_at=_iso(now))
            if trust is not None:
                values.update(trust_status=trust_status, trust_json=_json(trust),
                              trust_checked_at=_iso(now))
            if existing is None:
                values.update(fingerprint=fp, added_at=_iso(now))
                cert_id = self._insert("certificates", values)
            else:
                if existing.has_der:  # keep what the certificate itself says
                    for key in ("subject", "not_before", "not_after", "serial_number", "issuer"):
                        values.pop(key, None)
                cert_id = existing.id
                self._update("certificates", cert_id, values)
            return AddOutcome(self.certificate(cert_id), existing is None)

    _EDITABLE = frozenset(
        {"subject", "kind", "holder_kind", "unit_id", "on_new_model", "not_before", "not_after",
         "serial_number", "issuer", "token_serial", "note"}
    )

    def update_certificate(self, cert_id: int, **changes: Any) -> CertificateRecord:
        """Edit fields by hand: subject, kind, holder_kind, unit_id, on_new_model, not_before,
        not_after, serial_number, issuer, token_serial, note. The subject, validity, serial
        and issuer of a certificate read from a token or file come from the certificate and
        cannot be edited."""
        unknown = set(changes) - self._EDITABLE
        if unknown:
            raise InventoryError(
                f"Không sửa được trường: {', '.join(sorted(unknown))}.",
                f"These fields cannot be edited: {', '.join(sorted(unknown))}.",
                code="inventory_field",
            )
        with self.transaction():
            record = self.certificate(cert_id)
            fixed = {"subject", "not_before", "not_after", "serial_number", "issuer"} & set(changes)
            if record.has_der and fixed:
                raise InventoryError(
                    f"Các trường {', '.join(sorted(fixed))} lấy từ chính chứng thư nên không sửa "
                    "tay được.",
                    f"{', '.join(sorted(fixed))} come from the certificate itself and cannot "
                    "be edited.",
                    code="inventory_field",
                )
            values: dict[str, Any] = {}
            for key, value in changes.items():
                if key == "kind":
                    _check_choice(value, CERT_KINDS, "Loại chứng thư", "certificate kind")
                elif key == "holder_kind":
                    _check_choice(value, HOLDER_KINDS, "Loại chủ thể", "holder kind")
                elif key == "unit_id" and value is not None:
                    self.unit(value)
                elif key == "on_new_model":
                    value = int(bool(value))
                elif key in ("not_before", "not_after"):
                    value = _iso(value)
                elif key == "subject" and not str(value).strip():
                    raise InventoryError(
                        "Chủ thể không được để trống.", "The subject is empty.",
                        code="inventory_subject",
                    )
                values[key] = value
            values["updated_at"] = _iso(_now())
            self._update("certificates", cert_id, values)
            return self.certificate(cert_id)

    def set_verdicts(
        self,
        cert_id: int,
        *,
        reform: dict[str, Any] | None = None,
        trust: dict[str, Any] | None = None,
        checked_at: dt.datetime | None = None,
        update_new_model: bool = True,
    ) -> CertificateRecord:
        """Store new verdicts (e.g. after re-checking the whole inventory)."""
        when = _iso(checked_at or _now())
        values: dict[str, Any] = {"updated_at": _iso(_now())}
        if reform is not None:
            status = _status_of(reform, "mô hình hai cấp")
            values.update(reform_status=status, reform_json=_json(reform),
                          reform_checked_at=when)
            if reform.get("holder_kind") in HOLDER_KINDS:
                values["holder_kind"] = reform["holder_kind"]
            if update_new_model:
                values["on_new_model"] = int(status == "current")
        if trust is not None:
            values.update(trust_status=_status_of(trust, "tin cậy"), trust_json=_json(trust),
                          trust_checked_at=when)
        with self.transaction():
            self.certificate(cert_id)
            self._update("certificates", cert_id, values)
            return self.certificate(cert_id)

    def remove_certificate(self, cert_id: int) -> None:
        with self.transaction():
            self.certificate(cert_id)
            self._conn.execute("DELETE FROM certificates WHERE id = ?", (cert_id,))

    def certificate(self, cert_id: int) -> CertificateRecord:
        row = self._conn.execute(
            f"SELECT {_CERT_COLUMNS} FROM certificates WHERE id = ?", (cert_id,)
        ).fetchone()
        if row is None:
            raise InventoryError(
                f"Không có chứng thư số {cert_id} trong kiểm kê.",
                f"No certificate {cert_id} in the inventory.",
                code="inventory_no_cert",
            )
        return _record(row)

    def certificate_by_fingerprint(self, fingerprint: str) -> CertificateRecord | None:
        row = self._conn.execute(
            f"SELECT {_CERT_COLUMNS} FROM certificates WHERE fingerprint = ?",
            (normalize_fingerprint(fingerprint),),
        ).fetchone()
        return _record(row) if row else None

    def certificate_der(self, cert_id: int) -> bytes | None:
        row = self._conn.execute("SELECT der FROM certificates WHERE id = ?", (cert_id,)).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def certificates(
        self, *, unit_id: int | None = None, include_sub_units: bool = False
    ) -> list[CertificateRecord]:
        """All certificates, or those of one unit (and its sub-units)."""
        if unit_id is None:
            rows = self._conn.execute(
                f"SELECT {_CERT_COLUMNS} FROM certificates ORDER BY id"
            ).fetchall()
        else:
            ids = {unit_id} | (self.descendant_ids(unit_id) if include_sub_units else set())
            marks = ",".join("?" * len(ids))
            rows = self._conn.execute(
                f"SELECT {_CERT_COLUMNS} FROM certificates WHERE unit_id IN ({marks}) "
                "ORDER BY id",
                sorted(ids),
            ).fetchall()
        return [_record(r) for r in rows]

    # -- devices to return -------------------------------------------------------------
    def mark_to_return(
        self, cert_id: int, *, reason: str = "", on: dt.date | None = None
    ) -> DeviceRecord:
        """List the certificate's device as to be returned to Cục Chứng thực số và Bảo mật
        thông tin (Công văn 393, item 6)."""
        with self.transaction():
            self.certificate(cert_id)
            self._conn.execute(
                "INSERT INTO devices (certificate_id, status, status_date, reason) "
                "VALUES (?, 'to_return', ?, ?) ON CONFLICT(certificate_id) DO UPDATE SET "
                "status = 'to_return', status_date = excluded.status_date, "
                "reason = excluded.reason",
                (cert_id, (on or dt.date.today()).isoformat(), reason),
            )
            return self._device_of(cert_id)

    def mark_returned(self, cert_id: int, *, on: dt.date | None = None) -> DeviceRecord:
        with self.transaction():
            record = self.certificate(cert_id)
            row = self._conn.execute(
                "SELECT id FROM devices WHERE certificate_id = ?", (cert_id,)
            ).fetchone()
            if row is None:
                raise InventoryError(
                    f"Chứng thư “{record.subject}” chưa có trong danh sách thiết bị cần trả; "
                    "hãy đánh dấu “cần trả” trước.",
                    f"“{record.subject}” is not on the list of devices to return; mark it "
                    "“to return” first.",
                    code="inventory_no_device",
                )
            self._conn.execute(
                "UPDATE devices SET status = 'returned', status_date = ? WHERE id = ?",
                ((on or dt.date.today()).isoformat(), row[0]),
            )
            return self._device_of(cert_id)

    def unmark_device(self, cert_id: int) -> None:
        """Take a certificate off the list of devices to return (listed by mistake)."""
        with self.transaction():
            self._conn.execute("DELETE FROM devices WHERE certificate_id = ?", (cert_id,))

    _DEVICE_SELECT = (
        "SELECT d.id, d.certificate_id, d.status, d.status_date, d.reason, c.subject, c.kind, "
        "c.holder_kind, c.unit_id, c.token_serial, c.fingerprint "
        "FROM devices d JOIN certificates c ON c.id = d.certificate_id"
    )

    def _device_of(self, cert_id: int) -> DeviceRecord:
        row = self._conn.execute(
            f"{self._DEVICE_SELECT} WHERE d.certificate_id = ?", (cert_id,)
        ).fetchone()
        return _device(row)

    def devices(self, status: DeviceStatus | None = None) -> list[DeviceRecord]:
        if status is not None:
            _check_choice(status, DEVICE_STATUSES, "Trạng thái", "status")
        rows = self._conn.execute(
            f"{self._DEVICE_SELECT} WHERE ? IS NULL OR d.status = ? ORDER BY d.id",
            (status, status),
        ).fetchall()
        return [_device(r) for r in rows]

    def suggest_devices_to_return(self) -> list[CertificateRecord]:
        """Organization certificates of bodies the two-tier check calls abolished (e.g. a
        district-level UBND or Phòng), not yet on the list of devices to return."""
        rows = self._conn.execute(
            f"SELECT {_CERT_COLUMNS} FROM certificates WHERE holder_kind = 'organization' "
            "AND reform_status = 'unit_abolished' AND id NOT IN "
            "(SELECT certificate_id FROM devices) ORDER BY id"
        ).fetchall()
        return [_record(r) for r in rows]

    # -- low level ---------------------------------------------------------------------
    def _insert(self, table: str, values: dict[str, Any]) -> int:
        cols = ", ".join(values)
        marks = ", ".join("?" * len(values))
        cur = self._conn.execute(
            f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(values.values())
        )
        return int(cur.lastrowid or 0)

    def _update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        sets = ", ".join(f"{k} = ?" for k in values)
        self._conn.execute(
            f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id]
        )


def _record(row: tuple[Any, ...]) -> CertificateRecord:
    (cid, fp, subject, serial, issuer, kind, holder, unit_id, nb, na, t_status, t_json,
     t_at, r_status, r_json, r_at, new_model, source, token_serial, note, added, updated,
     has_der) = row
    return CertificateRecord(
        id=cid,
        fingerprint=fp,
        subject=subject,
        serial_number=serial,
        issuer=issuer,
        kind=kind,
        holder_kind=holder,
        unit_id=unit_id,
        not_before=_parse_time(nb),
        not_after=_parse_time(na),
        trust_status=t_status,
        trust=json.loads(t_json) if t_json else None,
        trust_checked_at=_parse_time(t_at),
        reform_status=r_status,
        reform=json.loads(r_json) if r_json else None,
        reform_checked_at=_parse_time(r_at),
        on_new_model=bool(new_model),
        source=source,
        token_serial=token_serial,
        note=note,
        added_at=_parse_time(added) or _now(),
        updated_at=_parse_time(updated) or _now(),
        has_der=bool(has_der),
    )


def _device(row: tuple[Any, ...]) -> DeviceRecord:
    did, cid, status, status_date, reason, subject, kind, holder, unit_id, serial, fp = row
    return DeviceRecord(
        id=did,
        certificate_id=cid,
        status=status,
        status_date=dt.date.fromisoformat(status_date) if status_date else None,
        reason=reason,
        subject=subject,
        kind=kind,
        holder_kind=holder,
        unit_id=unit_id,
        token_serial=serial,
        fingerprint=fp,
    )
