// Differential fuzzing of the profile engine against botocore (through botocore_oracle.py):
// generates random but plausible config/credentials pairs, asks botocore, asks src/core, and
// saves every disagreement as a case folder under .e2e/differential/ for a closer look.
//   npx tsx scripts/oracle/differential.ts [count] [seed]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveAll } from '../../src/core';
import { firstDifference } from '../../test/conformance/compare';

const count = Number(process.argv[2] ?? 200);
let seed = Number(process.argv[3] ?? Date.now() % 100000);
const random = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

const NAMES = ['default', 'a', 'b', 'c', 'prod', 'hub', 'Dev', 'dev', 'x y', '', 'p.q', 'it\'s'];
const KEYS = [
  'role_arn', 'source_profile', 'credential_source', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token',
  'aws_security_token', 'web_identity_token_file', 'credential_process', 'sso_session', 'sso_account_id', 'sso_role_name',
  'sso_start_url', 'sso_region', 'login_session', 'mfa_serial', 'external_id', 'role_session_name', 'duration_seconds',
  'region', 'output', 's3', 'services', 'ROLE_ARN', 'Source_Profile',
];
const SPACES = [' ', '  ', '\t', '', '\u00a0', '\x1c', '\u3000'];
const SOURCES = ['Environment', 'EcsContainer', 'Ec2InstanceMetadata', 'environment', ''];

function value(key: string): string {
  switch (key.toLowerCase()) {
    case 'role_arn': return pick(['arn:aws:iam::123456789012:role/r', '', '"arn:aws:iam::1:role/q"', 'arn:aws:iam::123456789012:role/x # c']);
    case 'source_profile': return pick(NAMES.map((n) => n));
    case 'credential_source': return pick(SOURCES);
    case 'duration_seconds': return pick(['3600', '1h', ' 900', '+900', '3600.0', '1_000', '\uff19\uff10\uff10', '0x10', '']);
    case 'credential_process': return pick(['/bin/c --p "a b"', "/bin/c 'x", '/bin/c\\', '', 'c $HOME']);
    case 'sso_session': return pick(['corp', 'ghost', '']);
    default: return pick(['v', '', 'us-east-1', 'a=b', 'x:y', 'AKIA', 'S3CR3T', 'v # c']);
  }
}

function header(config: boolean): string {
  const name = pick(NAMES);
  const quoted = /[ ']/.test(name) ? `"${name}"` : name;
  if (!config) return `[${pick([name, name, 'DEFAULT', 'profile ' + name])}]`;
  return pick([
    `[profile ${quoted}]`, `[profile ${quoted}]`, `[profile ${quoted}]`, '[default]', '[DEFAULT]', `[profiles ${name}]`, `[${name}]`,
    `[profile ${name} x]`, '[sso-session corp]', `[services s]`, `[profile${pick(SPACES)}${quoted}]`, `[ profile ${name} ]`, `[profile ${quoted}] junk`,
  ]);
}

function file(config: boolean): string {
  const lines: string[] = [];
  const sections = 1 + Math.floor(random() * 5);
  if (random() < 0.05) lines.push('stray = line');
  for (let s = 0; s < sections; s++) {
    lines.push(header(config));
    const keys = Math.floor(random() * 6);
    for (let k = 0; k < keys; k++) {
      const key = pick(KEYS);
      const indent = random() < 0.15 ? pick(SPACES) : '';
      const sep = pick([' = ', '=', ': ', ' =', ' = ']);
      lines.push(`${indent}${key}${sep}${value(key)}`);
      if (key === 's3' || key === 'services' || random() < 0.08) lines.push(`  ${pick(['addressing_style = path', 'endpoint_url = http://x', 'bad line', '', 'a = b'])}`);
      if (random() < 0.05) lines.push(pick(['# comment', '  ; comment', '', 'no delimiter', '= empty key']));
    }
    if (random() < 0.3) lines.push('');
  }
  const eol = pick(['\n', '\n', '\n', '\r\n', '\r']);
  return lines.join(eol) + (random() < 0.8 ? eol : '');
}

const out = join(__dirname, '..', '..', '.e2e', 'differential');
let agreed = 0;
let disagreed = 0;
let crashed = 0;
for (let i = 0; i < count; i++) {
  const config = file(true);
  const credentials = random() < 0.2 ? null : file(false);
  const dir = mkdtempSync(join(tmpdir(), 'diff-'));
  writeFileSync(join(dir, 'config'), config);
  if (credentials !== null) writeFileSync(join(dir, 'credentials'), credentials);
  const r = spawnSync('python3', [join(__dirname, 'botocore_oracle.py'), dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    crashed++;
    rmSync(dir, { recursive: true });
    continue;
  }
  const expected = JSON.parse(r.stdout);
  let diff: string | null;
  try {
    const actual = JSON.parse(JSON.stringify(resolveAll(Buffer.from(config), credentials === null ? null : Buffer.from(credentials))));
    diff = firstDifference(expected, actual);
  } catch (e) {
    diff = `resolveAll threw: ${(e as Error).stack}`;
  }
  if (diff === null) agreed++;
  else {
    disagreed++;
    const keep = join(out, `case-${seed}-${i}`);
    mkdirSync(keep, { recursive: true });
    writeFileSync(join(keep, 'config'), config);
    if (credentials !== null) writeFileSync(join(keep, 'credentials'), credentials);
    writeFileSync(join(keep, 'expected.json'), r.stdout);
    writeFileSync(join(keep, 'diff.txt'), diff + '\n');
    console.log(`DIFF ${keep}: ${diff}`);
  }
  rmSync(dir, { recursive: true });
}
console.log(`differential: ${agreed} agree, ${disagreed} differ, ${crashed} botocore crashes (not defined outcomes)`);
process.exit(disagreed === 0 ? 0 : 1);
