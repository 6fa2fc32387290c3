#!/usr/bin/env bash
# Build the frozen Kyso bundle (installers/kyso.spec) and a Debian package from it.
#
#     installers/build_linux.sh            # -> build/dist/kyso/ and build/kyso_<version>_<arch>.deb
#
# Idempotent: PyInstaller goes into its own virtualenv under build/ (re-used while
# pyproject.toml is unchanged); the bundle and the package are rebuilt from scratch each
# run. Needs python3 (≥ 3.10, with venv), dpkg-deb, readelf (binutils) and network or a
# pip mirror the first time. Environment: KYSO_BUILD_DIR (default build/),
# KYSO_PYTHON (the interpreter to build with), KYSO_DEB_COMPRESS (dpkg-deb -Z, default xz).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${KYSO_BUILD_DIR:-$ROOT/build}"
VENV="$BUILD/pyi-venv"
DIST="$BUILD/dist"
BUNDLE="$DIST/kyso"
T0=$(date +%s)

say() { echo "[build_linux] $*" >&2; }
die() { echo "[build_linux] ERROR: $*" >&2; exit 1; }

# dpkg-deb (dpkg), readelf/strip/objdump (binutils: PyInstaller and deb_depends.py), ldd (libc-bin)
missing=()
for tool in dpkg-deb readelf strip objdump ldd; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "apt-get install binutils (missing: ${missing[*]})"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends binutils >/dev/null ||
      die "could not install binutils"
  else
    die "missing tools: ${missing[*]} (sudo apt-get install binutils dpkg)"
  fi
fi

# -- Python for the build -----------------------------------------------------------------
pick_python() {
  if [ -n "${KYSO_PYTHON:-}" ]; then echo "$KYSO_PYTHON"; return; fi
  for py in python3.12 python3.11 python3.10 python3; do
    if command -v "$py" >/dev/null 2>&1 &&
       "$py" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      echo "$py"; return
    fi
  done
  die "Python ≥ 3.10 with the venv module is required (apt-get install python3-venv)"
}

mkdir -p "$BUILD"
STAMP="$VENV/.kyso-build-stamp"
WANT="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  say "setting up $VENV (PyInstaller and Kyso's run-time dependencies)"
  [ -x "$VENV/bin/python" ] || "$(pick_python)" -m venv "$VENV" || die "could not create $VENV"
  # Only the run-time dependencies (pyproject's [project] dependencies): the test and data
  # extras must not end up in the bundle. Kyso itself is found through the spec's pathex.
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  "$VENV/bin/python" -c 'import tomllib' 2>/dev/null || "$VENV/bin/python" -m pip install -q tomli ||
    die "pip could not install tomli into $VENV"
  "$VENV/bin/python" "$ROOT/installers/pyproject_info.py" dependencies > "$BUILD/requirements-runtime.txt" ||
    die "could not read the dependencies from pyproject.toml"
  if ! "$VENV/bin/python" -m pip install -q -r "$BUILD/requirements-runtime.txt" "pyinstaller>=6.10"; then
    die "pip could not install PyInstaller and the dependencies into $VENV (network or pip mirror needed; see the pip output above)"
  fi
  echo "$WANT" > "$STAMP"
fi
"$VENV/bin/python" -c 'import PyInstaller' 2>/dev/null || die "PyInstaller is not importable in $VENV; delete it and retry"

# -- version ------------------------------------------------------------------------------
VERSION="$("$VENV/bin/python" "$ROOT/installers/pyproject_info.py" version)" || die "fix the version first"
ARCH="$(dpkg --print-architecture)"
say "Kyso $VERSION ($ARCH)"

# -- the bundle ---------------------------------------------------------------------------
T1=$(date +%s)
rm -rf "$BUNDLE"
(cd "$ROOT" && "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
   --distpath "$DIST" --workpath "$BUILD/pyi" installers/kyso.spec) 2>&1 |
   grep -v -e "WARNING: Library shell32" -e "WARNING: Library ole32" -e "WARNING: Library user32" || true
[ -x "$BUNDLE/kyso" ] && [ -x "$BUNDLE/kyso-desktop" ] || die "PyInstaller did not produce $BUNDLE/kyso and kyso-desktop"
"$BUNDLE/kyso" --version >/dev/null || die "the frozen kyso does not start"
T2=$(date +%s)
say "bundle built in $((T2 - T1)) s: $(du -sh "$BUNDLE" | cut -f1) in $BUNDLE"

# -- the package tree ---------------------------------------------------------------------
PKG="$BUILD/deb/kyso_${VERSION}_${ARCH}"
rm -rf "$BUILD/deb"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
         "$PKG/usr/share/icons/hicolor/scalable/apps" "$PKG/usr/share/icons/hicolor/256x256/apps" \
         "$PKG/usr/share/doc/kyso" "$PKG/etc/kyso" "$PKG/etc/xdg/autostart"
cp -a "$BUNDLE" "$PKG/opt/kyso"
ln -s /opt/kyso/kyso "$PKG/usr/bin/kyso"
ln -s /opt/kyso/kyso-desktop "$PKG/usr/bin/kyso-desktop"
install -m 644 "$ROOT/installers/linux/kyso.desktop" "$PKG/usr/share/applications/kyso.desktop"
# At login, for every user: `kyso-desktop --background`, which exits at once unless IT's
# /etc/kyso/kyso.toml enables the signing bridge ([bridge]) — so it is always installed, and
# the [bridge] table stays the one switch (not a conffile: IT does not edit it).
install -m 644 "$ROOT/installers/linux/kyso-bridge.desktop" "$PKG/etc/xdg/autostart/kyso-bridge.desktop"
install -m 644 "$ROOT/resources/icons/kyso.svg" "$PKG/usr/share/icons/hicolor/scalable/apps/kyso.svg"
install -m 644 "$BUILD/pyi/kyso/generated/icons/kyso-256.png" "$PKG/usr/share/icons/hicolor/256x256/apps/kyso.png"
install -m 644 "$ROOT/installers/kyso.toml.sample" "$PKG/etc/kyso/kyso.toml.sample"
install -m 644 "$ROOT/installers/README-IT.md" "$PKG/usr/share/doc/kyso/README-IT.md"
install -m 644 "$ROOT/installers/linux/copyright" "$PKG/usr/share/doc/kyso/copyright"
# The Debian changelog: its newest entry must be this version (a release updates both).
CHANGELOG_VERSION="$(sed -n '1s/^kyso (\([^)]*\)).*/\1/p' "$ROOT/installers/linux/changelog")"
[ "$CHANGELOG_VERSION" = "$VERSION" ] ||
  die "installers/linux/changelog starts with $CHANGELOG_VERSION, pyproject.toml says $VERSION: add an entry"
gzip -9n < "$ROOT/installers/linux/changelog" > "$PKG/usr/share/doc/kyso/changelog.Debian.gz"
chmod 644 "$PKG/usr/share/doc/kyso/changelog.Debian.gz"
for script in postinst prerm postrm; do
  install -m 755 "$ROOT/installers/linux/$script" "$PKG/DEBIAN/$script"
done

# Depends: the shared libraries the bundle needs but does not carry, by installed package.
DEPENDS="$("$VENV/bin/python" "$ROOT/installers/linux/deb_depends.py" "$BUNDLE")" ||
  die "could not work out the package dependencies (see above)"
INSTALLED_KB="$(du -sk "$PKG" --exclude=DEBIAN | cut -f1)"
# Maintainer and Homepage: the publishing unit's, given at release time (KYSO_DEB_MAINTAINER,
# KYSO_DEB_HOMEPAGE). Without them the package says plainly that it is an unreleased build
# (the .invalid domain, RFC 2606), and KYSO_RELEASE=1 refuses to build it.
MAINTAINER="${KYSO_DEB_MAINTAINER:-Kyso build (unreleased) <unreleased@kyso.invalid>}"
HOMEPAGE="${KYSO_DEB_HOMEPAGE:-}"
if [ "${KYSO_RELEASE:-0}" = 1 ]; then
  case "$MAINTAINER" in *.invalid*|*localhost*) die "KYSO_RELEASE=1 needs KYSO_DEB_MAINTAINER (name <address>)" ;; esac
  [ -n "$HOMEPAGE" ] || die "KYSO_RELEASE=1 needs KYSO_DEB_HOMEPAGE"
fi
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@DEPENDS@/$DEPENDS/" \
    -e "s/@INSTALLED_SIZE@/$INSTALLED_KB/" -e "s|@MAINTAINER@|$MAINTAINER|" \
    "$ROOT/installers/linux/control.in" > "$PKG/DEBIAN/control"
if [ -n "$HOMEPAGE" ]; then
  sed -i "s|^Recommends:|Homepage: $HOMEPAGE\nRecommends:|" "$PKG/DEBIAN/control"
fi

DEB="$BUILD/kyso_${VERSION}_${ARCH}.deb"
rm -f "$DEB"
dpkg-deb --root-owner-group -Z"${KYSO_DEB_COMPRESS:-xz}" --build "$PKG" "$DEB" >/dev/null
rm -rf "$BUILD/deb"
T3=$(date +%s)
say "Depends: $DEPENDS"
say "package built in $((T3 - T2)) s: $DEB ($(du -h "$DEB" | cut -f1))"
say "total $((T3 - T0)) s"
echo "$DEB"
