import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { CapturingLogger, FakeClock, MemorySecretStore, SecretBacking } from '../../test/support/credentialFakes';
import { lockFolder } from './lockFile';
import { LEASE_MS, WindowLeases } from './windowLease';

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});
function folder(): string {
  const f = mkdtempSync(join(tmpdir(), 'awsp-locks-'));
  folders.push(f);
  return join(f, 'leases');
}

test('issue 26 M4: of 20 windows creating one lock file at once, exactly one does; the others read its content whole', async () => {
  const dir = folder();
  const windows = Array.from({ length: 20 }, () => lockFolder(dir));
  const results = await Promise.all(windows.map((w, i) => w.create('hop-1.lock', JSON.stringify({ owner: `window-${i}`, until: 1 }))));
  assert.equal(results.filter(Boolean).length, 1);
  const winner = results.indexOf(true);
  for (const w of windows) assert.deepEqual(JSON.parse((await w.read('hop-1.lock'))!), { owner: `window-${winner}`, until: 1 });
  assert.deepEqual(readdirSync(dir), ['hop-1.lock'], 'no temporary file left');
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.equal(statSync(join(dir, 'hop-1.lock')).mode & 0o777, 0o600);
  await windows[0].write('hop-1.lock', 'extended');
  assert.equal(await windows[1].read('hop-1.lock'), 'extended');
  await windows[2].remove('hop-1.lock');
  await windows[2].remove('hop-1.lock');
  assert.equal(await windows[3].read('hop-1.lock'), undefined);
  assert.equal(await windows[3].create('hop-1.lock', 'again'), true);
});

/** Windows of one machine over real lock files and a SecretStorage whose writes reach the others 120 ms later. */
function windowsOf(count: number) {
  const clock = new FakeClock();
  const backing = new SecretBacking({ timer: clock });
  const dir = folder();
  const logger = new CapturingLogger();
  const leases = Array.from(
    { length: count },
    (_, i) =>
      new WindowLeases(new MemorySecretStore(backing), {
        secretPrefix: 'test.lease/',
        lockPrefix: 'test-',
        describe: (key) => `working on ${key}`,
        clock,
        timer: clock,
        windowId: `window-${i}`,
        logger,
        locks: lockFolder(dir),
      }),
  );
  return { clock, dir, leases, logger };
}

test('issue 26 M4: windows claiming at the same moment over real lock files: one holds the lease, the others wait until it is released', async () => {
  const { dir, leases } = windowsOf(4);
  const claims = await Promise.all(leases.map((l) => l.claim('k')));
  assert.equal(claims.filter((c) => c.mine).length, 1);
  const holder = claims.findIndex((c) => c.mine);
  await leases[holder].release('k');
  assert.deepEqual(readdirSync(dir), []);
  const next = leases.filter((_, i) => i !== holder);
  assert.equal((await Promise.all(next.map((l) => l.claim('k')))).filter((c) => c.mine).length, 1);
  for (const l of leases) l.dispose();
});

test('issue 26 M4: a lock whose holder is gone is broken once it ran out, by one of the windows that find it stale', async () => {
  const { clock, dir, leases, logger } = windowsOf(3);
  const gone = leases[0];
  assert.equal((await gone.claim('k')).mine, true);
  const early = await leases[1].claim('k');
  assert.equal(early.mine, false);
  // Its window died: the clock jumps past the lease without any of its timers firing (nothing extends it).
  clock.time += LEASE_MS + 1;
  const claims = await Promise.all([leases[1].claim('k'), leases[2].claim('k')]);
  assert.equal(claims.filter((c) => c.mine).length, 1, JSON.stringify(claims));
  assert.deepEqual(readdirSync(dir).sort(), ['test-k.lock']);
  assert.match(logger.lines.join('\n'), /A lease of a window that is gone ran out/);
  for (const l of leases.slice(1)) l.dispose();
});
