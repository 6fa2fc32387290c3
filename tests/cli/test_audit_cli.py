"""``kyso audit verify`` with the evidence outside the log (issue 14, item 1): the heads in
emergency-signed PDFs (``--pdf``) and on the token (``--token``, PIN asked), and what it says
it could not rule out without them."""

from __future__ import annotations

import json

from tests.cli.test_sign_cli import _sha, env, run
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base

__all__ = ["env", "sign_world", "sign_world_base"]


def _emergency_sign(sign_world, env, monkeypatch, capsys, src):
    code, out, err = run(
        env, monkeypatch, capsys, "sign", "--profile", "invisible", "--token",
        sign_world.pin_serial, "--cert", _sha(sign_world, "leader-province")[:12],
        "--pin-stdin", "--level", "B-B", "--emergency", "Ký công văn phòng chống bão", str(src),
    )
    assert code == 0, err
    return src.with_name(src.stem + ".signed.pdf")


def test_verify_with_pdf_and_token_finds_truncation(sign_world, env, monkeypatch, capsys,
                                                     tmp_path):
    first = _emergency_sign(sign_world, env, monkeypatch, capsys, make_pdf(tmp_path / "a.pdf"))
    second = _emergency_sign(sign_world, env, monkeypatch, capsys, make_pdf(tmp_path / "b.pdf"))
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify")
    assert code == 0 and "4 mục, toàn vẹn" in out and "4 mục có chữ ký" in out
    assert "Chưa loại trừ được" in out and "--token" in out  # says what it cannot know
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify", "--pdf", str(first),
                         str(second))
    assert code == 0 and "#1 " in out and "#3 " in out and "KHÔNG" not in out
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify", "--token",
                         sign_world.pin_serial, "--pin-stdin", "--json")
    data = json.loads(out)
    assert code == 0 and data["evidence"][0]["seq"] == 4 and data["evidence"][0]["found"]

    # an administrator drops the last two entries and rewrites the head file
    log = env.paths.data_dir / "audit.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)[:2]
    log.write_text("".join(lines), encoding="utf-8")
    last = json.loads(lines[-1])
    (log.parent / "audit.jsonl.head").write_text(
        json.dumps({"count": 2, "hash": last["hash"]}), encoding="utf-8"
    )
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify")
    assert code == 0 and "Chưa loại trừ được" in out  # the log alone cannot tell
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify", "--pdf", str(second))
    assert code == 3 and "đã bị xóa" in err
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify", "--token",
                         sign_world.pin_serial, "--pin-stdin")
    assert code == 3 and "token:" in err and "đã bị xóa" in err


def test_verify_after_the_log_was_deleted(sign_world, env, monkeypatch, capsys, tmp_path):
    signed = _emergency_sign(sign_world, env, monkeypatch, capsys, make_pdf(tmp_path / "a.pdf"))
    log = env.paths.data_dir / "audit.jsonl"
    log.unlink()
    (log.parent / "audit.jsonl.head").unlink()
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify")
    assert code == 1 and "Không có tệp nhật ký" in err
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify", "--pdf", str(signed))
    assert code == 3 and "đã bị xóa" in err
    # signing again starts a fresh log, but the token remembers: the gap is recorded
    _emergency_sign(sign_world, env, monkeypatch, capsys, make_pdf(tmp_path / "b.pdf"))
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify")
    assert code == 3 and "token cho biết" in err


def test_torn_last_line_is_reported_as_interrupted(sign_world, env, monkeypatch, capsys,
                                                  tmp_path):
    _emergency_sign(sign_world, env, monkeypatch, capsys, make_pdf(tmp_path / "a.pdf"))
    log = env.paths.data_dir / "audit.jsonl"
    log.write_bytes(log.read_bytes() + b'{"seq": 3, "time": "2025-')  # power cut mid-line
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify")
    assert code == 0 and "gián đoạn" in out and "interrupted" in out
    assert "sửa" not in err
    code, out, err = run(env, monkeypatch, capsys, "audit", "verify", "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] and data["interrupted"]
