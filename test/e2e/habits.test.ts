// Issue 10 in a real VS Code (code-server), driven as a user drives it: with prod active in the
// default terminal mode, the commands people already type keep doing what they did before the
// extension, in the seed's set-up (IAM user keys under [default] in ~/.aws/credentials, prod a role
// with source_profile = default). Debian's AWS CLI v2, the AWS CLI v1 of the machine's Python,
// boto3 and the SDK for JavaScript run in the integrated terminal against the local AWS endpoint.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO, demoScenario, startLocalAws } from '../support/localAws';
import { defaultProdFiles } from './fixtures';
import { AWS_CLI, filesUnder, poll, REPO_ROOT, runInTerminal, withVsCode, type VsCode } from './harness';
import { answerInputBox, focusTerminalTab, selectInStatusBar, waitForStatus } from './workbench';

/** Lifetime of every credential the local STS issues: the long-running clients outlive two of them. */
const LIFETIME_S = 60;
/** How long the long-running clients call, across a window reload. */
const RUN_S = 150;

const ENGINE_PROD = /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\/aws-profiles-\d+$/;
const CLI_PROD = /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\/botocore-session-\d+$/;
const ENGINE_ADMIN = /^arn:aws:sts::222222222222:assumed-role\/ProdAdmin\/aws-profiles-\d+$/;
const BOB = 'arn:aws:iam::111111111111:user/bob';
const PROD_INSTANCES = 'prod-api-1 prod-api-2 prod-api-3 prod-api-4 prod-worker-1 prod-worker-2';
const PROD_EU_INSTANCES = 'prod-eu-1 prod-eu-2';

type LocalAws = Awaited<ReturnType<typeof startLocalAws>>;
/** The local AWS of the running test (each test starts its own). */
let aws: LocalAws;
/**
 * The AWS CLI v1 (botocore) of the machine's Python, next to that Python (with boto3): it reads
 * endpoint_url from the config file, so it can assume roles at the local STS itself.
 */
let cliV1: string;

before(() => {
  const found = spawnSync('python3', ['-c', 'import os, sys, awscli; print(os.path.join(os.path.dirname(sys.executable), "aws"))'], { encoding: 'utf8' });
  cliV1 = found.stdout.trim();
  assert.ok(found.status === 0 && existsSync(cliV1), `the AWS CLI v1 of python3 is needed (pip's awscli): ${found.stderr}`);
});
afterEach(async () => {
  await aws?.close();
});

/**
 * The seed's files, and what `aws configure --profile dev` makes (region in the config file, keys in
 * the credentials file), a profile only in the credentials file (ci), a role in another region
 * (eu-prod) and a role that needs an MFA code (admin).
 */
const files = (url: string): Record<string, string> =>
  defaultProdFiles(url, {
    prodRoleArn: DEMO.powerUserRoleArn,
    extraConfig: (u) =>
      `[profile eu-prod]\nrole_arn = ${DEMO.powerUserRoleArn}\nsource_profile = default\nregion = eu-west-1\nendpoint_url = ${u}\n\n` +
      `[profile admin]\nrole_arn = ${DEMO.adminRoleArn}\nsource_profile = default\nmfa_serial = ${DEMO.alice.mfaSerial}\nregion = us-east-1\nendpoint_url = ${u}\n\n` +
      `[profile dev]\nregion = us-east-1\nendpoint_url = ${u}\n`,
    extraCredentials:
      `[dev]\naws_access_key_id = ${DEMO.bob.accessKeyId}\naws_secret_access_key = ${DEMO.bob.secretAccessKey}\n` +
      `[ci]\naws_access_key_id = ${DEMO.bob.accessKeyId}\naws_secret_access_key = ${DEMO.bob.secretAccessKey}\n`,
  });

/** runInTerminal() with the AWS CLIs, Python and the endpoint's URL as variables, and `arn` and `names` to shorten commands. */
function inTerminal(vsc: VsCode, name: string, body: string, timeoutMs = 240_000): Promise<Record<string, string>> {
  const prelude = String.raw`V2=${AWS_CLI}; V1='${cliV1}'; PY='${join(cliV1, '..', 'python3')}'; URL='${aws.url}'
arn() { "$@" --endpoint-url "$URL" --query Arn --output text; }
names() { "$@" --query 'Reservations[].Instances[].Tags[?Key==${'`'}Name${'`'}].Value[]' --output text; }`;
  return runInTerminal(vsc, name, body, { prelude, timeoutMs });
}

/** Instance names printed by `names …`, sorted. */
const sorted = (text: string | undefined) => (text ?? '').split(/\s+/).filter(Boolean).sort().join(' ');

/** Every issued secret and session token of the local STS. */
const issuedSecrets = () => aws.state.issuedCredentials().flatMap((k) => [k.secretAccessKey, k.sessionToken ?? '']).filter((s) => s.length > 0);

/** Files under `dir` holding an issued secret, but for the AWS CLI's own cache. */
function filesWithSecrets(...dirs: string[]): string[] {
  const secrets = issuedSecrets();
  assert.ok(secrets.length > 0);
  return dirs
    .flatMap((d) => filesUnder(d))
    .filter((f) => !f.includes(join('.aws', 'cli', 'cache')))
    .filter((f) => {
      const text = readFileSync(f, 'latin1');
      return secrets.some((s) => text.includes(s));
    });
}

/** A long-running Node process on the SDK for JavaScript's default chain: one STSClient, a call every 10 s, one JSON line each. */
function nodeClient(url: string): string {
  return `
const { createRequire } = require('node:module');
const req = createRequire(${JSON.stringify(join(REPO_ROOT, 'package.json'))});
const { STSClient, GetCallerIdentityCommand } = req('@aws-sdk/client-sts');
const { fromNodeProviderChain } = req('@aws-sdk/credential-providers');
const { appendFileSync } = require('node:fs');
const sts = new STSClient({ endpoint: ${JSON.stringify(url)}, credentials: fromNodeProviderChain() });
const end = Date.now() + ${RUN_S * 1000};
(async () => {
  while (Date.now() < end) {
    try {
      const r = await sts.send(new GetCallerIdentityCommand({}));
      appendFileSync(process.argv[2], JSON.stringify({ at: Date.now(), ok: true, arn: r.Arn, key: (await sts.config.credentials()).accessKeyId }) + '\\n');
    } catch (e) {
      appendFileSync(process.argv[2], JSON.stringify({ at: Date.now(), ok: false, error: String(e && e.message) }) + '\\n');
    }
    await new Promise((r) => setTimeout(r, 10000));
  }
})();
`;
}

async function selectProd(vsc: VsCode): Promise<void> {
  await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });
  await selectInStatusBar(vsc.page, 'prod');
  await waitForStatus(vsc.page, 'prod');
  await vsc.waitForLog(/Active profile: prod\./);
  await vsc.openTerminal();
}

/** The notification that says a terminal wrote to its copy of the config file. */
const copyWarning = (page: Page) => page.locator('.notifications-toasts .notification-toast', { hasText: /changed its copy of the AWS config file/ });

test('issue 10: every AWS CLI habit keeps working in a terminal with prod active, across a reload; nothing secret on disk, even after quitting', { timeout: 900_000 }, async () => {
  aws = await startLocalAws({ scenario: demoScenario(), credentialLifetimeSeconds: LIFETIME_S });
  await withVsCode('habits', { files: files(aws.url) }, async (vsc) => {
    await selectProd(vsc);
    const config = join(vsc.home, '.aws', 'config');
    const configBefore = readFileSync(config, 'utf8');

    const r = await inTerminal(
      vsc,
      'habits',
      String.raw`
out 1-v2 arn $V2 sts get-caller-identity
out 1-v1 arn $V1 sts get-caller-identity
out 2-v1 names $V1 ec2 describe-instances --profile prod
out 2-arn-v1 arn $V1 sts get-caller-identity --profile prod
out 3-v2 arn $V2 sts get-caller-identity --profile default
out 3-v1 arn $V1 sts get-caller-identity --profile default
out 4-v2 arn $V2 sts get-caller-identity --profile ci --region us-east-1
out 10-dev-v2 arn $V2 sts get-caller-identity --profile dev
out 10-dev-env arn env AWS_PROFILE=dev $V1 sts get-caller-identity
out 10-eu-v1 names $V1 ec2 describe-instances --profile eu-prod
out 10-region-v2 $V2 configure get region --profile eu-prod
out 5-boto3 $PY -c "import boto3; print(boto3.client('sts', endpoint_url='$URL').get_caller_identity()['Arn'])"
out env printf '%s|%s|%s' "$AWS_PROFILE" "${'$'}{AWS_REGION:-none}" "$(basename "$AWS_CONFIG_FILE")"
out 7-configure $V2 configure set region eu-west-1
`,
    );
    // 1. Plain aws is prod, the extension's session (both CLIs).
    assert.match(r['1-v2'], ENGINE_PROD, 'CLI v2: aws sts get-caller-identity');
    assert.match(r['1-v1'], ENGINE_PROD, 'CLI v1: aws sts get-caller-identity');
    // 2. The literal seed command: the CLI assumes prod itself, as it always did.
    assert.equal(sorted(r['2-v1']), PROD_INSTANCES, `aws ec2 describe-instances --profile prod: ${r['2-v1']}`);
    assert.match(r['2-arn-v1'], CLI_PROD, 'the session the CLI assumed itself');
    // 3. --profile default is the IAM user.
    assert.equal(r['3-v2'], DEMO.alice.arn);
    assert.equal(r['3-v1'], DEMO.alice.arn);
    // 4. A profile only in ~/.aws/credentials.
    assert.equal(r['4-v2'], BOB);
    // 10. dev is dev, never prod; eu-prod's own region.
    assert.equal(r['10-dev-v2'], BOB);
    assert.equal(r['10-dev-env'], BOB, 'AWS_PROFILE=dev');
    assert.equal(sorted(r['10-eu-v1']), PROD_EU_INSTANCES, `--profile eu-prod: ${r['10-eu-v1']}`);
    assert.equal(r['10-region-v2'], 'eu-west-1');
    // 5. boto3 on its default chain.
    assert.match(r['5-boto3'], ENGINE_PROD);
    assert.match(r.env, /^prod@vscode\|none\|prod-[0-9a-f]{8}\.read-only-copy$/);
    // 2 again: the AWS CLI cached prod's role credentials in ~/.aws/cli/cache, as without the extension.
    assert.equal(readdirSync(join(vsc.home, '.aws', 'cli', 'cache')).length, 1, 'the CLI cached its own assume');

    // 7. aws configure set writes where terminals read: as root (as here) the read-only copy does not
    // stop it, so the extension puts the copy back and says so; a non-root user gets "Permission
    // denied" (terminalHelper.clients.test.ts). Either way the user's file is untouched.
    const copy = readdirSync(join(vsc.userDataDir, 'User', 'globalStorage', 'aws-profiles.aws-profiles', 'terminal-config')).map((n) =>
      join(vsc.userDataDir, 'User', 'globalStorage', 'aws-profiles.aws-profiles', 'terminal-config', n),
    )[0];
    await copyWarning(vsc.page).first().waitFor({ timeout: 15_000 });
    const marker = () => /\[profile prod@vscode\][^[]*/.exec(readFileSync(copy, 'utf8'))?.[0] ?? '';
    await poll(() => (/region = us-east-1/.test(marker()) && !marker().includes('eu-west-1') ? true : undefined), 10_000, () => `the copy put back: ${marker()}`);
    assert.equal(readFileSync(config, 'utf8'), configBefore, '~/.aws/config unchanged');
    await vsc.waitForLog(/Something wrote to .*terminal-config/);

    // 5 and 11. A Node process and a loop of the AWS CLI in one shell act as prod past two expiries,
    // across a window reload.
    const script = join(vsc.sandbox, 'client.js');
    writeFileSync(script, nodeClient(aws.url));
    const loopDir = join(vsc.sandbox, 'loop');
    const started = Date.now();
    const running = inTerminal(
      vsc,
      'loop',
      String.raw`
node '${script}' '${loopDir}/node.jsonl' &
end=$(( $(date +%s) + ${RUN_S} ))
while [ $(date +%s) -lt $end ]; do echo "$(date +%s%3N) $(arn $V2 sts get-caller-identity 2>&1 | tr '\n' ' ')" >> '${loopDir}/cli.txt'; sleep 5; done
wait
`,
      (RUN_S + 180) * 1000,
    );
    // The reload comes once both clients have had their first answer.
    const answered = (name: string) => existsSync(join(loopDir, name)) && readFileSync(join(loopDir, name), 'utf8').includes('\n');
    await poll(() => (answered('cli.txt') && answered('node.jsonl') ? true : undefined), 120_000, 'both clients in the loop answered once');
    const reloaded = await vsc.reloadWindow();
    await vsc.waitForLog(/activated in \d+ ms/, { since: reloaded, timeoutMs: 60_000 });
    const loop = await running;
    const firstExpiry = aws.state.issuedCredentials().find((k) => k.issuedBy === 'AssumeRole')!.expiresAt!;
    assert.ok(firstExpiry < started + LIFETIME_S * 1000 * 2);
    const cliLines = loop['cli.txt'].split('\n');
    assert.ok(cliLines.length >= 15, `${cliLines.length} CLI calls`);
    for (const line of cliLines) assert.match(line.slice(line.indexOf(' ') + 1).trim(), ENGINE_PROD, `CLI in the loop: ${line}`);
    assert.ok(Number(cliLines.at(-1)!.split(' ')[0]) > firstExpiry + LIFETIME_S * 1000, 'the loop went past two expiries');
    const nodeLines = loop['node.jsonl'].split('\n').map((l) => JSON.parse(l) as { at: number; ok: boolean; arn?: string; key?: string; error?: string });
    for (const l of nodeLines) assert.ok(l.ok && ENGINE_PROD.test(l.arn!), `SDK for JavaScript: ${JSON.stringify(l)}`);
    assert.ok(new Set(nodeLines.map((l) => l.key)).size >= 3, 'one process, fresh credentials after each expiry');
    assert.ok(nodeLines.at(-1)!.at > firstExpiry + LIFETIME_S * 1000);

    // 8. Nothing secret written by the extension under HOME or VS Code's data (the CLI's own cache aside).
    assert.deepEqual(filesWithSecrets(vsc.home, vsc.userDataDir), []);

    // 12. Quit, not reload: VS Code saves its terminals (their environment too) to its storage.
    await vsc.quit();
    assert.deepEqual(filesWithSecrets(vsc.home, vsc.userDataDir), [], 'after quitting');
    const saved = filesUnder(vsc.userDataDir).filter((f) => !f.includes('globalStorage') && readFileSync(f, 'latin1').includes('prod@vscode'));
    assert.ok(saved.length > 0, 'VS Code saved the terminals with their environment (so the search above looked at it)');
  });
});

test('issue 10: with AWS_PROFILE=default in VS Code\'s environment and profileFlag "extension": the same habits; --profile goes through the extension, MFA asked once in VS Code', { timeout: 600_000 }, async () => {
  // Hour-long sessions: an MFA code typed once then serves every call, as it does with real AWS
  // (a session shorter than the engine's 5-minute floor would be assumed again, and ask again).
  aws = await startLocalAws({ scenario: demoScenario() });
  await withVsCode('habits-extension', { files: files(aws.url), env: { AWS_PROFILE: 'default' }, settings: { 'awsProfiles.terminal.profileFlag': 'extension' } }, async (vsc) => {
    await selectProd(vsc);
    // 6. The inherited AWS_PROFILE does not win; 1-3 hold.
    const r = await inTerminal(
      vsc,
      'inherited',
      String.raw`
out 1-v2 arn $V2 sts get-caller-identity
out 1-v1 arn $V1 sts get-caller-identity
out 3-v2 arn $V2 sts get-caller-identity --profile default
out 2-v2 names $V2 ec2 describe-instances --profile prod --endpoint-url "$URL"
out 2-v1 names $V1 ec2 describe-instances --profile prod
out env printf '%s|%s' "$AWS_PROFILE" "${'$'}{AWS_DEFAULT_PROFILE:-unset}"
`,
    );
    assert.match(r['1-v2'], ENGINE_PROD);
    assert.match(r['1-v1'], ENGINE_PROD);
    assert.equal(r['3-v2'], DEMO.alice.arn);
    // 9. The seed command, now through the extension (the CLI v2 of Debian too: it assumes nothing itself).
    assert.equal(sorted(r['2-v2']), PROD_INSTANCES);
    assert.equal(sorted(r['2-v1']), PROD_INSTANCES);
    assert.equal(r.env, 'prod@vscode|unset');

    // 9. A role that needs an MFA code: typed once, in VS Code, while the CLI waits.
    const mfa = inTerminal(vsc, 'mfa', String.raw`out admin-1 arn $V2 sts get-caller-identity --profile admin`);
    await answerInputBox(vsc.page, /MFA code for profile "admin"/, DEMO.alice.mfaCode, 60_000);
    assert.match((await mfa)['admin-1'], ENGINE_ADMIN);
    const again = await inTerminal(vsc, 'mfa-again', String.raw`out admin-2 arn $V1 sts get-caller-identity --profile admin`);
    assert.match(again['admin-2'], ENGINE_ADMIN, 'no second prompt');
    assert.equal(existsSync(join(vsc.home, '.aws', 'cli', 'cache')), false, 'nothing in ~/.aws/cli/cache');

    // The terminal profile "AWS Profiles: Active Profile": its own terminal, AWS_PROFILE replaced, acting as prod.
    await vsc.page.keyboard.press('F1');
    const widget = vsc.page.locator('.quick-input-widget');
    await widget.locator('input.input').fill('>Terminal: Create New Terminal (With Profile)');
    await widget.locator('.monaco-list-row', { hasText: 'Create New Terminal (With Profile)' }).first().waitFor({ timeout: 20_000 });
    await vsc.page.keyboard.press('Enter');
    await widget.locator('input.input').fill('AWS Profiles: Active Profile');
    await widget.locator('.monaco-list-row', { hasText: 'AWS Profiles: Active Profile' }).first().waitFor({ timeout: 20_000 });
    await vsc.page.keyboard.press('Enter');
    await focusTerminalTab(vsc.page, 'AWS: prod');
    const own = await inTerminal(vsc, 'own', String.raw`
out 1-v2 arn $V2 sts get-caller-identity
out env printf '%s|%s|%s' "$AWS_PROFILE" "${'$'}{AWS_DEFAULT_PROFILE:-unset}" "${'$'}{AWS_PROFILES_TERMINAL:+own}"`);
    assert.match(own['1-v2'], ENGINE_PROD);
    assert.equal(own.env, 'prod@vscode|unset|own');
    assert.deepEqual(filesWithSecrets(vsc.home, vsc.userDataDir), []);
  });
});
