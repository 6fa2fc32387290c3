"""One token, one entry (issue 20 item 4): the same SoftHSM2 token seen through two module
files (a copy of libsofthsm2.so, as an ePass2003 is seen through its vendor module and
OpenSC) is listed once; ``kyso sign --module`` picks the module explicitly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

from kyso.core.tokens.same_token import merge_same_tokens
from kyso.core.tokens.slots import CertificateEntry, TokenInfo, TokenSnapshot
from kyso.core.tokens.softhsm import find_softhsm_module
from tests.conftest import kyso_cli_env, kyso_cmd
from tests.support.signing_fixtures import make_pdf


def _snap(module: str, serial: str = "S1", sha: str = "aa") -> TokenSnapshot:
    from types import SimpleNamespace

    entry = CertificateEntry("c", b"\x01", b"", SimpleNamespace(sha256=sha, is_ca=False), True)
    return TokenSnapshot(TokenInfo(module, 0, "TOKEN", "Feitian", "ePass2003", serial, 0),
                         [entry])


def test_vendor_module_wins_over_opensc_and_the_rest_are_recorded() -> None:
    opensc = _snap("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so")
    vendor = _snap("/usr/lib/libcastle.so.1.0.0")
    other = _snap("/usr/lib/libcastle.so.1.0.0", serial="S2")
    merged = merge_same_tokens([opensc, vendor, other])
    assert merged == [vendor, other]
    assert vendor.also_via == ["/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"]
    chosen = merge_same_tokens([_snap("/a/opensc-pkcs11.so"), _snap("/b/libcastle.so")],
                               preferred_module="/a/opensc-pkcs11.so")
    assert chosen[0].info.module_path == "/a/opensc-pkcs11.so"


def test_different_certificates_are_different_tokens() -> None:
    assert len(merge_same_tokens([_snap("/a.so", sha="aa"), _snap("/b.so", sha="bb")])) == 2


def test_two_module_files_one_token_listed_once_and_signable_by_module(
    tokens, test_pki, softhsm_store, isolated_home, tmp_path
) -> None:
    tok = tokens.demo(test_pki)
    original = find_softhsm_module()
    assert original
    copy = tmp_path / "libsofthsm2-copy.so"
    shutil.copy(original, copy)
    env = kyso_cli_env(softhsm_store, isolated_home)
    env["KYSO_PKCS11_MODULES"] = os.pathsep.join([original, str(copy)])
    proc = subprocess.run(kyso_cmd("devices", "--json"), env=env, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len([m for m in data["modules"] if m["loaded"]]) == 2
    mine = [t for t in data["tokens"] if t["serial"] == tok.serial]
    assert len(mine) == 1
    assert mine[0]["also_via"] == [str(copy)]
    text = subprocess.run(kyso_cmd("devices"), env=env, capture_output=True, text=True,
                          timeout=180).stdout
    assert text.count(f"số sê-ri {tok.serial}") == 1 and "Cũng thấy qua" in text
    missing = subprocess.run(
        kyso_cmd("sign", "--profile", "invisible", "--module", "/nope/lib.so",
                 str(make_pdf(tmp_path / "a.pdf"))),
        env=env, capture_output=True, text=True, timeout=180)
    assert missing.returncode == 1 and "Không có token nào qua mô-đun" in missing.stderr
