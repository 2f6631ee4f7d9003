import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  type GetFederationTokenCommandInput,
  GetSessionTokenCommand,
  STSClient,
  type STSClientConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { type AwsCredentialIdentity, type FinalizeRequestMiddleware, type HttpRequest } from '@aws-sdk/types';
import { DEMO } from './demoScenario';
import { ALICE, temporaryCredentials, useLocalAws } from './testHooks';

const BOB: AwsCredentialIdentity = { accessKeyId: DEMO.bob.accessKeyId, secretAccessKey: DEMO.bob.secretAccessKey };

const aws = useLocalAws();

function sts(credentials: AwsCredentialIdentity, config: Partial<STSClientConfig> = {}): STSClient {
  return new STSClient({ endpoint: aws.url, region: DEMO.region, credentials, ...config });
}

async function assumeRole(credentials: AwsCredentialIdentity, input: Partial<AssumeRoleCommandInput> & { RoleArn: string }) {
  const out = await sts(credentials).send(new AssumeRoleCommand({ RoleSessionName: 'test', ...input }));
  return { out, credentials: temporaryCredentials(out.Credentials) };
}

/** Asserts the promise rejects with an SDK error of this name (and message, when given). */
async function rejectsWith(promise: Promise<unknown>, name: string, message?: RegExp): Promise<Error> {
  let caught: unknown;
  await promise.then(
    () => assert.fail(`expected ${name}, but the call succeeded`),
    (error: unknown) => {
      caught = error;
    },
  );
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, name, `${caught.name}: ${caught.message}`);
  if (message) assert.match(caught.message, message);
  return caught;
}

/** Expiration has whole seconds, as in STS: allow the second it was truncated to. */
function assertLifetime(expiration: Date, seconds: number): void {
  const actual = (expiration.getTime() - aws.state.now()) / 1000;
  assert.ok(actual > seconds - 2 && actual <= seconds, `expected a lifetime of ${seconds} s, got ${actual} s`);
}

const callerIdentity = new GetCallerIdentityCommand({});

/** A session policy that allows everything, as a console broker passes to GetFederationToken. */
const ALLOW_ALL_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

async function federationToken(credentials: AwsCredentialIdentity, input: Partial<GetFederationTokenCommandInput> = {}) {
  const out = await sts(credentials).send(new GetFederationTokenCommand({ Name: 'alice-console', Policy: ALLOW_ALL_POLICY, ...input }));
  return { out, credentials: temporaryCredentials(out.Credentials) };
}

/** Lets a test change the request after the SDK signed it, as a proxy or an attacker would. */
function afterSigning(client: STSClient, edit: (request: HttpRequest) => void): STSClient {
  const middleware: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
    edit(args.request as HttpRequest);
    return next(args);
  };
  client.middlewareStack.addRelativeTo(middleware, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'afterSigning' });
  return client;
}

test('GetCallerIdentity answers for an IAM user', async () => {
  const out = await sts(ALICE).send(callerIdentity);
  assert.equal(out.Arn, DEMO.alice.arn);
  assert.equal(out.Account, DEMO.devAccountId);
  assert.match(out.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
});

test('AssumeRole across accounts returns credentials that identify as the assumed role', async () => {
  const { out, credentials } = await assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn, RoleSessionName: 'alice-session' });
  assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::222222222222:assumed-role/CrossAccountPowerUser/alice-session');
  assert.match(out.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z2-7]{17}:alice-session$/);
  assert.match(credentials.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assertLifetime(out.Credentials!.Expiration!, 3600);
  const who = await sts(credentials).send(callerIdentity);
  assert.equal(who.Arn, out.AssumedRoleUser?.Arn);
  assert.equal(who.Account, DEMO.prodAccountId);
});

test('DurationSeconds is honoured up to the role maximum; the lifetime override wins', async () => {
  const { out } = await assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn, DurationSeconds: 7200 });
  assertLifetime(out.Credentials!.Expiration!, 7200);
  await rejectsWith(assumeRole(ALICE, { RoleArn: DEMO.adminRoleArn, DurationSeconds: 7200, SerialNumber: DEMO.alice.mfaSerial, TokenCode: DEMO.alice.mfaCode }), 'ValidationError', /MaxSessionDuration/);
  await rejectsWith(assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn, DurationSeconds: 60 }), 'ValidationError', /greater than or equal to 900/);
  aws.state.credentialLifetimeSeconds = 30;
  const short = await assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn, DurationSeconds: 3600 });
  assertLifetime(short.out.Credentials!.Expiration!, 30);
});

test('wrong secret → SignatureDoesNotMatch', async () => {
  await rejectsWith(sts({ ...ALICE, secretAccessKey: 'wrong-secret' }).send(callerIdentity), 'SignatureDoesNotMatch', /signature we calculated does not match/);
});

test('unknown access key → InvalidClientTokenId', async () => {
  await rejectsWith(sts({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' }).send(callerIdentity), 'InvalidClientTokenId');
});

test('temporary credentials with a wrong or missing session token → InvalidClientTokenId', async () => {
  const { credentials } = await assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn });
  await rejectsWith(sts({ ...credentials, sessionToken: 'forged' }).send(callerIdentity), 'InvalidClientTokenId');
  await rejectsWith(sts({ ...credentials, sessionToken: undefined }).send(callerIdentity), 'InvalidClientTokenId');
  await rejectsWith(sts({ ...ALICE, sessionToken: credentials.sessionToken }).send(callerIdentity), 'InvalidClientTokenId');
});

test('a body tampered with after signing → SignatureDoesNotMatch', async () => {
  const client = afterSigning(sts(ALICE), (request) => {
    request.body = String(request.body).replace('RoleSessionName=honest', 'RoleSessionName=forged');
  });
  await rejectsWith(client.send(new AssumeRoleCommand({ RoleArn: DEMO.powerUserRoleArn, RoleSessionName: 'honest' })), 'SignatureDoesNotMatch');
  assert.equal(aws.state.issuedCredentials().filter((k) => k.identity.arn.endsWith('/forged')).length, 0);
});

test('a signed header removed or changed after signing → SignatureDoesNotMatch; an added unsigned header is fine', async () => {
  const withHeaders = (edit: (headers: Record<string, string>) => void): STSClient =>
    afterSigning(sts(ALICE, { maxAttempts: 1 }), (request) => edit(request.headers));
  await rejectsWith(withHeaders((h) => delete h['content-type']).send(callerIdentity), 'SignatureDoesNotMatch');
  await rejectsWith(withHeaders((h) => (h['content-type'] = 'application/x-www-form-urlencoded; charset=latin1')).send(callerIdentity), 'SignatureDoesNotMatch');
  await rejectsWith(withHeaders((h) => delete h['x-amz-date']).send(callerIdentity), 'IncompleteSignature');
  await rejectsWith(withHeaders((h) => delete h['authorization']).send(callerIdentity), 'MissingAuthenticationToken');
  const ok = await withHeaders((h) => (h['x-unsigned-extra'] = 'added later')).send(callerIdentity);
  assert.equal(ok.Arn, DEMO.alice.arn);
});

test('a client clock 20 minutes slow: the first attempt fails with "Signature expired", the SDK corrects its clock and retries', async () => {
  aws.state.advanceTime(20 * 60_000); // the server is 20 minutes ahead of this machine's clock
  try {
    const strict = sts(ALICE, { maxAttempts: 1 });
    await rejectsWith(strict.send(callerIdentity), 'SignatureDoesNotMatch', /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    aws.state.faults.resetCallCounts();
    const out = await sts(ALICE).send(callerIdentity);
    assert.equal(out.Arn, DEMO.alice.arn);
    assert.equal(out.$metadata.attempts, 2);
    assert.equal(aws.state.callCount('GetCallerIdentity'), 2);
  } finally {
    aws.state.advanceTime(-20 * 60_000);
  }
});

test('a client clock 20 minutes fast → "Signature not yet current"', async () => {
  aws.state.advanceTime(-20 * 60_000);
  try {
    await rejectsWith(sts(ALICE, { maxAttempts: 1 }).send(callerIdentity), 'SignatureDoesNotMatch', /^Signature not yet current/);
  } finally {
    aws.state.advanceTime(20 * 60_000);
  }
});

test('expired temporary credentials → ExpiredToken (injected clock, short lifetime)', async () => {
  aws.state.credentialLifetimeSeconds = 60;
  const { credentials } = await assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn });
  const client = sts(credentials);
  assert.equal((await client.send(callerIdentity)).Account, DEMO.prodAccountId);
  aws.state.advanceTime(61_000);
  try {
    await rejectsWith(client.send(callerIdentity), 'ExpiredToken', /security token included in the request is expired/);
  } finally {
    aws.state.advanceTime(-61_000);
  }
});

test('expireCredentials expires issued credentials at once', async () => {
  const { credentials } = await assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn });
  aws.state.expireCredentials(credentials.accessKeyId);
  await rejectsWith(sts(credentials).send(callerIdentity), 'ExpiredToken');
});

test('a principal the role does not trust → AccessDenied', async () => {
  await rejectsWith(
    assumeRole(BOB, { RoleArn: DEMO.powerUserRoleArn }),
    'AccessDenied',
    /^User: arn:aws:iam::111111111111:user\/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/CrossAccountPowerUser$/,
  );
  await rejectsWith(assumeRole(ALICE, { RoleArn: 'arn:aws:iam::222222222222:role/DoesNotExist' }), 'AccessDenied');
});

test('MFA-protected role: missing MFA and a wrong code → AccessDenied; the right code succeeds', async () => {
  await rejectsWith(assumeRole(ALICE, { RoleArn: DEMO.adminRoleArn }), 'AccessDenied', /not authorized to perform: sts:AssumeRole/);
  await rejectsWith(
    assumeRole(ALICE, { RoleArn: DEMO.adminRoleArn, SerialNumber: DEMO.alice.mfaSerial, TokenCode: '000000' }),
    'AccessDenied',
    /MultiFactorAuthentication failed with invalid MFA one time pass code/,
  );
  await rejectsWith(assumeRole(ALICE, { RoleArn: DEMO.adminRoleArn, SerialNumber: 'arn:aws:iam::111111111111:mfa/nobody', TokenCode: DEMO.alice.mfaCode }), 'AccessDenied');
  const { out } = await assumeRole(ALICE, { RoleArn: DEMO.adminRoleArn, SerialNumber: DEMO.alice.mfaSerial, TokenCode: DEMO.alice.mfaCode });
  assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::222222222222:assumed-role/ProdAdmin/test');
});

test('setMfaCode changes the accepted code', async () => {
  aws.state.setMfaCode(DEMO.alice.mfaSerial, '654321');
  try {
    await rejectsWith(assumeRole(ALICE, { RoleArn: DEMO.adminRoleArn, SerialNumber: DEMO.alice.mfaSerial, TokenCode: DEMO.alice.mfaCode }), 'AccessDenied');
    await assumeRole(ALICE, { RoleArn: DEMO.adminRoleArn, SerialNumber: DEMO.alice.mfaSerial, TokenCode: '654321' });
  } finally {
    aws.state.setMfaCode(DEMO.alice.mfaSerial, DEMO.alice.mfaCode);
  }
});

test('GetSessionToken with MFA yields session credentials that may assume the MFA-protected role', async () => {
  const withMfa = await sts(ALICE).send(new GetSessionTokenCommand({ SerialNumber: DEMO.alice.mfaSerial, TokenCode: DEMO.alice.mfaCode, DurationSeconds: 3600 }));
  const session = temporaryCredentials(withMfa.Credentials);
  assert.equal((await sts(session).send(callerIdentity)).Arn, DEMO.alice.arn);
  const { out } = await assumeRole(session, { RoleArn: DEMO.adminRoleArn });
  assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::222222222222:assumed-role/ProdAdmin/test');

  const withoutMfa = temporaryCredentials((await sts(ALICE).send(new GetSessionTokenCommand({}))).Credentials);
  await rejectsWith(assumeRole(withoutMfa, { RoleArn: DEMO.adminRoleArn }), 'AccessDenied');
  await rejectsWith(sts(ALICE).send(new GetSessionTokenCommand({ SerialNumber: DEMO.alice.mfaSerial, TokenCode: '999999' })), 'AccessDenied');
  await rejectsWith(sts(session).send(new GetSessionTokenCommand({})), 'AccessDenied', /session credentials/);
});

test('GetFederationToken with an IAM user key returns a federated user that GetCallerIdentity reports', async () => {
  const { out, credentials } = await federationToken(ALICE);
  assert.equal(out.FederatedUser?.Arn, 'arn:aws:sts::111111111111:federated-user/alice-console');
  assert.equal(out.FederatedUser?.FederatedUserId, '111111111111:alice-console');
  assert.equal(out.PackedPolicySize, 6);
  assert.match(credentials.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assertLifetime(out.Credentials!.Expiration!, 43200);
  const issued = aws.state.issuedCredentials().at(-1)!;
  assert.equal(issued.accessKeyId, credentials.accessKeyId);
  assert.equal(issued.issuedBy, 'GetFederationToken');
  const who = await sts(credentials).send(callerIdentity);
  assert.equal(who.Arn, out.FederatedUser?.Arn);
  assert.equal(who.Account, DEMO.devAccountId);
  assert.equal(who.UserId, '111111111111:alice-console');
  const short = await federationToken(ALICE, { DurationSeconds: 900 });
  assertLifetime(short.out.Credentials!.Expiration!, 900);
});

test('GetFederationToken checks Name (2 to 32 of [\\w+=,.@-]) and DurationSeconds (900 to 129600) like AWS', async () => {
  await rejectsWith(federationToken(ALICE, { Name: 'a' }), 'ValidationError', /at 'name' failed to satisfy constraint: Member must have length greater than or equal to 2$/);
  await rejectsWith(federationToken(ALICE, { Name: 'n'.repeat(33) }), 'ValidationError', /Member must have length less than or equal to 32$/);
  await rejectsWith(federationToken(ALICE, { Name: 'alice console' }), 'ValidationError', /Member must satisfy regular expression pattern/);
  await rejectsWith(federationToken(ALICE, { DurationSeconds: 899 }), 'ValidationError', /greater than or equal to 900/);
  await rejectsWith(federationToken(ALICE, { DurationSeconds: 129601 }), 'ValidationError', /less than or equal to 129600/);
  const longest = await federationToken(ALICE, { Name: 'n'.repeat(32), DurationSeconds: 129600 });
  assertLifetime(longest.out.Credentials!.Expiration!, 129600);
  await rejectsWith(assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn, RoleSessionName: 'x' }), 'ValidationError', /'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2$/);
});

test('GetFederationToken with temporary credentials → AccessDenied', async () => {
  const role = await assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn });
  const session = temporaryCredentials((await sts(ALICE).send(new GetSessionTokenCommand({}))).Credentials);
  const federated = await federationToken(ALICE);
  for (const credentials of [role.credentials, session, federated.credentials]) {
    await rejectsWith(federationToken(credentials), 'AccessDenied', /^Cannot call GetFederationToken with session credentials$/);
  }
});

test('a federated user may call no STS action but GetCallerIdentity; without a session policy it may not list instances either', async () => {
  const withPolicy = await federationToken(ALICE);
  await rejectsWith(assumeRole(withPolicy.credentials, { RoleArn: DEMO.partnerRoleArn, ExternalId: DEMO.partnerExternalId }), 'AccessDenied', /federated-user\/alice-console is not authorized to perform: sts:AssumeRole/);
  const describe = new DescribeInstancesCommand({});
  const allowed = await new EC2Client({ endpoint: aws.url, region: DEMO.region, credentials: withPolicy.credentials }).send(describe);
  assert.ok((allowed.Reservations ?? []).length > 0);
  const withoutPolicy = await federationToken(ALICE, { Policy: undefined });
  assert.equal(withoutPolicy.out.PackedPolicySize, undefined);
  assert.equal((await sts(withoutPolicy.credentials).send(callerIdentity)).Arn, 'arn:aws:sts::111111111111:federated-user/alice-console');
  await rejectsWith(new EC2Client({ endpoint: aws.url, region: DEMO.region, credentials: withoutPolicy.credentials }).send(describe), 'UnauthorizedOperation');
  const withPolicyArn = await federationToken(ALICE, { Policy: undefined, PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] });
  assert.equal(withPolicyArn.out.PackedPolicySize, 6);
  await new EC2Client({ endpoint: aws.url, region: DEMO.region, credentials: withPolicyArn.credentials }).send(describe);
});

test('external id: wrong or missing → AccessDenied; the right one succeeds', async () => {
  await rejectsWith(assumeRole(ALICE, { RoleArn: DEMO.partnerRoleArn }), 'AccessDenied');
  await rejectsWith(assumeRole(ALICE, { RoleArn: DEMO.partnerRoleArn, ExternalId: 'wrong' }), 'AccessDenied');
  await assumeRole(ALICE, { RoleArn: DEMO.partnerRoleArn, ExternalId: DEMO.partnerExternalId });
});

test('role chaining: a role session may assume a role that trusts its role; the user may not', async () => {
  const first = await assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn });
  const { out } = await assumeRole(first.credentials, { RoleArn: DEMO.chainedRoleArn, RoleSessionName: 'chained' });
  assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::333333333333:assumed-role/AuditReadOnly/chained');
  await rejectsWith(assumeRole(ALICE, { RoleArn: DEMO.chainedRoleArn }), 'AccessDenied');
  await rejectsWith(assumeRole(first.credentials, { RoleArn: DEMO.chainedRoleArn, DurationSeconds: 7200 }), 'ValidationError', /role chaining/);
});

test('the SDK credential provider chains roles against the local endpoint', async () => {
  const clientConfig = { endpoint: aws.url, region: DEMO.region };
  const provider = fromTemporaryCredentials({
    params: { RoleArn: DEMO.chainedRoleArn, RoleSessionName: 'provider' },
    masterCredentials: fromTemporaryCredentials({ params: { RoleArn: DEMO.powerUserRoleArn, RoleSessionName: 'hop1' }, masterCredentials: ALICE, clientConfig }),
    clientConfig,
  });
  const out = await new STSClient({ ...clientConfig, credentials: provider }).send(callerIdentity);
  assert.equal(out.Arn, 'arn:aws:sts::333333333333:assumed-role/AuditReadOnly/provider');
  assert.equal(aws.state.callCount('AssumeRole'), 2);
});

test('AssumeRoleWithWebIdentity is unsigned and checks the token', async () => {
  const anonymous = new STSClient({ endpoint: aws.url, region: DEMO.region, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
  const out = await anonymous.send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: DEMO.webIdentityRoleArn, RoleSessionName: 'ci', WebIdentityToken: DEMO.webIdentityToken }),
  );
  assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::111111111111:assumed-role/CiWebIdentity/ci');
  assert.equal((await sts(temporaryCredentials(out.Credentials)).send(callerIdentity)).Arn, out.AssumedRoleUser?.Arn);
  await rejectsWith(
    anonymous.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: DEMO.webIdentityRoleArn, RoleSessionName: 'ci', WebIdentityToken: 'forged' })),
    'InvalidIdentityTokenException',
  );
  await rejectsWith(
    anonymous.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: DEMO.powerUserRoleArn, RoleSessionName: 'ci', WebIdentityToken: DEMO.webIdentityToken })),
    'AccessDenied',
  );
});

test('injected throttling is retried by the SDK (the counter sees every attempt)', async () => {
  aws.state.faults.enqueue({ code: 'Throttling', action: 'GetCallerIdentity', times: 2 });
  const out = await sts(ALICE).send(callerIdentity);
  assert.equal(out.Arn, DEMO.alice.arn);
  assert.equal(out.$metadata.attempts, 3);
  assert.equal(aws.state.callCount('GetCallerIdentity'), 3);
});

test('throttling that outlasts the retries surfaces as Throttling', async () => {
  aws.state.faults.enqueue({ code: 'Throttling', times: 5 });
  await rejectsWith(sts(ALICE, { maxAttempts: 2 }).send(callerIdentity), 'Throttling', /Rate exceeded/);
  assert.equal(aws.state.callCount('GetCallerIdentity'), 2);
});

test('an injected 500 InternalFailure is retried', async () => {
  aws.state.faults.enqueue({ code: 'InternalFailure', action: 'AssumeRole' });
  await assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn });
  assert.equal(aws.state.callCount('AssumeRole'), 2);
});

test('injected AccessDenied, ExpiredToken and RegionDisabled are not retried and keep their names', async () => {
  const cases: [code: string, name: string][] = [
    ['AccessDenied', 'AccessDenied'],
    ['ExpiredToken', 'ExpiredToken'],
    ['RegionDisabled', 'RegionDisabledException'],
  ];
  for (const [code, name] of cases) {
    aws.state.faults.resetCallCounts();
    aws.state.faults.enqueue({ code, action: 'AssumeRole' });
    await rejectsWith(assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn }), name);
    assert.equal(aws.state.callCount('AssumeRole'), 1, code);
  }
  assert.equal(aws.state.faults.pending, 0);
});

test('faults for another action wait their turn', async () => {
  aws.state.faults.enqueue({ code: 'AccessDenied', action: 'AssumeRole' });
  await sts(ALICE).send(callerIdentity);
  assert.equal(aws.state.faults.pending, 1);
});

test('a region disabled for the role account → RegionDisabledException', async () => {
  aws.state.disableRegion(DEMO.prodAccountId, 'ap-east-1');
  try {
    const client = new STSClient({ endpoint: aws.url, region: 'ap-east-1', credentials: ALICE });
    await rejectsWith(client.send(new AssumeRoleCommand({ RoleArn: DEMO.powerUserRoleArn, RoleSessionName: 'xx' })), 'RegionDisabledException', /account:222222222222/);
  } finally {
    aws.state.enableRegion(DEMO.prodAccountId, 'ap-east-1');
  }
});

test('per-action latency delays the answer', async () => {
  aws.state.faults.setLatency('GetCallerIdentity', 150);
  const started = Date.now();
  await sts(ALICE).send(callerIdentity);
  assert.ok(Date.now() - started >= 140);
});

test('the error document has the real STS shape', async () => {
  const response = await fetch(aws.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  assert.equal(response.status, 403);
  assert.match(
    await response.text(),
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
  );
});
