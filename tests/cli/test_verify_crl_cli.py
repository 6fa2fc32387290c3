"""``kyso verify --crl FILE``: CRLs copied by hand on closed networks, from the command line.

Real subprocess runs, ``--offline`` and an empty revocation cache, so the file given with
``--crl`` is the only revocation data there is.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from tests.conftest import kyso_cli_env, kyso_cmd
from tests.support.verify_fixtures import VerifyWorld, simple_pdf, verify_world

__all__ = ["verify_world"]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kyso_cmd(*args), env=env, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def docs(verify_world: VerifyWorld, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crl-docs")
    vw = verify_world
    paths = {
        "good": folder / "good.pdf",
        "revoked": folder / "revoked.pdf",
        "crl": folder / "sub-ca.crl",
        "stale": folder / "stale.crl",
        "ca_only": folder / "ca-only.crl",
    }
    paths["good"].write_bytes(vw.sign_bytes(simple_pdf(), level="B-B"))
    paths["revoked"].write_bytes(vw.sign_bytes(simple_pdf(), vw.revoked, level="B-B"))
    paths["crl"].write_bytes(vw.pki.make_crl().public_bytes(Encoding.DER))
    now = dt.datetime.now(dt.timezone.utc)
    stale = vw.pki.make_crl(this_update=now - dt.timedelta(days=30), next_update=now - dt.timedelta(days=20))
    paths["stale"].write_bytes(stale.public_bytes(Encoding.PEM))
    paths["ca_only"].write_bytes(_ca_only_crl(vw, now).public_bytes(Encoding.DER))
    return paths


def _ca_only_crl(vw: VerifyWorld, now: dt.datetime) -> x509.CertificateRevocationList:
    """Fresh, signed by the right CA, revoking nothing — but its scope is CA certificates
    only (IssuingDistributionPoint onlyContainsCACerts): silent about a signer's."""
    ca = vw.pki.sub_ca
    idp = x509.IssuingDistributionPoint(
        full_name=None,
        relative_name=None,
        only_contains_user_certs=False,
        only_contains_ca_certs=True,
        only_some_reasons=None,
        indirect_crl=False,
        only_contains_attribute_certs=False,
    )
    return (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.cert.subject)
        .last_update(now - dt.timedelta(hours=1))
        .next_update(now + dt.timedelta(days=7))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(idp, critical=True)
        .sign(ca.key, hashes.SHA256())
    )


def _verify(env: dict[str, str], world, *args: str) -> tuple[int, dict, str]:
    proc = run(env, "verify", "--json", "--offline", "--anchors", str(world.anchors_dir), *args)
    assert "Traceback" not in proc.stderr
    [doc] = json.loads(proc.stdout)
    [sig] = doc["signatures"]
    return proc.returncode, sig, proc.stderr


def test_a_revoked_signer_is_found_revoked_only_with_crl(
    docs, world, softhsm_store, isolated_home
) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    code, sig, _ = _verify(env, world, str(docs["revoked"]))
    assert code == 3
    assert sig["revocation"]["status"] == "unknown"  # offline, empty cache: nothing known
    assert sig["sub_indication"] == "TRY_LATER"
    code, sig, err = _verify(env, world, "--crl", str(docs["crl"]), str(docs["revoked"]))
    assert code == 3, err
    assert (sig["revocation"]["status"], sig["revocation"]["source"]) == ("revoked", "file")
    assert sig["conclusion"] != "TOTAL_PASSED"
    assert "REVOKED" in (sig["sub_indication"] or ""), sig


def test_a_fresh_crl_is_proof_of_good_and_the_flag_repeats(
    docs, world, softhsm_store, isolated_home
) -> None:
    """The control for the test below: the same CA's fresh, complete CRL passes the
    signature (and --crl may be given more than once; a useless CRL beside it is harmless)."""
    env = kyso_cli_env(softhsm_store, isolated_home)
    code, sig, err = _verify(
        env, world, "--crl", str(docs["stale"]), "--crl", str(docs["crl"]), str(docs["good"])
    )
    assert code == 0, err
    assert sig["conclusion"] == "TOTAL_PASSED"
    assert (sig["revocation"]["status"], sig["revocation"]["source"]) == ("good", "file")


@pytest.mark.parametrize("which", ["stale", "ca_only"])
def test_a_stale_or_out_of_scope_crl_proves_nothing(
    which: str, docs, world, softhsm_store, isolated_home
) -> None:
    env = kyso_cli_env(softhsm_store, isolated_home)
    code, sig, err = _verify(env, world, "--crl", str(docs[which]), str(docs["good"]))
    assert code == 3, err
    assert sig["conclusion"] == "INDETERMINATE"
    assert sig["sub_indication"] == "TRY_LATER"
    assert sig["revocation"]["status"] == "unknown"


def test_a_folder_of_crls(docs, world, softhsm_store, isolated_home, tmp_path: Path) -> None:
    folder = tmp_path / "crls"
    folder.mkdir()
    (folder / "sub-ca.crl").write_bytes(docs["crl"].read_bytes())
    env = kyso_cli_env(softhsm_store, isolated_home)
    code, sig, err = _verify(env, world, "--crl", str(folder), str(docs["revoked"]))
    assert (sig["revocation"]["status"], sig["revocation"]["source"]) == ("revoked", "file")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"day khong phai CRL", "không phải là danh sách thu hồi (CRL) hợp lệ"),
        (None, "Không đọc được tệp CRL"),
    ],
    ids=["garbage", "missing"],
)
def test_an_unusable_crl_file_is_a_clear_error(
    content: bytes | None, says: str, docs, world, softhsm_store, isolated_home, tmp_path: Path
) -> None:
    bad = tmp_path / "hong.crl"
    if content is not None:
        bad.write_bytes(content)
    env = kyso_cli_env(softhsm_store, isolated_home)
    for extra in ([], ["--json"]):
        proc = run(
            env, "verify", *extra, "--offline", "--anchors", str(world.anchors_dir),
            "--crl", str(bad), str(docs["good"]),
        )  # fmt: skip
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert says in proc.stderr and "hong.crl" in proc.stderr
        assert "Traceback" not in proc.stderr and proc.stdout == ""
