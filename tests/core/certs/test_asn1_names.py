"""asn1crypto's name maps stay complete whatever reads CMS first (review finding 7).

Each case runs in a fresh interpreter: inside pytest, pyHanko and asn1crypto.tsp are
already imported and the defect cannot show.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

READ_FIRST = """
from asn1crypto import cms
cms.CMSAttributeType("1.2.840.113549.1.9.4").native   # reading by name freezes the map
{fix}
from pyhanko.sign.general import simple_cms_attribute
from pyhanko.sign.ades.cades_asn1 import SignaturePolicyIdentifier
print(cms.CMSAttributeType("signing_certificate_v2").dotted)
print(cms.CMSAttributeType("signature_policy_identifier").dotted)
from asn1crypto import x509
print(x509.ExtensionId("qc_statements").dotted)
"""


def _run(fix: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", READ_FIRST.format(fix=fix)],
        env=dict(os.environ, PYTHONPATH=str(REPO / "desktop")),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_reading_cms_before_pyhanko_breaks_asn1crypto_without_the_registration() -> None:
    # control: the defect is real in a fresh process
    run = _run("")
    assert run.returncode != 0
    assert "signing_certificate_v2" in run.stderr


def test_ensure_registered_repairs_maps_already_frozen() -> None:
    run = _run(
        "from kyso.core.certs.asn1_names import ensure_registered\nensure_registered()"
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [
        "1.2.840.113549.1.9.16.2.47",
        "1.2.840.113549.1.9.16.2.15",
        "1.3.6.1.5.5.7.1.3",
    ]



def test_hand_written_reverse_maps_keep_their_choice() -> None:
    """asn1crypto picks one OID among aliases by a hand-written reverse map (sha1_dsa has
    two); registering names must not change which OID is written (seen: a DSA certificate
    written with 1.3.14.3.2.27, which cryptography cannot read)."""
    from asn1crypto import algos

    from kyso.core.certs.asn1_names import ensure_registered

    chosen = algos.SignedDigestAlgorithmId._reverse_map["sha1_dsa"]
    ensure_registered()
    assert algos.SignedDigestAlgorithmId("sha1_dsa").dotted == chosen == "1.2.840.10040.4.3"
