"""``python -m kyso.cli``."""

import sys

from kyso.cli.launch import run

sys.exit(run())
