"""The trust check against a test PKI served over HTTP on 127.0.0.1 (issue 4)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kyso.core.demo.pki import PkiBuilder, PkiUrls, encipher_only_key_usage, organization_name
from kyso.core.net.fetch import Cancelled
from kyso.core.trust.checker import (
    FAILED,
    OK,
    WARNING,
    TrustResult,
    check_certificate,
    load_certificates,
    with_token_health,
)
from kyso.core.trust.revocation import RevocationCache
from tests.support.trust_fixtures import TrustWorld

UTC = dt.timezone.utc


def codes(result: TrustResult) -> list[str]:
    return [r.code for r in result.reasons]


def no_aia(world: TrustWorld) -> PkiUrls:
    """The PKI's CRL and OCSP URLs, without caIssuers (the chain must come from elsewhere)."""
    return PkiUrls(crl_url=world.urls.crl_url, ocsp_url=world.urls.ocsp_url)


def test_good_certificate_is_ok_via_ocsp(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue()
    checker = world.checker(tmp_path)
    result = checker.check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == OK, result.reasons
    assert result.reasons == ()
    assert [c.subject for c in result.chain] == [
        leaf.cert.subject,
        world.pki.sub_ca.cert.subject,
        world.pki.root.cert.subject,
    ]
    assert result.revocation.status == "good"
    assert result.revocation.source == "ocsp"


def test_json_has_exactly_the_issue_shape(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue()
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    data = result.to_json()
    assert set(data) == {"status", "reasons", "chain", "not_after", "revocation"}
    assert data["status"] == "ok"
    assert data["reasons"] == []
    assert data["chain"][0] == leaf.cert.subject.rfc4514_string()
    assert "Nguyễn Văn An" in data["chain"][0]
    assert len(data["chain"]) == 3
    assert dt.datetime.fromisoformat(data["not_after"]) == leaf.cert.not_valid_after_utc
    assert set(data["revocation"]) == {"status", "source", "revoked_at", "checked_at"}
    assert data["revocation"]["status"] == "good"
    assert data["revocation"]["source"] == "ocsp"
    assert data["revocation"]["revoked_at"] is None
    assert dt.datetime.fromisoformat(data["revocation"]["checked_at"]).tzinfo is not None
    summary = result.summary_json()
    assert set(summary) == {"subject", "sha256", "trust"}
    assert len(summary["sha256"]) == 64


def test_revoked_by_ocsp(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue("Trần Thị Bình")
    when = world.pki.now - dt.timedelta(days=2)
    world.pki.revoke(leaf, when, x509.ReasonFlags.key_compromise)
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == FAILED
    assert codes(result) == ["revoked"]
    assert result.revocation.source == "ocsp"
    assert result.revocation.revoked_at == when.replace(microsecond=0)
    message = result.reasons[0].message()
    assert "thu hồi" in message and "lộ khóa bí mật" in message
    assert when.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y") in message
    assert result.to_json()["revocation"]["revoked_at"] is not None


def test_revoked_by_crl_when_ocsp_is_down(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue("Lê Văn Cường")
    world.pki.revoke(leaf, reason=x509.ReasonFlags.affiliation_changed)
    world.ocsp.set_mode("down")
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == FAILED
    assert codes(result) == ["revoked"]
    assert result.revocation.source == "crl"
    assert result.revocation.reason == x509.ReasonFlags.affiliation_changed
    assert "thay đổi đơn vị công tác" in result.reasons[0].message()


def test_crl_in_pem_is_accepted(world: TrustWorld, tmp_path: Path) -> None:
    url = world.crl.publish("sub.pem", world.pki)
    leaf = world.issue(urls=PkiUrls(crl_url=url))
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == OK, result.reasons
    assert result.revocation.source == "crl"


def test_expired(world: TrustWorld, tmp_path: Path) -> None:
    start = world.pki.now - dt.timedelta(days=4 * 365)
    leaf = world.issue(not_before=start, days=365)
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == FAILED
    assert "expired" in codes(result)
    assert "hết hạn" in result.reasons[0].message()


def test_not_yet_valid(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(not_before=world.pki.now + dt.timedelta(days=10))
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == FAILED
    assert codes(result) == ["not_yet_valid"]


def test_expiring_within_the_setting_is_a_warning(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(not_after=world.pki.now + dt.timedelta(days=10))
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == WARNING
    assert codes(result) == ["expiring_soon"]
    assert "gia hạn" in result.reasons[0].message()
    # With a 5-day setting the same certificate is fine.
    quiet = world.checker(tmp_path, expiry_warning_days=5).check(
        leaf.cert, extra_certs=[world.pki.sub_ca.cert]
    )
    assert quiet.status == OK


def test_unknown_issuer(world: TrustWorld, tmp_path: Path) -> None:
    stranger = PkiBuilder(marker="OTHER", key_size=1024)
    leaf = stranger.issue(organization_name("UBND xã Tân Hưng", o="UBND tỉnh Đồng Nai"))
    result = world.checker(tmp_path).check(leaf.cert)
    assert result.status == FAILED
    assert codes(result) == ["issuer_unknown"]
    assert result.revocation.status == "unknown"
    assert result.to_json()["chain"] == [leaf.cert.subject.rfc4514_string()]
    # Offered the stranger's whole chain, it is an untrusted root rather than unknown.
    full = world.checker(tmp_path).check(
        leaf.cert, extra_certs=[stranger.sub_ca.cert, stranger.root.cert]
    )
    assert codes(full) == ["untrusted_root"]
    assert len(full.chain) == 3


def test_forged_issuer_signature(world: TrustWorld, tmp_path: Path) -> None:
    """A sub-CA with the right name but another key: the signature does not verify."""
    impostor = PkiBuilder(marker="TEST", key_size=1024)  # same names, other keys
    leaf = impostor.issue(organization_name("Sở Tài chính", o="UBND tỉnh Hưng Yên"))
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == FAILED
    assert "bad_signature" in codes(result)


def test_intermediate_only_on_the_token(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(urls=no_aia(world))
    checker = world.checker(tmp_path)
    assert checker.check(leaf.cert, extra_certs=[world.pki.sub_ca.cert]).status == OK
    without = checker.check(leaf.cert)
    assert codes(without) == ["issuer_unknown"]
    assert "Cắm thiết bị ký" in without.reasons[0].message()


@pytest.mark.parametrize("path", ["/sub.crt", "/sub.pem"])
def test_intermediate_only_via_aia(world: TrustWorld, tmp_path: Path, path: str) -> None:
    urls = PkiUrls(world.urls.crl_url, world.urls.ocsp_url, world.aia.url(path))
    leaf = world.issue(urls=urls)
    before = world.aia.hits
    result = world.checker(tmp_path).check(leaf.cert)
    assert result.status == OK, result.reasons
    assert len(result.chain) == 3
    assert world.aia.hits == before + 1
    # Cached: the chain still builds with the caIssuers server down.
    world.aia.set_mode("down")
    again = world.checker(tmp_path).check(leaf.cert)
    assert again.status == OK, again.reasons


def test_intermediate_in_the_anchors_folder(world: TrustWorld, tmp_path: Path) -> None:
    folder = tmp_path / "anchors"
    folder.mkdir()
    (folder / "root.cer").write_bytes(world.pki.root.der)
    (folder / "sub.pem").write_bytes(world.pki.sub_ca.pem)
    leaf = world.issue(urls=no_aia(world))
    result = check_certificate(
        leaf.cert,
        anchors=folder,
        settings=world.settings(),
        cache=RevocationCache(tmp_path / "cache"),
    )
    assert result.status == OK, result.reasons


def test_responder_down_then_cached_then_stale(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue("Phạm Thị Dung")
    extra = [world.pki.sub_ca.cert]
    now = dt.datetime.now(UTC)
    first = world.checker(tmp_path).check(leaf.cert, extra_certs=extra, now=now)
    assert first.revocation.source == "ocsp"

    world.ocsp.set_mode("down")
    world.crl.set_mode("down")
    hits = world.ocsp.hits
    later = now + dt.timedelta(hours=2)  # OCSP nextUpdate is a day after thisUpdate
    cached = world.checker(tmp_path).check(leaf.cert, extra_certs=extra, now=later)
    assert cached.status == OK, cached.reasons
    assert cached.revocation.source == "cache"
    assert cached.revocation.checked_at == now
    assert world.ocsp.hits == hits

    stale_time = now + dt.timedelta(days=3)
    stale = world.checker(tmp_path).check(leaf.cert, extra_certs=extra, now=stale_time)
    assert stale.status == WARNING
    assert codes(stale) == ["revocation_offline"]
    assert stale.revocation.status == "unknown"
    assert stale.revocation.source is None
    assert stale.revocation.offline_since == now
    message = stale.reasons[0].message()
    assert "Chưa kiểm tra được tình trạng thu hồi" in message
    assert now.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y %H:%M") in message
    assert "offline since" in stale.reasons[0].message("en")


def test_responders_down_and_nothing_cached(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue()
    world.ocsp.set_mode("down")
    world.crl.set_mode("down")
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == WARNING
    assert codes(result) == ["revocation_offline"]
    assert result.to_json()["revocation"] == {
        "status": "unknown",
        "source": None,
        "revoked_at": None,
        "checked_at": None,
    }


def test_cached_revocation_survives_going_offline(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue("Hoàng Văn Em")
    world.pki.revoke(leaf)
    now = dt.datetime.now(UTC)
    checker = world.checker(tmp_path)
    assert checker.check(leaf.cert, extra_certs=[world.pki.sub_ca.cert], now=now).status == FAILED
    world.ocsp.set_mode("down")
    world.crl.set_mode("down")
    later = world.checker(tmp_path).check(
        leaf.cert, extra_certs=[world.pki.sub_ca.cert], now=now + dt.timedelta(days=30)
    )
    assert later.status == FAILED
    assert later.revocation.status == "revoked"
    assert later.revocation.source == "cache"


def test_offline_mode_uses_the_cache_only(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue()
    extra = [world.pki.sub_ca.cert]
    hits = world.ocsp.hits
    cold = world.checker(tmp_path).check(leaf.cert, extra_certs=extra, online=False)
    assert cold.status == WARNING and codes(cold) == ["revocation_offline"]
    assert world.ocsp.hits == hits
    world.checker(tmp_path).check(leaf.cert, extra_certs=extra)
    warm = world.checker(tmp_path).check(leaf.cert, extra_certs=extra, online=False)
    assert warm.status == OK
    assert warm.revocation.source == "cache"


def test_malformed_crl(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue()
    world.ocsp.set_mode("down")
    world.crl.set_mode("malformed")
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == WARNING
    assert codes(result) == ["revocation_invalid"]
    assert "malformed CRL" in result.reasons[0].message("en")


def test_malformed_ocsp_reply_falls_back_to_crl(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue()
    world.ocsp.set_mode("malformed")
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == OK, result.reasons
    assert result.revocation.source == "crl"
    assert [p.code for p in result.revocation.problems] == ["ocsp_malformed"]


def test_malformed_ocsp_reply_and_crl_down(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue()
    world.ocsp.set_mode("malformed")
    world.crl.set_mode("down")
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == WARNING
    assert codes(result) == ["revocation_invalid"]


def test_slow_responder_does_not_hold_the_check(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue()
    world.ocsp.set_mode("slow")
    started = time.monotonic()
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    elapsed = time.monotonic() - started
    assert result.status == OK, result.reasons
    assert result.revocation.source == "crl"
    assert [p.code for p in result.revocation.problems] == ["fetch_timeout"]
    assert elapsed < world.ocsp.slow_s - 1


def test_delegated_ocsp_responder(world: TrustWorld, tmp_path: Path) -> None:
    world.ocsp.responder = world.pki.issue_ocsp_responder()
    leaf = world.issue()
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.revocation.source == "ocsp", result.revocation.problems


def test_ocsp_signed_by_a_stranger_is_not_believed(world: TrustWorld, tmp_path: Path) -> None:
    stranger = PkiBuilder(marker="OTHER", key_size=1024)
    world.ocsp.responder = stranger.issue_ocsp_responder()
    leaf = world.issue()
    world.pki.revoke(leaf)  # the CRL (the fallback) must then say so
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.revocation.source == "crl"
    assert [p.code for p in result.revocation.problems] == ["ocsp_signer"]
    assert codes(result) == ["revoked"]


def test_certificate_without_cdp_or_aia(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(urls=PkiUrls())
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == WARNING
    assert codes(result) == ["revocation_no_source"]
    assert result.to_json()["revocation"]["source"] is None


def test_wrong_key_usage(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(key_usage=encipher_only_key_usage())
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == FAILED
    assert codes(result) == ["wrong_key_usage"]


def test_every_reason_is_listed(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(
        not_before=world.pki.now - dt.timedelta(days=800),
        days=400,
        key_usage=encipher_only_key_usage(),
        urls=PkiUrls(),
    )
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert codes(result) == ["expired", "wrong_key_usage", "revocation_no_source"]
    assert result.status == FAILED


def test_several_certificates_per_file(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue()
    pem = tmp_path / "chain.pem"
    pem.write_bytes(leaf.pem + world.pki.sub_ca.pem + world.pki.root.pem)
    der = tmp_path / "leaf.cer"
    der.write_bytes(leaf.der)
    certs = load_certificates(pem)
    assert [c.subject for c in certs] == [
        leaf.cert.subject,
        world.pki.sub_ca.cert.subject,
        world.pki.root.cert.subject,
    ]
    assert load_certificates(der) == [leaf.cert]
    results = world.checker(tmp_path).check_many(certs)
    assert [r.status for r in results][0] == OK


def test_unreadable_file_is_a_kyso_error(tmp_path: Path) -> None:
    from kyso.core.errors import KysoError

    bad = tmp_path / "bad.pem"
    bad.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    with pytest.raises(KysoError):
        load_certificates(bad)
    with pytest.raises(KysoError):
        load_certificates(tmp_path / "missing.pem")


def test_token_health(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue()
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    locked = with_token_health(result, pin_locked=True)
    assert locked.status == FAILED and codes(locked) == ["pin_locked"]
    final = with_token_health(result, pin_final_try=True)
    assert final.status == WARNING and codes(final) == ["pin_final_try"]
    assert with_token_health(result) is result


def test_cancel_stops_the_check(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue()
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert], cancel=cancel)


def test_checker_is_thread_safe(world: TrustWorld, tmp_path: Path) -> None:
    leaves = [world.issue(f"Cán bộ {i}") for i in range(6)]
    checker = world.checker(tmp_path)
    with ThreadPoolExecutor(4) as pool:
        results = list(
            pool.map(
                lambda leaf: checker.check(leaf.cert, extra_certs=[world.pki.sub_ca.cert]),
                leaves * 3,
            )
        )
    assert {r.status for r in results} == {OK}


def test_der_serialisation_round_trip_of_cache(world: TrustWorld, tmp_path: Path) -> None:
    """A damaged cache file is ignored, not fatal."""
    leaf = world.issue()
    extra = [world.pki.sub_ca.cert]
    world.checker(tmp_path).check(leaf.cert, extra_certs=extra)
    for f in (tmp_path / "revocation").rglob("*.bin"):
        f.write_bytes(b"garbage")
    world.ocsp.set_mode("down")
    world.crl.set_mode("down")
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=extra)
    assert codes(result) == ["revocation_offline"]
    assert leaf.cert.public_bytes(serialization.Encoding.DER) == leaf.der


def test_a_trusted_root_checked_by_itself(world: TrustWorld, tmp_path: Path) -> None:
    result = world.checker(tmp_path).check(world.pki.root.cert)
    assert result.status == OK, result.reasons
    assert len(result.chain) == 1


def test_revoked_intermediate_fails_the_leaf(tmp_path: Path, world: TrustWorld) -> None:
    """A sub-CA whose own CRL (published by the root) lists it."""
    pki = PkiBuilder(marker="TEST2", key_size=1024)
    root_crl = world.crl.publish("root2.crl", pki, issuer=pki.root)
    # Re-issue the sub-CA with a CDP pointing at the root's CRL, then revoke it there.
    from cryptography.hazmat.primitives import hashes

    sub = pki.sub_ca
    builder = (
        x509.CertificateBuilder()
        .subject_name(sub.cert.subject)
        .issuer_name(pki.root.cert.subject)
        .public_key(sub.key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(sub.cert.not_valid_before_utc)
        .not_valid_after(sub.cert.not_valid_after_utc)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier(root_crl)], None, None, None
                    )
                ]
            ),
            critical=False,
        )
    )
    from kyso.core.demo.pki import Issued

    sub_with_cdp = Issued(builder.sign(pki.root.key, hashes.SHA256()), sub.key)
    pki.revoke(sub_with_cdp, reason=x509.ReasonFlags.ca_compromise)
    leaf = pki.issue(organization_name("Sở Nội vụ", o="UBND tỉnh Gia Lai"), urls=PkiUrls())
    anchors_dir = tmp_path / "a"
    anchors_dir.mkdir()
    (anchors_dir / "root.pem").write_bytes(pki.root.pem)
    result = check_certificate(
        leaf.cert,
        extra_certs=[sub_with_cdp.cert],
        anchors=anchors_dir,
        settings=world.settings(),
        cache=RevocationCache(tmp_path / "c"),
    )
    assert "issuer_revoked" in codes(result)
    assert result.status == FAILED
