import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import type { HeldCredentials } from '../core/credentials/credentials';
import { CancelledError, NeedsHumanError, UserError } from '../core/common/errors';
import type { Logger } from '../core/common/logger';
import { helperRequestPath, type HelperRequest } from '../core/terminal/helperProtocol';
import { CredentialEndpoint, EndpointInUseError } from './credentialEndpoint';

const NOW = Date.UTC(2026, 0, 2, 3, 0, 0);

function held(profile: string, longTerm = false): HeldCredentials {
  return {
    profile,
    obtainedAt: NOW,
    expiresAt: longTerm ? null : NOW + 3_600_000,
    credentials: longTerm
      ? { accessKeyId: `AKIA${profile.toUpperCase()}`, secretAccessKey: `secret-of-${profile}` }
      : { accessKeyId: `ASIA${profile.toUpperCase()}`, secretAccessKey: `secret-of-${profile}`, sessionToken: `session-of-${profile}`, expiration: NOW + 3_600_000 },
  };
}

/** A logger that keeps every line, to search them for secrets. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

function ask(socketPath: string, path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function endpoint(resolve: (r: HelperRequest) => Promise<HeldCredentials>, logger?: Logger): Promise<{ endpoint: CredentialEndpoint; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'awsp-endpoint-'));
  const path = join(dir, 'e.sock');
  const e = new CredentialEndpoint({ resolve, logger });
  await e.listen(path);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }), () => e.dispose());
  return { endpoint: e, path };
}

test('issue 10: a helper request gets the credential_process format, with the request passed on as it was asked', async () => {
  const asked: HelperRequest[] = [];
  const { path } = await endpoint(async (r) => {
    asked.push(r);
    return held(r.profile);
  });
  const reply = await ask(path, helperRequestPath({ profile: 'prod', via: 'active', terminal: 't1' }));
  assert.equal(reply.status, 200);
  assert.deepEqual(JSON.parse(reply.body), {
    Version: 1,
    AccessKeyId: 'ASIAPROD',
    SecretAccessKey: 'secret-of-prod',
    SessionToken: 'session-of-prod',
    Expiration: '2026-01-02T04:00:00Z',
  });
  assert.deepEqual(asked, [{ profile: 'prod', via: 'active', terminal: 't1' }]);
});

test('issue 10: long-term keys are answered without token and expiry, so that clients keep them', async () => {
  const { path } = await endpoint(async (r) => held(r.profile, true));
  const reply = await ask(path, helperRequestPath({ profile: 'default', via: 'keys' }));
  assert.deepEqual(JSON.parse(reply.body), { Version: 1, AccessKeyId: 'AKIADEFAULT', SecretAccessKey: 'secret-of-default' });
});

test('issue 10: failures are one sentence for the terminal: refused 403, a user error or a needed MFA code 400, a dismissed MFA box 400, anything else 500 without details', async () => {
  let failure: Error = new UserError('Profile "prod" is no longer the active profile of this VS Code window.', 'endpoint.refused');
  const logger = recordingLogger();
  const { path } = await endpoint(async () => {
    throw failure;
  }, logger);
  const at = helperRequestPath({ profile: 'prod', via: 'active' });
  let reply = await ask(path, at);
  assert.deepEqual([reply.status, JSON.parse(reply.body)], [403, { message: 'Profile "prod" is no longer the active profile of this VS Code window.' }]);
  failure = new UserError('The role could not be assumed: AccessDenied.', 'sts.denied');
  reply = await ask(path, at);
  assert.deepEqual([reply.status, JSON.parse(reply.body).message], [400, 'The role could not be assumed: AccessDenied.']);
  failure = new NeedsHumanError('prod', 'arn:aws:iam::0:mfa/me');
  reply = await ask(path, at);
  assert.equal(reply.status, 400);
  assert.match(JSON.parse(reply.body).message, /MFA/);
  failure = new CancelledError();
  reply = await ask(path, at);
  assert.deepEqual([reply.status, JSON.parse(reply.body).message], [400, 'No MFA code was entered in VS Code for profile "prod".']);
  failure = new TypeError('secret-internal-detail');
  reply = await ask(path, at);
  assert.equal(reply.status, 500);
  assert.ok(!reply.body.includes('secret-internal-detail'));
  assert.match(JSON.parse(reply.body).message, /see the "AWS Profiles" output/);
});

test('issue 10: only GET of a helper request: 405 for other methods, 404 for other paths and malformed requests', async () => {
  const { path } = await endpoint(async (r) => held(r.profile));
  assert.equal((await ask(path, helperRequestPath({ profile: 'p', via: 'active' }), 'POST')).status, 405);
  for (const p of ['/', '/v1/credentials', '/v1/credentials?profile=p', '/v1/credentials?profile=p&via=root', '/other?profile=p&via=active']) {
    assert.equal((await ask(path, p)).status, 404, p);
  }
});

test('issue 10: the socket is open to its user only, and gone when the endpoint stops', async () => {
  const { endpoint: e, path } = await endpoint(async (r) => held(r.profile));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  await e.dispose();
  assert.equal(existsSync(path), false);
  await assert.rejects(ask(path, helperRequestPath({ profile: 'p', via: 'active' })), /ENOENT|ECONNREFUSED/);
});

test('issue 10: a socket left by a window that is gone is replaced; one a live endpoint answers on is not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'awsp-endpoint-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  // A stale socket file: a process that listened there and was killed without cleaning up.
  const stale = join(dir, 'stale.sock');
  const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(stale)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout!, 'data');
  child.kill('SIGKILL');
  await once(child, 'exit');
  assert.equal(existsSync(stale), true, 'the socket file is left behind');
  const e = new CredentialEndpoint({ resolve: async (r) => held(r.profile) });
  await e.listen(stale);
  cleanup.push(() => e.dispose());
  assert.equal((await ask(stale, helperRequestPath({ profile: 'p', via: 'active' }))).status, 200);
  const second = new CredentialEndpoint({ resolve: async (r) => held(r.profile) });
  await assert.rejects(second.listen(stale), EndpointInUseError);
});

test('issue 10: no secret ever reaches the log', async () => {
  const logger = recordingLogger();
  let fail = false;
  const { path } = await endpoint(async (r) => {
    if (fail) throw new UserError(`Profile "${r.profile}" failed.`, 'x');
    return held(r.profile);
  }, logger);
  await ask(path, helperRequestPath({ profile: 'prod', via: 'active' }));
  fail = true;
  await ask(path, helperRequestPath({ profile: 'prod', via: 'active' }));
  const log = logger.lines.join('\n');
  for (const s of ['secret-of-prod', 'session-of-prod']) assert.ok(!log.includes(s), s);
  assert.match(log, /failed/);
});

/** A socket file left by a process killed without cleaning up. */
async function staleSocket(dir: string): Promise<string> {
  const stale = join(dir, 'stale.sock');
  const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(stale)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout!, 'data');
  child.kill('SIGKILL');
  await once(child, 'exit');
  return stale;
}

test('issue 26 L7: two windows taking over one stale socket at once: one listens, the other gets EndpointInUseError, never a raw EADDRINUSE', async () => {
  // The review's reproduction R8, repeated: the race is between the check and the listen.
  for (let round = 0; round < 5; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'awsp-endpoint-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const stale = await staleSocket(dir);
    const a = new CredentialEndpoint({ resolve: async (r) => held(r.profile) });
    const b = new CredentialEndpoint({ resolve: async (r) => held(r.profile) });
    cleanup.push(() => a.dispose(), () => b.dispose());
    const results = await Promise.allSettled([a.listen(stale), b.listen(stale)]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, `round ${round}: exactly one listens`);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(failed.reason instanceof EndpointInUseError, `round ${round}: ${failed.reason}`);
    assert.equal((await ask(stale, helperRequestPath({ profile: 'p', via: 'active' }))).status, 200, `round ${round}: the winner's socket is still there`);
  }
});

test('issue 26: the log keeps at most 20 failed requests a minute, each cut to 300 characters, and counts the rest', async () => {
  let now = NOW;
  const logger = recordingLogger();
  const dir = mkdtempSync(join(tmpdir(), 'awsp-endpoint-'));
  const path = join(dir, 'e.sock');
  const e = new CredentialEndpoint({ resolve: async (r) => Promise.reject(new UserError(`refused "${r.profile}"`, 'endpoint.refused')), logger, now: () => now });
  await e.listen(path);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }), () => e.dispose());
  const long = 'x'.repeat(5_000);
  for (let i = 0; i < 1_000; i++) assert.equal((await ask(path, helperRequestPath({ profile: long, via: 'active' }))).status, 403);
  const refusals = logger.lines.filter((l) => l.startsWith('Credential endpoint: refused'));
  assert.equal(refusals.length, 20);
  assert.ok(refusals.every((l) => l.length < 400), 'each line is cut');
  now += 60_000;
  await ask(path, helperRequestPath({ profile: 'p', via: 'active' }));
  assert.ok(logger.lines.includes('Credential endpoint: 980 more failed request(s) in that minute were not logged.'));
  assert.ok(logger.lines.join('\n').length < 20_000, `the log grew by ${logger.lines.join('\n').length} characters`);
});
