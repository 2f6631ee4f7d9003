// Issue 21: the local endpoint's IAM (ListMFADevices) and the two halves of a role's trust, through
// the real IAMClient and STSClient, every request signed and checked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IAMClient, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsCredentialIdentity } from '@aws-sdk/types';
import { DEMO } from './demoScenario';
import { ALICE, temporaryCredentials, useLocalAws } from './testHooks';

const DAVE: AwsCredentialIdentity = { accessKeyId: 'AKIAEXAMPLEDEVDAVE01', secretAccessKey: 'localAwsDemoSecretForDave00000000000000D' };
const DAVE_ARN = 'arn:aws:iam::111111111111:user/dave';
const PROD_ROLE = 'arn:aws:iam::222222222222:role/DaveCrossAccount';
const DEV_ROLE = 'arn:aws:iam::111111111111:role/DevDirect';
const DEV_ROOT_ROLE = 'arn:aws:iam::111111111111:role/DevByAccount';

const aws = useLocalAws((a) => {
  // dave's identity policy allows one role only; the roles trust him by name, or his whole account.
  a.state.addUser({ arn: DAVE_ARN, accessKeyId: DAVE.accessKeyId!, secretAccessKey: DAVE.secretAccessKey!, assumableRoles: [PROD_ROLE], deniedActions: [] });
  a.state.addRole({ arn: PROD_ROLE, trustedPrincipals: [DAVE_ARN] });
  a.state.addRole({ arn: 'arn:aws:iam::222222222222:role/NotAllowedForDave', trustedPrincipals: [DAVE_ARN] });
  a.state.addRole({ arn: DEV_ROLE, trustedPrincipals: [DAVE_ARN] });
  a.state.addRole({ arn: DEV_ROOT_ROLE, trustedPrincipals: ['arn:aws:iam::111111111111:root'] });
});

const iam = (credentials: AwsCredentialIdentity) => new IAMClient({ endpoint: aws.url, region: 'us-east-1', credentials });
const sts = (credentials: AwsCredentialIdentity) => new STSClient({ endpoint: aws.url, region: DEMO.region, credentials });

test('issue 21: ListMFADevices lists the calling user\'s devices, with its key or an MFA session of it; a role session must name a user', async () => {
  const out = await iam(ALICE).send(new ListMFADevicesCommand({}));
  assert.deepEqual(out.MFADevices?.map((d) => [d.UserName, d.SerialNumber]), [['alice', DEMO.alice.mfaSerial]]);
  assert.equal(out.IsTruncated, false);
  assert.ok(out.MFADevices?.[0].EnableDate instanceof Date);
  const session = temporaryCredentials((await sts(ALICE).send(new GetSessionTokenCommand({}))).Credentials);
  assert.equal((await iam(session).send(new ListMFADevicesCommand({}))).MFADevices?.length, 1);
  assert.deepEqual((await iam(DAVE).send(new ListMFADevicesCommand({}))).MFADevices, []);
  const role = temporaryCredentials((await sts(ALICE).send(new AssumeRoleCommand({ RoleArn: DEMO.powerUserRoleArn, RoleSessionName: 'tt' }))).Credentials);
  await assert.rejects(iam(role).send(new ListMFADevicesCommand({})), { name: 'ValidationError', message: 'Must specify userName when calling with non-User credentials' });
  await assert.rejects(iam(ALICE).send(new ListMFADevicesCommand({ UserName: 'bob' })), (e: Error) => e.name === 'AccessDenied' && /user\/alice is not authorized to perform: iam:ListMFADevices on resource: arn:aws:iam::111111111111:user\/bob/.test(e.message));
  assert.equal(aws.state.callCount('ListMFADevices'), 5);
});

test('issue 21: a role in another account needs both halves; in the role\'s own account a trust policy naming the user is enough', async () => {
  const assume = (roleArn: string) => sts(DAVE).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'dave' }));
  assert.match((await assume(PROD_ROLE)).AssumedRoleUser!.Arn!, /assumed-role\/DaveCrossAccount\/dave$/);
  // Trusted by name, but his identity policy names another role: refused, with STS's plain message.
  await assert.rejects(assume('arn:aws:iam::222222222222:role/NotAllowedForDave'), (e: Error) => e.name === 'AccessDenied' && e.message === `User: ${DAVE_ARN} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/NotAllowedForDave`);
  // Same account, trusted by name: the trust policy alone allows it.
  assert.ok((await assume(DEV_ROLE)).Credentials);
  // Same account, trusted as the account: the identity policy must allow it too.
  await assert.rejects(assume(DEV_ROOT_ROLE), { name: 'AccessDenied' });
  // A role whose trust policy does not name him: refused whatever his policy says.
  await assert.rejects(assume(DEMO.powerUserRoleArn), { name: 'AccessDenied' });
});
