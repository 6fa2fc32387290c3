"""Remote signing benchmark (issue 17's floor). Prints a ratio measured in the same run;
asserts nothing.

    python tests/bench/bench_remote.py [--files 50] [--rounds 3] [--level B-B|B-T]

The same N one-page PDFs are signed by Kyso's whole batch flow (``sign_with_key``: one
authorization, two-phase signing, read-back check of every output) twice:

* with the key in the CSC v2 test double on 127.0.0.1 (implicit authorization approved at
  once, so the service's own waiting time is nil; ``multisign`` 50: one approval for the
  batch), through :class:`kyso.core.remote.key.RemoteKey`;
* with the same certificate's key on a SoftHSM2 token, through
  :class:`kyso.core.tokens.key.Pkcs11Key`.

Each is warmed up once, then the two alternate for ``--rounds`` rounds; the best time of
each is compared. The issue's floor: remote ≤ 1.5 × token. Every output is validated by
pyHanko after the timing (not part of it).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "desktop"))

PIN = "246810"
LABEL = "KYSO REMOTE BENCH"


def small_pdf(path: Path, i: int) -> Path:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 760, f"Van ban so {i}")
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path


class _Pin:
    def ask_pin(self, request: object) -> str:
        return PIN

    def pinpad_started(self, request: object) -> None:
        pass

    def pinpad_finished(self) -> None:
        pass


class _Approve:
    """The remote prompter: a password for the login, approval happens at the double."""

    def __init__(self, password: str) -> None:
        self.password = password
        self.waits = 0

    def ask_secret(self, kind: str, prompt_vi: str, prompt_en: str) -> str | None:
        return self.password if kind == "password" else None

    def waiting_for_approval(
        self, documents: object, deadline_s: float, *, part: object = None
    ) -> None:
        self.waits += 1

    def approval_finished(self) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--level", default="B-B", choices=["B-B", "B-T"])
    args = parser.parse_args()
    # the account's token in this process's memory only, never in the machine's keyring
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from kyso.core.demo.token import demo_certificates, put_on_token
    from kyso.core.remote.csc import CscProvider
    from kyso.core.remote.key import RemoteKey
    from kyso.core.signing.batch import SignRequest, sign_with_key
    from kyso.core.signing.pades import Level, SignOptions
    from kyso.core.tokens.key import Pkcs11Key
    from kyso.core.tokens.modules import ModuleRegistry
    from kyso.core.tokens.slots import list_tokens
    from kyso.core.tokens.softhsm import SoftHSMStore, require_softhsm
    from tests.support.remote_services import RemoteCredential, RemoteServices

    work = Path(tempfile.mkdtemp(prefix="kyso-bench-remote-"))
    tsa = None
    services = None
    try:
        module_path, _ = require_softhsm()
        store = SoftHSMStore(work / "softhsm").ensure()
        os.environ["SOFTHSM2_CONF"] = str(store.conf_path)
        certs = demo_certificates("BENCH")
        serial = put_on_token(store, LABEL, certs, user_pin=PIN, so_pin="12345678")
        leaf = certs.leader_province
        root = certs.pki.root.cert
        services = RemoteServices([RemoteCredential(
            "bench", leaf, [certs.pki.sub_ca], pin=None, auth_mode="implicit", multisign=50,
        )])
        options = SignOptions(level=Level(args.level))
        if args.level == "B-T":
            from tests.support.tsa import TimeStampAuthority, TsaServer, issue_tsa_certificate

            tsa = TsaServer(TimeStampAuthority(issue_tsa_certificate(certs.pki), [certs.pki.sub_ca]))
            options = SignOptions(level=Level.B_T, tsa_url=tsa.url)

        (module,) = ModuleRegistry.instance().load([module_path])
        snap = next(s for s in list_tokens(module) if s.info.serial == serial)
        entry = next(c for c in snap.certificates if c.label == "leader-province")

        provider = CscProvider("bench", services.csc_url, user=services.user, timeout=30)
        prompter = _Approve(services.password)
        provider.login(prompter)
        credential = provider.credentials()[0]

        def batch(kind: str, tag: str, n: int) -> tuple[float, list[Path]]:
            folder = work / f"{kind}-{tag}"
            folder.mkdir()
            files = [small_pdf(folder / f"vb{i}.pdf", i) for i in range(n)]
            if kind == "remote":
                key = RemoteKey(provider, credential, prompter)
            else:
                key = Pkcs11Key.for_entry(module, snap, entry, _Pin())
            t0 = time.perf_counter()
            with key:
                report = sign_with_key(key, SignRequest(files, options, trust_roots=[root]))
            elapsed = time.perf_counter() - t0
            assert report.done, report.to_json()
            return elapsed, [r.output for r in report.results if r.output]

        batch("remote", "warm", 2)
        batch("token", "warm", 2)
        times: dict[str, list[float]] = {"remote": [], "token": []}
        outputs: list[Path] = []
        before = sum(1 for p, _ in services.requests if p.endswith("/credentials/authorize"))
        for r in range(args.rounds):
            for kind in ("token", "remote") if r % 2 else ("remote", "token"):
                seconds, outs = batch(kind, str(r), args.files)
                times[kind].append(seconds)
                outputs += outs
        approvals = sum(
            1 for p, _ in services.requests if p.endswith("/credentials/authorize")
        ) - before

        vc = ValidationContext(trust_roots=[ax509.Certificate.load(certs.pki.root.der)],
                               allow_fetching=False)
        for path in outputs[:: max(1, len(outputs) // 10)]:
            with path.open("rb") as fh:
                status = validate_pdf_signature(PdfFileReader(fh).embedded_signatures[-1], vc)
            assert status.intact and status.valid and status.trusted, path

        remote, token = min(times["remote"]), min(times["token"])
        print(f"{args.files} one-page PDFs at {args.level}, best of {args.rounds}:")
        print(f"  CSC double (one approval per {credential.multisign}): {remote:.2f} s "
              f"({1000 * remote / args.files:.0f} ms/file); approvals per batch: "
              f"{approvals / args.rounds:.0f}")
        print(f"  SoftHSM2 token:                         {token:.2f} s "
              f"({1000 * token / args.files:.0f} ms/file)")
        print(f"  ratio remote / token: {remote / token:.2f}x (issue floor: <= 1.5x)")
        print("  every round (s): remote " + ", ".join(f"{t:.2f}" for t in times["remote"])
              + "; token " + ", ".join(f"{t:.2f}" for t in times["token"]))
        return 0
    finally:
        if services is not None:
            services.close()
        if tsa is not None:
            tsa.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
