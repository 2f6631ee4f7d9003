import assert from 'node:assert/strict';
import { test } from 'node:test';
import { environmentFor, filesNamedBySettings, formatExports, shellKindOf, strictEnvironment, terminalCollection } from './envExport';

const session = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'se/cr+et', sessionToken: 'tok', expiration: Date.UTC(2026, 0, 2, 3, 4, 5, 678) };
const longTerm = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };

test('session credentials set keys, token, ISO expiry and both region variables; profile variables go', () => {
  const env = environmentFor(session, 'eu-west-1');
  assert.deepEqual(env.set, {
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'se/cr+et',
    AWS_SESSION_TOKEN: 'tok',
    AWS_CREDENTIAL_EXPIRATION: '2026-01-02T03:04:05Z',
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
  });
  assert.deepEqual(env.unset, ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']);
});

test('long-term keys unset an inherited token and expiry; no region leaves the region alone', () => {
  const env = environmentFor(longTerm, undefined);
  assert.deepEqual(Object.keys(env.set), ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  assert.deepEqual(env.unset, ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION']);
});

test('the terminal collection touches only inherited variables, naming the profile in AWS_PROFILE', () => {
  const change = environmentFor(longTerm, 'us-east-1');
  assert.equal(terminalCollection(change, 'prod', {}).AWS_PROFILE, undefined);
  const c = terminalCollection(change, 'prod', { AWS_PROFILE: 'other', AWS_DEFAULT_PROFILE: 'x', AWS_SESSION_TOKEN: 'old' });
  assert.equal(c.AWS_PROFILE, 'prod');
  assert.equal(c.AWS_DEFAULT_PROFILE, 'prod');
  assert.equal(c.AWS_SESSION_TOKEN, '');
  assert.equal('AWS_CREDENTIAL_EXPIRATION' in c, false);
  assert.equal(c.AWS_ACCESS_KEY_ID, 'AKIAEXAMPLE');
});

test('a strict environment drops profile variables and the host plumbing, keeps the rest', () => {
  const env = strictEnvironment(environmentFor(session, 'us-east-1'), {
    PATH: '/bin',
    AWS_PROFILE: 'other',
    VSCODE_IPC_HOOK_EXTHOST: '/x.sock',
    ELECTRON_RUN_AS_NODE: '1',
    AWS_ACCESS_KEY_ID: 'stale',
  });
  assert.equal(env.PATH, '/bin');
  assert.equal('AWS_PROFILE' in env, false);
  assert.equal('VSCODE_IPC_HOOK_EXTHOST' in env, false);
  assert.equal('ELECTRON_RUN_AS_NODE' in env, false);
  assert.equal(env.AWS_ACCESS_KEY_ID, 'ASIAEXAMPLE');
});

test('exports per shell, with quoting', () => {
  const change = { set: { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: "it's\\x" }, unset: ['AWS_PROFILE'] };
  assert.equal(formatExports(change, 'posix'), "unset AWS_PROFILE\nexport AWS_ACCESS_KEY_ID='A'\nexport AWS_SECRET_ACCESS_KEY='it'\\''s\\x'\n");
  assert.equal(
    formatExports(change, 'powershell'),
    "Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\n$Env:AWS_ACCESS_KEY_ID = 'A'\n$Env:AWS_SECRET_ACCESS_KEY = 'it''s\\x'\n",
  );
  assert.equal(formatExports(change, 'fish'), "set -e AWS_PROFILE\nset -gx AWS_ACCESS_KEY_ID 'A'\nset -gx AWS_SECRET_ACCESS_KEY 'it\\'s\\\\x'\n");
  assert.equal(formatExports(change, 'cmd'), 'set AWS_PROFILE=\r\nset "AWS_ACCESS_KEY_ID=A"\r\nset "AWS_SECRET_ACCESS_KEY=it\'s\\x"\r\n');
});

test('the shell is guessed from its path', () => {
  const cases: [string | undefined, string][] = [
    ['/bin/bash', 'posix'],
    ['/usr/bin/zsh', 'posix'],
    [undefined, 'posix'],
    ['C:\\Program Files\\PowerShell\\7\\pwsh.exe', 'powershell'],
    ['powershell.exe', 'powershell'],
    ['/opt/homebrew/bin/fish', 'fish'],
    ['C:\\Windows\\System32\\cmd.exe', 'cmd'],
  ];
  for (const [path, kind] of cases) assert.equal(shellKindOf(path), kind, String(path));
});

test('issue 10: terminals are pointed at the files a setting names, and only those', () => {
  const files = { config: '/team/config', credentials: '/home/u/.aws/credentials', configFrom: 'setting', credentialsFrom: 'default' };
  assert.deepEqual(filesNamedBySettings(files), { AWS_CONFIG_FILE: '/team/config' });
  assert.deepEqual(filesNamedBySettings({ ...files, configFrom: 'AWS_CONFIG_FILE', credentialsFrom: 'setting' }), { AWS_SHARED_CREDENTIALS_FILE: '/home/u/.aws/credentials' });
});
