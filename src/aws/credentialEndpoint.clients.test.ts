// Real clients against the real endpoint: the AWS SDK for JavaScript's default chain and the AWS
// CLI fetch credentials from a CredentialEndpoint whose engine assumes a role on the local STS
// endpoint (test/support/localAws), and call GetCallerIdentity there with them.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, before, test } from 'node:test';
import { DEMO, LocalAws, demoScenario, startLocalAws } from '../../test/support/localAws';
import type { CredentialService, GetCredentialsOptions, HeldCredentials } from '../core/credentials';
import { endpointEnvironment } from '../core/endpointEnv';
import { NeedsHumanError } from '../core/errors';
import { CredentialEndpoint } from './credentialEndpoint';
import { ensureEmptyCredentialsFile } from './emptyCredentialsFile';

const ROOT = join(__dirname, '..', '..');
const ROLE_ARN = DEMO.powerUserRoleArn;
const ROLE_SESSION_ARN = /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\/endpoint-test$/;

/**
 * The credentials engine as the endpoint sees it, over the local STS: assumes the role with alice's
 * keys, keeps the result while it has more than the lifetime asked for, and counts calls. Its clock
 * is the local endpoint's, so that moving that clock expires what it holds.
 */
class LocalStsCredentials implements Pick<CredentialService, 'get'> {
  calls = 0;
  needsHuman = false;
  private held: HeldCredentials | undefined;
  constructor(private readonly aws: LocalAws) {}

  async get(profile: string, options: GetCredentialsOptions = {}): Promise<HeldCredentials> {
    this.calls++;
    if (this.needsHuman) throw new NeedsHumanError(profile, DEMO.alice.mfaSerial);
    const now = this.aws.state.now();
    if (this.held && this.held.expiresAt! - now > (options.minLifetimeMs ?? 0)) return this.held;
    const sts = new STSClient({
      endpoint: this.aws.url,
      region: DEMO.region,
      credentials: { accessKeyId: DEMO.alice.accessKeyId, secretAccessKey: DEMO.alice.secretAccessKey },
      systemClockOffset: now - Date.now(),
    });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'endpoint-test' }));
    sts.destroy();
    const c = out.Credentials!;
    this.held = {
      profile,
      obtainedAt: now,
      expiresAt: c.Expiration!.getTime(),
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken, expiration: c.Expiration!.getTime() },
    };
    return this.held;
  }
}

/**
 * A long-lived Node client: the SDK's default chain (fromNodeProviderChain) in one STSClient for the
 * whole process, driven line by line over stdin. `advance N` moves its clock (Date) N ms forward,
 * as the test moves the local endpoint's; `call` runs GetCallerIdentity and prints the outcome.
 */
const NODE_CLIENT = String.raw`
const RealDate = Date;
let offset = 0;
class ShiftedDate extends RealDate {
  constructor(...args) { if (args.length === 0) super(RealDate.now() + offset); else super(...args); }
  static now() { return RealDate.now() + offset; }
}
globalThis.Date = ShiftedDate;
const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
const { fromNodeProviderChain } = require('@aws-sdk/credential-providers');
const sts = new STSClient({ endpoint: process.env.LOCAL_AWS_URL, credentials: fromNodeProviderChain() });
const rl = require('node:readline').createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const [command, arg] = line.split(' ');
  if (command === 'advance') { offset += Number(arg); console.log(JSON.stringify({ ok: true })); return; }
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    console.log(JSON.stringify({ ok: true, arn: out.Arn, region: await sts.config.region() }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, name: e.name, message: e.message, code: e.Code, detail: e.Message }));
  }
});
`;

interface ClientReply {
  ok: boolean;
  arn?: string;
  region?: string;
  name?: string;
  message?: string;
  code?: string;
  detail?: string;
}

/** A running NODE_CLIENT process. */
class NodeClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: ((line: string) => void)[] = [];
  stderr = '';
  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-e', NODE_CLIENT], { cwd: ROOT, env });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.replies.shift()?.(line));
    this.child.stderr.on('data', (d) => (this.stderr += d));
  }
  private send(line: string): Promise<ClientReply> {
    return new Promise((resolve) => {
      this.replies.push((reply) => resolve(JSON.parse(reply)));
      this.child.stdin.write(line + '\n');
    });
  }
  call(): Promise<ClientReply> {
    return this.send('call');
  }
  advance(ms: number): Promise<ClientReply> {
    return this.send(`advance ${ms}`);
  }
  close(): void {
    this.child.kill();
  }
}

/** The environment of a terminal in endpoint mode: nothing AWS inherited, no files, the endpoint's variables. */
function terminalEnv(url: string, token: string, files: { config?: string; credentials?: string } = {}): Record<string, string> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => !k.startsWith('AWS_') && v !== undefined)) as Record<string, string>;
  return {
    ...clean,
    AWS_CONFIG_FILE: files.config ?? '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: files.credentials ?? '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    LOCAL_AWS_URL: local.url,
    ...endpointEnvironment({ url, token }, DEMO.region).set,
  };
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs an AWS CLI asynchronously (the endpoint lives in this process). */
function runCli(cli: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(cli, ['--endpoint-url', local.url, '--output', 'json', ...args], { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Debian's AWS CLI v2 (scripts/setup-e2e.sh installs it), and whatever other `aws` is first on PATH. */
function findClis(): Promise<{ path: string; version: string }[]> {
  const candidates = ['/usr/bin/aws', 'aws'];
  return Promise.all(
    candidates.map(
      (path) =>
        new Promise<{ path: string; version: string } | undefined>((resolve) =>
          execFile(path, ['--version'], { timeout: 30_000 }, (error, stdout, stderr) =>
            resolve(error ? undefined : { path, version: (stdout || stderr).trim().split(' ')[0] }),
          ),
        ),
    ),
  ).then((found) => found.filter((c, i, all): c is { path: string; version: string } => !!c && all.findIndex((o) => o?.version === c.version) === i));
}

let local: LocalAws;
let clis: { path: string; version: string }[] = [];
const cleanup: (() => void | Promise<void>)[] = [];

before(async () => {
  clis = await findClis();
});

afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setUp(credentialLifetimeSeconds?: number) {
  local = await startLocalAws({ scenario: demoScenario(), credentialLifetimeSeconds });
  cleanup.push(() => local.close());
  const credentials = new LocalStsCredentials(local);
  const notified: string[] = [];
  const endpoint = new CredentialEndpoint({ credentials, onNeedsHuman: (p) => notified.push(p), clock: { now: () => local.state.now() } });
  cleanup.push(() => endpoint.dispose());
  const { url, token } = await endpoint.register('prod');
  return { credentials, endpoint, url, token, notified };
}

/** Moves the local STS clock and the client's clock forward together. */
async function advance(client: NodeClient, ms: number): Promise<void> {
  local.state.advanceTime(ms);
  await client.advance(ms);
}

/** Waits (briefly) for a background refresh to land. */
async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function node(env: Record<string, string>): NodeClient {
  const client = new NodeClient(env);
  cleanup.push(() => client.close());
  return client;
}

test("the SDK for JavaScript's default chain gets the selected role's identity from the endpoint", async () => {
  const { url, token, credentials } = await setUp();
  const client = node(terminalEnv(url, token));
  const reply = await client.call();
  assert.ok(reply.ok, JSON.stringify(reply) + client.stderr);
  assert.match(reply.arn!, ROLE_SESSION_ARN);
  assert.equal(reply.region, DEMO.region);
  assert.equal(credentials.calls, 1);
});

test('the AWS CLI gets the selected role\'s identity from the endpoint', async (t) => {
  if (clis.length === 0) return t.skip('no AWS CLI installed (bash scripts/setup-e2e.sh installs /usr/bin/aws)');
  if (!clis.some((c) => c.path === '/usr/bin/aws')) t.diagnostic("Debian's /usr/bin/aws is missing (bash scripts/setup-e2e.sh installs it)");
  const { url, token } = await setUp();
  for (const cli of clis) {
    const r = await runCli(cli.path, ['sts', 'get-caller-identity'], terminalEnv(url, token));
    assert.equal(r.code, 0, `${cli.version}: ${r.stderr}`);
    assert.match(JSON.parse(r.stdout).Arn, ROLE_SESSION_ARN, cli.version);
    t.diagnostic(`${cli.path}: ${cli.version} ok`);
  }
});

test('past the first expiry: one SDK client refreshes from the endpoint before its 15-minute answers expire, without help', async () => {
  // Credentials last an hour; the endpoint always asks for 15 minutes. The client's clock and the
  // local STS clock move together, as a real clock would.
  const { url, token, credentials } = await setUp();
  const client = node(terminalEnv(url, token));
  const first = await client.call();
  assert.ok(first.ok, JSON.stringify(first));
  assert.equal(local.state.callCount('AssumeRole'), 1);

  await advance(client, 40 * 60_000); // 20 minutes left: the client keeps what it has.
  assert.ok((await client.call()).ok);
  assert.equal(credentials.calls, 1, 'no fetch while more than the SDK window is left');

  // 4 minutes left: inside its 5-minute window the SDK (3.1175) answers with what it has and
  // fetches again in the background; the engine, asked for 15 minutes, assumes the role again.
  await advance(client, 16 * 60_000);
  assert.ok((await client.call()).ok);
  // The background fetch is asynchronous: wait for the engine and the STS call to be done.
  await until(() => credentials.calls === 2 && local.state.callCount('AssumeRole') === 2);

  await advance(client, 10 * 60_000); // The first credentials are now expired at STS.
  const after = await client.call();
  assert.ok(after.ok, JSON.stringify(after));
  assert.match(after.arn!, ROLE_SESSION_ARN);

  await advance(client, 2 * 60 * 60_000); // And the second ones too: the SDK blocks on a fresh fetch.
  assert.ok((await client.call()).ok);
  assert.equal(local.state.callCount('AssumeRole'), 3);
});

test('past the first expiry with credentials issued for one minute: the same SDK client and the CLI keep working', async (t) => {
  // Shorter than every client's refresh window and than the 15 minutes asked for: every fetch
  // re-assumes, and each round starts after everything issued before has expired at STS.
  const { url, token, credentials } = await setUp(60);
  const client = node(terminalEnv(url, token));
  for (let round = 1; round <= 3; round++) {
    const reply = await client.call();
    assert.ok(reply.ok, `round ${round}: ${JSON.stringify(reply)}`);
    assert.match(reply.arn!, ROLE_SESSION_ARN);
    for (const cli of clis) {
      // A new process each time, on the real clock (within STS's 15-minute skew of the moved one).
      const r = await runCli(cli.path, ['sts', 'get-caller-identity'], terminalEnv(url, token));
      assert.equal(r.code, 0, `${cli.version} round ${round}: ${r.stderr}`);
    }
    await advance(client, 61_000);
  }
  assert.ok(credentials.calls >= 3 * (1 + clis.length), `each call fetched again (${credentials.calls} fetches)`);
  assert.equal(local.state.callCount('AssumeRole'), credentials.calls, 'and each fetch got fresh credentials');
  if (clis.length === 0) t.diagnostic('no AWS CLI installed: only the SDK client was run');
});

test('a profile that needs an MFA code: the AWS CLI prints the sentence, the SDK for JavaScript fails, the UI is told once', async (t) => {
  const { url, token, credentials, notified } = await setUp();
  credentials.needsHuman = true;
  const client = node(terminalEnv(url, token));
  const reply = await client.call();
  assert.equal(reply.ok, false);
  // The SDK's default chain swallows the endpoint's answer (CredentialsProviderError with
  // tryNextLink): it only says that no provider worked. Hence the notification in the UI.
  assert.equal(reply.message, 'Could not load credentials from any providers');
  t.diagnostic(`SDK for JavaScript: ${reply.name}: ${reply.message}`);
  for (const cli of clis) {
    const r = await runCli(cli.path, ['sts', 'get-caller-identity'], terminalEnv(url, token));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /needs an MFA code from arn:aws:iam::111111111111:mfa\/alice .*Refresh Credentials/, cli.version);
    t.diagnostic(`${cli.version}: ${r.stderr.trim()}`);
  }
  assert.deepEqual(notified, ['prod']);
});

test('a default profile with keys in the credentials file wins over the endpoint (why endpointShadowedBy exists)', async (t) => {
  const { url, token } = await setUp();
  const dir = mkdtempSync(join(tmpdir(), 'endpoint-shadow-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const credentialsFile = join(dir, 'credentials');
  writeFileSync(credentialsFile, `[default]\naws_access_key_id = ${DEMO.bob.accessKeyId}\naws_secret_access_key = ${DEMO.bob.secretAccessKey}\n`);
  const env = terminalEnv(url, token, { credentials: credentialsFile });
  const reply = await node(env).call();
  assert.equal(reply.arn, DEMO.bob.arn);
  for (const cli of clis) {
    const r = await runCli(cli.path, ['sts', 'get-caller-identity'], env);
    assert.equal(JSON.parse(r.stdout).Arn, DEMO.bob.arn, cli.version);
  }
  t.diagnostic('the SDK and the CLI used [default] from the credentials file, not the endpoint');
});

test('endpoint mode points AWS_SHARED_CREDENTIALS_FILE at an empty file: [default] keys are not seen, the config file still is', async (t) => {
  const { url, token } = await setUp();
  const dir = mkdtempSync(join(tmpdir(), 'endpoint-empty-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const keys = join(dir, 'credentials');
  writeFileSync(keys, `[default]\naws_access_key_id = ${DEMO.bob.accessKeyId}\naws_secret_access_key = ${DEMO.bob.secretAccessKey}\n`);
  const config = join(dir, 'config');
  writeFileSync(config, '[default]\nregion = eu-west-3\n\n[profile other]\nregion = eu-north-1\n');
  const empty = await ensureEmptyCredentialsFile(join(dir, 'storage'));
  assert.ok('path' in empty, JSON.stringify(empty));
  // The same terminal in both variants, without AWS_REGION: the region must come from the config file.
  for (const credentials of [empty.path, '/dev/null']) {
    const env = terminalEnv(url, token, { config, credentials });
    delete env.AWS_REGION;
    delete env.AWS_DEFAULT_REGION;
    const reply = await node(env).call();
    assert.ok(reply.ok, `${credentials}: ${JSON.stringify(reply)}`);
    assert.match(reply.arn!, ROLE_SESSION_ARN, credentials);
    assert.equal(reply.region, 'eu-west-3', `${credentials}: the region of [default] in the config file`);
    for (const cli of clis) {
      const r = await runCli(cli.path, ['sts', 'get-caller-identity'], env);
      assert.equal(r.code, 0, `${cli.version} ${credentials}: ${r.stderr}`);
      assert.match(JSON.parse(r.stdout).Arn, ROLE_SESSION_ARN, `${cli.version} ${credentials}`);
      const region = await runCli(cli.path, ['configure', 'get', 'region'], env);
      assert.equal(region.stdout.trim(), 'eu-west-3', `${cli.version} ${credentials}: configure get region`);
      // The trade-off: a profile that only the credentials file defines is not there for --profile.
      const other = await runCli(cli.path, ['sts', 'get-caller-identity', '--profile', 'other'], env);
      assert.match(JSON.parse(other.stdout).Arn, ROLE_SESSION_ARN, `${cli.version}: --profile other (config only, no keys) still uses the endpoint`);
    }
  }
  t.diagnostic(`clients: SDK for JavaScript${clis.map((c) => `, ${c.version}`).join('')}`);
});

test('what the empty credentials file cannot hide: [default] with keys in the config file still wins', async () => {
  const { url, token } = await setUp();
  const dir = mkdtempSync(join(tmpdir(), 'endpoint-config-default-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'config');
  writeFileSync(config, `[default]\naws_access_key_id = ${DEMO.bob.accessKeyId}\naws_secret_access_key = ${DEMO.bob.secretAccessKey}\n`);
  const env = terminalEnv(url, token, { config, credentials: '/dev/null' });
  assert.equal((await node(env).call()).arn, DEMO.bob.arn);
  for (const cli of clis) {
    const r = await runCli(cli.path, ['sts', 'get-caller-identity'], env);
    assert.equal(JSON.parse(r.stdout).Arn, DEMO.bob.arn, cli.version);
  }
});

test('load: 1,000 requests with wrong tokens all get 403 while authorised ones keep being served', async () => {
  const { url, token } = await setUp();
  const u = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 20 });
  cleanup.push(() => agent.destroy());
  const hit = (authorization: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ hostname: u.hostname, port: u.port, path: u.pathname, agent, headers: { Authorization: authorization } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end();
    });
  const wrong = Array.from({ length: 1000 }, (_, i) => hit(`${token.slice(0, 42)}${'ABCDEFGHIJ'[i % 10]}${i}`));
  const right = Array.from({ length: 200 }, () => hit(token));
  const [wrongStatuses, rightStatuses] = await Promise.all([Promise.all(wrong), Promise.all(right)]);
  assert.equal(wrongStatuses.filter((s) => s === 403).length, 1000);
  assert.equal(rightStatuses.filter((s) => s === 200).length, 200);
});
