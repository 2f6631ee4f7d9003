import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../core';
import { EMPTY_CREDENTIALS_FILE_NAME, EMPTY_CREDENTIALS_TEXT, ensureEmptyCredentialsFile } from './emptyCredentialsFile';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'empty-credentials-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('creates the file read-only, with comments only, in a folder that may not exist yet; again is a no-op', async (t) => {
  const dir = join(tempDir(t), 'globalStorage', 'aws-profiles');
  const first = await ensureEmptyCredentialsFile(dir);
  assert.deepEqual(first, { path: join(dir, EMPTY_CREDENTIALS_FILE_NAME) });
  assert.equal(readFileSync(join(dir, EMPTY_CREDENTIALS_FILE_NAME), 'utf8'), EMPTY_CREDENTIALS_TEXT);
  if (process.platform !== 'win32') assert.equal(statSync(join(dir, EMPTY_CREDENTIALS_FILE_NAME)).mode & 0o777, 0o444);
  assert.deepEqual(await ensureEmptyCredentialsFile(dir), first);
});

test('what it holds is, for the AWS CLI, a credentials file without a single profile', () => {
  const a = analyze(null, new TextEncoder().encode(EMPTY_CREDENTIALS_TEXT));
  assert.equal(a.cliRejects, null);
  assert.equal(a.model.profiles.size, 0);
});

test('a file someone wrote keys into is never overwritten: a problem naming it instead', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, EMPTY_CREDENTIALS_FILE_NAME);
  writeFileSync(path, '[default]\naws_access_key_id = AKIAWRITTENBYCONFIGURE\n');
  chmodSync(path, 0o600);
  const got = await ensureEmptyCredentialsFile(dir);
  assert.ok('problem' in got);
  assert.match(got.problem, /is no longer empty \(did "aws configure" write to it\?\)/);
  assert.ok(!got.problem.includes('AKIA'), 'never quotes what it holds');
  assert.match(readFileSync(path, 'utf8'), /AKIAWRITTENBYCONFIGURE/);
});
