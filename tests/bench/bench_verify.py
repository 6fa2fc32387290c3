"""Benchmark: verifying 200 signed one-page PDFs offline (cached revocation).

Run from the repository root::

    PYTHONPATH=desktop python -m tests.bench.bench_verify [N] [--baseline-sample K]
        [--repeat R] [--crossover]

Signs N one-page PDFs (B-B, pyHanko SimpleSigner, a BENCH test PKI), puts the sub-CA's CRL
into a fresh revocation cache, then times

* Kyso: :func:`kyso.core.verify.validation.verify_many` over all N files, offline, with up
  to every core (the calling process and the worker processes it decides to start);
* the baseline of this run: ``pyhanko sign validate --trust root.pem --trust-replace
  --no-revocation-check FILE`` once per file (the pyHanko CLI, from ``$KYSO_PYHANKO`` or
  ``PATH``), run with as many processes in parallel as Kyso has workers, so both sides use
  the same cores. ``--baseline-sample K`` times only K files and scales up.

* the second baseline (issue 12): a bare in-process pyHanko loop — one process,
  ``validate_pdf_signature`` with the same trust root, no revocation, diff analysis on —
  what a script using pyHanko directly would do.

Prints files per second (wall) and CPU seconds (this process and its children: Kyso's
workers, the CLI processes) for each and the ratios (the floors set by issues 6 and 12:
≥ 5× the CLI, faster than the bare loop). ``--repeat R`` times Kyso and the loop R times,
alternately (the machine's load changes). ``--crossover`` times batches of 10…160 files
in the calling process alone and with worker processes forced, to set
``validation.FILES_PER_PROCESS``. The pyHanko CLI comes with ``pip install
pyhanko-cli`` (in the ``test`` extra). No timing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import datetime as dt
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from kyso.core.demo.pki import PkiBuilder, PkiUrls, person_name
from kyso.core.settings import Settings
from kyso.core.trust.anchors import load_anchors
from kyso.core.trust.checker import TrustChecker
from kyso.core.trust.revocation import RevocationCache
from kyso.core.verify import validation
from kyso.core.verify.validation import verify_many
from tests.support.verify_fixtures import Signer, simple_pdf

UTC = dt.timezone.utc


class _Clock:
    """Wall and CPU time of a block: this process plus the children it waited for."""

    def __enter__(self) -> _Clock:
        self._wall = time.perf_counter()
        self._cpu = _cpu_now()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = _cpu_now() - self._cpu


def _cpu_now() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _kyso(files: list[Path], workers: int, checker: TrustChecker) -> tuple[_Clock, dict[str, int]]:
    import multiprocessing

    with _Clock() as clock:
        results = list(verify_many(files, workers=workers, checker=checker, online=False))
    # verify_many does not wait for its workers to exit; their CPU counts once reaped
    while multiprocessing.active_children():
        time.sleep(0.02)
    clock.cpu = _cpu_now() - clock._cpu
    statuses: dict[str, int] = {}
    for r in results:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    return clock, statuses


def _crossover(files: list[Path], workers: int, checker: TrustChecker) -> None:
    print(f"crossover: the calling process alone vs with {workers - 1} worker(s) forced")
    saved, idle = validation.FILES_PER_PROCESS, validation.idle_cores
    try:
        for n in sorted({10, 20, 40, 80, 160, len(files)}):
            if n > len(files):
                break
            alone, _ = _kyso(files[:n], 1, checker)
            validation.FILES_PER_PROCESS = 1
            validation.idle_cores = lambda: workers  # type: ignore[assignment]
            forced, _ = _kyso(files[:n], workers, checker)
            validation.FILES_PER_PROCESS = saved
            validation.idle_cores = idle
            print(
                f"  {n:4d} files: alone {alone.wall:6.2f} s wall {alone.cpu:6.2f} s CPU; "
                f"with workers {forced.wall:6.2f} s wall {forced.cpu:6.2f} s CPU"
            )
    finally:
        validation.FILES_PER_PROCESS, validation.idle_cores = saved, idle


def _pyhanko_cli() -> str | None:
    beside = str(Path(sys.executable).with_name("pyhanko"))
    for candidate in (os.environ.get("KYSO_PYHANKO"), shutil.which("pyhanko"), beside):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _sign(data: bytes, signer: Signer, name: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    out = io.BytesIO()
    pdf_signer = signers.PdfSigner(meta, signer=signer.pyhanko_signer())
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    asyncio.run(pdf_signer.async_sign_pdf(writer, output=out))
    return out.getvalue()


def _validate_cli(cli: str, root: Path, pdf: Path) -> bool:
    proc = subprocess.run(
        [
            cli,
            "sign",
            "validate",
            "--trust",
            str(root),
            "--trust-replace",
            "--no-revocation-check",
            str(pdf),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc.returncode == 0


def _pyhanko_loop(files: list[Path], root_der: bytes) -> int:
    """Validate each file in this process with pyHanko's API; returns how many passed."""
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = ax509.Certificate.load(root_der)
    ok = 0
    for f in files:
        with f.open("rb") as fh:
            reader = PdfFileReader(fh, strict=False)
            vc = ValidationContext(trust_roots=[root], allow_fetching=False)
            for sig in reader.embedded_regular_signatures:
                status = asyncio.run(async_validate_pdf_signature(sig, vc))
                ok += bool(status.bottom_line)
    return ok


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=200)
    parser.add_argument("--baseline-sample", type=int, default=None)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--crossover", action="store_true")
    parser.add_argument("--crossover-only", action="store_true")
    args = parser.parse_args(argv)
    n, workers = args.n, args.workers

    pki = PkiBuilder(marker="BENCH", urls=PkiUrls(crl_url="http://127.0.0.1:9/bench-sub.crl"))
    subject = person_name(
        "Nguyễn Văn Ký", ous=["Văn phòng"], o="UBND tỉnh Hưng Yên", locality="Hưng Yên"
    )
    signer = Signer(pki.issue(subject), [pki.sub_ca, pki.root], "bench")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "anchors").mkdir()
        root_pem = root / "anchors" / "root.pem"
        root_pem.write_bytes(pki.root.pem)
        docs = root / "docs"
        docs.mkdir()
        started = time.perf_counter()
        base = simple_pdf()
        files = []
        for i in range(n):
            path = docs / f"van-ban-{i:04d}.pdf"
            path.write_bytes(_sign(base, signer, f"Sig{i}"))
            files.append(path)
        print(f"signed {n} one-page PDFs in {time.perf_counter() - started:.1f} s")

        cache = RevocationCache(root / "cache" / "revocation")
        assert pki.urls.crl_url
        cache.put(
            "crl",
            pki.urls.crl_url,
            pki.make_crl().public_bytes(serialization.Encoding.DER),
            url=pki.urls.crl_url,
            fetched_at=dt.datetime.now(UTC),
        )
        settings = Settings(anchors_path=str(root / "anchors"), revocation_timeout_s=1.0)
        checker = TrustChecker(settings, load_anchors(settings, include_system=False), cache)

        if args.crossover or args.crossover_only:
            for _ in range(args.repeat if args.crossover_only else 1):
                _crossover(files, workers, checker)
            if args.crossover_only:
                return
        kyso_s: list[float] = []
        for run in range(args.repeat):
            processes = 1 + validation.worker_processes(n, workers)
            load = os.getloadavg()[0]
            kyso, statuses = _kyso(files, workers, checker)
            kyso_s.append(kyso.wall)
            print(
                f"[{run + 1}] Kyso verify_many, up to {workers} process(es), {processes} used "
                f"(load {load:.1f}), offline: {n / kyso.wall:8.1f} files/s ({kyso.wall:.2f} s wall, "
                f"{kyso.cpu:.2f} s CPU, {statuses})"
            )
            with _Clock() as loop:
                loop_ok = _pyhanko_loop(files, pki.root.der)
            print(
                f"[{run + 1}] bare in-process pyHanko loop, 1 process: {n / loop.wall:8.1f} "
                f"files/s ({loop.wall:.2f} s wall, {loop.cpu:.2f} s CPU, {loop_ok}/{n} valid)"
            )
            ratio = loop.wall / kyso.wall
            print(
                f"[{run + 1}] ratio: Kyso is ×{ratio:.2f} the bare loop's speed "
                f"(floor ×1: {'met' if ratio > 1 else 'NOT met'})"
            )
        kyso_best = min(kyso_s)

        cli = _pyhanko_cli()
        if cli is None:
            print(
                "pyhanko CLI not found (pip install pyhanko-cli, or set KYSO_PYHANKO): no baseline"
            )
            return
        sample = files[: args.baseline_sample] if args.baseline_sample else files
        with _Clock() as clock, concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            oks = list(pool.map(lambda f: _validate_cli(cli, root_pem, f), sample))
        base_s = clock.wall * n / len(sample)
        print(
            f"pyhanko sign validate once per file, {workers} in parallel: {n / base_s:8.1f} "
            f"files/s ({base_s:.2f} s wall, {clock.cpu * n / len(sample):.2f} s CPU for {n}"
            f"{' (scaled)' if len(sample) < n else ''}, {sum(oks)}/{len(sample)} valid)"
        )
        ratio = base_s / kyso_best
        print(
            f"ratio: Kyso (best of {args.repeat}) is ×{ratio:.1f} faster "
            f"(floor ×5: {'met' if ratio >= 5 else 'NOT met'})"
        )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
