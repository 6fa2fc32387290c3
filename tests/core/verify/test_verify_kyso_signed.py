"""Documents signed by Kyso's own token signer (issue 5), every profile and level, verify."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyso.core.settings import Settings
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.pades import Level, SignOptions
from kyso.core.trust.anchors import anchors_from_certificates
from kyso.core.trust.checker import TrustChecker
from kyso.core.trust.revocation import RevocationCache
from kyso.core.verify.validation import Verifier
from tests.support.signing_fixtures import (
    make_pdf,
    seal_png,
    sign_world,
    sign_world_base,
    signature_png,
)

__all__ = ["sign_world", "sign_world_base"]


def _verifier(sign_world, tmp_path: Path) -> Verifier:
    anchors = anchors_from_certificates([sign_world.certs.pki.root.cert], source="test")
    checker = TrustChecker(
        Settings(revocation_timeout_s=2.0), anchors, RevocationCache(tmp_path / "rev")
    )
    return Verifier(checker, online=True)


@pytest.mark.parametrize(
    ("profile", "level"),
    [
        (Profile.INVISIBLE, Level.B_B),
        (Profile.APPROVAL, Level.B_T),
        (Profile.ISSUANCE, Level.B_LT),
        (Profile.APPENDIX, Level.B_LTA),
        (Profile.COPY, Level.B_T),
    ],
)
def test_kyso_signed_documents_pass(sign_world, tmp_path: Path, profile, level) -> None:
    image = {Profile.APPROVAL: signature_png(), Profile.ISSUANCE: seal_png()}.get(profile)
    spec = AppearanceSpec(
        profile,
        image_png=image,
        signer_name="Nguyễn Văn An",
        organization="UBND tỉnh Hưng Yên",
        number_symbol="125/QĐ-UBND",
    )
    src = make_pdf(tmp_path / "in.pdf")
    signed = sign_world.signer().sign_file(
        src, SignOptions(level=level, tsa_url=sign_world.tsa.url, appearance=spec)
    )
    assert signed.status == "signed", signed.error
    result = _verifier(sign_world, tmp_path).verify(signed.output)
    assert result.status == "passed", result.to_json(language="en")
    [sig] = [s for s in result.signatures if s.kind == "signature"]
    assert sig.level == level.value == sig.format_level
    assert (sig.appearance is not None) == spec.visible
