// Real clients in a terminal served through the helper (issue 10), without VS Code: the copy of the
// config file with its marker profile, the bundled credential_process helper, and the window's
// endpoint on a Unix socket, whose answers come from roles assumed at the local STS endpoint
// (test/support/localAws). The AWS CLI v1 and v2, boto3 and the SDK for JavaScript's default chain
// run as a user's commands would, with the user's own ~/.aws files.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, before, test } from 'node:test';
import { credentialHelperBundle } from '../../test/support/credentialHelperBundle';
import { type ProgramResult, runProgram } from '../../test/support/runProgram';
import { DEMO, type LocalAws, demoScenario, startLocalAws } from '../../test/support/localAws';
import { analyze } from '../core';
import type { HeldCredentials } from '../core/credentials/credentials';
import { NeedsHumanError, UserError } from '../core/common/errors';
import { buildConfigOverlay, type ProfileFlagMode } from '../core/terminal/configOverlay';
import { helperEnvironment } from '../core/terminal/helperEnv';
import { commandLine, type HelperRequest } from '../core/terminal/helperProtocol';
import { CredentialEndpoint } from './credentialEndpoint';
import { installHelper, writeReadOnly } from './terminalFiles';

const ROOT = join(__dirname, '..', '..');
const ENGINE_SESSION = /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\/endpoint-test$/;
const CLI_SESSION = /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\/botocore-session-\d+$/;
const BOB = 'arn:aws:iam::111111111111:user/bob';

/** The user's files: IAM user keys under [default] (alice), dev only in the credentials file (bob), roles on default. */
function userFiles(url: string): { config: string; credentials: string } {
  const role = (name: string, arn: string, extra: string) => `[profile ${name}]\nrole_arn = ${arn}\nsource_profile = default\n${extra}endpoint_url = ${url}\n\n`;
  return {
    config:
      `# my accounts\n[default]\nregion = us-east-1\nendpoint_url = ${url}\n\n` +
      role('prod', DEMO.powerUserRoleArn, 'region = us-east-1\noutput = json\n') +
      role('eu-prod', DEMO.powerUserRoleArn, 'region = eu-west-1\n') +
      role('admin', DEMO.adminRoleArn, `mfa_serial = ${DEMO.alice.mfaSerial}\nregion = us-east-1\n`) +
      // The layout `aws configure --profile dev` makes: the region here, the keys in the credentials file.
      '[profile dev]\nregion = us-east-1\n',
    credentials:
      `[default]\naws_access_key_id = ${DEMO.alice.accessKeyId}\naws_secret_access_key = ${DEMO.alice.secretAccessKey}\n` +
      `[dev]\naws_access_key_id = ${DEMO.bob.accessKeyId}\naws_secret_access_key = ${DEMO.bob.secretAccessKey}\n` +
      `[ci]\naws_access_key_id = ${DEMO.bob.accessKeyId}\naws_secret_access_key = ${DEMO.bob.secretAccessKey}\n`,
  };
}

/**
 * The window's side, as the extension answers: roles assumed at the local STS with alice's keys,
 * kept while they have 15 minutes left; the local endpoint's clock, so that moving it expires them.
 */
class Window {
  calls: HelperRequest[] = [];
  mfaNeeded = false;
  refuse: string | undefined;
  private readonly held = new Map<string, HeldCredentials>();
  constructor(private readonly aws: LocalAws) {}

  resolve = async (request: HelperRequest): Promise<HeldCredentials> => {
    this.calls.push(request);
    if (this.refuse) throw new UserError(this.refuse, 'endpoint.refused');
    const roles: Record<string, string> = { prod: DEMO.powerUserRoleArn, 'eu-prod': DEMO.powerUserRoleArn, admin: DEMO.adminRoleArn };
    const role = roles[request.profile];
    if (!role) throw new UserError(`Profile "${request.profile}" is not served here.`, 'endpoint.refused');
    if (role === DEMO.adminRoleArn && this.mfaNeeded) throw new NeedsHumanError(request.profile, DEMO.alice.mfaSerial);
    const now = this.aws.state.now();
    const held = this.held.get(request.profile);
    if (held && held.expiresAt! - now > 15 * 60_000) return held;
    const sts = new STSClient({
      endpoint: this.aws.url,
      region: DEMO.region,
      credentials: { accessKeyId: DEMO.alice.accessKeyId, secretAccessKey: DEMO.alice.secretAccessKey },
      systemClockOffset: now - Date.now(),
    });
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'endpoint-test', ...(role === DEMO.adminRoleArn ? { SerialNumber: DEMO.alice.mfaSerial, TokenCode: DEMO.alice.mfaCode } : {}) }),
    );
    sts.destroy();
    const c = out.Credentials!;
    const fresh: HeldCredentials = {
      profile: request.profile,
      obtainedAt: now,
      expiresAt: c.Expiration!.getTime(),
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken, expiration: c.Expiration!.getTime() },
    };
    this.held.set(request.profile, fresh);
    return fresh;
  };
}

/**
 * A long-lived Node client: the SDK's default chain in one STSClient for the whole process, driven
 * over stdin. `advance N` moves its clock (Date) N ms forward, as the test moves the local endpoint's.
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
require('node:readline').createInterface({ input: process.stdin }).on('line', async (line) => {
  const [command, arg] = line.split(' ');
  if (command === 'advance') { offset += Number(arg); console.log(JSON.stringify({ ok: true })); return; }
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    console.log(JSON.stringify({ ok: true, arn: out.Arn, region: await sts.config.region(), key: (await sts.config.credentials()).accessKeyId }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, message: e.message }));
  }
});
`;

interface NodeReply {
  ok: boolean;
  arn?: string;
  region?: string;
  key?: string;
  message?: string;
}

class NodeClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: ((line: string) => void)[] = [];
  stderr = '';
  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-e', NODE_CLIENT], { cwd: ROOT, env });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.replies.shift()?.(line));
    this.child.stderr.on('data', (d) => (this.stderr += d));
  }
  private send(line: string): Promise<NodeReply> {
    return new Promise((resolve) => {
      this.replies.push((reply) => resolve(JSON.parse(reply)));
      this.child.stdin.write(line + '\n');
    });
  }
  call = () => this.send('call');
  advance = (ms: number) => this.send(`advance ${ms}`);
  close = (): void => {
    this.child.kill();
  };
}

function run(command: string, args: string[], env: Record<string, string>): Promise<ProgramResult> {
  return runProgram(command, args, { env, timeout: 90_000 });
}

interface Cli {
  path: string;
  version: string;
  /** AWS CLI v1 (botocore): reads endpoint_url from the config file, so it can assume roles at the local STS itself. */
  v1: boolean;
}

/** Debian's AWS CLI v2 and the AWS CLI v1 of the machine's Python (pyenv), where installed. */
async function findClis(): Promise<Cli[]> {
  const found: Cli[] = [];
  for (const path of ['/usr/bin/aws', 'aws']) {
    const r = await run(path, ['--version'], process.env as Record<string, string>);
    const version = (r.stdout || r.stderr).trim().split(' ')[0];
    if (r.code === 0 && !found.some((c) => c.version === version)) found.push({ path, version, v1: version.startsWith('aws-cli/1.') });
  }
  return found;
}

let clis: Cli[] = [];
let python = false;
const cleanup: (() => void | Promise<void>)[] = [];

before(async () => {
  clis = await findClis();
  python = (await run('python3', ['-c', 'import boto3'], process.env as Record<string, string>)).code === 0;
  // CI has both CLIs and boto3 (`npm test` runs scripts/setup-e2e.sh before any test; v1 and boto3
  // are the machine's Python's): there, a missing client is a failure that says how to install it.
  if (process.env.CI) {
    assert.ok(clis.some((c) => !c.v1), `AWS CLI v2 expected at /usr/bin/aws, found ${clis.map((c) => c.version).join(', ') || 'none'}: run \`bash scripts/setup-e2e.sh\` (it installs Debian's awscli)`);
    assert.ok(clis.some((c) => c.v1), `AWS CLI v1 expected on PATH, found ${clis.map((c) => c.version).join(', ') || 'none'}: install it into the machine's Python (\`python3 -m pip install awscli\`)`);
    assert.ok(python, 'boto3 expected in the machine\'s Python: `python3 -m pip install boto3`');
  }
});

afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

interface Terminal {
  local: LocalAws;
  window: Window;
  home: string;
  endpoint: CredentialEndpoint;
  socket: string;
  /** The environment of a terminal acting as `profile` (default prod), plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
}

async function terminal(options: { lifetimeSeconds?: number; profileFlag?: ProfileFlagMode; profile?: string } = {}): Promise<Terminal> {
  const local = await startLocalAws({ scenario: demoScenario(), credentialLifetimeSeconds: options.lifetimeSeconds });
  cleanup.push(() => local.close());
  const dir = mkdtempSync(join(tmpdir(), 'awsp-terminal-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const home = join(dir, 'home');
  mkdirSync(join(home, '.aws'), { recursive: true });
  const files = userFiles(local.url);
  writeFileSync(join(home, '.aws', 'config'), files.config);
  writeFileSync(join(home, '.aws', 'credentials'), files.credentials);

  const window = new Window(local);
  const endpoint = new CredentialEndpoint({ resolve: window.resolve });
  const socket = join(dir, 'w.sock');
  await endpoint.listen(socket);
  cleanup.push(() => endpoint.dispose());

  const config = Buffer.from(files.config);
  const credentials = Buffer.from(files.credentials);
  const profile = options.profile ?? 'prod';
  // The command terminals get: Perl's quick start first where there is one (issue 28), as in the product.
  const helper = await installHelper(join(dir, 'bin'), credentialHelperBundle(), { execPath: process.execPath, electron: false, platform: process.platform });
  const overlay = buildConfigOverlay({
    config,
    credentials,
    analysis: analyze(config, credentials),
    profile,
    source: join(home, '.aws', 'config'),
    helper: (args) => commandLine([...helper, ...args], process.platform),
    profileFlag: options.profileFlag ?? 'cli',
  });
  assert.ok(overlay.ok, overlay.ok ? '' : overlay.reason);
  const configFile = join(dir, 'terminal-config');
  await writeReadOnly(configFile, overlay.bytes);

  const clean = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => !k.startsWith('AWS_') && v !== undefined)) as Record<string, string>;
  const env = (extra: Record<string, string> = {}) => ({
    ...clean,
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    LOCAL_AWS_URL: local.url,
    ...helperEnvironment({ configFile, marker: overlay.marker, endpoint: socket }).set,
    ...extra,
  });
  return { local, window, home, endpoint, socket, env };
}

/** `aws sts get-caller-identity` (the ARN, or the error), against the local STS whatever the CLI version reads from the config. */
async function callerArn(cli: Cli, env: Record<string, string>, ...args: string[]): Promise<string> {
  const r = await run(cli.path, ['sts', 'get-caller-identity', '--endpoint-url', env.LOCAL_AWS_URL, '--query', 'Arn', '--output', 'text', ...args], env);
  return r.code === 0 ? r.stdout.trim() : `failed: ${r.stderr.trim()}`;
}

function node(env: Record<string, string>): NodeClient {
  const client = new NodeClient(env);
  cleanup.push(() => client.close());
  return client;
}

test('issue 10: acting as prod, plain `aws` is prod and every --profile resolves as it always did (AWS CLI v1 and v2)', async (t) => {
  const term = await terminal();
  for (const cli of clis) {
    const env = term.env();
    assert.match(await callerArn(cli, env), ENGINE_SESSION, `${cli.version}: aws sts get-caller-identity`);
    assert.equal(await callerArn(cli, env, '--profile', 'default'), DEMO.alice.arn, `${cli.version}: --profile default`);
    assert.equal(await callerArn(cli, env, '--profile', 'dev'), BOB, `${cli.version}: --profile dev`);
    assert.equal(await callerArn(cli, env, '--profile', 'ci', '--region', 'us-east-1'), BOB, `${cli.version}: --profile ci (only in the credentials file)`);
    assert.equal(await callerArn(cli, { ...env, AWS_PROFILE: 'dev' }), BOB, `${cli.version}: AWS_PROFILE=dev`);
    assert.equal((await callerArn(cli, env, '--profile', 'nope')).startsWith('failed:'), true, `${cli.version}: an unknown profile still fails`);
    // The region of the profile asked for, never the active one's.
    assert.equal((await run(cli.path, ['configure', 'get', 'region'], env)).stdout.trim(), 'us-east-1', cli.version);
    assert.equal((await run(cli.path, ['configure', 'get', 'region', '--profile', 'eu-prod'], env)).stdout.trim(), 'eu-west-1', cli.version);
    if (cli.v1) {
      // The CLI assumes prod itself, as without the extension, and caches it in ~/.aws/cli/cache.
      assert.match(await callerArn(cli, env, '--profile', 'prod'), CLI_SESSION, `${cli.version}: --profile prod`);
      assert.equal(readdirSync(join(term.home, '.aws', 'cli', 'cache')).length, 1);
    }
    t.diagnostic(`${cli.path}: ${cli.version}`);
  }
  assert.ok(term.window.calls.every((c) => c.profile === 'prod' && c.via === 'active'), JSON.stringify(term.window.calls));
});

test('issue 10: boto3 and the SDK for JavaScript act as prod on their default chains, and as dev with AWS_PROFILE=dev', async (t) => {
  const term = await terminal();
  const reply = await node(term.env()).call();
  assert.ok(reply.ok, JSON.stringify(reply));
  assert.match(reply.arn!, ENGINE_SESSION);
  assert.equal(reply.region, 'us-east-1', "prod's region, from the marker");
  assert.equal((await node(term.env({ AWS_PROFILE: 'dev' })).call()).arn, BOB);
  if (!python) return t.skip('no boto3');
  const boto3 = `import boto3, os; print(boto3.client('sts', endpoint_url=os.environ['LOCAL_AWS_URL'], region_name='us-east-1').get_caller_identity()['Arn'])`;
  assert.match((await run('python3', ['-c', boto3], term.env())).stdout.trim(), ENGINE_SESSION);
  assert.equal((await run('python3', ['-c', boto3], term.env({ AWS_PROFILE: 'dev' }))).stdout.trim(), BOB);
});

test('issue 10: one SDK process acts as prod past two expiries, fetching fresh credentials through the helper', async () => {
  const term = await terminal();
  const client = node(term.env());
  const advance = async (ms: number) => {
    term.local.state.advanceTime(ms);
    await client.advance(ms);
  };
  const first = await client.call();
  assert.ok(first.ok, JSON.stringify(first) + client.stderr);
  const keys = new Set([first.key]);
  for (let i = 0; i < 3; i++) {
    await advance(61 * 60_000); // past the expiry of what it holds: it must fetch again, through the helper
    const reply = await client.call();
    assert.ok(reply.ok, JSON.stringify(reply) + client.stderr);
    assert.match(reply.arn!, ENGINE_SESSION);
    keys.add(reply.key);
  }
  assert.equal(keys.size, 4, 'fresh keys after each expiry');
  assert.equal(term.local.state.callCount('AssumeRole'), 4);
});

test('issue 10: with profileFlag "extension", --profile goes through the extension (MFA asked there) and nothing lands in ~/.aws/cli/cache', async (t) => {
  const term = await terminal({ profileFlag: 'extension' });
  for (const cli of clis) {
    const env = term.env();
    assert.match(await callerArn(cli, env, '--profile', 'prod'), ENGINE_SESSION, `${cli.version}: --profile prod`);
    assert.match(await callerArn(cli, env, '--profile', 'admin'), /assumed-role\/ProdAdmin\/endpoint-test$/, `${cli.version}: --profile admin (MFA)`);
    assert.equal(await callerArn(cli, env, '--profile', 'dev'), BOB, `${cli.version}: keys stay with the CLI`);
    t.diagnostic(`${cli.version} ok`);
  }
  assert.ok(term.window.calls.some((c) => c.via === 'profile' && c.profile === 'admin'));
  assert.equal(existsSync(join(term.home, '.aws', 'cli', 'cache')), false, 'the CLI cached nothing');
});

test('issue 10: what fails reads as one sentence in the terminal; outside VS Code the helper says where it works', async (t) => {
  const term = await terminal({ profileFlag: 'extension' });
  term.window.mfaNeeded = true;
  for (const cli of clis) {
    const mfa = await callerArn(cli, term.env(), '--profile', 'admin');
    assert.match(mfa, /AWS Profiles: Profile "admin" needs an MFA code/, cli.version);
    t.diagnostic(`${cli.version}: ${mfa}`);
  }
  term.window.refuse = 'Profile "prod" is no longer the active profile of this VS Code window. Open a new terminal.';
  for (const cli of clis) assert.match(await callerArn(cli, term.env()), /AWS Profiles: Profile "prod" is no longer the active profile/, cli.version);
  const env = term.env();
  delete env.AWS_PROFILES_ENDPOINT;
  const outside = await run(process.execPath, [credentialHelperBundle(), 'active', 'prod'], env);
  assert.equal(outside.code, 1);
  assert.match(outside.stderr, /^AWS Profiles: profile "prod" gets its credentials from VS Code, and this is not a terminal of a VS Code window/);
  assert.equal(outside.stdout, '');
});

test('issue 10: a terminal outlives a window reload: the helper waits for the endpoint to come back on the same path', async () => {
  const term = await terminal();
  await term.endpoint.dispose();
  const pending = run(process.execPath, [credentialHelperBundle(), 'active', 'prod'], term.env());
  await new Promise((r) => setTimeout(r, 1500));
  const again = new CredentialEndpoint({ resolve: term.window.resolve });
  await again.listen(term.socket);
  cleanup.push(() => again.dispose());
  const r = await pending;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).Version, 1);
});

test('issue 10: the copy of the config file holds no secret, and says what it is', async () => {
  const term = await terminal();
  const copy = readFileSync(term.env().AWS_CONFIG_FILE, 'utf8');
  assert.ok(!copy.includes(DEMO.alice.secretAccessKey) && !copy.includes('my accounts'));
  assert.match(copy, /\[profile prod@vscode\]\ncredential_process = (?:.*credential-helper\.pl \S+ )?\S*credential-helper\.js active prod\nregion = us-east-1\noutput = json\nendpoint_url = /);
});

test('issue 10: `aws configure set` in such a terminal fails with a readable message and changes no file (a user who is not root)', async (t) => {
  if (!clis.some((c) => c.path === '/usr/bin/aws')) return t.skip('no /usr/bin/aws (Debian\'s awscli; CI installs it)');
  const term = await terminal();
  const env = term.env();
  const copy = env.AWS_CONFIG_FILE;
  const before = readFileSync(copy);
  const userConfig = readFileSync(join(term.home, '.aws', 'config'));
  // Run as a user who is not root (root writes into read-only files): `nobody` where the test runs as root.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(join(copy, '..'), statSync(join(copy, '..')).mode | 0o005);
  const r = await runProgram('/usr/bin/aws', ['configure', 'set', 'region', 'eu-west-1'], { env: { ...env, HOME: tmpdir() }, timeout: 60_000, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
  assert.notEqual(r.code, 0);
  assert.equal(r.stderr.trim(), `[Errno 13] Permission denied: '${copy}'`);
  assert.deepEqual(readFileSync(copy), before, 'the copy unchanged');
  assert.deepEqual(readFileSync(join(term.home, '.aws', 'config')), userConfig, 'the user file unchanged');
  t.diagnostic(`aws configure set: ${r.stderr.trim()}`);
});
