"""``kyso inventory add --remote NAME`` (issue 17): a remote signing account's certificates
recorded in the inventory from the command line, in child processes against the CSC/VGCA
RSSP and Viettel MySign doubles (real HTTP on 127.0.0.1) and the real SQLite file; counted
as RSSP, or SIM PKI where IT's preset says so, in the Phụ lục I report."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import kyso_cli_env, kyso_cmd
from tests.support.remote_services import RemoteCredential, RemoteServices

UNIT = "Sở, ban, ngành > Văn phòng Sở"


@pytest.fixture
def services(test_pki):
    svc = RemoteServices([
        RemoteCredential("cred-leader", test_pki.leader_current, [test_pki.pki.sub_ca]),
        RemoteCredential("cred-org", test_pki.organization, [test_pki.pki.sub_ca]),
    ])
    yield svc
    svc.close()


@pytest.fixture
def env(softhsm_store, isolated_home, services) -> dict[str, str]:
    env = kyso_cli_env(softhsm_store, isolated_home)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # a login lives one run
    machine = isolated_home / "machine.toml"
    machine.write_text(
        machine.read_text(encoding="utf-8")
        + f'\n[remote.sim]\nprovider = "viettel-mysign"\nurl = "{services.viettel_url}"\n'
        f'client_id = "{services.client_id}"\nuser = "{services.user}"\nprofile_id = "p1"\n'
        'kind = "SIM PKI"\n',
        encoding="utf-8",
    )
    return env


def run(env, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(kyso_cmd(*args), env=env, capture_output=True, text=True,
                          input=input, timeout=120)


def ok(env, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    proc = run(env, *args, input=input)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def _tree(env) -> None:
    ok(env, "inventory", "unit", "add", "Sở, ban, ngành")
    ok(env, "inventory", "unit", "add", "Văn phòng Sở", "--parent", "Sở, ban, ngành",
       "--staff", "3", "--org-required", "1")
    ok(env, "inventory", "name", "Sở Khoa học và Công nghệ tỉnh Hưng Yên (TEST)")


def _by_kind(env, out: Path) -> list[int]:
    """Phụ lục I's SIM PKI, USB Token, RSSP columns (H, I, J) of the unit's row."""
    period = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m")
    ok(env, "report", "--period", period, "--xlsx", str(out), "--overwrite")
    wb = openpyxl.load_workbook(out)
    try:
        ws = wb["Phụ lục I"]
        (row,) = [[ws.cell(r, c).value for c in range(1, 11)]
                  for r in range(9, ws.max_row + 1) if ws.cell(r, 2).value == "Văn phòng Sở"]
    finally:
        wb.close()
    return row[7:10]


def test_remote_account_certificates_added_and_counted(env, services, test_pki,
                                                       tmp_path) -> None:
    _tree(env)
    anchors = tmp_path / "root.pem"
    anchors.write_bytes(test_pki.pki.root.pem)
    ok(env, "remote", "add", "bcy", "--provider", "vgca-rssp", "--url", services.csc_url,
       "--user", services.user)
    added = ok(env, "inventory", "add", "--remote", "bcy", "--unit", "Văn phòng Sở",
               "--anchors", str(anchors), "--offline", "--json", "--password-stdin",
               input=services.password + "\n")
    rows = json.loads(added.stdout)
    assert services.password not in added.stdout + added.stderr
    by_id = {r["credential_id"]: r for r in rows}
    assert set(by_id) == {"cred-leader", "cred-org"}
    assert all(r["created"] and r["kind"] == "rssp" and r["account"] == "bcy" for r in rows)
    assert {r["token_serial"] for r in rows} == {"remote:bcy/cred-leader", "remote:bcy/cred-org"}
    assert {r["unit"] for r in rows} == {UNIT}
    assert by_id["cred-org"]["holder_kind"] == "organization"
    assert by_id["cred-leader"]["holder_kind"] == "person"
    assert all(r["reform_status"] for r in rows)  # the verdicts are stored
    # the chain came from the service: trusted up to the root (offline: no revocation)
    assert {r["trust_status"] for r in rows} <= {"ok", "warning"}, rows
    assert by_id["cred-org"]["sha256"] == test_pki.organization.cert.fingerprint(
        __import__("cryptography.hazmat.primitives.hashes", fromlist=["SHA256"]).SHA256()
    ).hex()
    listed = json.loads(ok(env, "inventory", "list", "--json").stdout)["certificates"]
    assert sorted(c["token_serial"] for c in listed) == sorted(by_id[i]["token_serial"]
                                                              for i in by_id)
    assert _by_kind(env, tmp_path / "a.xlsx") == [0, 0, 2]  # RSSP

    # The same certificates through IT's preset that says SIM PKI: updated, not doubled,
    # moved to the SIM PKI column; the text output says so.
    again = ok(env, "inventory", "add", "--remote", "sim", "--anchors", str(anchors),
               "--offline", "--password-stdin", input=services.client_secret + "\n")
    assert again.stdout.count("Đã cập nhật:") == 2
    assert "đã thêm 0, cập nhật 2 chứng thư" in again.stdout
    assert "SIM PKI" in again.stdout
    listed = json.loads(ok(env, "inventory", "list", "--json").stdout)["certificates"]
    assert len(listed) == 2
    assert {c["kind"] for c in listed} == {"sim_pki"}
    assert {c["unit"] for c in listed} == {UNIT}  # no --unit: the unit stays
    assert _by_kind(env, tmp_path / "b.xlsx") == [2, 0, 0]


def test_remote_add_refusals(env, services) -> None:
    _tree(env)
    ok(env, "remote", "add", "bcy", "--provider", "csc", "--url", services.csc_url,
       "--user", services.user)
    # the kind is the account's, not the command line's
    proc = run(env, "inventory", "add", "--remote", "bcy", "--kind", "usb_token")
    assert proc.returncode == 2 and "--kind" in proc.stderr
    proc = run(env, "inventory", "add", "--password-stdin")
    assert proc.returncode == 2 and "--remote" in proc.stderr
    proc = run(env, "inventory", "add", "--remote", "nope", "--offline")
    assert proc.returncode == 1 and "kyso remote list" in proc.stderr
    proc = run(env, "inventory", "add", "--remote", "bcy", "--offline", "--password-stdin",
               input="sai-mat-khau\n")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "sai-mat-khau" not in proc.stdout + proc.stderr
    assert "Dịch vụ không chấp nhận" in proc.stderr  # the refusal, in words
    proc = run(env, "inventory", "add", "--remote", "bcy", "--unit", "Không có", "--offline",
               "--password-stdin", input=services.password + "\n")
    assert proc.returncode == 1 and "Không có đơn vị" in proc.stderr
    assert json.loads(ok(env, "inventory", "list", "--json").stdout)["certificates"] == []
