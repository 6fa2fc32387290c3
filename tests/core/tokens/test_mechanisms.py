"""Choosing the signing mechanism from the token's list; raw CKM_ECDSA on real SoftHSM2."""

from __future__ import annotations

import hashlib

import pytest

from kyso.core.errors import TokenError
from kyso.core.tokens.mechanisms import (
    CKM_ECDSA,
    CKM_ECDSA_SHA256,
    CKM_RSA_PKCS,
    CKM_SHA256_RSA_PKCS,
    CKM_SHA256_RSA_PKCS_PSS,
    choose_signing_mechanism,
    token_mechanisms,
)
from kyso.core.tokens.sessions import login
from kyso.core.tokens.slots import TokenKey, list_tokens

from .test_tokens import Pin


def test_combined_mechanism_preferred_when_offered() -> None:
    c = choose_signing_mechanism({CKM_ECDSA, CKM_ECDSA_SHA256}, "ec")
    assert c.mechanism == CKM_ECDSA_SHA256 and not c.raw and c.name == "CKM_ECDSA_SHA256"
    c = choose_signing_mechanism({CKM_RSA_PKCS, CKM_SHA256_RSA_PKCS}, "rsa")
    assert c.mechanism == CKM_SHA256_RSA_PKCS and not c.raw


def test_raw_ecdsa_when_the_token_offers_only_that() -> None:
    c = choose_signing_mechanism({CKM_ECDSA, CKM_RSA_PKCS}, "ec", "sha256")
    assert c.mechanism == CKM_ECDSA and c.raw and c.name == "CKM_ECDSA"
    c = choose_signing_mechanism({CKM_RSA_PKCS}, "rsa", "sha384")
    assert c.mechanism == CKM_RSA_PKCS and c.raw


def test_nothing_usable_is_a_clear_error() -> None:
    with pytest.raises(TokenError) as info:
        choose_signing_mechanism({CKM_SHA256_RSA_PKCS}, "ec")
    assert info.value.code == "mechanism_unsupported" and "EC (ECDSA)" in info.value.vi
    with pytest.raises(TokenError):  # no raw PSS
        choose_signing_mechanism({CKM_RSA_PKCS}, "rsa-pss")
    assert choose_signing_mechanism({CKM_SHA256_RSA_PKCS_PSS}, "rsa-pss").mechanism == (
        CKM_SHA256_RSA_PKCS_PSS
    )
    # A token that will not list its mechanisms: the combined one, as before.
    assert choose_signing_mechanism(None, "ec").mechanism == CKM_ECDSA_SHA256


def test_raw_ecdsa_p256_signature_on_softhsm(tokens, softhsm_module) -> None:
    """A P-256 key on a real token, signed through raw CKM_ECDSA with the hash made here,
    verified with the public key by `cryptography` (not the code that signed)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    from pkcs11 import Attribute, KeyType, Mechanism
    from pkcs11.util.ec import encode_named_curve_parameters

    tok = tokens.empty()
    list_tokens(softhsm_module)
    offered = token_mechanisms(softhsm_module, tok.serial)
    assert offered and CKM_ECDSA in offered
    # A token without the combined mechanism (as many are): the raw one is chosen.
    choice = choose_signing_mechanism(offered - {CKM_ECDSA_SHA256}, "ec", "sha256")
    assert choice.raw and choice.mechanism == CKM_ECDSA
    message = "Văn bản ký thử bằng ECDSA".encode()
    with login(softhsm_module, TokenKey(softhsm_module.path, tok.serial), Pin(tok.pin)) as s:

        def work(raw):
            params = raw.create_domain_parameters(
                KeyType.EC,
                {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
                local=True,
            )
            pub, priv = params.generate_keypair(store=False)
            digest = hashlib.sha256(message).digest()  # the hash is computed in Kyso
            sig = priv.sign(digest, mechanism=Mechanism(choice.mechanism))
            return bytes(pub[Attribute.EC_POINT]), sig

        ec_point, sig = s.run(work)
    # EC_POINT is a DER OCTET STRING around the uncompressed point.
    assert ec_point[0] == 0x04 and ec_point[2] == 0x04
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), ec_point[2:])
    assert len(sig) == 64  # r || s
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    public.verify(der, message, ec.ECDSA(hashes.SHA256()))  # raises if wrong
