"""``kyso --demo …`` as a user runs it: a fresh Python process.

Tests that call ``kyso.cli.main()`` inside pytest inherit whatever pytest imported before
(pyHanko, asn1crypto.tsp…), which hides import-order defects such as asn1crypto's OID name
map frozen too early (review finding 7). These helpers run Kyso in its own process, with the
conftest's isolated Kyso home (KYSO_HOME, KYSO_MACHINE_CONFIG from the environment).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


class DemoCli:
    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.env = dict(
            os.environ, PYTHONPATH=f"{REPO / 'desktop'}", QT_QPA_PLATFORM="offscreen"
        )
        self.env.pop("SOFTHSM2_CONF", None)

    def __call__(self, *args: str, stdin: str = "", **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kyso.cli", "--demo", *args],
            input=stdin,
            env=dict(self.env, **extra),
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def python(self, code: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        """``python -c code args…`` in a fresh process with the same environment."""
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            env=dict(self.env, **extra),
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def certificate(self, name: str) -> str:
        """The SHA-256 of the DEMO certificate whose subject contains ``name``."""
        devices = self("devices", "--json")
        assert devices.returncode == 0, devices.stderr
        return next(
            c["sha256"]
            for t in json.loads(devices.stdout)["tokens"]
            for c in t["certificates"]
            if name in c["subject"]
        )

    def demo_root_der(self) -> bytes:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        [pem] = list(Path(self.env["KYSO_HOME"]).rglob("demo/demo-root.pem"))
        cert = x509.load_pem_x509_certificate(pem.read_bytes())
        return cert.public_bytes(serialization.Encoding.DER)

    def json_lines(self, run: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
        return [json.loads(x) for x in run.stdout.splitlines() if x.strip()]
