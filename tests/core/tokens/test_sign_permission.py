"""A private key whose CKA_SIGN is false may not sign (PKCS#11 §4.9). Found by a fault
hunter on SoftHSM2:

* a token that holds the certificate's key twice — one object for decryption (CKA_SIGN
  false), one for signing, as some tokens keep them — failed with "Thiết bị ký không ký được
  … Thử lại" whenever the decryption object came first: Kyso paired the first object with
  the certificate's public key, whatever it was allowed to do;
* a key that may not sign at all got the same "try again", which can never help.

Now keys allowed to sign are preferred, and a key that may not sign is said in words before
any signature is asked for (nothing written). The signed output is judged by pdfsig, pyHanko,
``openssl cms`` and endesive.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from kyso.core.errors import KysoError
from kyso.core.signing.batch import SignRequest, sign_with_key
from kyso.core.signing.pades import Level, SignOptions
from kyso.core.tokens.key import Pkcs11Key
from kyso.core.tokens.softhsm import KeyObject, require_softhsm
from tests.conftest import USER_PIN
from tests.core.tokens.test_key_pairing import KEY_ID, Built, _cert_obj, _clerk, _no_output
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import FixedPin, make_pdf, sign_world_base

__all__ = ["sign_world_base"]

# In a child process (this one has loaded the module already): CKA_SIGN false on the first
# private key the token lists, the one a pairing that ignores CKA_SIGN would take.
_FORBID_FIRST = r"""
import json, sys
import pkcs11
from pkcs11 import Attribute, ObjectClass
spec = json.loads(sys.stdin.read())
token = pkcs11.lib(spec["module"]).get_token(token_label=spec["label"])
with token.open(rw=True, user_pin=spec["pin"]) as session:
    first = next(iter(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})))
    first[Attribute.SIGN] = False
    print(first[Attribute.LABEL])
"""


def _forbid_first(tokens: Any, label: str) -> str:
    module, _ = require_softhsm()
    done = subprocess.run(
        [sys.executable, "-c", _FORBID_FIRST],
        input=json.dumps({"module": module, "label": label, "pin": USER_PIN}),
        env=tokens.store.env(), capture_output=True, text=True, check=True,
    )
    return done.stdout.strip()


def _sign(built: Built, tmp_path: Any) -> Any:
    pki = built.world.certs.pki
    key = Pkcs11Key.for_entry(built.module, built.snapshot(), built.entry("c"), FixedPin(USER_PIN))
    with key:
        return sign_with_key(key, SignRequest(
            [make_pdf(tmp_path / "a.pdf")], SignOptions(level=Level.B_B),
            chain_pool=[pki.sub_ca.cert, pki.root.cert], trust_roots=[pki.root.cert],
        )).results[0]


def test_the_copy_allowed_to_sign_signs(tokens, softhsm_module, sign_world_base, tmp_path):
    leaf = _clerk(sign_world_base.certs.pki)
    made = tokens.custom("TWOCOPIES", keys=[
        KeyObject(leaf.key_pkcs8_der(), KEY_ID, "giai-ma"),
        KeyObject(leaf.key_pkcs8_der(), KEY_ID, "ky"),
    ], certs=[_cert_obj(leaf, "c")])
    assert _forbid_first(tokens, made.label) in ("giai-ma", "ky")
    result = _sign(Built(softhsm_module, made.serial, sign_world_base), tmp_path)
    assert result.status == "signed", result.error and result.error.vi
    check_signed_output(result.output, sign_world_base.root_der, tmp_path / "check", signatures=1)


def test_a_key_that_may_not_sign_is_said_in_words(tokens, softhsm_module, sign_world_base,
                                                  tmp_path):
    leaf = _clerk(sign_world_base.certs.pki)
    made = tokens.custom("NOSIGN", keys=[KeyObject(leaf.key_pkcs8_der(), KEY_ID, "k")],
                         certs=[_cert_obj(leaf, "c")])
    _forbid_first(tokens, made.label)
    with pytest.raises(KysoError) as info:
        _sign(Built(softhsm_module, made.serial, sign_world_base), tmp_path)
    assert info.value.code == "key_cannot_sign"
    assert "không được phép ký" in info.value.vi and "Thử lại" not in info.value.vi
    _no_output(tmp_path)
