// Issue 12: Open Console as Profile with the real engine and STSClient against the local endpoint,
// whose federation endpoint checks the credentials it is given and records who signed in.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { DEMO } from '../../test/support/localAws';
import { useLocalAws } from '../../test/support/localAws/testHooks';
import { CapturingLogger, MemorySecretStore, MemoryStateStore, profilesOf } from '../../test/support/credentialFakes';
import { userErrorOf } from '../../test/support/userErrors';
import { CredentialEngine } from '../credentials/credentialEngine';
import { ConsoleSignIn, TEST_SIGNIN_ENDPOINT_VARIABLE } from './consoleSignIn';

const GFT_DENIED = { arn: 'arn:aws:iam::111111111111:user/nofed', accessKeyId: 'AKIAEXAMPLENOFED0001', secretAccessKey: 'nofedSecret0000000000000000000000000000000', deniedActions: ['sts:GetFederationToken'] };
const aws = useLocalAws((local) => local.state.addUser(GFT_DENIED));

const CREDENTIALS = `[default]
aws_access_key_id = ${DEMO.alice.accessKeyId}
aws_secret_access_key = ${DEMO.alice.secretAccessKey}
[nofed]
aws_access_key_id = ${GFT_DENIED.accessKeyId}
aws_secret_access_key = ${GFT_DENIED.secretAccessKey}
`;
const CONFIG = `[default]
region = eu-west-1
[profile power]
role_arn = ${DEMO.powerUserRoleArn}
source_profile = default
region = us-east-1
[profile audit]
role_arn = ${DEMO.chainedRoleArn}
source_profile = power
[profile admin]
role_arn = ${DEMO.adminRoleArn}
source_profile = default
mfa_serial = ${DEMO.alice.mfaSerial}
[profile gov]
role_arn = ${DEMO.powerUserRoleArn}
source_profile = default
region = us-isob-east-1
`;

function stack(extraCredentials = '', env: Record<string, string> = {}, fetcher?: typeof fetch) {
  const logger = new CapturingLogger();
  const profiles = profilesOf(CONFIG, CREDENTIALS + extraCredentials);
  const prompts: string[] = [];
  const clock = { now: () => Date.now() };
  const baseEnv = { AWS_ENDPOINT_URL_STS: aws.url, [TEST_SIGNIN_ENDPOINT_VARIABLE]: aws.url, ...env };
  const credentials = new CredentialEngine({
    profiles: () => profiles,
    env: baseEnv,
    secrets: new MemorySecretStore(),
    state: new MemoryStateStore(),
    clock,
    logger,
    mfaPrompt: async ({ profile }) => {
      prompts.push(profile);
      return DEMO.alice.mfaCode;
    },
  });
  const signIn = new ConsoleSignIn({ profiles: () => profiles, env: baseEnv, credentials, logger, clock, fetch: fetcher });
  return { signIn, logger, prompts, credentials };
}

/** What the browser does with the URL: login, follow the redirect, read who the console page says signed in. */
async function open(url: string): Promise<{ identity: string; destination: string }> {
  const login = await fetch(url, { redirect: 'manual' });
  assert.equal(login.status, 302, await login.text());
  const page = await (await fetch(new URL(login.headers.get('location')!, aws.url))).text();
  return { identity: page.match(/<strong id="identity">([^<]+)</)![1], destination: page.match(/<code id="destination">([^<]+)</)![1].replace(/&amp;/g, '&') };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every secret of the run must be absent from what was logged. */
function assertNothingSecretIn(lines: string[], url: string): void {
  const text = lines.join('\n');
  const token = new URL(url).searchParams.get('SigninToken')!;
  const secrets = [token, ...aws.state.issuedCredentials().flatMap((k) => [k.secretAccessKey, k.sessionToken ?? '']), DEMO.alice.secretAccessKey].filter((s) => s.length > 8);
  for (const s of secrets) assert.ok(!text.includes(s), 'a secret in the log');
}

test('issue 12: a role profile signs in as its role session, for 12 hours, on the console of its region', async () => {
  const { signIn, logger, credentials } = stack();
  const result = await signIn.signInUrl('power');
  assert.equal(result.sessionSeconds, 43200);
  assert.equal(result.region, 'us-east-1');
  const url = new URL(result.url);
  assert.equal(url.origin + url.pathname, `${aws.url}/federation`);
  const page = await open(result.url);
  assert.match(page.identity, /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\//);
  assert.equal(page.destination, 'https://console.aws.amazon.com/console/home?region=us-east-1');
  const record = aws.state.federation.signIns().at(-1)!;
  assert.equal(record.sessionExpiresAt - record.signedInAt, 43200_000);
  assert.equal(record.accessKeyId, (await credentials.get('power')).credentials.accessKeyId, 'the held role session, no new AssumeRole');
  assert.equal(aws.state.callCount('AssumeRole'), 1);
  assertNothingSecretIn(logger.lines, result.url);
});

test('issue 12: a chained role gets a one-hour console session, and the log says why', async () => {
  const { signIn, logger } = stack();
  const result = await signIn.signInUrl('audit');
  assert.equal(result.sessionSeconds, 3600);
  assert.match((await open(result.url)).identity, /assumed-role\/AuditReadOnly\//);
  const record = aws.state.federation.signIns().at(-1)!;
  assert.equal(record.sessionExpiresAt - record.signedInAt, 3600_000);
  assert.ok(logger.lines.some((l) => /console session of profile "audit" lasts at most one hour: .*role chaining/.test(l)), logger.lines.join('\n'));
});

test('issue 12: long-term keys sign in as a federated user (GetFederationToken with a policy), with the IAM user\'s permissions', async () => {
  const { signIn, logger } = stack();
  const result = await signIn.signInUrl('default');
  assert.equal(aws.state.callCount('GetFederationToken'), 1);
  assert.equal(result.identity, 'arn:aws:sts::111111111111:federated-user/default');
  const page = await open(result.url);
  assert.equal(page.identity, 'arn:aws:sts::111111111111:federated-user/default');
  assert.equal(page.destination, 'https://console.aws.amazon.com/console/home?region=eu-west-1');
  assert.equal(aws.state.federation.signIns().at(-1)!.hasPermissions, true, 'a session policy was passed');
  assert.ok(logger.lines.some((l) => /long-term keys, which cannot sign in to the console: signing in as federated user "default"/.test(l)));
  assertNothingSecretIn(logger.lines, result.url);
});

test('issue 12: an MFA role asks for the code as everywhere, once', async () => {
  const { signIn, prompts } = stack();
  assert.match((await open((await signIn.signInUrl('admin')).url)).identity, /assumed-role\/ProdAdmin\//);
  await signIn.signInUrl('admin');
  assert.deepEqual(prompts, ['admin']);
});

test('issue 12: one sentence for each refusal: GetSessionToken keys, GetFederationToken denied, the endpoint down, a partition without console sign-in', async () => {
  const sts = await import('@aws-sdk/client-sts');
  const session = await new sts.STSClient({ endpoint: aws.url, region: 'us-east-1', credentials: { accessKeyId: DEMO.alice.accessKeyId, secretAccessKey: DEMO.alice.secretAccessKey } }).send(new sts.GetSessionTokenCommand({}));
  const c = session.Credentials!;
  const mfaSession = `[session]\naws_access_key_id = ${c.AccessKeyId}\naws_secret_access_key = ${c.SecretAccessKey}\naws_session_token = ${c.SessionToken}\n`;
  const refused = await userErrorOf(stack(mfaSession).signIn.signInUrl('session'));
  assert.match(refused.message, /^Profile "session": the AWS sign-in endpoint refused its credentials \(HTTP 400: Credentials from GetSessionToken cannot sign in to the console.*\)\. Only role sessions and federated users can sign in/);
  assert.ok(!refused.message.includes(c.SecretAccessKey!) && !refused.message.includes(c.SessionToken!));

  const denied = await userErrorOf(stack().signIn.signInUrl('nofed'));
  assert.match(denied.message, /^Profile "nofed": its long-term keys sign in to the console through GetFederationToken, which was denied \(STS: User: arn:aws:iam::111111111111:user\/nofed is not authorized to perform: sts:GetFederationToken.*\)\. Allow the IAM user sts:GetFederationToken, or open the console as a role profile\.$/);

  const closed = await closedPort();
  const down = await userErrorOf(stack('', { [TEST_SIGNIN_ENDPOINT_VARIABLE]: `http://127.0.0.1:${closed}` }).signIn.signInUrl('power'));
  assert.equal(down.message.startsWith(`Profile "power": the AWS sign-in endpoint could not be reached: http://127.0.0.1:${closed}/federation refused the connection.`), true, down.message);

  const iso = await userErrorOf(stack().signIn.signInUrl('gov'));
  assert.match(iso.message, /^Profile "gov" is in region us-isob-east-1, whose partition has no console sign-in/);
});

test('issue 26 L4: the credentials go to the federation endpoint in a POST body: no getSigninToken request\'s URL holds them', async () => {
  const before = aws.state.federation.signinTokenRequests().length;
  const { signIn, credentials } = stack();
  const result = await signIn.signInUrl('power');
  assert.match((await open(result.url)).identity, /assumed-role\/CrossAccountPowerUser\//);
  const held = (await credentials.get('power')).credentials;
  const requests = aws.state.federation.signinTokenRequests().slice(before);
  assert.deepEqual(requests.map((r) => r.method), ['POST']);
  for (const r of requests) for (const secret of [held.secretAccessKey, held.sessionToken!, held.accessKeyId]) assert.ok(!r.query.includes(secret) && !decodeURIComponent(r.query).includes(secret), 'a credential in the URL');
});

test('issue 26 L4: a test sign-in endpoint that is not https: nor on this machine is refused before anything is sent to it', async () => {
  let sent = 0;
  const counting: typeof fetch = async () => {
    sent++;
    throw new Error('not sent');
  };
  const { signIn } = stack('', { [TEST_SIGNIN_ENDPOINT_VARIABLE]: 'http://collector.example.com' }, counting);
  const refused = await userErrorOf(signIn.signInUrl('power'));
  assert.equal(refused.code, 'console.testEndpoint');
  assert.equal(refused.message, 'AWS_PROFILES_TEST_SIGNIN_ENDPOINT must name an https: endpoint, or http: on this machine, since the sign-in sends it the credentials: http://collector.example.com is neither https: nor http: on this machine.');
  assert.equal(sent, 0);
});
