// Endpoint mode (issue 6) in a real VS Code (code-server 1.100), in the product's main scenario:
// IAM user keys under [default] in ~/.aws/credentials, prod a role with source_profile = default.
// With awsProfiles.terminal.credentials at its default, a new terminal gets the window's
// credential endpoint and an empty credentials file instead of keys; Debian's AWS CLI and a Node
// script on the SDK for JavaScript's default chain both act as prod's role. The local STS issues
// credentials for LIFETIME_S seconds only, and the same shell keeps working for more than two
// lifetimes, with nobody doing anything. "No profile" then revokes the terminal's token.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { AWS_CLI, filesUnder, poll, REPO_ROOT, withVsCode } from './harness';
import { DEMO, demoScenario, startLocalAws } from '../support/localAws';
import { defaultProdFiles } from './fixtures';

/** Lifetime of every credential the local STS issues: far below the 15 minutes the endpoint asks for. */
const LIFETIME_S = 60;
/** How long the shell keeps calling: past the first expiry and the second. */
const RUN_S = 150;
const CALL_EVERY_S = 10;
const ROLE_SESSION = /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\//;

type LocalAws = Awaited<ReturnType<typeof startLocalAws>>;
let aws: LocalAws;

before(async () => {
  aws = await startLocalAws({ scenario: demoScenario(), credentialLifetimeSeconds: LIFETIME_S });
});
after(async () => {
  await aws?.close();
});

const fixture = (url: string): Record<string, string> => defaultProdFiles(url, { prodRoleArn: DEMO.powerUserRoleArn });

/**
 * A long-running Node process on the SDK for JavaScript's default chain: one STSClient for its
 * whole life, GetCallerIdentity every CALL_EVERY_S seconds for RUN_S seconds, one JSON line per
 * call with the access key id it signed with.
 */
function nodeClient(url: string): string {
  return `
const { createRequire } = require('node:module');
const req = createRequire(${JSON.stringify(join(REPO_ROOT, 'package.json'))});
const { STSClient, GetCallerIdentityCommand } = req('@aws-sdk/client-sts');
const { fromNodeProviderChain } = req('@aws-sdk/credential-providers');
const { appendFileSync } = require('node:fs');
const out = process.argv[2];
const sts = new STSClient({ endpoint: ${JSON.stringify(url)}, credentials: fromNodeProviderChain() });
const end = Date.now() + ${RUN_S * 1000};
(async () => {
  while (Date.now() < end) {
    try {
      const r = await sts.send(new GetCallerIdentityCommand({}));
      const key = (await sts.config.credentials()).accessKeyId;
      appendFileSync(out, JSON.stringify({ at: Date.now(), ok: true, arn: r.Arn, key }) + '\\n');
    } catch (e) {
      appendFileSync(out, JSON.stringify({ at: Date.now(), ok: false, error: String(e && e.message) }) + '\\n');
    }
    await new Promise((r) => setTimeout(r, ${CALL_EVERY_S * 1000}));
  }
  appendFileSync(out, 'done\\n');
})();
`;
}

const statusItem = (page: Page) => page.locator('.statusbar-item').filter({ has: page.locator('.codicon-key') }).first();

async function pickInQuickPick(page: Page, label: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('input.input').fill(label);
  const row = widget
    .locator('.monaco-list-row')
    // The "No profile" row starts with an icon.
    .filter({ has: page.locator('.quick-input-list-label .label-name', { hasText: new RegExp(`^\\s*${label}$`) }) })
    .first();
  await row.click({ timeout: 20_000 });
}

/** Status of a GET on the endpoint with a token. */
function endpointStatus(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Authorization: token }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

interface NodeLine {
  at: number;
  ok: boolean;
  arn?: string;
  key?: string;
  error?: string;
}

test('endpoint mode in the default + prod scenario: the AWS CLI and the SDK for JavaScript act as prod, past two expiries, in the same shell', { timeout: 600_000 }, async () => {
  await withVsCode('endpoint', { files: fixture(aws.url) }, async (vsc) => {
    const { page } = vsc;
    await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });

    // Select prod in the status bar (a role without MFA).
    await statusItem(page).click();
    await pickInQuickPick(page, 'prod');
    await vsc.waitForLog(/Credential endpoint: terminals of profile "prod" may now fetch credentials\./);

    // A new terminal: the endpoint and the empty credentials file, no keys.
    await vsc.openTerminal();
    const envFile = join(vsc.sandbox, 'env.txt');
    await vsc.typeInTerminal(
      `printf '%s\\n' "keys=\${AWS_ACCESS_KEY_ID:-none}" "uri=$AWS_CONTAINER_CREDENTIALS_FULL_URI" "token=$AWS_CONTAINER_AUTHORIZATION_TOKEN" "file=$AWS_SHARED_CREDENTIALS_FILE" "region=$AWS_REGION" > '${envFile}'`,
    );
    const env = Object.fromEntries((await vsc.waitForFile(envFile)).trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.equal(env.keys, 'none');
    assert.match(env.uri, /^http:\/\/127\.0\.0\.1:\d+\/aws-profiles\/v1\/credentials$/);
    assert.match(env.token, /^[A-Za-z0-9_-]{43}$/);
    assert.match(env.file, /endpoint-mode-credentials$/);
    assert.ok(!readFileSync(env.file, 'utf8').includes('aws_access_key_id'), 'the empty credentials file holds no keys');
    assert.equal(env.region, 'us-east-1');

    // The same shell: the Node client in the background, the AWS CLI in a loop in the foreground.
    const script = join(vsc.sandbox, 'client.js');
    writeFileSync(script, nodeClient(aws.url));
    const nodeOut = join(vsc.sandbox, 'node.txt');
    const cliOut = join(vsc.sandbox, 'cli.txt');
    const cliDone = join(vsc.sandbox, 'cli-done.txt');
    const started = Date.now();
    await vsc.typeInTerminal(`node '${script}' '${nodeOut}' & for i in $(seq 1 ${Math.floor(RUN_S / CALL_EVERY_S)}); do echo "$(date +%s%3N) $(${AWS_CLI} --endpoint-url ${aws.url} sts get-caller-identity --query Arn --output text 2>&1 | tr '\\n' ' ')" >> '${cliOut}'; sleep ${CALL_EVERY_S}; done; wait; echo done > '${cliDone}'`);
    await vsc.waitForFile(cliDone, (RUN_S + 120) * 1000);
    await poll(() => (existsSync(nodeOut) && readFileSync(nodeOut, 'utf8').includes('done\n') ? true : undefined), 60_000, 'the Node client finishing');

    const firstIssued = aws.state.issuedCredentials().find((k) => k.issuedBy === 'AssumeRole')!;
    const firstExpiry = firstIssued.expiresAt!;
    assert.ok(firstExpiry < started + 2 * LIFETIME_S * 1000, 'the first credentials expired during the run');

    const cliLines = readFileSync(cliOut, 'utf8').trim().split('\n');
    assert.ok(cliLines.length >= RUN_S / CALL_EVERY_S - 2, `${cliLines.length} CLI calls`);
    for (const line of cliLines) assert.match(line.slice(line.indexOf(' ') + 1), ROLE_SESSION, `AWS CLI: ${line}`);
    assert.ok(Number(cliLines.at(-1)!.split(' ')[0]) > firstExpiry + LIFETIME_S * 1000, 'the CLI kept working past the second expiry');

    const nodeLines = readFileSync(nodeOut, 'utf8').trim().split('\n').filter((l) => l !== 'done').map((l) => JSON.parse(l) as NodeLine);
    for (const l of nodeLines) {
      assert.ok(l.ok, `SDK for JavaScript: ${JSON.stringify(l)}`);
      assert.match(l.arn!, ROLE_SESSION);
    }
    assert.ok(nodeLines.at(-1)!.at > firstExpiry + LIFETIME_S * 1000, 'the Node client kept working past the second expiry');
    assert.ok(new Set(nodeLines.map((l) => l.key)).size >= 3, `one process, fresh credentials each lifetime: ${new Set(nodeLines.map((l) => l.key)).size} keys`);
    assert.ok(aws.state.callCount('AssumeRole') >= 3);

    // The token never reaches the log; the endpoint refuses it once "No profile" is selected.
    assert.ok(!vsc.readLog().includes(env.token), 'the token is not in the log');
    assert.equal(await endpointStatus(env.uri, env.token), 200);
    await statusItem(page).click();
    await pickInQuickPick(page, 'No profile');
    await vsc.waitForLog(/No active profile/);
    await poll(async () => ((await endpointStatus(env.uri, env.token)) === 403 ? true : undefined), 10_000, 'the token refused after "No profile"');

    // No issued secret in any file under HOME or VS Code's data folder.
    const secrets = aws.state.issuedCredentials().flatMap((k) => [k.secretAccessKey, k.sessionToken ?? '']).filter((s) => s.length > 0);
    for (const file of [...filesUnder(vsc.home), ...filesUnder(vsc.userDataDir)]) {
      const text = readFileSync(file, 'latin1');
      for (const s of secrets) assert.ok(!text.includes(s), `an issued secret was written to ${file}`);
    }
  });
});

