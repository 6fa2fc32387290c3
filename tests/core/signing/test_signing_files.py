"""Encrypted inputs and output permissions (issue 13)."""

from __future__ import annotations

import os
import stat

import pikepdf
import pytest

from kyso.core.signing import inputs
from kyso.core.signing.pades import Level, SignOptions, sha256_file
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


def _encrypt(src, dst, *, owner: str, user: str):
    with pikepdf.open(src) as pdf:
        pdf.save(dst, encryption=pikepdf.Encryption(owner=owner, user=user, R=6))
    return dst


def test_owner_password_only_signs_without_asking_and_stays_encrypted(sign_world, tmp_path):
    src = _encrypt(make_pdf(tmp_path / "a.pdf"), tmp_path / "owner.pdf", owner="chủ-sở-hữu", user="")
    report = inputs.inspect_pdf(src)  # opens with the empty user password: nothing to ask
    assert report.encrypted
    digest = sha256_file(src)
    result = sign_world.signer().sign_file(src, SignOptions(level=Level.B_B))
    assert result.status == "signed", result.error
    assert sha256_file(src) == digest
    with pikepdf.open(result.output) as pdf:
        assert pdf.is_encrypted
    check_signed_output(result.output, sign_world.root_der, tmp_path / "k", signatures=1)


def test_user_password_is_asked_for_and_encryption_kept(sign_world, tmp_path):
    src = _encrypt(make_pdf(tmp_path / "a.pdf"), tmp_path / "locked.pdf", owner="o-1", user="mở-tệp")
    with pytest.raises(inputs.InputError) as info:
        inputs.inspect_pdf(src)
    assert info.value.code == "encrypted_pdf" and "--password-stdin" in info.value.vi
    with pytest.raises(inputs.InputError) as wrong:
        inputs.inspect_pdf(src, "sai")
    assert wrong.value.code == "bad_password"
    result = sign_world.signer().sign_file(src, SignOptions(level=Level.B_B, password="mở-tệp"))
    assert result.status == "signed", result.error
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(result.output)  # still needs the password
    check_signed_output(
        result.output, sign_world.root_der, tmp_path / "k", signatures=1, password="mở-tệp"
    )


@pytest.mark.parametrize(("mode", "expected"), [(0o644, 0o644), (0o640, 0o640), (0o755, 0o644), (0o600, 0o600)])
def test_output_gets_the_inputs_permissions_without_exec_bits(sign_world, tmp_path, mode, expected):
    src = make_pdf(tmp_path / "a.pdf")
    os.chmod(src, mode)
    old = os.umask(0o077)  # the output's mode must not depend on the umask
    try:
        result = sign_world.signer().sign_file(src, SignOptions(level=Level.B_B))
    finally:
        os.umask(old)
    assert result.status == "signed", result.error
    assert stat.S_IMODE(result.output.stat().st_mode) == expected
