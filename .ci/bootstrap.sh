#!/usr/bin/env bash
# Shared set-up for ./run.sh and ./test.sh: system packages, a virtualenv, the Python
# packages and the compiled translations. Idempotent and quick on a second run: every step
# first checks whether it has anything to do.
set -euo pipefail

KYSO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KYSO_VENV:-$KYSO_ROOT/.venv}"
export KYSO_ROOT VENV

# Debian/Ubuntu packages: SoftHSM2 (PKCS#11 module for the demo token and the tests),
# poppler-utils (pdfsig, pdftoppm), Xvfb, fonts with full Vietnamese coverage, and the
# system libraries Qt's xcb/offscreen platforms load; desktop-file-validate (desktop-file-utils)
# checks the .deb's menu and login entries; ss (iproute2) and pgrep (procps) for smoke_deb.sh.
SYSTEM_PACKAGES=(
  softhsm2 opensc-pkcs11 poppler-utils gcc libc6-dev xvfb xauth fonts-liberation2 fonts-dejavu-core
  libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
  libdbus-1-3 libglib2.0-0 libglib2.0-0t64 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libxcb-xfixes0 libx11-xcb1 libxrender1 libxi6 libnss3 ca-certificates
  libnss3-tools desktop-file-utils iproute2 procps
  trayer xdotool x11-utils  # tests/ui/bridge/test_tray_host.py: a real tray host, clicks
)

need_python_pkgs() {
  command -v python3 >/dev/null 2>&1 || return 0
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || return 0
  return 1
}

SYSTEM_STAMP="$VENV/.kyso-system-stamp"

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: user's job
  # Second run: nothing to check once this list was installed (names differ between
  # releases, e.g. Ubuntu 24.04's libglib2.0-0t64, so some are never "installed").
  local want
  want="$(printf '%s\n' "${SYSTEM_PACKAGES[@]}" | sha256sum | cut -d' ' -f1)"
  if [ -f "$SYSTEM_STAMP" ] && [ "$(cat "$SYSTEM_STAMP")" = "$want" ]; then
    return 0
  fi
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if need_python_pkgs; then missing+=(python3 python3-venv python3-pip); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Thiếu gói hệ thống / missing system packages: ${missing[*]}" >&2
    echo "Chạy / run: sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "[kyso] apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # Install what the distribution has; names drift between releases (skip unknown ones).
  local available=()
  for p in "${missing[@]}"; do
    if apt-cache show "$p" >/dev/null 2>&1; then available+=("$p"); else echo "[kyso] skip unknown package $p" >&2; fi
  done
  if [ ${#available[@]} -gt 0 ]; then
    apt-get install -y -qq --no-install-recommends "${available[@]}" >/dev/null
  fi
}

# A real browser for the web signing bridge's end-to-end test. Apart from the list above:
# on Ubuntu "chromium" is a snap wrapper that cannot install everywhere; a failure here is
# reported and that one test then fails with the reason, the rest of the set-up goes on.
install_browser() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] || return 0
  echo "[kyso] apt-get install chromium (web bridge browser test)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 ||
    echo "[kyso] chromium could not be installed; tests/core/bridge/test_bridge_browser.py will fail" >&2
}

mark_system_packages() {
  [ -d "$VENV" ] || return 0
  printf '%s\n' "${SYSTEM_PACKAGES[@]}" | sha256sum | cut -d' ' -f1 > "$SYSTEM_STAMP"
}

pick_python() {
  for py in python3.12 python3.11 python3.10 python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  echo "Cần Python ≥ 3.10 / Python 3.10 or newer is required" >&2
  return 1
}

install_venv() {
  local stamp="$VENV/.kyso-stamp" want
  want="$(cat "$KYSO_ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    "$(pick_python)" -m venv "$VENV"
  fi
  echo "[kyso] installing Python packages into $VENV" >&2
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install -q -e "$KYSO_ROOT[test]"
  echo "$want" > "$stamp"
}

build_translations() {
  local ts qm
  for ts in "$KYSO_ROOT"/resources/translations/*.ts; do
    [ -e "$ts" ] || continue
    qm="${ts%.ts}.qm"
    if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
      "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "$qm"
    fi
  done
}

install_system_packages
install_browser
install_venv
mark_system_packages
build_translations
