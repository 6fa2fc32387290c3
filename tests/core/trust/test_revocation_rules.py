"""Issue 21: freshness, rollback, CRL scope, CRLs by file, RSA-PSS OCSP, delegated responders.

Every answer here is built for the purpose and served by the real responders on 127.0.0.1;
each test first shows the answer is genuinely signed and would be taken (a control), then
breaks exactly one rule.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import NameOID

from kyso.core.demo.pki import Issued, PkiUrls
from kyso.core.trust.checker import OK, WARNING, TrustResult
from kyso.core.trust.revocation import RevocationCache, RevocationDataError, load_crl_files
from tests.support.pki_cases import (
    DAY,
    HOUR,
    SCOPES,
    crl_only,
    idp,
    make_crl,
    ocsp_answer,
    ocsp_only,
    pss_resign,
    serve_crl,
)
from tests.support.trust_fixtures import TrustWorld

UTC = dt.timezone.utc


def codes(result: TrustResult) -> list[str]:
    return [r.code for r in result.reasons]


# -- freshness ---------------------------------------------------------------------------


def test_fresh_ocsp_answer_is_good(world: TrustWorld, tmp_path: Path) -> None:
    """Control for the freshness tests: the same crafted answer, inside its window, is good."""
    leaf = world.issue(urls=ocsp_only(world))
    now = world.pki.now
    world.ocsp.answer = ocsp_answer(world, this_update=now - HOUR, next_update=now + HOUR)
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == OK, result.reasons
    assert result.revocation.source == "ocsp"


def test_online_ocsp_past_next_update_is_not_good(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(urls=ocsp_only(world))
    now = world.pki.now
    world.ocsp.answer = ocsp_answer(world, this_update=now - 10 * DAY, next_update=now - 3 * DAY)
    checker = world.checker(tmp_path)
    result = checker.check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.revocation.status == "unknown"
    assert result.status == WARNING
    assert codes(result) == ["revocation_stale"]
    # the replayed answer is not kept as if it were news
    assert (
        checker.check(
            leaf.cert, extra_certs=[world.pki.sub_ca.cert], online=False
        ).revocation.status
        == "unknown"
    )


def test_online_ocsp_without_next_update_a_year_old_is_not_good(
    world: TrustWorld, tmp_path: Path
) -> None:
    leaf = world.issue(urls=ocsp_only(world))
    now = world.pki.now
    world.ocsp.answer = ocsp_answer(world, this_update=now - 365 * DAY, next_update=None)
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.revocation.status == "unknown"
    assert codes(result) == ["revocation_stale"]


def test_ocsp_without_next_update_just_made_is_good(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(urls=ocsp_only(world))
    now = dt.datetime.now(UTC)
    world.ocsp.answer = ocsp_answer(
        world, this_update=now - dt.timedelta(minutes=1), next_update=None
    )
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert], now=now)
    assert result.status == OK, result.reasons


def test_stale_revoked_answer_stays_revoked(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(urls=ocsp_only(world))
    now = world.pki.now
    world.ocsp.answer = ocsp_answer(
        world, this_update=now - 10 * DAY, next_update=now - 3 * DAY, revoked=True
    )
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.revocation.status == "revoked"
    assert "revoked" in codes(result)


def test_online_crl_past_next_update_is_not_good(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(urls=crl_only(world))
    now = world.pki.now
    serve_crl(world, make_crl(world, this_update=now - 10 * DAY, next_update=now - 3 * DAY))
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.revocation.status == "unknown"
    assert result.status == WARNING
    assert codes(result) == ["revocation_stale"]
    # control: the same CRL judged at a time inside its window is good
    ok = world.checker(tmp_path / "b").check(
        leaf.cert, extra_certs=[world.pki.sub_ca.cert], now=now - 5 * DAY
    )
    assert ok.revocation.status == "good", ok.reasons


# -- rollback ------------------------------------------------------------------------------


def test_older_ocsp_answer_never_replaces_a_newer_revoked(
    world: TrustWorld, tmp_path: Path
) -> None:
    leaf = world.issue(urls=ocsp_only(world))
    t0 = world.pki.now
    checker = world.checker(tmp_path)
    extra = [world.pki.sub_ca.cert]
    world.ocsp.answer = ocsp_answer(
        world, this_update=t0 - HOUR, next_update=t0 + HOUR, revoked=True
    )
    assert checker.check(leaf.cert, extra_certs=extra, now=t0).revocation.status == "revoked"
    # later, someone on the path replays an older "good" that is still inside its window
    later = t0 + 2 * HOUR
    world.ocsp.answer = ocsp_answer(world, this_update=t0 - 2 * HOUR, next_update=t0 + DAY)
    result = checker.check(leaf.cert, extra_certs=extra, now=later)
    assert result.revocation.status == "revoked"
    assert any(p.code == "ocsp_rollback" for p in result.revocation.problems)
    # and the revocation is not forgotten offline either
    offline = checker.check(leaf.cert, extra_certs=extra, now=later, online=False)
    assert offline.revocation.status == "revoked"
    # a newer "good" (a hold lifted) does replace it
    world.ocsp.answer = ocsp_answer(
        world, this_update=later - dt.timedelta(minutes=1), next_update=later + DAY
    )
    assert checker.check(leaf.cert, extra_certs=extra, now=later).revocation.status == "good"


def test_older_crl_never_replaces_a_newer_one(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(urls=crl_only(world))
    t0 = world.pki.now
    checker = world.checker(tmp_path)
    extra = [world.pki.sub_ca.cert]
    serve_crl(
        world,
        make_crl(
            world, this_update=t0 - HOUR, next_update=t0 + HOUR, number=10, revoked=[leaf.cert]
        ),
    )
    assert checker.check(leaf.cert, extra_certs=extra, now=t0).revocation.status == "revoked"
    later = t0 + 2 * HOUR
    serve_crl(world, make_crl(world, this_update=t0 - 2 * HOUR, next_update=t0 + DAY, number=5))
    result = checker.check(leaf.cert, extra_certs=extra, now=later)
    assert result.revocation.status == "revoked"
    assert (
        checker.check(leaf.cert, extra_certs=extra, now=later, online=False).revocation.status
        == "revoked"
    )


def test_older_crl_is_refused_and_not_cached(world: TrustWorld, tmp_path: Path) -> None:
    """A newer CRL that puts the leaf on hold, then an older one without it: not "good"."""
    leaf = world.issue(urls=crl_only(world))
    t0 = world.pki.now
    cache = RevocationCache(tmp_path / "revocation")
    checker = world.checker(tmp_path)
    extra = [world.pki.sub_ca.cert]
    held = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(world.pki.sub_ca.cert.subject)
        .last_update(t0 - HOUR)
        .next_update(t0 + HOUR)
        .add_extension(x509.CRLNumber(10), critical=False)
        .add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(leaf.cert.serial_number)
            .revocation_date(t0 - DAY)
            .add_extension(x509.CRLReason(x509.ReasonFlags.certificate_hold), critical=False)
            .build()
        )
        .sign(world.pki.sub_ca.key, hashes.SHA256())
    )
    serve_crl(world, held)
    assert checker.check(leaf.cert, extra_certs=extra, now=t0).revocation.status == "revoked"
    later = t0 + 2 * HOUR
    serve_crl(world, make_crl(world, this_update=t0 - 2 * HOUR, next_update=t0 + DAY, number=5))
    result = checker.check(leaf.cert, extra_certs=extra, now=later)
    assert result.revocation.status != "good"
    assert any(p.code == "crl_rollback" for p in result.revocation.problems)
    kept = cache.get("crl", world.urls.crl_url or "")
    assert kept is not None
    assert (
        x509.load_der_x509_crl(kept.der)
        .extensions.get_extension_for_class(x509.CRLNumber)
        .value.crl_number
        == 10
    )
    # control: a newer CRL without the hold (number 11) is taken, and replaces the cached one
    serve_crl(world, make_crl(world, this_update=later - HOUR, next_update=later + DAY, number=11))
    assert checker.check(leaf.cert, extra_certs=extra, now=later).revocation.status == "good"


# -- CRL scope -------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", sorted(SCOPES))
def test_crl_outside_its_scope_is_not_proof_of_good(
    world: TrustWorld, tmp_path: Path, scope: str
) -> None:
    leaf = world.issue(urls=crl_only(world))
    serve_crl(world, make_crl(world, extensions=SCOPES[scope]))
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.revocation.status == "unknown", scope
    assert result.status == WARNING
    assert [c for c in codes(result) if c.startswith("revocation")] == ["revocation_invalid"]


def test_crl_scoped_to_this_partition_and_to_users_is_proof(
    world: TrustWorld, tmp_path: Path
) -> None:
    """Control for the scope tests: an IDP that does cover the leaf is accepted."""
    leaf = world.issue(urls=crl_only(world))
    covering = idp(
        full_name=[x509.UniformResourceIdentifier(world.urls.crl_url or "")],
        only_contains_user_certs=True,
    )
    serve_crl(world, make_crl(world, extensions=[(covering, True)]))
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == OK, result.reasons


def test_a_revoked_entry_on_a_delta_crl_still_counts(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(urls=crl_only(world))
    serve_crl(
        world, make_crl(world, extensions=[(x509.DeltaCRLIndicator(1), True)], revoked=[leaf.cert])
    )
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.revocation.status == "revoked"


# -- CRLs by file -------------------------------------------------------------------------


def test_crl_files_offline(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(urls=PkiUrls())  # no URL at all: only the file can speak
    bad = world.issue("Trần Bị Thu Hồi", urls=PkiUrls())
    crl = make_crl(world, revoked=[bad.cert])
    f = tmp_path / "sub.crl"
    f.write_bytes(crl.public_bytes(serialization.Encoding.DER))
    plain = world.checker(tmp_path / "a")
    assert codes(plain.check(leaf.cert, extra_certs=[world.pki.sub_ca.cert], online=False)) == [
        "revocation_no_source"
    ]
    from kyso.core.trust.checker import TrustChecker

    checker = TrustChecker(
        world.settings(),
        world.anchors(),
        RevocationCache(tmp_path / "c"),
        crls=load_crl_files([f]),
    )
    good = checker.check(leaf.cert, extra_certs=[world.pki.sub_ca.cert], online=False)
    assert good.status == OK, good.reasons
    assert good.revocation.source == "file"  # given by file, not fetched
    revoked = checker.check(bad.cert, extra_certs=[world.pki.sub_ca.cert], online=False)
    assert revoked.revocation.status == "revoked"


def test_crl_dir_setting_is_read_like_fetched_crls(world: TrustWorld, tmp_path: Path) -> None:
    bad = world.issue("Trần Bị Thu Hồi", urls=PkiUrls())
    folder = tmp_path / "crls"
    folder.mkdir()
    (folder / "sub.crl").write_bytes(
        make_crl(world, revoked=[bad.cert]).public_bytes(serialization.Encoding.PEM)
    )
    (folder / "junk.crl").write_bytes(b"not a CRL")  # one bad file does not stop the rest
    # a stranger's CRL (signed by another key under the same name) is not believed
    stranger = Issued(
        world.pki.sub_ca.cert, rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    other = tmp_path / "stranger"
    other.mkdir()
    (other / "fake.crl").write_bytes(
        make_crl(world, issuer=stranger).public_bytes(serialization.Encoding.DER)
    )
    checker = world.checker(tmp_path, crl_dir=str(folder))
    assert (
        checker.check(bad.cert, extra_certs=[world.pki.sub_ca.cert], online=False).revocation.status
        == "revoked"
    )
    fake = world.checker(tmp_path / "f", crl_dir=str(other)).check(
        bad.cert, extra_certs=[world.pki.sub_ca.cert], online=False
    )
    assert fake.revocation.status == "unknown"
    assert codes(fake) == ["revocation_invalid"]


def test_crl_file_that_is_not_a_crl_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "x.crl"
    f.write_bytes(b"hello")
    with pytest.raises(RevocationDataError) as err:
        load_crl_files([f])
    assert "x.crl" in err.value.vi
    with pytest.raises(RevocationDataError):
        load_crl_files([tmp_path / "missing.crl"])


# -- OCSP signatures and responders ----------------------------------------------------------


@pytest.mark.parametrize("tamper", [False, True])
def test_rsa_pss_signed_ocsp_answer(world: TrustWorld, tmp_path: Path, tamper: bool) -> None:
    leaf = world.issue(urls=ocsp_only(world))
    now = world.pki.now
    plain = ocsp_answer(world, this_update=now - HOUR, next_update=now + HOUR)

    def pss(request: ocsp.OCSPRequest) -> bytes:
        der = pss_resign(plain(request), world.pki.sub_ca.key)
        if tamper:  # flip one bit of the signature
            der = der[:-5] + bytes([der[-5] ^ 1]) + der[-4:]
        return der

    world.ocsp.answer = pss
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    if tamper:
        assert result.revocation.status == "unknown"
        assert any(p.code == "ocsp_bad_signature" for p in result.revocation.problems)
    else:
        assert result.status == OK, [p.en for p in result.revocation.problems]


def test_delegated_responder_needs_a_signing_key_usage(world: TrustWorld, tmp_path: Path) -> None:
    leaf = world.issue(urls=ocsp_only(world))
    now = world.pki.now
    no_sign = world.pki.issue_service(
        "OCSP chỉ mã hóa (TEST)",
        x509.oid.ExtendedKeyUsageOID.OCSP_SIGNING,
        key_usage=x509.KeyUsage(
            digital_signature=False,
            content_commitment=False,
            key_encipherment=True,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=False,
            crl_sign=False,
            encipher_only=False,
            decipher_only=False,
        ),
    )
    good = world.pki.issue_ocsp_responder()
    world.ocsp.answer = ocsp_answer(
        world, this_update=now - HOUR, next_update=now + HOUR, signer=good
    )
    assert (
        world.checker(tmp_path / "a").check(leaf.cert, extra_certs=[world.pki.sub_ca.cert]).status
        == OK
    )
    world.ocsp.answer = ocsp_answer(
        world, this_update=now - HOUR, next_update=now + HOUR, signer=no_sign
    )
    result = world.checker(tmp_path / "b").check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.revocation.status == "unknown"
    assert any(p.code == "ocsp_signer" for p in result.revocation.problems)


# -- every certificate in the path -----------------------------------------------------------


def _intermediate_with_cdp(world: TrustWorld, crl_url: str) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ (TEST)"),
            x509.NameAttribute(NameOID.COMMON_NAME, "CA có CRL gốc (TEST)"),
        ]
    )
    root = world.pki.root
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(root.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(world.pki.now - 10 * DAY)
        .not_valid_after(world.pki.now + 3650 * DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier(crl_url)], None, None, None
                    )
                ]
            ),
            critical=False,
        )
        .sign(root.key, hashes.SHA256())
    )
    return Issued(cert, key)


def test_intermediate_that_cannot_be_checked_is_a_warning(
    world: TrustWorld, tmp_path: Path
) -> None:
    root_crl_url = world.crl.url("/root.crl")
    ca = _intermediate_with_cdp(world, root_crl_url)
    leaf = world.issue(urls=PkiUrls(), issuer=ca)
    leaf_crl = make_crl(world, issuer=ca)
    f = tmp_path / "ca.crl"
    f.write_bytes(leaf_crl.public_bytes(serialization.Encoding.DER))
    from kyso.core.trust.checker import TrustChecker

    checker = TrustChecker(
        world.settings(), world.anchors(), RevocationCache(tmp_path / "c"), crls=load_crl_files([f])
    )
    # the root's CRL is not published: the intermediate cannot be checked
    result = checker.check(leaf.cert, extra_certs=[ca.cert])
    assert result.status == WARNING
    assert codes(result) == ["issuer_revocation_unknown"]
    reason = result.reasons[0]
    assert "Chưa kiểm tra được" in reason.vi and "CA có CRL gốc" in reason.vi
    assert [s.status for s in result.path_revocation] == ["good", "unknown"]
    # once the root publishes a CRL, fetched once, then offline it says since when
    world.crl.publish("root.crl", world.pki, issuer=world.pki.root)
    assert checker.check(leaf.cert, extra_certs=[ca.cert]).status == OK
    later = dt.datetime.now(UTC) + 30 * DAY
    offline = checker.check(leaf.cert, extra_certs=[ca.cert], online=False, now=later)
    reason = next(r for r in offline.reasons if r.code == "issuer_revocation_unknown")
    assert "chưa kiểm tra được" in reason.vi.lower() and " từ " in reason.vi
    # and a revoked intermediate still fails the leaf
    world.crl.crls["root.crl"] = lambda: make_crl(
        world, issuer=world.pki.root, revoked=[ca.cert]
    ).public_bytes(serialization.Encoding.DER)
    revoked = world.checker(tmp_path / "r").check(leaf.cert, extra_certs=[ca.cert])
    assert "issuer_revoked" in codes(revoked)


@pytest.mark.parametrize("revoked", [False, True])
def test_delegated_responder_without_nocheck_is_itself_checked(
    world: TrustWorld, tmp_path: Path, revoked: bool
) -> None:
    leaf = world.issue(urls=ocsp_only(world))
    now = world.pki.now
    responder = world.pki.issue_service(
        "OCSP không nocheck (TEST)", x509.oid.ExtendedKeyUsageOID.OCSP_SIGNING, with_crl=True
    )
    if revoked:
        world.pki.revoke(responder, reason=x509.ReasonFlags.key_compromise)
    world.ocsp.answer = ocsp_answer(
        world, this_update=now - HOUR, next_update=now + HOUR, signer=responder
    )
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    if revoked:
        assert result.revocation.status == "unknown"
        assert any("revoked" in p.en for p in result.revocation.problems if p.code == "ocsp_signer")
    else:
        assert result.status == OK, [p.en for p in result.revocation.problems]
