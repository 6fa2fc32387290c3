"""The .deb smoke test's proxy step: the installed ``kyso check`` reaches a CRL only through
an HTTP proxy (issue 19).

Run with the project's virtualenv (it builds a test PKI, a CRL server and a forwarding proxy
on 127.0.0.1 from tests/support), against the *installed* ``kyso``:

    PYTHONPATH=desktop:. .venv/bin/python installers/smoke_proxy.py /usr/bin/kyso WORKDIR

The leaf's CRL address names ``crl.kyso.test``, a name that resolves nowhere: the check can
only succeed through the proxy, which maps it to the local CRL server. Exits non-zero with
the reason when the proxy was not used or the CRL was not checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kyso.core.demo.pki import PkiBuilder, PkiUrls, person_name
from tests.support.proxy import ForwardingProxy
from tests.support.responders import CrlServer


def main(kyso: str, work: Path) -> int:
    work.mkdir(parents=True, exist_ok=True)
    crls = CrlServer()
    proxy = ForwardingProxy({"crl.kyso.test": crls.port})
    try:
        pki = PkiBuilder(marker="SMOKE", urls=PkiUrls(crl_url="http://crl.kyso.test/sub.crl"))
        crls.publish("sub.crl", pki)
        leaf = pki.issue(person_name("Nguyễn Văn Proxy", title="Chuyên viên", ous=["Văn phòng"],
                                     o="UBND tỉnh Hưng Yên", locality="Hưng Yên",
                                     uid="CCCD:033190009999"))
        (work / "root.pem").write_bytes(pki.root.pem)
        (work / "leaf.pem").write_bytes(leaf.pem + pki.sub_ca.pem)
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env["http_proxy"] = f"http://127.0.0.1:{proxy.port}"
        env["KYSO_HOME"] = str(work / "home")
        proc = subprocess.run(
            [kyso, "check", "--json", "--anchors", str(work / "root.pem"), str(work / "leaf.pem")],
            env=env, capture_output=True, text=True, timeout=120, cwd="/",
        )
        if proc.returncode not in (0, 3):
            print(f"kyso check failed ({proc.returncode}): {proc.stderr}", file=sys.stderr)
            return 1
        seen = [line for line, _ in proxy.requests if "crl.kyso.test" in line]
        if not seen:
            print(f"the proxy saw no CRL request: {proxy.requests}", file=sys.stderr)
            return 1
        results = json.loads(proc.stdout)
        leaf_result = next(r for r in results if "Proxy" in r["subject"])
        revocation = json.dumps(leaf_result["trust"].get("revocation"), ensure_ascii=False)
        if "good" not in revocation:
            print(f"the CRL was not used: {revocation}", file=sys.stderr)
            return 1
        print(f"[smoke_proxy] CRL fetched through the proxy: {seen[0]}", file=sys.stderr)
        return 0
    finally:
        proxy.stop()
        crls.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
