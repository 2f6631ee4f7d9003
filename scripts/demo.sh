#!/usr/bin/env bash
# The demo (`npm run demo`): a sandbox for a person to try AWS Profiles in a real VS Code.
# Starts the local STS/EC2 endpoint (test/support/localAws, demo scenario), writes a sample ~/.aws
# into a temporary HOME (default keys + prod with MFA, a few chains, endpoint_url pointing at the
# local endpoint), installs the packaged extension into code-server and prints the URL to open.
# Never reads or writes the real ~/.aws: code-server, its terminals and the extension get the
# sandbox HOME and no AWS_* variable from this shell. Ctrl-C stops everything and removes the sandbox.
#   npm run demo                 # code-server on 127.0.0.1:8080 (DEMO_PORT=N to change)
#   DEMO_KEEP=1 npm run demo     # keep the sandbox folder afterwards
#   DEMO_VSCODE=floor npm run demo   # the oldest VS Code the extension supports instead of the current one
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${DEMO_PORT:-8080}"
log() { printf '[demo] %s\n' "$*" >&2; }

# The VS Code of the demo: the current stable release (DEMO_VSCODE=floor for the oldest supported),
# as test/e2e/vscode-versions.json names it, with the Node it runs on (from the npm registry, in .cache/node).
BUILD="${DEMO_VSCODE:-current}"
bash "$ROOT/scripts/setup-e2e.sh" "$BUILD"
read -r CS_VERSION CS_NODE_VERSION VSCODE_VERSION < <(node -e '
  const v = require(process.argv[1])[process.argv[2]];
  if (!v) { console.error(`unknown build ${process.argv[2]} (current or floor)`); process.exit(1); }
  console.log(v.codeServer, v.node, v.vscode);
' "$ROOT/test/e2e/vscode-versions.json" "$BUILD")
CODE_SERVER="$ROOT/.cache/code-server/code-server-$CS_VERSION/package/out/node/entry.js"
CS_NODE="$ROOT/.cache/node/node-v$CS_NODE_VERSION/bin/node"

SANDBOX="$(mktemp -d "${TMPDIR:-/tmp}/awsp-demo-XXXXXX")"
SANDBOX_HOME="$SANDBOX/home"
mkdir -p "$SANDBOX_HOME/.aws" "$SANDBOX/workspace" "$SANDBOX/user-data/User" "$SANDBOX/extensions" "$SANDBOX/run"
chmod 700 "$SANDBOX/run"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  if [[ -z "${DEMO_KEEP:-}" ]]; then rm -rf "$SANDBOX"; else log "sandbox kept in $SANDBOX"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A clean environment: no AWS_* from this shell, the sandbox HOME.
CLEAN_ENV=(env -i "PATH=$PATH" "HOME=$SANDBOX_HOME" "SHELL=/bin/bash" "LANG=${LANG:-C.UTF-8}" "TERM=${TERM:-xterm-256color}"
  "XDG_CONFIG_HOME=$SANDBOX_HOME/.config" "XDG_DATA_HOME=$SANDBOX_HOME/.local/share" "XDG_CACHE_HOME=$SANDBOX_HOME/.cache"
  "XDG_RUNTIME_DIR=$SANDBOX/run" "AWS_EC2_METADATA_DISABLED=true")

log "building and packaging the extension (with the test hooks: the console sign-in goes to the local endpoint)"
(cd "$ROOT" && node scripts/build.mjs --test-hooks && node scripts/package.mjs --out "$SANDBOX/aws-profiles.vsix" >/dev/null)

log "starting the local AWS endpoint (demo scenario)"
# On 127.0.0.2: code-server would rewrite a 127.0.0.1 sign-in page that the extension opens to its port-forwarding proxy.
setsid "${CLEAN_ENV[@]}" node --import tsx "$ROOT/test/support/localAws/main.ts" --port 0 --host 127.0.0.2 --scenario demo >"$SANDBOX/localaws.out" 2>"$SANDBOX/localaws.err" &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q '"url"' "$SANDBOX/localaws.out" 2>/dev/null && break; sleep 0.1; done
AWS_URL="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]).url)' "$SANDBOX/localaws.out")" \
  || { cat "$SANDBOX/localaws.err" >&2; exit 1; }
log "local AWS endpoint: $AWS_URL"

# The demo scenario's names and keys (test/support/localAws/demoScenario.ts, DEMO).
cat >"$SANDBOX_HOME/.aws/config" <<INI
# Sample profiles for the AWS Profiles demo. Every endpoint is the local one: nothing reaches AWS.
[default]
region = us-east-1
endpoint_url = $AWS_URL

# A role in the Prod account that needs alice's MFA code: 123456
[profile prod]
role_arn = arn:aws:iam::222222222222:role/ProdAdmin
source_profile = default
mfa_serial = arn:aws:iam::111111111111:mfa/alice
region = us-east-1
endpoint_url = $AWS_URL

# A role alice may assume without MFA.
[profile power]
role_arn = arn:aws:iam::222222222222:role/CrossAccountPowerUser
source_profile = default
region = eu-west-1
endpoint_url = $AWS_URL

# Role chaining: audit is assumed with power's session.
[profile audit]
role_arn = arn:aws:iam::333333333333:role/AuditReadOnly
source_profile = power
endpoint_url = $AWS_URL

# A partner role that needs an external id.
[profile partner]
role_arn = arn:aws:iam::222222222222:role/PartnerAccess
source_profile = default
external_id = partner-42
endpoint_url = $AWS_URL

# IAM Identity Center: sign in (user carol@example.com) with "Sign In to IAM Identity Center…" or by
# selecting sso-admin; "Add Profiles from IAM Identity Center…" lists the other accounts and roles.
[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
[profile sso-admin]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = AdministratorAccess
region = us-east-1
endpoint_url = $AWS_URL
# A mistake, to see how problems are shown: these two point at each other.
[profile loop-a]
role_arn = arn:aws:iam::111111111111:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::111111111111:role/b
source_profile = loop-a
INI
cat >"$SANDBOX_HOME/.aws/credentials" <<INI
[default]
aws_access_key_id = AKIAEXAMPLEDEVALICE1
aws_secret_access_key = localAwsDemoSecretForAlice0000000000000A
INI
chmod 600 "$SANDBOX_HOME/.aws/config" "$SANDBOX_HOME/.aws/credentials"
cat >"$SANDBOX/user-data/User/settings.json" <<JSON
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "terminal.integrated.defaultProfile.linux": "bash"
}
JSON
printf 'auth: none\ncert: false\n' >"$SANDBOX/code-server.yaml"
COMMON=(--config "$SANDBOX/code-server.yaml" --user-data-dir "$SANDBOX/user-data" --extensions-dir "$SANDBOX/extensions")

log "installing the extension into code-server"
"${CLEAN_ENV[@]}" "$CS_NODE" "$CODE_SERVER" "${COMMON[@]}" --install-extension "$SANDBOX/aws-profiles.vsix" --force >/dev/null

log "starting code-server $CS_VERSION (VS Code $VSCODE_VERSION, Node $CS_NODE_VERSION)"
# The IAM Identity Center endpoints of the extension (and of the AWS CLI v1 in its terminals) are the local ones;
# so is the console sign-in (the variable is for tests and this demo only: a test build reads it, a release does not).
CLEAN_ENV+=("AWS_ENDPOINT_URL_SSO=$AWS_URL" "AWS_ENDPOINT_URL_SSO_OIDC=$AWS_URL" "AWS_PROFILES_TEST_SIGNIN_ENDPOINT=$AWS_URL")
setsid "${CLEAN_ENV[@]}" "$CS_NODE" "$CODE_SERVER" "${COMMON[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --ignore-last-opened "$SANDBOX/workspace" >"$SANDBOX/code-server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do grep -q 'HTTP server listening' "$SANDBOX/code-server.log" 2>/dev/null && break; sleep 0.1; done
grep -q 'HTTP server listening' "$SANDBOX/code-server.log" || { cat "$SANDBOX/code-server.log" >&2; exit 1; }

cat <<TXT

  AWS Profiles demo is running (VS Code $VSCODE_VERSION).

  Open:      http://127.0.0.1:$PORT/?folder=$SANDBOX/workspace
  Try:       the key icon in the activity bar; click "\$(key) AWS" in the status bar and pick prod
             (MFA code 123456); then a new terminal: aws sts get-caller-identity
             IAM Identity Center: pick sso-admin, and confirm the sign-in code shown (Open Browser, Allow)
             AWS Profiles: Open Console as Profile… → prod: the local console page says who signed in
  Sandbox:   $SANDBOX (HOME=$SANDBOX_HOME; your own ~/.aws is not used)
  Local AWS: $AWS_URL

  Ctrl-C stops everything.
TXT
wait
