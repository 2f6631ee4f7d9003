import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENDPOINT_CLEARED_VARIABLES, endpointCollection, endpointEnvironment, endpointShadowedBy, endpointTerminal, type EndpointTerminalInput } from './endpointEnv';
import { formatExports, strictEnvironment } from './terminal/envExport';
import type { ProfileResolution } from './types';

const endpoint = { url: 'http://127.0.0.1:4321/aws-profiles/v1/credentials', token: 'tok_en-256bits' };

test('endpoint mode sets the full URI, the token and both regions, and clears every variable that would win', () => {
  const env = endpointEnvironment(endpoint, 'eu-west-1');
  assert.deepEqual(env.set, {
    AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.url,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: endpoint.token,
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
  });
  for (const name of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_SECURITY_TOKEN',
    'AWS_CREDENTIAL_EXPIRATION',
    'AWS_PROFILE',
    'AWS_DEFAULT_PROFILE',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_ROLE_ARN',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  ]) {
    assert.ok(env.unset.includes(name), name);
  }
  assert.ok(!env.unset.some((n) => n in env.set), 'nothing both set and cleared');
});

test('no region leaves the inherited region alone', () => {
  assert.deepEqual(Object.keys(endpointEnvironment(endpoint, undefined).set), ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN']);
});

test('a terminal of its own (strictEnv) gets the endpoint and none of the inherited credentials', () => {
  const env = strictEnvironment(endpointEnvironment(endpoint, 'us-east-1'), {
    PATH: '/usr/bin',
    AWS_PROFILE: 'other',
    AWS_ACCESS_KEY_ID: 'AKIAOLD',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds',
    VSCODE_PID: '1',
  });
  assert.deepEqual(env, {
    PATH: '/usr/bin',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.url,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: endpoint.token,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  });
});

test('exports for the shells: unsets first, then the endpoint variables', () => {
  const out = formatExports(endpointEnvironment(endpoint, 'us-east-1'), 'posix');
  const lines = out.trim().split('\n');
  assert.equal(lines.length, ENDPOINT_CLEARED_VARIABLES.length + 4);
  assert.ok(lines.slice(0, ENDPOINT_CLEARED_VARIABLES.length).every((l) => l.startsWith('unset ')));
  assert.ok(out.includes(`export AWS_CONTAINER_CREDENTIALS_FULL_URI='${endpoint.url}'`));
  assert.ok(out.includes(`export AWS_CONTAINER_AUTHORIZATION_TOKEN='${endpoint.token}'`));
});

test('the collection blanks inherited keys, and refuses what an empty value does not neutralise', () => {
  const change = endpointEnvironment(endpoint, 'us-east-1');
  assert.deepEqual(endpointCollection(change, { PATH: '/bin' }), { ok: true, values: change.set });
  const blanked = endpointCollection(change, { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SESSION_TOKEN: 't', AWS_WEB_IDENTITY_TOKEN_FILE: '/f' });
  assert.deepEqual(blanked, { ok: true, values: { ...change.set, AWS_ACCESS_KEY_ID: '', AWS_SESSION_TOKEN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '' } });
  assert.deepEqual(endpointCollection(change, { AWS_PROFILE: 'x', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2', AWS_ACCESS_KEY_ID: 'A' }), {
    ok: false,
    cannotClear: ['AWS_PROFILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'],
  });
});

const plan = (result: ProfileResolution['result'], chain: ProfileResolution['chain'] = []): ProfileResolution => ({
  values: {},
  result,
  error: null,
  error_message: null,
  sts_region: null,
  chain,
});
const staticDefault = plan('ok', [{ kind: 'static', profile: 'default', from: 'credentials', has_session_token: false }]);

test('a default profile with credentials shadows the endpoint, except for itself with plain keys', () => {
  assert.equal(endpointShadowedBy('prod', undefined), undefined);
  assert.equal(endpointShadowedBy('prod', plan('no_credentials')), undefined);
  assert.match(endpointShadowedBy('prod', staticDefault)!, /^\[default\] in the config file has credentials of its own \(static\), and the AWS CLI and SDKs use it before a credential endpoint\.$/);
  assert.match(endpointShadowedBy('prod', plan('error'))!, /cannot be resolved/);
  assert.equal(endpointShadowedBy('default', staticDefault), undefined);
  const roleDefault = plan('ok', [
    { kind: 'assume_role', profile: 'default', role_arn: 'arn:aws:iam::1:role/r', source_profile: 'base', credential_source: null, external_id: null, mfa_serial: null, role_session_name: null, duration_seconds: null },
    { kind: 'static', profile: 'base', from: 'credentials', has_session_token: false },
  ]);
  assert.ok(endpointShadowedBy('default', roleDefault));
});

test('the empty credentials file is part of endpoint mode when there is one', () => {
  assert.equal(endpointEnvironment(endpoint, undefined, '/g/endpoint-mode-credentials').set.AWS_SHARED_CREDENTIALS_FILE, '/g/endpoint-mode-credentials');
  assert.ok(!('AWS_SHARED_CREDENTIALS_FILE' in endpointEnvironment(endpoint, undefined).set));
});

const roleDefault = plan('ok', [
  { kind: 'assume_role', profile: 'default', role_arn: 'arn:aws:iam::1:role/r', source_profile: 'base', credential_source: null, external_id: null, mfa_serial: null, role_session_name: null, duration_seconds: null },
  { kind: 'static', profile: 'base', from: 'config', has_session_token: false },
]);
const input = (over: Partial<EndpointTerminalInput> = {}): EndpointTerminalInput => ({
  endpoint,
  region: 'eu-west-1',
  credentialsFile: { path: '/g/empty' },
  configDefault: plan('no_credentials'),
  ...over,
});

test('issue 6, the main scenario: [default] keys only in ~/.aws/credentials, prod a role: endpoint mode, with the empty credentials file', () => {
  // configDefault is default as the terminal sees it (config file alone): a region, no credentials.
  const t = endpointTerminal('prod', input(), { PATH: '/bin', AWS_SHARED_CREDENTIALS_FILE: '/home/u/creds', AWS_ACCESS_KEY_ID: 'AKIA' });
  assert.ok(t.ok);
  assert.equal(t.values.AWS_SHARED_CREDENTIALS_FILE, '/g/empty');
  assert.equal(t.values.AWS_CONTAINER_AUTHORIZATION_TOKEN, endpoint.token);
  assert.equal(t.values.AWS_ACCESS_KEY_ID, '', 'inherited keys blanked');
  assert.equal(t.change.set.AWS_REGION, 'eu-west-1');
});

test('falls back to environment mode, saying why: what the empty file cannot hide, AWS_PROFILE inherited, no file', () => {
  const cases: [string, EndpointTerminalInput, Record<string, string> | undefined, RegExp][] = [
    ['prod', input({ configDefault: staticDefault }), {}, /\[default\] in the config file has credentials of its own \(static\)/],
    ['prod', input({ configDefault: roleDefault }), {}, /\(assume_role\)/],
    ['default', input({ configDefault: roleDefault }), {}, /\(assume_role\)/],
    ['prod', input({ configDefault: plan('error') }), {}, /cannot be resolved/],
    ['prod', input(), { AWS_PROFILE: 'dev' }, /VS Code's own environment has AWS_PROFILE, which a terminal environment collection cannot remove/],
    ['prod', input({ credentialsFile: { problem: '/g/empty is no longer empty' } }), {}, /no longer empty/],
  ];
  for (const [profile, i, inherited, reason] of cases) {
    const t = endpointTerminal(profile, i, inherited);
    assert.equal(t.ok, false, String(reason));
    if (!t.ok) assert.match(t.reason, reason);
  }
});

test('a terminal of its own can remove AWS_PROFILE, and default with plain keys may use the endpoint for itself', () => {
  const own = endpointTerminal('prod', input(), undefined);
  assert.ok(own.ok && own.change.unset.includes('AWS_PROFILE'));
  assert.ok(endpointTerminal('default', input({ configDefault: staticDefault }), {}).ok);
});
