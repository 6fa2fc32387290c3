"""Frozen entry point of the ``kyso`` command line (see installers/kyso.spec)."""

import sys

try:
    from kyso.cli import main
    from kyso.core.tokens.probe import run_child_if_requested
except KeyboardInterrupt:  # Ctrl+C while Kyso loads: no traceback
    print("kyso: đã dừng (Ctrl+C) / interrupted", file=sys.stderr)
    sys.exit(130)

if __name__ == "__main__":
    run_child_if_requested(sys.argv)  # a driver probe: the runtime hook normally runs it
    sys.exit(main())
