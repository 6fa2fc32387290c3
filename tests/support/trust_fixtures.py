"""Fixtures for the trust tests: a test PKI whose CRL, OCSP and caIssuers URLs point at
responders running on 127.0.0.1 for the whole session.

The test root is configured the way IT configures Ban Cơ yếu's: written to an anchors
folder that ``Settings.anchors_path`` names. Each test gets a fresh revocation cache (its
``tmp_path``) and a fresh :class:`TrustChecker`, and the responders are put back to "ok"
after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from kyso.core.demo.pki import Issued, PkiBuilder, PkiUrls, person_name
from kyso.core.settings import Settings
from kyso.core.trust.anchors import TrustAnchors, load_anchors
from kyso.core.trust.checker import TrustChecker
from kyso.core.trust.revocation import RevocationCache
from tests.support.responders import CaIssuersServer, CrlServer, OcspResponder

UTC = dt.timezone.utc


@dataclass
class TrustWorld:
    pki: PkiBuilder
    crl: CrlServer
    ocsp: OcspResponder
    aia: CaIssuersServer
    anchors_dir: Path
    leaf_key: rsa.RSAPrivateKey
    default_crls: dict[str, Callable[[], bytes]] = field(default_factory=dict)

    @property
    def urls(self) -> PkiUrls:
        return self.pki.urls

    def issue(
        self, cn: str = "Nguyễn Văn An", *, urls: PkiUrls | None = None, **kw: object
    ) -> Issued:
        subject = person_name(
            cn,
            ous=["Văn phòng", "Sở Khoa học và Công nghệ"],
            o="UBND tỉnh Hưng Yên",
            locality="Hưng Yên",
            uid="CCCD:034090001234",
        )
        return self.pki.issue(subject, urls=urls, key=self.leaf_key, **kw)  # type: ignore[arg-type]

    def settings(self, **values: object) -> Settings:
        settings = Settings(anchors_path=str(self.anchors_dir), revocation_timeout_s=0.5)
        for name, value in values.items():
            setattr(settings, name, value)
        return settings

    def anchors(self) -> TrustAnchors:
        return load_anchors(self.settings(), include_system=False)

    def checker(self, cache_dir: Path, **values: object) -> TrustChecker:
        return TrustChecker(
            self.settings(**values), self.anchors(), RevocationCache(cache_dir / "revocation")
        )

    def reset(self) -> None:
        for responder in (self.crl, self.ocsp, self.aia):
            responder.set_mode("ok")
        self.ocsp.responder = None
        self.ocsp.answer = None
        self.crl.crls = dict(self.default_crls)


@pytest.fixture(scope="session")
def trust_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrustWorld]:
    pki = PkiBuilder(marker="TEST")
    crl = CrlServer()
    ocsp = OcspResponder(pki)
    aia = CaIssuersServer()
    try:
        crl_url = crl.publish("sub.crl", pki)
        aia.files["/sub.crt"] = pki.sub_ca.der
        aia.files["/sub.pem"] = pki.sub_ca.pem
        pki.urls = PkiUrls(
            crl_url=crl_url, ocsp_url=ocsp.url("/ocsp"), ca_issuers_url=aia.url("/sub.crt")
        )
        anchors_dir = tmp_path_factory.mktemp("anchors")
        (anchors_dir / "root.pem").write_bytes(pki.root.pem)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        yield TrustWorld(pki, crl, ocsp, aia, anchors_dir, key, dict(crl.crls))
    finally:
        for responder in (crl, ocsp, aia):
            responder.stop()


@pytest.fixture
def world(trust_world: TrustWorld) -> Iterator[TrustWorld]:
    """The session's trust world, with responders reset to "ok" after the test."""
    try:
        yield trust_world
    finally:
        trust_world.reset()
