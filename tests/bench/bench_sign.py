"""Signing benchmarks (issue 5). Prints ratios measured in the same run; asserts nothing.

    python tests/bench/bench_sign.py [--big-mb 100] [--batch 200] [--per-process 10]
                                     [--cli-sample 10]

1. A big PDF (100 MB by default): Kyso's signing time against (copy the file + SHA-256 it),
   and the signing process's peak resident memory (measured in a child process, so the
   parent's own allocations do not count).
2. N one-page PDFs: Kyso's batch (one login) against a bare pyHanko loop in one process
   (python-pkcs11 session + ``PKCS11Signer`` + ``signers.sign_pdf``), against a fresh
   process per file doing that same bare pyHanko signing, and against the pyHanko CLI run
   once per file (issue 13's floor: Kyso at least 10x faster per file) —
   ``pyhanko sign addsig --field Sig1 --use-pades pkcs11 --lib … --token-label …
   --cert-label leader-province --key-label leader-province --other-cert-file sub.der
   --other-cert-file root.der IN OUT`` with the PIN in ``PYHANKO_PKCS11_PIN``: the same
   SoftHSM2 token, key (RSA, as the bare loop) and level (PAdES B-B, invisible, SHA-256).
   The per-process baselines are timed on a sample (``--per-process``, ``--cli-sample``)
   one file after another and scaled to N, as bench_verify does. The pyHanko CLI comes
   with ``pip install pyhanko-cli`` (the ``test`` extra); ``$KYSO_PYHANKO`` names another.
   ``--big-mb 0`` skips the big-file part.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "desktop"))

PIN = "246810"
LABEL = "KYSO BENCH"


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_big_pdf(path: Path, megabytes: int) -> None:
    """One page showing a big uncompressed image XObject (random bytes), written in chunks."""
    side = int((megabytes * 1024 * 1024 / 3) ** 0.5)
    n = side * side * 3
    objs_before = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
    ]
    content = b"q 500 0 0 700 50 70 cm /Im1 Do Q"
    offsets = []
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        for i, body in enumerate(objs_before, start=1):
            offsets.append(fh.tell())
            fh.write(b"%d 0 obj\n%s\nendobj\n" % (i, body))
        offsets.append(fh.tell())
        fh.write(b"4 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(content), content))
        offsets.append(fh.tell())
        fh.write(
            b"5 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d "
            b"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Length %d >>\nstream\n" % (side, side, n)
        )
        left = n
        block = os.urandom(1 << 20)
        while left:
            k = min(left, len(block))
            fh.write(block[:k])
            left -= k
        fh.write(b"\nendstream\nendobj\n")
        xref = fh.tell()
        fh.write(b"xref\n0 6\n0000000000 65535 f \n")
        for off in offsets:
            fh.write(b"%010d 00000 n \n" % off)
        fh.write(b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)


def small_pdf(path: Path, i: int) -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 760, f"Van ban so {i}")
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())


# -- set-up -------------------------------------------------------------------------


def setup(work: Path) -> dict:
    from cryptography.hazmat.primitives import serialization

    from kyso.core.demo.token import demo_certificates, put_on_token
    from kyso.core.tokens.softhsm import SoftHSMStore, require_softhsm

    module_path, _ = require_softhsm()
    store = SoftHSMStore(work / "softhsm").ensure()
    certs = demo_certificates("BENCH")
    serial = put_on_token(store, LABEL, certs, user_pin=PIN, so_pin="12345678")
    (work / "root.der").write_bytes(certs.pki.root.der)
    (work / "sub.der").write_bytes(certs.pki.sub_ca.der)
    leaf = certs.leader_province
    (work / "leaf.der").write_bytes(leaf.der)
    _ = serialization
    return {
        "module": module_path,
        "conf": str(store.conf_path),
        "serial": serial,
        "work": str(work),
    }


def child_env(state: dict) -> dict:
    env = dict(os.environ)
    env["SOFTHSM2_CONF"] = state["conf"]
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "desktop"), str(ROOT)])
    return env


# -- child-process modes -------------------------------------------------------------


def kyso_signer(state: dict):
    from cryptography import x509

    from kyso.core.signing.pades import DocumentSigner
    from kyso.core.tokens.key import Pkcs11Key
    from kyso.core.tokens.modules import ModuleRegistry
    from kyso.core.tokens.sessions import login
    from kyso.core.tokens.slots import TokenKey, list_tokens

    class Pin:
        def ask_pin(self, request: object) -> str:
            return PIN

        def pinpad_started(self, request: object) -> None:
            pass

        def pinpad_finished(self) -> None:
            pass

    (module,) = ModuleRegistry.instance().load([state["module"]])
    snap = next(s for s in list_tokens(module) if s.info.serial == state["serial"])
    entry = next(c for c in snap.certificates if c.label == "leader-province")
    session = login(module, TokenKey(module.path, state["serial"]), Pin())
    work = Path(state["work"])
    key = Pkcs11Key.with_session(session, x509.load_der_x509_certificate(entry.der), entry.key_id)
    return DocumentSigner(
        key,
        chain_pool=[(work / "sub.der").read_bytes(), (work / "root.der").read_bytes()],
    ), session


def mode_kyso_one(state: dict, src: str, out_dir: str) -> dict:
    from kyso.core.signing.pades import SignOptions

    signer, session = kyso_signer(state)
    # warm up (first-call imports and caches), as in a running app: sign a one-page PDF
    warm = Path(out_dir) / "warm-up.pdf"
    small_pdf(warm, 0)
    assert signer.sign_file(warm, SignOptions()).status == "signed"
    before = rss_mb()
    t0 = time.perf_counter()
    result = signer.sign_file(Path(src), SignOptions(out_dir=Path(out_dir)))
    elapsed = time.perf_counter() - t0
    peak = peak_mb()  # before the check below, which is not part of signing
    session.close()
    assert result.status == "signed", result.error
    check_signed(Path(state["work"]), result.output)
    return {"seconds": elapsed, "rss_before_mb": before, "peak_mb": peak}


def check_signed(work: Path, path: Path) -> None:
    """A fast signature must still be a valid one: pyHanko validates the big output."""
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = ax509.Certificate.load((work / "root.der").read_bytes())
    with path.open("rb") as fh:
        (sig,) = PdfFileReader(fh).embedded_signatures
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()


def mode_kyso_batch(state: dict, folder: str, out_dir: str) -> dict:
    from kyso.core.signing.batch import sign_batch
    from kyso.core.signing.pades import SignOptions

    signer, session = kyso_signer(state)
    files = sorted(Path(folder).glob("*.pdf"))
    t0 = time.perf_counter()
    report = sign_batch(signer, files, SignOptions(out_dir=Path(out_dir)))
    elapsed = time.perf_counter() - t0
    session.close()
    assert len(report.signed) == len(files), report.to_json()
    return {"seconds": elapsed, "files": len(files), "peak_mb": peak_mb()}


def _bare_open(state: dict):
    import pkcs11

    lib = pkcs11.lib(state["module"])
    token = next(
        s.get_token() for s in lib.get_slots(token_present=True)
        if s.get_token().serial.decode().strip() == state["serial"]
    )
    return token.open(rw=True, user_pin=PIN)


def _bare_sign(session: object, work: Path, src: Path, dst: Path, field: str) -> None:
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.pkcs11 import PKCS11Signer

    signer = PKCS11Signer(
        session,
        cert_label="leader-province",
        key_label="leader-province",
        ca_chain=[ax509.Certificate.load((work / n).read_bytes()) for n in ("sub.der", "root.der")],
        other_certs_to_pull=(),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES
    )
    with src.open("rb") as inf, dst.open("wb") as outf:
        signers.sign_pdf(IncrementalPdfFileWriter(inf), meta, signer=signer, output=outf)


def mode_bare_loop(state: dict, folder: str, out_dir: str) -> dict:
    work = Path(state["work"])
    session = _bare_open(state)
    files = sorted(Path(folder).glob("*.pdf"))
    t0 = time.perf_counter()
    for f in files:
        _bare_sign(session, work, f, Path(out_dir) / f"{f.stem}.bare.pdf", "Sig1")
    elapsed = time.perf_counter() - t0
    session.close()
    return {"seconds": elapsed, "files": len(files)}


def mode_bare_one(state: dict, src: str, dst: str) -> dict:
    session = _bare_open(state)
    _bare_sign(session, Path(state["work"]), Path(src), Path(dst), "Sig1")
    session.close()
    return {}


def pyhanko_cli() -> str | None:
    """The pyHanko CLI: ``$KYSO_PYHANKO``, else on PATH, else beside this Python."""
    beside = str(Path(sys.executable).with_name("pyhanko"))
    for candidate in (os.environ.get("KYSO_PYHANKO"), shutil.which("pyhanko"), beside):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def cli_sign(cli: str, state: dict, src: Path, dst: Path) -> None:
    """One ``pyhanko sign addsig … pkcs11`` run, as a script signing file by file would."""
    work = Path(state["work"])
    env = child_env(state)
    env["PYHANKO_PKCS11_PIN"] = PIN
    proc = subprocess.run(
        [
            cli, "sign", "addsig", "--field", "Sig1", "--use-pades",
            "pkcs11", "--lib", state["module"], "--token-label", LABEL,
            "--cert-label", "leader-province", "--key-label", "leader-province",
            "--other-cert-file", str(work / "sub.der"),
            "--other-cert-file", str(work / "root.der"),
            str(src), str(dst),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 or not dst.exists():
        raise SystemExit(f"pyhanko CLI failed on {src.name}:\n{proc.stderr[-3000:]}")


def run_child(state: dict, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(state), *args],
        env=child_env(state),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- main -----------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        state = json.loads(sys.argv[2])
        mode, *rest = sys.argv[3:]
        out = {
            "kyso_one": mode_kyso_one,
            "kyso_batch": mode_kyso_batch,
            "bare_loop": mode_bare_loop,
            "bare_one": mode_bare_one,
        }[mode](state, *rest)
        print(json.dumps(out))
        return 0

    parser = argparse.ArgumentParser()
    parser.add_argument("--big-mb", type=int, default=100)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--per-process", type=int, default=10)
    parser.add_argument("--cli-sample", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kyso-bench-") as tmp:
        work = Path(tmp)
        state = setup(work)

        if args.big_mb:
            big_file_part(args, state, work)
        if args.batch:
            batch_part(args, state, work)
    return 0


def big_file_part(args: argparse.Namespace, state: dict, work: Path) -> None:
    """A big PDF against copy + SHA-256, and the signing process's peak memory."""
    big = work / "big.pdf"
    make_big_pdf(big, args.big_mb)
    size_mb = big.stat().st_size / 1e6
    digest = sha256_file(big)
    copies, synced, hashes, runs = [], [], [], []
    for i in range(args.repeat):
        t0 = time.perf_counter()
        shutil.copyfile(big, work / "copy.pdf")
        copies.append(time.perf_counter() - t0)
        fd = os.open(work / "copy.pdf", os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
        synced.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        sha256_file(work / "copy.pdf")
        hashes.append(time.perf_counter() - t0)
        (work / "copy.pdf").unlink()
        out = work / f"out-big-{i}"
        out.mkdir()
        runs.append(run_child(state, "kyso_one", str(big), str(out)))
        for f in out.iterdir():
            f.unlink()
    assert sha256_file(big) == digest
    copy_s, hash_s = statistics.median(copies), statistics.median(hashes)
    sync_s = statistics.median(synced)
    one = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    one["peak_mb"] = max(r["peak_mb"] for r in runs)
    print(f"(medians of {args.repeat} runs; the copy uses the kernel's copy_file_range and "
          "no fsync, Kyso writes through Python and fsyncs)")
    print(f"big PDF: {size_mb:.1f} MB")
    print(f"  copy {copy_s:.3f} s + SHA-256 {hash_s:.3f} s = {copy_s + hash_s:.3f} s")
    print(f"  Kyso sign (B-B, invisible) {one['seconds']:.3f} s")
    print(f"  ratio sign / (copy + hash) = {one['seconds'] / (copy_s + hash_s):.2f} (target <= 1.5)")
    print(
        f"  copy+fsync {sync_s:.3f} s + SHA-256: ratio sign / (copy + fsync + hash) = "
        f"{one['seconds'] / (sync_s + hash_s):.2f} (Kyso fsyncs its output before renaming)"
    )
    print(
        f"  peak RSS of the signing process {one['peak_mb']:.0f} MB "
        f"(RSS after imports+login, before signing: {one['rss_before_mb']:.0f} MB; target <= 150)"
    )
    big.unlink()


def batch_part(args: argparse.Namespace, state: dict, work: Path) -> None:
    """N one-page PDFs on one PIN against the bare loop, a process per file, the CLI."""
    folder = work / "small"
    folder.mkdir()
    for i in range(args.batch):
        small_pdf(folder / f"doc{i:04d}.pdf", i)
    for name in ("out-kyso", "out-bare", "out-proc"):
        (work / name).mkdir()
    kyso = run_child(state, "kyso_batch", str(folder), str(work / "out-kyso"))
    bare = run_child(state, "bare_loop", str(folder), str(work / "out-bare"))
    sample = sorted(folder.glob("*.pdf"))[: args.per_process]
    t0 = time.perf_counter()
    for f in sample:
        run_child(state, "bare_one", str(f), str(work / "out-proc" / f.name))
    per_proc = (time.perf_counter() - t0) / len(sample) * args.batch
    print(f"{args.batch} one-page PDFs:")
    print(f"  Kyso batch (one login)            {kyso['seconds']:.2f} s")
    print(f"  bare pyHanko loop, one process    {bare['seconds']:.2f} s")
    print(
        f"  one process per file (pyHanko-CLI-like; {len(sample)} measured, scaled) "
        f"{per_proc:.2f} s"
    )
    ratio_bare = kyso["seconds"] / bare["seconds"]
    print(
        f"  ratio Kyso / bare loop     = {ratio_bare:.2f} "
        f"(floor: no slower, <= 1.0: {'met' if ratio_bare <= 1.0 else 'NOT met'})"
    )
    print(f"  ratio per-process / Kyso   = {per_proc / kyso['seconds']:.1f}")
    cli = pyhanko_cli()
    if cli is None:
        print("  pyhanko CLI not found (pip install pyhanko-cli or set KYSO_PYHANKO): no CLI baseline")
        return
    (work / "out-cli").mkdir()
    sample = sorted(folder.glob("*.pdf"))[: args.cli_sample]
    t0 = time.perf_counter()
    for f in sample:
        cli_sign(cli, state, f, work / "out-cli" / f.name)
    cli_each = (time.perf_counter() - t0) / len(sample)
    check_signed(work, work / "out-cli" / sample[0].name)  # the baseline really signed
    kyso_each = kyso["seconds"] / args.batch
    ratio = cli_each / kyso_each
    print(
        f"  pyhanko sign addsig … pkcs11, once per file ({len(sample)} measured, scaled) "
        f"{cli_each * args.batch:.2f} s ({cli_each * 1000:.0f} ms/file; "
        f"Kyso {kyso_each * 1000:.1f} ms/file)"
    )
    print(
        f"  ratio pyHanko CLI / Kyso per file = {ratio:.1f} "
        f"(floor >= 10: {'met' if ratio >= 10 else 'NOT met'})"
    )


if __name__ == "__main__":
    raise SystemExit(main())
