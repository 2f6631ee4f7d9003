// issue 24: the fake Sign-In service's rules, over HTTP (the extension's own sign-in code is the client).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, demoScenario, startLocalAws, type LocalAws } from './index';
import { dpopProof } from '../../../src/core/login/loginToken';
import { finishSignIn, startSignIn, type PendingSignIn } from '../../../src/aws/login/loginSignIn';

let aws: LocalAws;
before(async () => {
  aws = await startLocalAws({ scenario: demoScenario() });
});
after(() => aws.close());

/** The browser's part: the page, the form, the redirect's code and state. */
async function code(pending: PendingSignIn): Promise<{ code: string; state: string }> {
  const form = new URLSearchParams(new URL(pending.url).searchParams);
  form.set('user', DEMO.alice.arn);
  form.set('password', 'pw');
  const posted = await fetch(`${aws.url}/v1/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const location = new URL(posted.headers.get('location')!);
  return { code: location.searchParams.get('code')!, state: location.searchParams.get('state')! };
}

test('issue 24: the sign-in page lists the IAM users and refuses a request without PKCE or with a redirect that is not loopback', async () => {
  const pending = startSignIn(aws.url, 'http://127.0.0.1:9/oauth/callback');
  const page = await (await fetch(pending.url)).text();
  assert.ok(page.includes(DEMO.alice.arn) && page.includes('id="signin"'));
  const noPkce = new URL(pending.url);
  noPkce.searchParams.delete('code_challenge');
  assert.equal((await fetch(noPkce)).status, 400);
  const elsewhere = new URL(pending.url);
  elsewhere.searchParams.set('redirect_uri', 'https://evil.example/cb');
  assert.match(await (await fetch(elsewhere)).text(), /loopback address only/);
});

test('issue 24: a code is used once, within 5 minutes, with its verifier; a token call needs a DPoP proof for its URL', async () => {
  const pending = startSignIn(aws.url, 'http://127.0.0.1:9/oauth/callback');
  const got = await code(pending);
  await assert.rejects(finishSignIn(aws.url, { ...pending, verifier: 'x'.repeat(64) }, got, aws.state.now()), /codeVerifier does not match/);
  await assert.rejects(finishSignIn(aws.url, pending, got, aws.state.now()), /not valid/, 'a code is spent by its first use, right or wrong');
  const late = startSignIn(aws.url, 'http://127.0.0.1:9/oauth/callback');
  const lateCode = await code(late);
  aws.state.advanceTime(5 * 60_000 + 1000);
  await assert.rejects(finishSignIn(aws.url, late, lateCode, aws.state.now()), /expired/);
  const body = JSON.stringify({ clientId: pending.clientId, grantType: 'refresh_token', refreshToken: 'x' });
  const noProof = await fetch(`${aws.url}/v1/token`, { method: 'POST', body });
  assert.equal(noProof.status, 400);
  assert.equal(noProof.headers.get('x-amzn-errortype'), 'ValidationException');
  const wrongUrl = await fetch(`${aws.url}/v1/token`, { method: 'POST', body, headers: { DPoP: dpopProof(pending.dpopKey, 'POST', 'https://elsewhere/v1/token', aws.state.now()) } });
  assert.match(((await wrongUrl.json()) as { message: string }).message, /not POST http:\/\/127\.0\.0\.1:\d+\/v1\/token/);
  const unknown = await fetch(`${aws.url}/v1/token`, { method: 'POST', body, headers: { DPoP: dpopProof(pending.dpopKey, 'POST', `${aws.url}/v1/token`, aws.state.now()) } });
  assert.deepEqual(await unknown.json(), { error: 'TOKEN_EXPIRED', message: 'The refresh token is not valid. Sign in again.' });
  assert.equal(unknown.headers.get('x-amzn-errortype'), 'AccessDeniedException');
});
