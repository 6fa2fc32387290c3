"""The remote signing dialects against their test doubles (real HTTP on 127.0.0.1): list,
sign one and a batch, approve late, reject, time out, quota, expired token with refresh,
a dropped connection, wrong PIN, OTP."""

from __future__ import annotations

import hashlib
import threading

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils

from kyso.core.remote.accounts import SecretStore
from kyso.core.remote.csc import CscProvider
from kyso.core.remote.http import RemoteUnavailable
from kyso.core.remote.provider import (
    RemoteAuthFailed,
    RemoteCancelled,
    RemoteCertificateInvalid,
    RemoteExpired,
    RemoteLoginNeeded,
    RemoteQuota,
    RemoteRejected,
    SignRequest,
)
from kyso.core.remote.viettel import MySignProvider, phone_description
from kyso.core.remote.vnpt import SmartCaProvider
from tests.support.remote_services import RemoteCredential, RemoteServices


class Prompter:
    def __init__(self, **answers: str | None) -> None:
        self.answers = answers
        self.asked: list[str] = []
        self.waits: list[tuple[list[str], float]] = []
        self.parts: list[tuple[int, int] | None] = []
        self.finished = 0

    def ask_secret(self, kind: str, prompt_vi: str, prompt_en: str) -> str | None:
        self.asked.append(kind)
        return self.answers.get(kind)

    def waiting_for_approval(self, documents, deadline_s: float, *, part=None) -> None:
        self.waits.append((list(documents), deadline_s))
        self.parts.append(part)

    def approval_finished(self) -> None:
        self.finished += 1


@pytest.fixture
def services(test_pki):
    pki = test_pki.pki
    creds = [
        RemoteCredential("cred-leader", test_pki.leader_province, [pki.sub_ca], multisign=2),
        RemoteCredential("cred-otp", test_pki.organization, [pki.sub_ca], pin=None, otp=True),
    ]
    svc = RemoteServices(creds)
    yield svc
    svc.close()


@pytest.fixture(autouse=True)
def fresh_secrets(memory_keyring):
    SecretStore._memory.clear()
    yield
    SecretStore._memory.clear()


def verifies(cert, digest: bytes, sig: bytes) -> bool:
    try:
        cert.public_key().verify(sig, digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    except Exception:
        return False
    return True


def digests(n: int) -> list[bytes]:
    return [hashlib.sha256(f"văn bản {i}".encode()).digest() for i in range(n)]


def csc(services, **kw) -> CscProvider:
    return CscProvider("bcy", services.csc_url, user=services.user, timeout=5, **kw)


# -- CSC v2 ------------------------------------------------------------------------------
def test_csc_lists_credentials_with_chains(services, test_pki) -> None:
    p = csc(services)
    p.login(Prompter(password=services.password))
    creds = {c.id: c for c in p.credentials()}
    assert creds["cred-leader"].certificate == test_pki.leader_province.cert
    assert creds["cred-leader"].chain == (test_pki.pki.sub_ca.cert,)
    assert creds["cred-leader"].multisign == 2 and creds["cred-leader"].pin
    assert creds["cred-otp"].otp and not creds["cred-otp"].pin


def test_csc_batch_is_split_by_multisign_each_part_authorized(services) -> None:
    p = csc(services)
    prompter = Prompter(password=services.password, pin="1234")
    p.login(prompter)
    cred = next(c for c in p.credentials() if c.id == "cred-leader")
    ds = digests(5)
    sigs = p.sign(SignRequest(cred, ds), prompter)
    assert len(sigs) == 5
    assert all(verifies(cred.certificate, d, s) for d, s in zip(ds, sigs, strict=True))
    authorizations = [b for path, b in services.requests if path.endswith("/authorize")]
    assert [a["numSignatures"] for a in authorizations] == [2, 2, 1]
    assert prompter.asked.count("pin") == 3  # one PIN per authorization, never reused


def test_csc_wrong_pin_is_refused_in_words(services) -> None:
    p = csc(services)
    prompter = Prompter(password=services.password, pin="0000")
    p.login(prompter)
    cred = next(c for c in p.credentials() if c.id == "cred-leader")
    with pytest.raises(RemoteAuthFailed) as err:
        p.sign(SignRequest(cred, digests(1)), prompter)
    assert "mã PIN/OTP" in err.value.vi


def test_csc_otp_flow(services) -> None:
    p = csc(services)
    p.login(Prompter(password=services.password))
    cred = next(c for c in p.credentials() if c.id == "cred-otp")

    class OtpPrompter(Prompter):
        def ask_secret(self, kind, vi, en):
            self.asked.append(kind)
            return services.otp_sent if kind == "otp" else None

    sigs = p.sign(SignRequest(cred, digests(2)), OtpPrompter())
    assert len(sigs) == 2


def test_csc_cancel_at_the_otp_prompt_signs_nothing(services) -> None:
    p = csc(services)
    p.login(Prompter(password=services.password))
    cred = next(c for c in p.credentials() if c.id == "cred-otp")
    with pytest.raises(RemoteCancelled):
        p.sign(SignRequest(cred, digests(1)), Prompter(otp=None))
    assert not any(path.endswith("/signHash") for path, _ in services.requests)


def test_csc_sad_is_bound_to_the_hashes(services) -> None:
    """The double refuses a signHash for hashes the SAD was not issued for; Kyso sends the
    same hashes it authorized (this guards the double, so the other tests mean something)."""
    p = csc(services)
    prompter = Prompter(password=services.password, pin="1234")
    p.login(prompter)
    cred = next(c for c in p.credentials() if c.id == "cred-leader")
    sad = p._authorize(SignRequest(cred, digests(1)), digests(1), ["a"], prompter, None)
    other = SignRequest(cred, digests(3)[2:])
    with pytest.raises(Exception) as err:
        p._sign_hash(other, other.digests, sad, None)
    assert getattr(err.value, "code", "") == "remote_protocol"


def test_csc_oauth_refresh_before_the_token_expires(services) -> None:
    services.token_ttl = 1  # Kyso refreshes a token with under 30 s left before using it
    p = csc(services, oauth=True)
    p.login(Prompter(password=services.password))
    services.token_ttl = 3600
    assert p.credentials()
    grants = [b.get("grant_type") for path, b in services.requests if path.endswith("/token")]
    assert grants == ["password", "refresh_token"]


def test_csc_oauth_refresh_when_the_service_says_expired(services) -> None:
    """The service dropped the token early: 401 → one refresh → the call is retried."""
    p = csc(services, oauth=True)
    p.login(Prompter(password=services.password))
    services.tokens.clear()
    assert p.credentials()
    grants = [b.get("grant_type") for path, b in services.requests if path.endswith("/token")]
    assert grants == ["password", "refresh_token"]
    services.tokens.clear()
    services.refresh_tokens.clear()  # the refresh token expired too (3 months)
    with pytest.raises(RemoteLoginNeeded):
        p.credentials()


def test_csc_login_needed_when_nothing_works(services) -> None:
    p = csc(services)
    with pytest.raises(RemoteLoginNeeded) as err:
        p.credentials()
    assert "kyso remote login bcy" in err.value.vi


def test_csc_quota_and_revoked(services) -> None:
    p = csc(services)
    prompter = Prompter(password=services.password, pin="1234")
    p.login(prompter)
    cred = next(c for c in p.credentials() if c.id == "cred-leader")
    services.quota = 0
    with pytest.raises(RemoteQuota):
        p.sign(SignRequest(cred, digests(1)), prompter)
    services.quota = None
    services.revoked = True
    with pytest.raises(RemoteCertificateInvalid):
        p.sign(SignRequest(cred, digests(1)), prompter)


def test_csc_dropped_connection_is_unavailable_not_a_traceback(services) -> None:
    p = csc(services)
    p.login(Prompter(password=services.password))
    services.drop = True
    with pytest.raises(RemoteUnavailable) as err:
        p.credentials()
    assert "Không kết nối được" in err.value.vi


# -- VNPT SmartCA --------------------------------------------------------------------------
def smartca(services) -> SmartCaProvider:
    return SmartCaProvider("vnpt", services.vnpt_url, user=services.user, timeout=5,
                           poll_interval=0.05, approval_timeout=3)


def test_smartca_batch_on_one_approval(services) -> None:
    p = smartca(services)
    prompter = Prompter(password=services.password)
    p.login(prompter)
    cred = p.credentials()[0]
    ds = digests(7)
    sigs = p.sign(SignRequest(cred, ds, documents=[f"vb{i}.pdf" for i in range(7)]), prompter)
    assert all(verifies(cred.certificate, d, s) for d, s in zip(ds, sigs, strict=True))
    assert len([p for p, _ in services.requests if p.endswith("/signhash")]) == 1
    assert prompter.waits[0][0] == [f"vb{i}.pdf" for i in range(7)]
    assert prompter.finished == 1


def test_smartca_late_approval(services) -> None:
    p = smartca(services)
    prompter = Prompter(password=services.password)
    p.login(prompter)
    cred = p.credentials()[0]
    services.approval = "manual"
    threading.Timer(0.5, services.approve_all).start()
    sigs = p.sign(SignRequest(cred, digests(2)), prompter)
    assert len(sigs) == 2


@pytest.mark.parametrize(("mode", "error"), [("reject", RemoteRejected), ("expire", RemoteExpired)])
def test_smartca_rejected_or_expired(services, mode, error) -> None:
    p = smartca(services)
    prompter = Prompter(password=services.password)
    p.login(prompter)
    cred = p.credentials()[0]
    services.approval = mode
    with pytest.raises(error):
        p.sign(SignRequest(cred, digests(1)), prompter)
    assert prompter.finished == 1  # the waiting dialog is closed whatever happened


def test_smartca_times_out_on_our_deadline_and_cancels(services) -> None:
    p = smartca(services)
    prompter = Prompter(password=services.password)
    p.login(prompter)
    cred = p.credentials()[0]
    services.approval = "manual"
    with pytest.raises(RemoteExpired):
        p.sign(SignRequest(cred, digests(1)), prompter, deadline_s=0.3)
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    with pytest.raises(RemoteCancelled):
        p.sign(SignRequest(cred, digests(1)), prompter, cancel=cancel, deadline_s=30)


def test_smartca_quota(services) -> None:
    p = smartca(services)
    prompter = Prompter(password=services.password)
    p.login(prompter)
    services.quota = 1
    with pytest.raises(RemoteQuota):
        p.sign(SignRequest(p.credentials()[0], digests(2)), prompter)


# -- Viettel MySign ------------------------------------------------------------------------
def mysign(services) -> MySignProvider:
    return MySignProvider("viettel", services.viettel_url, user=services.user,
                          client_id=services.client_id, profile_id="p1", timeout=5,
                          poll_interval=0.05, approval_timeout=3)


def test_mysign_sign_and_statuses(services) -> None:
    p = mysign(services)
    prompter = Prompter(password=services.client_secret)
    p.login(prompter)
    cred = p.credentials()[0]
    ds = digests(3)
    long_text = "Ký văn bản " + "rất dài " * 30
    sigs = p.sign(SignRequest(cred, ds, description=long_text), prompter)
    assert all(verifies(cred.certificate, d, s) for d, s in zip(ds, sigs, strict=True))
    services.revoked = True
    with pytest.raises(RemoteCertificateInvalid):
        p.sign(SignRequest(cred, ds), prompter)
    services.revoked = False
    services.quota = 0
    with pytest.raises(RemoteQuota):
        p.sign(SignRequest(cred, ds), prompter)


def test_mysign_has_no_refresh_so_an_expired_token_asks_for_login(services) -> None:
    p = mysign(services)
    p.login(Prompter(password=services.client_secret))
    services.tokens.clear()  # the service forgot the token (expired)
    with pytest.raises(RemoteLoginNeeded):
        p.credentials()


def test_phone_description_is_under_100_characters() -> None:
    import base64

    text = base64.b64decode(phone_description("Đ" * 300)).decode()
    assert len(text) < 100


def test_phone_text_keeps_the_part_when_shortened(test_pki) -> None:
    from kyso.core.remote.provider import Credential

    cred = Credential("c", test_pki.leader_province.cert)
    long = SignRequest(cred, digests(1), description="Đ" * 300, part=(2, 3))
    assert long.phone_text(100).endswith("… (phần 2/3)") and len(long.phone_text(100)) < 100
    assert long.phone_text(None).endswith("Đ (phần 2/3)")
    assert SignRequest(cred, digests(1), description="Ký").phone_text(100) == "Ký"
    assert SignRequest(cred, digests(1)).phone_text(100) == "Kyso"
    # a provider splitting request 2 of 3 into two requests: 2/4 and 3/4
    assert long.phone_text(None, chunk=(2, 2)).endswith("(phần 3/4)")
    assert SignRequest(cred, digests(1), description="Ký").phone_text(
        100, chunk=(1, 3)) == "Ký (phần 1/3)"


def test_mysign_split_by_the_provider_names_each_part(services) -> None:
    """A request larger than multisign split by the provider itself: each approval on the
    phone says which part it is, under 100 characters."""
    import base64

    p = mysign(services)
    prompter = Prompter(password=services.client_secret)
    p.login(prompter)
    cred = next(c for c in p.credentials() if c.id == "cred-leader")
    sigs = p.sign(SignRequest(cred, digests(5), description="Ký " + "văn bản " * 20), prompter)
    assert len(sigs) == 5
    shown = [base64.b64decode(b["description"]).decode()
             for path, b in services.requests if path.endswith("/signatures/signHash")]
    assert [t[-10:] for t in shown] == ["(phần 1/3)", "(phần 2/3)", "(phần 3/3)"]
    assert all(len(t) < 100 for t in shown)
    # the waiting dialog is told the same part the phone shows
    assert prompter.parts == [(1, 3), (2, 3), (3, 3)]
    # a batch's part 2 of 2 split in two by the provider: parts 2 and 3 of 3
    prompter.parts.clear()
    p.sign(SignRequest(cred, digests(3), part=(2, 2)), prompter)
    assert prompter.parts == [(2, 3), (3, 3)]
    prompter.parts.clear()
    p.sign(SignRequest(cred, digests(1)), prompter)
    assert prompter.parts == [None]  # the only request: no part said
