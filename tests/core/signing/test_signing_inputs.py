"""Bad inputs, files that must not be touched, and existing signatures (issue 5)."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from pathlib import Path

import pytest

from kyso.core.errors import PinError
from kyso.core.signing.appearance import AppearanceSpec, Profile
from kyso.core.signing.pades import Level, SignOptions, sha256_file
from tests.support.output_checks import check_signed_output
from tests.support.signing_fixtures import make_pdf, sign_world, sign_world_base

__all__ = ["sign_world", "sign_world_base"]


def _opts(world, **kw):
    kw.setdefault("level", Level.B_B)
    return SignOptions(tsa_url=world.tsa.url, **kw)


def _no_leftovers(folder: Path) -> None:
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


def _validate_all(world, path: Path) -> int:
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with path.open("rb") as fh:
        reader = PdfFileReader(fh)
        for sig in reader.embedded_signatures:
            vc = ValidationContext(trust_roots=[ax509.Certificate.load(world.root_der)])
            st = validate_pdf_signature(sig, vc)
            assert st.intact and st.valid and st.trusted, st.pretty_print_details()
        return len(reader.embedded_signatures)


def _encrypted_pdf(src: Path, dst: Path, password: str) -> Path:
    from pyhanko.pdf_utils.crypt import StandardSecurityHandler
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    with src.open("rb") as fh:
        w = copy_into_new_writer(PdfFileReader(fh))
    w._assign_security_handler(
        StandardSecurityHandler.build_from_pw(password, password)
    )
    with dst.open("wb") as out:
        w.write(out)
    return dst


def test_existing_signature_stays_valid(sign_world, tmp_path):
    src = make_pdf(tmp_path / "vb.pdf")
    first = sign_world.signer("leader-province").sign_file(src, _opts(sign_world))
    assert first.status == "signed"
    spec = AppearanceSpec(Profile.COPY, organization="Văn phòng UBND tỉnh Hưng Yên")
    second = sign_world.signer("organization").sign_file(
        first.output, _opts(sign_world, level=Level.B_T, appearance=spec)
    )
    assert second.status == "signed", second.error
    assert second.output.name == "vb.signed.signed.pdf"
    assert _validate_all(sign_world, second.output) == 2
    out = subprocess.run(["pdfsig", str(second.output)], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid") == 2
    check_signed_output(second.output, sign_world.root_der, tmp_path / "checks", signatures=2)


def test_never_overwrites(sign_world, tmp_path):
    src = make_pdf(tmp_path / "vb.pdf")
    existing = tmp_path / "vb.signed.pdf"
    existing.write_bytes(b"keep me")
    result = sign_world.signer().sign_file(src, _opts(sign_world))
    assert result.status == "failed" and result.error.code == "output_exists"
    assert existing.read_bytes() == b"keep me"
    _no_leftovers(tmp_path)


def test_out_dir_created(sign_world, tmp_path):
    src = make_pdf(tmp_path / "vb.pdf")
    digest = sha256_file(src)
    out_dir = tmp_path / "đã ký" / "tháng 11"
    result = sign_world.signer().sign_file(src, _opts(sign_world, out_dir=out_dir))
    assert result.status == "signed" and result.output == out_dir / "vb.signed.pdf"
    assert sha256_file(src) == digest
    _no_leftovers(out_dir)


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("empty.pdf", b"", "input_empty"),
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "not_pdf"),
        ("damaged.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n" + os.urandom(300), "damaged_pdf"),
    ],
)
def test_bad_pdfs(sign_world, tmp_path, name, content, code):
    src = tmp_path / name
    src.write_bytes(content)
    result = sign_world.signer().sign_file(src, _opts(sign_world))
    assert result.status == "failed" and result.error.code == code, result.error
    assert result.error.vi and result.error.en
    assert src.read_bytes() == content
    assert not (tmp_path / (name[:-4] + ".signed.pdf")).exists()
    _no_leftovers(tmp_path)


def test_truncated_pdf(sign_world, tmp_path):
    good = make_pdf(tmp_path / "good.pdf").read_bytes()
    src = tmp_path / "cut.pdf"
    src.write_bytes(good[: len(good) // 2])
    result = sign_world.signer().sign_file(src, _opts(sign_world))
    # a truncated PDF is refused with a clear message (or, if the reader can recover it, signed)
    assert result.status == "failed" and result.error.code == "damaged_pdf", result.error
    _no_leftovers(tmp_path)


def test_missing_input(sign_world, tmp_path):
    result = sign_world.signer().sign_file(tmp_path / "none.pdf", _opts(sign_world))
    assert result.error.code == "input_missing"


def test_encrypted_pdf(sign_world, tmp_path):
    src = _encrypted_pdf(make_pdf(tmp_path / "plain.pdf"), tmp_path / "secret.pdf", "mật-khẩu")
    digest = sha256_file(src)
    result = sign_world.signer().sign_file(src, _opts(sign_world))
    assert result.error.code == "encrypted_pdf", result.error
    assert "mật khẩu" in result.error.vi
    wrong = sign_world.signer().sign_file(src, _opts(sign_world, password="sai"))
    assert wrong.error.code == "bad_password"
    ok = sign_world.signer().sign_file(src, _opts(sign_world, password="mật-khẩu"))
    assert ok.status == "signed", ok.error
    assert sha256_file(src) == digest
    _no_leftovers(tmp_path)


@pytest.mark.parametrize("data", [b"GIF89a" + b"\0" * 40, b"\x89PNG\r\n\x1a\n" + b"garbage" * 10])
def test_png_that_is_not_a_png(sign_world, tmp_path, data):
    src = make_pdf(tmp_path / "vb.pdf")
    spec = AppearanceSpec(Profile.APPROVAL, box=(300, 100, 500, 180), image_png=data)
    result = sign_world.signer().sign_file(src, _opts(sign_world, appearance=spec))
    assert result.error.code == "bad_png"
    assert "PNG" in result.error.vi
    _no_leftovers(tmp_path)


def test_page_out_of_range(sign_world, tmp_path):
    src = make_pdf(tmp_path / "vb.pdf")
    spec = AppearanceSpec(Profile.APPENDIX, page=3, number_symbol="1/QĐ")
    result = sign_world.signer().sign_file(src, _opts(sign_world, appearance=spec))
    assert result.error.code == "page_out_of_range"


@contextlib.contextmanager
def _read_only_dir(path: Path):
    path.mkdir()
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield path
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o500)
        try:
            yield path
        finally:
            path.chmod(0o700)


def test_output_folder_not_writable(sign_world, tmp_path):
    src = make_pdf(tmp_path / "vb.pdf")
    with _read_only_dir(tmp_path / "ro") as ro:
        result = sign_world.signer().sign_file(src, _opts(sign_world, out_dir=ro))
        assert result.status == "failed" and result.error.code == "output_not_writable", result.error
        assert "quyền ghi" in result.error.vi
        assert list(ro.iterdir()) == []


@contextlib.contextmanager
def _tiny_tmpfs(path: Path, size_kb: int):
    path.mkdir()
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)], capture_output=True
    )
    if proc.returncode != 0:
        yield None
        return
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


def test_full_disk(sign_world, tmp_path, monkeypatch):
    src = make_pdf(tmp_path / "vb.pdf")
    with _tiny_tmpfs(tmp_path / "full", 64) as full:
        if full is not None:
            # a real, size-limited file system: leave ~8 KB free, the signed file needs more
            filler = full / "filler.bin"
            fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
            try:
                while True:
                    os.write(fd, b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
            finally:
                os.close(fd)
            os.truncate(filler, filler.stat().st_size - 8 * 1024)
            out_dir = full
        else:  # no tmpfs here: simulate ENOSPC where a full disk reports it (write/fsync)
            out_dir = tmp_path / "sim"

            def enospc(fd: int) -> None:
                raise OSError(errno.ENOSPC, "No space left on device (simulated)")

            monkeypatch.setattr("kyso.core.signing.pades.os.fsync", enospc)
        result = sign_world.signer().sign_file(
            src, _opts(sign_world, out_dir=out_dir, appearance=AppearanceSpec(Profile.APPENDIX, number_symbol="9/TB"))
        )
        assert result.status == "failed" and result.error.code == "disk_full", result.error
        assert "đầy" in result.error.vi
        assert sorted(p.name for p in out_dir.iterdir()) in ([], ["filler.bin"])


def test_wrong_pin(sign_world):
    with pytest.raises(PinError) as info:
        sign_world.login(sign_world.pin_serial, pin="000000")
    assert info.value.code == "pin_incorrect"
    assert "PIN" in info.value.vi

    session = sign_world.login(sign_world.pin_serial)  # the right PIN still works afterwards
    session.close()
