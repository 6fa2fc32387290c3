"""Whole-path revocation (issue 12): every certificate a signature rests on is checked.

The documents are signed by a signer under a CA that, like VGCA's, names the root's CRL as
its revocation source (:class:`tests.support.verify_fixtures.PathWorld`); the timestamp
comes from the test TSA. Each verdict is compared with pyHanko's own validation of the
same file with the same data (the DSS, no fetching, revocation data required) and, for the
signed bytes, with poppler's ``pdfsig``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest

from tests.support.verify_fixtures import (
    VerifyWorld,
    _asn1,
    add_dss,
    make_crl,
    simple_pdf,
    verify_world,
)

__all__ = ["verify_world"]
UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def path_docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory):
    vw = verify_world
    assert vw.path is not None
    pki = vw.pki
    folder = tmp_path_factory.mktemp("paths")
    signed = vw.sign_bytes(simple_pdf(), vw.path.signer, level="B-T", field_name="KyDuongDan")
    tsa_crl = vw.pki.make_crl().public_bytes(_der_encoding())
    revoked_before = pki.now - dt.timedelta(days=2)
    docs = {
        # The root's CRL in the DSS revokes the signer's CA two days before signing.
        "ca_revoked": add_dss(
            signed,
            crls=[vw.path.root_crl(pki, revoke_ca_at=revoked_before), vw.path.ca_crl(pki), tsa_crl],
            certs=[vw.path.ca, pki.sub_ca],
        ),
        # The DSS holds the signer's CRL (and the TSA's), nothing for the signer's CA.
        "partial_dss": add_dss(
            signed, crls=[vw.path.ca_crl(pki), tsa_crl], certs=[vw.path.ca, pki.sub_ca]
        ),
        # The signer's path is covered; nothing for the timestamp authority.
        "no_tsa_data": add_dss(
            signed,
            crls=[vw.path.root_crl(pki), vw.path.ca_crl(pki)],
            certs=[vw.path.ca, pki.sub_ca],
        ),
        # The sub-CA's CRL in the DSS revokes the timestamp authority before the timestamp.
        "tsa_revoked": add_dss(
            signed,
            crls=[
                vw.path.root_crl(pki),
                vw.path.ca_crl(pki),
                make_crl(pki.sub_ca, [(vw.tsa.cert.cert.serial_number, revoked_before)], pki.now),
            ],
            certs=[vw.path.ca, pki.sub_ca],
        ),
        # Everything B-LT needs.
        "full_dss": add_dss(
            signed,
            crls=[vw.path.root_crl(pki), vw.path.ca_crl(pki), tsa_crl],
            certs=[vw.path.ca, pki.sub_ca],
        ),
    }
    out = {}
    for name, data in docs.items():
        out[name] = folder / f"{name}.pdf"
        out[name].write_bytes(data)
    return out


def _der_encoding():
    from cryptography.hazmat.primitives import serialization

    return serialization.Encoding.DER


def pyhanko_verdict(vw: VerifyWorld, path: Path) -> tuple[bool, bool]:
    """pyHanko's (intact and valid, trusted) with only the document's own data and
    revocation data *required* for every certificate (what ``adesverify`` asks of B-LT)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
    [sig] = reader.embedded_regular_signatures
    vc = DocumentSecurityStore.read_dss(reader).as_validation_context(
        {
            "trust_roots": [_asn1(vw.pki.root)],
            "allow_fetching": False,
            "revocation_mode": "require",
        }
    )
    status = asyncio.run(async_validate_pdf_signature(sig, vc, skip_diff=True))
    return bool(status.intact and status.valid), bool(status.trusted)


def pyhanko_ades(vw: VerifyWorld, path: Path) -> str:
    """pyHanko's ETSI AdES process (EN 319 102-1 §5.6.3, as ``adesverify``), local data
    only, revocation data required: its indication."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.ades import ades_lta_validation
    from pyhanko.sign.validation.policy_decl import (
        PdfSignatureValidationSpec,
        RevinfoOnlineFetchingRule,
        RevocationInfoGatheringSpec,
        SignatureValidationSpec,
    )
    from pyhanko_certvalidator.context import CertValidationPolicySpec
    from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
    from pyhanko_certvalidator.registry import SimpleTrustManager

    reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
    [sig] = reader.embedded_regular_signatures
    spec = PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=CertValidationPolicySpec(
                trust_manager=SimpleTrustManager.build(trust_roots=[_asn1(vw.pki.root)]),
                revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO),
            ),
            revinfo_gathering_policy=RevocationInfoGatheringSpec(
                online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY
            ),
        )
    )
    return type(asyncio.run(ades_lta_validation(sig, spec)).ades_subindic).__name__


def pdfsig_intact(path: Path) -> bool:
    out = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60
    ).stdout
    block = re.split(r"^Signature #\d+:$", out, flags=re.M)[1]
    return "Signature Validation: Signature is Valid." in block


def test_ca_revoked_in_dss_fails_offline(path_docs, verify_world, tmp_path: Path) -> None:
    offline = verify_world.verifier(tmp_path / "empty", online=False)
    result = offline.verify(path_docs["ca_revoked"])
    [sig] = result.signatures
    assert (sig.conclusion, sig.sub_indication) == ("TOTAL_FAILED", "REVOKED"), sig.to_json("en")
    assert sig.reasons[0].code == "ca_revoked"
    assert "CA có công bố CRL" in sig.reasons[0].vi
    ca = [c for c in sig.path_revocation if c.role == "ca"]
    assert ca and ca[0].status == "revoked" and ca[0].source == "embedded"
    # The signer's own certificate is fine: only the whole path shows the problem.
    assert sig.revocation.status == "good" and sig.intact and sig.crypto_valid
    # pyHanko, given the same DSS, does not trust the signature either; pdfsig (which
    # reads no DSS) agrees that the signed bytes are intact.
    assert pyhanko_verdict(verify_world, path_docs["ca_revoked"]) == (True, False)
    assert pdfsig_intact(path_docs["ca_revoked"])


def test_partial_dss_is_indeterminate_offline_and_not_b_lt(
    path_docs, verify_world, tmp_path: Path
) -> None:
    offline = verify_world.verifier(tmp_path / "empty", online=False)
    [sig] = offline.verify(path_docs["partial_dss"]).signatures
    assert (sig.conclusion, sig.sub_indication) == ("INDETERMINATE", "TRY_LATER"), sig.to_json("en")
    assert any(
        r.code == "revocation_unknown_in_path" and "CA có công bố CRL" in r.vi for r in sig.reasons
    )
    assert (sig.format_level, sig.level) == ("B-LT", "B-T")
    assert any(r.code == "level_not_met" and "B-LT" in r.vi for r in sig.reasons)
    # pyHanko disagrees in part: its certificate validator (revocation_mode "require")
    # trusts the path although nothing answers for the CA, which names the root's CRL as
    # its revocation service. Kyso is right to withhold a pass: EN 319 102-1 §5.2.6 needs
    # the status of every certificate of the chain but the anchor, and the document here
    # carries none for the CA (the adesverify run says INVALID). pyHanko's own
    # AdES process does not pass it either.
    assert pyhanko_verdict(verify_world, path_docs["partial_dss"]) == (True, True)
    assert pyhanko_ades(verify_world, path_docs["partial_dss"]) == "AdESIndeterminate"

    # Online the CA's status is fetched (root CRL): the signature passes, but the
    # document still does not carry what B-LT needs, and says so.
    online = verify_world.verifier(tmp_path / "online", online=True)
    [sig] = online.verify(path_docs["partial_dss"]).signatures
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")
    assert (sig.format_level, sig.level) == ("B-LT", "B-T")
    assert any(r.code == "level_not_met" for r in sig.reasons)


def test_full_dss_passes_offline_at_b_lt(path_docs, verify_world, tmp_path: Path) -> None:
    offline = verify_world.verifier(tmp_path / "empty", online=False)
    [sig] = offline.verify(path_docs["full_dss"]).signatures
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")
    assert (sig.format_level, sig.level) == ("B-LT", "B-LT")
    assert {c.role for c in sig.path_revocation} >= {"signer", "ca", "tsa"}
    assert all(c.source == "embedded" for c in sig.path_revocation if c.status == "good")
    assert pyhanko_verdict(verify_world, path_docs["full_dss"]) == (True, True)


def test_timestamp_authority_needs_data_too(path_docs, verify_world, tmp_path: Path) -> None:
    offline = verify_world.verifier(tmp_path / "empty", online=False)
    [sig] = offline.verify(path_docs["no_tsa_data"]).signatures
    assert (sig.conclusion, sig.sub_indication) == ("INDETERMINATE", "TRY_LATER"), sig.to_json("en")
    unknown = [c for c in sig.path_revocation if c.status == "unknown"]
    assert [c.role for c in unknown] == ["tsa"]
    assert any(
        r.code == "revocation_unknown_in_path" and "dấu thời gian" in r.vi for r in sig.reasons
    )
    assert (sig.format_level, sig.level) == ("B-LT", "B-T")


def test_revoked_timestamp_authority_proves_nothing(
    path_docs, verify_world, tmp_path: Path
) -> None:
    offline = verify_world.verifier(tmp_path / "empty", online=False)
    [sig] = offline.verify(path_docs["tsa_revoked"]).signatures
    assert sig.timestamp_status == "untrusted"
    assert any(r.code == "timestamp_authority_revoked" for r in sig.reasons)
    # Without a proof of existence the signature is judged now: its own path is fine.
    assert sig.conclusion == "TOTAL_PASSED", sig.to_json("en")
    assert (sig.format_level, sig.level) == ("B-LT", "B-B")
    assert any(r.code == "level_not_met" and "B-T" in r.vi for r in sig.reasons)
    # pyHanko, with the same data, does not trust the timestamp either.
    assert not _pyhanko_timestamp_trusted(verify_world, path_docs["tsa_revoked"])
    assert _pyhanko_timestamp_trusted(verify_world, path_docs["full_dss"])


def _pyhanko_timestamp_trusted(vw: VerifyWorld, path: Path) -> bool:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
    [sig] = reader.embedded_regular_signatures
    vc = DocumentSecurityStore.read_dss(reader).as_validation_context(
        {
            "trust_roots": [_asn1(vw.pki.root)],
            "allow_fetching": False,
            "revocation_mode": "hard-fail",
        }
    )
    status = asyncio.run(async_validate_pdf_signature(sig, vc, skip_diff=True))
    return bool(status.timestamp_validity and status.timestamp_validity.trusted)
