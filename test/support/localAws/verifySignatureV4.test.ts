import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { test } from 'node:test';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsError } from './AwsError';
import { type SignedRequest, SigningKeyCache, parseAuthorization, toAmzDate, verifySignature } from './verifySignatureV4';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const HOST = '127.0.0.1:4599';

class Sha256 {
  private readonly hash;
  constructor(secret?: unknown) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret as string | Buffer);
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

interface Shape {
  readonly method?: string;
  readonly path?: string;
  readonly query?: Record<string, string | string[]>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** Signs with the SDK's own signer, then returns the request as the server would see it on the wire. */
async function signWithSdk(shape: Shape, options: { signedAt?: number; secret?: string; service?: string; unsignable?: string[] } = {}) {
  const signer = new SignatureV4({
    credentials: { ...CREDENTIALS, secretAccessKey: options.secret ?? CREDENTIALS.secretAccessKey },
    region: 'us-east-1',
    service: options.service ?? 'sts',
    sha256: Sha256,
  });
  const headers = { host: HOST, 'content-type': 'application/x-www-form-urlencoded', ...shape.headers };
  const signed = await signer.sign(
    { method: shape.method ?? 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4599, path: shape.path ?? '/', query: shape.query ?? {}, headers, body: shape.body ?? '' },
    { signingDate: new Date(options.signedAt ?? NOW), unsignableHeaders: new Set(options.unsignable ?? []) },
  );
  const rawHeaders = Object.entries(signed.headers).flatMap(([k, v]) => [k, String(v)]);
  const query = Object.entries(shape.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`))
    .join('&');
  const request: SignedRequest = { method: shape.method ?? 'POST', path: shape.path ?? '/', query, rawHeaders, body: Buffer.from(shape.body ?? '') };
  return { request, authorization: String(signed.headers.authorization) };
}

function verify(request: SignedRequest, authorization: string, overrides: { now?: number; service?: string } = {}): void {
  const claim = parseAuthorization(authorization)!;
  verifySignature(request, claim, CREDENTIALS.secretAccessKey, overrides.service ?? 'sts', overrides.now ?? NOW, new SigningKeyCache());
}

function rejects(fn: () => void, code: string, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AwsError, `expected AwsError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });
}

const ACCEPTED: Record<string, Shape> = {
  'an STS form body': { body: 'Action=GetCallerIdentity&Version=2011-06-15' },
  'a body with encoded characters': { body: 'Action=AssumeRole&RoleSessionName=a%2Bb%40c&Version=2011-06-15' },
  'a GET with a query to sort and encode': { method: 'GET', query: { b: 'x y', a: ['2', '1'], 'c~': "!'()*" }, body: '' },
  'a path with segments': { path: '/some/path-with_chars.~', body: 'x=1' },
  'extra headers with runs of spaces': { headers: { 'x-amz-meta-note': '  a   b  ', 'x-custom': 'one' }, body: 'x=1' },
  'a session token': { headers: { 'x-amz-security-token': 'FwoGZXIvYXdzE+token/with=chars' }, body: 'x=1' },
};

for (const [name, shape] of Object.entries(ACCEPTED)) {
  test(`accepts what the SDK signs: ${name}`, async () => {
    const { request, authorization } = await signWithSdk(shape);
    verify(request, authorization);
  });
}

test('accepts signing times within 15 minutes either side of the server clock', async () => {
  for (const offset of [-14 * 60_000, 14 * 60_000]) {
    const { request, authorization } = await signWithSdk({ body: 'x=1' }, { signedAt: NOW + offset });
    verify(request, authorization);
  }
});

test('repeated headers are joined with commas in the canonical request', async () => {
  const { request, authorization } = await signWithSdk({ headers: { 'x-multi': 'a,b' }, body: 'x=1' });
  const split = [...request.rawHeaders.filter((_, i, all) => all[i - (i % 2)] !== 'x-multi'), 'x-multi', 'a', 'X-Multi', 'b'];
  verify({ ...request, rawHeaders: split }, authorization);
});

test('rejects a wrong secret', async () => {
  const { request, authorization } = await signWithSdk({ body: 'x=1' }, { secret: 'not-the-secret' });
  rejects(() => verify(request, authorization), 'SignatureDoesNotMatch', /does not match/);
});

test('rejects a tampered body, query, path, method or signed header', async () => {
  const { request, authorization } = await signWithSdk({ method: 'POST', query: { a: '1' }, body: 'RoleSessionName=alice' });
  const tampered: SignedRequest[] = [
    { ...request, body: Buffer.from('RoleSessionName=mallory') },
    { ...request, query: 'a=2' },
    { ...request, path: '/other' },
    { ...request, method: 'PUT' },
    { ...request, rawHeaders: request.rawHeaders.map((v, i, all) => (all[i - 1] === 'content-type' ? 'text/plain' : v)) },
  ];
  for (const t of tampered) rejects(() => verify(t, authorization), 'SignatureDoesNotMatch');
});

test('rejects a request whose signed header was removed after signing', async () => {
  const { request, authorization } = await signWithSdk({ headers: { 'x-custom': 'one' }, body: 'x=1' });
  const rawHeaders = request.rawHeaders.filter((_, i, all) => all[i - (i % 2)] !== 'x-custom');
  rejects(() => verify({ ...request, rawHeaders }, authorization), 'SignatureDoesNotMatch');
});

test('ignores headers added after signing that the signature does not cover', async () => {
  const { request, authorization } = await signWithSdk({ body: 'x=1' });
  verify({ ...request, rawHeaders: [...request.rawHeaders, 'User-Agent', 'proxy/1.0'] }, authorization);
});

test('requires host and x-amz-date to be signed', async () => {
  const noHost = await signWithSdk({ body: 'x=1' }, { unsignable: ['host'] });
  rejects(() => parseAuthorization(noHost.authorization), 'IncompleteSignature', /Host/);
  const noDate = await signWithSdk({ body: 'x=1' }, { unsignable: ['x-amz-date'] });
  rejects(() => verify(noDate.request, noDate.authorization), 'IncompleteSignature', /X-Amz-Date/);
});

test('rejects signatures older or newer than 15 minutes with the messages AWS uses', async () => {
  const old = await signWithSdk({ body: 'x=1' }, { signedAt: NOW - 16 * 60_000 });
  rejects(() => verify(old.request, old.authorization), 'SignatureDoesNotMatch', /^Signature expired: 20260115T114400Z is now earlier than 20260115T114500Z \(20260115T120000Z - 15 min\.\)$/);
  const future = await signWithSdk({ body: 'x=1' }, { signedAt: NOW + 16 * 60_000 });
  rejects(() => verify(future.request, future.authorization), 'SignatureDoesNotMatch', /^Signature not yet current/);
});

test('rejects a scope for another service', async () => {
  const { request, authorization } = await signWithSdk({ body: 'x=1' }, { service: 'ec2' });
  rejects(() => verify(request, authorization), 'SignatureDoesNotMatch', /scoped to correct service: 'sts'/);
});

test('rejects a scope date that differs from X-Amz-Date', async () => {
  const { request, authorization } = await signWithSdk({ body: 'x=1' });
  rejects(() => verify(request, authorization.replace('/20260115/', '/20260114/')), 'SignatureDoesNotMatch', /Date in Credential scope/);
});

test('parses or rejects Authorization headers', () => {
  assert.equal(parseAuthorization(undefined), undefined);
  assert.equal(parseAuthorization(''), undefined);
  const good = `AWS4-HMAC-SHA256 Credential=AKID/20260115/eu-west-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`;
  assert.deepEqual(parseAuthorization(good), {
    accessKeyId: 'AKID',
    scopeDate: '20260115',
    region: 'eu-west-1',
    service: 'ec2',
    signedHeaders: ['host', 'x-amz-date'],
    signature: 'a'.repeat(64),
  });
  const bad = [
    'AWS AKID:signature',
    'AWS4-HMAC-SHA256 SignedHeaders=host, Signature=' + 'a'.repeat(64),
    `AWS4-HMAC-SHA256 Credential=AKID/20260115/eu-west-1/ec2, SignedHeaders=host, Signature=${'a'.repeat(64)}`,
    `AWS4-HMAC-SHA256 Credential=AKID/20260115/eu-west-1/ec2/aws4_request, SignedHeaders=host, Signature=xyz`,
  ];
  for (const header of bad) rejects(() => parseAuthorization(header), 'IncompleteSignature');
});

test('formats SigV4 dates', () => {
  assert.equal(toAmzDate(NOW), '20260115T120000Z');
});
