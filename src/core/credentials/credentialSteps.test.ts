import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planCredentialSteps, type CredentialStep, type StepOptions } from './credentialSteps';
import { analyze } from '../index';

const b = (s: string) => new TextEncoder().encode(s);
const KEYS = '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secretsecret\n';

function steps(config: string, profile: string, options: StepOptions = {}, credentials = KEYS): CredentialStep[] {
  const a = analyze(b(config), b(credentials));
  const r = planCredentialSteps(profile, a.plans.get(profile)!, a.model, options);
  if ('problem' in r) throw r.problem;
  return r.steps;
}

const ROLE = '[profile r]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = default\n';

test('steps run top first down to the base; an MFA role on long-term keys gets an MFA session', () => {
  const s = steps(`${ROLE}mfa_serial = arn:aws:iam::1:mfa/me\n[profile top]\nrole_arn = arn:aws:iam::2:role/T\nsource_profile = r\n`, 'top');
  assert.deepEqual(s.map((x) => x.kind), ['assume_role', 'assume_role', 'mfa_session', 'static']);
  const role = s[1];
  assert.ok(role.kind === 'assume_role' && !role.sendsMfaCode && role.mfaSerial === 'arn:aws:iam::1:mfa/me');
  assert.ok(s[2].kind === 'mfa_session' && s[2].durationSeconds === 43200);
  assert.deepEqual(steps(`${ROLE}mfa_serial = x\n`, 'r', { useMfaSession: false }).map((x) => x.kind), ['assume_role', 'static']);
  const withToken = steps(`${ROLE}mfa_serial = x\n`, 'r', {}, `${KEYS}aws_session_token = tok\n`);
  assert.deepEqual(withToken.map((x) => x.kind), ['assume_role', 'static'], 'session keys cannot call GetSessionToken');
  assert.ok(withToken[0].kind === 'assume_role' && withToken[0].sendsMfaCode);
});

test('the fingerprint changes with every part of the request, and only then', () => {
  const base = steps(ROLE, 'r')[0].fingerprint;
  assert.match(base, /^[0-9a-f]{40}$/);
  assert.equal(steps(`${ROLE}region = eu-west-1\noutput = json\n`, 'r')[0].fingerprint, base, 'region and output are not part of the request');
  const variants = [
    ROLE.replace('role/R', 'role/S'),
    `${ROLE}external_id = e\n`,
    `${ROLE}mfa_serial = m\n`,
    `${ROLE}role_session_name = me\n`,
    `${ROLE}duration_seconds = 900\n`,
  ];
  const fps = new Set([base, ...variants.map((c) => steps(c, 'r')[0].fingerprint)]);
  assert.equal(fps.size, variants.length + 1);
  assert.notEqual(steps(ROLE, 'r', {}, KEYS.replace('AKIAEXAMPLE', 'AKIAOTHER'))[0].fingerprint, base, 'other source keys');
  assert.notEqual(steps(ROLE, 'r', { defaultDurationSeconds: 7200 })[0].fingerprint, base, 'another default duration');
  assert.notEqual(steps(ROLE, 'r', { endpointScope: 'http://localhost:4566' })[0].fingerprint, base, 'another endpoint');
  assert.ok(!JSON.stringify(steps(ROLE, 'r').map((s) => s.fingerprint)).includes('secretsecret'));
});

test('default duration applies where the profile sets none, capped at an hour for role chaining', () => {
  const s = steps(`${ROLE}[profile top]\nrole_arn = arn:aws:iam::2:role/T\nsource_profile = r\n`, 'top', { defaultDurationSeconds: 14400 });
  assert.deepEqual(s.map((x) => (x.kind === 'assume_role' ? x.durationSeconds : null)), [3600, 14400, null]);
  assert.equal((steps(`${ROLE}duration_seconds = 1800\n`, 'r', { defaultDurationSeconds: 14400 })[0] as { durationSeconds: number }).durationSeconds, 1800);
  const onSso = steps('[profile s]\nsso_account_id = 1\nsso_role_name = R\nsso_start_url = u\nsso_region = r\n[profile top]\nrole_arn = arn:aws:iam::2:role/T\nsource_profile = s\n', 'top', { defaultDurationSeconds: 14400 });
  assert.ok(onSso[0].kind === 'assume_role' && onSso[0].durationSeconds === 3600 && onSso[0].cappedFromSeconds === 14400, 'issue 12: a role assumed with IAM Identity Center role credentials is chained too');
});

test('process, web identity, credential_source and SSO bases', () => {
  assert.deepEqual(steps('[profile p]\ncredential_process = /bin/creds --x "a b"\n', 'p').map((s) => s.kind === 'process' && s.argv), [['/bin/creds', '--x', 'a b']]);
  assert.equal(steps('[profile w]\nrole_arn = arn:aws:iam::1:role/W\nweb_identity_token_file = /t\n', 'w')[0].kind, 'web_identity');
  assert.deepEqual(steps('[profile c]\nrole_arn = arn:aws:iam::1:role/C\ncredential_source = Environment\n', 'c').map((s) => s.kind), ['assume_role', 'credential_source']);
  const sso = steps('[profile s]\nsso_account_id = 1\nsso_role_name = R\nsso_start_url = u\nsso_region = r\n', 's')[0];
  assert.equal(sso.kind, 'sso');
  assert.deepEqual(sso.kind === 'sso' && [sso.session, sso.accountId, sso.roleName], [{ key: 'u', name: null, startUrl: 'u', region: 'r', scopes: ['sso:account:access'] }, '1', 'R']);
});

test('profiles that cannot give credentials are problems with sentences', () => {
  const a = analyze(b('[profile loop]\nrole_arn = x\nsource_profile = loop\n[profile none]\nregion = x\n'), null);
  const loop = planCredentialSteps('loop', a.plans.get('loop')!, a.model);
  assert.ok('problem' in loop && /^Profile "loop" cannot be used: Infinite loop/.test(loop.problem.message));
  const none = planCredentialSteps('none', a.plans.get('none')!, a.model);
  assert.ok('problem' in none && none.problem.code === 'profile.noCredentials');
});

test('issue 26 A14: as the AWS CLI, DurationSeconds is asked for only by the profile\'s duration_seconds or the setting when set, and the step says which', () => {
  const role = (config: string, options: StepOptions = {}) => steps(config, 'r', options)[0] as { durationSeconds: number | null; durationFrom: string | null };
  assert.deepEqual([role(ROLE).durationSeconds, role(ROLE).durationFrom], [null, null], 'nothing set: nothing sent');
  assert.deepEqual([role(`${ROLE}duration_seconds = 1800\n`).durationSeconds, role(`${ROLE}duration_seconds = 1800\n`).durationFrom], [1800, 'profile']);
  assert.deepEqual([role(ROLE, { defaultDurationSeconds: 7200 }).durationSeconds, role(ROLE, { defaultDurationSeconds: 7200 }).durationFrom], [7200, 'setting']);
  assert.equal(role(`${ROLE}duration_seconds = 1800\n`, { defaultDurationSeconds: 7200 }).durationFrom, 'profile');
});
