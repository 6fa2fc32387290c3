"""``kyso sign`` / ``kyso audit verify`` handlers (desktop/kyso/cli/sign.py, cli/audit.py), driven with a
real environment: the session's SoftHSM2 module, the test PKI's root as IT's anchors."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from kyso.cli import audit as audit_cli
from kyso.cli import sign as sign_cli
from kyso.core.app.environment import Environment
from kyso.core.settings import Paths, Settings, load_settings
from tests.support.signing_fixtures import PIN, make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


def _parser():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers()
    sign_cli.add_sign_commands(sub)
    audit_cli.add_audit_commands(sub)
    return p


def _env(world, tmp_path):
    anchors = tmp_path / "anchors"
    anchors.mkdir()
    (anchors / "root.pem").write_bytes(world.certs.pki.root.pem)
    loaded = load_settings(Paths.under(tmp_path / "home"))
    loaded.values = Settings(
        anchors_path=str(anchors), tsa_url=world.tsa.url, revocation_timeout_s=2.0
    )
    return Environment(loaded, modules=[world.module])


@pytest.fixture
def env(sign_world, tmp_path):
    return _env(sign_world, tmp_path)


def run(env, monkeypatch, capsys, *argv, pin=PIN):
    monkeypatch.setattr("sys.stdin", io.StringIO(pin + "\n"))
    args = _parser().parse_args(list(argv))
    code = args.func(args, env)
    out, err = capsys.readouterr()
    return code, out, err


def _sha(sign_world, label):
    return sign_world.entries[label].details.sha256


def test_several_certificates_listed_exit_2(sign_world, env, monkeypatch, capsys, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    code, out, err = run(env, monkeypatch, capsys, "sign", "--profile", "copy", str(src))
    assert code == 2
    assert "--cert" in err and _sha(sign_world, "organization")[:16] in err


def test_sign_copy_json(sign_world, env, monkeypatch, capsys, tmp_path):
    files = [make_pdf(tmp_path / f"{n}.pdf") for n in ("một", "hai")]
    code, out, err = run(
        env, monkeypatch, capsys,
        "sign", "--profile", "copy", "--token", sign_world.pin_serial,
        "--cert", _sha(sign_world, "organization")[:12], "--pin-stdin", "--level", "B-T",
        "--out", str(tmp_path / "ra"), "--json", *map(str, files),
    )
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in rows] == ["signed", "signed"]
    assert {"input", "output", "status", "error"} <= set(rows[0])
    assert rows[0]["output"].endswith("ra/một.signed.pdf")
    assert PIN not in out + err


def test_revoked_refused(sign_world, env, monkeypatch, capsys, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "invisible", "--token",
        sign_world.pin_serial, "--cert", _sha(sign_world, "revoked")[:12], "--pin-stdin", str(src),
    )
    assert code == 1 and "thu hồi" in err
    assert not (tmp_path / "a.signed.pdf").exists()


def test_emergency_needs_reason_then_signs_and_audits(sign_world, env, monkeypatch, capsys, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    base = ["sign", "--profile", "invisible", "--token", sign_world.pin_serial, "--cert",
            _sha(sign_world, "leader-province")[:12], "--pin-stdin", "--level", "B-B"]
    code, out, err = run(env, monkeypatch, capsys, *base, str(src))
    assert code == 1 and "Mục 4 Công văn 393" in err and "--emergency" in err
    code, out, err = run(
        env, monkeypatch, capsys, *base, "--emergency", "Ký công văn phòng chống bão", str(src)
    )
    assert code == 0, err
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify")
    assert code == 0 and "2 mục" in out  # one entry before signing, one after
    log = env.paths.data_dir / "audit.jsonl"
    started, entry = (json.loads(x) for x in log.read_text(encoding="utf-8").splitlines())
    assert started["event"] == "emergency_sign_started"
    assert started["data"]["input"] == str(src) and started["data"]["reason"]
    assert entry["event"] == "emergency_sign"
    assert entry["data"]["started_entry"] == started["seq"]
    assert entry["data"]["reason"].startswith("Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT: ")
    log.write_text(log.read_text(encoding="utf-8").replace("bão", "lũ"), encoding="utf-8")
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify", "--json")
    assert code == 3 and json.loads(out)["problems"][0]["line"] == 1


def test_organization_names_the_item4_organization(sign_world, env, monkeypatch, capsys, tmp_path):
    """``--organization`` is the organization shown *and* the one item 4 rests on."""
    src = make_pdf(tmp_path / "a.pdf")
    base = ["sign", "--profile", "invisible", "--token", sign_world.pin_serial, "--cert",
            _sha(sign_world, "leader-province")[:12], "--pin-stdin", "--level", "B-B"]
    code, out, err = run(env, monkeypatch, capsys, *base, str(src))
    assert code == 1 and "--emergency" in err
    assert "cho phép ký khẩn cấp: Sở Khoa học và Công nghệ tỉnh Hưng Yên (trong token)" in err
    # Named: an organization without a new-model certificate gives no fallback.
    code, out, err = run(
        env, monkeypatch, capsys, *base, "--organization", "UBND tỉnh Hưng Yên",
        "--emergency", "Ký công văn phòng chống bão", str(src),
    )
    assert code == 1 and "mục 4" in err and not (tmp_path / "a_signed.pdf").exists()


def test_organization_outside_the_chain_is_refused(sign_world, env, monkeypatch, capsys, tmp_path):
    """Item 4 rests only on the leader's own organization: a named one outside the
    certificate's chain (as the new model names it) is refused, and told why, in Vietnamese."""
    src = make_pdf(tmp_path / "a.pdf")
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "invisible", "--token",
        sign_world.pin_serial, "--cert", _sha(sign_world, "leader-province")[:12], "--pin-stdin",
        "--level", "B-B", "--organization", "UBND tỉnh Nghệ An",
        "--emergency", "Ký công văn phòng chống bão", str(src),
    )
    assert code == 1
    assert "“UBND tỉnh Nghệ An” không thuộc chuỗi đơn vị của người ký" in err
    assert not list(tmp_path.glob("a*signed*.pdf"))


def test_wrong_pin_cli(sign_world, env, monkeypatch, capsys, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "copy", "--token", sign_world.pin_serial,
        "--cert", _sha(sign_world, "organization")[:12], "--pin-stdin", "--level", "B-B",
        str(src), pin="999999",
    )
    assert code == 1 and "PIN" in err


def test_emergency_not_signed_when_the_audit_log_cannot_be_written(
    sign_world, env, monkeypatch, capsys, tmp_path
):
    """The audit entry is written before the token signs: when it cannot be (here the log's
    path is a folder), nothing is signed and the user is told why."""
    (env.paths.data_dir / "audit.jsonl").mkdir(parents=True)
    src = make_pdf(tmp_path / "a.pdf")
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "invisible", "--token",
        sign_world.pin_serial, "--cert", _sha(sign_world, "leader-province")[:12],
        "--pin-stdin", "--level", "B-B", "--emergency", "Ký công văn phòng chống bão", str(src),
    )
    assert code == 1
    assert "nhật ký kiểm tra" in err and "Còn lại 1 tệp" in err
    assert not (tmp_path / "a.signed.pdf").exists()


def test_environment_module_for(sign_world, env):
    assert env.module_for(sign_world.module.path) is sign_world.module
    assert env.module_for("/nonexistent/libpkcs11.so") is None


def test_old_certificate_beside_renewal_stops_with_no_output(
    sign_world_base, tokens, monkeypatch, capsys, tmp_path
):
    """Issue 20: a token with an old certificate beside its renewal under one CKA_ID and only
    the new key. `kyso sign` with the old certificate used to sign with the new key, say
    "Đã ký" and exit 0; now it stops with the mismatch message and writes nothing; the new
    certificate signs."""
    from cryptography.hazmat.primitives import hashes

    from kyso.core.keys.base import KEY_MISMATCH_VI
    from kyso.core.tokens.softhsm import CertObject, KeyObject
    from tests.conftest import USER_PIN
    from tests.core.tokens.test_key_pairing import KEY_ID, _clerk

    env = _env(sign_world_base, tmp_path)  # no session open: SoftHSM2 can rescan for the token
    pki = sign_world_base.certs.pki
    old, new = _clerk(pki), _clerk(pki)
    tok = tokens.custom(
        "RENEW",
        keys=[KeyObject(new.key_pkcs8_der(), KEY_ID, "cúc")],
        certs=[
            CertObject(c.der, key_id, label, c.cert.subject.public_bytes())
            for c, key_id, label in (
                (old, KEY_ID, "cũ"), (new, KEY_ID, "mới"),
                (pki.sub_ca, b"\xca", "sub-CA"), (pki.root, b"\xcb", "root"),
            )
        ],
    )
    src = make_pdf(tmp_path / "a.pdf")

    def sign(issued):
        sha = issued.cert.fingerprint(hashes.SHA256()).hex()[:16]
        return run(
            env, monkeypatch, capsys, "sign", "--profile", "invisible", "--token", tok.serial,
            "--cert", sha, "--pin-stdin", "--level", "B-B", str(src), pin=USER_PIN,
        )

    code, out, err = sign(old)
    assert code == 1 and KEY_MISMATCH_VI in err, err
    assert "Traceback" not in err and "Đã ký" not in out
    assert not (tmp_path / "a.signed.pdf").exists() and not list(tmp_path.glob(".*.part"))
    code, out, err = sign(new)
    assert code == 0 and "Đã ký" in out, err
    assert (tmp_path / "a.signed.pdf").exists()


def test_unsignable_files_refused_before_the_pin(sign_world, env, monkeypatch, capsys, tmp_path):
    """Issue 13: a certified (P=1) or unreadable file is refused in words before the PIN is
    read; a good file beside it is still signed, and the exit code says not everything was."""
    import sys

    from tests.support.signing_fixtures import certify_pdf

    certified = certify_pdf(sign_world, make_pdf(tmp_path / "a.pdf"), tmp_path / "cert.pdf", 1)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    base = ["sign", "--profile", "invisible", "--token", sign_world.pin_serial, "--cert",
            _sha(sign_world, "organization")[:12], "--pin-stdin", "--level", "B-B"]
    code, out, err = run(env, monkeypatch, capsys, *base, str(certified), str(broken))
    assert code == 1
    assert "đã được chứng thực, không cho phép ký thêm" in err and "bị hỏng" in err
    assert sys.stdin.read() == PIN + "\n"  # the PIN was never read: no login happened
    good = make_pdf(tmp_path / "good.pdf")
    code, out, err = run(env, monkeypatch, capsys, *base, "--json", str(certified), str(good))
    assert code == 1
    rows = {json.loads(line)["input"]: json.loads(line) for line in out.splitlines()}
    assert rows[str(certified)]["error_code"] == "certified_no_changes"
    assert rows[str(good)]["status"] == "signed"


def test_password_stdin_signs_an_encrypted_file(sign_world, env, monkeypatch, capsys, tmp_path):
    import pikepdf

    src = tmp_path / "locked.pdf"
    with pikepdf.open(make_pdf(tmp_path / "a.pdf")) as pdf:
        pdf.save(src, encryption=pikepdf.Encryption(owner="o-1", user="mở-tệp", R=6))
    prompts: list[str] = []

    def fake_getpass(prompt=""):
        prompts.append(prompt)
        return PIN

    monkeypatch.setattr(sign_cli.getpass, "getpass", fake_getpass)
    base = ["sign", "--profile", "invisible", "--token", sign_world.pin_serial, "--cert",
            _sha(sign_world, "organization")[:12], "--level", "B-B"]
    code, out, err = run(env, monkeypatch, capsys, *base, "--pin-stdin", "--password-stdin", str(src))
    assert code == 2  # one of them only
    code, out, err = run(env, monkeypatch, capsys, *base, "--password-stdin", str(src), pin="mở-tệp")
    assert code == 0, err
    assert prompts == ["Mã PIN: "]  # the PIN prompted without echo; the password came on stdin
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(tmp_path / "locked.signed.pdf")
    with pikepdf.open(tmp_path / "locked.signed.pdf", password="mở-tệp") as pdf:
        assert pdf.is_encrypted
def test_tsa_down_stops_before_the_pin_unless_level_allows_b_b(
    sign_world, env, monkeypatch, capsys, tmp_path
):
    """Issue 16 §2: offline, ``--level B-T`` says so and exits 1 before reading the PIN;
    ``--level B-T,B-B`` signs at B-B and says it did."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    src = make_pdf(tmp_path / "a.pdf")
    argv = ["sign", "--profile", "invisible", "--token", sign_world.pin_serial, "--cert",
            _sha(sign_world, "organization")[:12], "--pin-stdin"]
    sign_world.tsa.mode = "down"
    try:
        stdin = io.StringIO(PIN + "\n")
        monkeypatch.setattr("sys.stdin", stdin)
        args = _parser().parse_args([*argv, "--level", "B-T", str(src)])
        code = args.func(args, env)
        out, err = capsys.readouterr()
        assert code == 1
        assert "máy chủ dấu thời gian" in err and "--level B-T,B-B" in err
        assert "Errno" not in err and "Could not" not in err  # one language, no errno
        assert stdin.read() == PIN + "\n"  # the PIN was never asked for
        assert not (tmp_path / "a.signed.pdf").exists()

        code, out, err = run(env, monkeypatch, capsys, *argv, "--level", "B-T,B-B", str(src))
        assert code == 0, err
        assert "Ký ở mức B-B" in err
    finally:
        sign_world.tsa.mode = "ok"
    with (tmp_path / "a.signed.pdf").open("rb") as fh:
        sig = PdfFileReader(fh).embedded_signatures[0]
        unsigned = sig.signer_info["unsigned_attrs"]
        names = [a["type"].native for a in unsigned] if unsigned.native else []
        assert "signature_time_stamp_token" not in names  # B-B: no signature timestamp


def test_level_list_is_checked(env, monkeypatch, capsys, tmp_path):
    src = make_pdf(tmp_path / "a.pdf")
    code, _out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "invisible", "--level", "B-X", str(src)
    )
    assert code == 2 and "--level" in err
