"""Tokens and certificates on a real SoftHSM2 module."""

from __future__ import annotations

from kyso.core.tokens.sessions import login
from kyso.core.tokens.slots import TokenKey, list_tokens, read_certificates
from kyso.core.tokens.softhsm import CertObject, KeyObject


class Pin:
    """A prompter that answers with a fixed PIN and counts how often it was asked."""

    def __init__(self, pin: str | None) -> None:
        self.pin = pin
        self.asked = 0
        self.requests: list = []

    def ask_pin(self, request):
        self.asked += 1
        self.requests.append(request)
        return self.pin

    def pinpad_started(self, request) -> None:  # pragma: no cover - no pinpad in SoftHSM2
        pass

    def pinpad_finished(self) -> None:  # pragma: no cover
        pass


def _snapshot(module, serial):
    return next(s for s in list_tokens(module) if s.info.serial == serial)


def test_token_info_and_certificates(tokens, softhsm_module, test_pki) -> None:
    tok = tokens.demo(test_pki)
    snap = _snapshot(softhsm_module, tok.serial)
    assert snap.info.label == tok.label
    assert snap.info.manufacturer == "SoftHSM project"
    assert snap.info.model.startswith("SoftHSM")
    assert not snap.info.pin.locked and snap.info.pin.initialized
    users = snap.user_certificates()
    cas = snap.ca_certificates()
    assert len(users) == len(test_pki.leaves()) == 6 and len(cas) == 2
    leader = next(c for c in users if c.label == "leader")
    assert leader.details is not None
    assert "UBND huyện Vũ Thư" in leader.details.subject
    assert (
        leader.details.sha256
        == test_pki.leader.cert.fingerprint(
            __import__("cryptography.hazmat.primitives.hashes", fromlist=["SHA256"]).SHA256()
        ).hex()
    )
    assert "digital_signature" in leader.details.key_usage
    assert leader.key_id == bytes([0x11])
    # SoftHSM2 hides CKA_PRIVATE keys before login, like Bit4id: unknown, not "no".
    assert leader.has_private_key is None
    data = snap.to_json()
    assert data["serial"] == tok.serial and data["pin"]["locked"] is False
    c = next(c for c in data["certificates"] if c["label"] == "leader")
    assert c["subject"].startswith("UID=CCCD:034080001234,CN=Nguyễn Văn An,T=Chủ tịch")
    assert c["has_private_key"] is None and c["is_ca"] is False


def test_after_login_keys_are_known(tokens, softhsm_module, test_pki) -> None:
    tok = tokens.custom(
        keys=[KeyObject(test_pki.leader.key_pkcs8_der(), b"\x01", "k1")],
        certs=[
            CertObject(test_pki.leader.der, b"\x01", "with-key"),
            CertObject(test_pki.organization.der, b"\x02", "without-key"),
        ],
    )
    _snapshot(softhsm_module, tok.serial)  # make the module see it
    session = login(softhsm_module, TokenKey(softhsm_module.path, tok.serial), Pin(tok.pin))
    with session:
        flags = session.info.flags
        entries = session.run(lambda raw: read_certificates(raw, flags))
    by_label = {e.label: e for e in entries}
    assert by_label["with-key"].has_private_key is True
    assert by_label["without-key"].has_private_key is False


def test_visible_keys_are_matched_before_login(tokens, softhsm_module, test_pki) -> None:
    tok = tokens.custom(
        keys=[KeyObject(test_pki.leader.key_pkcs8_der(), b"\x01", "k1", private=False)],
        certs=[
            CertObject(test_pki.leader.der, b"\x01", "with-key"),
            CertObject(test_pki.organization.der, b"\x02", "without-key"),
        ],
    )
    snap = _snapshot(softhsm_module, tok.serial)
    by_label = {c.label: c for c in snap.certificates}
    assert by_label["with-key"].has_private_key is True
    assert by_label["without-key"].has_private_key is False


def test_garbage_certificate_is_listed_as_unreadable(tokens, softhsm_module, test_pki) -> None:
    tok = tokens.custom(
        certs=[
            CertObject(b"\x30\x03garbage", b"\x09", "broken"),
            CertObject(test_pki.organization.der, b"\x02", "good"),
        ]
    )
    snap = _snapshot(softhsm_module, tok.serial)
    by_label = {c.label: c for c in snap.certificates}
    assert not by_label["broken"].readable and by_label["broken"].error
    assert by_label["good"].readable
    assert snap.to_json()["certificates"][0]["subject"] in (None, by_label["good"].details.subject)


def test_token_without_certificates(tokens, softhsm_module) -> None:
    tok = tokens.empty()
    snap = _snapshot(softhsm_module, tok.serial)
    assert snap.certificates == [] and snap.error is None
