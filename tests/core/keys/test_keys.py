"""The signing-key interface without a PDF: the software key, the blocking wait with cancel
and deadline, and the proof of a signature against a certificate (RSA PKCS#1 v1.5, PSS,
ECDSA)."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kyso.core.keys.base import (
    ApprovalTimeout,
    KeyMismatchError,
    Scheme,
    SignatureAlgorithm,
    SigningCancelled,
    wait_for,
)
from kyso.core.keys.proof import check_signature, signature_matches
from kyso.core.keys.software import SoftwareKey


def _self_signed(key) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Khóa thử")])
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


@pytest.fixture(scope="module")
def rsa_pair():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key, _self_signed(key)


@pytest.fixture(scope="module")
def ec_pair():
    key = ec.generate_private_key(ec.SECP256R1())
    return key, _self_signed(key)


@pytest.mark.parametrize(
    "pair, scheme",
    [("rsa_pair", Scheme.RSA_PKCS1V15), ("rsa_pair", Scheme.RSA_PSS), ("ec_pair", Scheme.ECDSA)],
)
def test_software_key_signatures_verify(request, pair, scheme):
    key, cert = request.getfixturevalue(pair)
    soft = SoftwareKey(key, cert, scheme=scheme)
    assert soft.label == "Khóa thử" and soft.algorithms()[0].scheme is scheme
    digests = [hashlib.sha256(b"a").digest(), hashlib.sha256(b"b").digest()]
    alg = SignatureAlgorithm(scheme)
    sigs = soft.sign_digests(digests, alg).result()
    assert soft.requests == [2]  # a batch of digests in one request
    assert all(signature_matches(cert, d, s, alg) for d, s in zip(digests, sigs, strict=True))
    assert not signature_matches(cert, digests[0], sigs[1], alg)  # each for its own digest
    check_signature(cert, digests[0], sigs[0], alg)


def test_a_signature_by_another_key_is_refused(rsa_pair):
    key, cert = rsa_pair
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    alg = SignatureAlgorithm(Scheme.RSA_PKCS1V15)
    digest = hashlib.sha256(b"x").digest()
    sig = SoftwareKey(other, cert).sign_digests([digest], alg).result()[0]
    with pytest.raises(KeyMismatchError) as caught:
        check_signature(cert, digest, sig, alg)
    assert "khóa trên thiết bị không khớp với chứng thư đã chọn" in caught.value.vi
    assert caught.value.code == "key_mismatch"


def test_wait_for_completes_when_approved(rsa_pair):
    key, cert = rsa_pair
    approval = threading.Event()
    soft = SoftwareKey(key, cert, approval=approval)
    alg = SignatureAlgorithm(Scheme.RSA_PKCS1V15)
    digest = hashlib.sha256(b"later").digest()
    future = soft.sign_digests([digest], alg)
    assert not future.done()  # waiting for the holder
    approval.set()
    assert signature_matches(cert, digest, wait_for(future)[0], alg)
    soft.close()


def test_wait_for_cancel_and_deadline(rsa_pair):
    key, cert = rsa_pair
    soft = SoftwareKey(key, cert, approval=threading.Event())
    alg = SignatureAlgorithm(Scheme.RSA_PKCS1V15)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(SigningCancelled):
        wait_for(soft.sign_digests([b"\0" * 32], alg), cancel=cancel, poll=0.01)
    with pytest.raises(ApprovalTimeout) as caught:
        wait_for(soft.sign_digests([b"\0" * 32], alg), timeout=0.05, poll=0.01)
    assert caught.value.code == "approval_timeout"
    soft.close()  # the pending requests end with the key
