// Issue 21: the profile edits write the files exactly as `aws configure set` writes them. Each
// scenario runs the real AWS CLI (Debian's v2 at /usr/bin/aws and the v1 of the machine's Python,
// where installed) on copies of the files in a temporary HOME, one `aws configure set` per value,
// and compares the bytes with what planProfileEdit makes of the same values: once value by value
// (as the CLI is run) and once all at once (as the commands write them).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runProgram } from '../../../test/support/runProgram';
import { analyze } from '../index';
import type { AwsFilesBytes } from './editCheck';
import { planProfileEdit, planSsoSession } from './profileEdit';

interface Cli {
  path: string;
  version: string;
}

async function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await runProgram(command, args, { env, timeout: 60_000 });
  return { code, out: `${stdout}${stderr}` };
}

const clis: Cli[] = [];
const dirs: string[] = [];

before(async () => {
  for (const path of ['/usr/bin/aws', 'aws']) {
    const r = await run(path, ['--version'], process.env as Record<string, string>);
    const version = r.out.trim().split(' ')[0];
    if (r.code === 0 && !clis.some((c) => c.version === version)) clis.push({ path, version });
  }
  if (process.env.CI) {
    assert.ok(clis.some((c) => c.version.startsWith('aws-cli/2.')), 'AWS CLI v2 expected at /usr/bin/aws: run `bash scripts/setup-e2e.sh` (it installs Debian\'s awscli)');
    assert.ok(clis.some((c) => c.version.startsWith('aws-cli/1.')), 'AWS CLI v1 expected on PATH: `python3 -m pip install awscli`');
  }
});
after(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** One `aws configure set KEY VALUE [--profile NAME]`. */
type Set = readonly [profile: string, key: string, value: string];

interface Scenario {
  name: string;
  config?: string;
  credentials?: string;
  sets: Set[];
}

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const ROLE = 'arn:aws:iam::222222222222:role/CrossAccountPowerUser';
const MFA = 'arn:aws:iam::111111111111:mfa/bjwagner';

const SCENARIOS: Scenario[] = [
  {
    name: 'the blog: no files, keys, region and output of default, then prod as a role with MFA',
    sets: [
      ['default', 'aws_access_key_id', KEY],
      ['default', 'aws_secret_access_key', SECRET],
      ['default', 'region', 'us-west-1'],
      ['default', 'output', 'json'],
      ['prod', 'role_arn', ROLE],
      ['prod', 'source_profile', 'default'],
      ['prod', 'mfa_serial', MFA],
      ['prod', 'region', 'us-west-1'],
    ],
  },
  {
    name: 'files with comments, blank lines and other profiles: keys added to the first, a middle and the last section',
    config: '# my config\n[default]\nregion = us-east-1\n\n# prod: the production account\n[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = default\n\n[profile last]\nregion = eu-west-1\n\n# trailing note\n',
    credentials: '[default]\naws_access_key_id = AKIAOLDOLDOLDOLDOLD1\naws_secret_access_key = old\n\n[other]\naws_access_key_id = AKIAOTHEROTHEROTHER1\n',
    sets: [
      ['default', 'output', 'text'],
      ['prod', 'mfa_serial', MFA],
      ['last', 'output', 'json'],
      ['default', 'aws_secret_access_key', SECRET],
      ['other', 'aws_secret_access_key', SECRET],
      ['new', 'region', 'ap-south-1'],
    ],
  },
  {
    name: 'values replaced in place, written compactly or with a colon; a commented-out key counts as an option line',
    config: '[default]\nregion=us-east-1\noutput: text\n# cli_pager = less\n\n[profile b]\nregion = x\n',
    sets: [
      ['default', 'region', 'eu-central-1'],
      ['default', 'output', 'json'],
      ['default', 'cli_pager', ''],
      ['b', 'region', 'eu-west-2'],
    ],
  },
  {
    name: 'a file without a final newline: a key added to its last section, then a new section',
    config: '[default]\nregion = us-east-1',
    credentials: '[default]\naws_access_key_id = AKIAOLDOLDOLDOLDOLD1',
    sets: [
      ['default', 'output', 'json'],
      ['default', 'aws_secret_access_key', SECRET],
      ['x', 'region', 'us-east-2'],
    ],
  },
  {
    name: 'a quoted header and an empty last section',
    config: '[profile "quoted"]\nregion = us-east-1\n[profile empty]\n',
    sets: [
      ['quoted', 'output', 'json'],
      ['empty', 'region', 'sa-east-1'],
    ],
  },
];

/** What the CLI writes: each set run in order on copies of the files in a fresh HOME. */
async function cliFiles(cli: Cli, s: Scenario): Promise<AwsFilesBytes> {
  const home = mkdtempSync(join(tmpdir(), 'awsp-configure-'));
  dirs.push(home);
  mkdirSync(join(home, '.aws'));
  if (s.config !== undefined) writeFileSync(join(home, '.aws', 'config'), s.config);
  if (s.credentials !== undefined) writeFileSync(join(home, '.aws', 'credentials'), s.credentials);
  const env = { PATH: process.env.PATH ?? '', HOME: home };
  for (const [profile, key, value] of s.sets) {
    const r = await run(cli.path, ['configure', 'set', key, value, '--profile', profile], env);
    assert.equal(r.code, 0, `${cli.version} configure set ${key}: ${r.out}`);
  }
  const read = (name: string) => (existsSync(join(home, '.aws', name)) ? readFileSync(join(home, '.aws', name)) : null);
  for (const name of ['config', 'credentials'] as const) {
    const made = s[name] === undefined && existsSync(join(home, '.aws', name));
    if (made && process.platform !== 'win32') assert.equal(statSync(join(home, '.aws', name)).mode & 0o777, 0o600, `${cli.version} makes a new ${name} file 0600`);
  }
  return { config: read('config'), credentials: read('credentials') };
}

const names = { config: '~/.aws/config', credentials: '~/.aws/credentials' };
const bytes = (s: string | undefined) => (s === undefined ? null : new TextEncoder().encode(s));
const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

const exists = (files: AwsFilesBytes, profile: string) => analyze(files.config, files.credentials).model.profiles.has(profile);

/** What planProfileEdit writes for the same sets, one at a time. */
function oneByOne(s: Scenario): AwsFilesBytes {
  let files: AwsFilesBytes = { config: bytes(s.config), credentials: bytes(s.credentials) };
  for (const [profile, key, value] of s.sets) {
    files = planProfileEdit(files, { kind: 'set', profile, values: [[key, value]], create: !exists(files, profile) }, { names }).after;
  }
  return files;
}

/** The same sets, each profile's together (the order of first appearance kept), as the commands write them. */
function perProfile(s: Scenario): AwsFilesBytes {
  let files: AwsFilesBytes = { config: bytes(s.config), credentials: bytes(s.credentials) };
  const profiles = [...new Set(s.sets.map(([p]) => p))];
  for (const profile of profiles) {
    const values = s.sets.filter(([p]) => p === profile).map(([, k, v]) => [k, v] as const);
    files = planProfileEdit(files, { kind: 'set', profile, values, create: !exists(files, profile) }, { names }).after;
  }
  return files;
}

for (const scenario of SCENARIOS) {
  test(`issue 21: the files as \`aws configure set\` writes them: ${scenario.name}`, async (t) => {
    if (clis.length === 0) return t.skip('no AWS CLI on this machine');
    const ours = oneByOne(scenario);
    // The clients run side by side, each in its own HOME.
    const results = await Promise.all(clis.map((cli) => cliFiles(cli, scenario)));
    for (const [i, cli] of clis.entries()) {
      const theirs = results[i];
      assert.equal(text(ours.config), text(theirs.config), `config, ${cli.version}`);
      assert.equal(text(ours.credentials), text(theirs.credentials), `credentials, ${cli.version}`);
    }
    // Keys of the same profile written at once land where the CLI puts them one by one, wherever the
    // profiles are each other's neighbours (every scenario here but the interleaved second one).
    if (scenario.sets.every(([p], i, all) => i === 0 || p === all[i - 1][0] || !all.slice(0, i - 1).some(([q]) => q === p))) {
      const together = perProfile(scenario);
      assert.equal(text(together.config), text(ours.config));
      assert.equal(text(together.credentials), text(ours.credentials));
    }
  });
}

test('issue 21: a new IAM Identity Center session is written as `aws configure sso-session` writes it', async (t) => {
  const v2 = clis.find((c) => c.version.startsWith('aws-cli/2.'));
  if (!v2) return t.skip('no AWS CLI v2 on this machine');
  const home = mkdtempSync(join(tmpdir(), 'awsp-configure-'));
  dirs.push(home);
  mkdirSync(join(home, '.aws'));
  const config = '[default]\nregion = us-east-1\n# the portal\n';
  writeFileSync(join(home, '.aws', 'config'), config);
  // The CLI asks for the name, the start URL, the region and the scopes, one line each.
  const answers = 'corp\nhttps://d-1234567890.awsapps.com/start\nus-west-2\nsso:account:access\n';
  const r = spawnSync(v2.path, ['configure', 'sso-session'], { input: answers, env: { PATH: process.env.PATH ?? '', HOME: home }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const ours = planSsoSession({ config: bytes(config), credentials: null }, { name: 'corp', startUrl: 'https://d-1234567890.awsapps.com/start', region: 'us-west-2' }, { names });
  assert.equal(text(ours.after.config), readFileSync(join(home, '.aws', 'config'), 'utf8'));
  assert.throws(() => planSsoSession(ours.after, { name: 'corp', startUrl: 'https://x.awsapps.com/start', region: 'us-east-1' }, { names }), /There is an IAM Identity Center session "corp" already/);
});
