import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { UserError } from '../common/errors';
import {
  accountOfArn,
  applyRefresh,
  checkTokenOutput,
  dpopProof,
  jwtSubject,
  loginCacheFileName,
  loginNeedsRefresh,
  parseLoginToken,
  refreshRequestBody,
  signinRegionalEndpoint,
  type LoginToken,
} from './loginToken';

const KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString();
const SESSION = 'arn:aws:iam::111111111111:user/bjwagner';

function token(expiresAt = '2026-12-06T19:15:00Z'): LoginToken {
  return {
    accessToken: { accessKeyId: 'ASIAOLD', secretAccessKey: 'old-secret', sessionToken: 'old-token', accountId: '111111111111', expiresAt },
    tokenType: 'aws_sigv4',
    clientId: 'arn:aws:signin:::devtools/same-device',
    refreshToken: 'old-refresh',
    idToken: 'a.b.c',
    dpopKey: KEY,
    futureField: { kept: true },
  };
}

test('issue 24: the login cache file of a session is the SHA-256 of its login_session, as botocore and the JS SDK name it', () => {
  assert.equal(loginCacheFileName('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.json');
  assert.notEqual(loginCacheFileName(SESSION), loginCacheFileName(`${SESSION} `));
});

test('issue 24: a cache file is read with every field the SDKs require, and one lacking a field is refused naming the file and what is missing', () => {
  const t = parseLoginToken(JSON.stringify(token()), '/h/.aws/login/cache/x.json');
  assert.equal(t.accessToken.accountId, '111111111111');
  const broken = token() as unknown as Record<string, unknown>;
  delete broken.dpopKey;
  (broken.accessToken as Record<string, unknown>).accountId = '';
  assert.throws(
    () => parseLoginToken(JSON.stringify(broken), '/h/.aws/login/cache/x.json'),
    (e: unknown) => e instanceof UserError && /x\.json/.test(e.message) && /dpopKey/.test(e.message) && /accessToken\.accountId/.test(e.message) && !e.message.includes('old-secret'),
  );
  assert.throws(() => parseLoginToken('{', 'f.json'), (e: unknown) => e instanceof UserError && e.code === 'login.cacheInvalid');
});

test('issue 24: credentials are refreshed when less than 5 minutes are left, as the SDKs do', () => {
  const t = token('2026-12-06T19:15:00Z');
  const at = Date.parse('2026-12-06T19:15:00Z');
  assert.equal(loginNeedsRefresh(t, at - 5 * 60_000 - 1000), false);
  assert.equal(loginNeedsRefresh(t, at - 5 * 60_000), true);
  assert.equal(loginNeedsRefresh(t, at + 1), true);
});

test('issue 24: a refresh sends the client and the refresh token, and its answer replaces the credentials and the refresh token only', () => {
  assert.deepEqual(refreshRequestBody(token()), { clientId: 'arn:aws:signin:::devtools/same-device', grantType: 'refresh_token', refreshToken: 'old-refresh' });
  const out = checkTokenOutput({ accessToken: { accessKeyId: 'ASIANEW', secretAccessKey: 'new-secret', sessionToken: 'new-token' }, tokenType: 'aws_sigv4', expiresIn: 900, refreshToken: 'new-refresh' });
  const now = Date.parse('2026-12-06T19:00:00.400Z');
  const next = applyRefresh(token(), out, now);
  assert.deepEqual(next.accessToken, { accessKeyId: 'ASIANEW', secretAccessKey: 'new-secret', sessionToken: 'new-token', accountId: '111111111111', expiresAt: '2026-12-06T19:15:00Z' });
  assert.equal(next.refreshToken, 'new-refresh');
  assert.equal(next.dpopKey, KEY);
  assert.deepEqual(next.futureField, { kept: true });
  assert.throws(() => checkTokenOutput({ accessToken: { accessKeyId: 'A' } }), (e: unknown) => e instanceof UserError && e.code === 'login.badAnswer');
});

test('issue 24: the DPoP proof is an ES256 JWT over the method, URL, time and a fresh id, signed by the sign-in key whose public half it carries', () => {
  const proof = dpopProof(KEY, 'POST', 'https://us-east-1.signin.aws.amazon.com/v1/token', Date.parse('2026-12-06T19:00:00Z'), 'id-1');
  const [h, p, s] = proof.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  assert.deepEqual(Object.keys(header.jwk).sort(), ['crv', 'kty', 'x', 'y']);
  assert.equal(header.typ, 'dpop+jwt');
  assert.equal(header.alg, 'ES256');
  assert.deepEqual(JSON.parse(Buffer.from(p, 'base64url').toString()), { htm: 'POST', htu: 'https://us-east-1.signin.aws.amazon.com/v1/token', iat: Date.parse('2026-12-06T19:00:00Z') / 1000, jti: 'id-1' });
  const signature = Buffer.from(s, 'base64url');
  assert.equal(signature.length, 64);
  const publicKey = createPublicKey({ key: header.jwk, format: 'jwk' });
  assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature));
  assert.notEqual(dpopProof(KEY, 'POST', 'u', 0).split('.')[1], dpopProof(KEY, 'POST', 'u', 0).split('.')[1]);
});

test('issue 24: the session an id token names, its account, and the Sign-In endpoint of each partition', () => {
  const jwt = `x.${Buffer.from(JSON.stringify({ sub: SESSION })).toString('base64url')}.y`;
  assert.equal(jwtSubject(jwt), SESSION);
  assert.equal(jwtSubject('nope'), undefined);
  assert.equal(accountOfArn(SESSION), '111111111111');
  assert.equal(accountOfArn('arn:aws:iam::root'), undefined);
  assert.equal(signinRegionalEndpoint('eu-west-1'), 'https://eu-west-1.signin.aws.amazon.com');
  assert.equal(signinRegionalEndpoint('cn-north-1'), 'https://cn-north-1.signin.amazonaws.cn');
  assert.equal(signinRegionalEndpoint('us-gov-west-1'), 'https://us-gov-west-1.signin.amazonaws-us-gov.com');
});
