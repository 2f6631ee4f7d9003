import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { UserError } from '../../core/common/errors';
import { planProfileEdit, type ProfileChange } from '../../core/setup/profileEdit';
import { editAwsFiles, undoAwsFilesEdit } from './awsFilesEdit';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function home(): { config: string; credentials: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'awsp-files-edit-'));
  dirs.push(dir);
  return { dir, config: join(dir, '.aws', 'config'), credentials: join(dir, '.aws', 'credentials') };
}

const names = { config: '~/.aws/config', credentials: '~/.aws/credentials' };
const keys: ProfileChange = {
  kind: 'set',
  profile: 'default',
  create: true,
  values: [['aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE'], ['aws_secret_access_key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'], ['region', 'us-west-1'], ['output', 'json']],
};

test('issue 21: with no ~/.aws, adding keys makes the folder and both files, the new files 0600, and Remove What Was Written removes them', async () => {
  const paths = home();
  const umask = process.umask(0o022);
  let edit;
  try {
    edit = await editAwsFiles(paths, (before) => planProfileEdit(before, keys, { names }));
  } finally {
    process.umask(umask);
  }
  assert.equal(readFileSync(paths.credentials, 'utf8'), '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
  assert.equal(readFileSync(paths.config, 'utf8'), '[default]\nregion = us-west-1\noutput = json\n');
  if (process.platform !== 'win32') {
    assert.equal(statSync(paths.credentials).mode & 0o777, 0o600);
    assert.equal(statSync(paths.config).mode & 0o777, 0o600);
  }
  assert.deepEqual(readdirSync(join(paths.dir, '.aws')).sort(), ['config', 'credentials'], 'no temporary file left');
  await undoAwsFilesEdit(paths, edit);
  assert.deepEqual(readdirSync(join(paths.dir, '.aws')), []);
});

test('issue 21: an edit made meanwhile is not lost: the file is read again just before it is replaced, and nothing is written', async () => {
  const paths = home();
  mkdirSync(join(paths.dir, '.aws'));
  writeFileSync(paths.config, '[default]\nregion = us-east-1\n');
  await assert.rejects(
    editAwsFiles(paths, (before) => {
      const planned = planProfileEdit(before, { kind: 'set', profile: 'default', values: [['output', 'json']] }, { names });
      // The user saves the file in an editor while the edit is prepared.
      writeFileSync(paths.config, '[default]\nregion = eu-west-1\n');
      return planned;
    }),
    (e: unknown) => e instanceof UserError && e.code === 'file.changed',
  );
  assert.equal(readFileSync(paths.config, 'utf8'), '[default]\nregion = eu-west-1\n');
  assert.equal(existsSync(paths.credentials), false);
});

test('issue 21: when the second file cannot be written the first is put back: both files change or neither', async () => {
  const paths = home();
  mkdirSync(join(paths.dir, '.aws'));
  writeFileSync(paths.config, '[default]\nregion = us-east-1\n');
  const change: ProfileChange = { kind: 'set', profile: 'default', values: [['output', 'json'], ['aws_access_key_id', 'AKIAIOSFODNN7EXAMPLE'], ['aws_secret_access_key', 's']] };
  await assert.rejects(
    editAwsFiles(paths, (before) => {
      const planned = planProfileEdit(before, change, { names });
      assert.deepEqual(planned.changed, ['config', 'credentials']);
      // Something takes the credentials file's place while the edit is prepared: its write fails.
      mkdirSync(paths.credentials);
      writeFileSync(join(paths.credentials, 'inside'), 'x');
      return planned;
    }),
    (e: unknown) => e instanceof UserError && e.message.startsWith(paths.credentials),
  );
  assert.equal(readFileSync(paths.config, 'utf8'), '[default]\nregion = us-east-1\n', 'the config file was put back');
  assert.deepEqual(readdirSync(join(paths.dir, '.aws')).sort(), ['config', 'credentials']);
});

test('issue 21: a file that cannot be read is not edited, and the sentence names it', async () => {
  const paths = home();
  mkdirSync(paths.config, { recursive: true });
  await assert.rejects(editAwsFiles(paths, (before) => planProfileEdit(before, keys, { names })), (e: unknown) => e instanceof UserError && e.code === 'file.read' && e.message.startsWith(paths.config));
  assert.equal(existsSync(paths.credentials), false);
});

test('issue 21: a symbolic link to the config file (dotfiles) stays one; undo removes the file it made, not the link', { skip: process.platform === 'win32' }, async () => {
  const paths = home();
  mkdirSync(join(paths.dir, '.aws'));
  mkdirSync(join(paths.dir, 'dotfiles'));
  symlinkSync(join(paths.dir, 'dotfiles', 'config'), paths.config);
  const edit = await editAwsFiles(paths, (before) => planProfileEdit(before, keys, { names }));
  assert.ok(lstatSync(paths.config).isSymbolicLink());
  assert.equal(readFileSync(join(paths.dir, 'dotfiles', 'config'), 'utf8'), '[default]\nregion = us-west-1\noutput = json\n');
  await undoAwsFilesEdit(paths, edit);
  assert.ok(lstatSync(paths.config).isSymbolicLink(), 'the link stays');
  assert.equal(existsSync(join(paths.dir, 'dotfiles', 'config')), false);
});
