"""A token driver that crashes or hangs while signing does not take ``kyso sign`` down
(review finding 3).

The shim module (tests/core/tokens/fake_modules.build_breaking_shim) forwards everything to
SoftHSM2 — ``kyso devices`` lists the DEMO token through it — and segfaults (or never
returns) in C_Login, C_FindObjects after login, or C_Sign. Kyso logs in and signs in a
token host (kyso.core.tokens.token_host), so the child dies, not Kyso: the file is
reported failed with the driver's path and what to do, and no temporary file is left.
Each run is a fresh ``kyso`` process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.tokens.fake_modules import build_breaking_shim
from tests.support.demo_cli import DemoCli
from tests.support.verify_fixtures import simple_pdf


@pytest.fixture
def kyso(tmp_path: Path, softhsm_store) -> DemoCli:
    return DemoCli(tmp_path)


@pytest.mark.parametrize(
    ("where", "how"),
    [("C_Sign", "crash"), ("C_Login", "crash"), ("C_FindObjects", "crash"), ("C_Sign", "hang")],
)
def test_a_breaking_driver_fails_the_file_not_kyso(
    where: str, how: str, kyso: DemoCli, tmp_path: Path
) -> None:
    shim = build_breaking_shim(tmp_path, where, how)
    leader = kyso.certificate("Vũ Thị Hà")
    [conf] = list(Path(kyso.env["KYSO_HOME"]).rglob("demo/softhsm2.conf"))
    with_shim = {"KYSO_PKCS11_MODULES": str(shim), "SOFTHSM2_CONF": str(conf),
                 "KYSO_TOKEN_HOST_TIMEOUT_S": "20"}  # the hang's deadline
    pdf = tmp_path / "vanban.pdf"
    pdf.write_bytes(simple_pdf())
    # Control: the shim is a working module up to where it breaks (listed through it).
    assert str(shim) in kyso("devices", "--json", **with_shim).stdout

    run = kyso(
        "sign", "--profile", "invisible", "--level", "B-B", "--cert", leader[:16],
        "--module", str(shim), "--pin-stdin", "--json", str(pdf), stdin="123456\n",
        **with_shim,
    )  # fmt: skip

    assert run.returncode >= 0, f"kyso sign died of signal {-run.returncode}: {run.stderr!r}"
    assert run.returncode in (1, 3), run
    assert "Traceback" not in run.stderr
    lines = kyso.json_lines(run)
    if where == "C_Sign":  # the file was prepared: it is reported failed
        [line] = lines
        assert line["status"] == "failed", line
        assert line["error_code"] == ("driver_hung" if how == "hang" else "driver_crashed")
        message = line["error"]
    else:  # the login or the key search broke: nothing was prepared, Kyso says why
        assert all(line["status"] != "signed" for line in lines), lines
        message = run.stderr
    assert str(shim) in message, run
    assert "Trình điều khiển (driver) của token" in message, run
    assert "Rút token ra, cắm lại" in message
    assert not list(tmp_path.glob(".vanban.*.part"))
    assert not (tmp_path / "vanban.signed.pdf").exists()
