"""Frozen entry point of the ``kyso`` command line (see installers/kyso.spec)."""

import sys

from kyso.cli import main

if __name__ == "__main__":
    sys.exit(main())
