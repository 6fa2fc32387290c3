"""NIST PKITS (Public Key Interoperability Test Suite): every section, 4.1–4.16.

The certificates, CRLs and the expected results (``pkits.json``) are vendored in
``tests/core/trust/pkits`` from pyhanko-certvalidator 0.33.0's source distribution
(``pip download --no-binary :all: pyhanko-certvalidator==0.33.0``, tests/fixtures/nist_pkits;
see the README there). Every case runs through Kyso's own trust check exactly as
``kyso check --json --offline --anchors TrustAnchorRootCertificate.crt --certs … --crl … EE.crt``
does (in-process, for speed), and a handful through the real CLI in a child process.

How a PKITS result maps to a Kyso verdict:

* valid → ``ok``;
* invalid because revocation cannot be established (PKITS' "insufficient" or "stale"
  revocation information) → ``warning`` with a ``revocation_*`` reason: Kyso's offline
  desktops say "revocation not checked", never "valid";
* any other invalid result (bad signature, name chaining, validity, basic constraints, key
  usage, name constraints, revoked) → ``failed``.

Where Kyso deliberately differs (listed in :data:`DEVIATIONS`, each with its expected Kyso
verdict and why) the test asserts that verdict exactly. No case is skipped: the DSA keys of
4.1.5 that inherit their parameters, which ``cryptography`` cannot load, are read by
:mod:`kyso.core.certs.dsa_inherited`.

The policy sections 4.8–4.12 run with PKITS' default inputs (initial policy set anyPolicy,
explicit policy not required, mapping and anyPolicy not inhibited) — the inputs Kyso
validates with; policy processing itself is pyhanko-certvalidator's (see
:mod:`kyso.core.trust.pkix`). The 33 variants that need other inputs (a user policy set,
initial-explicit-policy, …) are not vendored, since Kyso has no such setting:
:data:`NOT_VENDORED`.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.utils import CryptographyDeprecationWarning

from kyso.core.certs.files import parse_certificates
from kyso.core.certs.x509util import display_name
from kyso.core.settings import Settings
from kyso.core.trust.anchors import load_anchors
from kyso.core.trust.checker import TrustChecker
from kyso.core.trust.revocation import RevocationCache, load_crl_files
from kyso.core.verify.conclusion import CHAIN_BROKEN, CHAIN_MISSING, conclude
from kyso.core.verify.modifications import Modifications
from kyso.core.verify.report import COVERAGE_ENTIRE_FILE, MOD_NONE, SignatureResult
from tests.conftest import kyso_cli_env, kyso_cmd

PKITS = Path(__file__).parent / "pkits"
ROOT = PKITS / "certs" / "TrustAnchorRootCertificate.crt"
ROOT_CRL = PKITS / "crls" / "TrustAnchorRootCRL.crl"
NOW = dt.datetime(2022, 5, 1, tzinfo=dt.timezone.utc)
"""Inside every PKITS validity window (the data expire on 2030-12-31)."""

CASES: list[dict[str, Any]] = json.loads((PKITS / "pkits.json").read_text(encoding="utf-8"))

_CA_AS_SIGNER = (
    "failed",
    ["signer_is_ca"],
    "the PKITS end entity is itself a CA certificate; Kyso refuses a CA certificate as a "
    "document signer (issue 21), everything else on the path is clean",
)
DEVIATIONS: dict[str, tuple[str, list[str] | None, str]] = {
    "40608": _CA_AS_SIGNER,
    "40806": _CA_AS_SIGNER,
    "40614": _CA_AS_SIGNER,
    "41413": _CA_AS_SIGNER,
    "41411": (
        "failed",
        ["signer_is_ca", "revocation_invalid"],
        "the end entity is a CA certificate (refused as a signer) and its only CRL covers "
        "user certificates (so its revocation is not proven either); PKITS: invalid",
    ),
}
"""PKITS id → (Kyso's verdict, its exact reason codes or None, why it differs)."""

NOT_VENDORED: tuple[str, ...] = (
    "40801-all_certs_same_policy_test1_explicit_policy",
    "40801-all_certs_same_policy_test1_with_constraints1",
    "40801-all_certs_same_policy_test1_with_constraint_mismatch",
    "40801-all_certs_same_policy_test1_with_constraint_mismatch_ignored",
    "40801-all_certs_same_policy_test1_with_constraints2",
    "40802-all_certificates_no_policies_test2_force_explicit",
    "40803-different_policies_test3_force_explicit",
    "40803-different_policies_test3_force_explicit_with_user_set",
    "40806-overlapping_policies_test6_with_testpol1",
    "40806-overlapping_policies_test6_with_testpol2",
    "40806-overlapping_policies_test6_with_testpol2_explicit",
    "40810-all_certificates_same_policies_test10_with_testpol1",
    "40810-all_certificates_same_policies_test10_with_testpol2",
    "40811-all_certificates_any_policy_test11_constrained",
    "40813-all_certificates_same_policies_test13_with_testpol1",
    "40813-all_certificates_same_policies_test13_with_testpol2",
    "40813-all_certificates_same_policies_test13_with_testpol3",
    "40813-all_certificates_same_policies_test13_with_testpol1_2",
    "40814-any_policy_test14_with_testpol1",
    "40814-any_policy_test14_with_testpol1_2",
    "40814-any_policy_test14_with_testpol2",
    "41001-valid_policy_mapping_test2_with_testpol1",
    "41001-valid_policy_mapping_test2_with_testpol2",
    "41001-valid_policy_mapping_test2_inhibit_mapping",
    "41001-valid_policy_mapping_test2_inhibit_mapping_testpol1",
    "41002-invalid_policy_mapping_test2_inhibit_mapping",
    "41003-valid_policy_mapping_test3_with_testpol1",
    "41003-valid_policy_mapping_test3_with_testpol2",
    "41005-valid_policy_mapping_test5_with_testpol1",
    "41005-valid_policy_mapping_test5_with_testpol6",
    "41006-valid_policy_mapping_test6_with_testpol1",
    "41006-valid_policy_mapping_test6_with_testpol6",
    "41203-inhibit_any_policy_test3_initial_inhibit",
)
"""PKITS cases that need validation inputs Kyso never sets (user-initial-policy-set,
initial-explicit-policy, initial-policy-mapping-inhibit, initial-any-policy-inhibit)."""

_REVINFO_ERRORS = {"InsufficientRevinfoError", "StaleRevinfoError"}


def expected(case: dict[str, Any]) -> tuple[str, list[str] | None]:
    if case["id"] in DEVIATIONS:
        verdict, reasons, _why = DEVIATIONS[case["id"]]
        return verdict, reasons
    error = case.get("error")
    if error is None:
        return "ok", []
    if error["class"] in _REVINFO_ERRORS:
        return "warning", None
    return "failed", None


def _cert(name: str) -> x509.Certificate:
    with warnings.catch_warnings():
        # PKITS 4.4.15/16 use a negative serial number on purpose
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        # Kyso's own reader: it also takes the DSA keys of 4.1.5 that inherit parameters
        [cert] = parse_certificates((PKITS / "certs" / name).read_bytes())
        return cert


def _params() -> list[Any]:
    out = []
    for case in CASES:
        out.append(pytest.param(case, id=f"{case['id']}-{case['name']}"))
    return out


@pytest.fixture(scope="module")
def anchors():
    return load_anchors(override=ROOT)


@pytest.mark.parametrize("case", _params())
def test_pkits(case: dict[str, Any], anchors, tmp_path: Path) -> None:
    crls = load_crl_files([ROOT_CRL, *(PKITS / "crls" / c for c in case.get("crls", []))])
    checker = TrustChecker(Settings(), anchors, RevocationCache(tmp_path / "cache"), crls=crls)
    extra = [_cert(name) for name in case.get("other_certs", [])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        result = checker.check(_cert(case["cert"]), extra_certs=extra, now=NOW, online=False)
    codes = [r.code for r in result.reasons]
    verdict, reasons = expected(case)
    assert result.status == verdict, (case.get("error"), codes)
    if reasons is not None:
        assert codes == reasons
    if verdict == "warning":
        # "not proven" is always about revocation, never a path problem in disguise
        assert codes and all("revocation" in c for c in codes), codes
    if verdict == "ok":
        assert len(result.chain) == case["path_len"]


def test_every_case_is_accounted_for() -> None:
    ids = {c["id"] for c in CASES}
    sections = {i[:3] for i in ids}
    assert sections == {f"4{n:02d}" for n in range(1, 17)}
    assert len(CASES) == 213 and len(NOT_VENDORED) == 33  # 246 in PKITS
    assert set(DEVIATIONS) <= ids
    # the deviations never turn an invalid PKITS path into "ok"
    for case in CASES:
        if "error" in case:
            assert expected(case)[0] != "ok"


CLI_CASES = [
    "40101",
    "40102",
    "40105",
    "40106",
    "40201",
    "40302",
    "40402",
    "40411",
    "40605",
    "41301",
    "41402",
]


@pytest.mark.skipif(
    dt.datetime.now(dt.timezone.utc) > dt.datetime(2030, 12, 31, tzinfo=dt.timezone.utc),
    reason="the PKITS data expire on 2030-12-31; the CLI judges at the real time",
)
@pytest.mark.parametrize("case_id", CLI_CASES)
def test_pkits_through_the_cli(case_id: str, softhsm_store, isolated_home: Path) -> None:
    case = next(c for c in CASES if c["id"] == case_id)
    args = ["check", "--json", "--offline", "--anchors", str(ROOT)]
    for name in case.get("other_certs", []):
        args += ["--certs", str(PKITS / "certs" / name)]
    for name in ["TrustAnchorRootCRL.crl", *case.get("crls", [])]:
        args += ["--crl", str(PKITS / "crls" / name)]
    args.append(str(PKITS / "certs" / case["cert"]))
    proc = subprocess.run(
        kyso_cmd(*args),
        env=kyso_cli_env(softhsm_store, isolated_home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    verdict, _ = expected(case)
    # exit 3 also for the two-tier check: PKITS names are no Vietnamese unit
    assert proc.returncode in ((0, 3) if verdict == "ok" else (3,)), proc.stdout + proc.stderr
    [result] = json.loads(proc.stdout)
    assert result["trust"]["status"] == verdict, result["trust"]["reasons"]
    assert "Traceback" not in proc.stderr


def test_inherited_dsa_key_without_the_ca_that_lends_its_parameters(
    anchors, tmp_path: Path
) -> None:
    """PKITS 4.1.5 without DSACACert: the CA's key stays unreadable, so its signature on the
    end entity cannot be checked — failed, never ok, and no crash; and said as what it is
    (supply “DSA CA”), not as a forged signature."""
    crls = load_crl_files([ROOT_CRL, PKITS / "crls" / "DSAParametersInheritedCACRL.crl"])
    checker = TrustChecker(Settings(), anchors, RevocationCache(tmp_path / "cache"), crls=crls)
    result = checker.check(
        _cert("ValidDSAParameterInheritanceTest5EE.crt"),
        extra_certs=[_cert("DSAParametersInheritedCACert.crt")],
        now=NOW,
        online=False,
    )
    assert result.status == "failed"
    [reason] = result.reasons
    assert reason.code == "issuer_params_missing"
    assert "“DSA CA”" in reason.vi and "“DSA CA”" in reason.en
    assert "Bổ sung chứng thư" in reason.vi and "Supply the certificate" in reason.en
    assert "giả mạo" not in reason.vi and "forged" not in reason.en
    # the path ends at the CA whose key could not be completed (what the message names)
    assert [display_name(c.subject) for c in result.chain] == [
        "Valid DSA Parameter Inheritance EE Certificate Test5",
        "DSA Parameters Inherited CA",
    ]
    # kyso verify, given this trust result for a signer: a missing certificate, so
    # INDETERMINATE NO_CERTIFICATE_CHAIN_FOUND (what pyHanko says), saying what to supply
    res = SignatureResult(field="Sig1", intact=True, crypto_valid=True, coverage=COVERAGE_ENTIRE_FILE,
                          modifications=MOD_NONE)
    chain_ok = len(result.chain) > 1 and not (
        {r.code for r in result.reasons} & (CHAIN_MISSING | CHAIN_BROKEN)
    )  # as kyso.core.verify.validation computes it
    conclude(res, Modifications(MOD_NONE), result, result, None, None, chain_ok)
    assert (res.conclusion, res.sub_indication) == ("INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND")
    assert [f.code for f in res.reasons] == ["issuer_params_missing"]
    assert "Bổ sung chứng thư của “DSA CA”" in res.reasons[0].vi


def test_inherited_dsa_key_resolves_once_the_lending_ca_is_supplied(
    anchors, tmp_path: Path
) -> None:
    """Doing what the message says (supply DSACACert) turns the verdict to ok."""
    crls = load_crl_files(
        [
            ROOT_CRL,
            PKITS / "crls" / "DSACACRL.crl",
            PKITS / "crls" / "DSAParametersInheritedCACRL.crl",
        ]
    )
    checker = TrustChecker(Settings(), anchors, RevocationCache(tmp_path / "cache"), crls=crls)
    result = checker.check(
        _cert("ValidDSAParameterInheritanceTest5EE.crt"),
        extra_certs=[_cert("DSAParametersInheritedCACert.crt"), _cert("DSACACert.crt")],
        now=NOW,
        online=False,
    )
    assert "issuer_params_missing" not in {r.code for r in result.reasons}
    assert result.status == "ok", result.reasons
