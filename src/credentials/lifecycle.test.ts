// Issue 15: credentials over days, across windows. Several CredentialEngines (windows) share one fake
// clock, STS, SecretStorage and globalState (test/support/lifecycle.ts), as VS Code's windows do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExpiryWarning } from '../core/credentials/credentials';
import { INDEX_KEY } from './credentialIndex';
import { CLEARED_KEY, CredentialStore, SECRET_PREFIX } from './credentialStore';
import { LEASE_MS } from '../base/windowLease';
import { FakeClock, MemoryLockFolder, MemorySecretStore, MemoryStateStore, SecretBacking } from '../../test/support/credentialFakes';
import { LEASE_PREFIX } from './hopLeases';
import { callsPerHour, drive, machine, run, settle } from '../../test/support/lifecycle';

/** Lets what one window wrote reach the others (SecretStorage's propagation delay, on the fake clock). */
async function propagate(m: ReturnType<typeof machine>): Promise<void> {
  await settle();
  m.clock.advance(m.backing.delayMs + 30);
  await settle();
}

const roleCalls = (m: ReturnType<typeof machine>, role: string) =>
  m.sts.calls.filter((c) => c.action === 'AssumeRole' && (c.request as { roleArn: string }).roleArn.endsWith(`/${role}`));

test('issue 15: two windows keeping one profile fresh make one refresh call per hop per expiry, as one window does', async () => {
  for (const jitters of [[0, 0.5], [0, 0]]) {
    const one = machine({ windows: 1, inUse: ['prod'], jitters: [0] });
    const two = machine({ windows: 2, inUse: ['prod'], jitters });
    for (const m of [one, two]) {
      await drive(m, Promise.all(m.windows.map((w) => w.get('prod'))));
      await settle();
      await run(m, 4 * 3600_000);
    }
    assert.ok(roleCalls(one, 'Prod').length >= 4, 'prod was refreshed through the four hours');
    assert.equal(roleCalls(two, 'Prod').length, roleCalls(one, 'Prod').length, `prod, jitters ${jitters}`);
    assert.equal(roleCalls(two, 'Hub').length, roleCalls(one, 'Hub').length, `hub, jitters ${jitters}`);
    // Both windows hand out the same, fresh credentials all along.
    const [a, b] = await drive(two, Promise.all(two.windows.map((w) => w.get('prod', { interactive: false }))));
    assert.equal(a.credentials.accessKeyId, b.credentials.accessKeyId);
    assert.ok(a.expiresAt! - two.clock.now() > 10 * 60_000 - 60_000);
    assert.deepEqual([...two.backing.data.keys()].filter((k) => k.startsWith(LEASE_PREFIX)), [], 'no lease left behind');
  }
});

test('issue 15: the lifecycle bench figure is the same for one and two windows', async () => {
  const [one, two] = [await callsPerHour(1, 3), await callsPerHour(2, 3)];
  assert.ok(one > 0);
  assert.equal(two, one);
});

test('issue 15: only profiles in use are refreshed; one used once is left to expire', async () => {
  const m = machine({ windows: 1, inUse: [] });
  await m.windows[0].get('prod');
  const after = m.sts.count();
  await run(m, 3 * 3600_000);
  assert.equal(m.sts.count(), after, 'no call for a profile nobody uses');
  assert.equal(m.windows[0].status('prod')!.expiresAt! < m.clock.now(), true);
});

test('issue 15: a profile used within keepFreshMs is refreshed once; background refreshes do not count as use', async () => {
  const m = machine({ windows: 1, inUse: [], options: { keepFreshMs: 55 * 60_000 } });
  await m.windows[0].get('prod');
  await run(m, 3 * 3600_000);
  assert.equal(roleCalls(m, 'Prod').length, 2, 'the first assume, and one refresh 50 minutes later (used 50 minutes ago); no more');
});

test('issue 15: after a sleep past expiry, credentials refresh on resume (a minute later, or at once on focus)', async () => {
  for (const wake of ['heartbeat', 'focus'] as const) {
    const m = machine({ windows: 1, inUse: ['prod'] });
    const first = await m.windows[0].get('prod');
    // Suspended: the clock jumps, no timer fires.
    m.clock.time += 3 * 3600_000;
    if (wake === 'focus') m.windows[0].recheck();
    else m.clock.advance(60_000);
    await settle();
    const status = m.windows[0].status('prod')!;
    assert.ok(status.expiresAt! > m.clock.now() + 50 * 60_000, `${wake}: fresh credentials after resume`);
    assert.ok(status.obtainedAt > first.obtainedAt);
  }
});

test('issue 15: after a sleep past expiry, a chain needing an MFA code warns once that it expired', async () => {
  const m = machine({ windows: 1, inUse: ['admin'], options: { useMfaSession: false } });
  const warnings: ExpiryWarning[] = [];
  m.windows[0].onExpiryWarning((w) => warnings.push(w));
  await m.windows[0].get('admin');
  const calls = m.sts.count();
  m.clock.time += 2 * 3600_000;
  m.clock.advance(60_000);
  await settle();
  m.clock.advance(10 * 60_000);
  await settle();
  assert.deepEqual(warnings.map((w) => w.reason), ['expired']);
  assert.match(warnings[0].message, /credentials of profile "admin" have expired and need an MFA code/);
  assert.equal(m.sts.count(), calls, 'no call, no prompt');
  assert.equal(m.prompts.length, 1);
});

test('issue 15: a 900-second session makes at most 2 STS calls in 15 minutes of terminal traffic', async () => {
  const m = machine({ windows: 1, inUse: ['short'] });
  // 180 requests, one every 5 seconds from 0 to 14:55, each asking for the endpoint's 15 minutes.
  await m.windows[0].get('short', { minLifetimeMs: 15 * 60_000 });
  await run(m, 15 * 60_000 - 5_000, { profile: 'short', everyMs: 5_000 });
  assert.equal(m.sts.count(), 2, 'at 0 and at 7:30 (half the session), none per request');
});

test('issue 15: two windows asking for an MFA chain at once prompt once and make one GetSessionToken call', async () => {
  const m = machine({ windows: 2 });
  const [a, b] = await drive(m, Promise.all(m.windows.map((w) => w.get('admin'))));
  assert.equal(m.prompts.length, 1, m.prompts.join(', '));
  assert.equal(m.sts.count('GetSessionToken'), 1);
  assert.equal(m.sts.count('AssumeRole'), 1);
  assert.equal(a.credentials.accessKeyId, b.credentials.accessKeyId);
});

test('issue 15: Clear All in one window clears the others, even what they held in memory only', async () => {
  const m = machine({ windows: 2 });
  const [a, b] = m.windows;
  let told = 0;
  b.onDidClearAll(() => told++);
  await a.get('prod');
  await propagate(m);
  await b.get('hub');
  await propagate(m);
  assert.ok(b.status('prod'));
  await a.clearAll();
  await propagate(m);
  assert.equal(told, 1);
  assert.equal(b.status('prod'), undefined);
  assert.equal(b.status('hub'), undefined);
  assert.deepEqual([...m.backing.data.keys()].filter((k) => k.startsWith(SECRET_PREFIX)), []);
  assert.ok(m.backing.data.has(CLEARED_KEY));
  const calls = m.sts.count();
  await drive(m, b.get('prod'));
  assert.equal(m.sts.count(), calls + 2, 'window b assumes again: it held nothing any more');
});

test('issue 15: the shared index merges what each window writes instead of keeping the last writer', async () => {
  const m = machine({ windows: 2 });
  const [a, b] = m.windows;
  await a.get('prod');
  await b.get('short');
  await settle();
  const saved = m.state.get<{ profiles: Record<string, unknown>; hops: Record<string, unknown> }>(INDEX_KEY)!;
  assert.deepEqual(Object.keys(saved.profiles).sort(), ['prod', 'short']);
  assert.equal(Object.keys(saved.hops).length, 3, 'hub, prod and short');
  await a.clear('prod');
  await settle();
  const after = m.state.get<{ profiles: Record<string, unknown> }>(INDEX_KEY)!;
  assert.deepEqual(Object.keys(after.profiles), ['short'], "window a's clear does not take window b's note with it");
});

test('issue 15: a window whose lease holder disappears obtains the credentials itself once the lease runs out', async () => {
  const m = machine({ windows: 1 });
  // short's one hop, by its fingerprint in the index after a first assume.
  await m.windows[0].get('short');
  const [hop] = Object.keys(m.state.get<{ hops: Record<string, unknown> }>(INDEX_KEY)!.hops);
  await m.windows[0].clear('short');
  // A window that claimed the hop and went away: its lease holds for two minutes.
  m.backing.inject(LEASE_PREFIX + hop, JSON.stringify({ owner: 'gone', until: m.clock.now() + 120_000 }));
  const calls = m.sts.count();
  let done = false;
  const got = m.windows[0].get('short').then(() => (done = true));
  await settle();
  assert.equal(done, false, 'it waits for the other window');
  assert.equal(m.sts.count(), calls);
  m.clock.advance(120_000);
  await got;
  assert.equal(m.sts.count(), calls + 1);
});

test('issue 26 M4: two windows claiming a hop 0 to 300 ms apart (within SecretStorage\'s delay or not): exactly one obtains it (review R2)', async () => {
  for (const gap of [0, 20, 50, 100, 150, 300]) {
    const clock = new FakeClock();
    const backing = new SecretBacking({ timer: clock, delayMs: 120 });
    const locks = new MemoryLockFolder();
    const state = new MemoryStateStore();
    const [a, b] = ['a', 'b'].map((windowId) => new CredentialStore(new MemorySecretStore(backing), state, { clock, timer: clock, windowId, locks }));
    const first = a.claim('fp1');
    clock.advance(gap);
    const second = b.claim('fp1');
    const claims = await Promise.all([first, second]);
    assert.deepEqual(claims.map((c) => c.mine).sort(), [false, true], `${gap} ms apart: ${JSON.stringify(claims)}`);
    for (const s of [a, b]) s.dispose();
  }
});

test('issue 26 M4: two windows asking for an MFA chain 0 to 300 ms apart prompt once and make one GetSessionToken call', async () => {
  for (const gap of [0, 50, 100, 300]) {
    const m = machine({ windows: 2 });
    const first = m.windows[0].get('admin');
    await drive(m, new Promise<void>((resolve) => m.clock.setTimeout(resolve, gap)), { stepMs: 1 });
    const [a, b] = await drive(m, Promise.all([first, m.windows[1].get('admin')]));
    assert.equal(m.prompts.length, 1, `${gap} ms apart: ${m.prompts.join(', ')}`);
    assert.equal(m.sts.count('GetSessionToken'), 1, `${gap} ms apart`);
    assert.equal(m.sts.count('AssumeRole'), 1, `${gap} ms apart`);
    assert.equal(a.credentials.accessKeyId, b.credentials.accessKeyId);
    for (const w of m.windows) w.dispose();
  }
});

test('issue 26 M4: while the MFA box of one window stays open (five minutes), another window asking meanwhile waits for it and prompts no one', async () => {
  const m = machine({ windows: 2, typingMs: 5 * 60_000 });
  const first = m.windows[0].get('admin');
  await drive(m, new Promise<void>((resolve) => m.clock.setTimeout(resolve, 3 * 60_000)), { stepMs: 1000 });
  // Three minutes in: past the two minutes a lease holds unless extended.
  const [a, b] = await drive(m, Promise.all([first, m.windows[1].get('admin')]), { stepMs: 1000 });
  assert.deepEqual(m.prompts, ['0 admin'], 'one MFA box, in the first window');
  assert.equal(m.sts.count('GetSessionToken'), 1);
  assert.equal(a.credentials.accessKeyId, b.credentials.accessKeyId);
  m.clock.advance(2_000);
  await settle();
  assert.deepEqual([...m.locks[0].files.keys()], [], 'no lock file left');
});

test('issue 26 M4: the lock of a window that died holding it runs out; of the windows waiting, one obtains the hop', async () => {
  const m = machine({ windows: 3 });
  await m.windows[0].get('short');
  const [hop] = Object.keys(m.state.get<{ hops: Record<string, unknown> }>(INDEX_KEY)!.hops);
  await m.windows[0].clear('short');
  m.clock.advance(2_000);
  await settle();
  // Window 0 claimed the hop again and died: its lock file stays, its lease is no longer extended.
  await m.locks[0].create(`hop-${hop}.lock`, JSON.stringify({ owner: 'window-dead', until: m.clock.now() + LEASE_MS }));
  const calls = m.sts.count();
  const waiting = Promise.all([m.windows[1].get('short'), m.windows[2].get('short')]);
  await drive(m, new Promise<void>((resolve) => m.clock.setTimeout(resolve, LEASE_MS - 1_000)), { stepMs: 1000 });
  assert.equal(m.sts.count(), calls, 'both wait while the lease holds');
  const [b, c] = await drive(m, waiting, { stepMs: 100 });
  assert.equal(m.sts.count(), calls + 1, 'one call once it ran out');
  assert.equal(b.credentials.accessKeyId, c.credentials.accessKeyId);
});

test('issue 26 M4: windows on two hosts share SecretStorage but no lock files: one asking after the other\'s lease reached it waits for its result', async () => {
  const m = machine({ windows: 2, hosts: [0, 1], typingMs: 30_000 });
  const first = m.windows[0].get('admin');
  await drive(m, new Promise<void>((resolve) => m.clock.setTimeout(resolve, 1_000)), { stepMs: 10 });
  await drive(m, Promise.all([first, m.windows[1].get('admin')]), { stepMs: 100 });
  assert.deepEqual(m.prompts, ['0 admin']);
  assert.equal(m.sts.count('GetSessionToken'), 1);
});
