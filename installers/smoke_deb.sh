#!/usr/bin/env bash
# Install the Kyso .deb, smoke-run the installed app headless, remove it, check it is gone.
#
#     installers/smoke_deb.sh [build/kyso_<version>_<arch>.deb]     (as root)
#
# 1. dpkg -i (missing dependencies are installed with apt-get -f when apt is usable);
# 2. `kyso --version` prints the package's version;
# 3. `kyso devices --json` sees a SoftHSM2 token made here (SOFTHSM2_CONF,
#    KYSO_PKCS11_MODULES), with a key and a certificate when pkcs11-tool is available;
# 4. `kyso --demo devices --json` builds the DEMO token (the frozen `-m` child process) and
#    reads its certificates;
# 5. `kyso-desktop --smoke` starts offscreen (and on Xvfb through the xcb platform when
#    xvfb-run is installed) and quits by itself;
# 6. `kyso support-bundle` writes its ZIP; `kyso about --json` reports IT's settings file;
#    the trust check fetches a CRL only reachable through an HTTP proxy (http_proxy);
# 7. an upgrade (this package repacked as <version>+smoke1, installed over it) keeps IT's
#    /etc/kyso/kyso.toml and the user's settings and data, and the new version runs;
# 8. dpkg -r kyso leaves nothing of /opt/kyso, /usr/bin/kyso*, the menu and login entries or
#    the icons, and keeps /etc/kyso/kyso.toml.
# The local signing bridge (issue 18): IT's /etc/kyso/kyso.toml enables it ([bridge]) before
# the install. Per-user keys: an older version's shared layout is laid down first
# (/var/lib/kyso/bridge with a key every user could read, its CA in the system store and in a
# throw-away user's NSS database) and the install removes all of it, making no key of its own;
# that user's first `kyso-desktop --smoke` makes the user's own name-constrained CA and a 0600
# key in the user's data folder that a second throw-away user cannot read, and the user's NSS
# database trusts that CA (not the system store); the upgrade keeps the user's CA; dpkg -r takes
# it out of the user's NSS database. The start at login: the package installs
# /etc/xdg/autostart/kyso-bridge.desktop (desktop-file-validate when installed); as the
# throw-away user `kyso-desktop --background` listens on 8987 with a certificate the user's
# own CA vouches for (and the system store does not), a second one exits 0 while the first
# keeps the port, and SIGTERM ends the first cleanly (exit 0); dpkg -r removes the entry.
# Idempotent: a kyso package already installed is removed first. Exits non-zero on failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEB="${1:-}"
if [ -z "$DEB" ]; then
  DEB="$(ls -t "${KYSO_BUILD_DIR:-$ROOT/build}"/kyso_*.deb 2>/dev/null | head -n1 || true)"
fi
say() { echo "[smoke_deb] $*" >&2; }
die() { echo "[smoke_deb] FAIL: $*" >&2; exit 1; }
[ -n "$DEB" ] && [ -f "$DEB" ] || die "no .deb given and none in build/ (run installers/build_linux.sh)"
[ "$(id -u)" -eq 0 ] || die "run as root (dpkg -i / dpkg -r)"
for tool in softhsm2-util python3 timeout openssl certutil useradd runuser ss pgrep; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install softhsm2 python3 coreutils openssl libnss3-tools passwd util-linux iproute2 procps)"
done
SOFTHSM_LIB="${KYSO_SOFTHSM_MODULE:-}"
for cand in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*-linux-gnu/softhsm/libsofthsm2.so; do
  [ -n "$SOFTHSM_LIB" ] || { [ -f "$cand" ] && SOFTHSM_LIB="$cand"; }
done
[ -n "$SOFTHSM_LIB" ] || die "libsofthsm2.so not found (apt-get install softhsm2)"

T0=$(date +%s)
WORK="$(mktemp -d /tmp/kyso-smoke.XXXXXX)"
INSTALLED=0
IT_BACKUP=""
IT_WRITTEN=0
SMOKE_USER=""
OTHER_USER=""
BG_PID_FILE=""
BRIDGE=/var/lib/kyso/bridge
AUTOSTART=/etc/xdg/autostart/kyso-bridge.desktop
SYSTEM_CA=/usr/local/share/ca-certificates/kyso-bridge-ca.crt
cleanup() {
  local rc=$?
  # a background Kyso still running (a failed step) would keep userdel from removing the user
  if [ -n "$BG_PID_FILE" ] && [ -s "$BG_PID_FILE" ]; then kill "$(cat "$BG_PID_FILE")" 2>/dev/null || true; sleep 1; fi
  if [ -n "$SMOKE_USER" ]; then userdel -r "$SMOKE_USER" >/dev/null 2>&1 || true; fi
  if [ -n "$OTHER_USER" ]; then userdel -r "$OTHER_USER" >/dev/null 2>&1 || true; fi
  # the older layout laid down below, should the install have failed before removing it
  if [ -e "$SYSTEM_CA" ]; then rm -f "$SYSTEM_CA"; update-ca-certificates --fresh >/dev/null 2>&1 || true; fi
  rm -rf "$BRIDGE"; rmdir /var/lib/kyso 2>/dev/null || true
  # Put back this machine's own /etc/kyso/kyso.toml (or remove the test's).
  if [ -n "$IT_BACKUP" ]; then cp -p "$IT_BACKUP" /etc/kyso/kyso.toml
  elif [ "$IT_WRITTEN" = 1 ]; then rm -f /etc/kyso/kyso.toml; rmdir /etc/kyso 2>/dev/null || true; fi
  if [ "$INSTALLED" = 1 ] && [ -z "${KYSO_SMOKE_KEEP:-}" ]; then dpkg -r kyso >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

if dpkg-query -W -f='${Status}' kyso 2>/dev/null | grep -q "ok installed"; then
  say "removing the kyso package already installed"
  dpkg -r kyso >/dev/null
fi

# IT's per-machine file, there before the install: it enables the signing bridge (a real one
# on this machine is put back by the cleanup). Leftovers of an interrupted run go first, so
# the certificates checked below are the ones this install made.
if [ -f /etc/kyso/kyso.toml ]; then IT_BACKUP="$WORK/it-kyso.toml.orig"; cp -p /etc/kyso/kyso.toml "$IT_BACKUP"; fi
IT_WRITTEN=1
mkdir -p /etc/kyso
printf '# smoke test\n[settings]\nexpiry_warning_days = 45\n\n[bridge]\nenabled = true\n' > /etc/kyso/kyso.toml
IT_SHA="$(sha256sum /etc/kyso/kyso.toml | cut -d' ' -f1)"
if [ -e "$BRIDGE" ] || [ -e "$SYSTEM_CA" ]; then
  rm -rf "$BRIDGE" "$SYSTEM_CA"; update-ca-certificates --fresh >/dev/null 2>&1 || true
fi

# -- 0. an older version's shared bridge layout, and the throw-away users -------------------
# What Kyso before per-user keys left on a machine: /var/lib/kyso/bridge with a CA, the
# listener's certificate and a key every local user could read (0644), the CA in the system
# store and in each user's NSS database. The install (an upgrade from it) must remove it all.
SMOKE_USER="kysosmoke$$"
UHOME="$(mktemp -u /tmp/kyso-smoke-user.XXXXXX)"
useradd --create-home --home-dir "$UHOME" --shell /bin/sh "$SMOKE_USER" || die "useradd failed"
[ "$(id -u "$SMOKE_USER")" -ge 1000 ] || die "the throw-away user got a system uid"
OTHER_USER="kysoother$$"
useradd --create-home --home-dir "$(mktemp -u /tmp/kyso-smoke-other.XXXXXX)" --shell /bin/sh "$OTHER_USER" ||
  die "useradd (second user) failed"
# Some sandboxes (this project's build machines among them) let no user but root run a
# program: /usr/bin is not searchable by others. There the user's steps run as root with the
# user's HOME and their files are given to the user afterwards; the checks that need another
# user's own process (another user reading the key; the package's removal from a user's NSS,
# which runs certutil as that user) are said to be not run, and the modes (0600 key, 0700
# folder) are what stands for them.
if runuser -u "$SMOKE_USER" -- /bin/true 2>/dev/null; then
  USERS_RUN=1
  as_user() { (cd / && runuser -u "$SMOKE_USER" -- env -u KYSO_MACHINE_CONFIG -u XDG_RUNTIME_DIR HOME="$UHOME" KYSO_HOME="$UHOME/kyso" QT_QPA_PLATFORM=offscreen "$@"); }
  as_other() { runuser -u "$OTHER_USER" -- "$@"; }
else
  USERS_RUN=0
  say "NOTE: on this machine no user but root can run a program (runuser -u $SMOKE_USER -- /bin/true fails): the user's steps run as root with HOME=$UHOME; the checks that need another user's own process are not run"
  as_user() {
    local rc=0
    (cd / && env -u KYSO_MACHINE_CONFIG -u XDG_RUNTIME_DIR HOME="$UHOME" KYSO_HOME="$UHOME/kyso" QT_QPA_PLATFORM=offscreen "$@") || rc=$?
    chown -R "$SMOKE_USER:" "$UHOME"
    return $rc
  }
fi
NICK="Kyso local signing bridge CA"
mkdir -p "$BRIDGE"
printf '%s\n' '[ca]' 'basicConstraints = critical, CA:TRUE, pathlen:0' \
  'keyUsage = critical, keyCertSign, cRLSign' \
  'nameConstraints = critical, permitted;DNS:localhost, permitted;IP:127.0.0.1/255.255.255.255' \
  '[server]' 'subjectAltName = DNS:localhost, IP:127.0.0.1' 'extendedKeyUsage = serverAuth' \
  > "$WORK/old-ca.cnf"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -keyout "$WORK/old-ca.key" -out "$BRIDGE/bridge-ca.pem" -subj "/O=Kyso/CN=$NICK (old shared)" \
  -extensions ca -config "$WORK/old-ca.cnf" >/dev/null 2>&1 || die "could not make the older layout's CA"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$BRIDGE/bridge-server.key" \
  -subj "/CN=localhost" -out "$WORK/old.csr" >/dev/null 2>&1 &&
openssl x509 -req -in "$WORK/old.csr" -CA "$BRIDGE/bridge-ca.pem" -CAkey "$WORK/old-ca.key" -CAcreateserial \
  -days 30 -extensions server -extfile "$WORK/old-ca.cnf" -out "$BRIDGE/bridge-server.pem" >/dev/null 2>&1 ||
  die "could not make the older layout's listener certificate"
rm -f "$WORK/old-ca.key" "$BRIDGE"/*.srl
chmod 755 "${BRIDGE:?}"; chmod 644 "${BRIDGE:?}"/*
cp "$BRIDGE/bridge-server.pem" "$WORK/old-server.pem"
cp "$BRIDGE/bridge-ca.pem" "$SYSTEM_CA"
update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates failed"
openssl verify -CAfile /etc/ssl/certs/ca-certificates.crt -verify_ip 127.0.0.1 "$WORK/old-server.pem" >/dev/null ||
  die "the older layout's certificate is not trusted by the system store (the set-up of this check)"
as_user mkdir -p "$UHOME/.pki/nssdb"
as_user certutil -N -d "sql:$UHOME/.pki/nssdb" --empty-password >/dev/null 2>&1 &&
as_user certutil -A -d "sql:$UHOME/.pki/nssdb" -t C,, -n "$NICK" -i "$BRIDGE/bridge-ca.pem" ||
  die "could not put the older layout's CA into $SMOKE_USER's NSS database"
[ "$(stat -c %a "$BRIDGE/bridge-server.key")" = 644 ] ||
  die "the older layout's key should be readable by every user (the set-up of this check)"
if [ "$USERS_RUN" = 1 ]; then
  as_other cat "$BRIDGE/bridge-server.key" >/dev/null 2>&1 ||
    die "the older layout's key should be readable by every user (the set-up of this check)"
fi
say "older shared bridge layout laid down (key 0644, CA in the system store and $SMOKE_USER's NSS)"

# -- 1. install ---------------------------------------------------------------------------
VERSION="$(dpkg-deb -f "$DEB" Version)"
say "installing $DEB ($(du -h "$DEB" | cut -f1))"
INSTALLED=1
if ! dpkg -i "$DEB" >"$WORK/dpkg.log" 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    say "dpkg -i failed (dependencies?); trying apt-get -f install"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -f -qq --no-install-recommends >>"$WORK/dpkg.log" 2>&1 ||
      { cat "$WORK/dpkg.log" >&2; die "could not install $DEB"; }
  else
    cat "$WORK/dpkg.log" >&2; die "dpkg -i $DEB failed"
  fi
fi
[ -x /opt/kyso/kyso ] && [ -L /usr/bin/kyso ] && [ -L /usr/bin/kyso-desktop ] || die "package files missing after install"

# -- 1b. the install: no machine key; the older shared layout is gone -------------------------
[ ! -e "$BRIDGE" ] || { cat "$WORK/dpkg.log" >&2; die "the install left (or made) $BRIDGE: $(ls -la "$BRIDGE")"; }
[ ! -e "$SYSTEM_CA" ] || die "the install left the older shared CA in the system store ($SYSTEM_CA)"
! openssl verify -CAfile /etc/ssl/certs/ca-certificates.crt "$WORK/old-server.pem" >/dev/null 2>&1 ||
  die "after the install the system store still trusts the older shared listener certificate"
if [ "$USERS_RUN" = 1 ]; then
  ! as_user certutil -L -d "sql:$UHOME/.pki/nssdb" -n "$NICK" >/dev/null 2>&1 ||
    die "the install left the older shared CA in $SMOKE_USER's NSS database"
else
  say "NOTE: not run here: the install's removal of the older CA from $SMOKE_USER's NSS (certutil runs as that user)"
  as_user certutil -D -d "sql:$UHOME/.pki/nssdb" -n "$NICK" >/dev/null 2>&1 || true
fi
say "bridge: the install made no machine key and removed the older shared key, its CA from the system store and from $SMOKE_USER's NSS"

# -- 1c. the bridge's start at login ------------------------------------------------------------
[ -f "$AUTOSTART" ] || die "the package did not install $AUTOSTART"
grep -qx 'Exec=kyso-desktop --background' "$AUTOSTART" || die "$AUTOSTART does not run kyso-desktop --background"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$AUTOSTART" || die "$AUTOSTART is not a valid desktop entry"
  say "autostart: $AUTOSTART installed and valid (desktop-file-validate)"
else
  say "autostart: $AUTOSTART installed (desktop-file-validate not installed: not validated)"
fi

export KYSO_HOME="$WORK/home" KYSO_MACHINE_CONFIG="$WORK/no-machine.toml"
export HOME="$WORK/userhome"; mkdir -p "$HOME"
export QT_QPA_PLATFORM=offscreen
unset KYSO_RESOURCES

# -- 2. kyso --version --------------------------------------------------------------------
out="$(cd / && timeout 60 kyso --version)" || die "kyso --version failed"
say "kyso --version: $out"
case "$out" in *"$VERSION"*) ;; *) die "kyso --version does not say $VERSION" ;; esac

# -- 3. a SoftHSM2 token ------------------------------------------------------------------
mkdir -p "$WORK/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$WORK/tokens" > "$WORK/softhsm2.conf"
export SOFTHSM2_CONF="$WORK/softhsm2.conf"
softhsm2-util --init-token --free --label "KYSO SMOKE" --pin 123456 --so-pin 12345678 >/dev/null ||
  die "softhsm2-util could not create a token"
WANT_CERT=0
if command -v pkcs11-tool >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
    -subj "/C=VN/ST=Hưng Yên/O=UBND tỉnh Hưng Yên/CN=Nguyễn Văn Thử" -utf8 >/dev/null 2>&1 &&
  openssl x509 -in "$WORK/cert.pem" -outform DER -out "$WORK/cert.der" &&
  openssl pkcs8 -topk8 -nocrypt -in "$WORK/key.pem" -out "$WORK/key8.pem" &&
  softhsm2-util --import "$WORK/key8.pem" --token "KYSO SMOKE" --label smoke --id 01 --pin 123456 >/dev/null &&
  pkcs11-tool --module "$SOFTHSM_LIB" --token-label "KYSO SMOKE" --login --pin 123456 \
    --write-object "$WORK/cert.der" --type cert --id 01 --label smoke >/dev/null 2>&1 &&
  WANT_CERT=1 || say "could not put a certificate on the token; checking the token only"
fi
export KYSO_PKCS11_MODULES="$SOFTHSM_LIB"
(cd / && timeout 120 kyso devices --json) > "$WORK/devices.json" || die "kyso devices --json failed"
python3 - "$WORK/devices.json" "$WANT_CERT" <<'EOF' || die "kyso devices --json did not show the SoftHSM2 token"
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
mods = [m for m in data["modules"] if m.get("loaded")]
assert mods, f"no module loaded: {data['modules']}"
tok = [t for t in data["tokens"] if t["label"] == "KYSO SMOKE"]
assert tok, f"token not listed: {[t['label'] for t in data['tokens']]}"
if sys.argv[2] == "1":
    subjects = [c["subject"] for c in tok[0]["certificates"]]
    assert any("Nguyễn Văn Thử" in s for s in subjects), subjects
    print(f"[smoke_deb] devices: token KYSO SMOKE, certificates {subjects}", file=sys.stderr)
else:
    print("[smoke_deb] devices: token KYSO SMOKE", file=sys.stderr)
EOF

# -- 4. the DEMO token (frozen child process provisions it) -------------------------------
unset SOFTHSM2_CONF KYSO_PKCS11_MODULES
(cd / && timeout 180 kyso --temp-dir "$WORK/demo" --demo devices --json) > "$WORK/demo.json" ||
  die "kyso --demo devices --json failed"
python3 - "$WORK/demo.json" <<'EOF' || die "the DEMO token is not right"
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
demo = [t for t in data["tokens"] if "DEMO" in t["label"]]
assert demo and data.get("demo"), data
n = len(demo[0]["certificates"])
assert n >= 3, f"only {n} certificates on the DEMO token"
print(f"[smoke_deb] demo: token {demo[0]['label']!r} with {n} certificates", file=sys.stderr)
EOF

# -- 4b. signing with the packaged kyso: the token host (a frozen child process that owns the
# PKCS#11 module), then a second signature over the first in a fresh process (asn1crypto's
# names registered before the old signature is read), both judged by pdfsig ----------------
python3 - "$WORK/smoke.pdf" <<'EOF' || die "could not write the test PDF"
import sys
text = b"BT /F1 14 Tf 72 760 Td (Kyso smoke) Tj ET"
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
    b" /Resources << /Font << /F1 5 0 R >> >> >>",
    b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]
out, offsets = bytearray(b"%PDF-1.7\n"), []
for number, body in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(sys.argv[1], "wb").write(out)
EOF
demo_cert() {
  python3 - "$WORK/demo.json" "$1" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
certs = [c for t in data["tokens"] if "DEMO" in t["label"] for c in t["certificates"]]
print(next(c["sha256"] for c in certs if sys.argv[2] in c["subject"])[:16])
EOF
}
signed_output() {
  python3 - "$1" <<'EOF'
import json, sys
line = json.loads(open(sys.argv[1], encoding="utf-8").readline())
assert line["status"] == "signed", line
print(line["output"])
EOF
}
LEADER_CERT="$(demo_cert "Vũ Thị Hà")" || die "no leader certificate on the DEMO token"
ORG_CERT="$(demo_cert "UID=MST:0900000001")" || die "no organization certificate on the DEMO token"
(cd / && echo 123456 | timeout 180 kyso --temp-dir "$WORK/demo" --demo sign --profile invisible \
  --level B-B --cert "$LEADER_CERT" --pin-stdin --json "$WORK/smoke.pdf") \
  > "$WORK/sign1.json" 2> "$WORK/sign1.err" ||
  { cat "$WORK/sign1.json" "$WORK/sign1.err" >&2; die "kyso sign (packaged, token host) failed"; }
SIGNED1="$(signed_output "$WORK/sign1.json")" || die "kyso sign did not sign: $(cat "$WORK/sign1.json")"
case "$SIGNED1" in /*) ;; *) SIGNED1="$WORK/$SIGNED1" ;; esac
(cd / && echo 123456 | timeout 180 kyso --temp-dir "$WORK/demo" --demo sign --profile issuance \
  --level B-B --cert "$ORG_CERT" --pin-stdin --json "$SIGNED1") \
  > "$WORK/sign2.json" 2> "$WORK/sign2.err" ||
  { cat "$WORK/sign2.json" "$WORK/sign2.err" >&2; die "kyso sign over a signed PDF (packaged) failed"; }
SIGNED2="$(signed_output "$WORK/sign2.json")" ||
  die "kyso sign over a signed PDF did not sign: $(cat "$WORK/sign2.json")"
case "$SIGNED2" in /*) ;; *) SIGNED2="$(dirname "$SIGNED1")/$SIGNED2" ;; esac
if command -v pdfsig >/dev/null 2>&1; then
  [ "$(pdfsig "$SIGNED2" 2>/dev/null | grep -c 'Signature is Valid.')" = 2 ] ||
    { pdfsig "$SIGNED2" >&2; die "pdfsig does not find two valid signatures in the packaged kyso's output"; }
  say "sign: approval then issuance with the packaged kyso (token host); pdfsig: 2 valid signatures"
else
  say "sign: approval then issuance with the packaged kyso (token host); pdfsig not installed, not judged"
fi

# -- 5. the GUI ---------------------------------------------------------------------------
(cd / && timeout 120 kyso-desktop --smoke --temp-dir "$WORK/gui") > "$WORK/gui.log" 2>&1 ||
  { cat "$WORK/gui.log" >&2; die "kyso-desktop --smoke (offscreen) failed"; }
grep -q "ready" "$WORK/gui.log" || { cat "$WORK/gui.log" >&2; die "kyso-desktop did not report ready"; }
say "desktop (offscreen): $(grep ready "$WORK/gui.log")"
if command -v xvfb-run >/dev/null 2>&1; then
  (cd / && QT_QPA_PLATFORM=xcb timeout 120 xvfb-run -a kyso-desktop --smoke --temp-dir "$WORK/gui-x") \
    > "$WORK/gui-x.log" 2>&1 || { cat "$WORK/gui-x.log" >&2; die "kyso-desktop --smoke (xcb on Xvfb) failed"; }
  grep -q "ready" "$WORK/gui-x.log" || { cat "$WORK/gui-x.log" >&2; die "kyso-desktop (xcb) did not report ready"; }
  say "desktop (xcb/Xvfb): $(grep ready "$WORK/gui-x.log")"
fi

# -- 5b. a user's first start: the user's own CA and key, trusted by the user's NSS ----------
UBRIDGE="$UHOME/kyso/data/bridge"
as_user timeout 120 kyso-desktop --smoke > "$WORK/gui-user.log" 2>&1 ||
  { cat "$WORK/gui-user.log" >&2; die "kyso-desktop --smoke as $SMOKE_USER failed"; }
for f in bridge-ca.pem bridge-server.pem bridge-server.key; do
  [ -f "$UBRIDGE/$f" ] || { cat "$WORK/gui-user.log" >&2; die "the first start did not make $UBRIDGE/$f"; }
done
[ "$(stat -c '%a %U' "$UBRIDGE/bridge-server.key")" = "600 $SMOKE_USER" ] ||
  die "the user's listener key is not 0600 and the user's own: $(stat -c '%a %U' "$UBRIDGE/bridge-server.key")"
[ "$(stat -c %a "$UBRIDGE")" = 700 ] || die "the user's bridge folder is not 0700"
if [ "$USERS_RUN" = 1 ]; then
  ! as_other cat "$UBRIDGE/bridge-server.key" >/dev/null 2>&1 ||
    die "another user ($OTHER_USER) can read $SMOKE_USER's listener key"
fi
openssl x509 -in "$UBRIDGE/bridge-ca.pem" -noout -ext nameConstraints | grep -q "DNS:localhost" ||
  die "the user's local CA has no name constraints"
openssl verify -CAfile "$UBRIDGE/bridge-ca.pem" -verify_ip 127.0.0.1 "$UBRIDGE/bridge-server.pem" >/dev/null ||
  die "the user's CA does not vouch for the user's listener certificate"
! openssl verify -CAfile /etc/ssl/certs/ca-certificates.crt "$UBRIDGE/bridge-server.pem" >/dev/null 2>&1 ||
  die "the system store trusts a user's own listener certificate (it must not: one user's CA for every user)"
# the user's NSS database holds that very CA (the trust is added by a worker at the start)
as_user certutil -L -d "sql:$UHOME/.pki/nssdb" -n "$NICK" -a > "$WORK/user-nss-ca.pem" 2>/dev/null ||
  { cat "$WORK/gui-user.log" >&2; die "the first start did not add the user's CA to the user's NSS database"; }
[ "$(openssl x509 -in "$WORK/user-nss-ca.pem" -outform DER | sha256sum)" = "$(openssl x509 -in "$UBRIDGE/bridge-ca.pem" -outform DER | sha256sum)" ] ||
  die "the user's NSS database trusts a Kyso CA that is not the user's own"
CA_SHA="$(sha256sum "$UBRIDGE/bridge-ca.pem" | cut -d' ' -f1)"
as_user kyso bridge status --json > "$WORK/bridge-status.json" || true
python3 - "$WORK/bridge-status.json" "$UHOME" <<'EOF' || die "kyso bridge status does not report the user's certificate and its trust"
import json, sys
state = json.load(open(sys.argv[1], encoding="utf-8"))
assert state["certificates"] == f"{sys.argv[2]}/kyso/data/bridge" and state["exists"], state
assert state["trusted_by"] == {f"nss:{sys.argv[2]}/.pki/nssdb": True}, state
assert state["key_readable_by_others"] is False and not state["expired"], state
assert "legacy_machine_certificates" not in state, state
EOF
say "bridge: $SMOKE_USER's first start made the user's own CA and 0600 key ($OTHER_USER cannot read it), trusted in the user's NSS"

# -- 5c. the start at login, as that user: listening, a second start, SIGTERM ---------------
BG_PID_FILE="$UHOME/background.pid"
T5C=$(date +%s)
# the port must be free, or "listening" below could be another program's
! ss -ltnH 'sport = :8987' | grep -q . || die "port 8987 is taken by another program: $(ss -ltnpH 'sport = :8987')"
as_user sh -c 'echo $$ > "$1"; exec timeout 300 kyso-desktop --background' sh "$BG_PID_FILE" \
  > "$WORK/gui-bg.log" 2>&1 &
BG_JOB=$!
python3 - "$BG_JOB" "$UBRIDGE/bridge-ca.pem" <<'EOF' || { cat "$WORK/gui-bg.log" >&2; die "kyso-desktop --background does not listen on 127.0.0.1:8987"; }
import os, socket, ssl, sys, time
pid, deadline = int(sys.argv[1]), time.monotonic() + 120
ctx = ssl.create_default_context(cafile=sys.argv[2])  # the user's own CA, as the user's browser
while True:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("[smoke_deb] the background start ended before it listened")
    try:
        with socket.create_connection(("127.0.0.1", 8987), timeout=5) as raw:
            with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                print(f"[smoke_deb] background: listening on 127.0.0.1:8987 ({tls.version()}, "
                      "certificate of the user's own CA)", file=sys.stderr)
                break
    except ssl.SSLCertVerificationError as exc:
        sys.exit(f"[smoke_deb] the listener's certificate is not trusted: {exc}")
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("[smoke_deb] nothing listens on 127.0.0.1:8987")
        time.sleep(0.5)
EOF
listener="$(ss -ltnpH 'sport = :8987')"
bg_kyso="$(pgrep -P "$(cat "$BG_PID_FILE")" -x kyso-desktop || true)"
[ -n "$bg_kyso" ] && case "$listener" in *"pid=$bg_kyso,"*) true ;; *) false ;; esac ||
  die "127.0.0.1:8987 is not held by the background kyso-desktop (pid ${bg_kyso:-none}): $listener"
as_user timeout 60 kyso-desktop --background > "$WORK/gui-bg2.log" 2>&1 ||
  { cat "$WORK/gui-bg2.log" >&2; die "a second kyso-desktop --background did not exit 0"; }
grep -q "already running in this session" "$UHOME/kyso/log/kyso.log" ||
  { cat "$WORK/gui-bg2.log" >&2; die "the second background start did not find the first"; }
kill -0 "$BG_JOB" 2>/dev/null || die "the first background Kyso ended when the second started"
[ "$(ss -ltnpH 'sport = :8987')" = "$listener" ] || die "the second start changed who listens on 8987"
kill -TERM "$(cat "$BG_PID_FILE")"
bg_rc=0; wait "$BG_JOB" || bg_rc=$?
[ "$bg_rc" = 0 ] || { cat "$WORK/gui-bg.log" >&2; die "kyso-desktop --background did not end cleanly on SIGTERM ($bg_rc)"; }
BG_PID_FILE=""
say "background: a second start exited 0, SIGTERM ended the first cleanly ($(($(date +%s) - T5C)) s)"

# -- 6. support bundle and fleet facts -----------------------------------------------------
(cd / && KYSO_MACHINE_CONFIG=/etc/kyso/kyso.toml timeout 60 kyso about --json) > "$WORK/about.json" ||
  die "kyso about --json failed"
python3 - "$WORK/about.json" "$IT_SHA" <<'EOF' || die "kyso about --json does not report IT's settings file"
import json, sys
info = json.load(open(sys.argv[1], encoding="utf-8"))
assert info["settings_sources"]["machine"]["sha256"] == sys.argv[2], info["settings_sources"]
assert "expiry_warning_days" in info["settings_sources"]["locked"], info["settings_sources"]
EOF
(cd / && timeout 60 kyso support-bundle "$WORK/bundle.zip" >/dev/null) || die "kyso support-bundle failed"
python3 -c "import zipfile,sys; n=set(zipfile.ZipFile(sys.argv[1]).namelist()); assert {'about.json','settings.json','errors.txt'} <= n, n" "$WORK/bundle.zip" ||
  die "the support bundle is incomplete"
say "support bundle and fleet facts: ok"

# -- 6b. the trust check through an HTTP proxy ----------------------------------------------
# The leaf's CRL lives at a name only the proxy knows (installers/smoke_proxy.py builds the
# PKI and the servers with the project's virtualenv; ./test.sh, which CI runs first, makes it).
PYVENV="${KYSO_VENV:-$ROOT/.venv}/bin/python"
[ -x "$PYVENV" ] || die "no virtualenv at $PYVENV for the proxy step (run ./test.sh first)"
(cd "$ROOT" && PYTHONPATH="$ROOT/desktop:$ROOT" "$PYVENV" installers/smoke_proxy.py /usr/bin/kyso "$WORK/proxy") ||
  die "the installed kyso did not check revocation through the proxy"
say "trust check through a proxy: ok"

# -- 7. upgrade in place --------------------------------------------------------------------
NEXT="${VERSION}+smoke1"
say "upgrade: $VERSION -> $NEXT (this package repacked)"
dpkg-deb -R "$DEB" "$WORK/next" || die "could not unpack $DEB"
sed -i "s/^Version: .*/Version: $NEXT/" "$WORK/next/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip -z1 --build "$WORK/next" "$WORK/kyso-next.deb" >/dev/null ||
  die "could not repack the upgrade package"
rm -rf "$WORK/next"
mkdir -p "$KYSO_HOME/config" "$KYSO_HOME/data"
printf '{"language": "en"}' > "$KYSO_HOME/config/settings.json"
printf 'user data' > "$KYSO_HOME/data/marker"
USER_SHA="$(cat "$KYSO_HOME/config/settings.json" "$KYSO_HOME/data/marker" | sha256sum)"
dpkg -i "$WORK/kyso-next.deb" >"$WORK/upgrade.log" 2>&1 || { cat "$WORK/upgrade.log" >&2; die "upgrade failed"; }
rm -f "$WORK/kyso-next.deb"
[ "$(dpkg-query -W -f='${Version}' kyso)" = "$NEXT" ] || die "dpkg does not list $NEXT after the upgrade"
[ "$(sha256sum /etc/kyso/kyso.toml | cut -d' ' -f1)" = "$IT_SHA" ] || die "the upgrade changed /etc/kyso/kyso.toml"
[ -f "$AUTOSTART" ] || die "the upgrade lost $AUTOSTART"
[ "$(sha256sum "$UBRIDGE/bridge-ca.pem" | cut -d' ' -f1)" = "$CA_SHA" ] ||
  die "the upgrade changed the user's own bridge CA"
as_user certutil -L -d "sql:$UHOME/.pki/nssdb" -n "$NICK" >/dev/null 2>&1 ||
  die "the upgrade took the user's own CA out of the user's NSS database"
[ ! -e "$BRIDGE" ] && [ ! -e "$SYSTEM_CA" ] || die "the upgrade made machine bridge certificates"
[ "$(cat "$KYSO_HOME/config/settings.json" "$KYSO_HOME/data/marker" | sha256sum)" = "$USER_SHA" ] ||
  die "the upgrade changed the user's settings or data"
(cd / && timeout 60 kyso --version) >/dev/null || die "kyso does not start after the upgrade"
say "upgrade: ok (IT's settings and the user's files kept)"

# -- 8. remove ----------------------------------------------------------------------------
dpkg -r kyso >/dev/null || die "dpkg -r kyso failed"
[ "$(sha256sum /etc/kyso/kyso.toml | cut -d' ' -f1)" = "$IT_SHA" ] || die "dpkg -r removed or changed /etc/kyso/kyso.toml"
INSTALLED=0
left=()
for p in /opt/kyso /usr/bin/kyso /usr/bin/kyso-desktop /usr/share/applications/kyso.desktop \
         /usr/share/icons/hicolor/scalable/apps/kyso.svg /usr/share/icons/hicolor/256x256/apps/kyso.png \
         "$AUTOSTART"; do
  if [ -e "$p" ] || [ -L "$p" ]; then left+=("$p"); fi
done
[ ${#left[@]} -eq 0 ] || die "left behind after dpkg -r: ${left[*]}"
[ ! -e "$BRIDGE" ] && [ ! -e "$SYSTEM_CA" ] || die "dpkg -r left machine bridge certificates ($BRIDGE, $SYSTEM_CA)"
if [ "$USERS_RUN" = 1 ]; then
  ! as_user certutil -L -d "sql:$UHOME/.pki/nssdb" -n "$NICK" >/dev/null 2>&1 ||
    die "dpkg -r left the user's CA in $SMOKE_USER's NSS database"
  say "bridge: removal took the user's CA out of the user's NSS database"
else
  say "NOTE: not run here: dpkg -r's removal of the user's CA from $SMOKE_USER's NSS (certutil runs as that user)"
fi
say "OK: installed, ran and removed cleanly in $(($(date +%s) - T0)) s"
