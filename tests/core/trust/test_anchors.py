"""Trust anchors: files and folders IT deploys, the pins, the OS store, the pinned download."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa

from kyso.core.certs.files import cert_sha256, load_certificates
from kyso.core.settings import Settings
from kyso.core.trust.anchors import (
    BCY_G2_ROOT_SHA256,
    BCY_ROOT_PINS,
    AnchorsError,
    anchors_from_path,
    download_bcy_roots,
    is_bcy_certificate,
    load_anchors,
    system_anchors,
)
from tests.support.responders import CaIssuersServer
from tests.support.trust_fixtures import TrustWorld

UTC = dt.timezone.utc
REPO = Path(__file__).resolve().parents[3]


def fake_g2_root() -> x509.Certificate:
    """A self-signed certificate carrying the real G2 root's exact name (an impostor)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    name = x509.Name(
        [
            x509.NameAttribute(x509.NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ"),
            x509.NameAttribute(x509.NameOID.COMMON_NAME, "RootCA chuyên dùng Chính phủ G2"),
        ]
    )
    now = dt.datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )


def test_g2_pin_is_the_published_fingerprint() -> None:
    domain = "F04BA4B459A7C9A1B971AD9B1CB833E695A80C79AEA63B174B66A70EDFE2FDB8"
    assert BCY_G2_ROOT_SHA256 == domain.lower()
    assert set(BCY_ROOT_PINS) == {BCY_G2_ROOT_SHA256}


def test_no_third_party_certificate_files_in_the_repository() -> None:
    suffixes = {".pem", ".crt", ".cer", ".der", ".p7b", ".p7c"}
    tracked = [p for p in (REPO / "desktop").rglob("*") if p.suffix.lower() in suffixes] + [
        p for p in (REPO / "resources").rglob("*") if p.suffix.lower() in suffixes
    ]
    assert tracked == []


def test_folder_roots_and_intermediates(trust_world: TrustWorld, tmp_path: Path) -> None:
    pki = trust_world.pki
    (tmp_path / "root.crt").write_bytes(pki.root.der)
    nested = tmp_path / "ca"
    nested.mkdir()
    (nested / "sub.pem").write_bytes(pki.sub_ca.pem)
    (tmp_path / "README.txt").write_text("not a certificate")
    (tmp_path / "broken.pem").write_bytes(
        b"-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----"
    )
    anchors = anchors_from_path(tmp_path)
    assert anchors.roots == (pki.root.cert,)
    assert anchors.intermediates == (pki.sub_ca.cert,)
    assert anchors.is_anchor(pki.root.cert)
    assert not anchors.is_anchor(pki.sub_ca.cert)
    assert [p.code for p in anchors.problems] == ["cert_file_invalid"]


def test_single_file_with_several_certificates(trust_world: TrustWorld, tmp_path: Path) -> None:
    pki = trust_world.pki
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(pki.sub_ca.pem + pki.root.pem)
    anchors = anchors_from_path(bundle)
    assert anchors.roots == (pki.root.cert,)
    assert anchors.intermediates == (pki.sub_ca.cert,)


def test_impostor_of_the_g2_root_is_refused(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    fake = fake_g2_root()
    (tmp_path / "g2.pem").write_bytes(fake.public_bytes(serialization.Encoding.PEM))
    anchors = anchors_from_path(tmp_path)
    assert anchors.roots == ()
    assert [p.code for p in anchors.problems] == ["anchor_pin_mismatch"]
    assert "dấu vân tay" in anchors.problems[0].vi


def test_missing_override_raises_but_missing_setting_is_reported(tmp_path: Path) -> None:
    with pytest.raises(AnchorsError):
        load_anchors(override=tmp_path / "nope")
    anchors = load_anchors(Settings(anchors_path=str(tmp_path / "nope")), include_system=False)
    assert anchors.roots == ()
    assert [p.code for p in anchors.problems] == ["anchors_missing"]


def test_override_replaces_the_configured_path(trust_world: TrustWorld, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    anchors = load_anchors(trust_world.settings(), override=other)
    assert anchors.roots == ()
    configured = load_anchors(trust_world.settings(), include_system=False)
    assert configured.roots == (trust_world.pki.root.cert,)


def test_bcy_names_with_and_without_diacritics(trust_world: TrustWorld) -> None:
    assert is_bcy_certificate(trust_world.pki.root.cert)
    assert is_bcy_certificate(fake_g2_root())
    plain = x509.Name([x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, "BAN CO YEU CHINH PHU")])
    stranger = x509.Name([x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, "VNPT")])

    class _Named:
        def __init__(self, subject: x509.Name) -> None:
            self.subject = subject

    assert is_bcy_certificate(_Named(plain))  # type: ignore[arg-type]
    assert not is_bcy_certificate(_Named(stranger))  # type: ignore[arg-type]


def test_system_store_is_cheap_and_never_raises() -> None:
    first = system_anchors()
    second = system_anchors()
    assert first is second or first == second
    for cert in first.all_certificates:
        assert is_bcy_certificate(cert)


@pytest.fixture
def roots_server() -> Iterator[CaIssuersServer]:
    server = CaIssuersServer()
    try:
        yield server
    finally:
        server.stop()


def test_pinned_download_accepts_only_matching(
    trust_world: TrustWorld, roots_server: CaIssuersServer, tmp_path: Path
) -> None:
    good = trust_world.pki.root
    bad = fake_g2_root()
    from cryptography.hazmat.primitives import serialization

    roots_server.files["/rootcag2.crt"] = good.der
    roots_server.files["/fake.crt"] = bad.public_bytes(serialization.Encoding.DER)
    pins = {cert_sha256(good.cert).upper(): "test root"}
    dest = tmp_path / "anchors"
    result = download_bcy_roots(
        dest,
        urls=[
            roots_server.url("/rootcag2.crt"),
            roots_server.url("/fake.crt"),
            roots_server.url("/missing.crt"),
        ],
        pins=pins,
        timeout=2,
    )
    assert result.ok
    assert [p.name for p in result.saved] == [f"bcy-{cert_sha256(good.cert)[:16]}.pem"]
    assert load_certificates(result.saved[0]) == [good.cert]
    assert [url.rsplit("/", 1)[1] for url, _ in result.rejected] == ["fake.crt", "missing.crt"]
    assert sorted(p.name for p in dest.iterdir()) == [result.saved[0].name]
    # What was saved is a usable anchors folder.
    assert anchors_from_path(dest).roots == (good.cert,)


def test_pinned_download_with_nothing_matching_raises(
    roots_server: CaIssuersServer, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives import serialization

    roots_server.files["/fake.crt"] = fake_g2_root().public_bytes(serialization.Encoding.PEM)
    with pytest.raises(AnchorsError) as info:
        download_bcy_roots(tmp_path / "a", urls=[roots_server.url("/fake.crt")], timeout=2)
    assert "matches no pin" in info.value.en
    assert not (tmp_path / "a").exists()


def test_download_uses_the_injected_fetch(trust_world: TrustWorld, tmp_path: Path) -> None:
    seen: list[str] = []

    def fetch(url: str, **kw: object) -> bytes:
        seen.append(url)
        return trust_world.pki.root.pem

    pins = {cert_sha256(trust_world.pki.root.cert): "test"}
    result = download_bcy_roots(tmp_path, urls=["http://ca.example/r.crt"], pins=pins, fetch=fetch)
    assert seen == ["http://ca.example/r.crt"] and result.ok


def test_downloaded_roots_are_rechecked_against_the_pins(
    trust_world: TrustWorld, tmp_path: Path
) -> None:
    from kyso.core.trust.anchors import downloaded_anchors

    folder = tmp_path / "anchors"
    folder.mkdir()
    root = trust_world.pki.root
    (folder / "dropped-by-hand.pem").write_bytes(root.pem)
    # Not pinned: a file put there by hand is not trusted.
    assert downloaded_anchors(folder).roots == ()
    pinned = downloaded_anchors(folder, pins={cert_sha256(root.cert): "test root"})
    assert pinned.roots == (root.cert,)
    assert downloaded_anchors(tmp_path / "absent").roots == ()
