"""Frozen entry point of the ``kyso`` command line (see installers/kyso.spec): Kyso is
loaded by :func:`kyso.cli.launch.run`, where Ctrl+C while it loads is one line, no
traceback."""

import sys

from kyso.cli.launch import EXIT_INTERRUPTED, INTERRUPTED, run

if __name__ == "__main__":
    try:
        from kyso.core.tokens.probe import run_child_if_requested
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    run_child_if_requested(sys.argv)  # a driver probe: the runtime hook normally runs it
    sys.exit(run())
