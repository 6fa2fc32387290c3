"""``python -m kyso.cli``."""

import sys

from kyso.cli.main import main

sys.exit(main())
