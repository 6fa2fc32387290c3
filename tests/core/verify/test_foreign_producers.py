"""Signed PDFs from other producers (issue 12): Kyso's verdicts pinned and compared.

The corpus (:mod:`tests.support.foreign_producers`) is made at test time by pyHanko's own
signer, endesive's own CMS builder and hand-built Acrobat / iText / Word shapes. Every file
goes through ``kyso verify --json`` (one run over the corpus folder) and through three
validators Kyso does not use for its verdict: poppler's ``pdfsig``, pyHanko's validator
(with its difference analysis) and, where it reads the file, endesive's. Where Kyso
disagrees with all of them, the expectation says why Kyso is right.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import kyso_cli_env, kyso_cmd
from tests.support import foreign_producers as fp
from tests.support.output_checks import _import_endesive
from tests.support.verify_fixtures import VerifyWorld, _asn1, add_dss, simple_pdf, verify_world

__all__ = ["verify_world"]


def _corpus(vw: VerifyWorld) -> dict[str, bytes]:
    good = vw.good
    base = simple_pdf()
    crl = vw.pki.make_crl().public_bytes(fp.serialization.Encoding.DER)
    signed_bb = vw.sign_bytes(base, level="B-B", field_name="Ky")
    # iText writes classic xref tables; its DSS update goes on a classic file.
    classic_bb = fp.sign_shaped(fp.classic_pdf(), good, "Ky")
    return {
        # pyHanko's own signer
        "pyhanko_bb": signed_bb,
        "pyhanko_bt": vw.sign_bytes(base, level="B-T", field_name="Ky"),
        "pyhanko_blt": vw.sign_bytes(base, level="B-LT", field_name="Ky"),
        "pyhanko_blta": vw.sign_bytes(base, level="B-LTA", field_name="Ky"),
        "pyhanko_certified_p2": vw.sign_bytes(base, level="B-B", field_name="Ky", certify=2),
        "pyhanko_pkcs7_detached": fp.sign_pkcs7_detached(base, good, "Ky"),
        # endesive's own CMS builder and pypdf's incremental writer
        "endesive": fp.sign_endesive(fp.classic_pdf(), good),
        "endesive_certified": fp.sign_endesive(fp.classic_pdf(), good, certify=True),
        # A second signature by another producer on top of pyHanko's.
        "endesive_after_pyhanko": fp.sign_endesive(classic_bb, good, "Ky2"),
        # Acrobat / iText / Word shapes
        "legacy_sha1": _legacy_sha1(base, vw),
        "x509_rsa_sha1": fp.sign_x509_rsa_sha1(base, good),
        "no_type": fp.sign_shaped(base, good, "Ky", drop_type=True),
        "m_no_timezone": fp.sign_shaped(base, good, "Ky", m_date="D:20240105083000"),
        "m_year_only": fp.sign_shaped(base, good, "Ky", m_date="D:2024"),
        "m_garbage": fp.sign_shaped(base, good, "Ky", m_date="05/01/2024 08:30"),
        "m_z_apostrophes": fp.sign_shaped(base, good, "Ky", m_date="D:20240105083000Z00'00'"),
        "hybrid_xref": fp.sign_shaped(fp.hybrid_xref_pdf(), good, "Ky"),
        "object_streams": fp.sign_shaped(fp.object_stream_pdf(), good, "Ky"),
        "itext_dss": fp.itext_style_dss(classic_bb, certs=[fp.der(vw.pki.sub_ca)], crls=[crl]),
        "junk_after_eof": fp.append_after_eof(signed_bb),
        "pyhanko_dss_then_itext_dss": fp.itext_style_dss(
            add_dss(classic_bb, crls=[crl]), crls=[crl]
        ),
    }


def _legacy_sha1(base: bytes, vw: VerifyWorld) -> bytes:
    from tests.support.verify_fixtures import sign_legacy_sha1

    return sign_legacy_sha1(base, vw.good, "Ky")


@pytest.fixture(scope="module")
def corpus(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("foreign")
    out = {}
    for name, data in _corpus(verify_world).items():
        out[name] = folder / f"{name}.pdf"
        out[name].write_bytes(data)
    return out


@pytest.fixture(scope="module")
def kyso_json(corpus, trust_world, softhsm_store, tmp_path_factory) -> dict[str, dict[str, Any]]:
    home = tmp_path_factory.mktemp("kyso-home")
    (home / "machine.toml").write_text("[settings]\nuse_builtin_modules = false\n")
    env = kyso_cli_env(softhsm_store, home)
    folder = next(iter(corpus.values())).parent
    proc = subprocess.run(
        kyso_cmd("verify", "--json", "--anchors", str(trust_world.anchors_dir), str(folder)),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return {Path(doc["file"]).stem: doc for doc in json.loads(proc.stdout)}


# -- the other validators ------------------------------------------------------------------


@dataclass
class Other:
    verdicts: list[str]


def pdfsig_verdicts(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60
    )
    text = out.stdout + out.stderr
    blocks = re.split(r"^Signature #\d+:", text, flags=re.M)[1:]
    verdicts = []
    for block in blocks:
        m = re.search(r"Signature Validation: (.*)", block)
        verdicts.append(m.group(1).strip() if m else "?")
    return verdicts or [text.strip()[:120]]


def pyhanko_verdicts(path: Path, root: Any) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
        sigs = reader.embedded_regular_signatures
    except Exception as exc:
        return [f"error: {type(exc).__name__}: {exc}"]
    out = []
    for sig in sigs:
        try:
            status = asyncio.run(
                async_validate_pdf_signature(
                    sig, ValidationContext(trust_roots=[_asn1(root)], allow_fetching=False)
                )
            )
        except Exception as exc:
            out.append(f"error: {type(exc).__name__}: {str(exc)[:100]}")
            continue
        out.append(
            "valid"
            if status.intact and status.valid and status.docmdp_ok is not False
            else f"invalid(intact={status.intact}, valid={status.valid}, "
            f"docmdp_ok={status.docmdp_ok}, mod={status.modification_level})"
        )
    return out


def endesive_verdicts(path: Path, root_der: bytes) -> list[str]:
    verifier = _import_endesive()
    try:
        results = verifier(path.read_bytes(), [root_der]).verify_all_signatures()
    except Exception as exc:
        return [f"error: {type(exc).__name__}: {str(exc)[:100]}"]
    return [
        "valid"
        if (r.hashok and r.signatureok and r.certok)
        else f"invalid(hash={r.hashok}, sig={r.signatureok}, cert={r.certok})"
        for r in results
    ]


PASS = ("signature", "TOTAL_PASSED", None)
VALID = "Signature is Valid."


@dataclass(frozen=True)
class Expected:
    kyso: list[tuple[str, str, str | None]]
    level: str | None
    pdfsig: list[str]
    pyhanko: list[str]
    endesive: list[str]


def _plain(level: str = "B-B", pyhanko: list[str] | None = None) -> Expected:
    return Expected([PASS], level, [VALID], pyhanko or ["valid"], ["valid"])


NOT_YET = "Signature has not yet been verified."

EXPECTED: dict[str, Expected] = {
    "pyhanko_bb": _plain(),
    "pyhanko_bt": _plain("B-T"),
    "pyhanko_blt": _plain("B-LT"),
    "pyhanko_blta": Expected(
        [PASS, ("document_timestamp", "TOTAL_PASSED", None)],
        "B-LTA",
        # pdfsig cannot validate a document timestamp; endesive reads none of its fields.
        [VALID, NOT_YET],
        ["valid"],
        ["valid", "invalid(hash=None, sig=None, cert=None)"],
    ),
    "pyhanko_certified_p2": _plain(),
    "pyhanko_pkcs7_detached": _plain(),
    "endesive": _plain(),
    "endesive_certified": _plain(),
    "endesive_after_pyhanko": Expected(
        [PASS, PASS], "B-B", [VALID, VALID], ["valid", "valid"], ["valid", "valid"]
    ),
    "legacy_sha1": Expected(
        [PASS],
        "B-B",
        [VALID],
        # pyHanko does not list adbe.pkcs7.sha1 signatures; endesive hashes the ranges
        # with the signer's digest instead of comparing the encapsulated SHA-1.
        [],
        ["invalid(hash=False, sig=True, cert=True)"],
    ),
    "x509_rsa_sha1": Expected(
        [("unsupported", "INDETERMINATE", None)],
        None,
        # pdfsig lists it unverified, pyHanko skips it, endesive cannot parse it.
        [NOT_YET],
        [],
        ["error"],
    ),
    "no_type": _plain(),
    "m_no_timezone": _plain(),
    "m_year_only": _plain(),
    # pyHanko's reader refuses the whole signature over a /M it cannot parse; /M is the
    # signer's unproven claim (the CMS signing time is the one that is signed), so Kyso,
    # pdfsig and endesive verify the signature.
    "m_garbage": _plain(pyhanko=["error: PdfReadError"]),
    "m_z_apostrophes": _plain(pyhanko=["error: PdfReadError"]),
    "hybrid_xref": _plain(),
    "object_streams": _plain(),
    "itext_dss": _plain(),
    "junk_after_eof": _plain(),
    "pyhanko_dss_then_itext_dss": _plain(),
}


def test_corpus_is_complete(corpus) -> None:
    assert set(corpus) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_foreign_file_verdicts(name, corpus, kyso_json, verify_world) -> None:
    expected = EXPECTED[name]
    doc = kyso_json[name]
    path = corpus[name]
    root = verify_world.pki.root
    kyso = [(s["kind"], s["conclusion"], s["sub_indication"]) for s in doc["signatures"]]
    assert kyso == expected.kyso, json.dumps(doc, ensure_ascii=False, indent=1)[:3000]
    assert doc["signatures"][0]["level"] == expected.level
    for sig in doc["signatures"]:
        if sig["kind"] != "unsupported":
            assert sig["intact"] is True, sig
    assert pdfsig_verdicts(path) == expected.pdfsig
    got = pyhanko_verdicts(path, root)
    assert [g[: len(e)] for g, e in zip(got, expected.pyhanko, strict=True)] == expected.pyhanko
    got = endesive_verdicts(path, fp.der(root))
    assert [g[: len(e)] for g, e in zip(got, expected.endesive, strict=True)] == expected.endesive


def test_changes_after_signing_by_other_producers_are_ltv_only(kyso_json) -> None:
    """A DSS appended by a raw iText-style update (direct dictionary, /TU in VRI) is an
    allowed long-term-validation change, also on top of a pyHanko DSS."""
    for name in ("itext_dss", "pyhanko_dss_then_itext_dss"):
        [sig] = kyso_json[name]["signatures"]
        assert sig["modifications"] == "allowed", sig
        assert sig["coverage"] == "entire_revision", sig
    for name in ("pyhanko_bb", "endesive", "hybrid_xref", "object_streams", "no_type"):
        assert kyso_json[name]["signatures"][0]["modifications"] == "none"
