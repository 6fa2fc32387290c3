"""Two-phase signing in the batch (issue 17): documents are prepared (pyHanko's interrupted
signing), the key is asked once for a round of ``batch_limit`` digests, then each signature is
embedded and the file read back and linked into place. Exercised with the in-memory key of
the test PKI acting as a service (several digests per request); every output is validated by
pyHanko and by poppler's pdfsig."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest
from asn1crypto import x509 as ax509
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from kyso.core.keys.base import ApprovalRefused
from kyso.core.keys.software import SoftwareKey
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.batch import SignRequest, sign_with_key
from kyso.core.signing.pades import DocumentSigner, Level, SignOptions
from tests.support.signing_fixtures import make_pdf, sign_world_base

__all__ = ["sign_world_base"]


class _Refusing(SoftwareKey):
    """A service whose holder rejects the request."""

    home = "remote:test"
    extra_signatures_free = False

    def sign_digests(self, digests, algorithm):
        import concurrent.futures

        self.requests.append(len(digests))
        refused: concurrent.futures.Future = concurrent.futures.Future()
        refused.set_exception(ApprovalRefused("Từ chối trên điện thoại.", "Rejected.",
                                              code="remote_rejected"))
        return refused


def _key(world, *, cls=SoftwareKey, name="leader_province", cert_of=None, **kw):
    pki = world.certs.pki
    return cls(getattr(world.certs, name).key, getattr(world.certs, cert_of or name).cert,
               [pki.sub_ca.cert, pki.root.cert], **kw)


def _files(folder: Path, n: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [make_pdf(folder / f"tờ trình {i}.pdf", text=f"Tờ trình số {i}") for i in range(n)]


def _valid(world, path: Path) -> None:
    vc = ValidationContext(trust_roots=[ax509.Certificate.load(world.root_der)],
                           allow_fetching=False)
    with path.open("rb") as fh:
        status = validate_pdf_signature(PdfFileReader(fh).embedded_signatures[0], vc)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out, out


def _nothing_but(folder: Path, files: list[Path]) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(f.name for f in files)


def test_rounds_of_batch_limit_one_request_each(sign_world_base, tmp_path) -> None:
    world = sign_world_base
    key = _key(world, batch_limit=3)
    files = _files(tmp_path / "in", 7)
    seen = []
    options = SignOptions(level=Level.B_T, tsa_url=world.tsa.url,
                          appearance=AppearanceSpec(Profile.APPROVAL, signer_name="Trần Thị Bình"))
    report = sign_with_key(key, SignRequest(files, options,
                                            on_file=lambda i, r: seen.append(i)))
    assert report.done, report.to_json()
    assert [c for c, _ in key.authorizations] == [7]  # one authorization for the batch
    assert key.requests == [3, 3, 1]  # one request per round of batch_limit documents
    assert [n for n, _, _ in key.named] == [
        [f.name for f in files[:3]], [f.name for f in files[3:6]], [files[6].name]
    ]
    assert all(len(t) == len(n) for n, _, t in key.named)  # the temporaries, one per name
    assert key.parts == [(1, 3), (2, 3), (3, 3)]  # "phần k/n" on the phone
    assert seen == list(range(7))
    for r in report.results:
        _valid(world, r.output)
    assert not list((tmp_path / "in").glob(".*"))


def test_a_token_like_key_keeps_one_document_per_request(sign_world_base, tmp_path) -> None:
    key = _key(sign_world_base)
    report = sign_with_key(key, SignRequest(_files(tmp_path / "in", 3), SignOptions()))
    assert report.done and key.requests == [1, 1, 1]


def test_failed_preparation_does_not_shift_the_names(sign_world_base, tmp_path) -> None:
    """A file that cannot be prepared is reported at once; the request carries exactly the
    other files' digests, named right."""
    world = sign_world_base
    key = _key(world, batch_limit=5)
    files = _files(tmp_path / "in", 4)
    files[1].write_bytes(b"not a pdf at all")
    report = sign_with_key(key, SignRequest(files, SignOptions()))
    assert [r.status for r in report.results] == ["signed", "failed", "signed", "signed"]
    assert report.results[1].error.code == "not_pdf"
    assert key.requests == [3]
    assert key.named[0][0] == [files[0].name, files[2].name, files[3].name]
    assert key.parts == [None]  # one request: no "phần k/n"


def test_container_too_small_is_prepared_again(sign_world_base, tmp_path, monkeypatch) -> None:
    """A container that did not fit after the signature came back: the documents are prepared
    again with more room and signed again (one more request), the outputs are valid."""
    world = sign_world_base
    monkeypatch.setattr(DocumentSigner, "first_reserve", lambda self, level: 600)
    key = _key(world, batch_limit=3)
    key.extra_signatures_free = True  # no approval margin: the 600 is really tried
    files = _files(tmp_path / "in", 3)
    report = sign_with_key(key, SignRequest(
        files, SignOptions(level=Level.B_T, tsa_url=world.tsa.url)))
    assert report.done, report.to_json()
    assert key.requests == [3, 3]
    for r in report.results:
        _valid(world, r.output)
    assert not list((tmp_path / "in").glob(".*"))


def test_refused_round_writes_nothing_and_stops(sign_world_base, tmp_path) -> None:
    key = _key(sign_world_base, cls=_Refusing, batch_limit=2)
    files = _files(tmp_path / "in", 5)
    report = sign_with_key(key, SignRequest(files, SignOptions()))
    assert report.stopped == "refused" and report.error.code == "remote_rejected"
    assert [r.status for r in report.results] == ["failed", "failed"] + ["not_started"] * 3
    assert key.requests == [2]  # nothing more asked of the holder
    _nothing_but(tmp_path / "in", files)


def test_mismatch_in_a_round_writes_nothing(sign_world_base, tmp_path) -> None:
    key = _key(sign_world_base, name="leader", cert_of="leader_province", batch_limit=3)
    files = _files(tmp_path / "in", 4)
    report = sign_with_key(key, SignRequest(files, SignOptions()))
    assert report.stopped == "key_mismatch"
    assert [r.status for r in report.results][:3] == ["failed"] * 3
    assert report.results[3].status == "not_started"
    _nothing_but(tmp_path / "in", files)


def test_cancel_while_a_round_waits_leaves_nothing(sign_world_base, tmp_path) -> None:
    approval, cancel = threading.Event(), threading.Event()
    key = _key(sign_world_base, approval=approval, batch_limit=3)
    files = _files(tmp_path / "in", 4)
    out: dict = {}
    worker = threading.Thread(target=lambda: out.setdefault(
        "report", sign_with_key(key, SignRequest(files, SignOptions(), cancel=cancel))))
    worker.start()
    stop = threading.Event()
    while not key.requests and not stop.wait(0.01):
        pass
    # the round is prepared: its temporaries exist, nothing under a final name
    assert len(list((tmp_path / "in").glob(".*.part"))) == 3
    cancel.set()
    worker.join()
    key.close()
    report = out["report"]
    assert report.stopped == "cancelled"
    assert [r.status for r in report.results] == ["interrupted"] * 3 + ["not_started"]
    assert report.left == files
    _nothing_but(tmp_path / "in", files)


@pytest.mark.parametrize("level", [Level.B_LT, Level.B_LTA])
def test_long_term_levels_in_a_round(sign_world_base, tmp_path, level) -> None:
    """B-LT/B-LTA: the validation data and the document timestamp are added in phase 2."""
    world = sign_world_base
    key = _key(world, batch_limit=2)
    files = _files(tmp_path / "in", 2)
    root = x509.load_der_x509_certificate(world.root_der)
    report = sign_with_key(key, SignRequest(
        files, SignOptions(level=level, tsa_url=world.tsa.url), trust_roots=[root]))
    assert report.done, report.to_json()
    assert key.requests == [2]
    for r in report.results:
        _valid(world, r.output)
        with r.output.open("rb") as fh:
            reader = PdfFileReader(fh)
            assert "/DSS" in reader.root
            if level is Level.B_LTA:
                assert reader.embedded_signatures[-1].sig_object["/Type"] == "/DocTimeStamp"


def _closed_port_url() -> str:
    """A TSA address nothing answers at (a port bound, then closed)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"


def test_tsa_down_after_approval_stops_before_the_next_request(sign_world_base,
                                                               tmp_path) -> None:
    """The TSA is reached only in phase 2, after the approval: when it fails there the
    batch asks the holder nothing more (each further round would fail the same way after
    costing an approval); the files after the round are left, the message says why."""
    key = _key(sign_world_base, batch_limit=2)
    key.extra_signatures_free = False  # every request is an approval on the phone
    files = _files(tmp_path / "in", 5)
    report = sign_with_key(key, SignRequest(files, SignOptions(
        level=Level.B_T, tsa_url=_closed_port_url(), network_timeout=2)))
    assert key.requests == [2]  # one approval, not three
    assert report.stopped == "tsa_failed" and report.error.code == "tsa_failed"
    assert "after the signing request was approved" in report.error.en
    assert "B-B" in report.error.vi
    assert [r.status for r in report.results] == ["failed"] * 2 + ["not_started"] * 3
    assert all(r.error.code == "tsa_failed" for r in report.results[:2])
    assert report.left == files[2:]
    assert not report.done
    _nothing_but(tmp_path / "in", files)


def test_tsa_down_on_a_token_goes_on(sign_world_base, tmp_path) -> None:
    """A token's signatures cost no approval: each file gets its TSA error, as before."""
    key = _key(sign_world_base)
    files = _files(tmp_path / "in", 3)
    report = sign_with_key(key, SignRequest(files, SignOptions(
        level=Level.B_T, tsa_url=_closed_port_url(), network_timeout=2)))
    assert report.stopped is None and key.requests == [1, 1, 1]
    assert [r.error.code for r in report.results] == ["tsa_failed"] * 3


def test_same_output_twice_fails_before_any_request(sign_world_base, tmp_path) -> None:
    """a/x.pdf and b/x.pdf into one out_dir: the second fails with output_exists before it
    is prepared, so the request carries only the first (no approval spent on it)."""
    key = _key(sign_world_base, batch_limit=3)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = make_pdf(tmp_path / "a" / "x.pdf", text="một")
    b = make_pdf(tmp_path / "b" / "x.pdf", text="hai")
    c = make_pdf(tmp_path / "a" / "y.pdf", text="ba")
    out = tmp_path / "out"
    report = sign_with_key(key, SignRequest([a, b, c, a], SignOptions(out_dir=out)))
    assert key.requests == [2]
    assert key.named[0][0] == ["x.pdf", "y.pdf"]
    assert [r.status for r in report.results] == ["signed", "failed", "signed", "failed"]
    assert [r.error.code for r in report.results if r.error] == ["output_exists"] * 2
    assert str(a) in report.results[1].error.vi
    _valid(sign_world_base, out / "x.signed.pdf")
    assert sorted(p.name for p in out.iterdir()) == ["x.signed.pdf", "y.signed.pdf"]


class _Shuffling(SoftwareKey):
    """A service that answers with the signatures in reverse order."""

    def sign_digests(self, digests, algorithm):
        import concurrent.futures

        done: concurrent.futures.Future = concurrent.futures.Future()
        done.set_result(list(reversed(super().sign_digests(digests, algorithm).result())))
        return done


def test_signatures_out_of_order_are_matched_to_their_digests(sign_world_base,
                                                              tmp_path) -> None:
    world = sign_world_base
    key = _key(world, cls=_Shuffling, batch_limit=3)
    files = _files(tmp_path / "in", 3)
    report = sign_with_key(key, SignRequest(files, SignOptions()))
    assert report.done, report.to_json()
    for r in report.results:
        _valid(world, r.output)


class _OneForeign(SoftwareKey):
    """A service whose answer holds one signature no digest of the request verifies."""

    def sign_digests(self, digests, algorithm):
        import concurrent.futures

        values = super().sign_digests(digests, algorithm).result()
        values[1] = super().sign_digests([b"\x01" * 32], algorithm).result()[0]
        done: concurrent.futures.Future = concurrent.futures.Future()
        done.set_result(list(reversed(values)))
        return done


def test_a_signature_matching_no_digest_is_still_a_mismatch(sign_world_base,
                                                            tmp_path) -> None:
    key = _key(sign_world_base, cls=_OneForeign, batch_limit=3)
    files = _files(tmp_path / "in", 3)
    report = sign_with_key(key, SignRequest(files, SignOptions()))
    assert report.stopped == "key_mismatch"
    _nothing_but(tmp_path / "in", files)


def test_a_corrupt_document_timestamp_is_not_kept(sign_world_base, tmp_path,
                                                  monkeypatch) -> None:
    """B-LTA: one digit flipped in the document timestamp's CMS (the signature itself
    intact) makes the read-back refuse the file."""
    from kyso.core.signing import pades

    world = sign_world_base
    cls = pades._post_signature_class()
    original = cls.post_signature_processing

    async def corrupt(self, output, chunk_size=pades.CHUNK_SIZE):
        await original(self, output, chunk_size)
        output.seek(0)
        data = output.read()
        pos = data.rfind(b"/Contents <") + len(b"/Contents <") + 300
        output.seek(pos)
        output.write(b"0" if data[pos:pos + 1] != b"0" else b"1")
        output.seek(0, 2)

    monkeypatch.setattr(cls, "post_signature_processing", corrupt)
    key = _key(world, batch_limit=1)
    files = _files(tmp_path / "in", 1)
    root = x509.load_der_x509_certificate(world.root_der)
    report = sign_with_key(key, SignRequest(
        files, SignOptions(level=Level.B_LTA, tsa_url=world.tsa.url), trust_roots=[root]))
    assert report.results[0].status == "failed"
    assert report.results[0].error.code == "output_unreadable"
    _nothing_but(tmp_path / "in", files)
