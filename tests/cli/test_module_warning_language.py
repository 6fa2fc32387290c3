"""A PKCS#11 module that does not load is said on stderr in Vietnamese, once, and its
English log line stays in the log file (review note 4b). A fresh process: the warning is
logged while the environment opens, before the CLI had set up its log file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.demo_cli import DemoCli


@pytest.mark.parametrize("command", [("devices",), ("devices", "--json"), ("check", "--json")])
def test_a_module_that_does_not_load_is_said_in_vietnamese(
    command: tuple[str, ...], tmp_path: Path, softhsm_store
) -> None:
    bogus = tmp_path / "libhong-pkcs11.so"
    bogus.write_text("không phải thư viện\n", encoding="utf-8")
    kyso = DemoCli(tmp_path)

    run = kyso(*command, KYSO_PKCS11_MODULES=str(bogus))

    said = [line for line in run.stderr.splitlines() if str(bogus) in line]
    assert len(said) == 1, run.stderr
    assert said[0].startswith("kyso: Không nạp được thư viện PKCS#11"), run.stderr
    assert "Could not load" not in run.stderr and "probed" not in run.stderr
    [log] = list(Path(kyso.env["KYSO_HOME"]).rglob("kyso.log"))
    assert str(bogus) in log.read_text(encoding="utf-8")  # the details are in the log
