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
