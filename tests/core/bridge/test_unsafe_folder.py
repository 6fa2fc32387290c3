"""The user's bridge folder is reused only when it is safe (issue 18 review): a real 0700
folder of the user's, holding only the user's own regular files nobody else may write.
Otherwise the certificates are made in a fresh folder, the bad one removed without
following any link (real folders, modes, owners and links in tmp; the suite runs as root,
so another owner is a real chown)."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from kyso.core.bridge import local_ca

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes, owners and links")


def _made(tmp_path):
    data = tmp_path / "data"
    certs, made = local_ca.prepare_user_certificates(data, make=True)
    assert made
    return data, certs


def test_a_safe_folder_is_reused(tmp_path) -> None:
    data, certs = _made(tmp_path)
    assert local_ca.folder_problem(certs.folder) is None
    assert stat.S_IMODE(certs.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(certs.key.stat().st_mode) == 0o600
    assert stat.S_IMODE(certs.ca.stat().st_mode) == 0o644
    ca = certs.ca.read_bytes()
    again, made = local_ca.prepare_user_certificates(data, make=True)
    assert not made and again.ca.read_bytes() == ca
    assert [p.name for p in certs.folder.iterdir() if p.name.endswith(".new")] == []


def test_a_folder_that_is_a_link_is_replaced_and_its_target_untouched(tmp_path, caplog) -> None:
    data = tmp_path / "data"
    data.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (elsewhere / local_ca.CA_FILE).write_text("someone else's CA\n")
    os.symlink(elsewhere, data / "bridge")

    with caplog.at_level(logging.WARNING, logger="kyso.core.bridge.local_ca"):
        certs, made = local_ca.prepare_user_certificates(data, make=True)

    assert made
    assert not certs.folder.is_symlink() and certs.folder.is_dir()
    assert stat.S_IMODE(certs.folder.lstat().st_mode) == 0o700
    assert (elsewhere / local_ca.CA_FILE).read_text() == "someone else's CA\n"
    assert sorted(p.name for p in elsewhere.iterdir()) == [local_ca.CA_FILE]
    assert "is a link" in caplog.text  # the reason is said


def test_a_ca_file_others_may_write_is_not_reused(tmp_path) -> None:
    data, certs = _made(tmp_path)
    certs.ca.chmod(0o666)  # anyone could have swapped the CA the next trust installs
    old = certs.ca.read_bytes()

    again, made = local_ca.prepare_user_certificates(data, make=True)

    assert made and again.ca.read_bytes() != old
    assert stat.S_IMODE(again.ca.stat().st_mode) == 0o644


def test_files_of_another_owner_are_not_reused(tmp_path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    data, certs = _made(tmp_path)
    os.chown(certs.cert, 4242, 4242)

    again, made = local_ca.prepare_user_certificates(data, make=True)

    assert made and again.cert.stat().st_uid == os.geteuid()
    assert local_ca.folder_problem(again.folder) is None


def test_a_folder_of_another_owner_is_not_reused(tmp_path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a folder to another user needs root")
    data, certs = _made(tmp_path)
    os.chown(certs.folder, 4242, 4242)

    again, made = local_ca.prepare_user_certificates(data, make=True)

    assert made and again.folder.stat().st_uid == os.geteuid()
    # the unsafe folder is gone, not left beside the new one
    assert [p.name for p in data.iterdir()] == ["bridge"]


def test_a_link_inside_is_removed_not_followed(tmp_path) -> None:
    data, certs = _made(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    os.symlink(victim, certs.folder / "extra")

    _again, made = local_ca.prepare_user_certificates(data, make=True)

    assert made and victim.read_text() == "keep me\n"
    assert not os.path.lexists(certs.folder / "extra")


def test_without_make_an_unsafe_folder_without_certificates_stays_unmade(tmp_path) -> None:
    data = tmp_path / "data"
    (data / "bridge").mkdir(parents=True, mode=0o777)
    os.chmod(data / "bridge", 0o777)
    assert local_ca.prepare_user_certificates(data, make=False) == (None, False)
