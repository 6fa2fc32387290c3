"""Item 4 against an organization certificate whose CN is a bare unit: its full name (CN
with its O) decides (issue 15, second review, finding 6; the refusal is in
tests/core/reform/test_review2_findings.py)."""

from __future__ import annotations

import datetime as dt
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kyso.core.reform.check import check_subject
from kyso.core.signing.choice import fallback_choices, organization_full_name
from kyso.core.signing.policy import OrganizationCert


def _leader() -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, "Thái Bình"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND tỉnh Thái Bình"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Văn phòng"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn A"),
        ]
    )
    now = dt.datetime.now(dt.timezone.utc)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )


def _org(subject: str) -> OrganizationCert:
    verdict = check_subject(subject).to_json()
    assert verdict["holder_kind"] == "organization" and verdict["status"] == "current"
    # two certificates, two SHA-256 (one certificate known twice is one choice)
    sha256 = hashlib.sha256(subject.encode()).hexdigest()
    return OrganizationCert("Văn phòng", sha256, "current", "token", organization_full_name(subject))


def test_full_name_is_cn_with_its_o() -> None:
    assert organization_full_name("CN=Văn phòng,O=Sở Y tế tỉnh Lạng Sơn,L=Lạng Sơn,C=VN") == (
        "Văn phòng Sở Y tế tỉnh Lạng Sơn"
    )
    assert organization_full_name("CN=UBND tỉnh Hưng Yên,O=UBND tỉnh Hưng Yên,C=VN") == (
        "UBND tỉnh Hưng Yên"
    )


def test_own_office_on_the_new_model_is_offered_by_its_full_name() -> None:
    leader = _leader()
    verdict = check_subject(leader.subject).to_json()
    own = _org("CN=Văn phòng,O=UBND tỉnh Hưng Yên,L=Hưng Yên,C=VN")
    other = _org("CN=Văn phòng,O=Sở Y tế tỉnh Lạng Sơn,L=Lạng Sơn,C=VN")
    choices = fallback_choices(leader, verdict, [other, own])
    assert [c.organization for c in choices] == [own], choices
    assert choices[0].best and choices[0].matched == "Văn phòng UBND tỉnh Hưng Yên"
    # Named by the bare unit alone: it names no organization, nothing is offered.
    assert fallback_choices(leader, verdict, [other, own], named="Văn phòng") == []
