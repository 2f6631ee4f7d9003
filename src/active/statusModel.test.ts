import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../core';
import { profileFacts } from '../profiles/profileFacts';
import { statusView, type StatusInput } from './statusModel';

const b = (s: string) => new TextEncoder().encode(s);
const a = analyze(b('[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = default\n[default]\n'), b('[default]\naws_access_key_id = A\naws_secret_access_key = s\n'));
const NOW = 10_000_000;
const MIN = 60_000;
const input = (over: Partial<StatusInput>): StatusInput => ({ active: 'prod', facts: profileFacts(a, 'prod'), status: undefined, now: NOW, formatTime: () => '14:32', ...over });
const held = (expiresAt: number | null) => ({ profile: 'prod', obtainedAt: NOW, expiresAt });

test('status text and colour by remaining lifetime', () => {
  assert.deepEqual([statusView(input({ active: undefined })).text, statusView(input({ active: undefined })).background], ['$(key) AWS', 'none']);
  const ok = statusView(input({ status: held(NOW + 47 * MIN) }));
  assert.equal(ok.text, '$(key) prod 47m');
  assert.equal(ok.background, 'none');
  assert.match(ok.tooltip, /Account: 222222222222/);
  assert.match(ok.tooltip, /Role: `arn:aws:iam::222222222222:role\/R`/);
  assert.match(ok.tooltip, /Expires at 14:32 \(47 min\)/);
  assert.equal(statusView(input({ status: held(NOW + 10 * MIN) })).background, 'none');
  assert.equal(statusView(input({ status: held(NOW + 9 * MIN) })).background, 'warning');
  const expired = statusView(input({ status: held(NOW - 1) }));
  assert.deepEqual([expired.text, expired.background], ['$(key) prod expired', 'error']);
  assert.deepEqual([statusView(input({ status: held(null) })).text, statusView(input({ status: held(null) })).background], ['$(key) prod', 'none']);
});

test('failures, a needed MFA code and a profile gone from the files', () => {
  const failed = statusView(input({ failure: 'AccessDenied' }));
  assert.deepEqual([failed.text, failed.background], ['$(key) prod failed', 'error']);
  const mfa = statusView(input({ needsHuman: true }));
  assert.deepEqual([mfa.text, mfa.background], ['$(key) prod needs MFA', 'warning']);
  const gone = statusView(input({ facts: undefined }));
  assert.equal(gone.background, 'error');
  assert.match(gone.tooltip, /not in the AWS config/);
});

test('issue 7: after the first assume the status-bar tooltip shows the account and the assumed-role ARN', () => {
  const arn = 'arn:aws:sts::222222222222:assumed-role/R/aws-profiles-alice';
  const view = statusView(input({ status: { ...held(NOW + 47 * MIN), identity: { account: '222222222222', arn, userId: 'AROAX:aws-profiles-alice' } } }));
  assert.match(view.tooltip, /Account: 222222222222/);
  assert.ok(view.tooltip.includes(`Acting as: \`${arn}\``), view.tooltip);
  assert.doesNotMatch(statusView(input({ status: held(NOW + 47 * MIN) })).tooltip, /Acting as/);
});

test('issue 11: an IAM Identity Center profile without a sign-in says so, and which command signs in', () => {
  const view = statusView(input({ needsHuman: true, humanStep: 'sign-in' }));
  assert.match(view.text, / sign in$/);
  assert.match(view.tooltip, /Needs a sign-in to IAM Identity Center: run \*\*AWS Profiles: Sign In to IAM Identity Center…\*\*/);
  assert.equal(view.background, 'warning');
});

test('issue 12: the tooltip links Open Console as Profile for the active profile, and only for one in the files', () => {
  const view = statusView(input({ active: 'prod "x"', facts: profileFacts(a, 'prod'), status: held(NOW + 47 * MIN) }));
  const link = view.tooltip.match(/\[\$\(link-external\) Open Console as Profile\]\(command:awsProfiles\.openConsole\?([^)]+)\)/);
  assert.ok(link, view.tooltip);
  assert.deepEqual(JSON.parse(decodeURIComponent(link[1])), ['prod "x"']);
  assert.ok(!/openConsole/.test(statusView(input({ facts: undefined })).tooltip));
  assert.ok(!/openConsole/.test(statusView(input({ active: undefined })).tooltip));
});

test('issue 23: a guarded active profile: the red or orange background, its account and name, the time box in the tooltip', () => {
  const red = statusView(input({ status: held(NOW + 47 * MIN), guard: { color: 'red', confirm: true, account: '222222222222', accountName: 'Production', endsAt: NOW + 20 * MIN, returnsTo: 'default' } }));
  assert.deepEqual([red.text, red.background], ['$(key) prod 47m · 222222222222 Production', 'error']);
  assert.match(red.tooltip, /\*\*Guarded\*\* \(red, asks before acting as it\)/);
  assert.match(red.tooltip, /At 14:32 this window acts as "default" again; terminals opened with \*\*Open Terminal with Profile…\*\* keep prod until closed/);
  const orange = statusView(input({ status: held(NOW + 47 * MIN), guard: { color: 'orange', confirm: false, account: '222222222222' } }));
  assert.deepEqual([orange.text, orange.background], ['$(key) prod 47m · 222222222222', 'warning']);
  assert.doesNotMatch(orange.tooltip, /this window acts as/, 'no time box, no end');
  assert.equal(statusView(input({ failure: 'AccessDenied', guard: { color: 'orange', confirm: false } })).background, 'error', 'a failure stays red under an orange guard');
  assert.match(statusView(input({ status: held(NOW + 47 * MIN), guard: { color: 'red', confirm: true, endsAt: NOW + MIN } })).tooltip, /acts as no profile again/);
  assert.equal(statusView(input({ status: held(NOW + 47 * MIN) })).background, 'none', 'not guarded: as before');
});
