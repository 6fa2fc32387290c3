"""Speed of the GUI's "Kiểm tra tất cả" two-tier part (issue 15 item 6: "the GUI check of
many certificates as fast" as ``kyso check --subjects-from``).

Run: ``PYTHONPATH=desktop:. python -m tests.bench.bench_gui_reform``. Builds 10,000 real certificates (one
Ed25519 key, the benches' subjects) and prints CPU times, best of 3, each run cold (every
name and verdict cache cleared) and inside one process, as the GUI runs it:

- ``certificates_reform`` over the certificates (what the GUI's check-all computes for the
  two-tier column, :mod:`kyso.ui.checks`);
- the CLI's batch path (``subjects_json``) over the same subjects as strings, the baseline
  it is compared with.

The mixed set and the set where no unit repeats (see ``bench_check_subjects``). No asserts.
The trust half of check-all (chains, CRL/OCSP) is not measured here: it is network- and
store-bound and has its own bench (``bench_trust``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ed25519

from kyso.core.checkup.certificate import certificates_reform, collections_paused, subjects_json
from kyso.core.reform.check import clear_caches
from kyso.core.subjects.admin_units import load
from tests.bench.bench_check_subjects import no_repeat_subjects
from tests.bench.bench_reform import N, subjects


def certificates(dns: list[str]) -> list[x509.Certificate]:
    key = ed25519.Ed25519PrivateKey.generate()
    issuer = x509.Name.from_rfc4514_string("CN=Bench CA,C=VN")
    start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    out = []
    for i, dn in enumerate(dns):
        out.append(
            x509.CertificateBuilder()
            .subject_name(x509.Name.from_rfc4514_string(dn))
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(i + 1)
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=3650))
            .sign(key, None)
        )
    return out


def best_cold(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        clear_caches()
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    units = load()
    for label, dns in (
        ("mixed", subjects(units, N)),
        ("no unit repeats", no_repeat_subjects(units, N)),
    ):
        certs = certificates(dns)
        # The certificates' subjects as the GUI reads them (parsed once when listed).
        for cert in certs:
            _ = cert.subject

        def gui(certs: list[x509.Certificate] = certs) -> None:
            certificates_reform(certs)

        def cli(dns: list[str] = dns) -> None:
            with collections_paused():
                for _ in subjects_json(dns):
                    pass

        gui_s, cli_s = best_cold(gui), best_cold(cli)
        print(
            f"{label:16s} {len(certs)} certificates: GUI check-all two-tier {gui_s * 1000:6.0f} ms"
            f"  CLI batch {cli_s * 1000:6.0f} ms  = {gui_s / cli_s:.2f}x of it"
        )


if __name__ == "__main__":
    main()
