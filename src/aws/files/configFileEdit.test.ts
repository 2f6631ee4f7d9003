import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { UserError } from '../../core/common/errors';
import { replaceAwsFile } from './configFileEdit';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'awsp-edit-'));
  dirs.push(d);
  return d;
};
const bytes = (s: string) => new TextEncoder().encode(s);

test('issue 26 L9: a config file that is a symbolic link (dotfiles) is written through: the link stays, its file gets the bytes and keeps its mode', { skip: process.platform === 'win32' }, async () => {
  const home = scratch();
  mkdirSync(join(home, 'dotfiles', 'aws'), { recursive: true });
  mkdirSync(join(home, '.aws'));
  const real = join(home, 'dotfiles', 'aws', 'config');
  writeFileSync(real, '[default]\n');
  chmodSync(real, 0o640);
  const link = join(home, '.aws', 'config');
  symlinkSync('../dotfiles/aws/config', link);
  await replaceAwsFile(link, bytes('[default]\n'), bytes('[default]\n\n[profile new]\nregion = eu-west-1\n'));
  assert.ok(lstatSync(link).isSymbolicLink(), 'still a link');
  assert.equal(readlinkSync(link), '../dotfiles/aws/config');
  assert.equal(readFileSync(real, 'utf8'), '[default]\n\n[profile new]\nregion = eu-west-1\n');
  assert.equal(statSync(real).mode & 0o777, 0o640);
  assert.equal(statSync(real).uid, process.getuid!());
  assert.deepEqual(readdirSync(join(home, '.aws')), ['config'], 'nothing beside the link');
  assert.deepEqual(readdirSync(join(home, 'dotfiles', 'aws')), ['config'], 'no temporary left');
  // A link to a file that does not exist yet: the file is created where the link points.
  const dangling = join(home, '.aws', 'credentials');
  symlinkSync(join(home, 'dotfiles', 'aws', 'credentials'), dangling);
  await replaceAwsFile(dangling, null, bytes('[default]\n'));
  assert.ok(lstatSync(dangling).isSymbolicLink());
  assert.equal(readFileSync(join(home, 'dotfiles', 'aws', 'credentials'), 'utf8'), '[default]\n');
  assert.equal(statSync(join(home, 'dotfiles', 'aws', 'credentials')).mode & 0o777, 0o600);
});

test('issue 26 L9: a file edited meanwhile is not replaced', async () => {
  const dir = scratch();
  const path = join(dir, 'config');
  writeFileSync(path, '[default]\nregion = us-east-1\n');
  await assert.rejects(replaceAwsFile(path, bytes('[default]\n'), bytes('[default]\n[profile x]\n')), (e: unknown) => e instanceof UserError && /changed while the new profiles were being prepared/.test(e.message));
  assert.equal(readFileSync(path, 'utf8'), '[default]\nregion = us-east-1\n');
});
