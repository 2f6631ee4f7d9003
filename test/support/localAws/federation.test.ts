import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  AssumeRoleWithWebIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { type AwsCredentialIdentity } from '@aws-sdk/types';
import { DEMO } from './demoScenario';
import { roleSession } from './stsActions';
import { ALICE, later, temporaryCredentials, useLocalAws } from './testHooks';

const CONSOLE_HOME = 'https://console.aws.amazon.com/';
const ISSUER = 'https://broker.example.com/';

const aws = useLocalAws();

function sts(credentials: AwsCredentialIdentity): STSClient {
  return new STSClient({ endpoint: aws.url, region: DEMO.region, credentials });
}

async function assumeRole(credentials: AwsCredentialIdentity, input: Partial<AssumeRoleCommandInput> & { RoleArn: string }): Promise<AwsCredentialIdentity> {
  return temporaryCredentials((await sts(credentials).send(new AssumeRoleCommand({ RoleSessionName: 'console-test', ...input }))).Credentials);
}

/** ProdAdmin (MFA-protected) assumed by alice: the identity of the sign-in the console page shows. */
function prodAdmin(): Promise<AwsCredentialIdentity> {
  return assumeRole(ALICE, { RoleArn: DEMO.adminRoleArn, SerialNumber: DEMO.alice.mfaSerial, TokenCode: DEMO.alice.mfaCode });
}

/** GET /federation?Action=getSigninToken with the credentials as Session, as a console broker calls it. */
function getSigninToken(credentials: AwsCredentialIdentity, extra: Record<string, string> = {}): Promise<Response> {
  const session = JSON.stringify({ sessionId: credentials.accessKeyId, sessionKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken });
  return federation({ Action: 'getSigninToken', Session: session, ...extra });
}

function federation(params: Record<string, string>): Promise<Response> {
  return fetch(`${aws.url}/federation?${new URLSearchParams(params)}`, { redirect: 'manual' });
}

/** A sign-in token for the credentials; fails the test when getSigninToken refuses. */
async function signinToken(credentials: AwsCredentialIdentity, extra: Record<string, string> = {}): Promise<string> {
  const response = await getSigninToken(credentials, extra);
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assert.equal(response.headers.get('content-type'), 'application/json');
  const { SigninToken } = JSON.parse(text) as { SigninToken: string };
  return SigninToken;
}

function login(token: string, destination = CONSOLE_HOME): Promise<Response> {
  return federation({ Action: 'login', Issuer: ISSUER, Destination: destination, SigninToken: token });
}

/** What a browser does with the login URL: follows the redirect and returns the console page's HTML. */
async function signIn(token: string, destination = CONSOLE_HOME): Promise<string> {
  const redirect = await login(token, destination);
  assert.equal(redirect.status, 302, await redirect.text());
  const location = redirect.headers.get('location')!;
  assert.match(location, /^\/federation\/console\?signin=[\w-]+$/);
  const page = await fetch(new URL(location, aws.url));
  const html = await page.text();
  assert.equal(page.status, 200, html);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  return html;
}

/** Asserts a 400 whose body (plain text, or the error page's `#error`) says why. */
async function assertRefused(response: Response, reason: RegExp): Promise<void> {
  const body = await response.text();
  assert.equal(response.status, 400, body);
  assert.match(body, reason);
}

test('AssumeRole credentials sign in to the console: getSigninToken, login, and the page says who signed in', async () => {
  const credentials = await prodAdmin();
  const token = await signinToken(credentials, { SessionDuration: '7200' });
  assert.match(token, /^[\w-]{100,}$/);
  const html = await signIn(token, 'https://console.aws.amazon.com/ec2/home?region=us-east-1');
  const arn = 'arn:aws:sts::222222222222:assumed-role/ProdAdmin/console-test';
  assert.match(html, new RegExp(`Signed in as <strong id="identity">${arn}</strong>`));
  assert.match(html, /<span id="account">222222222222<\/span>/);
  assert.match(html, /<code id="destination">https:\/\/console\.aws\.amazon\.com\/ec2\/home\?region=us-east-1<\/code>/);
  assert.doesNotMatch(html, /no-permissions/);

  const record = aws.state.federation.signIns().at(-1)!;
  assert.equal(record.arn, arn);
  assert.equal(record.accountId, DEMO.prodAccountId);
  assert.equal(record.accessKeyId, credentials.accessKeyId);
  assert.equal(record.issuedBy, 'AssumeRole');
  assert.equal(record.destination, 'https://console.aws.amazon.com/ec2/home?region=us-east-1');
  assert.equal(record.issuer, ISSUER);
  assert.ok(Math.abs(record.signedInAt - aws.state.now()) < 5_000);
  assert.equal(record.sessionExpiresAt - record.signedInAt, 7200_000);
  assert.deepEqual(
    [aws.state.callCount('getSigninToken'), aws.state.callCount('login'), aws.state.callCount('console')],
    [1, 1, 1],
  );
  assert.ok(aws.state.federation.issuedSigninTokens().includes(token));
});

test('AssumeRoleWithWebIdentity and IAM Identity Center role credentials sign in too, for an hour when SessionDuration is left out', async () => {
  const web = await sts({ accessKeyId: 'unused', secretAccessKey: 'unused' }).send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: DEMO.webIdentityRoleArn, RoleSessionName: 'ci', WebIdentityToken: DEMO.webIdentityToken }),
  );
  assert.match(await signIn(await signinToken(temporaryCredentials(web.Credentials))), /Signed in as <strong id="identity">arn:aws:sts::111111111111:assumed-role\/CiWebIdentity\/ci</);
  const portalRole = aws.state.role(DEMO.sso.roles.prodReadOnly.roleArn)!;
  const key = aws.state.issueCredentials(roleSession(portalRole, DEMO.sso.userName, false), 3600, 'GetRoleCredentials');
  const html = await signIn(await signinToken(key));
  assert.match(html, new RegExp(`Signed in as <strong id="identity">${DEMO.sso.roles.prodReadOnly.sessionArn}</strong>`));
  const record2 = aws.state.federation.signIns().at(-1)!;
  assert.equal(record2.sessionExpiresAt - record2.signedInAt, 3600_000);
});

test('long-term access keys are refused by getSigninToken', async () => {
  await assertRefused(await getSigninToken(ALICE), /^Long-term access keys cannot sign in to the console\. Call GetFederationToken/);
  await assertRefused(await getSigninToken({ ...ALICE, sessionToken: 'anything' }), /^Long-term access keys cannot sign in/);
  assert.equal(aws.state.federation.signIns().filter((s) => s.accessKeyId === ALICE.accessKeyId).length, 0);
});

test('GetSessionToken credentials are refused by getSigninToken', async () => {
  const session = temporaryCredentials((await sts(ALICE).send(new GetSessionTokenCommand({}))).Credentials);
  await assertRefused(await getSigninToken(session), /^Credentials from GetSessionToken cannot sign in to the console/);
});

test('expired credentials are refused by getSigninToken', async () => {
  aws.state.credentialLifetimeSeconds = 60;
  const credentials = await prodAdmin();
  await later(aws, 61_000, async () => {
    await assertRefused(await getSigninToken(credentials), /^The credentials in Session expired at \d{4}-\d\d-\d\dT/);
  });
  aws.state.expireCredentials(credentials.accessKeyId);
  await assertRefused(await getSigninToken(credentials), /expired at/);
});

test('unknown credentials, a wrong secret or session token, and a missing or malformed Session are refused', async () => {
  const credentials = await prodAdmin();
  await assertRefused(await getSigninToken({ ...credentials, accessKeyId: 'ASIAUNKNOWNUNKNOWN00' }), /^The credentials in Session are not valid: no access key ASIAUNKNOWNUNKNOWN00/);
  await assertRefused(await getSigninToken({ ...credentials, secretAccessKey: 'wrong' }), /not valid: no access key/);
  await assertRefused(await getSigninToken({ ...credentials, sessionToken: 'forged' }), /sessionToken is missing or does not belong/);
  await assertRefused(await getSigninToken({ ...credentials, sessionToken: undefined }), /sessionToken is missing or does not belong/);
  await assertRefused(await federation({ Action: 'getSigninToken' }), /^Action=getSigninToken needs Session/);
  await assertRefused(await federation({ Action: 'getSigninToken', Session: 'not json' }), /^Session must be JSON/);
  await assertRefused(await federation({ Action: 'getSigninToken', Session: '{"sessionId": 1}' }), /^Session must be JSON/);
  // the credentials themselves are fine
  await signinToken(credentials);
});

test('a sign-in token works once; an unknown or missing one is refused with a page that says so', async () => {
  const token = await signinToken(await prodAdmin());
  const before = aws.state.federation.signIns().length;
  await signIn(token);
  const again = await login(token);
  assert.match(again.headers.get('content-type') ?? '', /^text\/html/);
  await assertRefused(again, /<p id="error">This sign-in token was already used: a sign-in token works once/);
  await assertRefused(await login('not-a-token'), /<p id="error">This sign-in token is not one the federation endpoint issued/);
  await assertRefused(await federation({ Action: 'login', Destination: CONSOLE_HOME }), /needs SigninToken/);
  assert.equal(aws.state.federation.signIns().length, before + 1);
});

test('a sign-in token expires 15 minutes after getSigninToken on the server clock', async () => {
  const credentials = await prodAdmin();
  const first = await signinToken(credentials);
  const second = await signinToken(credentials);
  await later(aws, 15 * 60_000 - 1_000, () => signIn(first));
  await later(aws, 15 * 60_000, async () => {
    await assertRefused(await login(second), /This sign-in token expired at .*: a sign-in token works for 15 minutes/);
  });
});

test('SessionDuration: 900 to 43200 seconds, at most 3600 for a role session obtained by role chaining', async () => {
  const powerUser = await assumeRole(ALICE, { RoleArn: DEMO.powerUserRoleArn });
  await signinToken(powerUser, { SessionDuration: '900' });
  await signinToken(powerUser, { SessionDuration: '43200' });
  for (const bad of ['899', '43201', '3600.5', 'an hour', '']) {
    await assertRefused(await getSigninToken(powerUser, { SessionDuration: bad }), /^SessionDuration must be a whole number of seconds from 900 \(15 minutes\) to 43200 \(12 hours\)/);
  }
  const chained = await assumeRole(powerUser, { RoleArn: DEMO.chainedRoleArn, RoleSessionName: 'chained' });
  await signinToken(chained);
  await signinToken(chained, { SessionDuration: '3600' });
  await assertRefused(
    await getSigninToken(chained, { SessionDuration: '3601' }),
    /^SessionDuration 3601 is too long for arn:aws:sts::333333333333:assumed-role\/AuditReadOnly\/chained: it was obtained by role chaining/,
  );
});

test('GetFederationToken end to end: IAM user keys → federated credentials → sign-in without SessionDuration → the page shows the federated user', async () => {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const out = await sts(ALICE).send(new GetFederationTokenCommand({ Name: 'alice-console', Policy: policy, DurationSeconds: 7200 }));
  const federated = temporaryCredentials(out.Credentials);
  await assertRefused(await getSigninToken(federated, { SessionDuration: '3600' }), /^SessionDuration cannot be used with credentials from GetFederationToken/);
  const html = await signIn(await signinToken(federated));
  assert.match(html, /Signed in as <strong id="identity">arn:aws:sts::111111111111:federated-user\/alice-console<\/strong>/);
  assert.match(html, /<span id="account">111111111111<\/span>/);
  assert.doesNotMatch(html, /no-permissions/);
  const record2 = aws.state.federation.signIns().at(-1)!;
  assert.equal(record2.issuedBy, 'GetFederationToken');
  // the XML answer carries whole seconds
  assert.equal(Math.floor(record2.sessionExpiresAt / 1000) * 1000, out.Credentials!.Expiration!.getTime());
  assert.equal(record2.hasPermissions, true);
});

test('a federated user given no session policy signs in, and the console page says it has no permissions', async () => {
  const out = await sts(ALICE).send(new GetFederationTokenCommand({ Name: 'no-policy' }));
  const html = await signIn(await signinToken(temporaryCredentials(out.Credentials)));
  assert.match(html, /<p id="no-permissions">This session has no permissions: GetFederationToken was called without Policy or PolicyArns\.<\/p>/);
  assert.equal(aws.state.federation.signIns().at(-1)!.hasPermissions, false);
});

test('Destination is HTML-escaped on the console page; a missing, relative or non-http Destination is refused without using the token', async () => {
  const token = await signinToken(await prodAdmin());
  for (const bad of ['/ec2/home', 'javascript:alert(1)', 'console.aws.amazon.com']) {
    await assertRefused(await login(token, bad), /Destination must be an absolute http or https URL/);
  }
  await assertRefused(await federation({ Action: 'login', SigninToken: token }), /needs Destination/);
  const destination = 'https://console.aws.amazon.com/ec2/home#Instances:search=<script>alert("x")</script>&v=3';
  const html = await signIn(token, destination);
  assert.ok(!html.includes('<script>'), 'no markup from Destination');
  assert.match(html, /<code id="destination">https:\/\/console\.aws\.amazon\.com\/ec2\/home#Instances:search=&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;v=3<\/code>/);
  assert.equal(aws.state.federation.signIns().at(-1)!.destination, destination);
});

test('an unknown or missing Action and other methods are refused; the console page of an unknown sign-in is a 404', async () => {
  await assertRefused(await federation({ Action: 'getSigninTokens' }), /serves Action=getSigninToken and Action=login, not 'getSigninTokens'/);
  await assertRefused(await federation({}), /serves Action=getSigninToken and Action=login, not ''/);
  assert.equal(aws.state.callCount('GET /federation'), 1);
  const put = await fetch(`${aws.url}/federation?Action=getSigninToken`, { method: 'PUT' });
  assert.equal(put.status, 405);
  assert.match(await put.text(), /answers GET or POST here, not PUT/);
  const postLogin = await fetch(`${aws.url}/federation?Action=login`, { method: 'POST' });
  assert.equal(postLogin.status, 405);
  assert.match(await postLogin.text(), /answers GET here, not POST/);
  const unknown = await fetch(`${aws.url}/federation/console?signin=nope`);
  assert.equal(unknown.status, 404);
  assert.match(await unknown.text(), /<p id="error">No console sign-in has this id/);
});

test('injected faults and latency apply to federation actions by name, and every attempt is counted', async () => {
  const credentials = await prodAdmin();
  aws.state.faults.enqueue({ code: 'Throttling', action: 'getSigninToken' });
  const throttled = await getSigninToken(credentials);
  assert.equal(throttled.status, 400);
  assert.equal(await throttled.text(), 'Rate exceeded');
  const token = await signinToken(credentials);
  assert.equal(aws.state.callCount('getSigninToken'), 2);

  aws.state.faults.enqueue({ code: 'InternalFailure', action: 'login' });
  const failed = await login(token);
  assert.equal(failed.status, 500);
  assert.match(await failed.text(), /<p id="error">An internal error has occurred/);
  aws.state.faults.setLatency('login', 150);
  const started = Date.now();
  await signIn(token); // the fault came before the token was looked at, so it is still unused
  assert.ok(Date.now() - started >= 140);
  assert.equal(aws.state.callCount('login'), 2);
});

test('issue 26 L4: getSigninToken takes its parameters in a POST form body too, as AWS\'s endpoint does, and notes how each request came', async () => {
  const credentials = await prodAdmin();
  const session = JSON.stringify({ sessionId: credentials.accessKeyId, sessionKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken });
  const before = aws.state.federation.signinTokenRequests().length;
  const response = await fetch(`${aws.url}/federation`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Action: 'getSigninToken', Session: session, SessionDuration: '3600' }).toString(),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  const { SigninToken } = JSON.parse(text) as { SigninToken: string };
  assert.match(await signIn(SigninToken), /id="identity">arn:aws:sts::222222222222:assumed-role\/ProdAdmin\//);
  assert.deepEqual(aws.state.federation.signinTokenRequests().slice(before), [{ method: 'POST', query: '' }]);
  // A POST whose body is not a form has no parameters, so no Action: refused.
  const json = await fetch(`${aws.url}/federation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Action: 'getSigninToken' }) });
  assert.equal(json.status, 405);
});
