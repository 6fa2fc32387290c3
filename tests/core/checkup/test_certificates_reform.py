"""The GUI's "Check all": the two-tier part of many certificates as one batch
(:func:`certificates_reform`) gives what each certificate checked alone gives."""

from __future__ import annotations

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kyso.core.checkup.certificate import certificate_reform, certificates_reform
from kyso.core.reform.check import clear_caches
from tests.core.checkup.test_subjects_json import ODD
from tests.core.reform.test_reform_hard import all_cases

_UID = x509.ObjectIdentifier("0.9.2342.19200300.100.1.1")


def _certificates(subjects: list[str]) -> list[x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")])
    now = datetime.datetime.now(datetime.timezone.utc)
    out = []
    for subject in subjects:
        try:
            name = x509.Name.from_rfc4514_string(subject, {"UID": _UID})
        except ValueError:
            continue  # not every odd spelling is a Name cryptography builds
        builder = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=1))
        )
        if len(out) % 3 == 0:  # some with an e-mail in the SubjectAltName
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.RFC822Name(f"a{len(out)}@example.vn")]),
                critical=False,
            )
        out.append(builder.sign(key, hashes.SHA256()))
    return out


def test_batch_gives_each_certificates_own_verdict() -> None:
    subjects = [c.subject for c in all_cases()] + ODD
    certs = _certificates(subjects * 2)
    assert len(certs) > 800
    clear_caches()
    alone = [certificate_reform(c).to_json() for c in certs]
    clear_caches()
    batch = certificates_reform(certs)
    assert [r.to_json() for r in batch] == alone
    # each a copy of its own: changing one leaves the others (and the shared verdict) alone
    batch[0].proposed["CN"] = "changed"
    assert certificate_reform(certs[0]).proposed.get("CN") != "changed"
    assert batch[len(certs) // 2].proposed.get("CN") != "changed"
