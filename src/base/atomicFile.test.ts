import assert from 'node:assert/strict';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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

test('issue 26 L9: followLinks writes the file a chain of links points to, keeps the links and, where the process may, the file\'s owner', { skip: process.platform === 'win32' }, async () => {
  const dir = scratch();
  const real = join(dir, 'real');
  writeFileSync(real, 'old');
  symlinkSync('real', join(dir, 'middle'));
  symlinkSync(join(dir, 'middle'), join(dir, 'first'));
  // Owned by another user (only root may give it back: elsewhere the owner stays the writer's, as before).
  const root = process.getuid?.() === 0;
  if (root) chownSync(real, 4321, 4321);
  await writeFileAtomic(join(dir, 'first'), 'new', { mode: 0o600, followLinks: true });
  assert.equal(readFileSync(real, 'utf8'), 'new');
  assert.ok(lstatSync(join(dir, 'first')).isSymbolicLink());
  assert.ok(lstatSync(join(dir, 'middle')).isSymbolicLink());
  if (root) assert.deepEqual([statSync(real).uid, statSync(real).gid], [4321, 4321]);
  symlinkSync('loop-b', join(dir, 'loop-a'));
  symlinkSync('loop-a', join(dir, 'loop-b'));
  await assert.rejects(writeFileAtomic(join(dir, 'loop-a'), 'x', { mode: 0o600, followLinks: true }), /too many levels of symbolic links/);
  assert.deepEqual(readdirSync(dir).sort(), ['first', 'loop-a', 'loop-b', 'middle', 'real']);
});
