import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountIdProblem, mfaSerialProblem, parseIamArn, principalOf, roleArnOf, roleArnProblem, roleNameProblem } from './arn';

test('issue 21: role ARNs of every partition, with paths, are accepted; what is not one says why', () => {
  for (const ok of [
    'arn:aws:iam::222222222222:role/CrossAccountPowerUser',
    'arn:aws-cn:iam::222222222222:role/team/Deploy',
    'arn:aws-us-gov:iam::222222222222:role/a/b/c/R+=,.@-_',
    'arn:aws-iso-b:iam::222222222222:role/R',
    'arn:aws-eusc:iam::222222222222:role/R',
  ]) assert.equal(roleArnProblem(ok), undefined, ok);
  const cases: Array<[string, RegExp]> = [
    ['222222222222', /account id: give the role ARN/],
    ['"arn:aws:iam::222222222222:role/R"', /Leave out the quotes/],
    ['arn:aws:iam::22222222222:role/R', /arn:PARTITION:iam::ACCOUNT_ID:role\/ROLE_NAME/],
    ['arn:azure:iam::222222222222:role/R', /the partition one of aws, aws-cn/],
    ['arn:aws:iam::222222222222:user/bjwagner', /ARN of a user, not of a role/],
    ['arn:aws:iam::222222222222:root', /ARN of an account/],
    ['arn:aws:sts::222222222222:assumed-role/R/session', /role's own ARN is arn:aws:iam::222222222222:role\/R/],
    [`arn:aws:iam::222222222222:role/${'x'.repeat(65)}`, /at most 64/],
    ['arn:aws:iam::222222222222:role/has space', /arn:PARTITION/],
  ];
  for (const [text, why] of cases) assert.match(roleArnProblem(text) ?? '', why, text);
  assert.equal(roleArnOf('222222222222', 'team/Deploy'), 'arn:aws:iam::222222222222:role/team/Deploy');
  assert.equal(roleArnOf('222222222222', 'R', 'aws-cn'), 'arn:aws-cn:iam::222222222222:role/R');
  assert.equal(accountIdProblem('222222222222'), undefined);
  assert.match(accountIdProblem('2222-2222-2222') ?? '', /12 digits/);
  assert.equal(roleNameProblem('team/Deploy'), undefined);
  assert.match(roleNameProblem('has space') ?? '', /1 to 64/);
});

test('issue 21: MFA serials are a virtual device ARN or a hardware serial, as STS takes them', () => {
  assert.equal(mfaSerialProblem('arn:aws:iam::111111111111:mfa/bjwagner'), undefined);
  assert.equal(mfaSerialProblem('arn:aws-us-gov:iam::111111111111:mfa/path/device'), undefined);
  assert.equal(mfaSerialProblem('GAHT12345678'), undefined);
  assert.match(mfaSerialProblem('arn:aws:iam::111111111111:user/bjwagner') ?? '', /not the user's/);
  assert.match(mfaSerialProblem('123456') ?? '', /hardware device's serial/);
});

test('issue 21: who a caller is for a trust policy: a user as it is, a role session as its role, anything else as its account', () => {
  assert.deepEqual(principalOf('arn:aws:iam::111111111111:user/bjwagner'), { arn: 'arn:aws:iam::111111111111:user/bjwagner', kind: 'user', name: 'bjwagner', account: '111111111111', partition: 'aws', hasUnknownPath: false });
  assert.equal(principalOf('arn:aws:sts::111111111111:assumed-role/Deployer/ci')!.arn, 'arn:aws:iam::111111111111:role/Deployer');
  assert.equal(principalOf('arn:aws:sts::111111111111:assumed-role/Deployer/ci')!.hasUnknownPath, true);
  assert.equal(principalOf('arn:aws:sts::111111111111:federated-user/bob')!.arn, 'arn:aws:iam::111111111111:root');
  assert.equal(principalOf('not an arn'), undefined);
  assert.deepEqual(parseIamArn('arn:aws:iam::111111111111:user/a/b/name'), { partition: 'aws', service: 'iam', account: '111111111111', type: 'user', path: '/a/b/', name: 'name' });
});
