// issue 24: aws login profiles through the engine, over real HTTP against the local fake AWS: its
// Sign-In service (browser page, token endpoint with DPoP, 15-minute credentials, 12-hour limit)
// and its STS, which verifies every SigV4 signature.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { DEMO, demoScenario, startLocalAws, type LocalAws } from '../../test/support/localAws';
import { CapturingLogger, MemorySecretStore, MemoryStateStore, profilesOf } from '../../test/support/credentialFakes';
import { userErrorOf } from '../../test/support/userErrors';
import { loginCacheFileName } from '../core/login/loginToken';
import { existsSync } from 'node:fs';
import { forgetSignIn, keepSignIn, loginCacheFile, loginSecretKey, writeLoginCacheFile } from '../aws/login/loginCredentials';
import { finishSignIn, listenForCode, parsePastedCode, startSignIn } from '../aws/login/loginSignIn';
import { CredentialEngine } from './credentialEngine';

let aws: LocalAws;
let home: string;
let cache: string;

const config = () => `[profile dev]
login_session = ${DEMO.alice.arn}
region = us-east-1
[profile prod]
role_arn = ${DEMO.powerUserRoleArn}
source_profile = dev
[profile nobody]
login_session = arn:aws:iam::111111111111:user/nobody
`;

before(async () => {
  aws = await startLocalAws({ scenario: demoScenario() });
  home = mkdtempSync(join(tmpdir(), 'aws-profiles-login-'));
  cache = join(home, 'login-cache');
});

after(async () => {
  await aws.close();
  rmSync(home, { recursive: true, force: true });
});

beforeEach(() => {
  aws.state.faults.clear();
  aws.state.faults.resetCallCounts();
  rmSync(cache, { recursive: true, force: true });
});

const env = () => ({ AWS_ENDPOINT_URL_STS: aws.url, AWS_ENDPOINT_URL_SIGNIN: aws.url, AWS_LOGIN_CACHE_DIRECTORY: cache, HOME: home });

function engine(secrets = new MemorySecretStore()) {
  const logger = new CapturingLogger();
  const profiles = profilesOf(config());
  const e = new CredentialEngine({
    profiles: () => profiles,
    env: env(),
    secrets,
    state: new MemoryStateStore(),
    clock: { now: () => aws.state.now() },
    logger,
    mfaPrompt: async () => DEMO.alice.mfaCode,
  });
  return { engine: e, logger };
}

/** What a browser does on the fake's page: opens the URL, signs in as alice, follows the redirect to the loopback listener. */
async function browserSignIn(url: string, user = DEMO.alice.arn): Promise<string | null> {
  const page = await fetch(url);
  assert.equal(page.status, 200, await page.clone().text());
  const form = new URLSearchParams(new URL(url).searchParams);
  form.set('user', user);
  form.set('password', 'console-password');
  const posted = await fetch(`${aws.url}/v1/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  assert.equal(posted.status, 302);
  const location = posted.headers.get('location')!;
  await fetch(location);
  return location;
}

/** A sign-in as `aws login` makes it: the browser flow, then the token written to the login cache. */
async function cliSignIn(): Promise<string> {
  const listener = await listenForCode();
  try {
    const pending = startSignIn(aws.url, listener.redirectUri);
    await browserSignIn(pending.url);
    const { session, token } = await finishSignIn(aws.url, pending, await listener.code, aws.state.now());
    assert.equal(session, DEMO.alice.arn);
    const file = loginCacheFile(session, env(), home);
    await writeLoginCacheFile(file, token);
    return file;
  } finally {
    listener.close();
  }
}

test('issue 24: a browser sign-in with PKCE and a loopback redirect gives the token in the CLI\'s format, under the SHA-256 of the session, readable by its owner only', async () => {
  const file = await cliSignIn();
  assert.equal(file, join(cache, loginCacheFileName(DEMO.alice.arn)));
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const token = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(Object.keys(token).sort(), ['accessToken', 'clientId', 'dpopKey', 'idToken', 'refreshToken', 'tokenType']);
  assert.deepEqual(Object.keys(token.accessToken).sort(), ['accessKeyId', 'accountId', 'expiresAt', 'secretAccessKey', 'sessionToken']);
  assert.equal(token.accessToken.accountId, DEMO.devAccountId);
  assert.match(token.accessToken.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const lifetime = Date.parse(token.accessToken.expiresAt) - aws.state.now();
  assert.ok(lifetime > 898_000 && lifetime <= 900_000, `15 minutes (${lifetime} ms)`);
  assert.equal(token.clientId, 'arn:aws:signin:::devtools/same-device');
  assert.match(token.dpopKey, /^-----BEGIN EC PRIVATE KEY-----\n/);
});

test('issue 24: a login_session profile acts as the signed-in user, and a role whose source_profile it is chains on it (real STS, signatures checked)', async () => {
  await cliSignIn();
  const { engine: e } = engine();
  assert.equal((await e.callerIdentity('dev')).arn, DEMO.alice.arn);
  const prod = await e.get('prod');
  assert.match(prod.identity!.arn, /assumed-role\/CrossAccountPowerUser\//);
  assert.equal(aws.state.callCount('CreateOAuth2Token'), 1, 'the sign-in only: the cached credentials are used while fresh');
  e.dispose();
});

test('issue 24: credentials with less than 5 minutes left are refreshed through the Sign-In service with the sign-in\'s DPoP key, and the cache file follows (new refresh token, every other field kept)', async () => {
  const file = await cliSignIn();
  const before = JSON.parse(readFileSync(file, 'utf8'));
  aws.state.advanceTime(11 * 60_000);
  const { engine: e, logger } = engine();
  const held = await e.get('dev');
  assert.equal(aws.state.callCount('CreateOAuth2Token'), 2);
  const afterRefresh = JSON.parse(readFileSync(file, 'utf8'));
  assert.notEqual(afterRefresh.refreshToken, before.refreshToken);
  assert.notEqual(afterRefresh.accessToken.accessKeyId, before.accessToken.accessKeyId);
  assert.equal(held.credentials.accessKeyId, afterRefresh.accessToken.accessKeyId);
  assert.equal(afterRefresh.dpopKey, before.dpopKey);
  assert.equal(afterRefresh.idToken, before.idToken);
  assert.equal(afterRefresh.accessToken.accountId, before.accessToken.accountId);
  assert.equal((await e.callerIdentity('dev')).arn, DEMO.alice.arn);
  assert.ok(logger.lines.some((l) => /Refreshed the aws login session arn:aws:iam::111111111111:user\/alice \(profile "dev"\)/.test(l)));
  assert.ok(!logger.lines.join('\n').includes(afterRefresh.refreshToken) && !logger.lines.join('\n').includes(afterRefresh.accessToken.secretAccessKey), 'no secret in the log');
  e.dispose();
});

test('issue 24: after 12 hours the Sign-In service ends the sign-in (TOKEN_EXPIRED) and the profile and its roles say to sign in again', async () => {
  await cliSignIn();
  aws.state.advanceTime(12 * 3600_000 + 1000);
  const { engine: e } = engine();
  const error = await userErrorOf(e.get('prod'));
  assert.equal(error.code, 'login.expired');
  assert.match(error.message, /has ended \(a sign-in lasts 12 hours at most\)\. Sign in again: "AWS Profiles: Sign In with Console Credentials…" or `aws login --profile dev`\./);
  e.dispose();
});

test('issue 24: a refresh token is used once, and a refresh signed with another key is refused', async () => {
  const file = await cliSignIn();
  const token = JSON.parse(readFileSync(file, 'utf8'));
  aws.state.advanceTime(11 * 60_000);
  const { engine: e } = engine();
  await e.get('dev');
  await writeLoginCacheFile(file, token); // the old refresh token back
  aws.state.advanceTime(11 * 60_000);
  const { engine: e2 } = engine();
  assert.equal((await userErrorOf(e2.get('dev'))).code, 'login.expired');
  e.dispose();
  e2.dispose();
  await cliSignIn();
  aws.state.advanceTime(11 * 60_000);
  const other = startSignIn(aws.url, null);
  await writeLoginCacheFile(file, { ...JSON.parse(readFileSync(file, 'utf8')), dpopKey: other.dpopKey });
  const { engine: e3 } = engine();
  const refused = await userErrorOf(e3.get('dev'));
  assert.equal(refused.code, 'login.failed');
  assert.match(refused.message, /not signed by the key this sign-in is bound to/);
  e3.dispose();
});

test('issue 24: a profile whose session is not signed in says where it looked and how to sign in', async () => {
  const { engine: e } = engine();
  const error = await userErrorOf(e.get('nobody'));
  assert.equal(error.code, 'login.notSignedIn');
  assert.ok(error.message.includes(cache));
  assert.match(error.message, /`aws login --profile nobody`/);
  e.dispose();
});

test('issue 24: the remote sign-in (a browser on another machine) shows a code to paste, which finishes the sign-in', async () => {
  const pending = startSignIn(aws.url, null);
  assert.ok(pending.url.includes(encodeURIComponent(`${aws.url}/v1/sessions/confirmation`)));
  const location = await browserSignIn(pending.url);
  const page = await (await fetch(location!)).text();
  const pasted = /<code id="verification-code">([^<]+)<\/code>/.exec(page)![1];
  const { session, token } = await finishSignIn(aws.url, pending, parsePastedCode(pasted)!, aws.state.now());
  assert.equal(session, DEMO.alice.arn);
  assert.equal(token.clientId, 'arn:aws:signin:::devtools/cross-device');
  await assert.rejects(finishSignIn(aws.url, pending, { ...parsePastedCode(pasted)!, state: 'forged' }, aws.state.now()), /another state/);
});

test('issue 24: a sign-in made in VS Code is kept in the secret storage only (no file) unless awsProfiles.login.writeCliCache; it is refreshed there; signing out forgets it and deletes the login cache file, as aws logout does', async () => {
  const secrets = new MemorySecretStore();
  const listener = await listenForCode();
  const pending = startSignIn(aws.url, listener.redirectUri);
  await browserSignIn(pending.url);
  const { session, token } = await finishSignIn(aws.url, pending, await listener.code, aws.state.now());
  listener.close();
  assert.equal(await keepSignIn(secrets, session, token, false, env(), home), undefined);
  assert.equal(existsSync(loginCacheFile(session, env(), home)), false, 'no plaintext refresh token on disk by default');
  const { engine: e } = engine(secrets);
  assert.equal((await e.callerIdentity('prod')).account, DEMO.prodAccountId);
  aws.state.advanceTime(11 * 60_000);
  await e.get('dev', { forceRefresh: true });
  const refreshed = JSON.parse((await secrets.get(loginSecretKey(session)))!);
  assert.notEqual(refreshed.refreshToken, token.refreshToken, 'the refreshed sign-in is kept in the secret storage');
  assert.equal(existsSync(loginCacheFile(session, env(), home)), false);
  e.dispose();
  const file = await keepSignIn(secrets, session, refreshed, true, env(), home);
  assert.equal(file, loginCacheFile(session, env(), home));
  assert.equal(JSON.parse(readFileSync(file!, 'utf8')).refreshToken, refreshed.refreshToken);
  assert.deepEqual(await forgetSignIn(secrets, session, env(), home), { kept: true, file });
  assert.equal(await secrets.get(loginSecretKey(session)), undefined);
  assert.equal(existsSync(file!), false);
  const { engine: after } = engine(secrets);
  await after.clear('dev'); // as the command does for every profile on the session
  assert.equal((await userErrorOf(after.get('dev'))).code, 'login.notSignedIn');
  after.dispose();
});
