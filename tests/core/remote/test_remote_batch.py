"""One approval for a whole batch (issue 17): two-phase signing against the provider doubles
(real HTTP on 127.0.0.1). Approval requests are counted at the double; every output is
validated by pyHanko and by poppler's pdfsig; a refusal leaves no output of any file; a
batch larger than the provider's limit costs ceil(N / limit) approvals; the pending journal
records each request with all its documents and their temporary outputs."""

from __future__ import annotations

import base64
import json
import math
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from asn1crypto import x509 as ax509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from kyso.core.keys.base import Purpose
from kyso.core.remote.accounts import SecretStore
from kyso.core.remote.csc import CscProvider
from kyso.core.remote.key import RemoteKey
from kyso.core.remote.pending import PendingJournal
from kyso.core.remote.viettel import MySignProvider
from kyso.core.remote.vnpt import MAX_HASHES, SmartCaProvider
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.batch import SignRequest, sign_with_key
from kyso.core.signing.pades import Level, SignOptions
from tests.core.remote.test_providers import Prompter
from tests.support.remote_services import RemoteCredential, RemoteServices
from tests.support.signing_fixtures import make_pdf, sign_world_base

__all__ = ["sign_world_base"]

SMARTCA_SIGN = "/vnpt/csc/signature/signhash"
MYSIGN_SIGN = "/viettel/signatures/signHash"


@pytest.fixture(autouse=True)
def fresh_secrets(memory_keyring):
    SecretStore._memory.clear()
    yield
    SecretStore._memory.clear()


def _services(world, multisign: int = 50, **kw) -> RemoteServices:
    certs = world.certs
    return RemoteServices(
        [RemoteCredential("org", certs.organization, [certs.pki.sub_ca], multisign=multisign,
                          **kw)]
    )


@pytest.fixture
def services(sign_world_base):
    svc = _services(sign_world_base)
    yield svc
    svc.close()


def _smartca(svc: RemoteServices) -> tuple[SmartCaProvider, Prompter]:
    p = SmartCaProvider("vnpt", svc.vnpt_url, user=svc.user, timeout=5, poll_interval=0.05,
                        approval_timeout=20)
    prompter = Prompter(password=svc.password)
    p.login(prompter)
    return p, prompter


def _mysign(svc: RemoteServices) -> tuple[MySignProvider, Prompter]:
    p = MySignProvider("viettel", svc.viettel_url, user=svc.user, client_id=svc.client_id,
                       profile_id="p1", timeout=5, poll_interval=0.05, approval_timeout=20)
    prompter = Prompter(password=svc.client_secret)
    p.login(prompter)
    return p, prompter


def _key(provider, prompter, journal: PendingJournal | None = None) -> RemoteKey:
    return RemoteKey(provider, provider.credentials()[0], prompter, journal=journal)


def _files(folder: Path, n: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [make_pdf(folder / f"công văn {i}.pdf", text=f"Công văn số {i}") for i in range(n)]


def _options(world, level: Level = Level.B_T) -> SignOptions:
    return SignOptions(level=level, tsa_url=world.tsa.url,
                       appearance=AppearanceSpec(Profile.APPROVAL, signer_name="Sở KH&CN"))


def _count(svc: RemoteServices, path: str) -> int:
    return sum(1 for p, _ in svc.requests if p == path)


def _validate(world, path: Path, timestamped: bool = True) -> None:
    vc = ValidationContext(trust_roots=[ax509.Certificate.load(world.root_der)],
                           allow_fetching=False)
    with path.open("rb") as fh:
        status = validate_pdf_signature(PdfFileReader(fh).embedded_signatures[-1], vc)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    if timestamped:
        assert status.timestamp_validity is not None and status.timestamp_validity.valid
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out, out


def _only_inputs(folder: Path, inputs: list[Path]) -> None:
    """Nothing but the inputs: no output, no temporary file, no repaired copy."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in inputs)


@pytest.mark.parametrize("dialect", ["smartca", "mysign"])
def test_five_files_on_one_approval(sign_world_base, services, tmp_path, dialect) -> None:
    world = sign_world_base
    provider, prompter = (_smartca if dialect == "smartca" else _mysign)(services)
    key = _key(provider, prompter)
    files = _files(tmp_path / "in", 5)
    with key:
        report = sign_with_key(key, SignRequest(files, _options(world)))
    assert report.done, report.to_json()
    sign_path = SMARTCA_SIGN if dialect == "smartca" else MYSIGN_SIGN
    assert _count(services, sign_path) == 1  # one request to the phone for the five
    (sent,) = [b for p, b in services.requests if p == sign_path]
    hashes = sent["datas"] if dialect == "smartca" else sent["hash"]
    assert len(hashes) == 5
    # the phone shows the five documents' names, in order
    assert prompter.waits == [([f.name for f in files], 20.0)]
    if dialect == "mysign":
        assert sent["documents"] == [f.name for f in files] and sent["numSignatures"] == 5
    for r in report.results:
        _validate(world, r.output)
    assert not list((tmp_path / "in").glob(".*"))


@pytest.mark.parametrize(("dialect", "mode", "words"), [
    ("smartca", "reject", "từ chối"),
    ("mysign", "reject", "từ chối"),
    ("smartca", "expire", "hết hạn"),
    ("mysign", "expire", "hết hạn"),
])
def test_refused_approval_writes_no_file_of_the_batch(sign_world_base, services, tmp_path,
                                                     dialect, mode, words) -> None:
    world = sign_world_base
    provider, prompter = (_smartca if dialect == "smartca" else _mysign)(services)
    journal = PendingJournal(tmp_path / "data")
    key = _key(provider, prompter, journal)
    services.approval = mode
    files = _files(tmp_path / "in", 5)
    with key:
        report = sign_with_key(key, SignRequest(files, _options(world)))
    assert report.stopped == "refused" and words in report.error.vi
    assert "Không có tệp nào được ký" in report.error.vi
    assert [r.status for r in report.results] == ["failed"] * 5
    assert all(r.error is report.error for r in report.results)
    _only_inputs(tmp_path / "in", files)
    assert _count(services, SMARTCA_SIGN if dialect == "smartca" else MYSIGN_SIGN) == 1
    assert journal.abandoned() == []  # the request ended: its record is gone


def test_a_refusal_stops_the_batch_before_the_next_approval(sign_world_base, tmp_path) -> None:
    """7 files with 2 per approval: the first request is rejected, no second one is sent."""
    world = sign_world_base
    svc = _services(world, multisign=2)
    try:
        provider, prompter = _mysign(svc)
        svc.approval = "reject"
        files = _files(tmp_path / "in", 7)
        with _key(provider, prompter) as key:
            report = sign_with_key(key, SignRequest(files, _options(world, Level.B_B)))
        assert _count(svc, MYSIGN_SIGN) == 1
        assert [r.status for r in report.results] == ["failed"] * 2 + ["not_started"] * 5
        assert report.left == files[2:]
        _only_inputs(tmp_path / "in", files)
    finally:
        svc.close()


def test_mysign_batch_larger_than_the_limit(sign_world_base, tmp_path) -> None:
    """MySign's limit is the credential's multisign (here 2): 5 files → ceil(5/2) = 3
    approvals, each for the documents of its part."""
    world = sign_world_base
    svc = _services(world, multisign=2)
    try:
        provider, prompter = _mysign(svc)
        files = _files(tmp_path / "in", 5)
        with _key(provider, prompter) as key:
            assert key.batch_limit == 2
            report = sign_with_key(key, SignRequest(files, _options(world)))
        assert report.done, report.to_json()
        sent = [b for p, b in svc.requests if p == MYSIGN_SIGN]
        assert len(sent) == math.ceil(5 / 2)
        assert [b["documents"] for b in sent] == [
            [files[0].name, files[1].name], [files[2].name, files[3].name], [files[4].name]
        ]
        for r in report.results:
            _validate(world, r.output)
    finally:
        svc.close()


def _shown(body: dict) -> str:
    """What MySign's phone shows: the base64 ``description``."""
    return base64.b64decode(body["description"]).decode()


def test_each_approval_says_which_part_it_is(sign_world_base, tmp_path) -> None:
    """5 files, MySign multisign 2: three requests, the phone shows "phần 1/3", "2/3", "3/3"
    so the leader knows more follow; a long description is shortened to keep MySign's
    100-character limit, never the part."""
    world = sign_world_base
    svc = _services(world, multisign=2)
    try:
        provider, prompter = _mysign(svc)
        files = _files(tmp_path / "in", 5)
        long_vi = "Ký " + "công văn gửi các sở, ban, ngành và UBND cấp xã " * 4
        purpose = Purpose(long_vi, "Sign")
        with _key(provider, prompter) as key:
            report = sign_with_key(key, SignRequest(files, _options(world, Level.B_B),
                                                    purpose=purpose))
        assert report.done, report.to_json()
        shown = [_shown(b) for p, b in svc.requests if p == MYSIGN_SIGN]
        assert len(shown) == 3
        for k, text in enumerate(shown, start=1):
            assert text.endswith(f"(phần {k}/3)"), text
            assert len(text) < 100
            assert text.startswith("Ký công văn gửi các sở")
    finally:
        svc.close()


def test_one_approval_names_no_part(sign_world_base, services, tmp_path) -> None:
    provider, prompter = _mysign(services)
    files = _files(tmp_path / "in", 2)
    with _key(provider, prompter) as key:
        report = sign_with_key(key, SignRequest(files, _options(sign_world_base, Level.B_B)))
    assert report.done, report.to_json()
    (sent,) = [b for p, b in services.requests if p == MYSIGN_SIGN]
    assert "phần" not in _shown(sent) and _shown(sent).startswith("Ký 2 tệp PDF")


def test_smartca_batch_larger_than_50_hashes(sign_world_base, services, tmp_path) -> None:
    """SmartCA takes at most 50 hashes per transaction: 51 files → 2 approvals (50 + 1)."""
    world = sign_world_base
    provider, prompter = _smartca(services)
    n = MAX_HASHES + 1
    files = _files(tmp_path / "in", n)
    options = SignOptions(level=Level.B_B, appearance=AppearanceSpec(Profile.INVISIBLE))
    with _key(provider, prompter) as key:
        report = sign_with_key(key, SignRequest(files, options))
    assert report.done, report.to_json()
    sent = [b for p, b in services.requests if p == SMARTCA_SIGN]
    assert [len(b["datas"]) for b in sent] == [50, 1]
    assert [b["description"][-10:] for b in sent] == ["(phần 1/2)", "(phần 2/2)"]
    assert len(sent) == math.ceil(n / MAX_HASHES)
    for r in (report.results[0], report.results[49], report.results[50]):
        _validate(world, r.output, timestamped=False)


def test_csc_with_pin_asks_once_per_multisign_part(sign_world_base, tmp_path) -> None:
    """CSC explicit authorization: one PIN and one credentials/authorize per part of
    ``multisign`` documents, the SAD bound to exactly those hashes."""
    world = sign_world_base
    svc = _services(world, multisign=3)
    try:
        provider = CscProvider("bcy", svc.csc_url, user=svc.user, timeout=5)
        prompter = Prompter(password=svc.password, pin="1234")
        provider.login(prompter)
        files = _files(tmp_path / "in", 5)
        with _key(provider, prompter) as key:
            report = sign_with_key(key, SignRequest(files, _options(world)))
        assert report.done, report.to_json()
        authorized = [b for p, b in svc.requests if p == "/csc/v2/credentials/authorize"]
        assert [a["numSignatures"] for a in authorized] == [3, 2]
        assert [a["description"][-10:] for a in authorized] == ["(phần 1/2)", "(phần 2/2)"]
        assert prompter.asked.count("pin") == 2
        for r in report.results:
            _validate(world, r.output)
    finally:
        svc.close()


def test_journal_records_the_batch_while_the_phone_waits(sign_world_base, services,
                                                         tmp_path) -> None:
    """While the holder is asked, one journal record lists the batch's five documents and
    their temporary outputs (which exist then, hidden, never under the final name); after
    approval the record is gone and the outputs are in place."""
    world = sign_world_base
    provider, prompter = _smartca(services)
    journal = PendingJournal(tmp_path / "data")
    services.approval = "manual"
    files = _files(tmp_path / "in", 5)
    out: dict = {}
    with _key(provider, prompter, journal) as key:
        worker = threading.Thread(target=lambda: out.setdefault(
            "report", sign_with_key(key, SignRequest(files, _options(world, Level.B_B),
                                                     purpose=Purpose("Ký 5 công văn", "Sign")))))
        worker.start()
        stop = threading.Event()
        while not (services.transactions or stop.wait(0.05)):
            pass  # until the request is on the phone (a wait, not a timing assert)
        (record,) = [json.loads(p.read_text(encoding="utf-8"))
                     for p in journal.folder.glob("*.json")]
        assert record["documents"] == [f.name for f in files]
        parts = [Path(t) for t in record["temporaries"]]
        assert len(parts) == 5 and all(p.exists() and p.name.endswith(".part") for p in parts)
        assert not list((tmp_path / "in").glob("*.signed.pdf"))
        (sent,) = [b for p, b in services.requests if p == SMARTCA_SIGN]
        assert sent["description"] == "Ký 5 công văn"
        services.approve_all()
        worker.join()
    assert out["report"].done
    assert not list(journal.folder.glob("*.json"))
    assert not any(p.exists() for p in parts)
    assert len(list((tmp_path / "in").glob("*.signed.pdf"))) == 5


def test_abandoned_request_removes_its_temporary_outputs(tmp_path) -> None:
    """A record left by a process that died while waiting: reported once, and the partial
    outputs it lists are deleted (only Kyso's own ``.part`` names)."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    journal = PendingJournal(tmp_path / "data")
    part = tmp_path / ".a.signed.pdf.abcd1234.part"
    part.write_bytes(b"%PDF-1.7 partial")
    keep = tmp_path / "a.pdf"
    keep.write_bytes(b"%PDF-1.7 input")
    record = journal.begin("vnpt", "org", ["a.pdf"], temporaries=[str(part), str(keep)])
    data = json.loads(record.read_text(encoding="utf-8"))
    data["pid"] = int(dead.stdout)
    record.write_text(json.dumps(data), encoding="utf-8")
    (abandoned,) = journal.abandoned()
    assert abandoned.documents == ("a.pdf",)
    assert not part.exists() and keep.exists()
    assert journal.abandoned() == []


def test_a_live_process_keeps_its_temporaries(tmp_path) -> None:
    journal = PendingJournal(tmp_path / "data")
    part = tmp_path / ".a.signed.pdf.abcd1234.part"
    part.write_bytes(b"partial")
    record = journal.begin("vnpt", "org", ["a.pdf"], temporaries=[str(part)])
    data = json.loads(record.read_text(encoding="utf-8"))
    data["pid"] = os.getppid()  # alive: another Kyso still waiting for its phone
    record.write_text(json.dumps(data), encoding="utf-8")
    assert journal.abandoned() == [] and part.exists()


def test_journal_keeps_an_approved_request_until_its_files_are_written(
    sign_world_base, services, tmp_path, monkeypatch
) -> None:
    """The record of an approved request stays while phase 2 embeds and links its files: a
    crash there is reported at the next start (as approved) and its .part files removed;
    after the batch the record is gone."""
    from kyso.core.signing.pades import DocumentSigner

    world = sign_world_base
    provider, prompter = _smartca(services)
    journal = PendingJournal(tmp_path / "data")
    files = _files(tmp_path / "in", 5)
    crash: dict = {}
    original = DocumentSigner.finish_file

    def finish(self, doc, signature):
        if not crash:  # the state a crash in the first embedding would leave behind
            crash["records"] = {p.name: p.read_text(encoding="utf-8")
                                for p in journal.folder.glob("*.json")}
        return original(self, doc, signature)

    monkeypatch.setattr(DocumentSigner, "finish_file", finish)
    with _key(provider, prompter, journal) as key:
        report = sign_with_key(key, SignRequest(files, _options(world, Level.B_B),
                                                purpose=Purpose("Ký", "Sign")))
        assert report.done, report.to_json()
        assert not list(journal.folder.glob("*.json"))  # ended by the batch, not by close
    ((name, text),) = crash["records"].items()
    record = json.loads(text)
    assert record["approved"] is True and record["documents"] == [f.name for f in files]
    # the next start, after that crash: the record is back, with a .part still waiting
    part = Path(record["temporaries"][0])
    part.write_bytes(b"%PDF-1.7 partial")
    (journal.folder / name).write_text(text, encoding="utf-8")
    (abandoned,) = journal.abandoned()
    assert abandoned.approved and not part.exists()
    notice = abandoned.notice()
    assert notice.code == "remote_abandoned" and "was approved" in notice.en


def test_a_round_is_capped_at_50_whatever_multisign_says(sign_world_base) -> None:
    """Each prepared document holds two open files until its round is approved: a CSC
    credential's multisign of 500 still gives rounds of 50."""
    world = sign_world_base
    svc = _services(world, multisign=500)
    try:
        provider = CscProvider("bcy", svc.csc_url, user=svc.user, timeout=5)
        prompter = Prompter(password=svc.password, pin="1234")
        provider.login(prompter)
        credential = provider.credentials()[0]
        assert credential.multisign == 500
        assert provider.max_batch(credential) == 50
        with _key(provider, prompter) as key:
            assert key.batch_limit == 50
    finally:
        svc.close()
