"""``kyso sign --remote``: the same signing path as a token (policy, appearance, batch, audit),
with the key in a signing service (test doubles on 127.0.0.1). Every output is validated by
pyHanko and poppler's pdfsig; refusals leave no output and exit 4."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from asn1crypto import x509 as ax509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from kyso.core.app.environment import Environment
from kyso.core.remote.accounts import Account, AccountStore, SecretStore
from kyso.core.settings import Paths, Settings, load_settings
from tests.cli.test_sign_cli import _parser
from tests.support.remote_services import RemoteCredential, RemoteServices
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


@pytest.fixture
def services(sign_world):
    certs = sign_world.certs
    svc = RemoteServices([
        RemoteCredential("org", certs.organization, [certs.pki.sub_ca], pin="1234"),
    ])
    yield svc
    svc.close()


@pytest.fixture
def env(sign_world, services, tmp_path, memory_keyring):
    SecretStore._memory.clear()
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "root.pem").write_bytes(sign_world.certs.pki.root.pem)
    loaded = load_settings(Paths.under(tmp_path / "home"))
    loaded.values = Settings(
        anchors_path=str(anchors), tsa_url=sign_world.tsa.url, revocation_timeout_s=2.0
    )
    store = AccountStore(loaded.paths.config_dir)
    store.add(Account("bcy", "csc", services.csc_url, user=services.user))
    store.add(Account("vnpt", "vnpt-smartca", services.vnpt_url, user=services.user,
                      options={"poll_interval_s": 0.05, "approval_timeout_s": 3}))
    yield Environment(loaded, modules=[])
    SecretStore._memory.clear()


def run(env, monkeypatch, capsys, *argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    args = _parser().parse_args(list(argv))
    code = args.func(args, env)
    out, err = capsys.readouterr()
    return code, out, err


def valid(sign_world, path) -> None:
    vc = ValidationContext(trust_roots=[ax509.Certificate.load(sign_world.root_der)],
                           allow_fetching=False)
    with path.open("rb") as fh:
        status = validate_pdf_signature(PdfFileReader(fh).embedded_signatures[-1], vc)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in pdfsig, pdfsig


def test_csc_with_pin_signs_like_a_token(sign_world, services, env, monkeypatch, capsys,
                                         tmp_path):
    src = make_pdf(tmp_path / "công văn.pdf")
    before = src.read_bytes()
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote", "bcy", "--pin-stdin",
        "--level", "B-T", "--json", str(src), stdin=f"{services.password}\n1234\n",
    )
    assert code == 0, err
    row = json.loads(out.splitlines()[-1])
    assert row["status"] == "signed"
    valid(sign_world, tmp_path / "công văn.signed.pdf")
    assert src.read_bytes() == before
    assert "1234" not in out + err and services.password not in out + err


def test_smartca_batch_approved_on_the_phone(sign_world, services, env, monkeypatch, capsys,
                                             tmp_path):
    files = [make_pdf(tmp_path / f"vb{i}.pdf") for i in range(3)]
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote", "vnpt", "--pin-stdin",
        "--level", "B-B", *map(str, files), stdin="mat-khau-1\n",
    )
    assert code == 0, err
    assert "xác nhận" in err  # the CLI says the request is waiting on the phone
    for f in files:
        valid(sign_world, f.with_name(f.stem + ".signed.pdf"))
    # one request on the phone for the three documents, named as the files
    (sent,) = [b for p, b in services.requests if p.endswith("/signature/signhash")]
    assert [d["name"] for d in sent["datas"]] == [f.name for f in files]


def test_batch_rejected_on_the_phone_writes_no_file(services, env, monkeypatch, capsys,
                                                    tmp_path):
    services.approval = "reject"
    files = [make_pdf(tmp_path / f"vb{i}.pdf") for i in range(3)]
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote", "vnpt", "--pin-stdin",
        "--level", "B-B", "--json", *map(str, files), stdin="mat-khau-1\n",
    )
    assert code == 4, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["error_code"] for r in rows] == ["remote_rejected"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f.name for f in files] + ["anchors", "home"])
    assert len([p for p, _ in services.requests if p.endswith("/signature/signhash")]) == 1


def _mysign_two_per_approval(services, env) -> None:
    services.credentials["org"].multisign = 2
    AccountStore(env.paths.config_dir).add(Account(
        "mysign", "viettel-mysign", services.viettel_url, user=services.user,
        client_id=services.client_id, profile_id="p1",
        options={"poll_interval_s": 0.05, "approval_timeout_s": 3},
    ))


def test_text_output_after_a_refusal_lists_the_files_not_reached(services, env, monkeypatch,
                                                                 capsys, tmp_path):
    """5 files, 2 per approval, the first request rejected: the text output says which
    files were not signed because the batch stopped (as --json's not_started rows do)."""
    _mysign_two_per_approval(services, env)
    services.approval = "reject"
    files = [make_pdf(tmp_path / f"vb{i}.pdf") for i in range(5)]
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote", "mysign",
        "--pin-stdin", "--level", "B-B", *map(str, files), stdin=f"{services.client_secret}\n",
    )
    assert code == 4, err
    assert "từ chối" in err
    (line,) = [ln for ln in err.splitlines() if "chưa ký 3 tệp" in ln]
    assert line.endswith(": " + ", ".join(str(f) for f in files[2:]))
    for f in files[:2]:  # the refused request's files carry the refusal
        assert f"Lỗi: {f}: " in err
    assert not list(tmp_path.glob("*.signed.pdf"))

    # --json: the same files as not_started rows, and no text line
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote", "mysign",
        "--pin-stdin", "--level", "B-B", "--json", *map(str, files),
        stdin=f"{services.client_secret}\n",
    )
    assert code == 4
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in rows] == ["failed"] * 2 + ["not_started"] * 3
    assert "chưa ký 3 tệp" not in err


def test_text_output_without_a_refusal_lists_nothing_left(services, env, monkeypatch, capsys,
                                                          tmp_path):
    _mysign_two_per_approval(services, env)
    files = [make_pdf(tmp_path / f"vb{i}.pdf") for i in range(3)]
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote", "mysign",
        "--pin-stdin", "--level", "B-B", *map(str, files), stdin=f"{services.client_secret}\n",
    )
    assert code == 0, err
    assert "chưa ký" not in err
    assert out.count("Đã ký:") == 3
    # two approvals on the phone: each waiting line says which part it is (as the phone)
    waits = [ln for ln in err.splitlines() if "tới điện thoại" in ln]
    assert [ln[:9] for ln in waits] == ["Phần 1/2:", "Phần 2/2:"], err


@pytest.mark.parametrize(("mode", "words"), [("reject", "từ chối"), ("expire", "hết hạn")])
def test_refused_on_the_phone_exits_4_and_writes_nothing(services, env, monkeypatch, capsys,
                                                          tmp_path, mode, words):
    services.approval = mode
    src = make_pdf(tmp_path / "a.pdf")
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote", "vnpt", "--pin-stdin",
        "--level", "B-B", str(src), stdin="mat-khau-1\n",
    )
    assert code == 4, err
    assert words in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "anchors", "home"]


def test_quota_exits_4(services, env, monkeypatch, capsys, tmp_path):
    services.quota = 0
    src = make_pdf(tmp_path / "a.pdf")
    code, _, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote", "vnpt", "--pin-stdin",
        "--level", "B-B", str(src), stdin="mat-khau-1\n",
    )
    assert code == 4 and "hết lượt ký" in err
    assert not (tmp_path / "a.signed.pdf").exists()


def test_wrong_credential_id_and_unknown_account(env, monkeypatch, capsys, tmp_path, services):
    src = make_pdf(tmp_path / "a.pdf")
    code, _, err = run(env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote",
                       "nope", str(src))
    assert code == 1 and "kyso remote list" in err
    code, _, err = run(env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote",
                       "bcy:khong-co", "--pin-stdin", str(src), stdin=f"{services.password}\n")
    assert code == 2 and "không có chứng thư" in err


def test_a_service_signing_with_another_key_is_caught(sign_world, services, env, monkeypatch,
                                                     capsys, tmp_path):
    """The signature value is checked with the certificate's public key before the file is
    written: a service that signs with another credential's key never yields "Đã ký"."""
    services.credentials["org"].wrong_key = sign_world.certs.leader
    src = make_pdf(tmp_path / "a.pdf")
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote", "bcy", "--pin-stdin",
        "--level", "B-B", str(src), stdin=f"{services.password}\n1234\n",
    )
    assert code == 1
    assert "không khớp với chứng thư" in err
    assert not (tmp_path / "a.signed.pdf").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_kill_while_waiting_on_the_phone_loses_nothing(sign_world, services, softhsm_store,
                                                       isolated_home, tmp_path):
    """kill -9 while the batch's request waits on the phone: no output, no partial file
    kept as signed; the next start says the request (all three documents) was abandoned,
    removes the partial outputs it journaled, then forgets it."""
    import os
    import signal
    import time

    from tests.conftest import kyso_cli_env, kyso_cmd

    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "root.pem").write_bytes(sign_world.certs.pki.root.pem)
    machine = isolated_home / "machine.toml"
    machine.write_text(machine.read_text() + f'anchors_path = "{anchors}"\n', encoding="utf-8")
    AccountStore(isolated_home / "config").add(
        Account("vnpt", "vnpt-smartca", services.vnpt_url, user=services.user,
                options={"poll_interval_s": 0.1, "approval_timeout_s": 60}))
    env = kyso_cli_env(softhsm_store, isolated_home)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    services.approval = "manual"
    files = [make_pdf(tmp_path / f"khẩn {i}.pdf") for i in range(3)]
    before = [f.read_bytes() for f in files]
    proc = subprocess.Popen(
        kyso_cmd("sign", "--profile", "copy", "--remote", "vnpt", "--pin-stdin", "--level",
                 "B-B", *map(str, files)),
        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdin is not None
    proc.stdin.write(services.password + "\n")
    proc.stdin.flush()
    pending = isolated_home / "data" / "remote_pending"
    deadline = time.monotonic() + 240  # a bound for a loaded CI machine, not a speed check
    while not (pending.is_dir() and list(pending.glob("*.json"))):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the request never reached the phone"
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert [f.read_bytes() for f in files] == before
    assert not list(tmp_path.glob("*.signed.pdf"))
    assert len(list(tmp_path.glob(".*.part"))) == 3  # the batch's prepared documents
    after = subprocess.run(kyso_cmd("remote", "list"), env=env, capture_output=True, text=True,
                           timeout=60)
    assert "bỏ dở" in after.stderr
    assert all(f.name in after.stderr for f in files)  # one request for the batch
    assert not list(tmp_path.glob(".*.part"))  # its partial outputs are removed
    again = subprocess.run(kyso_cmd("remote", "list"), env=env, capture_output=True, text=True,
                           timeout=60)
    assert "bỏ dở" not in again.stderr  # said once


def test_tsa_down_after_the_approval_stops_the_batch(sign_world, services, env, monkeypatch,
                                                     capsys, tmp_path):
    """The TSA answered the check before the PIN, then fails once the first request is
    approved: no further request goes to the phone, the exit code is 1 and the text says
    what happened and which files are left."""
    from kyso.core.signing.pades import DocumentSigner

    _mysign_two_per_approval(services, env)
    original = DocumentSigner.sign_prepared
    mode = sign_world.tsa.mode

    def then_down(self, docs, **kw):
        sign_world.tsa.mode = "down"
        return original(self, docs, **kw)

    monkeypatch.setattr(DocumentSigner, "sign_prepared", then_down)
    files = [make_pdf(tmp_path / f"vb{i}.pdf") for i in range(5)]
    try:
        code, out, err = run(
            env, monkeypatch, capsys, "sign", "--profile", "copy", "--remote", "mysign",
            "--pin-stdin", "--level", "B-T", *map(str, files),
            stdin=f"{services.client_secret}\n",
        )
    finally:
        sign_world.tsa.mode = mode
    assert code == 1, err
    assert len([p for p, _ in services.requests if p.endswith("/signatures/signHash")]) == 1
    (line,) = [ln for ln in err.splitlines() if "Dừng:" in ln]
    assert "Máy chủ dấu thời gian" in line and line.endswith("Còn lại 3 tệp.")
    assert not list(tmp_path.glob("*.signed.pdf"))
