"""Benchmark: checking 500 certificates against a warm revocation cache.

Run from the repository root::

    python -m tests.bench.bench_trust [N]

Prints certificates per second for a cold pass (OCSP over HTTP to a responder on
127.0.0.1: the baseline of this run) and for warm passes (answers from the cache), and the
ratio of each warm pass to the baseline. No timing is asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from kyso.core.certs import x509util
from kyso.core.demo.pki import PkiBuilder, PkiUrls, person_name
from kyso.core.settings import Settings
from kyso.core.trust.anchors import load_anchors
from kyso.core.trust.checker import TrustChecker, TrustResult
from kyso.core.trust.revocation import RevocationCache
from tests.support.responders import CrlServer, OcspResponder


def _rate(label: str, n: int, run: Callable[[], list[TrustResult]], base: float | None) -> float:
    started = time.perf_counter()
    results = run()
    elapsed = time.perf_counter() - started
    statuses = {r.status for r in results}
    rate = n / elapsed
    ratio = f"  ×{rate / base:.1f} vs cold" if base else ""
    print(f"{label:<48} {rate:9.0f} certificates/s  ({elapsed:.2f} s, {statuses}){ratio}")
    return rate


def main(n: int = 500) -> None:
    pki = PkiBuilder(marker="BENCH")
    crl = CrlServer()
    ocsp = OcspResponder(pki)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "anchors").mkdir()
            (root / "anchors" / "root.pem").write_bytes(pki.root.pem)
            settings = Settings(anchors_path=str(root / "anchors"), revocation_timeout_s=2.0)
            anchors = load_anchors(settings, include_system=False)
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            both = PkiUrls(crl_url=crl.publish("sub.crl", pki), ocsp_url=ocsp.url("/ocsp"))
            crl_only = PkiUrls(crl_url=both.crl_url)
            started = time.perf_counter()
            issued = [
                pki.issue(
                    person_name(f"Cán bộ {i}", ous=["Văn phòng"], o="UBND tỉnh Hưng Yên"),
                    key=key,
                    urls=both if i % 2 == 0 else crl_only,
                )
                for i in range(n)
            ]
            for i in range(0, n, 10):
                pki.revoke(issued[i])
            leaves = [i.cert for i in issued]
            print(
                f"issued {n} certificates in {time.perf_counter() - started:.1f} s "
                "(half OCSP+CRL, half CRL only; every tenth revoked)"
            )
            extra = [pki.sub_ca.cert]

            def checker() -> TrustChecker:
                return TrustChecker(settings, anchors, RevocationCache(root / "cache"))

            def run_with(c: TrustChecker) -> Callable[[], list[TrustResult]]:
                return lambda: [c.check(cert, extra_certs=extra) for cert in leaves]

            base = _rate("cold: OCSP/CRL over HTTP (baseline)", n, run_with(checker()), None)
            shared = checker()
            run_with(shared)()
            _rate("warm cache, one checker (memoized)", n, run_with(shared), base)
            x509util._MEMO = x509util._SignatureMemo()
            _rate("warm cache, new checker (read from disk)", n, run_with(checker()), base)
            offline = checker()
            _rate(
                "warm cache, offline",
                n,
                lambda: [offline.check(c, extra_certs=extra, online=False) for c in leaves],
                base,
            )
    finally:
        crl.stop()
        ocsp.stop()


def test_bench_trust() -> None:
    main(100)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
