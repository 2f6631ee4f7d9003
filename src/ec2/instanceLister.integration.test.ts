// The EC2 listing end to end below the UI: the real credentials engine (STSClient) and the real
// EC2Client (serializer, signer, retries, paginated DescribeInstances) against the local endpoint,
// which verifies every SigV4 signature and answers per account and region.
import assert from 'node:assert/strict';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { test } from 'node:test';
import type { CredentialService, HeldCredentials } from '../core/credentials/credentials';
import { InstanceNodes } from './instanceNodes';
import { DEMO, generateInstances } from '../../test/support/localAws';
import { useLocalAws } from '../../test/support/localAws/testHooks';
import { MemorySecretStore, MemoryStateStore, profilesOf } from '../../test/support/credentialFakes';
import { userErrorOf } from '../../test/support/userErrors';
import { CredentialEngine } from '../credentials/credentialEngine';
import { InstanceLister } from './instanceLister';

const FLEET = { arn: 'arn:aws:iam::444444444444:user/fleet', accessKeyId: 'AKIAEXAMPLEFLEET0001', secretAccessKey: 'fleetSecret000000000000000000000000000000' };

const CREDENTIALS = `[default]
aws_access_key_id = ${DEMO.alice.accessKeyId}
aws_secret_access_key = ${DEMO.alice.secretAccessKey}
[bob]
aws_access_key_id = ${DEMO.bob.accessKeyId}
aws_secret_access_key = ${DEMO.bob.secretAccessKey}
[fleet]
aws_access_key_id = ${FLEET.accessKeyId}
aws_secret_access_key = ${FLEET.secretAccessKey}
`;
const CONFIG = `[default]
region = us-east-1
[profile prod]
role_arn = ${DEMO.powerUserRoleArn}
source_profile = default
region = us-east-1
[profile bob]
region = us-east-1
[profile fleet]
region = us-west-2
`;

const aws = useLocalAws((local) => {
  local.state.addUser(FLEET);
  local.state.seedInstances('444444444444', 'us-west-2', generateInstances(2500, { namePrefix: 'fleet', availabilityZone: 'us-west-2a', states: ['running', 'stopped', 'pending'] }));
  local.state.disableRegion(DEMO.prodAccountId, 'eu-south-1');
});

/** The real engine and lister over the two inline files; AWS_ENDPOINT_URL sends STS and EC2 to the local endpoint. */
function stack(credentials?: Pick<CredentialService, 'get'>) {
  const profiles = profilesOf(CONFIG, CREDENTIALS);
  const engine = new CredentialEngine({
    profiles: () => profiles,
    env: { AWS_ENDPOINT_URL: aws.url },
    secrets: new MemorySecretStore(),
    state: new MemoryStateStore(),
    clock: { now: () => Date.now() },
    mfaPrompt: async () => DEMO.alice.mfaCode,
  });
  const lister = new InstanceLister({ profiles: () => profiles, env: { AWS_ENDPOINT_URL: aws.url }, credentials: credentials ?? engine, options: { maxAttempts: 2 } });
  return { engine, lister, nodes: new InstanceNodes(lister) };
}


test("the prod role lists Prod's instances; the IAM user (default) lists Dev's", async () => {
  const { engine, lister } = stack();
  const prod = await lister.page('prod', { maxResults: 100 });
  assert.deepEqual(prod.instances.map((i) => i.name), ['prod-api-1', 'prod-api-2', 'prod-api-3', 'prod-api-4', 'prod-worker-1', 'prod-worker-2']);
  assert.equal(prod.nextToken, undefined);
  const worker = prod.instances[4];
  assert.deepEqual(
    { ...worker, instanceId: worker.instanceId.replace(/[0-9a-f]{17}$/, 'x') },
    { instanceId: 'i-x', name: 'prod-worker-1', state: 'running', instanceType: 'c5.xlarge', privateIpAddress: '10.0.0.1', availabilityZone: 'us-east-1b', launchTime: Date.parse('2024-01-15T09:30:00.000Z') },
  );
  const dev = await lister.page('default', { maxResults: 100 });
  assert.deepEqual(dev.instances.map((i) => [i.name, i.state]), [['dev-web-1', 'running'], ['dev-web-2', 'running'], ['dev-web-3', 'stopped']]);
  assert.equal(aws.state.callCount('AssumeRole'), 1);
  assert.equal(aws.state.callCount('DescribeInstances'), 2);
  engine.dispose();
});

test('a region chosen for the node: Prod in eu-west-1; an empty region is empty', async () => {
  const { engine, nodes } = stack();
  await nodes.setRegion('prod', 'eu-west-1');
  assert.deepEqual(nodes.children('prod').map((i) => i.label), ['prod-eu-1', 'prod-eu-2']);
  await nodes.setRegion('prod', 'ap-south-1');
  assert.deepEqual(nodes.children('prod').map((i) => i.label), ['No instances in ap-south-1']);
  engine.dispose();
});

test('2,500 instances page by page through InstanceNodes: 25 calls of 100, every instance once', async () => {
  const { engine, nodes } = stack();
  nodes.children('fleet');
  await nodes.settled('fleet');
  assert.equal(nodes.children('fleet').length, 101, 'the first page and "Load more…"');
  assert.equal(aws.state.callCount('DescribeInstances'), 1);
  while (nodes.children('fleet').at(-1)!.contextValue === 'ec2LoadMore') await nodes.loadMore('fleet');
  const items = nodes.children('fleet');
  assert.equal(aws.state.callCount('DescribeInstances'), 25);
  assert.equal(items.length, 2500);
  assert.equal(new Set(items.map((i) => i.instanceId)).size, 2500);
  assert.equal(items[2499].label, 'fleet-2500');
  assert.deepEqual(items.slice(0, 3).map((i) => i.icon.id), ['vm-running', 'vm-outline', 'vm-active']);
  assert.equal(nodes.node('fleet').description, 'us-west-2 · 2500');
  engine.dispose();
});

test('UnauthorizedOperation: the user without ec2:DescribeInstances, and an injected fault', async () => {
  const { engine, lister, nodes } = stack();
  const bob = await userErrorOf(lister.page('bob', { maxResults: 100 }));
  assert.equal(bob.code, 'ec2.UnauthorizedOperation');
  assert.equal(
    bob.message,
    'Profile "bob" cannot list EC2 instances in us-east-1: arn:aws:iam::111111111111:user/bob is not allowed ec2:DescribeInstances. Ask an administrator to grant ec2:DescribeInstances (for example through the AmazonEC2ReadOnlyAccess policy) to the profile\'s role or user.',
  );
  aws.state.faults.enqueue({ code: 'UnauthorizedOperation', action: 'DescribeInstances' });
  nodes.children('prod');
  await nodes.settled('prod');
  const items = nodes.children('prod');
  assert.deepEqual(items.map((i) => i.contextValue), ['ec2Error'], 'one item under the node');
  assert.match(items[0].label, /^Profile "prod" cannot list EC2 instances in us-east-1: its identity is not allowed ec2:DescribeInstances\./);
  assert.equal(aws.state.callCount('DescribeInstances'), 2, 'not retried');
  engine.dispose();
});

test('OptInRequired: a region not enabled for the account, and an injected fault', async () => {
  const { engine, lister } = stack();
  const disabled = await userErrorOf(lister.page('prod', { region: 'eu-south-1', maxResults: 100 }));
  assert.equal(disabled.code, 'ec2.OptInRequired');
  assert.equal(
    disabled.message,
    'Profile "prod" cannot list EC2 instances in eu-south-1: the region is not enabled for this account (OptInRequired). Enable eu-south-1 in the AWS console (Account → AWS Regions), or use Change Region on the node.',
  );
  aws.state.faults.enqueue({ code: 'OptInRequired', action: 'DescribeInstances' });
  assert.equal((await userErrorOf(lister.page('default', { maxResults: 100 }))).code, 'ec2.OptInRequired');
  engine.dispose();
});

test('RequestLimitExceeded: retried by the SDK; when every attempt is throttled, the sentence says so', async () => {
  const { engine, lister } = stack();
  aws.state.faults.enqueue({ code: 'RequestLimitExceeded', action: 'DescribeInstances' });
  assert.equal((await lister.page('default', { maxResults: 100 })).instances.length, 3);
  assert.equal(aws.state.callCount('DescribeInstances'), 2, 'one throttled attempt, one retry');
  aws.state.faults.enqueue({ code: 'RequestLimitExceeded', action: 'DescribeInstances', times: 2 });
  const throttled = await userErrorOf(lister.page('default', { maxResults: 100 }));
  assert.equal(throttled.code, 'ec2.Throttling');
  assert.equal(throttled.retryable, true);
  assert.equal(
    throttled.message,
    'Profile "default" cannot list EC2 instances in us-east-1: EC2 is throttling requests (RequestLimitExceeded), even after 2 attempts with backoff. Wait a minute, then use Refresh on the node.',
  );
  engine.dispose();
});

test('expired credentials: the sentence suggests Refresh Credentials', async () => {
  aws.state.credentialLifetimeSeconds = 1;
  const sts = new STSClient({ endpoint: aws.url, region: DEMO.region, credentials: { accessKeyId: DEMO.alice.accessKeyId, secretAccessKey: DEMO.alice.secretAccessKey } });
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: DEMO.powerUserRoleArn, RoleSessionName: 'stale' }))).Credentials!;
  aws.state.advanceTime(2_000);
  // Held credentials the engine still believes in (another window, a suspended laptop): the server has the last word.
  const stale: Pick<CredentialService, 'get'> = {
    get: async (profile): Promise<HeldCredentials> => ({
      profile,
      expiresAt: Date.now() + 3_600_000,
      obtainedAt: Date.now(),
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken },
    }),
  };
  const { engine, lister } = stack(stale);
  const expired = await userErrorOf(lister.page('prod', { maxResults: 100 }));
  assert.equal(expired.code, 'ec2.ExpiredCredentials');
  assert.equal(
    expired.message,
    'Profile "prod" cannot list EC2 instances in us-east-1: its credentials have expired (RequestExpired). Run "AWS Profiles: Refresh Credentials" for "prod", then list again.',
  );
  engine.dispose();
});

test('an unreachable endpoint is a network sentence naming it', async () => {
  const profiles = profilesOf(CONFIG, CREDENTIALS);
  const held: Pick<CredentialService, 'get'> = {
    get: async (profile) => ({ profile, expiresAt: null, obtainedAt: 0, credentials: { accessKeyId: DEMO.alice.accessKeyId, secretAccessKey: DEMO.alice.secretAccessKey } }),
  };
  const lister = new InstanceLister({ profiles: () => profiles, env: { AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:9' }, credentials: held, options: { maxAttempts: 1 } });
  const refused = await userErrorOf(lister.page('default', { maxResults: 100 }));
  assert.equal(refused.code, 'net.Refused');
  assert.match(refused.message, /^Profile "default" cannot list EC2 instances in us-east-1: http:\/\/127\.0\.0\.1:9 refused the connection\./);
});

test('a DescribeInstances that does not answer in time ends as a timeout sentence, not a hang', async () => {
  const profiles = profilesOf(CONFIG, CREDENTIALS);
  const held: Pick<CredentialService, 'get'> = {
    get: async (profile) => ({ profile, expiresAt: null, obtainedAt: 0, credentials: { accessKeyId: DEMO.alice.accessKeyId, secretAccessKey: DEMO.alice.secretAccessKey } }),
  };
  aws.state.faults.setLatency('DescribeInstances', 3_000);
  try {
    const lister = new InstanceLister({ profiles: () => profiles, env: { AWS_ENDPOINT_URL: aws.url }, credentials: held, options: { maxAttempts: 1, requestTimeoutMs: 300 } });
    const slow = await userErrorOf(lister.page('default', { maxResults: 100 }));
    assert.equal(slow.code, 'net.Timeout');
    assert.match(slow.message, /did not answer in time/);
  } finally {
    aws.state.faults.setLatency('DescribeInstances', 0);
  }
});
