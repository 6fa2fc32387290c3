"""PyInstaller runtime hook: let a frozen executable stand in for ``python -m MODULE``.

Kyso runs some work in a child process started as ``[sys.executable, "-m", "kyso.…", …]``
(e.g. ``kyso.core.tokens.softhsm provision`` fills the DEMO token: a PKCS#11 library may be
initialized only once per process). Frozen, ``sys.executable`` is ``kyso``/``kyso-desktop``,
which would read ``-m`` as its own option; this hook runs the module instead. Only Kyso's
own modules are accepted.
"""

import sys

if len(sys.argv) >= 3 and sys.argv[1] == "-m" and sys.argv[2].startswith("kyso."):
    import runpy

    _module = sys.argv[2]
    sys.argv = [sys.argv[0], *sys.argv[3:]]
    runpy.run_module(_module, run_name="__main__", alter_sys=True)
    sys.exit(0)

# The PKCS#11 module probe (kyso.core.tokens.probe): a frozen Kyso probes a driver by
# starting itself with ``--kyso-pkcs11-probe PATH``; run the probe and exit before any
# other import (a driver that crashes takes only this child down).
if len(sys.argv) >= 3 and sys.argv[1] == "--kyso-pkcs11-probe":
    from kyso.core.tokens.probe import run_child_if_requested

    run_child_if_requested(sys.argv)
    sys.exit(0)

# The token host (kyso.core.tokens.token_host): a frozen Kyso logs in and signs with a
# token by starting itself with ``--kyso-token-host``; a driver that crashes while signing
# takes only this child down.
if len(sys.argv) >= 2 and sys.argv[1] == "--kyso-token-host":
    from kyso.core.tokens.token_host import run_host_if_requested

    run_host_if_requested(sys.argv)
    sys.exit(0)
