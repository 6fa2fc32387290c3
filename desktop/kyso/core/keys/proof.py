"""Proof that a signature was made by the certificate's key.

Every signature value is checked with the certificate's public key before the document
that carries it is written as signed (issue 20): a token holding an old certificate beside
its renewal under one CKA_ID, or a remote service answering for another credential, would
otherwise produce a file that every validator rejects while Kyso says "Đã ký".
"""

from __future__ import annotations

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

from kyso.core.keys.base import KeyMismatchError, Scheme, SignatureAlgorithm

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def hash_algorithm(name: str) -> hashes.HashAlgorithm:
    return _HASHES[name]()


def pss_padding(digest: str) -> padding.PSS:
    """PSS as Kyso signs it: MGF1 with the same hash, salt as long as the digest."""
    h = hash_algorithm(digest)
    return padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size)


def signature_matches(
    certificate: x509.Certificate,
    digest: bytes,
    signature: bytes,
    algorithm: SignatureAlgorithm,
) -> bool:
    """True when ``signature`` over ``digest`` verifies with the certificate's public key."""
    pub = certificate.public_key()
    prehashed = utils.Prehashed(hash_algorithm(algorithm.digest))
    try:
        if isinstance(pub, rsa.RSAPublicKey):
            if algorithm.scheme is Scheme.RSA_PSS:
                pub.verify(signature, digest, pss_padding(algorithm.digest), prehashed)
            elif algorithm.scheme is Scheme.RSA_PKCS1V15:
                pub.verify(signature, digest, padding.PKCS1v15(), prehashed)
            else:
                return False
        elif isinstance(pub, ec.EllipticCurvePublicKey):
            if algorithm.scheme is not Scheme.ECDSA:
                return False
            pub.verify(signature, digest, ec.ECDSA(prehashed))
        else:
            return False
    except (InvalidSignature, ValueError):
        return False
    return True


def check_signature(
    certificate: x509.Certificate,
    digest: bytes,
    signature: bytes,
    algorithm: SignatureAlgorithm,
) -> None:
    """Raise :class:`KeyMismatchError` unless the signature verifies with the certificate."""
    if not signature_matches(certificate, digest, signature, algorithm):
        raise KeyMismatchError(
            "Chữ ký vừa tạo không kiểm tra được bằng khóa công khai của chứng thư. ",
            "The signature just made does not verify with the certificate's public key. ",
        )
