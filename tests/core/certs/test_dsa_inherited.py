"""DSA keys that inherit their parameters from the issuer (RFC 3279 §2.3.2, PKITS 4.1.5).

``cryptography`` cannot load these certificates at all; Kyso reads them, keeps their bytes
intact, and makes the key readable only once an issuer's key has verified them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from kyso.core.certs.dsa_inherited import InheritedDsaCertificate, resolve_inherited_keys
from kyso.core.certs.files import CertificateFileError, parse_certificates
from kyso.core.certs.x509util import cert_signed_by

CERTS = Path(__file__).parents[1] / "trust" / "pkits" / "certs"


def _load(name: str):
    [cert] = parse_certificates((CERTS / name).read_bytes(), source=name)
    return cert


def test_cryptography_itself_refuses_them() -> None:
    with pytest.raises(ValueError):
        x509.load_der_x509_certificate(
            (CERTS / "ValidDSAParameterInheritanceTest5EE.crt").read_bytes()
        )


def test_read_with_the_original_bytes_and_fields() -> None:
    der = (CERTS / "ValidDSAParameterInheritanceTest5EE.crt").read_bytes()
    ee = _load("ValidDSAParameterInheritanceTest5EE.crt")
    assert isinstance(ee, InheritedDsaCertificate)
    assert ee.public_bytes(serialization.Encoding.DER) == der
    assert ee.fingerprint(hashes.SHA256()) == hashlib.sha256(der).digest()
    pem = ee.public_bytes(serialization.Encoding.PEM)
    assert parse_certificates(pem) != [] and b"BEGIN CERTIFICATE" in pem
    assert "Valid DSA Parameter Inheritance EE" in ee.subject.rfc4514_string()
    # the TBS is what the issuer signed, not the stand-in cryptography parsed
    assert ee.tbs_certificate_bytes in der


def test_key_not_readable_until_a_verified_issuer_gives_parameters() -> None:
    root_dsa = _load("DSACACert.crt")
    inherited_ca = _load("DSAParametersInheritedCACert.crt")
    ee = _load("ValidDSAParameterInheritanceTest5EE.crt")
    with pytest.raises(ValueError):
        inherited_ca.public_key()
    # unreadable issuer key: the signature is not good (and not remembered as bad)
    assert not cert_signed_by(ee, inherited_ca)
    resolve_inherited_keys([ee, inherited_ca, root_dsa])
    assert inherited_ca.public_key().public_numbers().parameter_numbers == (
        root_dsa.public_key().public_numbers().parameter_numbers
    )
    assert cert_signed_by(ee, inherited_ca)
    assert cert_signed_by(inherited_ca, root_dsa)


def test_parameters_only_from_an_issuer_whose_key_verifies() -> None:
    """A certificate of the same name but another key must not lend its parameters."""
    inherited_ca = _load("DSAParametersInheritedCACert.crt")
    ee = _load("ValidDSAParameterInheritanceTest5EE.crt")
    other = _load("GoodCACert.crt")  # RSA; stands in for an impostor issuer
    assert not ee.inherit_from(other)
    assert not ee.inherit_from(inherited_ca)  # its own key is not readable yet
    resolve_inherited_keys([ee, inherited_ca])  # the DSA CA that verifies it is absent
    with pytest.raises(ValueError):
        inherited_ca.public_key()
    with pytest.raises(ValueError):
        ee.public_key()


def test_a_pem_bundle_with_one_inherited_dsa_certificate() -> None:
    """cryptography refuses the whole PEM file; Kyso reads it block by block."""
    names = ["DSACACert.crt", "DSAParametersInheritedCACert.crt"]
    pem = b"".join(_load(n).public_bytes(serialization.Encoding.PEM) for n in names)
    certs = parse_certificates(pem)
    assert [c.fingerprint(hashes.SHA256()) for c in certs] == [
        hashlib.sha256((CERTS / n).read_bytes()).digest() for n in names
    ]


def test_a_pem_block_broken_otherwise_still_makes_the_file_unreadable() -> None:
    good = _load("DSAParametersInheritedCACert.crt").public_bytes(serialization.Encoding.PEM)
    broken = b"-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n"
    with pytest.raises(CertificateFileError):
        parse_certificates(good + broken)
