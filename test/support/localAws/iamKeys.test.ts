// Issue 24: the local endpoint's IAM access keys through the real IAMClient and STSClient, every
// request signed and checked: two keys at most, a new key valid only after IAM's delay, an inactive
// or deleted key refused, the last use of each key, a user's own keys only, MFA when the policy says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsCredentialIdentity } from '@aws-sdk/types';
import { DEMO } from './demoScenario';
import { ALICE, later, temporaryCredentials, useLocalAws } from './testHooks';

const ERIN = { arn: 'arn:aws:iam::111111111111:user/erin', accessKeyId: 'AKIAEXAMPLEDEVERIN01', secretAccessKey: 'localAwsDemoSecretForErin0000000000000E', mfaSerial: 'arn:aws:iam::111111111111:mfa/erin' };
const ERIN_KEY: AwsCredentialIdentity = { accessKeyId: ERIN.accessKeyId, secretAccessKey: ERIN.secretAccessKey };

const aws = useLocalAws((a) => {
  // erin's policy denies IAM without MFA; her key is 120 days old, last used from eu-west-1.
  a.state.addUser({
    arn: ERIN.arn,
    accessKeyId: ERIN.accessKeyId,
    secretAccessKey: ERIN.secretAccessKey,
    mfa: { serialNumber: ERIN.mfaSerial, code: '654321' },
    keyCreatedAt: '2026-08-08T10:00:00Z',
    keyLastUsed: { at: '2026-12-01T08:15:00Z', service: 'ec2', region: 'eu-west-1' },
    iamRequiresMfa: true,
  });
});

const iam = (credentials: AwsCredentialIdentity) => new IAMClient({ endpoint: aws.url, region: 'us-east-1', credentials, maxAttempts: 1 });
const sts = (credentials: AwsCredentialIdentity) => new STSClient({ endpoint: aws.url, region: DEMO.region, credentials, maxAttempts: 1 });

test('issue 24: ListAccessKeys and GetAccessKeyLastUsed of the calling user; a key never used says N/A; a signed call is a use', async () => {
  const bob = { accessKeyId: DEMO.bob.accessKeyId, secretAccessKey: DEMO.bob.secretAccessKey };
  const listed = await iam(bob).send(new ListAccessKeysCommand({}));
  assert.deepEqual(listed.AccessKeyMetadata?.map((k) => [k.UserName, k.AccessKeyId, k.Status]), [['bob', DEMO.bob.accessKeyId, 'Active']]);
  assert.ok(listed.AccessKeyMetadata?.[0].CreateDate instanceof Date);
  // The ListAccessKeys call itself was a use of the key, by IAM.
  const used = await iam(bob).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: DEMO.bob.accessKeyId }));
  assert.equal(used.UserName, 'bob');
  assert.equal(used.AccessKeyLastUsed?.ServiceName, 'iam');
  assert.ok(used.AccessKeyLastUsed?.LastUsedDate instanceof Date);
  await sts(bob).send(new GetCallerIdentityCommand({}));
  assert.equal((await iam(bob).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: DEMO.bob.accessKeyId }))).AccessKeyLastUsed?.ServiceName, 'iam', 'the last call, GetAccessKeyLastUsed itself');
  // Another user's key: refused.
  await assert.rejects(iam(bob).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: DEMO.alice.accessKeyId })), (e: Error) => e.name === 'AccessDenied' && /user\/bob is not authorized to perform: iam:GetAccessKeyLastUsed on resource: arn:aws:iam::111111111111:user\/alice/.test(e.message));
  await assert.rejects(iam(bob).send(new ListAccessKeysCommand({ UserName: 'alice' })), { name: 'AccessDenied' });
  // A role session must name a user.
  const role = temporaryCredentials((await sts(ALICE).send(new AssumeRoleCommand({ RoleArn: DEMO.powerUserRoleArn, RoleSessionName: 'keys' }))).Credentials);
  await assert.rejects(iam(role).send(new ListAccessKeysCommand({})), { name: 'ValidationError', message: 'Must specify userName when calling with non-User credentials' });
});

test('issue 24: a new key signs nothing for IAM\'s delay, two keys at most, an inactive key is refused and works again once active, a deleted key is gone', async () => {
  aws.state.iam.newKeyDelayMs = 5_000;
  const bob = { accessKeyId: DEMO.bob.accessKeyId, secretAccessKey: DEMO.bob.secretAccessKey };
  const created = (await iam(bob).send(new CreateAccessKeyCommand({}))).AccessKey!;
  assert.match(created.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
  assert.equal(created.Status, 'Active');
  const fresh = { accessKeyId: created.AccessKeyId!, secretAccessKey: created.SecretAccessKey! };
  await assert.rejects(sts(fresh).send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId' });
  await later(aws, 5_000, async () => assert.equal((await sts(fresh).send(new GetCallerIdentityCommand({}))).Arn, DEMO.bob.arn));
  await assert.rejects(iam(bob).send(new CreateAccessKeyCommand({})), { name: 'LimitExceededException', message: 'Cannot exceed quota for AccessKeysPerUser: 2' });
  assert.deepEqual((await iam(bob).send(new ListAccessKeysCommand({}))).AccessKeyMetadata?.map((k) => k.AccessKeyId), [DEMO.bob.accessKeyId, created.AccessKeyId]);

  await iam(bob).send(new UpdateAccessKeyCommand({ AccessKeyId: created.AccessKeyId, Status: 'Inactive' }));
  aws.state.advanceTime(5_000);
  try {
    await assert.rejects(sts(fresh).send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId' });
    await iam(bob).send(new UpdateAccessKeyCommand({ AccessKeyId: created.AccessKeyId, Status: 'Active' }));
    assert.equal((await sts(fresh).send(new GetCallerIdentityCommand({}))).Arn, DEMO.bob.arn);
  } finally {
    aws.state.advanceTime(-5_000);
  }
  await iam(bob).send(new DeleteAccessKeyCommand({ AccessKeyId: created.AccessKeyId }));
  await assert.rejects(iam(bob).send(new DeleteAccessKeyCommand({ AccessKeyId: created.AccessKeyId })), { name: 'NoSuchEntityException' });
  await assert.rejects(later(aws, 5_000, () => sts(fresh).send(new GetCallerIdentityCommand({}))), { name: 'InvalidClientTokenId' });
  assert.deepEqual((await iam(bob).send(new ListAccessKeysCommand({}))).AccessKeyMetadata?.map((k) => k.AccessKeyId), [DEMO.bob.accessKeyId]);
  assert.ok(aws.state.iam.issuedSecrets().includes(created.SecretAccessKey!));
  aws.state.iam.newKeyDelayMs = 2_000;
});

test('issue 24: where the user\'s policy requires MFA, IAM refuses the long-term key (an explicit deny) and answers an MFA session; listing MFA devices needs none', async () => {
  await assert.rejects(iam(ERIN_KEY).send(new ListAccessKeysCommand({})), (e: Error) => e.name === 'AccessDenied' && /iam:ListAccessKeys on resource: arn:aws:iam::111111111111:user\/erin with an explicit deny/.test(e.message));
  assert.deepEqual((await iam(ERIN_KEY).send(new ListMFADevicesCommand({}))).MFADevices?.map((d) => d.SerialNumber), [ERIN.mfaSerial]);
  const session = temporaryCredentials((await sts(ERIN_KEY).send(new GetSessionTokenCommand({ SerialNumber: ERIN.mfaSerial, TokenCode: '654321' }))).Credentials);
  const listed = await iam(session).send(new ListAccessKeysCommand({}));
  assert.deepEqual(listed.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.CreateDate?.toISOString()]), [[ERIN.accessKeyId, '2026-08-08T10:00:00.000Z']]);
  const used = await iam(session).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: ERIN.accessKeyId }));
  // The long-term key was last used for GetSessionToken (STS) just now; the seeded use was before.
  assert.equal(used.AccessKeyLastUsed?.ServiceName, 'sts');
  // Without a code, a session is no MFA session.
  const plain = temporaryCredentials((await sts(ERIN_KEY).send(new GetSessionTokenCommand({}))).Credentials);
  await assert.rejects(iam(plain).send(new CreateAccessKeyCommand({})), { name: 'AccessDenied' });
});

test('issue 24: a seeded key\'s last use is reported as seeded until the key is used', async () => {
  aws.state.addUser({ arn: 'arn:aws:iam::111111111111:user/frank', accessKeyId: 'AKIAEXAMPLEDEVFRANK1', secretAccessKey: 'x'.repeat(40), keyLastUsed: { at: '2026-11-30T12:00:00Z', service: 'ec2', region: 'eu-west-1' } });
  const frank = aws.state.iam.user('arn:aws:iam::111111111111:user/frank')!;
  assert.deepEqual(frank.keys[0].lastUsed, { at: Date.parse('2026-11-30T12:00:00Z'), service: 'ec2', region: 'eu-west-1' });
  aws.state.faults.enqueue({ code: 'AccessDenied', action: 'UpdateAccessKey' });
  await assert.rejects(iam({ accessKeyId: 'AKIAEXAMPLEDEVFRANK1', secretAccessKey: 'x'.repeat(40) }).send(new UpdateAccessKeyCommand({ AccessKeyId: 'AKIAEXAMPLEDEVFRANK1', Status: 'Inactive' })), { name: 'AccessDenied' });
  assert.equal(frank.keys[0].status, 'Active', 'an injected refusal changes nothing');
});
