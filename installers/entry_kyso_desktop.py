"""Frozen entry point of the ``kyso-desktop`` GUI (see installers/kyso.spec)."""

import sys

from kyso.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
