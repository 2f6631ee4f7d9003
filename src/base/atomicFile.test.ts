import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { writeFileAtomic } from './atomicFile';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'atomic-'));
  dirs.push(d);
  return d;
};

test('issue 27: writes the bytes with the mode asked, whatever the umask, and leaves no temporary file', async () => {
  const dir = scratch();
  const path = join(dir, 'credentials');
  const umask = process.umask(0o077);
  try {
    await writeFileAtomic(path, 'a = 1\n', { mode: 0o644 });
  } finally {
    process.umask(umask);
  }
  assert.equal(readFileSync(path, 'utf8'), 'a = 1\n');
  if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o644);
  assert.deepEqual(readdirSync(dir), ['credentials']);
});

test('issue 27: replaces a read-only file (the terminals\' copies) and makes the folder when asked', async () => {
  const dir = scratch();
  const path = join(dir, 'copy');
  writeFileSync(path, 'old');
  chmodSync(path, 0o444);
  await writeFileAtomic(path, new TextEncoder().encode('new'), { mode: 0o444 });
  assert.equal(readFileSync(path, 'utf8'), 'new');
  const nested = join(dir, 'sso', 'cache', 'token.json');
  await writeFileAtomic(nested, '{}', { mode: 0o600, createFolder: true });
  assert.equal(readFileSync(nested, 'utf8'), '{}');
  if (process.platform !== 'win32') assert.equal(statSync(join(dir, 'sso', 'cache')).mode & 0o777, 0o700);
});

test('issue 27: a failed rename leaves what was there as it was and no temporary file', async () => {
  const dir = scratch();
  // A non-empty folder where the file should go: the temporary is written, the rename over it fails.
  const path = join(dir, 'config');
  mkdirSync(path);
  writeFileSync(join(path, 'inside'), 'kept');
  await assert.rejects(writeFileAtomic(path, 'new', { mode: 0o600 }));
  assert.deepEqual(readdirSync(dir), ['config']);
  assert.equal(readFileSync(join(path, 'inside'), 'utf8'), 'kept');
  // A file where the folder should be: nothing is created.
  writeFileSync(join(dir, 'file'), '');
  await assert.rejects(writeFileAtomic(join(dir, 'file', 'config'), 'new', { mode: 0o600, createFolder: true }));
  assert.deepEqual(readdirSync(dir).sort(), ['config', 'file']);
});
