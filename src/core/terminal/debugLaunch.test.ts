import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsProfileValueAt, debugDecision, envFileVariableNames, withProfileVariables, type DebugContext } from './debugLaunch';

const context = (over: Partial<DebugContext> = {}): DebugContext => ({
  enabled: true,
  active: 'prod',
  hasProfile: (n) => ['prod', 'default'].includes(n),
  envFileVariables: [],
  ...over,
});

test('issue 12: a configuration without awsProfile gets the active profile; "awsProfile" picks another, false opts out', () => {
  assert.deepEqual(debugDecision({ name: 'app' }, context()), { kind: 'inject', profile: 'prod', explicit: false });
  assert.deepEqual(debugDecision({ name: 'app', awsProfile: 'default' }, context()), { kind: 'inject', profile: 'default', explicit: true });
  assert.deepEqual(debugDecision({ name: 'app', awsProfile: ' default ' }, context()), { kind: 'inject', profile: 'default', explicit: true });
  const out = debugDecision({ name: 'app', awsProfile: false }, context());
  assert.ok(out.kind === 'leave' && out.optedOut && /"app" says "awsProfile": false/.test(out.reason));
});

test('issue 12: no active profile, the setting off, or credentials of its own: nothing is added (a named profile still is)', () => {
  const none = debugDecision({ name: 'app' }, context({ active: undefined }));
  assert.ok(none.kind === 'leave' && /no profile is active/.test(none.reason));
  const off = debugDecision({ name: 'app' }, context({ enabled: false }));
  assert.ok(off.kind === 'leave' && /injectCredentials is off/.test(off.reason));
  assert.deepEqual(debugDecision({ name: 'app', awsProfile: 'default' }, context({ enabled: false })), { kind: 'inject', profile: 'default', explicit: true });
  const own = debugDecision({ name: 'app', env: { AWS_PROFILE: 'x', AWS_ACCESS_KEY_ID: 'A', NODE_ENV: 'dev' } }, context());
  assert.ok(own.kind === 'leave' && own.reason === 'launch configuration "app" sets AWS_ACCESS_KEY_ID, AWS_PROFILE itself.', JSON.stringify(own));
  const fromFile = debugDecision({ name: 'app' }, context({ envFileVariables: ['AWS_WEB_IDENTITY_TOKEN_FILE'] }));
  assert.ok(fromFile.kind === 'leave' && /sets AWS_WEB_IDENTITY_TOKEN_FILE itself/.test(fromFile.reason));
  assert.equal(debugDecision({ name: 'app', env: { AWS_REGION: 'eu-west-1', AWS_PROFILE: '' } }, context()).kind, 'inject', 'a region, or an empty value, is not credentials');
  assert.equal(debugDecision({ name: 'app', env: { AWS_PROFILE: 'x' }, awsProfile: 'prod' }, context()).kind, 'inject', 'asked for: wins');
});

test('issue 12: a wrong awsProfile stops the launch with a sentence that says how to fix it', () => {
  const missing = debugDecision({ name: 'app', awsProfile: 'prd' }, context());
  assert.ok(missing.kind === 'invalid');
  assert.equal(missing.message, 'Launch configuration "app": "awsProfile": "prd" is not a profile in the AWS config or credentials file. Use a name from the AWS Profiles view, or remove "awsProfile" to use the active profile.');
  const wrongType = debugDecision({ awsProfile: 3 }, context());
  assert.ok(wrongType.kind === 'invalid' && /^Launch configuration "without a name": "awsProfile" must be a profile name, or false .*not 3\.$/.test(wrongType.message));
  assert.equal(debugDecision({ name: 'app', awsProfile: true }, context()).kind, 'invalid');
  assert.equal(debugDecision({ name: 'app', awsProfile: '' }, context()).kind, 'invalid');
  assert.equal(debugDecision({ name: 'app', awsProfile: null }, context()).kind, 'inject', 'null is as if absent');
});

test('issue 12: env files name variables as the debuggers read them; the profile\'s variables go on top of the configuration\'s', () => {
  assert.deepEqual(envFileVariableNames('# c\nNODE_ENV=dev\nexport AWS_PROFILE = x\n  AWS_REGION=eu\nnot a line\n=x\n'), ['NODE_ENV', 'AWS_PROFILE', 'AWS_REGION']);
  assert.deepEqual(withProfileVariables({ NODE_ENV: 'dev', AWS_PROFILE: 'old' }, { AWS_PROFILE: 'new', AWS_ACCESS_KEY_ID: '' }), { NODE_ENV: 'dev', AWS_PROFILE: 'new', AWS_ACCESS_KEY_ID: '' });
  assert.deepEqual(withProfileVariables(undefined, { A: '1' }), { A: '1' });
  assert.deepEqual(withProfileVariables(['x'], { A: '1' }), { A: '1' });
});

test('issue 12: completion knows when the cursor is at the value of "awsProfile"', () => {
  assert.deepEqual(awsProfileValueAt('      "awsProfile": '), { prefix: '', quoted: false });
  assert.deepEqual(awsProfileValueAt('      "awsProfile":"pr'), { prefix: 'pr', quoted: true });
  assert.deepEqual(awsProfileValueAt('"awsProfile" : "'), { prefix: '', quoted: true });
  assert.equal(awsProfileValueAt('      "awsProfile": fa'), undefined);
  assert.equal(awsProfileValueAt('      "awsProfile": "prod", "x": "'), undefined);
  assert.equal(awsProfileValueAt('      "profile": "'), undefined);
});
