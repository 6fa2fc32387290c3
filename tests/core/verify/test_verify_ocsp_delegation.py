"""Delegated OCSP responders inside a signed PDF (issue 12), verified by ``kyso verify``.

The signer's only revocation data is an OCSP answer in the DSS, signed not by the CA but by
a responder certificate the CA issued (:mod:`tests.support.ocsp_delegation`; the answers
come from the session's OCSP responder on 127.0.0.1). Verification is offline, so nothing
but the document can answer. Each verdict is compared with pyHanko's validation of the same
file with the same embedded data (revocation required, no fetching).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import subprocess
from pathlib import Path

import pytest
from cryptography.x509.oid import ExtendedKeyUsageOID

from tests.conftest import kyso_cli_env, kyso_cmd
from tests.support.ocsp_delegation import add_ocsp_dss, fetch_ocsp, responder_cert
from tests.support.verify_fixtures import VerifyWorld, _asn1, simple_pdf, verify_world, write_pdfs

__all__ = ["verify_world"]


@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    vw = verify_world
    pki, server = vw.pki, vw.world.ocsp
    leaf, ca = vw.good.issued.cert, pki.sub_ca.cert
    signed = vw.sign_bytes(simple_pdf(), level="B-B", field_name="Ky")

    nocheck = responder_cert(pki, "OCSP uy quyen (TEST)")
    checked = responder_cert(pki, "OCSP uy quyen co kiem tra (TEST)", nocheck=False)
    no_eku = responder_cert(pki, "Khong phai OCSP (TEST)", eku=ExtendedKeyUsageOID.CLIENT_AUTH)
    revoked = responder_cert(pki, "OCSP bi thu hoi (TEST)", nocheck=False)
    pki.revoke(revoked, when=pki.now - dt.timedelta(days=1))

    def about_leaf(responder):
        return fetch_ocsp(server, leaf, ca, responder)

    def about(responder):  # the responder's own status, answered by the CA itself
        return fetch_ocsp(server, responder.cert, ca, None)

    out = {
        "delegated": add_ocsp_dss(signed, [about_leaf(nocheck)]),
        "delegated_checked": add_ocsp_dss(signed, [about_leaf(checked), about(checked)]),
        "responder_without_eku": add_ocsp_dss(signed, [about_leaf(no_eku)]),
        "responder_revoked": add_ocsp_dss(signed, [about_leaf(revoked), about(revoked)]),
    }
    folder = tmp_path_factory.mktemp("ocsp-delegation")
    return write_pdfs(folder, out)


@pytest.fixture(scope="module")
def kyso_json(docs, trust_world, softhsm_store, tmp_path_factory) -> dict[str, dict]:
    home = tmp_path_factory.mktemp("kyso-home")
    (home / "machine.toml").write_text("[settings]\nuse_builtin_modules = false\n")
    folder = next(iter(docs.values())).parent
    proc = subprocess.run(
        kyso_cmd(
            "verify", "--json", "--offline", "--anchors", str(trust_world.anchors_dir), str(folder)
        ),
        env=kyso_cli_env(softhsm_store, home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return {Path(d["file"]).stem: d for d in json.loads(proc.stdout)}


@pytest.fixture
def verifier(verify_world: VerifyWorld, world, tmp_path: Path):
    return verify_world.verifier(tmp_path, online=False)


def pyhanko_verdict(path: Path, root: object) -> tuple[bool, str]:
    """(pyHanko: trusted with revocation checked from the embedded data, its summary)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
    dss = DocumentSecurityStore.read_dss(reader)
    vc = ValidationContext(
        trust_roots=[_asn1(root)],
        ocsps=[bytes(o.get_object().data) for o in dss.ocsps],
        allow_fetching=False,
        revocation_mode="hard-fail",
    )
    status = asyncio.run(async_validate_pdf_signature(reader.embedded_regular_signatures[0], vc))
    return bool(status.intact and status.valid and status.trusted), status.summary()


def test_delegated_responder_answers(docs, kyso_json, verifier, verify_world) -> None:
    for name in ("delegated", "delegated_checked"):
        [sig] = kyso_json[name]["signatures"]
        assert (sig["conclusion"], sig["sub_indication"]) == ("TOTAL_PASSED", None), sig
        assert sig["revocation"]["status"] == "good"
        assert sig["revocation"]["source"] == "embedded"
        assert pyhanko_verdict(docs[name], verify_world.pki.root)[0], name
    # The responder without id-pkix-ocsp-nocheck is itself checked, from the CA's own
    # answer in the DSS; the one with it is not.
    [res] = verifier.verify(docs["delegated_checked"]).signatures
    roles = {c.role: c for c in res.path_revocation}
    assert roles["ocsp_responder"].status == "good" and roles["ocsp_responder"].embedded
    [res] = verifier.verify(docs["delegated"]).signatures
    assert "ocsp_responder" not in {c.role for c in res.path_revocation}


def test_responder_without_ocsp_signing_eku_is_not_believed(docs, kyso_json, verify_world) -> None:
    """A certificate the CA issued for something else may not speak for the CA: its
    answer is ignored, and offline nothing else says whether the signer was revoked."""
    [sig] = kyso_json["responder_without_eku"]["signatures"]
    assert (sig["conclusion"], sig["sub_indication"]) == ("INDETERMINATE", "TRY_LATER"), sig
    assert sig["revocation"]["status"] != "good"
    ok, summary = pyhanko_verdict(docs["responder_without_eku"], verify_world.pki.root)
    assert not ok, summary


def test_revoked_responder_is_not_believed(docs, kyso_json, verifier, verify_world) -> None:
    """The CA revoked its delegated responder before the answer was made: whoever holds
    that key could vouch for any certificate, so its "good" proves nothing."""
    [sig] = kyso_json["responder_revoked"]["signatures"]
    assert (sig["conclusion"], sig["sub_indication"]) == ("INDETERMINATE", "TRY_LATER"), sig
    assert sig["reasons"][0]["code"] == "ocsp_responder_revoked"
    [res] = verifier.verify(docs["responder_revoked"]).signatures
    roles = {c.role: c for c in res.path_revocation}
    assert roles["ocsp_responder"].status == "revoked"
    assert "OCSP" in res.reasons[0].vi and "thu hồi" in res.reasons[0].vi
    # Kyso disagrees with pyHanko 0.38, which trusts the signer on this answer although
    # the CA's own OCSP answer in the same DSS says the responder was revoked a day
    # before; pdfsig does not read DSS revocation data at all. Kyso is right: RFC 6960
    # §4.2.2.2.1 makes the status of a responder without id-pkix-ocsp-nocheck part of
    # the answer's validity, and a revoked responder's key may be in anyone's hands.
    ok, summary = pyhanko_verdict(docs["responder_revoked"], verify_world.pki.root)
    assert ok, summary


def test_responder_revoked_after_the_proof_of_existence_still_counts(
    verify_world, world, tmp_path
) -> None:
    """B-T: the timestamp proves the signature (and the responder's answer fetched with
    it) existed before the CA revoked its responder; the answer keeps its value, as a
    CA revoked after the proof of existence does not undo a signature."""
    import time

    vw = verify_world
    pki, server = vw.pki, vw.world.ocsp
    responder = responder_cert(pki, "OCSP thu hoi sau khi ky (TEST)", nocheck=False)
    signed = vw.sign_bytes(simple_pdf(), level="B-T", field_name="Ky")
    about_leaf = fetch_ocsp(server, vw.good.issued.cert, pki.sub_ca.cert, responder)
    time.sleep(1.5)  # the timestamp's time (whole seconds) is now in the past
    pki.revoke(responder, when=dt.datetime.now(dt.timezone.utc))
    about_responder = fetch_ocsp(server, responder.cert, pki.sub_ca.cert, None)
    path = tmp_path / "revoked-later.pdf"
    path.write_bytes(add_ocsp_dss(signed, [about_leaf, about_responder]))
    [res] = vw.verifier(tmp_path).verify(path).signatures
    roles = {c.role: c for c in res.path_revocation}
    assert roles["ocsp_responder"].status == "revoked"
    assert res.timestamp_time is not None
    assert roles["ocsp_responder"].revoked_at > res.timestamp_time
    assert res.conclusion == "TOTAL_PASSED", res.to_json("en")
    assert res.revocation.source == "embedded"  # the responder's answer was used
    assert all(r.code != "ocsp_responder_revoked" for r in res.reasons)
