import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strictEnvironment, terminalCollection } from './envExport';
import { helperEnvironment } from './helperEnv';

const base = { configFile: '/s/terminal-config/prod-1a2b3c4d', marker: 'prod@vscode', endpoint: '/run/user/1000/aws-profiles/k.sock' };

test('issue 10: a helper terminal gets the copy, the marker and the endpoint; no keys, no region', () => {
  const change = helperEnvironment(base);
  assert.deepEqual(change.set, { AWS_CONFIG_FILE: base.configFile, AWS_PROFILE: 'prod@vscode', AWS_PROFILES_ENDPOINT: base.endpoint });
  for (const name of ['AWS_DEFAULT_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN']) {
    assert.ok(change.unset.includes(name), name);
  }
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) {
    assert.ok(!(name in change.set) && !change.unset.includes(name), `${name} is left as it is`);
  }
});

test('issue 10: a credentials file named by a setting, and the id of a terminal of its own, are passed on', () => {
  const change = helperEnvironment({ ...base, credentialsFile: '/elsewhere/credentials', terminal: 't1' });
  assert.equal(change.set.AWS_SHARED_CREDENTIALS_FILE, '/elsewhere/credentials');
  assert.equal(change.set.AWS_PROFILES_TERMINAL, 't1');
});

test('issue 10: in the collection an inherited AWS_DEFAULT_PROFILE becomes the marker and inherited keys empty; nothing else is touched', () => {
  const change = helperEnvironment(base);
  const values = terminalCollection(change, base.marker, { AWS_DEFAULT_PROFILE: 'dev', AWS_PROFILE: 'dev', AWS_SECRET_ACCESS_KEY: 'old', PATH: '/bin' });
  assert.deepEqual(values, { ...change.set, AWS_DEFAULT_PROFILE: 'prod@vscode', AWS_SECRET_ACCESS_KEY: '' });
  assert.deepEqual(terminalCollection(change, base.marker, {}), change.set);
});

test('issue 10: a terminal of its own removes what it must not inherit', () => {
  const env = strictEnvironment(helperEnvironment({ ...base, terminal: 't1' }), { PATH: '/bin', AWS_PROFILE: 'dev', AWS_DEFAULT_PROFILE: 'dev', AWS_ACCESS_KEY_ID: 'A' });
  assert.deepEqual(env, { PATH: '/bin', ...helperEnvironment({ ...base, terminal: 't1' }).set });
});
