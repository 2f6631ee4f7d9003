import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
