import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveAll } from './index';

// Issue 2: any bytes at all give a result: never an exception, a stack overflow or a hang.

const corpusDir = join(__dirname, '..', '..', 'test', 'fixtures', 'conformance');
const corpus: Uint8Array[] = readdirSync(corpusDir).flatMap((c) =>
  ['config', 'credentials'].map((f) => join(corpusDir, c, f)).filter(existsSync).map((p) => readFileSync(p)),
);

/** A small deterministic PRNG, so a failure can be reproduced from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = ['[', ']', '=', ':', '#', ';', ' ', '\t', '\n', '\r', '"', "'", '\\', '\ufeff', '\u00a0', '\x1c', '\u2028', 'profile ', 'source_profile = a\n', 'role_arn = x\n', '[profile a]\n', '[DEFAULT]\n', 's3 =\n  '];

function mutate(input: Uint8Array, random: () => number): Uint8Array {
  const bytes = Array.from(input);
  const edits = 1 + Math.floor(random() * 8);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (bytes.length + 1));
    const op = Math.floor(random() * 5);
    if (op === 0) bytes.splice(at, 1);
    else if (op === 1) bytes.splice(at, 0, Math.floor(random() * 256));
    else if (op === 2) bytes.splice(at, 0, ...new TextEncoder().encode(INTERESTING[Math.floor(random() * INTERESTING.length)]));
    else if (op === 3) bytes.splice(at, Math.floor(random() * 20));
    else {
      const from = Math.floor(random() * bytes.length);
      bytes.splice(at, 0, ...bytes.slice(from, from + Math.floor(random() * 80)));
    }
  }
  return Uint8Array.from(bytes);
}

function assertWellFormed(result: ReturnType<typeof resolveAll>): void {
  assert.ok(result.cli_rejects === null || typeof result.cli_rejects.reason === 'string');
  for (const p of Object.values(result.profiles)) {
    assert.ok(['ok', 'no_credentials', 'error'].includes(p.result));
    assert.equal(p.result === 'error', p.error !== null);
  }
  JSON.stringify(result);
}

test('issue 2: 5,000 mutated corpus files resolve without throwing', () => {
  const random = rng(2);
  for (let i = 0; i < 5000; i++) {
    const config = mutate(corpus[Math.floor(random() * corpus.length)], random);
    const credentials = random() < 0.2 ? null : mutate(corpus[Math.floor(random() * corpus.length)], random);
    try {
      assertWellFormed(resolveAll(config, credentials));
    } catch (e) {
      throw new Error(`seed 2, iteration ${i}: ${(e as Error).message}\nconfig=${JSON.stringify(Buffer.from(config).toString('latin1'))}`, { cause: e });
    }
  }
});

test('issue 2: random binary input', () => {
  const random = rng(7);
  for (let i = 0; i < 500; i++) {
    const bytes = Uint8Array.from({ length: Math.floor(random() * 4096) }, () => Math.floor(random() * 256));
    assertWellFormed(resolveAll(bytes, bytes));
  }
});

test('issue 2: huge inputs finish', () => {
  const million = '[s]\n'.repeat(1).concat(Array.from({ length: 1_000_000 }, (_, i) => `[profile p${i}]\n`).join(''));
  assert.equal(Object.keys(resolveAll(new TextEncoder().encode(million), null).profiles).length, 1_000_000);
  const continuation = '[default]\nk = v\n' + '  more text\n'.repeat(200_000);
  assert.equal((resolveAll(new TextEncoder().encode(continuation), null).profiles.default.values.k as string).split('\n').length, 200_001);
  const tensOfMb = new Uint8Array(30 * 1024 * 1024).fill(0x61);
  assert.deepEqual(resolveAll(tensOfMb, null).cli_rejects, { file: 'config', reason: 'no_section_header', line: 1 });
});

test('issue 2: a chain longer than any the CLI follows ends in an error, not a stack overflow', () => {
  let config = '';
  for (let i = 0; i < 5000; i++) config += `[profile p${i}]\nrole_arn = arn:aws:iam::123456789012:role/r${i}\nsource_profile = p${i + 1}\n`;
  const top = resolveAll(new TextEncoder().encode(config), new TextEncoder().encode('[p5000]\naws_access_key_id = a\naws_secret_access_key = b\n')).profiles.p0;
  assert.equal(top.result, 'error');
  assert.match(top.error_message!, /longer than 1000 hops/);
});

test('issue 2: any key given as a nested block instead of a value', () => {
  const keys = ['role_arn', 'source_profile', 'credential_source', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'web_identity_token_file',
    'credential_process', 'sso_session', 'sso_account_id', 'sso_role_name', 'sso_start_url', 'sso_region', 'login_session', 'mfa_serial', 'external_id',
    'role_session_name', 'duration_seconds', 'region'];
  for (const key of keys) {
    const block = `${key} =\n  a = b\n`;
    const config = `[profile top]\nrole_arn = arn:aws:iam::123456789012:role/t\nsource_profile = p\n[profile p]\n${block}[profile q]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\n[sso-session s]\n${block}`;
    for (const credentials of [null, `[p]\n${block}`, `[top]\n${block}`]) {
      try {
        assertWellFormed(resolveAll(new TextEncoder().encode(config), credentials === null ? null : new TextEncoder().encode(credentials)));
        assertWellFormed(resolveAll(new TextEncoder().encode(`[profile p]\n${block}`), null));
      } catch (e) {
        throw new Error(`${key}: ${(e as Error).stack}`, { cause: e });
      }
    }
  }
});
