"""What the verification tests share: the verifier over the test PKI, online (its CRL and
OCSP responders serve on 127.0.0.1). A test module that needs another one (offline) defines
its own ``verifier``, which pytest prefers to this one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.verify_fixtures import VerifyWorld


@pytest.fixture
def verifier(verify_world: VerifyWorld, world, tmp_path: Path):
    return verify_world.verifier(tmp_path)
