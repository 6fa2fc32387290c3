"""Issue 21: weak and odd certificates named, name constraints, a CA as signer.

Each rule is shown failing on a certificate built to break it, next to a control that
differs only in that one respect.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from kyso.core.demo.pki import Issued, PkiUrls
from kyso.core.trust.checker import FAILED, OK, WARNING, TrustResult
from kyso.core.trust.pkix import SHA1_CUTOFF
from tests.support.pki_cases import (
    DAY,
    UNKNOWN_OID,
    constrained_subject,
    hung_yen_constraints,
    intermediate,
    leaf_name,
    make_cert,
    md5_resign,
    sha1_resign,
)
from tests.support.trust_fixtures import TrustWorld


def codes(result: TrustResult) -> list[str]:
    return [r.code for r in result.reasons]


def check(world: TrustWorld, tmp_path: Path, cert: x509.Certificate, *extra: x509.Certificate):
    return world.checker(tmp_path).check(
        cert, extra_certs=[world.pki.sub_ca.cert, *extra], online=False
    )


def quiet(result: TrustResult) -> list[str]:
    """Codes other than "revocation not checked" (these leaves name no revocation source)."""
    return [c for c in codes(result) if c != "revocation_no_source"]


def test_control_leaf_is_clean(world: TrustWorld, tmp_path: Path) -> None:
    leaf = make_cert(world, leaf_name(), world.pki.sub_ca)
    assert quiet(check(world, tmp_path, leaf.cert)) == []


def test_md5_leaf_fails(world: TrustWorld, tmp_path: Path) -> None:
    leaf = make_cert(world, leaf_name(), world.pki.sub_ca)
    md5 = md5_resign(leaf.cert, world.pki.sub_ca.key)
    result = check(world, tmp_path, md5)
    assert result.status == FAILED
    assert quiet(result) == ["weak_hash_md5"]
    assert "MD5" in result.reasons[0].vi


def test_sha1_after_the_cutoff_is_a_warning_before_it_is_not(
    world: TrustWorld, tmp_path: Path
) -> None:
    new = sha1_resign(make_cert(world, leaf_name(), world.pki.sub_ca).cert, world.pki.sub_ca.key)
    result = check(world, tmp_path, new)
    assert quiet(result) == ["weak_hash_sha1"]
    assert result.reasons[0].severity == WARNING
    old = make_cert(world, leaf_name(), world.pki.sub_ca, not_before=SHA1_CUTOFF - 30 * DAY)
    assert quiet(check(world, tmp_path, sha1_resign(old.cert, world.pki.sub_ca.key))) == []


def test_sha1_root_anchor_stays_accepted(world: TrustWorld, tmp_path: Path) -> None:
    """A SHA-1 self-signed anchor (like Ban Cơ yếu's G1 root) is IT's decision: no reason."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RootCA G1 SHA-1 (TEST)")])
    root = Issued(
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(world.pki.now - 3650 * DAY)
        .not_valid_after(world.pki.now + 3650 * DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()),
        key,
    )
    root = Issued(sha1_resign(root.cert, key), key)
    leaf = make_cert(world, leaf_name(), root)
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "g1.pem").write_bytes(root.pem)
    from kyso.core.trust.checker import check_certificate

    result = check_certificate(leaf.cert, anchors=anchors, online=False, settings=world.settings())
    assert quiet(result) == []


def test_rsa_1024_leaf_is_a_warning(world: TrustWorld, tmp_path: Path) -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    leaf = make_cert(world, leaf_name(), world.pki.sub_ca, key=small)
    result = check(world, tmp_path, leaf.cert)
    assert quiet(result) == ["weak_key"]
    assert "1024" in result.reasons[0].vi
    assert result.reasons[0].severity == WARNING


def test_unknown_critical_extension_on_leaf_fails(world: TrustWorld, tmp_path: Path) -> None:
    ext = x509.UnrecognizedExtension(UNKNOWN_OID, b"\x05\x00")
    bad = make_cert(world, leaf_name(), world.pki.sub_ca, extensions=[(ext, True)])
    assert quiet(check(world, tmp_path, bad.cert)) == ["unknown_critical_extension"]
    fine = make_cert(world, leaf_name(), world.pki.sub_ca, extensions=[(ext, False)])
    assert quiet(check(world, tmp_path / "b", fine.cert)) == []


def test_unknown_critical_extension_on_intermediate_fails(
    world: TrustWorld, tmp_path: Path
) -> None:
    ext = x509.UnrecognizedExtension(UNKNOWN_OID, b"\x05\x00")
    ca = intermediate(world, "CA lạ (TEST)", extensions=[(ext, True)])
    leaf = make_cert(world, leaf_name(), ca)
    result = check(world, tmp_path, leaf.cert, ca.cert)
    assert result.status == FAILED
    assert quiet(result) == ["unknown_critical_extension"]
    assert "CA lạ" in result.reasons[0].vi


def test_ca_certificate_as_signer_is_refused(world: TrustWorld, tmp_path: Path) -> None:
    ca = intermediate(world, "CA ký văn bản (TEST)")
    result = world.checker(tmp_path).check(ca.cert, online=False)
    assert result.status == FAILED
    assert "signer_is_ca" in codes(result)


@pytest.mark.parametrize(
    ("o", "expected"), [("UBND tỉnh Hưng Yên", []), ("UBND tỉnh Gia Lai", ["name_constraints"])]
)
def test_name_constraints_are_enforced(
    world: TrustWorld, tmp_path: Path, o: str, expected: list[str]
) -> None:
    ca = intermediate(world, "CA tỉnh Hưng Yên (TEST)", extensions=[(hung_yen_constraints(), True)])
    subject = constrained_subject(o)
    leaf = make_cert(world, subject, ca)
    result = check(world, tmp_path, leaf.cert, ca.cert)
    assert quiet(result) == expected
    if expected:
        assert result.status == FAILED
        assert "ràng buộc tên" in result.reasons[0].vi


def test_revocation_unchanged_for_good_leaf(world: TrustWorld, tmp_path: Path) -> None:
    """The path checks add nothing to an ordinary leaf of the test PKI checked online."""
    leaf = world.issue(urls=PkiUrls(ocsp_url=world.urls.ocsp_url))
    result = world.checker(tmp_path).check(leaf.cert, extra_certs=[world.pki.sub_ca.cert])
    assert result.status == OK, result.reasons


# -- the cost of the RFC 5280 layer (bench: tests/bench/bench_verify.py) -------------------


def test_a_passed_path_is_remembered_only_inside_its_validity(
    world: TrustWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same path asked again passes without being re-validated, but only at a time
    when every certificate of it is valid; a failure is never remembered."""
    import datetime as dt

    from kyso.core.trust import pkix

    leaf = make_cert(world, leaf_name(), world.pki.sub_ca)
    path = [leaf.cert, world.pki.sub_ca.cert, world.pki.root.cert]
    now = dt.datetime.now(dt.timezone.utc)
    after = leaf.cert.not_valid_after_utc + dt.timedelta(days=2)
    runs: list[dt.datetime] = []
    real = pkix._validate

    def counted(p, at):
        runs.append(at)
        return real(p, at)

    monkeypatch.setattr(pkix, "_validate", counted)
    assert pkix.rfc5280_problem(path, after) is not None  # expired: fails, not remembered
    assert pkix.rfc5280_problem(path, now) is None
    assert pkix.rfc5280_problem(path, now + dt.timedelta(hours=1)) is None
    assert runs == [after, now]
    assert pkix.rfc5280_problem(path, after) is not None  # outside the window: re-validated
    assert runs == [after, now, after]
    ca = intermediate(world, "CA tỉnh Hưng Yên (TEST)", extensions=[(hung_yen_constraints(), True)])
    outside = make_cert(world, constrained_subject("UBND tỉnh Gia Lai"), ca)
    for _ in range(2):
        problem = pkix.rfc5280_problem([outside.cert, ca.cert, world.pki.root.cert], now)
        assert problem is not None and problem.code == "name_constraints"
    assert len(runs) == 5


def test_certvalidator_runs_on_one_loop_thread_per_process(world: TrustWorld) -> None:
    """From plain code and from inside a running event loop (the verifier's), every call
    runs on the same long-lived loop thread: no thread or event loop started per check."""
    import asyncio
    import threading

    from kyso.core.trust import pkix

    async def where() -> str:
        return threading.current_thread().name

    first = pkix._run(where())
    before = threading.active_count()

    async def inside_a_loop() -> list[str]:
        return [pkix._run(where()) for _ in range(5)]

    names = [pkix._run(where()) for _ in range(5)] + asyncio.run(inside_a_loop())
    assert set(names) == {first} == {"kyso-pkix-loop"}
    assert threading.active_count() == before
