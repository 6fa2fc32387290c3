#!/usr/bin/env bash
# Run the whole test suite: lint (ruff), then pytest (core, CLI, GUI offscreen). Sets itself
# up on first run. Extra arguments go to pytest, e.g. ./test.sh -k tokens -x
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/.ci/bootstrap.sh"
cd "$KYSO_ROOT"
"$VENV/bin/ruff" check desktop tests
# Layering contracts (pyproject [tool.importlinter]): core has no Qt, the faces stay apart.
PYTHONPATH="$KYSO_ROOT/desktop" "$VENV/bin/lint-imports" --no-cache >/dev/null || PYTHONPATH="$KYSO_ROOT/desktop" "$VENV/bin/lint-imports" --no-cache
export QT_QPA_PLATFORM=offscreen
"$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
