#!/usr/bin/env bash
# Installs everything the end-to-end tests need to run the extension in a real VS Code
# (code-server 4.100.3 = VS Code 1.100.3, driven by Debian's Chromium through playwright-core).
# See /work/shared/E2E-RECIPE.md for why each step is there.
#
# Idempotent and cached: the first run takes a few minutes; a later run finds the stamp file and
# the Debian packages in place and exits at once. Works as root with no stdin (CI=true).
#   bash scripts/setup-e2e.sh            # set up (or confirm the setup)
#   E2E_SETUP_FORCE=1 bash scripts/setup-e2e.sh   # rebuild the code-server cache from scratch
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# Bump when the steps below change, so that an existing cache is rebuilt.
SETUP_REV=1
APT_PACKAGES=(chromium ripgrep libkrb5-dev awscli)
NATIVE_MODULES=(node-pty @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog kerberos)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache/code-server"
DEST="$CACHE/code-server-$CODE_SERVER_VERSION"
STAMP="$DEST/.setup-complete"
STAMP_KEY="code-server=$CODE_SERVER_VERSION node-abi=$(node -p process.versions.modules) rev=$SETUP_REV"

log() { printf '[setup-e2e] %s\n' "$*" >&2; }
die() { printf '[setup-e2e] ERROR: %s\n' "$*" >&2; exit 1; }

apt_missing() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
      missing+=("$p")
    fi
  done
  # awscli must provide /usr/bin/aws (a pyenv shim named aws may come earlier on PATH).
  [[ -x /usr/bin/aws ]] || missing+=(awscli)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/bin/rg ]] || missing+=(ripgrep)
  printf '%s\n' "${missing[@]}" | sort -u | grep -v '^$' || true
}

# ---- fast path: nothing to do -------------------------------------------------------------
if [[ -z "${E2E_SETUP_FORCE:-}" && -f "$STAMP" && "$(cat "$STAMP")" == "$STAMP_KEY" && -z "$(apt_missing)" ]]; then
  log "already set up ($STAMP_KEY); nothing to do"
  exit 0
fi

started=$SECONDS
mkdir -p "$CACHE"
# One setup at a time (two test runs started together must not build into the same folder).
exec 9>"$CACHE/.lock"
flock -w 900 9 || die "timed out waiting for another setup-e2e.sh run (lock $CACHE/.lock)"

# ---- 1. Debian packages --------------------------------------------------------------------
mapfile -t missing < <(apt_missing)
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "not root and no sudo: install ${APT_PACKAGES[*]} by hand"
    SUDO=(sudo -n)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update </dev/null
  "${SUDO[@]}" apt-get install -y "${APT_PACKAGES[@]}" </dev/null
  mapfile -t still < <(apt_missing)
  ((${#still[@]} == 0)) || die "still missing after apt-get install: ${still[*]}"
else
  log "Debian packages already installed: ${APT_PACKAGES[*]}"
fi

log "chromium: $(/usr/bin/chromium --version 2>/dev/null || die 'chromium does not run')"
log "ripgrep:  $(/usr/bin/rg --version | head -1)"
log "aws:      $(/usr/bin/aws --version 2>&1 || die '/usr/bin/aws does not run')"
[[ -f /usr/include/krb5.h || -f /usr/include/krb5/krb5.h ]] || die "krb5 headers missing (libkrb5-dev)"

# ---- 2. code-server, unpacked from the npm registry's tarball ----------------------------------
if [[ -z "${E2E_SETUP_FORCE:-}" && -f "$STAMP" && "$(cat "$STAMP")" == "$STAMP_KEY" ]]; then
  log "code-server $CODE_SERVER_VERSION already set up in $DEST"
  log "done in $((SECONDS - started)) s"
  exit 0
fi

BUILD="$CACHE/build.tmp"
rm -rf "$BUILD"
mkdir -p "$BUILD"
log "Debian packages ready after $((SECONDS - started)) s"
log "fetching code-server@$CODE_SERVER_VERSION with npm pack"
tarball=$(cd "$BUILD" && npm pack "code-server@$CODE_SERVER_VERSION" --silent </dev/null | tail -1)
[[ -f "$BUILD/$tarball" ]] || die "npm pack did not produce a tarball (got '$tarball')"
tar -xzf "$BUILD/$tarball" -C "$BUILD"
rm -f "$BUILD/$tarball"
PKG="$BUILD/package"
VSC="$PKG/lib/vscode"
[[ -f "$PKG/out/node/entry.js" && -d "$VSC" ]] || die "unexpected code-server tarball layout"

npm_install() { # dir
  log "npm install --omit=dev --ignore-scripts in ${1#"$BUILD/"}"
  (cd "$1" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null)
}
npm_install "$PKG"
npm_install "$VSC"
npm_install "$VSC/extensions"

# node-gyp: npm's own copy if there is one (no download), else npx. Node's headers: the ones next
# to this node binary when present (nothing can be downloaded from nodejs.org here).
NODE_GYP=()
npm_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
if [[ -f "$npm_gyp" ]]; then NODE_GYP=(node "$npm_gyp"); else NODE_GYP=(npx --yes node-gyp); fi
GYP_ARGS=()
node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [[ -f "$node_prefix/include/node/node.h" ]]; then GYP_ARGS+=("--nodedir=$node_prefix"); fi
for m in "${NATIVE_MODULES[@]}"; do
  [[ -d "$VSC/node_modules/$m" ]] || die "native module $m not found under lib/vscode/node_modules"
  log "node-gyp rebuild $m"
  (cd "$VSC/node_modules/$m" && "${NODE_GYP[@]}" rebuild "${GYP_ARGS[@]}" -j 2 --loglevel=error </dev/null >"$BUILD/gyp-${m//\//_}.log" 2>&1) \
    || { tail -40 "$BUILD/gyp-${m//\//_}.log" >&2; die "node-gyp rebuild failed for $m"; }
done

# argon2 (code-server's own, loaded at startup): node-pre-gyp would download a prebuilt binary;
# build it with node-gyp and the variables node-pre-gyp would pass, so it lands where it is looked for.
ARGON2="$PKG/node_modules/argon2"
[[ -d "$ARGON2" ]] || die "argon2 not found under code-server's node_modules"
log "node-gyp rebuild argon2"
(cd "$ARGON2" && "${NODE_GYP[@]}" rebuild "${GYP_ARGS[@]}" -j 2 --loglevel=error \
    --module_name=argon2 --module_path="$ARGON2/lib/binding/napi-v3" --napi_build_version=3 \
    </dev/null >"$BUILD/gyp-argon2.log" 2>&1) \
  || { tail -40 "$BUILD/gyp-argon2.log" >&2; die "node-gyp rebuild failed for argon2"; }

# ripgrep: @vscode/ripgrep's postinstall would download it; use Debian's.
mkdir -p "$VSC/node_modules/@vscode/ripgrep/bin"
cp /usr/bin/rg "$VSC/node_modules/@vscode/ripgrep/bin/rg"
chmod 755 "$VSC/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$VSC/node_modules.asar"

# ---- 3. verify ---------------------------------------------------------------------------------
log "verifying native modules load"
(cd "$VSC" && node -e '
  const mods = process.argv.slice(1);
  for (const m of mods) {
    try { require(m); } catch (e) { console.error(`cannot load ${m}: ${e.message}`); process.exit(1); }
  }
  const pty = require("node-pty");
  const p = pty.spawn("/bin/sh", ["-c", "echo pty-ok"], {});
  let out = "";
  p.onData((d) => (out += d));
  p.onExit(() => { if (!out.includes("pty-ok")) { console.error("node-pty spawn failed: " + JSON.stringify(out)); process.exit(1); } });
' "${NATIVE_MODULES[@]}") || die "a native module does not load"
(cd "$PKG" && node -e 'require("argon2").hash("x").then(() => 0, (e) => { console.error(e); process.exit(1); })') \
  || die "argon2 does not load"
"$VSC/node_modules/@vscode/ripgrep/bin/rg" --version >/dev/null || die "copied rg does not run"
# code-server writes a default config under $XDG_CONFIG_HOME even for --version: keep it out of ~.
scratch="$BUILD/scratch-home"
mkdir -p "$scratch"
version=$(HOME="$scratch" XDG_CONFIG_HOME="$scratch/.config" XDG_DATA_HOME="$scratch/.local/share" \
  node "$PKG/out/node/entry.js" --version </dev/null 2>/dev/null | tail -1)
rm -rf "$scratch"
[[ "$version" == "$CODE_SERVER_VERSION"* ]] || die "code-server --version printed '$version'"
log "code-server: $version"

# ---- 4. publish atomically and stamp -------------------------------------------------------------
rm -f "$BUILD"/gyp-*.log
rm -rf "$DEST"
mv "$BUILD" "$DEST"
printf '%s' "$STAMP_KEY" >"$STAMP"
log "done in $((SECONDS - started)) s: $DEST"
