"""A CA certificate that names no revocation service (issue 12, the open decision).

Nobody can check whether such a certificate was revoked; Kyso accepts it as its issuer
certified it (as pyHanko's hard-fail policy does) and reports ``no_source`` — and says so
to the user as a finding, in the verdict text of ``kyso verify``, never silently. The
test PKI's sub-CA is such a CA; the CA of :class:`tests.support.verify_fixtures.PathWorld`
names its CRL and gets no such finding.
"""

from __future__ import annotations

import subprocess

from tests.conftest import kyso_cli_env, kyso_cmd
from tests.support.verify_fixtures import add_dss, make_crl, simple_pdf, verify_world

__all__ = ["verify_world"]


def test_ca_without_revocation_service_is_accepted_and_said(
    verify_world, verifier, tmp_path
) -> None:
    path = tmp_path / "no-service.pdf"
    path.write_bytes(verify_world.sign_bytes(simple_pdf(), level="B-B", field_name="Ky"))
    [sig] = verifier.verify(path).signatures
    # The behaviour kept: the signature passes, the CA is "no_source".
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")
    [ca] = [c for c in sig.path_revocation if c.role == "ca"]
    assert ca.status == "no_source" and ca.no_service
    # ... and the user is told.
    findings = [r for r in sig.reasons if r.code == "revocation_not_checkable"]
    assert len(findings) == 1, [r.code for r in sig.reasons]
    assert ca.subject in findings[0].vi and "không công bố nơi tra cứu thu hồi" in findings[0].vi
    assert "names no revocation service" in findings[0].en
    assert sig.reasons[0].code == "passed"


def test_ca_that_names_its_crl_gets_no_such_finding(verify_world, verifier, tmp_path) -> None:
    vw = verify_world
    assert vw.path is not None
    signed = vw.sign_bytes(simple_pdf(), vw.path.signer, level="B-B", field_name="Ky")
    path = tmp_path / "names-crl.pdf"
    path.write_bytes(
        add_dss(
            signed,
            crls=[vw.path.root_crl(vw.pki), make_crl(vw.path.ca, [], vw.pki.now)],
            certs=[vw.path.ca],
        )
    )
    [sig] = verifier.verify(path).signatures
    [ca] = [c for c in sig.path_revocation if c.role == "ca"]
    assert ca.status == "good" and not ca.no_service
    assert all(r.code != "revocation_not_checkable" for r in sig.reasons), sig.to_json("en")


def test_kyso_verify_text_says_it(
    verify_world, world, softhsm_store, isolated_home, tmp_path
) -> None:
    path = tmp_path / "no-service.pdf"
    path.write_bytes(verify_world.sign_bytes(simple_pdf(), level="B-B", field_name="Ky"))
    proc = subprocess.run(
        kyso_cmd("verify", "--anchors", str(world.anchors_dir), str(path)),
        env=kyso_cli_env(softhsm_store, isolated_home),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "không công bố nơi tra cứu thu hồi" in proc.stdout, proc.stdout
    assert "no_source" not in proc.stdout  # codes stay in the JSON


def test_said_once_for_a_ca_in_two_paths(verify_world, verifier, tmp_path) -> None:
    """B-T: the test sub-CA issues both the signer and the timestamp authority."""
    path = tmp_path / "bt.pdf"
    path.write_bytes(verify_world.sign_bytes(simple_pdf(), level="B-T", field_name="Ky"))
    [sig] = verifier.verify(path).signatures
    no_service = [c for c in sig.path_revocation if c.no_service]
    assert {c.role for c in no_service} == {"ca", "tsa_ca"}
    assert [r.code for r in sig.reasons].count("revocation_not_checkable") == 1
