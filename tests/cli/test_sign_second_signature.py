"""A second signature on an already-signed PDF, in fresh processes (review finding 7).

asn1crypto builds each OID class's name → OID map once, the first time a value is read by
name. Kyso reads the existing signature's attributes (inputs._check_existing_signatures)
before pyHanko is imported in a fresh ``kyso sign``; without
:func:`kyso.core.certs.asn1_names.ensure_registered` the map froze without
``signing_certificate_v2`` and pyHanko could not build the new signature, so the seal of
issuance over a leader's approval failed, and one signed input failed a whole batch.
Every entry point runs in its own ``python`` process: pytest's own imports would hide it.
Outputs are judged by pdfsig, pyHanko (with diff analysis), ``openssl cms`` and endesive.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.support.demo_cli import DemoCli
from tests.support.output_checks import check_signed_output
from tests.support.verify_fixtures import simple_pdf

LEADER = "Vũ Thị Hà"
ORGANIZATION = "UID=MST:0900000001"


@pytest.fixture
def kyso(tmp_path: Path, softhsm_store) -> DemoCli:  # softhsm_store: fail when SoftHSM is missing
    return DemoCli(tmp_path)


def _sign(kyso: DemoCli, cert: str, profile: str, *paths: Path) -> list[dict[str, Any]]:
    run = kyso(
        "sign", "--profile", profile, "--level", "B-B", "--cert", cert[:16],
        "--pin-stdin", "--json", *map(str, paths), stdin="123456\n",
    )  # fmt: skip
    lines = kyso.json_lines(run)
    assert lines, run
    return lines


def _approved(kyso: DemoCli, tmp_path: Path) -> Path:
    """The leader's approval, signed by ``kyso sign`` in its own process."""
    pdf = tmp_path / "vanban.pdf"
    pdf.write_bytes(simple_pdf())
    [first] = _sign(kyso, kyso.certificate(LEADER), "invisible", pdf)
    assert first["status"] == "signed", first
    approved = tmp_path / first["output"]
    assert "Signature is Valid." in subprocess.run(
        ["pdfsig", str(approved)], capture_output=True, text=True, timeout=120
    ).stdout
    return approved


def test_issuance_over_an_approval_from_the_command_line(kyso: DemoCli, tmp_path: Path) -> None:
    approved = _approved(kyso, tmp_path)

    [second] = _sign(kyso, kyso.certificate(ORGANIZATION), "copy", approved)

    assert second["status"] == "signed", second
    out = tmp_path / second["output"]
    check_signed_output(out, kyso.demo_root_der(), tmp_path / "checks", signatures=2)
    # and `kyso verify`, in its own process, reads both
    verified = kyso("verify", "--json", "--offline", str(out))
    [report] = json.loads(verified.stdout)
    assert len(report["signatures"]) == 2, verified
    assert [s["intact"] for s in report["signatures"]] == [True, True], report
    assert "TOTAL_FAILED" not in {s["conclusion"] for s in report["signatures"]}, report


def test_a_signed_input_does_not_fail_the_rest_of_the_batch(kyso: DemoCli, tmp_path: Path) -> None:
    approved = _approved(kyso, tmp_path)
    fresh = tmp_path / "congvan.pdf"
    fresh.write_bytes(simple_pdf())

    lines = _sign(kyso, kyso.certificate(ORGANIZATION), "copy", approved, fresh)

    assert [line["status"] for line in lines] == ["signed", "signed"], lines
    root = kyso.demo_root_der()
    check_signed_output(tmp_path / lines[0]["output"], root, tmp_path / "c1", signatures=2)
    check_signed_output(tmp_path / lines[1]["output"], root, tmp_path / "c2", signatures=1)


# The GUI's Sign page and the web bridge call the same core function (sign_with_key over a
# Pkcs11Key); each face's module is imported first, as the app would, and nothing else.
FACE_SIGNS = r"""
import importlib, sys
from pathlib import Path
importlib.import_module(sys.argv[1])  # the face's signing module, first

from kyso.core.app.environment import open_environment
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.batch import SignRequest, sign_options, sign_with_key
from kyso.core.signing.pades import Level
from kyso.core.tokens.key import Pkcs11Key
from kyso.core.tokens.slots import list_tokens

class Pin:
    def ask_pin(self, request):
        return "123456"
    def pinpad_started(self, request):
        pass
    def pinpad_finished(self):
        pass
    def already_logged_in(self, request):
        pass

env = open_environment(demo=True)
module = env.module_for(env.demo.module_path)
[snap] = list_tokens(module)
entry = next(c for c in snap.user_certificates() if sys.argv[3] in c.details.subject)
options = sign_options(None, AppearanceSpec(Profile.COPY, organization="UBND"),
                       level=Level.B_B, reason=None)
with Pkcs11Key.for_entry(module, snap, entry, Pin()) as key:
    report = sign_with_key(key, SignRequest([Path(sys.argv[2])], options))
[result] = report.results
print(result.status, result.output or "", result.error.code if result.error else "")
"""


@pytest.mark.parametrize("face", ["kyso.ui.sign.worker", "kyso.ui.bridge.signing"])
def test_issuance_over_an_approval_from_the_gui_and_bridge_paths(
    face: str, kyso: DemoCli, tmp_path: Path
) -> None:
    approved = _approved(kyso, tmp_path)

    run = kyso.python(FACE_SIGNS, face, str(approved), ORGANIZATION)

    assert run.returncode == 0, run
    status, output, code = (run.stdout.strip().splitlines()[-1].split(" ") + ["", ""])[:3]
    assert (status, code) == ("signed", ""), run
    check_signed_output(Path(output), kyso.demo_root_der(), tmp_path / "checks", signatures=2)
