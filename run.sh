#!/usr/bin/env bash
# Start the Kyso desktop app. Sets itself up on first run (system packages, virtualenv).
# With no real token present, the built-in DEMO token is offered; `--demo` forces it.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/.ci/bootstrap.sh"
args=("$@")
if [ ${#args[@]} -eq 0 ]; then args=(--demo-if-empty); fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  # No screen (a server, CI): run on a virtual one so the app still starts.
  exec xvfb-run -a "$VENV/bin/kyso-desktop" "${args[@]}"
fi
exec "$VENV/bin/kyso-desktop" "${args[@]}"
