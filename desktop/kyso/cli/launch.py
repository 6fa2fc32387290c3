"""Where every ``kyso`` command line starts: ``python -m kyso.cli``, the ``kyso`` script pip
installs and the frozen build (installers/entry_kyso.py) all call :func:`run`.

It imports nothing of Kyso until called: Ctrl+C while Kyso loads (about half a second of
imports) is exit 130 with one line, as Ctrl+C during a command is
(:func:`kyso.cli.main.main`), never a traceback. This is why the package's ``__init__``
imports nothing either: a script that imports ``kyso.cli.launch`` runs it first.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

INTERRUPTED = "kyso: đã dừng (Ctrl+C) / interrupted"
EXIT_INTERRUPTED = 130  # as a shell reports a command SIGINT ended (kyso.cli.common lists it)


def run(argv: Sequence[str] | None = None) -> int:
    """Load the command line and run one command: its exit code."""
    try:
        from kyso.cli.main import main
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return EXIT_INTERRUPTED
    return main(argv)
