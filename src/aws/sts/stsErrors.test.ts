import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MfaSessionStep, RoleStep } from '../../core/credentials/credentialSteps';
import { translateStsError } from './stsErrors';

const role: RoleStep = {
  kind: 'assume_role',
  profile: 'prod',
  roleArn: 'arn:aws:iam::222222222222:role/RequireMFA-Admins',
  sessionName: null,
  externalId: null,
  mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
  sendsMfaCode: true,
  durationSeconds: null,
  durationFrom: null,
  fingerprint: 'f1',
};
const session: MfaSessionStep = { kind: 'mfa_session', profile: 'prod', serialNumber: 'arn:aws:iam::111111111111:mfa/alice', durationSeconds: 43200, fingerprint: 'f2' };
const sts = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: name === 'ValidationError' ? 400 : 403 } });
const sentence = (e: Error, step: RoleStep | MfaSessionStep = role) => translateStsError(e, { profile: 'prod', step, endpoint: 'https://sts.amazonaws.com', region: 'us-east-1' });

test('issue 26 A14: only STS\'s own wording for a refused MFA code says the code was not accepted; other denials naming MFA are denials', () => {
  const wrong = sentence(sts('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. '));
  assert.equal(wrong.code, 'sts.MfaFailed');
  assert.match(wrong.message, /failed: the MFA code was not accepted\. Enter the current code from the device arn:aws:iam::111111111111:mfa\/alice/);
  const unvalidated = sentence(sts('AccessDenied', 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.'), session);
  assert.equal(unvalidated.code, 'sts.MfaFailed');
  assert.match(unvalidated.message, /STS could not validate the MFA code with the device arn:aws:iam::111111111111:mfa\/alice .*check that mfa_serial is the ARN of an MFA device of the IAM user whose keys are used\.$/);
  const incomplete = sentence(sts('AccessDenied', 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.'));
  assert.match(incomplete.message, /STS needs both the MFA device and a code .*Check mfa_serial in the profile\.$/);
  // A role, a user or a policy with "MFA" in its name, or a trust policy's MFA condition, is a denial like any other.
  for (const message of [
    'User: arn:aws:iam::111111111111:user/MFA-alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/RequireMFA-Admins',
    'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/RequireMFA-Admins with an explicit deny in a service control policy: DenyWithoutMFA',
  ]) {
    const denied = sentence(sts('AccessDenied', message));
    assert.equal(denied.code, 'sts.AccessDenied', message);
    assert.match(denied.message, /was denied \(STS: User: .*\)\. Both halves are needed: the role's trust policy must trust the caller, with MFA/);
  }
});

test('issue 26 A14: a session longer than the role allows names who asked for it: the profile\'s duration_seconds, the setting, or the MFA session setting', () => {
  const tooLong = sts('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  const fromProfile = sentence(tooLong, { ...role, durationSeconds: 7200, durationFrom: 'profile' });
  assert.equal(fromProfile.code, 'sts.Duration');
  assert.match(fromProfile.message, /failed: the session of 7200 seconds that duration_seconds asks for in profile "prod" is longer than the role allows \(STS: .*\)\. Lower duration_seconds in the profile/);
  const fromSetting = sentence(tooLong, { ...role, durationSeconds: 14400, durationFrom: 'setting' });
  assert.match(fromSetting.message, /the session of 14400 seconds that the awsProfiles\.defaultSessionDuration setting asks for is longer than the role allows .* Lower the setting, or clear it \(STS then gives one hour, as with the AWS CLI\)/);
  const mfa = sentence(sts('ValidationError', '1 validation error detected: Value \'200000\' at \'durationSeconds\' failed to satisfy constraint: Member must have value less than or equal to 129600'), session);
  assert.match(mfa.message, /the MFA session of 43200 seconds that awsProfiles\.mfaSessionDuration asks for is longer than STS allows/);
});
