"""``kyso audit verify --pdf X.pdf LOG`` as the usage line reads (review finding 8), in a
fresh process; an unreadable PDF is named in Vietnamese without a library class name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.demo_cli import DemoCli
from tests.support.verify_fixtures import simple_pdf


@pytest.fixture
def signed(tmp_path: Path, softhsm_store) -> tuple[DemoCli, Path, Path]:
    """An emergency signature by the DEMO's provincial leader (item 4): (kyso, log, pdf)."""
    kyso = DemoCli(tmp_path)
    provincial = kyso.certificate("Trần Thị Bình")
    pdf = tmp_path / "khancap.pdf"
    pdf.write_bytes(simple_pdf())
    run = kyso(
        "sign", "--profile", "invisible", "--level", "B-B", "--cert", provincial[:16],
        "--emergency", "Lãnh đạo đi công tác, ký gấp", "--pin-stdin", "--json", str(pdf),
        stdin="123456\n",
    )  # fmt: skip
    assert '"status": "signed"' in run.stdout, run
    [log] = list(Path(kyso.env["KYSO_HOME"]).rglob("audit.jsonl"))
    return kyso, log, tmp_path / "khancap.signed.pdf"


def test_log_after_pdf_as_documented(signed) -> None:
    kyso, log, out = signed
    log_first = kyso("audit", "verify", str(log), "--pdf", str(out))
    assert log_first.returncode == 0, log_first  # control: the check itself passes

    documented = kyso("audit", "verify", "--pdf", str(out), str(log))
    assert documented.returncode == 0, documented
    assert "PdfReadError" not in documented.stderr
    assert documented.stdout == log_first.stdout  # the same check ran

    repeated = kyso("audit", "verify", "--pdf", str(out), "--pdf", str(out), str(log))
    assert repeated.returncode == 0, repeated


def test_a_pdf_that_is_not_one_is_said_in_words(signed, tmp_path: Path) -> None:
    kyso, log, out = signed
    fake = tmp_path / "hong.pdf"
    fake.write_bytes(b"%PDF-1.7\nnot really\n")
    run = kyso("audit", "verify", str(log), "--pdf", str(fake))
    assert run.returncode == 1, run
    assert "Không đọc được chữ ký trong" in run.stderr and "hong.pdf" in run.stderr
    assert "Error" not in run.stderr and "Traceback" not in run.stderr
