// Differential fuzzing of the profile engine against botocore (through botocore_oracle.py):
// generates random but plausible config/credentials pairs, asks botocore, asks src/core, and
// saves every disagreement as a case folder under .e2e/differential/ for a closer look.
// The files have any setting now and then empty or written as an indented block, and some are
// large (past Python's 8 KiB decoding chunks) with bytes that are not UTF-8 late in them.
//   npx tsx scripts/oracle/differential.ts [count] [seed]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveAll } from '../../src/core';
import { PY_TEXT_CHUNK, pyUtf8Failure } from '../../src/core/config/pyText';
import { firstDifference } from '../../test/conformance/compare';

const count = Number(process.argv[2] ?? 200);
const seed = Number(process.argv[3] ?? Date.now() % 100000);
// mulberry32: exact 32-bit integer steps. (The float LCG this replaced lost precision in the
// product and fell into short cycles: 300 files held about 65 distinct ones.)
let state = seed >>> 0;
const random = (): number => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

const NAMES = ['default', 'a', 'b', 'c', 'prod', 'hub', 'Dev', 'dev', 'x y', '', 'p.q', 'it\'s'];
const KEYS = [
  'role_arn', 'source_profile', 'credential_source', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token',
  'aws_security_token', 'web_identity_token_file', 'credential_process', 'sso_session', 'sso_account_id', 'sso_role_name',
  'sso_start_url', 'sso_region', 'login_session', 'mfa_serial', 'external_id', 'role_session_name', 'duration_seconds',
  'region', 'output', 's3', 'services', 'ROLE_ARN', 'Source_Profile',
  'metadata_service_timeout', 'metadata_service_num_attempts', 'ec2_metadata_service_endpoint', 'ec2_metadata_service_endpoint_mode',
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
    case 'metadata_service_timeout':
    case 'metadata_service_num_attempts': return pick(['1', '5', '1h', '', ' 2', '-1', '1.5']);
    case 'ec2_metadata_service_endpoint': return pick(['http://169.254.169.254', 'http://[fd00:ec2::254]', '', 'localhost:80', 'http://[::1', 'http://a_b']);
    case 'ec2_metadata_service_endpoint_mode': return pick(['IPv4', 'ipv6', 'ipv5', '']);
    default: return pick(['v', '', 'us-east-1', 'a=b', 'x:y', 'AKIA', 'S3CR3T', 'v # c']);
  }
}

/** The indented lines of a nested block (`key =` then these), once in a while one botocore refuses. */
function nestedLines(): string[] {
  const lines: string[] = [];
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) lines.push(`  ${pick(['a = b', 'x = 1', 'addressing_style = path', '', '# c', 'k=', ...(random() < 0.1 ? ['no equals'] : [])])}`);
  return lines;
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

function file(config: boolean): Buffer {
  const lines: string[] = [];
  const sections = 1 + Math.floor(random() * 5);
  if (random() < 0.05) lines.push('stray = line');
  for (let s = 0; s < sections; s++) {
    lines.push(header(config));
    const keys = Math.floor(random() * 6);
    const used = new Set<string>();
    for (let k = 0; k < keys; k++) {
      const key = pick(KEYS);
      // A key twice in a section makes botocore refuse the whole file: only now and then.
      if (used.has(key.toLowerCase()) && random() < 0.8) continue;
      used.add(key.toLowerCase());
      const indent = random() < 0.15 ? pick(SPACES) : '';
      const sep = pick([' = ', '=', ': ', ' =', ' = ']);
      // Any setting, now and then, as an empty value or as an indented block (botocore makes a dict of it).
      const shape = random();
      if (shape < 0.1) lines.push(`${indent}${key}${sep.trimEnd()}`, ...nestedLines());
      else if (shape < 0.15) lines.push(`${indent}${key}${sep.trimEnd()}`);
      else lines.push(`${indent}${key}${sep}${value(key)}`);
      if (key === 's3' || key === 'services' || random() < 0.08) lines.push(`  ${pick(['addressing_style = path', 'endpoint_url = http://x', 'bad line', '', 'a = b'])}`);
      if (random() < 0.05) lines.push(pick(['# comment', '  ; comment', '', 'no delimiter', '= empty key']));
    }
    if (random() < 0.3) lines.push('');
  }
  const eol = pick(['\n', '\n', '\n', '\r\n', '\r']);
  return bytes(lines.join(eol) + (random() < 0.8 ? eol : ''), eol);
}

/** Python's text layer decodes 8 KiB at a time (see pyUtf8Failure): files around and past that size. */
const CHUNK = 8192;
const BAD_UTF8 = [[0xff], [0xc0], [0x80], [0xe2], [0xe2, 0x82], [0xe2, 0x28], [0xed, 0xa0], [0xed, 0xa0, 0x80], [0xe0, 0x80], [0xf0, 0x90], [0xf4, 0x90]];

/**
 * The text as bytes: now and then made large with comment lines (chunk boundaries inside), and
 * given bytes that are not UTF-8 (late in a large file, anywhere in a small one), a character cut
 * at a chunk boundary, or a byte order mark.
 */
function bytes(text: string, eol: string): Buffer {
  let out = Buffer.from(text, 'utf8');
  if (random() < 0.15) {
    const target = CHUNK * (1 + Math.floor(random() * 2)) + Math.floor(random() * 200) - 100;
    const filler: Buffer[] = [out];
    let size = out.length;
    while (size < target + 300) {
      const line = Buffer.from(`# ${'x\u00e9\u20ac'.repeat(Math.floor(random() * 20))}${eol}`, 'utf8');
      filler.push(line);
      size += line.length;
    }
    // Settings after the filler too, so that a duplicate may sit on either side of a boundary.
    if (random() < 0.5) filler.push(Buffer.from(`region = late${eol}`, 'utf8'));
    out = Buffer.concat(filler);
    if (random() < 0.7) {
      const at = Math.min(out.length, Math.max(0, target + Math.floor(random() * 40) - 20));
      out = Buffer.concat([out.subarray(0, at), Buffer.from(pick(BAD_UTF8)), out.subarray(at)]);
    }
  } else if (random() < 0.05) {
    const at = Math.floor(random() * (out.length + 1));
    out = Buffer.concat([out.subarray(0, at), Buffer.from(pick(BAD_UTF8)), out.subarray(at)]);
  }
  if (random() < 0.02) out = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), out]);
  return out;
}

const out = join(__dirname, '..', '..', '.e2e', 'differential');
interface Generated {
  dir: string;
  config: Buffer;
  credentials: Buffer | null;
}
// All the files first (the generator is sequential), then botocore on them in batches: the oracle
// imports botocore once per batch and forks a fresh copy of itself per case.
const cases: Generated[] = [];
for (let i = 0; i < count; i++) {
  const config = file(true);
  const credentials = random() < 0.2 ? null : file(false);
  const dir = mkdtempSync(join(tmpdir(), 'diff-'));
  writeFileSync(join(dir, 'config'), config);
  if (credentials !== null) writeFileSync(join(dir, 'credentials'), credentials);
  cases.push({ dir, config, credentials });
}
for (let i = 0; i < cases.length; i += 200) {
  spawnSync('python3', [join(__dirname, 'botocore_oracle.py'), '--batch', ...cases.slice(i, i + 200).map((c) => c.dir)], { stdio: 'inherit' });
}
let agreed = 0;
let disagreed = 0;
let crashed = 0;
// What botocore answered, to see what the generated files exercise.
const seen = new Map<string, number>();
// Files past one decoding chunk with bytes that are not UTF-8, and how many botocore refused for an earlier error.
let large = 0;
let earlierWins = 0;
function tally(expected: { cli_rejects: { reason: string } | null; profiles: Record<string, { result: string; error: string | null }> }): void {
  const keys = expected.cli_rejects ? [`rejected:${expected.cli_rejects.reason}`] : Object.values(expected.profiles).map((p) => p.error ?? p.result);
  for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
}
cases.forEach(({ dir, config, credentials }, i) => {
  const answer = join(dir, 'oracle.json');
  if (!existsSync(answer)) {
    crashed++;
    const why = existsSync(join(dir, 'oracle.err')) ? readFileSync(join(dir, 'oracle.err'), 'utf8').trim() : 'no answer';
    console.log(`CRASH case ${i}: ${why}`);
    rmSync(dir, { recursive: true });
    return;
  }
  const stdout = readFileSync(answer, 'utf8');
  const expected = JSON.parse(stdout);
  tally(expected);
  for (const bytes of [config, credentials]) {
    if (bytes === null || bytes.length <= PY_TEXT_CHUNK || pyUtf8Failure(bytes) === null) continue;
    large++;
    if (expected.cli_rejects !== null && expected.cli_rejects.reason !== 'invalid_utf8') earlierWins++;
  }
  let diff: string | null;
  try {
    const actual = JSON.parse(JSON.stringify(resolveAll(config, credentials)));
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
    writeFileSync(join(keep, 'expected.json'), stdout);
    writeFileSync(join(keep, 'diff.txt'), diff + '\n');
    console.log(`DIFF ${keep}: ${diff}`);
  }
  rmSync(dir, { recursive: true });
});
console.log(`botocore's answers: ${[...seen].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`large files with invalid UTF-8: ${large}, refused for an error before it: ${earlierWins}`);
console.log(`differential: ${agreed} agree, ${disagreed} differ, ${crashed} botocore crashes (not defined outcomes)`);
process.exit(disagreed === 0 && crashed === 0 ? 0 : 1);
