"""The built-in DEMO token: a SoftHSM2 token labelled "KYSO DEMO" under the user's data
folder, holding a demo PKI built like Ban Cơ yếu's (:mod:`kyso.core.demo.pki`).

It is created once and reused (rebuilt when :data:`DEMO_VERSION` changes). Its
certificates cover the cases a clerk meets after the 1 July 2025 reform: a leader already
on the new model who signs normally (Vũ Thị Hà, Hưng Yên), a leader still named under the
old province who may sign only through the emergency rule (Trần Thị Bình), a leader of an
abolished district body who is refused (Nguyễn Văn An), an organization already on the new
model (Hưng Yên), one expiring within 30 days, one revoked.
The same :func:`demo_certificates` set serves the test suite.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from kyso.core.demo.pki import Issued, PkiBuilder, PkiUrls, organization_name, person_name
from kyso.core.tokens.softhsm import CertObject, KeyObject, SoftHSMStore, require_softhsm

DEMO_LABEL = "KYSO DEMO"
DEMO_PIN = "123456"
DEMO_SO_PIN = "12345678"
DEMO_VERSION = 2
"""Bumped when the DEMO certificate set changes: an older DEMO token is rebuilt.
2: the leader on the new model (``leader-current``)."""
# The DEMO PKI's CRL address. ".invalid" never resolves (RFC 2606): Kyso finds this CRL in
# its revocation cache, seeded from the DEMO folder (:func:`seed_demo_revocation`).
DEMO_CRL_URL = "http://demo.kyso.invalid/crl/ca-nha-nuoc-g2-demo.crl"


@dataclass
class DemoCertificates:
    pki: PkiBuilder
    leader: Issued
    """Chủ tịch UBND huyện Vũ Thư, tỉnh Thái Bình: a district body abolished on 1/7/2025."""
    leader_province: Issued
    """Giám đốc Sở KH&CN tỉnh Thái Bình: needs a change of information (→ Hưng Yên)."""
    organization: Issued
    """Sở Khoa học và Công nghệ tỉnh Hưng Yên: already on the new model."""
    expiring: Issued
    """A clerk's certificate that expires within 30 days."""
    revoked: Issued
    leader_current: Issued
    """Giám đốc Sở KH&CN tỉnh Hưng Yên: already on the new model; signs normally."""

    def leaves(self) -> list[tuple[str, Issued]]:
        return [
            ("leader", self.leader),
            ("leader-province", self.leader_province),
            ("organization", self.organization),
            ("expiring", self.expiring),
            ("revoked", self.revoked),
            ("leader-current", self.leader_current),
        ]


def demo_certificates(
    marker: str = "DEMO", urls: PkiUrls | None = None, now: dt.datetime | None = None
) -> DemoCertificates:
    kwargs = {"now": now} if now else {}
    pki = PkiBuilder(marker=marker, urls=urls or PkiUrls(), **kwargs)
    leader = pki.issue(
        person_name(
            "Nguyễn Văn An",
            title="Chủ tịch",
            ous=["UBND huyện Vũ Thư"],
            o="UBND tỉnh Thái Bình",
            locality="Thái Bình",
            uid="CCCD:034080001234",
        ),
        email="nvan.vuthu@thaibinh.gov.vn",
    )
    leader_province = pki.issue(
        person_name(
            "Trần Thị Bình",
            title="Giám đốc",
            ous=["Sở Khoa học và Công nghệ"],
            o="UBND tỉnh Thái Bình",
            locality="Thái Bình",
            uid="CCCD:034185004321",
        )
    )
    organization = pki.issue(
        organization_name(
            "Sở Khoa học và Công nghệ tỉnh Hưng Yên",
            o="UBND tỉnh Hưng Yên",
            locality="Hưng Yên",
            uid="MST:0900000001",
        ),
        not_before=pki.now - dt.timedelta(days=20),
        days=5 * 365,
    )
    expiring = pki.issue(
        person_name(
            "Lê Thị Cúc",
            title="Văn thư",
            ous=["Văn phòng", "Sở Khoa học và Công nghệ"],
            o="UBND tỉnh Hưng Yên",
            locality="Hưng Yên",
            uid="CCCD:033190007777",
        ),
        not_before=pki.now - dt.timedelta(days=3 * 365 - 12),
        days=3 * 365,
    )
    revoked = pki.issue(
        person_name(
            "Phạm Văn Dũng",
            title="Phó Giám đốc",
            ous=["Sở Y tế"],
            o="UBND tỉnh Hưng Yên",
            locality="Hưng Yên",
            uid="CCCD:033075002222",
        )
    )
    pki.revoke(revoked)
    leader_current = pki.issue(
        person_name(
            "Vũ Thị Hà",
            title="Giám đốc",
            ous=["Sở Khoa học và Công nghệ"],
            o="UBND tỉnh Hưng Yên",
            locality="Hưng Yên",
            uid="CCCD:033182005678",
        ),
        not_before=pki.now - dt.timedelta(days=30),
        days=3 * 365,
    )
    return DemoCertificates(
        pki, leader, leader_province, organization, expiring, revoked, leader_current
    )


@dataclass
class DemoToken:
    store: SoftHSMStore
    module_path: str
    serial: str
    pin: str = DEMO_PIN

    @property
    def anchors_file(self) -> Path:
        return self.store.root / "demo-root.pem"

    @property
    def crl_file(self) -> Path:
        return self.store.root / "demo-subca.crl"


def put_on_token(
    store: SoftHSMStore, label: str, certs: DemoCertificates, *, user_pin: str, so_pin: str
) -> str:
    """Create token ``label`` in ``store`` with every demo key and certificate; its serial."""
    store.init_token(label, so_pin=so_pin, user_pin=user_pin)
    keys: list[KeyObject] = []
    objs: list[CertObject] = []
    for i, (name, issued) in enumerate(certs.leaves(), start=1):
        key_id = bytes([0x10 + i])
        keys.append(KeyObject(issued.key_pkcs8_der(), key_id, name))
        objs.append(CertObject(issued.der, key_id, name, issued.cert.subject.public_bytes()))
    for name, ca in (("root", certs.pki.root), ("sub-ca", certs.pki.sub_ca)):
        objs.append(CertObject(ca.der, b"", name, ca.cert.subject.public_bytes()))
    return store.provision(label, user_pin=user_pin, keys=keys, certs=objs)


def ensure_demo_token(data_dir: Path) -> DemoToken:
    """Create the DEMO token once (under ``data_dir/demo``) and return where it is."""
    module_path, _ = require_softhsm()
    store = SoftHSMStore(data_dir / "demo").ensure()
    state_file = store.root / "demo.json"
    if state_file.exists():
        state = json.loads(state_file.read_text(encoding="utf-8"))
        current = state.get("version", 1) == DEMO_VERSION
        if current and any(store.token_dir.glob("*/token.object")):
            return DemoToken(store, module_path, state["serial"])
        if not current:  # an older DEMO set: rebuild the token with today's certificates
            try:
                store.delete_token(state.get("label", DEMO_LABEL))
            except (OSError, subprocess.CalledProcessError):
                pass  # nothing to delete: a new token is made below
    certs = demo_certificates(urls=PkiUrls(crl_url=DEMO_CRL_URL))
    serial = put_on_token(store, DEMO_LABEL, certs, user_pin=DEMO_PIN, so_pin=DEMO_SO_PIN)
    (store.root / "demo-root.pem").write_bytes(certs.pki.root.pem)
    (store.root / "demo-subca.crl").write_bytes(
        certs.pki.make_crl(next_update=certs.pki.now + dt.timedelta(days=365)).public_bytes(
            serialization.Encoding.DER
        )
    )
    state_file.write_text(
        json.dumps({"serial": serial, "label": DEMO_LABEL, "version": DEMO_VERSION}),
        encoding="utf-8",
    )
    return DemoToken(store, module_path, serial)


def seed_demo_revocation(demo: DemoToken, cache: object) -> None:
    """Put the DEMO CRL into a revocation cache so the revoked DEMO certificate shows so."""
    if demo.crl_file.exists():
        cache.put(  # type: ignore[attr-defined]
            "crl",
            DEMO_CRL_URL,
            demo.crl_file.read_bytes(),
            url=DEMO_CRL_URL,
            fetched_at=dt.datetime.now(dt.timezone.utc),
        )
