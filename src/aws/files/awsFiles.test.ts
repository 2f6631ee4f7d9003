import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { awsFilePaths, expandPath, readAwsFile } from './awsFiles';

test('paths: settings, then AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, then ~/.aws', () => {
  assert.deepEqual(awsFilePaths({}, { HOME: '/h' }, '/x'), { config: '/h/.aws/config', credentials: '/h/.aws/credentials', configFrom: 'default', credentialsFrom: 'default' });
  assert.deepEqual(awsFilePaths({}, { HOME: '/h', AWS_CONFIG_FILE: '~/c', AWS_SHARED_CREDENTIALS_FILE: '$D/k' , D: '/d'}, '/x'), {
    config: '/h/c', credentials: '/d/k', configFrom: 'AWS_CONFIG_FILE', credentialsFrom: 'AWS_SHARED_CREDENTIALS_FILE',
  });
  assert.equal(awsFilePaths({ configFile: '~/mine' }, { HOME: '/h', AWS_CONFIG_FILE: '/e' }, '/x').config, '/h/mine');
});

test('expandvars leaves unset variables as they are, like Python', () => {
  assert.equal(expandPath('${A}/$B/$UNSET/${UNSET2}', { A: 'a', B: 'b' }, '/h'), 'a/b/$UNSET/${UNSET2}');
  assert.equal(expandPath('~', {}, '/h'), '/h');
});

test('a missing file is null; an unreadable one says why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aws-files-'));
  assert.deepEqual(await readAwsFile(join(dir, 'nope')), { bytes: null });
  writeFileSync(join(dir, 'f'), '[default]\n');
  assert.equal(Buffer.from((await readAwsFile(join(dir, 'f'))).bytes!).toString(), '[default]\n');
  mkdirSync(join(dir, 'd'));
  assert.match((await readAwsFile(join(dir, 'd'))).error!, /is a folder/);
  if (process.getuid?.() !== 0) {
    chmodSync(join(dir, 'f'), 0);
    assert.match((await readAwsFile(join(dir, 'f'))).error!, /permission denied/);
  }
});

/** Python's own answers on Windows rules: `ntpath.expanduser(ntpath.expandvars(path))` with WINDOWS_ENV (CPython 3, 2026-12-02). */
const WINDOWS_ENV = { USERPROFILE: 'C:\\Users\\alice', APPDATA: 'C:\\Users\\alice\\AppData\\Roaming', D: 'D:\\aws', HOME: '/c/Users/alice' };
const WINDOWS_PATHS: Array<[string, string]> = [
  ['%APPDATA%\\aws\\config', 'C:\\Users\\alice\\AppData\\Roaming\\aws\\config'],
  ['%UNSET%\\x', '%UNSET%\\x'],
  ['50%% off', '50% off'],
  ['%APPDATA', '%APPDATA'],
  ["'%APPDATA%'\\x", "'%APPDATA%'\\x"],
  ['$D\\config', 'D:\\aws\\config'],
  ['${D}\\c', 'D:\\aws\\c'],
  ['$$D', '$D'],
  ['${UNSET}', '${UNSET}'],
  ['$UNSET-x\\y', '$UNSET-x\\y'],
  ['~\\.aws\\config', 'C:\\Users\\alice\\.aws\\config'],
  ['~/.aws/config', 'C:\\Users\\alice/.aws/config'],
  ['~', 'C:\\Users\\alice'],
  ['C:\\plain\\path', 'C:\\plain\\path'],
  ["it's %D%", "it's %D%"],
  ['${D', '${D'],
  ['$D-x', '$D-x'],
];

test('issue 15: on Windows, paths expand as Python does there: %VAR%, any case, ~ is USERPROFILE (not the HOME Git Bash sets)', () => {
  for (const [path, expected] of WINDOWS_PATHS) assert.equal(expandPath(path, WINDOWS_ENV, 'C:\\fallback', 'win32'), expected, path);
  assert.equal(expandPath('%appdata%\\x', WINDOWS_ENV, 'C:\\fallback', 'win32'), 'C:\\Users\\alice\\AppData\\Roaming\\x');
  assert.equal(expandPath('~\\c', { HOMEDRIVE: 'E:', HOMEPATH: '\\Users\\bob' }, 'C:\\fallback', 'win32'), 'E:\\Users\\bob\\c');
  assert.deepEqual(awsFilePaths({}, WINDOWS_ENV, 'C:\\fallback', 'win32'), {
    config: 'C:\\Users\\alice\\.aws\\config',
    credentials: 'C:\\Users\\alice\\.aws\\credentials',
    configFrom: 'default',
    credentialsFrom: 'default',
  });
  assert.equal(awsFilePaths({}, { AWS_CONFIG_FILE: '%APPDATA%\\aws\\config', ...WINDOWS_ENV }, 'C:\\fallback', 'win32').config, 'C:\\Users\\alice\\AppData\\Roaming\\aws\\config');
  // Elsewhere %VAR% means nothing and HOME is the home folder.
  assert.equal(expandPath('%APPDATA%/x', WINDOWS_ENV, '/h', 'linux'), '%APPDATA%/x');
  assert.equal(awsFilePaths({}, WINDOWS_ENV, '/h', 'darwin').config, '/c/Users/alice/.aws/config');
});

test('issue 15: a pipe or an oversized file named as an AWS file is refused with a sentence, never read (a read would block or fill the host)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aws-files-'));
  const fifo = join(dir, 'fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const piped = await readAwsFile(fifo);
  assert.equal(piped.bytes, null);
  assert.match(piped.error!, /fifo is not a regular file \(a pipe, socket or device\)/);
  writeFileSync(join(dir, 'big'), Buffer.alloc(2048, 0x20));
  const big = await readAwsFile(join(dir, 'big'), 1024);
  assert.equal(big.bytes, null);
  assert.match(big.error!, /big is 0\.0 MB, more than the 0\.0009765625 MB/);
  assert.equal((await readAwsFile(join(dir, 'big'), 4096)).bytes?.length, 2048);
});
