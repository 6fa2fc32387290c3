"""The inventory's SQLite schema and its step-wise migrations.

The schema version lives in ``PRAGMA user_version``. Each step ``n → n+1`` is one entry of
:data:`MIGRATIONS`; opening a database runs the missing steps in order, each in its own
transaction, after copying the file to ``<name>.v<n>.bak`` (a database written by a newer
Kyso is refused, never downgraded).

History:

* **v1** — units (tree, staff count), certificates keyed by their SHA-256 fingerprint,
  devices to return (referencing the fingerprint), and a key/value ``meta`` table for the
  reporting unit's name and its focal person.
* **v2** — certificates get an integer id and the fingerprint becomes optional (still
  unique when present), so SIM PKI and RSSP certificates entered by hand without a file can
  be stored; CHECK constraints on kind, holder kind, source and device status; the serial
  number, issuer, a note, when the two-tier check ran and when the record was added and
  last updated; devices reference the certificate's id (deleted with it); units get
  ``org_required`` (how many organization certificates the unit must hold, for "còn cần
  cấp: Tổ chức"); the focal person moves from ``meta`` into a one-row table; an index on
  certificates by unit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

V1_SQL = """
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES units(id),
    name TEXT NOT NULL,
    staff INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE certificates (
    fingerprint TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    kind TEXT NOT NULL,
    holder_kind TEXT NOT NULL,
    unit_id INTEGER REFERENCES units(id),
    not_before TEXT,
    not_after TEXT,
    trust_status TEXT,
    trust_json TEXT,
    trust_checked_at TEXT,
    reform_status TEXT,
    reform_json TEXT,
    on_new_model INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL,
    token_serial TEXT,
    der BLOB
);
CREATE TABLE devices (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE REFERENCES certificates(fingerprint),
    status TEXT NOT NULL DEFAULT 'to_return',
    status_date TEXT,
    reason TEXT
);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

V2_SQL = """
CREATE TABLE units_v2 (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES units_v2(id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    staff INTEGER NOT NULL DEFAULT 0 CHECK (staff >= 0),
    org_required INTEGER NOT NULL DEFAULT 0 CHECK (org_required >= 0),
    position INTEGER NOT NULL DEFAULT 0
);
INSERT INTO units_v2 (id, parent_id, name, staff, position)
    SELECT id, parent_id, name, max(staff, 0), position FROM units;

CREATE TABLE certificates_v2 (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT UNIQUE,
    subject TEXT NOT NULL,
    serial_number TEXT,
    issuer TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('usb_token', 'sim_pki', 'rssp')),
    holder_kind TEXT NOT NULL CHECK (holder_kind IN ('organization', 'person')),
    unit_id INTEGER REFERENCES units_v2(id),
    not_before TEXT,
    not_after TEXT,
    trust_status TEXT,
    trust_json TEXT,
    trust_checked_at TEXT,
    reform_status TEXT,
    reform_json TEXT,
    reform_checked_at TEXT,
    on_new_model INTEGER NOT NULL DEFAULT 0 CHECK (on_new_model IN (0, 1)),
    source TEXT NOT NULL CHECK (source IN ('token', 'file', 'csv', 'manual')),
    token_serial TEXT,
    der BLOB,
    note TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO certificates_v2 (
    fingerprint, subject, kind, holder_kind, unit_id, not_before, not_after,
    trust_status, trust_json, trust_checked_at, reform_status, reform_json,
    reform_checked_at, on_new_model, source, token_serial, der, added_at, updated_at)
SELECT
    lower(fingerprint), subject,
    CASE WHEN kind IN ('usb_token', 'sim_pki', 'rssp') THEN kind ELSE 'usb_token' END,
    CASE WHEN holder_kind = 'organization' THEN 'organization' ELSE 'person' END,
    unit_id, not_before, not_after,
    trust_status, trust_json, trust_checked_at, reform_status, reform_json,
    CASE WHEN reform_status IS NULL THEN NULL ELSE trust_checked_at END,
    CASE WHEN on_new_model THEN 1 ELSE 0 END,
    CASE WHEN source IN ('token', 'file', 'csv', 'manual') THEN source ELSE 'manual' END,
    token_serial, der,
    strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')
FROM certificates ORDER BY rowid;

CREATE TABLE devices_v2 (
    id INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL UNIQUE REFERENCES certificates_v2(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'to_return' CHECK (status IN ('to_return', 'returned')),
    status_date TEXT,
    reason TEXT NOT NULL DEFAULT ''
);
INSERT INTO devices_v2 (id, certificate_id, status, status_date, reason)
SELECT d.id, c.id,
       CASE WHEN d.status = 'returned' THEN 'returned' ELSE 'to_return' END,
       d.status_date, coalesce(d.reason, '')
FROM devices d JOIN certificates_v2 c ON c.fingerprint = lower(d.fingerprint);

CREATE TABLE reporting_unit (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '',
    focal_name TEXT NOT NULL DEFAULT '',
    focal_title TEXT NOT NULL DEFAULT '',
    focal_phone TEXT NOT NULL DEFAULT '',
    focal_email TEXT NOT NULL DEFAULT ''
);
INSERT INTO reporting_unit (id, name, focal_name, focal_phone, focal_email)
SELECT 1,
    coalesce((SELECT value FROM meta WHERE key = 'reporting_unit'), ''),
    coalesce((SELECT value FROM meta WHERE key = 'focal_name'), ''),
    coalesce((SELECT value FROM meta WHERE key = 'focal_phone'), ''),
    coalesce((SELECT value FROM meta WHERE key = 'focal_email'), '');

DROP TABLE devices;
DROP TABLE certificates;
DROP TABLE units;
DROP TABLE meta;
ALTER TABLE units_v2 RENAME TO units;
ALTER TABLE certificates_v2 RENAME TO certificates;
ALTER TABLE devices_v2 RENAME TO devices;
CREATE INDEX certificates_by_unit ON certificates(unit_id);
CREATE INDEX units_by_parent ON units(parent_id);
"""


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def step(conn: sqlite3.Connection) -> None:
        # executescript would COMMIT our transaction; run statement by statement instead.
        for statement in _statements(sql):
            conn.execute(statement)

    return step


def _statements(sql: str) -> list[str]:
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _script(V1_SQL),  # 0 -> 1
    _script(V2_SQL),  # 1 -> 2
]
"""``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[int]:
    """Bring ``conn`` (opened with ``isolation_level=None``) to ``target``.

    Each step runs in its own transaction with foreign keys off (tables are rebuilt) and a
    foreign-key check before it commits. Returns the versions reached, in order.
    """
    reached: list[int] = []
    current = user_version(conn)
    if current >= target:
        return reached
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        while current < target:
            conn.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[current](conn)
                problems = conn.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise sqlite3.IntegrityError(f"foreign key check failed: {problems[:5]}")
                conn.execute(f"PRAGMA user_version = {current + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            current += 1
            reached.append(current)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return reached
