"""Bounded certificate inputs (issue 14): oversized files, FIFOs, devices and folders are
refused with a message; PEM bundles are parsed in one pass. The FIFO and hostile-PEM tests
run the call in a thread with a generous bound, so a regression fails instead of hanging."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kyso.cli.main import main
from kyso.core.certs.files import (
    MAX_CERT_FILE_BYTES,
    CertificateFileError,
    load_certificates,
    pem_blocks,
    read_certificate_bytes,
)
from kyso.core.inventory.importing import read_certificate_file


def finishes(call: Callable[[], object], bound: float = 30.0) -> object:
    """``call``'s result or exception; fails if it is still running after ``bound`` s."""
    box: list[object] = []

    def run() -> None:
        try:
            box.append(call())
        except BaseException as exc:  # handed to the test
            box.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(bound)
    assert box, f"still running after {bound} s"
    return box[0]


@pytest.fixture(scope="module")
def bundle() -> list[bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "Sở Y tế (TEST)")])
    pems = []
    for serial in range(1, 2001):
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(serial)
            .not_valid_before(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
            .not_valid_after(dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc))
            .sign(key, hashes.SHA256())
        )
        pems.append(cert.public_bytes(serialization.Encoding.PEM))
    return pems


def test_a_bundle_of_2000_certificates(bundle: list[bytes], tmp_path: Path) -> None:
    path = tmp_path / "bundle.pem"
    path.write_bytes(b"# comment\n" + b"".join(bundle))
    assert [c.serial_number for c in load_certificates(path)] == list(range(1, 2001))
    certs, problems = read_certificate_file(path)
    assert len(certs) == 2000 and problems == []
    lines = [b.line for b in pem_blocks(path.read_bytes())]
    expected, line = [], 2
    for pem in bundle:
        expected.append(line)
        line += pem.count(b"\n")
    assert lines == expected


def test_hostile_pem_is_one_pass(tmp_path: Path, bundle: list[bytes]) -> None:
    # 60,000 BEGIN lines and no END, then one good certificate: a scan that looks for the
    # END from every BEGIN to the end of the file would need ~100 GB of reads.
    data = b"-----BEGIN CERTIFICATE-----\nAAAA\n" * 60_000 + bundle[0]
    result = finishes(lambda: list(pem_blocks(data)))
    assert isinstance(result, list)
    assert len(result) == 60_001 and result[-1].data == bundle[0].rstrip(b"\n")
    assert result[1].line == 3 and result[0].data is None
    path = tmp_path / "hostile.pem"
    path.write_bytes(data)
    outcome = finishes(lambda: read_certificate_file(path))
    assert isinstance(outcome, tuple)
    certs, problems = outcome
    assert len(certs) == 1 and len(problems) == 60_000


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.pem"
    with big.open("wb") as fh:
        fh.truncate(MAX_CERT_FILE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(CertificateFileError) as info:
        load_certificates(big)
    assert info.value.code == "cert_file_too_large" and "MB" in info.value.vi
    certs, problems = read_certificate_file(big)
    assert certs == [] and "quá lớn" in problems[0].message()


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "cert.pem"
    os.mkfifo(fifo)  # nobody writes: reading it would block for ever
    result = finishes(lambda: read_certificate_bytes(fifo))
    assert isinstance(result, CertificateFileError) and result.code == "cert_file_not_regular"
    outcome = finishes(lambda: read_certificate_file(fifo))
    assert isinstance(outcome, tuple) and outcome[0] == [] and outcome[1]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_devices_are_refused() -> None:
    result = finishes(lambda: read_certificate_bytes("/dev/zero"))
    assert isinstance(result, CertificateFileError) and result.code == "cert_file_not_regular"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CertificateFileError) as info:
        read_certificate_bytes(tmp_path)
    assert info.value.code == "cert_file_not_regular"


def test_cli_check_refuses_fifo_device_and_huge_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "cert.pem"
    os.mkfifo(fifo)
    big = tmp_path / "big.pem"
    with big.open("wb") as fh:
        fh.truncate(MAX_CERT_FILE_BYTES + 1)
    targets = [str(fifo), str(big)] + (["/dev/zero"] if Path("/dev/zero").exists() else [])
    for target in targets:
        code = finishes(lambda t=target: main(["check", "--offline", t]))
        out, err = capsys.readouterr()
        assert code == 1, (target, err)
        assert "Traceback" not in err and "Lỗi không mong đợi" not in out + err
        assert target in err
