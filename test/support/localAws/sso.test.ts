import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, beforeEach, test } from 'node:test';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, SSOClient, paginateListAccountRoles, paginateListAccounts } from '@aws-sdk/client-sso';
import { CreateTokenCommand, type CreateTokenCommandInput, RegisterClientCommand, type RegisterClientCommandOutput, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsCredentialIdentity } from '@aws-sdk/types';
import { DEMO, demoScenario } from './demoScenario';
import { GRANT } from './ssoGrants';
import { type LocalAws, startLocalAws } from './startLocalAws';
import { later } from './testHooks';

const GENERATED_ACCOUNTS = 2_500;
const REDIRECT_PATH = '/oauth/callback';
/** The application's loopback server is never contacted: tests read the redirect's Location. */
const REDIRECT_URI = `http://127.0.0.1:54321${REDIRECT_PATH}`;
const SCOPES = ['sso:account:access'];

let aws: LocalAws;
let oidc: SSOOIDCClient;
let portal: SSOClient;

before(async () => {
  aws = await startLocalAws({ scenario: demoScenario({ ssoAccounts: GENERATED_ACCOUNTS }) });
  oidc = new SSOOIDCClient({ endpoint: aws.url, region: DEMO.sso.region });
  portal = new SSOClient({ endpoint: aws.url, region: DEMO.sso.region });
});

after(async () => {
  oidc.destroy();
  portal.destroy();
  await aws.close();
});

beforeEach(() => {
  const { state } = aws;
  state.faults.clear();
  state.faults.resetCallCounts();
  state.credentialLifetimeSeconds = undefined;
  state.ssoTokenLifetimeSeconds = 8 * 3600;
  state.sso.pollIntervalSeconds = 1;
  state.sso.deviceCodeExpiresInSeconds = 600;
  state.sso.rotateRefreshTokens = true;
});

/** Asserts the promise rejects with an SDK error of this name (and error_description or message, when given). */
async function rejectsWith(promise: Promise<unknown>, name: string, text?: RegExp): Promise<Error & Record<string, unknown>> {
  let caught: unknown;
  await promise.then(
    () => assert.fail(`expected ${name}, but the call succeeded`),
    (error: unknown) => {
      caught = error;
    },
  );
  assert.ok(caught instanceof Error);
  const error = caught as Error & Record<string, unknown>;
  assert.equal(error.name, name, `${error.name}: ${error.message} ${String(error.error_description ?? '')}`);
  if (text) assert.match(String(error.error_description ?? error.message), text);
  return error;
}

function statusOf(error: Record<string, unknown>): number | undefined {
  return (error.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode;
}

function register(input: { grantTypes?: string[]; scopes?: string[]; redirectUris?: string[] } = {}): Promise<RegisterClientCommandOutput> {
  return oidc.send(new RegisterClientCommand({ clientName: 'localAws test', clientType: 'public', issuerUrl: DEMO.sso.startUrl, scopes: SCOPES, ...input }));
}

const browserClient = () => register({ grantTypes: [GRANT.authorizationCode, GRANT.refreshToken], redirectUris: [`http://127.0.0.1${REDIRECT_PATH}`] });
const deviceClient = () => register({ grantTypes: [GRANT.deviceCode, GRANT.refreshToken] });

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(clientId: string, challenge: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    scopes: SCOPES.join(','),
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return `${aws.url}/authorize?${query}`;
}

/** What a browser does: opens the sign-in page, clicks a button, and is redirected; returns the Location. */
async function browse(url: string, decision: 'allow' | 'deny'): Promise<URL> {
  const page = await fetch(url);
  const html = await page.text();
  assert.equal(page.status, 200, html);
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(requestId, 'the page has the request id in its form');
  const answer = await fetch(`${aws.url}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, decision }).toString(),
    redirect: 'manual',
  });
  assert.equal(answer.status, 302);
  return new URL(answer.headers.get('location')!);
}

/** Registers a browser client and signs in through the pages; returns the client and a fresh code. */
async function authorizationCode(): Promise<{ client: RegisterClientCommandOutput; code: string; verifier: string }> {
  const client = await browserClient();
  const { verifier, challenge } = pkce();
  const location = await browse(authorizeUrl(client.clientId!, challenge), 'allow');
  return { client, code: location.searchParams.get('code')!, verifier };
}

function exchange(client: RegisterClientCommandOutput, input: Partial<CreateTokenCommandInput> & { grantType: string }) {
  return oidc.send(new CreateTokenCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, ...input }));
}

/** A signed-in access token (and refresh token) through the device flow, approved with the helper. */
async function signIn(client?: RegisterClientCommandOutput): Promise<{ client: RegisterClientCommandOutput; accessToken: string; refreshToken?: string; expiresIn: number }> {
  const registered = client ?? (await deviceClient());
  const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: registered.clientId!, clientSecret: registered.clientSecret!, startUrl: DEMO.sso.startUrl }));
  aws.state.sso.approveDevice(device.userCode!);
  const token = await exchange(registered, { grantType: GRANT.deviceCode, deviceCode: device.deviceCode! });
  return { client: registered, accessToken: token.accessToken!, refreshToken: token.refreshToken, expiresIn: token.expiresIn! };
}

function roleCredentials(accessToken: string, role: { accountId: string; roleName: string } = DEMO.sso.roles.prodAdmin) {
  return portal.send(new GetRoleCredentialsCommand({ accessToken, accountId: role.accountId, roleName: role.roleName }));
}

function stsWith(credentials: AwsCredentialIdentity): STSClient {
  return new STSClient({ endpoint: aws.url, region: DEMO.region, credentials });
}

test('RegisterClient answers a client id, a secret, and an expiry 90 days after issue', async () => {
  const before = aws.state.now();
  const client = await browserClient();
  const after = aws.state.now();
  assert.match(client.clientId!, /^[\w-]{22}$/);
  assert.ok(client.clientSecret!.length >= 200);
  // Issued during the call, in epoch seconds (bounded by the clock before and after, not by how long a loaded machine took).
  assert.ok(client.clientIdIssuedAt! >= Math.floor(before / 1000) && client.clientIdIssuedAt! <= Math.ceil(after / 1000), 'issued now, in epoch seconds');
  assert.equal(client.clientSecretExpiresAt! - client.clientIdIssuedAt!, 90 * 24 * 3600);
  await rejectsWith(register({ grantTypes: ['password'] }), 'InvalidClientMetadataException', /grant type 'password'/);
  await rejectsWith(register({ grantTypes: [GRANT.authorizationCode], redirectUris: ['https://example.com/cb'] }), 'InvalidRedirectUriException');
  await rejectsWith(oidc.send(new RegisterClientCommand({ clientName: 'x', clientType: 'confidential' })), 'InvalidClientMetadataException');
  await rejectsWith(oidc.send(new RegisterClientCommand({ clientName: 'x', clientType: 'public', issuerUrl: 'https://d-0000000000.awsapps.com/start' })), 'InvalidRequestException', /issuerUrl/);
});

test('authorization code with PKCE: Allow redirects with a code; CreateToken needs the right verifier and redirect URI', async () => {
  const client = await browserClient();
  const { verifier, challenge } = pkce();
  const page = await (await fetch(authorizeUrl(client.clientId!, challenge))).text();
  assert.match(page, /<button id="allow" type="submit" name="decision" value="allow">Allow<\/button>/);
  assert.match(page, /<button id="deny" type="submit" name="decision" value="deny">Deny<\/button>/);
  assert.match(page, new RegExp(`id="instance">${DEMO.sso.instanceName}<`));
  assert.match(page, /id="user">carol@example\.com</);

  const location = await browse(authorizeUrl(client.clientId!, challenge), 'allow');
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
  assert.equal(location.searchParams.get('state'), 'state-123');
  const code = location.searchParams.get('code')!;
  assert.ok(code.length >= 32);

  const wrong = await rejectsWith(exchange(client, { grantType: GRANT.authorizationCode, code, codeVerifier: pkce().verifier, redirectUri: REDIRECT_URI }), 'InvalidGrantException', /codeVerifier does not match/);
  assert.equal(wrong.error, 'invalid_grant');
  assert.equal(statusOf(wrong), 400);
  await rejectsWith(exchange(client, { grantType: GRANT.authorizationCode, code, codeVerifier: verifier, redirectUri: REDIRECT_URI }), 'InvalidGrantException', /already used/);

  const fresh = await authorizationCode();
  await rejectsWith(
    exchange(fresh.client, { grantType: GRANT.authorizationCode, code: fresh.code, codeVerifier: fresh.verifier, redirectUri: 'http://127.0.0.1:1/oauth/callback' }),
    'InvalidGrantException',
    /redirectUri/,
  );
  const ok = await authorizationCode();
  const token = await exchange(ok.client, { grantType: GRANT.authorizationCode, code: ok.code, codeVerifier: ok.verifier, redirectUri: REDIRECT_URI });
  assert.equal(token.tokenType, 'Bearer');
  assert.equal(token.expiresIn, 8 * 3600);
  assert.match(token.accessToken!, /^aoa/);
  assert.match(token.refreshToken!, /^aor/);
  assert.equal((await portal.send(new ListAccountsCommand({ accessToken: token.accessToken, maxResults: 3 }))).accountList?.[1]?.accountName, 'Prod');
});

test('Deny redirects with error=access_denied and the state', async () => {
  const client = await browserClient();
  const location = await browse(authorizeUrl(client.clientId!, pkce().challenge), 'deny');
  assert.equal(location.searchParams.get('error'), 'access_denied');
  assert.equal(location.searchParams.get('state'), 'state-123');
  assert.equal(location.searchParams.get('code'), null);
});

test('/authorize refuses an unknown client or a non-loopback redirect URI with a page, other problems with a redirect', async () => {
  const client = await browserClient();
  const { challenge } = pkce();
  const refused = async (url: string, sentence: RegExp) => {
    const response = await fetch(url, { redirect: 'manual' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), sentence);
  };
  await refused(authorizeUrl('nope', challenge), /<p id="error">The client_id &apos;nope&apos; is not a client registered/);
  for (const uri of ['https://example.com/oauth/callback', 'http://localhost:5000/oauth/callback', `http://127.0.0.1${REDIRECT_PATH}`]) {
    await refused(authorizeUrl(client.clientId!, challenge, { redirect_uri: uri }), /is not a loopback URI of the form http:\/\/127\.0\.0\.1:PORT\/PATH/);
  }
  await refused(authorizeUrl(client.clientId!, challenge, { redirect_uri: 'http://127.0.0.1:5000/elsewhere' }), /not one of the client&apos;s registered redirect URIs/);

  const redirected = async (extra: Record<string, string>, error: string) => {
    const response = await fetch(authorizeUrl(client.clientId!, challenge, extra), { redirect: 'manual' });
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location')!);
    assert.equal(location.searchParams.get('error'), error);
    assert.equal(location.searchParams.get('state'), 'state-123');
  };
  await redirected({ code_challenge_method: 'plain' }, 'invalid_request');
  await redirected({ code_challenge: '' }, 'invalid_request');
  await redirected({ response_type: 'token' }, 'unsupported_response_type');
  await redirected({ scopes: 'sso:account:access,codewhisperer:completions' }, 'invalid_scope');
  const deviceOnly = await deviceClient();
  const response = await fetch(authorizeUrl(deviceOnly.clientId!, challenge), { redirect: 'manual' });
  assert.equal(new URL(response.headers.get('location')!).searchParams.get('error'), 'unauthorized_client');
});

test('state.sso.authorize approves the URL an application would open, without a browser', async () => {
  const client = await browserClient();
  const { verifier, challenge } = pkce();
  const location = new URL(aws.state.sso.authorize(authorizeUrl(client.clientId!, challenge)));
  const token = await exchange(client, { grantType: GRANT.authorizationCode, code: location.searchParams.get('code')!, codeVerifier: verifier, redirectUri: REDIRECT_URI });
  assert.ok(token.accessToken);
  assert.equal(new URL(aws.state.sso.authorize(authorizeUrl(client.clientId!, challenge), 'deny')).searchParams.get('error'), 'access_denied');
  assert.throws(() => aws.state.sso.authorize(authorizeUrl('nope', challenge)), /The client_id 'nope' is not a client registered/);
});

test('an authorization code expires after 5 minutes', async () => {
  const { client, code, verifier } = await authorizationCode();
  await later(aws, 301_000, () =>
    rejectsWith(exchange(client, { grantType: GRANT.authorizationCode, code, codeVerifier: verifier, redirectUri: REDIRECT_URI }), 'InvalidGrantException', /expired/),
  );
});

test('device flow: pending, slow_down when polled too fast, approval on the device page, then a token', async () => {
  const client = await deviceClient();
  const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, startUrl: DEMO.sso.startUrl }));
  assert.match(device.userCode!, /^[A-Z]{4}-[A-Z]{4}$/);
  assert.equal(device.verificationUri, `${aws.url}/device`);
  assert.equal(device.verificationUriComplete, `${aws.url}/device?user_code=${device.userCode}`);
  assert.equal(device.expiresIn, 600);
  assert.equal(device.interval, 1);
  const poll = () => exchange(client, { grantType: GRANT.deviceCode, deviceCode: device.deviceCode! });

  const pending = await rejectsWith(poll(), 'AuthorizationPendingException', /not yet approved/);
  assert.equal(pending.error, 'authorization_pending');
  await rejectsWith(poll(), 'SlowDownException', /wait the interval of 1 s/);
  await later(aws, 1_000, () => rejectsWith(poll(), 'AuthorizationPendingException'));

  const page = await fetch(device.verificationUriComplete!);
  const html = await page.text();
  assert.equal(page.status, 200);
  assert.match(html, new RegExp(`<code id="user-code">${device.userCode}</code>`));
  assert.match(html, /<button id="allow"/);
  const approved = await fetch(`${aws.url}/device`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: device.userCode!.toLowerCase(), decision: 'allow' }).toString(),
  });
  assert.equal(approved.status, 200);
  assert.match(await approved.text(), /<p id="result">Request approved\./);
  assert.equal(aws.state.sso.deviceAuthorizations().at(-1)?.status, 'approved');

  const token = await later(aws, 2_000, () => poll());
  assert.equal(token.tokenType, 'Bearer');
  assert.ok(token.accessToken && token.refreshToken);
  await rejectsWith(poll(), 'InvalidGrantException', /already exchanged/);
  assert.match(await (await fetch(device.verificationUriComplete!)).text(), /<p id="error">The code [A-Z]{4}-[A-Z]{4} was already approved\.<\/p>/);
});

test('device flow: Deny → AccessDeniedException; an expired device code → ExpiredTokenException', async () => {
  const client = await deviceClient();
  const start = () => oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, startUrl: DEMO.sso.startUrl }));
  const denied = await start();
  aws.state.sso.denyDevice(denied.userCode!);
  await rejectsWith(exchange(client, { grantType: GRANT.deviceCode, deviceCode: denied.deviceCode! }), 'AccessDeniedException', /denied/);

  aws.state.sso.deviceCodeExpiresInSeconds = 30;
  aws.state.sso.pollIntervalSeconds = 5;
  const expiring = await start();
  assert.equal(expiring.expiresIn, 30);
  assert.equal(expiring.interval, 5);
  await later(aws, 30_000, async () => {
    await rejectsWith(exchange(client, { grantType: GRANT.deviceCode, deviceCode: expiring.deviceCode! }), 'ExpiredTokenException', /expired/);
    assert.throws(() => aws.state.sso.approveDevice(expiring.userCode!), /has expired/);
    assert.equal((await fetch(expiring.verificationUriComplete!)).status, 400);
  });
  await rejectsWith(oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId!, clientSecret: client.clientSecret!, startUrl: 'https://d-0000000000.awsapps.com/start' })), 'InvalidRequestException', /startUrl/);
});

test('client authentication: a wrong secret or an expired registration → InvalidClientException', async () => {
  const client = await deviceClient();
  const start = (clientSecret: string) => oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId!, clientSecret, startUrl: DEMO.sso.startUrl }));
  const wrong = await rejectsWith(start('wrong'), 'InvalidClientException', /clientSecret is not the secret/);
  assert.equal(statusOf(wrong), 401);
  await later(aws, 91 * 24 * 3600_000, () => rejectsWith(start(client.clientSecret!), 'InvalidClientException', /has expired; register the client again/));
  const browserOnly = await browserClient();
  await rejectsWith(
    oidc.send(new StartDeviceAuthorizationCommand({ clientId: browserOnly.clientId!, clientSecret: browserOnly.clientSecret!, startUrl: DEMO.sso.startUrl })),
    'UnauthorizedClientException',
  );
});

test('refresh: a new access token and refresh token; the used refresh token and unknown ones → InvalidGrantException', async () => {
  aws.state.ssoTokenLifetimeSeconds = 60;
  const first = await signIn();
  assert.equal(first.expiresIn, 60);
  await later(aws, 61_000, async () => {
    await rejectsWith(roleCredentials(first.accessToken), 'UnauthorizedException', /expired/);
    const refreshed = await exchange(first.client, { grantType: GRANT.refreshToken, refreshToken: first.refreshToken! });
    assert.equal(refreshed.expiresIn, 60);
    assert.ok(refreshed.refreshToken && refreshed.refreshToken !== first.refreshToken);
    assert.ok((await roleCredentials(refreshed.accessToken!)).roleCredentials?.accessKeyId);
    await rejectsWith(exchange(first.client, { grantType: GRANT.refreshToken, refreshToken: first.refreshToken! }), 'InvalidGrantException', /already used/);
    await rejectsWith(exchange(first.client, { grantType: GRANT.refreshToken, refreshToken: 'aorUnknown' }), 'InvalidGrantException', /not valid for this client/);
    const other = await deviceClient();
    await rejectsWith(exchange(other, { grantType: GRANT.refreshToken, refreshToken: refreshed.refreshToken }), 'InvalidGrantException');
  });
  aws.state.sso.rotateRefreshTokens = false;
  const second = await signIn();
  await exchange(second.client, { grantType: GRANT.refreshToken, refreshToken: second.refreshToken! });
  await exchange(second.client, { grantType: GRANT.refreshToken, refreshToken: second.refreshToken! });
});

test('refresh tokens end with the sign-in (sessionDurationSeconds), and access tokens never outlive it', async () => {
  const { sso } = aws.state;
  sso.sessionDurationSeconds = 120;
  try {
    const first = await signIn();
    assert.equal(first.expiresIn, 120);
    await later(aws, 121_000, () => rejectsWith(exchange(first.client, { grantType: GRANT.refreshToken, refreshToken: first.refreshToken! }), 'InvalidGrantException', /sign-in ended/));
  } finally {
    sso.sessionDurationSeconds = 8 * 3600;
  }
});

test('refresh tokens go to clients registered for refresh_token, or with scopes (the AWS CLI); not to legacy clients', async () => {
  const legacy = await oidc.send(new RegisterClientCommand({ clientName: 'botocore-client-legacy', clientType: 'public' }));
  assert.equal((await signIn(legacy)).refreshToken, undefined);
  await rejectsWith(exchange(legacy, { grantType: GRANT.refreshToken, refreshToken: 'x' }), 'UnauthorizedClientException', /refresh_token/);
  const cliSession = await oidc.send(new RegisterClientCommand({ clientName: 'botocore-client-my-sso', clientType: 'public', scopes: SCOPES }));
  assert.ok((await signIn(cliSession)).refreshToken);
  const noRefresh = await register({ grantTypes: [GRANT.deviceCode] });
  assert.equal((await signIn(noRefresh)).refreshToken, undefined);
});

test('an expired access token → UnauthorizedException from every portal operation', async () => {
  aws.state.ssoTokenLifetimeSeconds = 300;
  const { accessToken } = await signIn();
  await later(aws, 300_000, async () => {
    await rejectsWith(roleCredentials(accessToken), 'UnauthorizedException', /^Session token not found or invalid: the access token expired at/);
    await rejectsWith(portal.send(new ListAccountsCommand({ accessToken })), 'UnauthorizedException');
    await rejectsWith(portal.send(new ListAccountRolesCommand({ accessToken, accountId: DEMO.devAccountId })), 'UnauthorizedException');
    await rejectsWith(portal.send(new LogoutCommand({ accessToken })), 'UnauthorizedException');
  });
  await rejectsWith(roleCredentials('aoaForged'), 'UnauthorizedException', /did not issue/);
  const unauthorized = await rejectsWith(roleCredentials(''), 'UnauthorizedException');
  assert.equal(statusOf(unauthorized), 401);
});

test('Logout revokes the access token and its refresh token; credentials issued before keep working', async () => {
  const { client, accessToken, refreshToken } = await signIn();
  const credentials = (await roleCredentials(accessToken)).roleCredentials!;
  await portal.send(new LogoutCommand({ accessToken }));
  await rejectsWith(roleCredentials(accessToken), 'UnauthorizedException', /revoked/);
  await rejectsWith(exchange(client, { grantType: GRANT.refreshToken, refreshToken: refreshToken! }), 'InvalidGrantException', /signed out/);
  const who = await stsWith({ accessKeyId: credentials.accessKeyId!, secretAccessKey: credentials.secretAccessKey!, sessionToken: credentials.sessionToken! }).send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, DEMO.sso.roles.prodAdmin.sessionArn);
  assert.equal(aws.state.callCount('Logout'), 1);
});

test('GetRoleCredentials: real credentials of this endpoint, with the provisioned role ARN and a lifetime', async () => {
  const { accessToken } = await signIn();
  for (const role of Object.values(DEMO.sso.roles)) {
    const out = (await roleCredentials(accessToken, role)).roleCredentials!;
    assert.match(out.accessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(out.expiration, aws.state.issuedCredentials().at(-1)?.expiresAt);
    assert.ok(Math.abs(out.expiration! - (aws.state.now() + 3600_000)) < 2_000);
    const sts = stsWith({ accessKeyId: out.accessKeyId!, secretAccessKey: out.secretAccessKey!, sessionToken: out.sessionToken! });
    const who = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, role.sessionArn);
    assert.equal(who.Account, role.accountId);
    assert.match(who.UserId!, /^AROA[A-Z2-7]{17}:carol@example\.com$/);
    sts.destroy();
  }
  const issued = aws.state.issuedCredentials().at(-1)!;
  assert.equal(issued.issuedBy, 'GetRoleCredentials');
  assert.equal(issued.identity.principalArn, DEMO.sso.roles.auditReadOnly.roleArn);
  aws.state.credentialLifetimeSeconds = 60;
  const short = (await roleCredentials(accessToken)).roleCredentials!;
  assert.ok(Math.abs(short.expiration! - (aws.state.now() + 60_000)) < 2_000);
});

test('an unassigned permission set → ForbiddenException; an unknown account → ResourceNotFoundException', async () => {
  const { accessToken } = await signIn();
  const forbidden = await rejectsWith(roleCredentials(accessToken, DEMO.sso.unassigned), 'ForbiddenException', /^No access: carol@example\.com is not assigned the permission set AdministratorAccess in account 111111111111\.$/);
  assert.equal(statusOf(forbidden), 403);
  await rejectsWith(roleCredentials(accessToken, { accountId: '999999999999', roleName: 'ReadOnly' }), 'ForbiddenException');
  await rejectsWith(portal.send(new ListAccountRolesCommand({ accessToken, accountId: '999999999999' })), 'ResourceNotFoundException', /999999999999/);
});

test('role chaining: the Prod AdministratorAccess session may assume AuditReadOnly; a ReadOnly session may not', async () => {
  const { accessToken } = await signIn();
  const fromSso = async (role: { accountId: string; roleName: string }) => {
    const c = (await roleCredentials(accessToken, role)).roleCredentials!;
    return stsWith({ accessKeyId: c.accessKeyId!, secretAccessKey: c.secretAccessKey!, sessionToken: c.sessionToken! });
  };
  const admin = await fromSso(DEMO.sso.roles.prodAdmin);
  const out = await admin.send(new AssumeRoleCommand({ RoleArn: DEMO.chainedRoleArn, RoleSessionName: 'chained' }));
  assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::333333333333:assumed-role/AuditReadOnly/chained');
  await rejectsWith((await fromSso(DEMO.sso.roles.prodReadOnly)).send(new AssumeRoleCommand({ RoleArn: DEMO.chainedRoleArn, RoleSessionName: 'x1' })), 'AccessDenied');
  await rejectsWith(admin.send(new AssumeRoleCommand({ RoleArn: DEMO.sso.roles.devReadOnly.roleArn, RoleSessionName: 'x1' })), 'AccessDenied');
});

test(`ListAccounts and ListAccountRoles paginate: ${GENERATED_ACCOUNTS + 3} accounts, each exactly once`, async () => {
  const { accessToken } = await signIn();
  const ids: string[] = [];
  let pages = 0;
  for await (const page of paginateListAccounts({ client: portal, pageSize: 100 }, { accessToken })) {
    pages++;
    ids.push(...page.accountList!.map((a) => a.accountId!));
  }
  assert.equal(pages, Math.ceil((GENERATED_ACCOUNTS + 3) / 100));
  assert.equal(ids.length, GENERATED_ACCOUNTS + 3);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(ids.slice(0, 4), [DEMO.devAccountId, DEMO.prodAccountId, DEMO.auditAccountId, '400000000001']);

  const firstPage = await portal.send(new ListAccountsCommand({ accessToken }));
  assert.equal(firstPage.accountList?.length, 20);
  assert.deepEqual(firstPage.accountList?.[0], DEMO.sso.accounts.dev);
  await rejectsWith(portal.send(new ListAccountsCommand({ accessToken, maxResults: 101 })), 'InvalidRequestException', /from 1 to 100/);
  await rejectsWith(portal.send(new ListAccountsCommand({ accessToken, nextToken: 'bogus' })), 'InvalidRequestException', /nextToken/);

  const roles: string[] = [];
  for await (const page of paginateListAccountRoles({ client: portal, pageSize: 1 }, { accessToken, accountId: '400000000003' })) {
    assert.ok(page.roleList!.length <= 1);
    roles.push(...page.roleList!.map((r) => `${r.accountId}/${r.roleName}`));
  }
  assert.deepEqual(roles, ['400000000003/ReadOnly', '400000000003/PowerUserAccess', '400000000003/AdministratorAccess']);
  const prod = await portal.send(new ListAccountRolesCommand({ accessToken, accountId: DEMO.prodAccountId }));
  assert.deepEqual(prod.roleList?.map((r) => r.roleName), ['ReadOnly', 'AdministratorAccess']);
  assert.equal(prod.nextToken, undefined);
});

test('TooManyRequestsException is retried by the SDK; the call counter sees every attempt', async () => {
  const { accessToken } = await signIn();
  aws.state.faults.enqueue({ code: 'TooManyRequestsException', action: 'ListAccounts' });
  const out = await portal.send(new ListAccountsCommand({ accessToken, maxResults: 1 }));
  assert.equal(out.$metadata.attempts, 2);
  assert.equal(aws.state.callCount('ListAccounts'), 2);
  aws.state.faults.enqueue({ code: 'TooManyRequestsException', action: 'GetRoleCredentials', times: 5 });
  const throttled = new SSOClient({ endpoint: aws.url, region: DEMO.sso.region, maxAttempts: 1 });
  await rejectsWith(throttled.send(new GetRoleCredentialsCommand({ accessToken, ...DEMO.sso.roles.devReadOnly })), 'TooManyRequestsException');
  throttled.destroy();
});

test('the error shapes the SDK parses: x-amzn-ErrorType plus {error, error_description} (OIDC) or {message} (portal)', async () => {
  const client = await deviceClient();
  const token = await fetch(`${aws.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: GRANT.deviceCode, deviceCode: 'unknown' }),
  });
  assert.equal(token.status, 400);
  assert.equal(token.headers.get('x-amzn-errortype'), 'InvalidGrantException');
  assert.deepEqual(await token.json(), { error: 'invalid_grant', error_description: 'The device code is not valid for this client.' });
  const accounts = await fetch(`${aws.url}/assignment/accounts`);
  assert.equal(accounts.status, 401);
  assert.equal(accounts.headers.get('x-amzn-errortype'), 'UnauthorizedException');
  assert.deepEqual(await accounts.json(), { message: 'Session token not found or invalid: the request has no access token (header x-amz-sso_bearer_token).' });
  const logout = await fetch(`${aws.url}/logout`, { method: 'POST', headers: { 'x-amz-sso_bearer_token': (await signIn()).accessToken } });
  assert.equal(logout.status, 200);
  assert.equal(await logout.text(), '');
});

test('helpers: issuedTokens and issuedSecrets list what was handed out; revokeAll and expireAccessTokens', async () => {
  const { client, accessToken, refreshToken } = await signIn();
  const mine = aws.state.sso.issuedTokens().filter((t) => t.clientId === client.clientId);
  assert.deepEqual(
    mine.map((t) => [t.kind, t.value, t.valid, t.userName, t.startUrl]),
    [
      ['accessToken', accessToken, true, DEMO.sso.userName, DEMO.sso.startUrl],
      ['refreshToken', refreshToken, true, DEMO.sso.userName, DEMO.sso.startUrl],
    ],
  );
  const secrets = aws.state.sso.issuedSecrets();
  for (const secret of [client.clientSecret!, accessToken, refreshToken!]) assert.ok(secrets.includes(secret));

  aws.state.sso.expireAccessTokens();
  await rejectsWith(roleCredentials(accessToken), 'UnauthorizedException', /expired/);
  const refreshed = await exchange(client, { grantType: GRANT.refreshToken, refreshToken: refreshToken! });
  assert.ok((await roleCredentials(refreshed.accessToken!)).roleCredentials);

  aws.state.sso.revokeAll();
  await rejectsWith(roleCredentials(refreshed.accessToken!), 'UnauthorizedException', /revoked/);
  assert.ok(aws.state.sso.issuedTokens().every((t) => !t.valid));
  assert.ok(aws.state.sso.registeredClients().some((c) => c.clientId === client.clientId && !('clientSecret' in c)));
});
