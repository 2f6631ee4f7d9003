import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AssumeRoleDeniedError, CancelledError, NeedsHumanError, UserError } from '../core/common/errors';
import { reportError } from './errorReport';

test('cancelled is silent, a UserError is shown as written, anything else logs its stack', () => {
  assert.deepEqual(reportError('Assume Role…', new CancelledError()), { kind: 'silent' });
  const user = reportError('Assume Role…', new UserError('Profile "prod" has no role_arn.', 'profile.noRole'));
  assert.deepEqual(user, { kind: 'user', message: 'Profile "prod" has no role_arn.', log: 'Assume Role…: Profile "prod" has no role_arn. [profile.noRole]' });
  assert.equal(reportError('x', new NeedsHumanError('prod', 'arn:mfa')).kind, 'user');
  const bug = reportError('Reload Profiles', new TypeError('boom'));
  assert.equal(bug.kind, 'bug');
  assert.match(bug.message, /Reload Profiles.*failed unexpectedly/);
  assert.match(bug.kind === 'bug' ? bug.log : '', /TypeError: boom\n\s+at /);
  assert.equal(reportError('x', 'a string').kind, 'bug');
});

test('issue 21: a refused AssumeRole is silent here: it is told once, with "How to Fix…", wherever it happens', () => {
  const denied = new AssumeRoleDeniedError('Profile "prod": role … was denied.', { profile: 'prod', roleProfile: 'prod', roleArn: 'arn:aws:iam::222222222222:role/R', externalId: null, mfaSerial: null, stsMessage: 'denied' });
  assert.deepEqual(reportError('Assume Role…', denied), { kind: 'silent' });
  assert.ok(denied instanceof UserError, 'still a UserError for everyone else (a terminal\'s helper shows its sentence)');
});
