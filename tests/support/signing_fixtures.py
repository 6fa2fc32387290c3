"""Fixtures for the signing tests: SoftHSM2 tokens holding the test PKI's keys, a TSA and a
CRL server on 127.0.0.1, and small PDFs to sign.

A PKCS#11 library is loaded once per process, so the tokens go into the session's shared
SoftHSM2 store (``softhsm_store`` / ``softhsm_module`` of tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509

from kyso.core.demo.pki import PkiUrls
from kyso.core.demo.token import DemoCertificates, demo_certificates, put_on_token
from kyso.core.signing.pades import DocumentSigner
from kyso.core.tokens.key import Pkcs11Key
from kyso.core.tokens.modules import Pkcs11Module
from kyso.core.tokens.sessions import PinRequest, TokenSession, login
from kyso.core.tokens.slots import CertificateEntry, TokenKey, list_tokens
from kyso.core.tokens.softhsm import SoftHSMStore
from tests.support.responders import CrlServer
from tests.support.tsa import TimeStampAuthority, TsaServer, issue_tsa_certificate

PIN = "246810"
SO_PIN = "13579135"
MAIN_LABEL = "KYSO TEST SIGN"
PULL_LABELS = ("KYSO TEST PULL 1", "KYSO TEST PULL 2")
PIN_LABEL = "KYSO TEST PIN"


class FixedPin:
    def __init__(self, pin: str | None) -> None:
        self.pin = pin
        self.asked = 0

    def ask_pin(self, request: PinRequest) -> str | None:
        self.asked += 1
        return self.pin

    def pinpad_started(self, request: PinRequest) -> None:
        pass

    def pinpad_finished(self) -> None:
        pass


@dataclass
class SignWorld:
    certs: DemoCertificates
    tsa: TsaServer
    tsa_authority: TimeStampAuthority
    crl: CrlServer
    store: SoftHSMStore
    module: Pkcs11Module
    serial: str
    pull_serials: dict[str, str]
    """label → serial of tokens that tests may delete (pull)."""
    pin_serial: str
    session: TokenSession
    entries: dict[str, CertificateEntry]
    pull_labels: dict[str, str]
    """short label → the token's real label (with this module's suffix)."""

    @property
    def root_der(self) -> bytes:
        return self.certs.pki.root.der

    def ca_ders(self) -> list[bytes]:
        return [e.der for e in self.entries.values() if e.is_ca]

    def signer(self, name: str = "leader-province", session: TokenSession | None = None) -> DocumentSigner:
        entry = self.entries[name]
        key = Pkcs11Key.with_session(
            session or self.session, x509.load_der_x509_certificate(entry.der), entry.key_id
        )
        return DocumentSigner(
            key,
            chain_pool=self.ca_ders(),
            trust_roots=[self.root_der],
        )

    def login(self, serial: str | None = None, pin: str = PIN) -> TokenSession:
        return login(self.module, TokenKey(self.module.path, serial or self.serial), FixedPin(pin))


def make_pdf(path: Path, pages: int = 1, text: str = "Văn bản thử nghiệm") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from kyso.core.signing.appearance import FONT_NAME, register_font

    register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for i in range(pages):
        c.setFont(FONT_NAME, 14)
        c.drawString(72, 760, f"{text} — trang {i + 1}")
        c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path


@pytest.fixture(scope="module")
def sign_world_base(
    tmp_path_factory: pytest.TempPathFactory,
    softhsm_store: SoftHSMStore,
    softhsm_module: Pkcs11Module,
) -> Iterator[SignWorld]:
    """Per test module: the PKI, a TSA and a CRL server, and four tokens in the session's
    SoftHSM2 store (built in a staging store and moved in, deleted afterwards). No session
    stays open between tests, so other tests can still re-initialize the module."""
    module = softhsm_module
    crl = CrlServer()
    tsa_server: TsaServer | None = None
    store = softhsm_store
    labels: list[str] = []
    try:
        urls = PkiUrls(crl_url=crl.url("/sub.crl"))
        certs = demo_certificates("TEST", urls)
        crl.publish("sub.crl", certs.pki, next_update=certs.pki.now + dt.timedelta(days=30))
        tsa_cert = issue_tsa_certificate(certs.pki)
        authority = TimeStampAuthority(tsa_cert, [certs.pki.sub_ca])
        tsa_server = TsaServer(authority)
        staging = SoftHSMStore(tmp_path_factory.mktemp("sign-staging")).ensure()
        suffix = uuid.uuid4().hex[:6]

        def make(label: str) -> str:
            full = f"{label} {suffix}"
            serial = put_on_token(staging, full, certs, user_pin=PIN, so_pin=SO_PIN)
            staging.move_token_to(serial, store)
            labels.append(full)
            return serial

        serial = make(MAIN_LABEL)
        pull_serials = {label: make(label) for label in PULL_LABELS}
        pin_serial = make(PIN_LABEL)
        assert module.run(module.reinitialize_if_idle) or module.sessions_in_use == 0
        snaps = {s.info.serial: s for s in list_tokens(module, rescan=False)}
        assert serial in snaps, "the signing tokens are not visible (module busy?)"
        entries = {c.label: c for c in snaps[serial].certificates}
        world = SignWorld(
            certs,
            tsa_server,
            authority,
            crl,
            store,
            module,
            serial,
            {label: pull_serials[label] for label in PULL_LABELS},
            pin_serial,
            None,  # type: ignore[arg-type]
            entries,
            {label: f"{label} {suffix}" for label in PULL_LABELS},
        )
        yield world
    finally:
        crl.stop()
        if tsa_server is not None:
            tsa_server.stop()
        for full in labels:
            try:
                store.delete_token(full)
            except subprocess.CalledProcessError:
                pass  # pulled by a test already


@pytest.fixture
def sign_world(sign_world_base: SignWorld) -> Iterator[SignWorld]:
    """The module's world with a session on its main token for this test only."""
    world = sign_world_base
    world.session = world.login()
    try:
        yield world
    finally:
        world.session.close()
        world.session = None  # type: ignore[assignment]


def signature_png(size: tuple[int, int] = (600, 240)) -> bytes:
    """A blue handwritten-like stroke on a transparent background."""
    import math

    from PIL import Image, ImageDraw

    img = Image.new("RGBA", size, (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    w, h = size
    pts = [
        (40 + t * (w - 80) / 200, h / 2 + math.sin(t / 9) * h / 4 + math.cos(t / 4) * h / 10)
        for t in range(201)
    ]
    d.line(pts, fill=(20, 40, 200, 255), width=9, joint="curve")
    d.line([(60, h - 50), (w - 60, h - 70)], fill=(20, 40, 200, 255), width=6)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def seal_png(size: int = 400) -> bytes:
    """A red round seal (rings and a star) on a transparent background."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red = (210, 20, 20, 235)
    d.ellipse((8, 8, size - 8, size - 8), outline=red, width=14)
    d.ellipse((70, 70, size - 70, size - 70), outline=red, width=6)
    c = size / 2
    import math

    star = [
        (c + (60 if i % 2 == 0 else 24) * math.sin(i * math.pi / 5),
         c - (60 if i % 2 == 0 else 24) * math.cos(i * math.pi / 5))
        for i in range(10)
    ]
    d.polygon(star, fill=red)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def certify_pdf(
    world: SignWorld,
    src: Path,
    dst: Path,
    permission: int,
    empty_field: tuple[float, float, float, float] | None = None,
) -> Path:
    """``src`` certified (DocMDP ``permission`` 1, 2 or 3) by the organization's key with
    pyHanko's own software signer, optionally with an empty signature field at
    ``empty_field`` on page 1 (added before the certification, as e-office systems do)."""
    from asn1crypto import keys
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    issued = world.certs.organization
    pki = world.certs.pki
    signer = signers.SimpleSigner(
        signing_cert=ax509.Certificate.load(issued.der),
        signing_key=keys.PrivateKeyInfo.load(issued.key_pkcs8_der()),
        cert_registry=SimpleCertificateStore.from_certs(
            [ax509.Certificate.load(pki.sub_ca.der), ax509.Certificate.load(pki.root.der)]
        ),
    )
    with src.open("rb") as fh:
        writer = IncrementalPdfFileWriter(fh)
        if empty_field is not None:
            fields.append_signature_field(
                writer, fields.SigFieldSpec("LanhDaoKy", on_page=0, box=empty_field)
            )
        meta = signers.PdfSignatureMetadata(
            field_name="ChungThuc",
            certify=True,
            docmdp_permissions=fields.MDPPerm(permission),
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
        )
        out = signers.PdfSigner(meta, signer).sign_pdf(writer)
    dst.write_bytes(out.getvalue())
    return dst


def locked_pdf(
    world: SignWorld,
    src: Path,
    dst: Path,
    *,
    action: str,
    locked: Sequence[str] = (),
    empty_fields: dict[str, tuple[float, float, float, float]] | None = None,
    certify: int | None = None,
    lock_permission: int | None = None,
) -> Path:
    """``src`` signed by the organization's key with pyHanko's own signer into a field
    “DonViKy” whose /Lock dictionary is ``action`` (``All``, ``Include``, ``Exclude``) over
    ``locked`` (pyHanko writes the matching /FieldMDP reference), with /P
    ``lock_permission`` when given; ``empty_fields`` (name → box on page 1) are added
    first; ``certify``: a certification signature with that DocMDP level instead of an
    approval one."""
    from asn1crypto import keys
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    issued = world.certs.organization
    pki = world.certs.pki
    signer = signers.SimpleSigner(
        signing_cert=ax509.Certificate.load(issued.der),
        signing_key=keys.PrivateKeyInfo.load(issued.key_pkcs8_der()),
        cert_registry=SimpleCertificateStore.from_certs(
            [ax509.Certificate.load(pki.sub_ca.der), ax509.Certificate.load(pki.root.der)]
        ),
    )
    with src.open("rb") as fh:
        writer = IncrementalPdfFileWriter(fh)
        for name, box in (empty_fields or {}).items():
            fields.append_signature_field(writer, fields.SigFieldSpec(name, on_page=0, box=box))
        lock = fields.FieldMDPSpec(
            fields.FieldMDPAction(f"/{action}"), list(locked) if action != "All" else None
        )
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(
                "DonViKy",
                on_page=0,
                box=(40, 40, 200, 100),
                field_mdp_spec=lock,
                doc_mdp_update_value=(
                    fields.MDPPerm(lock_permission) if lock_permission else None
                ),
            ),
        )
        meta = signers.PdfSignatureMetadata(
            field_name="DonViKy",
            certify=certify is not None,
            docmdp_permissions=fields.MDPPerm(certify or 2),
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
        )
        out = signers.PdfSigner(meta, signer).sign_pdf(writer)
    dst.write_bytes(out.getvalue())
    return dst
