import assert from 'node:assert/strict';
import { timingSafeEqual } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, test } from 'node:test';
import type { CredentialService, GetCredentialsOptions, HeldCredentials } from '../core/credentials';
import { NeedsHumanError, UserError } from '../core/errors';
import type { Logger } from '../core/logger';
import { CredentialEndpoint, ENDPOINT_MIN_LIFETIME_MS, ENDPOINT_PATH } from './credentialEndpoint';

const NOW = Date.UTC(2026, 0, 2, 3, 0, 0);
const clock = { now: () => NOW };

/** A credentials engine that hands out fixed credentials per profile and counts calls. */
class FakeCredentials implements Pick<CredentialService, 'get'> {
  readonly calls: { profile: string; options?: GetCredentialsOptions }[] = [];
  failure: Error | undefined;
  async get(profile: string, options?: GetCredentialsOptions): Promise<HeldCredentials> {
    this.calls.push({ profile, options });
    if (this.failure) throw this.failure;
    return {
      profile,
      obtainedAt: NOW,
      expiresAt: NOW + 3_600_000,
      identity: { account: '222222222222', arn: `arn:aws:sts::222222222222:assumed-role/${profile}/s`, userId: 'AROA:s' },
      credentials: {
        accessKeyId: `ASIA${profile.toUpperCase()}`,
        secretAccessKey: `secret-of-${profile}`,
        sessionToken: `session-of-${profile}`,
        expiration: NOW + 3_600_000,
      },
    };
  }
}

/** A logger that keeps every line, to search them for secrets. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function get(url: string, options: { token?: string; method?: string; path?: string; host?: string } = {}): Promise<Reply> {
  const u = new URL(url);
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.Authorization = options.token;
  if (options.host !== undefined) headers.Host = options.host;
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname: u.hostname, port: u.port, path: options.path ?? u.pathname, method: options.method ?? 'GET', headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let endpoint: CredentialEndpoint | undefined;
afterEach(async () => {
  await endpoint?.dispose();
  endpoint = undefined;
});

function start(extra: Partial<ConstructorParameters<typeof CredentialEndpoint>[0]> = {}) {
  const credentials = new FakeCredentials();
  const logger = recordingLogger();
  endpoint = new CredentialEndpoint({ credentials, logger, clock, ...extra });
  return { credentials, logger, endpoint };
}

test('an authorised GET gets the container format with the profile credentials, asked for 15 minutes non-interactively', async () => {
  const { credentials, endpoint } = start();
  const { url, token } = await endpoint.register('prod');
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/aws-profiles\/v1\/credentials$/);
  assert.equal(new URL(url).pathname, ENDPOINT_PATH);
  const r = await get(url, { token });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.deepEqual(JSON.parse(r.body), {
    AccessKeyId: 'ASIAPROD',
    SecretAccessKey: 'secret-of-prod',
    Token: 'session-of-prod',
    Expiration: '2026-01-02T04:00:00Z',
    AccountId: '222222222222',
  });
  assert.deepEqual(credentials.calls, [{ profile: 'prod', options: { minLifetimeMs: ENDPOINT_MIN_LIFETIME_MS, interactive: false } }]);
  assert.equal(ENDPOINT_MIN_LIFETIME_MS, 15 * 60_000);
});

test('long-term keys are answered with an empty token and an expiration an hour ahead (the JS SDK requires both)', async () => {
  const credentials = {
    get: async (profile: string): Promise<HeldCredentials> => ({
      profile,
      obtainedAt: NOW,
      expiresAt: null,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'long-term-secret' },
    }),
  };
  endpoint = new CredentialEndpoint({ credentials, clock });
  const { url, token } = await endpoint.register('default');
  const body = JSON.parse((await get(url, { token })).body);
  assert.equal(body.Token, '');
  assert.equal(body.Expiration, '2026-01-02T04:00:00Z');
});

test('a token is 256 random bits, one per profile, stable within the window', async () => {
  const { endpoint } = start();
  const a = await endpoint.register('prod');
  const b = await endpoint.register('dev');
  const again = await endpoint.register('prod');
  assert.equal(Buffer.from(a.token, 'base64url').length, 32);
  assert.match(a.token, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a.token, b.token);
  assert.equal(again.token, a.token);
  assert.equal(a.url, b.url);
  const other = new CredentialEndpoint({ credentials: new FakeCredentials() });
  try {
    assert.notEqual((await other.register('prod')).token, a.token);
  } finally {
    await other.dispose();
  }
});

test("a terminal's token never yields another profile's credentials", async () => {
  const { credentials, endpoint } = start();
  const prod = await endpoint.register('prod');
  const dev = await endpoint.register('dev');
  assert.equal(JSON.parse((await get(prod.url, { token: prod.token })).body).AccessKeyId, 'ASIAPROD');
  assert.equal(JSON.parse((await get(dev.url, { token: dev.token })).body).AccessKeyId, 'ASIADEV');
  assert.deepEqual(credentials.calls.map((c) => c.profile), ['prod', 'dev']);
});

test('a missing, wrong, truncated, extended or differently cased token gets 403 and nothing of value', async () => {
  const { credentials, endpoint } = start();
  const { url, token } = await endpoint.register('prod');
  const wrong = [undefined, '', 'x', token.slice(0, -1), token + 'A', token.toUpperCase(), `Bearer ${token}`, 'A'.repeat(8000)];
  for (const t of wrong) {
    const r = await get(url, { token: t });
    assert.equal(r.status, 403, `token ${t === undefined ? 'missing' : JSON.stringify(t.slice(0, 12))}`);
    assert.ok(!r.body.includes('ASIA') && !r.body.includes('secret') && !r.body.includes('prod'), r.body);
    assert.deepEqual(JSON.parse(r.body), { code: 'AccessDenied', message: 'Forbidden.', Code: 'AccessDenied', Message: 'Forbidden.' });
  }
  assert.equal(credentials.calls.length, 0, 'the engine is never asked for a refused request');
});

test('a revoked token is refused; registering again gives a new one', async () => {
  const { endpoint } = start();
  const first = await endpoint.register('prod');
  endpoint.revoke('prod');
  assert.equal((await get(first.url, { token: first.token })).status, 403);
  const second = await endpoint.register('prod');
  assert.notEqual(second.token, first.token);
  assert.equal((await get(second.url, { token: second.token })).status, 200);
});

test('slots: the active profile and a terminal of its own hold separate tokens; a slot given another profile gets a new token; revokeProfile revokes them all', async () => {
  const { endpoint } = start();
  const active = await endpoint.register('prod', 'active');
  const own = await endpoint.register('prod', 'terminal-1');
  assert.notEqual(own.token, active.token);
  assert.equal((await endpoint.register('prod', 'active')).token, active.token, 'same slot, same profile: same token');
  endpoint.revoke('active');
  assert.equal((await get(active.url, { token: active.token })).status, 403);
  assert.equal((await get(own.url, { token: own.token })).status, 200, 'the terminal of its own keeps working');

  const dev = await endpoint.register('dev', 'active');
  const switched = await endpoint.register('prod', 'active');
  assert.notEqual(switched.token, dev.token);
  assert.equal((await get(dev.url, { token: dev.token })).status, 403, "the slot's previous profile's token is dead");
  assert.equal(JSON.parse((await get(switched.url, { token: switched.token })).body).AccessKeyId, 'ASIAPROD');

  endpoint.revokeProfile('prod');
  for (const r of [own, switched]) assert.equal((await get(r.url, { token: r.token })).status, 403);
  const other = await endpoint.register('dev', 'terminal-2');
  endpoint.revokeAll();
  assert.equal((await get(other.url, { token: other.token })).status, 403);
});

test('the comparison is timingSafeEqual on two 32-byte digests, against every registration whatever matches', async () => {
  const seen: [number, number][] = [];
  const spy = (a: Buffer, b: Buffer) => {
    seen.push([a.length, b.length]);
    return timingSafeEqual(a, b);
  };
  const { endpoint } = start({ timingSafeEqual: spy });
  const profiles = ['a', 'b', 'c'];
  const tokens = [];
  for (const p of profiles) tokens.push((await endpoint.register(p)).token);
  const url = (await endpoint.register('a')).url;
  for (const t of [tokens[0], tokens[2], 'short', 'x'.repeat(5000), undefined]) {
    seen.length = 0;
    await get(url, { token: t });
    assert.equal(seen.length, profiles.length, 'no early exit on a match');
    assert.ok(seen.every(([x, y]) => x === 32 && y === 32), 'equal-length buffers whatever the header length');
  }
});

test('the Host header must be the loopback address and port (DNS rebinding)', async () => {
  const { credentials, endpoint } = start();
  const { url, token } = await endpoint.register('prod');
  const port = new URL(url).port;
  for (const host of ['evil.example.com', `evil.example.com:${port}`, `localhost:${port}`, '127.0.0.1', `127.0.0.1:${Number(port) + 1}`, `[::1]:${port}`]) {
    const r = await get(url, { token, host });
    assert.equal(r.status, 403, host);
    assert.ok(!r.body.includes('secret'));
  }
  assert.equal(credentials.calls.length, 0);
  assert.equal((await get(url, { token, host: `127.0.0.1:${port}` })).status, 200);
});

test('a request without any Host header is refused', async () => {
  const { endpoint } = start();
  const { url, token } = await endpoint.register('prod');
  const u = new URL(url);
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(u.port), '127.0.0.1', () => {
      socket.write(`GET ${u.pathname} HTTP/1.0\r\nAuthorization: ${token}\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  assert.match(raw, /^HTTP\/1\.[01] 403 /);
  assert.ok(!raw.includes('secret'));
});

test('only GET on the exact path: 405 for other methods, 404 for other paths', async () => {
  const { credentials, endpoint } = start();
  const { url, token } = await endpoint.register('prod');
  for (const method of ['POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']) {
    const r = await get(url, { token, method });
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.allow, 'GET');
  }
  for (const path of ['/', '/aws-profiles/v1/credentials/', '/aws-profiles/v1/credentials/../x', '/aws-profiles/v1', '/AWS-PROFILES/v1/credentials']) {
    assert.equal((await get(url, { token, path })).status, 404, path);
  }
  assert.equal((await get(url, { token, path: `${ENDPOINT_PATH}?x=1` })).status, 200, 'a query string is ignored');
  assert.equal(credentials.calls.length, 1);
});

test('a profile needing an MFA code answers 400 with code and message, and calls onNeedsHuman once per episode', async () => {
  const notified: string[] = [];
  const { credentials, logger, endpoint } = start({ onNeedsHuman: (p) => notified.push(p) });
  const { url, token } = await endpoint.register('prod');
  credentials.failure = new NeedsHumanError('prod', 'arn:aws:iam::111111111111:mfa/alice');
  for (let i = 0; i < 3; i++) {
    const r = await get(url, { token });
    assert.equal(r.status, 400);
    const body = JSON.parse(r.body);
    assert.equal(body.code, 'MfaCodeNeeded');
    assert.equal(body.Code, 'MfaCodeNeeded');
    assert.match(body.message, /Profile "prod" needs an MFA code .* Refresh Credentials/);
    assert.equal(body.Message, body.message);
  }
  assert.deepEqual(notified, ['prod']);
  assert.equal(logger.lines.filter((l) => l.includes('needs an MFA code')).length, 1);
  // The user refreshes: the episode ends with a success, and a later one notifies again.
  credentials.failure = undefined;
  assert.equal((await get(url, { token })).status, 200);
  credentials.failure = new NeedsHumanError('prod', 'arn:aws:iam::111111111111:mfa/alice');
  await get(url, { token });
  await get(url, { token });
  assert.deepEqual(notified, ['prod', 'prod']);
});

test('engine errors: a UserError keeps its sentence (503 when retryable), anything else is a 500 without details', async () => {
  const { credentials, logger, endpoint } = start();
  const { url, token } = await endpoint.register('prod');
  credentials.failure = new UserError('Profile "prod": AccessDenied assuming role X.', 'sts.AccessDenied');
  let r = await get(url, { token });
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).code, 'sts.AccessDenied');
  credentials.failure = new UserError('Profile "prod": STS is throttling.', 'sts.Throttling', true);
  assert.equal((await get(url, { token })).status, 503);
  credentials.failure = new TypeError('boom');
  r = await get(url, { token });
  assert.equal(r.status, 500);
  assert.equal(JSON.parse(r.body).code, 'InternalError');
  assert.ok(!r.body.includes('boom'));
  assert.ok(logger.lines.some((l) => l.includes('TypeError: boom')));
});

test('neither a token nor a secret ever reaches the log', async () => {
  const { credentials, logger, endpoint } = start({ onNeedsHuman: () => {} });
  const prod = await endpoint.register('prod');
  await endpoint.register('dev');
  await get(prod.url, { token: prod.token });
  for (let i = 0; i < 12; i++) await get(prod.url, { token: `${prod.token}x` });
  await get(prod.url, { token: prod.token, host: 'evil.example' });
  credentials.failure = new NeedsHumanError('prod', 'arn:aws:iam::111111111111:mfa/alice');
  await get(prod.url, { token: prod.token });
  await endpoint.dispose();
  const all = logger.lines.join('\n');
  assert.ok(logger.lines.length > 3, all);
  for (const secret of [prod.token, 'secret-of-prod', 'session-of-prod', 'ASIAPROD']) assert.ok(!all.includes(secret), `log holds ${secret}`);
  assert.match(all, /refused 1 request/);
  assert.match(all, /refused 10 request/);
});

test('dispose stops listening and closes kept-alive connections', async () => {
  const { endpoint } = start();
  const { url, token } = await endpoint.register('prod');
  const port = Number(new URL(url).port);
  // A kept-alive socket with one answered request stays open until dispose closes it.
  const closed = new Promise<void>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${ENDPOINT_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${token}\r\n\r\n`);
    });
    socket.once('data', () => void endpoint.dispose());
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
  await closed;
  await assert.rejects(get(url, { token }), /ECONNREFUSED/);
  await assert.rejects(endpoint.register('prod'), /disposed/);
});

test('it listens on 127.0.0.1 only, on a random port', async () => {
  const a = start().endpoint;
  const b = new CredentialEndpoint({ credentials: new FakeCredentials() });
  try {
    const ua = new URL((await a.register('p')).url);
    const ub = new URL((await b.register('p')).url);
    assert.equal(ua.hostname, '127.0.0.1');
    assert.notEqual(ua.port, ub.port);
    assert.equal(a.port, Number(ua.port));
  } finally {
    await b.dispose();
  }
});
