"""Benchmark: bounded inputs (issue 14) — PEM bundles and hostile PEM, one pass.

Run from the repository root::

    python -m tests.bench.bench_inputs

Prints the time to read bundles of 500 and 2,000 certificates (``kyso check`` and
``kyso inventory import`` paths) and a file of BEGIN lines without END, with the ratio
2,000 / 500 (about 4 for linear time, 16 for quadratic). No timing is asserted.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kyso.core.certs.files import load_certificates, pem_blocks
from kyso.core.inventory.importing import read_certificate_file


def _bundle(n: int) -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "Sở Y tế (TEST)")])
    pems = []
    for serial in range(1, n + 1):
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
    return b"".join(pems)


def _time(call: object) -> float:
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        results: dict[str, dict[int, float]] = {"load_certificates": {}, "inventory import": {}}
        for n in (500, 2000):
            path = Path(folder) / f"bundle{n}.pem"
            path.write_bytes(_bundle(n))
            results["load_certificates"][n] = _time(lambda p=path: load_certificates(p))
            results["inventory import"][n] = _time(lambda p=path: read_certificate_file(p))
        for what, times in results.items():
            print(
                f"{what:18s} 500: {times[500]:.3f} s   2000: {times[2000]:.3f} s   "
                f"ratio {times[2000] / times[500]:.1f}"
            )
        hostile = b"-----BEGIN CERTIFICATE-----\nAAAA\n" * 60_000
        print(f"60,000 BEGIN without END: {_time(lambda: list(pem_blocks(hostile))):.3f} s")


if __name__ == "__main__":
    main()
