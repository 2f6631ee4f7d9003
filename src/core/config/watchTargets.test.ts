import assert from 'node:assert/strict';
import { test } from 'node:test';
import { watchTargets, watchTargetsOf } from './watchTargets';

const folders = (...paths: string[]) => (p: string) => paths.includes(p);

test('issue 14: an existing folder: the file in it, and the folder in its parent (deleted, recreated)', () => {
  assert.deepEqual(watchTargets('/home/u/.aws/config', folders('/', '/home', '/home/u', '/home/u/.aws')), [
    { folder: '/home/u/.aws', name: 'config' },
    { folder: '/home/u', name: '.aws' },
  ]);
});

test('issue 14: no ~/.aws yet: HOME, for .aws; a deeper missing path: the nearest existing folder, for the next name', () => {
  assert.deepEqual(watchTargets('/home/u/.aws/config', folders('/', '/home', '/home/u')), [{ folder: '/home/u', name: '.aws' }]);
  assert.deepEqual(watchTargets('/srv/team/aws/env/config', folders('/', '/srv')), [{ folder: '/srv', name: 'team' }]);
  assert.deepEqual(watchTargets('/config', folders('/')), [{ folder: '/', name: 'config' }]);
  assert.deepEqual(watchTargets('/x/config', folders()), []);
});

test('issue 14: Windows paths', () => {
  assert.deepEqual(watchTargets('C:\\Users\\u\\.aws\\config', folders('C:\\', 'C:\\Users', 'C:\\Users\\u')), [{ folder: 'C:\\Users\\u', name: '.aws' }]);
  assert.deepEqual(watchTargets('C:\\Users\\u\\.aws\\config', folders('C:\\Users\\u\\.aws', 'C:\\Users\\u')), [
    { folder: 'C:\\Users\\u\\.aws', name: 'config' },
    { folder: 'C:\\Users\\u', name: '.aws' },
  ]);
});

test('issue 14: both files in one folder share its targets', () => {
  const all = folders('/', '/home', '/home/u');
  assert.deepEqual(watchTargetsOf(['/home/u/.aws/config', '/home/u/.aws/credentials'], all), [{ folder: '/home/u', name: '.aws' }]);
});
