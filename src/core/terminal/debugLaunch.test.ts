import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsProfileValueAt, debugDecision, envFileVariableNames, withProfileVariables, type DebugContext } from './debugLaunch';

const context = (over: Partial<DebugContext> = {}): DebugContext => ({
  enabled: true,
  active: 'prod',
  hasProfile: (n) => ['prod', 'default'].includes(n),
  envFileVariables: [],
  trusted: true,
  allowed: () => true,
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
  assert.deepEqual(withProfileVariables({ AWS_REGION: 'eu-west-1' }, { AWS_REGION: 'us-east-1', AWS_PROFILES_ENDPOINT: '/s' }), { AWS_REGION: 'eu-west-1', AWS_PROFILES_ENDPOINT: '/s' }, 'the configuration\'s own region is kept');
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

test('issue 26 H1: a configuration that sets its own AWS files, role or container source is left alone (a test pointed at fixtures or an emulator)', () => {
  // The review's reproduction R5: fixture files in env, the active profile prod.
  const fixtures = debugDecision({ name: 'tests', type: 'node', request: 'launch', env: { AWS_CONFIG_FILE: '/repo/test/aws-config', AWS_SHARED_CREDENTIALS_FILE: '/repo/test/aws-credentials' } } as never, context());
  assert.deepEqual(fixtures, { kind: 'leave', reason: 'launch configuration "tests" sets AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE itself.', optedOut: false });
  for (const variable of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ROLE_ARN', 'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_SDK_LOAD_CONFIG', 'AWS_LOGIN_CACHE_DIRECTORY']) {
    assert.equal(debugDecision({ name: 'x', env: { [variable]: 'v' } }, context()).kind, 'leave', variable);
    assert.equal(debugDecision({ name: 'x' }, context({ envFileVariables: [variable] })).kind, 'leave', `${variable} in the envFile`);
  }
});

test('issue 26 H1: an extension development host or a browser gets the active profile only when its configuration names one', () => {
  for (const type of ['extensionHost', 'pwa-chrome', 'msedge']) {
    const out = debugDecision({ name: 'Run Extension', type }, context());
    assert.ok(out.kind === 'leave' && out.reason.includes(`"${type}" session`), JSON.stringify(out));
    assert.deepEqual(debugDecision({ name: 'Run Extension', type, awsProfile: 'prod' }, context()), { kind: 'inject', profile: 'prod', explicit: true });
  }
  assert.equal(debugDecision({ name: 'app', type: 'node' }, context()).kind, 'inject');
});

test('issue 26 M1: a launch configuration naming a profile other than the active one asks once per workspace and profile, never in Restricted Mode', () => {
  const allowedOnes = new Set<string>();
  const ctx = context({ allowed: (p) => allowedOnes.has(p) });
  const ask = debugDecision({ name: 'deploy', awsProfile: 'default' }, ctx);
  assert.ok(ask.kind === 'ask' && ask.profile === 'default');
  assert.equal(ask.question, 'Launch configuration "deploy" of this workspace asks to act as AWS profile "default": the program it starts gets that profile\'s credentials. Allow this workspace\'s launch configurations to act as "default"?');
  allowedOnes.add('default');
  assert.deepEqual(debugDecision({ name: 'deploy', awsProfile: 'default' }, ctx), { kind: 'inject', profile: 'default', explicit: true });
  assert.deepEqual(debugDecision({ name: 'deploy', awsProfile: 'prod' }, ctx), { kind: 'inject', profile: 'prod', explicit: true }, 'the active profile needs no question');
  const restricted = debugDecision({ name: 'deploy', awsProfile: 'default' }, context({ trusted: false, allowed: () => false }));
  assert.ok(restricted.kind === 'leave' && /Restricted Mode/.test(restricted.reason));
});
