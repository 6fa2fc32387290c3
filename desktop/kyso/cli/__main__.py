"""``python -m kyso.cli``."""

import sys

try:
    from kyso.cli.main import main
except KeyboardInterrupt:  # Ctrl+C while Kyso loads: no traceback
    print("kyso: đã dừng (Ctrl+C) / interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
