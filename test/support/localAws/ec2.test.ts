import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { DescribeInstancesCommand, type DescribeInstancesCommandInput, EC2Client, type EC2ClientConfig, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsCredentialIdentity } from '@aws-sdk/types';
import { DEMO, demoScenario } from './demoScenario';
import { generateInstances } from './generateInstances';
import { type LocalAws, startLocalAws } from './startLocalAws';

const ALICE: AwsCredentialIdentity = { accessKeyId: DEMO.alice.accessKeyId, secretAccessKey: DEMO.alice.secretAccessKey };
const BOB: AwsCredentialIdentity = { accessKeyId: DEMO.bob.accessKeyId, secretAccessKey: DEMO.bob.secretAccessKey };
const PAGER = { accessKeyId: 'AKIAEXAMPLEPAGER0001', secretAccessKey: 'pagerSecret' };
const PAGER_ACCOUNT = '444444444444';

let aws: LocalAws;

before(async () => {
  aws = await startLocalAws({ scenario: demoScenario() });
  aws.state.addUser({ arn: `arn:aws:iam::${PAGER_ACCOUNT}:user/pager`, ...PAGER });
  aws.state.seedInstances(PAGER_ACCOUNT, 'us-west-2', generateInstances(250, { namePrefix: 'fleet', availabilityZone: 'us-west-2a', states: ['running', 'stopped'] }));
});

after(async () => {
  await aws.close();
});

beforeEach(() => {
  aws.state.faults.clear();
  aws.state.faults.resetCallCounts();
});

function ec2(credentials: AwsCredentialIdentity, config: Partial<EC2ClientConfig> = {}): EC2Client {
  return new EC2Client({ endpoint: aws.url, region: DEMO.region, credentials, ...config });
}

async function instanceNames(client: EC2Client, input: DescribeInstancesCommandInput = {}): Promise<string[]> {
  const out = await client.send(new DescribeInstancesCommand(input));
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.Tags?.find((t) => t.Key === 'Name')?.Value ?? '?');
}

async function rejectsWith(promise: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name, `${error.name}: ${error.message}`);
    if (message) assert.match(error.message, message);
    return true;
  });
}

test('DescribeInstances lists the caller account and region, in the EC2 shape', async () => {
  const out = await ec2(ALICE).send(new DescribeInstancesCommand({}));
  const reservation = out.Reservations?.[0];
  assert.equal(reservation?.OwnerId, DEMO.devAccountId);
  assert.match(reservation?.ReservationId ?? '', /^r-[0-9a-f]{17}$/);
  const instance = reservation?.Instances?.[0];
  assert.match(instance?.InstanceId ?? '', /^i-[0-9a-f]{17}$/);
  assert.equal(instance?.InstanceType, 't3.micro');
  assert.deepEqual(instance?.State, { Code: 16, Name: 'running' });
  assert.equal(instance?.PrivateIpAddress, '10.0.0.1');
  assert.equal(instance?.Placement?.AvailabilityZone, 'us-east-1a');
  assert.deepEqual(instance?.Tags, [
    { Key: 'Name', Value: 'dev-web-1' },
    { Key: 'Environment', Value: 'dev' },
  ]);
  assert.deepEqual(await instanceNames(ec2(ALICE)), ['dev-web-1', 'dev-web-2', 'dev-web-3']);
  assert.equal(out.NextToken, undefined);
});

test('an assumed role sees its own account, per region', async () => {
  const assumed = await new STSClient({ endpoint: aws.url, region: DEMO.region, credentials: ALICE }).send(
    new AssumeRoleCommand({ RoleArn: DEMO.powerUserRoleArn, RoleSessionName: 'ec2-test' }),
  );
  const c = assumed.Credentials!;
  const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  assert.equal((await instanceNames(ec2(credentials))).length, 6);
  assert.deepEqual(await instanceNames(ec2(credentials, { region: 'eu-west-1' })), ['prod-eu-1', 'prod-eu-2']);
  assert.deepEqual(await instanceNames(ec2(credentials, { region: 'ap-south-1' })), []);
});

test('filters: state, tags with wildcards, ids; unknown filters are rejected', async () => {
  const client = ec2(ALICE);
  assert.deepEqual(await instanceNames(client, { Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }), ['dev-web-1', 'dev-web-2']);
  assert.deepEqual(await instanceNames(client, { Filters: [{ Name: 'tag:Name', Values: ['*-3', 'dev-web-1'] }] }), ['dev-web-1', 'dev-web-3']);
  assert.deepEqual(
    await instanceNames(client, { Filters: [{ Name: 'tag:Environment', Values: ['dev'] }, { Name: 'instance-state-name', Values: ['stopped'] }] }),
    ['dev-web-3'],
  );
  const [first] = aws.state.instances(DEMO.devAccountId, DEMO.region);
  assert.deepEqual(await instanceNames(client, { InstanceIds: [first!.instanceId] }), ['dev-web-1']);
  await rejectsWith(client.send(new DescribeInstancesCommand({ InstanceIds: ['i-00000000000000000'] })), 'InvalidInstanceID.NotFound');
  await rejectsWith(client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })), 'InvalidParameterValue', /colour/);
});

test('pagination over 250 instances with MaxResults', async () => {
  const pages: number[] = [];
  const ids = new Set<string>();
  for await (const page of paginateDescribeInstances({ client: ec2(PAGER, { region: 'us-west-2' }), pageSize: 100 }, {})) {
    const instances = (page.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    pages.push(instances.length);
    for (const i of instances) ids.add(i.InstanceId!);
  }
  assert.deepEqual(pages, [100, 100, 50]);
  assert.equal(ids.size, 250);
  assert.equal(aws.state.callCount('DescribeInstances'), 3);
});

test('pagination keeps filters across pages and rejects foreign or malformed tokens', async () => {
  const client = ec2(PAGER, { region: 'us-west-2' });
  const filter = (): DescribeInstancesCommandInput => ({ Filters: [{ Name: 'instance-state-name', Values: ['stopped'] }] });
  let count = 0;
  for await (const page of paginateDescribeInstances({ client, pageSize: 50 }, filter())) {
    count += (page.Reservations ?? []).reduce((n, r) => n + (r.Instances?.length ?? 0), 0);
  }
  assert.equal(count, 125);
  const first = await client.send(new DescribeInstancesCommand({ ...filter(), MaxResults: 50 }));
  assert.ok(first.NextToken);
  await rejectsWith(client.send(new DescribeInstancesCommand({ MaxResults: 50, NextToken: first.NextToken })), 'InvalidParameterValue', /nextToken/);
  await rejectsWith(client.send(new DescribeInstancesCommand({ MaxResults: 50, NextToken: 'garbage' })), 'InvalidParameterValue');
  await rejectsWith(client.send(new DescribeInstancesCommand({ MaxResults: 4 })), 'InvalidParameterValue', /maxResults/);
});

test('a principal without ec2:DescribeInstances → UnauthorizedOperation', async () => {
  await rejectsWith(ec2(BOB).send(new DescribeInstancesCommand({})), 'UnauthorizedOperation', /user\/bob is not authorized to perform: ec2:DescribeInstances/);
});

test('a region not enabled for the account → OptInRequired', async () => {
  aws.state.disableRegion(DEMO.devAccountId, 'me-south-1');
  await rejectsWith(ec2(ALICE, { region: 'me-south-1' }).send(new DescribeInstancesCommand({})), 'OptInRequired');
});

test('injected RequestLimitExceeded is retried; UnauthorizedOperation is not', async () => {
  aws.state.faults.enqueue({ code: 'RequestLimitExceeded', action: 'DescribeInstances' });
  assert.equal((await instanceNames(ec2(ALICE))).length, 3);
  assert.equal(aws.state.callCount('DescribeInstances'), 2);
  aws.state.faults.enqueue({ code: 'UnauthorizedOperation' });
  await rejectsWith(ec2(ALICE).send(new DescribeInstancesCommand({})), 'UnauthorizedOperation');
  assert.equal(aws.state.callCount('DescribeInstances'), 3);
});

test('authentication failures use EC2 codes: AuthFailure and RequestExpired', async () => {
  await rejectsWith(ec2({ ...ALICE, secretAccessKey: 'wrong' }, { maxAttempts: 1 }).send(new DescribeInstancesCommand({})), 'AuthFailure');
  await rejectsWith(ec2({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' }, { maxAttempts: 1 }).send(new DescribeInstancesCommand({})), 'AuthFailure');
  const assumed = await new STSClient({ endpoint: aws.url, region: DEMO.region, credentials: ALICE }).send(
    new AssumeRoleCommand({ RoleArn: DEMO.powerUserRoleArn, RoleSessionName: 'expiring' }),
  );
  aws.state.expireCredentials(assumed.Credentials!.AccessKeyId);
  const c = assumed.Credentials!;
  const expired = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  await rejectsWith(ec2(expired, { maxAttempts: 1 }).send(new DescribeInstancesCommand({})), 'RequestExpired');
});

test('the error document has the real EC2 shape', async () => {
  const response = await fetch(aws.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=DescribeInstances&Version=2016-11-15',
  });
  assert.equal(response.status, 403);
  assert.match(
    await response.text(),
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
  );
});
