"""A P-256 key on a token (issue 20 item 3): SoftHSM2 holds the EC key, Kyso hashes and the
token signs with raw CKM_ECDSA (the mechanism many tokens offer alone); the PDF validates in
pyHanko, pdfsig and ``openssl cms -verify``."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec

from kyso.core.demo.pki import person_name
from kyso.core.keys.base import Scheme
from kyso.core.signing.batch import SignRequest, sign_with_key
from kyso.core.signing.pades import Level, SignOptions
from kyso.core.tokens.key import Pkcs11Key
from kyso.core.tokens.softhsm import KeyObject
from tests.conftest import USER_PIN
from tests.core.tokens.test_key_pairing import KEY_ID, _assert_valid, _build, _cert_obj
from tests.support.signing_fixtures import FixedPin, make_pdf, sign_world_base

__all__ = ["sign_world_base"]


def test_p256_key_on_the_token_signs_a_valid_pdf(tokens, softhsm_module, sign_world_base,
                                                 tmp_path) -> None:
    pki = sign_world_base.certs.pki
    leaf = pki.issue(
        person_name("Phạm Văn EC", title="Chánh Văn phòng", ous=["Văn phòng"],
                    o="UBND tỉnh Hưng Yên", locality="Hưng Yên", uid="CCCD:033190008888"),
        key=ec.generate_private_key(ec.SECP256R1()),
    )
    built = _build(tokens, softhsm_module, sign_world_base,
                   keys=[KeyObject(leaf.key_pkcs8_der(), KEY_ID, "ec")],
                   certs=[_cert_obj(leaf, "ec")])
    key = Pkcs11Key.for_entry(built.module, built.snapshot(), built.entry("ec"),
                              FixedPin(USER_PIN))
    src = make_pdf(tmp_path / "ec.pdf")
    with key:
        report = sign_with_key(key, SignRequest(
            [src], SignOptions(level=Level.B_B),
            chain_pool=[pki.sub_ca.cert, pki.root.cert], trust_roots=[pki.root.cert]))
        assert key.algorithms()[0].scheme is Scheme.ECDSA
        # no public-key object on this token and EC private keys carry no CKA_EC_POINT: the
        # only key under the certificate's CKA_ID, then every signature checked (keys.proof)
        assert key.pairing is not None and key.pairing.how == "key_id"
    assert report.results[0].status == "signed", report.to_json()
    _assert_valid(sign_world_base, report.results[0].output, leaf.cert)
