import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AssumeRoleDenial } from '../common/errors';
import { assumeRoleFix, callerInMessage } from './assumeRoleFix';

const ROLE = 'arn:aws:iam::222222222222:role/CrossAccountPowerUser';
const USER = 'arn:aws:iam::111111111111:user/bjwagner';
const denial = (over: Partial<AssumeRoleDenial> = {}): AssumeRoleDenial => ({
  profile: 'prod',
  roleProfile: 'prod',
  roleArn: ROLE,
  externalId: null,
  mfaSerial: 'arn:aws:iam::111111111111:mfa/bjwagner',
  stsMessage: `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
  ...over,
});

/** The JSON blocks of the document, parsed. */
const jsonBlocks = (md: string) => [...md.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]) as unknown);

test('issue 21: the fix names both halves with the real ARNs: the trust policy names the user (with MFA), the identity policy the role', () => {
  const fix = assumeRoleFix(denial(), { sourceProfile: 'default' });
  assert.equal(fix.callerArn, USER);
  const [trust, identity] = jsonBlocks(fix.markdown);
  assert.deepEqual(trust, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
  });
  assert.deepEqual(identity, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }] });
  assert.match(fix.markdown, /aws iam update-assume-role-policy --role-name CrossAccountPowerUser --policy-document '\{"Version":"2012-10-17"/);
  assert.match(fix.markdown, /aws iam put-user-policy --user-name bjwagner --policy-name AssumeRole-CrossAccountPowerUser --policy-document '\{.*"Resource":"arn:aws:iam::222222222222:role\/CrossAccountPowerUser"\}\]\}'/);
  assert.match(fix.markdown, /replaces the role's whole trust policy/);
  // Across accounts nothing says which half: no claim.
  assert.equal(fix.likely, 'unknown');
  assert.match(fix.markdown, /AWS's answer does not say which half refused the call/);
  assert.match(fix.markdown, /account 111111111111 and the role in account 222222222222: across accounts both halves are needed/);
});

test('issue 21: which half is more likely: AWS\'s own words first, then one account, a device of another account, a role session', () => {
  const explicit = assumeRoleFix(denial({ stsMessage: `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE} with an explicit deny in an identity-based policy` }));
  assert.equal(explicit.likely, 'identity');
  assert.match(explicit.markdown, /AWS's answer names an explicit Deny \("with an explicit deny in an identity-based policy"\)\. No Allow overrides a Deny/);
  const noIdentity = assumeRoleFix(denial({ stsMessage: `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE} because no identity-based policy allows the sts:AssumeRole action` }));
  assert.equal(noIdentity.likely, 'identity');
  const scp = assumeRoleFix(denial({ stsMessage: `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE} with an explicit deny in a service control policy` }));
  assert.match(scp.markdown, /organization's administrators own it/);
  const sameAccount = assumeRoleFix(denial({ roleArn: 'arn:aws:iam::111111111111:role/Admin', stsMessage: `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/Admin` }));
  assert.equal(sameAccount.likely, 'trust');
  assert.match(sameAccount.markdown, /same account \(111111111111\).*The trust policy is the more likely half/);
  const otherDevice = assumeRoleFix(denial({ mfaSerial: 'arn:aws:iam::333333333333:mfa/bjwagner' }), { sourceProfile: 'default' });
  assert.match(otherDevice.markdown, /mfa_serial names a device of account 333333333333, but the call was made with credentials of account 111111111111: profile "default" may hold another user's keys/);
  const session = assumeRoleFix(denial({ stsMessage: `User: arn:aws:sts::111111111111:assumed-role/Deployer/ci is not authorized to perform: sts:AssumeRole on resource: ${ROLE}` }));
  assert.deepEqual((jsonBlocks(session.markdown)[0] as { Statement: Array<{ Principal: unknown }> }).Statement[0].Principal, { AWS: 'arn:aws:iam::111111111111:role/Deployer' });
  assert.match(session.markdown, /aws iam put-role-policy --role-name Deployer/);
  const sso = assumeRoleFix(denial({ stsMessage: `User: arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/carol is not authorized to perform: sts:AssumeRole on resource: ${ROLE}` }));
  assert.match(sso.markdown, /permission set \(inline policy\) in IAM Identity Center/);
});

test('issue 21: external_id goes into the trust policy\'s condition; an unknown caller is a placeholder and the way to learn it', () => {
  const withId = assumeRoleFix(denial({ externalId: "partner's-42", mfaSerial: null }));
  const [trust] = jsonBlocks(withId.markdown) as Array<{ Statement: Array<{ Condition: unknown }> }>;
  assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { 'sts:ExternalId': "partner's-42" } });
  assert.match(withId.markdown, /--policy-document '.*partner'\\''s-42/, 'a quote inside the shell word is escaped');
  assert.match(withId.markdown, /no mfa_serial: if the trust policy requires MFA/);
  const unknown = assumeRoleFix(denial({ stsMessage: 'Access denied' }), { sourceProfile: 'default' });
  assert.equal(unknown.callerArn, undefined);
  assert.match(unknown.markdown, /Show Caller Identity…\*\* on profile "default"/);
  assert.match(unknown.markdown, /arn:aws:iam::CALLER_ACCOUNT_ID:user\/USER_NAME/);
  assert.equal(assumeRoleFix(denial({ stsMessage: 'Access denied' }), { callerArn: USER }).callerArn, USER, 'a caller known from an earlier call');
  assert.equal(callerInMessage('User: arn:aws:iam::1:user/x is not authorized'), 'arn:aws:iam::1:user/x');
});
