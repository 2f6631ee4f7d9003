import type { Clock, SecretStore, Timer } from '../core/credentials/credentials';
import type { Logger } from '../core/common/logger';
import type { LockFolder } from './lockFile';

/** How long a lease holds unless its holder extends it: what a window that died holding one costs the others at most. */
export const LEASE_MS = 2 * 60_000;

/** How often a holder extends its lease while it works (an STS call with retries, an MFA code being typed, a browser sign-in). */
export const LEASE_EXTEND_MS = 40_000;

/**
 * How long a holder keeps its lock file after storing its result: longer than SecretStorage takes to
 * bring the result to the other windows (a 100 ms flush in VS Code, then a message), so that a window
 * taking the lock next finds the result instead of obtaining it again.
 */
export const LEASE_SETTLE_MS = 1_000;

/** How often a window waiting on a lock file looks at it again, in case no change event tells it (SecretStorage that does not work). */
const LOCK_POLL_MS = 5_000;

/** How long a window waits before trying again while another breaks a stale lock. */
const BREAK_WAIT_MS = 250;

/** A lease's content, in SecretStorage and in a lock file: nothing secret. */
interface Lease {
  owner: string;
  until: number;
}

/** A claim's outcome: this window obtains, or another does and this one waits until `until` (epoch ms) at most. */
export type LeaseClaim = { mine: true } | { mine: false; until: number };

/** What a set of leases is: where they live, and how the log names what they guard. */
export interface WindowLeaseOptions {
  /** Prefix of the leases' SecretStorage keys (every window of every host sees them, a moment late). */
  secretPrefix: string;
  /** Prefix of the lock files' names (the windows of this host). */
  lockPrefix: string;
  /** What the holder of a lease is doing, for the log ("obtaining these credentials (hop 1a2b3c4d…)"). */
  describe(key: string): string;
  clock: Clock;
  timer: Timer;
  windowId: string;
  logger: Logger;
  /** This host's lock files (the extension's globalStorage); absent, the SecretStorage leases alone. */
  locks?: LockFolder;
}

/** What this window holds of a lease. */
interface Held {
  /** Whether it holds the lock file. */
  locked: boolean;
  /** The timer extending the lease, or keeping the lock a moment after the result (settling). */
  handle: unknown;
  settling: boolean;
}

/**
 * Leases between windows: a window about to do something every window would otherwise do too (an STS
 * call, an MFA prompt, an IAM Identity Center refresh or sign-in) claims it, and the others wait for
 * its result.
 *
 * VS Code's SecretStorage cannot decide who wins: each window reads and writes its own copy, which
 * reaches the others about 100 ms later, so two windows claiming within that time would both read
 * back their own claim. The decision is a lock file in the extension's globalStorage, created with an
 * atomic exclusive create: of the windows of one machine exactly one gets it. Windows on another
 * host (a remote window and a local one share SecretStorage but not globalStorage) see the lease in
 * SecretStorage as before: they wait when they claim after it arrived, which holds for claims more
 * than a moment apart. A holder extends its lease while it works, however long an MFA box stays
 * open; a lease whose window died runs out after LEASE_MS and its lock file is then broken by one
 * window at a time.
 */
export class WindowLeases {
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly held = new Map<string, Held>();
  /** When this window last said it waits for a key (once in a while, not every poll). */
  private readonly waitingLogged = new Map<string, number>();
  private lockFailureTold = false;

  constructor(
    private readonly secrets: SecretStore,
    private readonly o: WindowLeaseOptions,
  ) {}

  /**
   * Claims the right to do the work of `key`, unless another window holds it: then `until` says how
   * long to wait for its result at most (look again then). A lock folder that fails leaves the
   * SecretStorage lease; a SecretStorage that fails leaves the lock file; with neither, there is no
   * one to coordinate with and the claim is granted.
   */
  async claim(key: string): Promise<LeaseClaim> {
    const now = this.o.clock.now();
    const lease: Lease = { owner: this.o.windowId, until: now + LEASE_MS };
    let locked = false;
    if (this.o.locks) {
      try {
        const lock = await this.lock(key, lease);
        if (!lock.mine) return this.waiting(key, lock.until, Math.min(lock.until, now + LOCK_POLL_MS));
        locked = true;
      } catch (e) {
        if (!this.lockFailureTold) {
          this.lockFailureTold = true;
          this.o.logger.warn(`The lock files of the leases between windows cannot be used (${(e as Error).message}): two windows of this machine may obtain the same credentials at the same moment.`);
        }
      }
    }
    const sk = this.o.secretPrefix + key;
    try {
      const other = (l: Lease | undefined): l is Lease => l !== undefined && l.owner !== this.o.windowId && l.until > now;
      const before = parseLease(await this.secrets.get(sk));
      if (other(before)) return await this.yieldTo(key, before, locked);
      await this.secrets.store(sk, JSON.stringify(lease));
      const back = parseLease(await this.secrets.get(sk));
      if (other(back)) return await this.yieldTo(key, back, locked);
    } catch {
      // No SecretStorage: the lock file, if any, is all there is.
    }
    this.waitingLogged.delete(key);
    this.hold(key, locked);
    return { mine: true };
  }

  /**
   * Gives up this window's lease of `key`. `settled`: a result was stored, so the lock is kept a
   * moment longer (LEASE_SETTLE_MS), until the result has reached the other windows.
   */
  async release(key: string, options: { settled?: boolean } = {}): Promise<void> {
    const held = this.held.get(key);
    if (held) this.o.timer.clearTimeout(held.handle);
    this.held.delete(key);
    const sk = this.o.secretPrefix + key;
    try {
      if (parseLease(await this.secrets.get(sk))?.owner === this.o.windowId) await this.secrets.delete(sk);
    } catch {
      // Nothing was claimed in a SecretStorage that does not work.
    }
    if (!held?.locked) return;
    if (!options.settled) return this.unlock(key);
    const settling: Held = { locked: true, settling: true, handle: undefined };
    this.held.set(key, settling);
    await this.writeLock(key, { owner: this.o.windowId, until: this.o.clock.now() + LEASE_SETTLE_MS });
    if (this.held.get(key) !== settling) return; // claimed again meanwhile
    settling.handle = this.o.timer.setTimeout(() => {
      if (this.held.get(key) !== settling) return;
      this.held.delete(key);
      void this.unlock(key);
    }, LEASE_SETTLE_MS);
  }

  /** Resolves when `key`'s result or lease changes in any window (wake), or at `until` (epoch ms), or on abort, whichever comes first. */
  whenChanged(key: string, until: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let handle: unknown;
      const done = () => {
        this.waiters.get(key)?.delete(done);
        if (handle !== undefined) this.o.timer.clearTimeout(handle);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      signal?.addEventListener('abort', done, { once: true });
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      set.add(done);
      handle = this.o.timer.setTimeout(done, Math.max(0, until - this.o.clock.now()));
    });
  }

  /** Ends the waits for `key`: its result or lease changed. */
  wake(key: string): void {
    for (const done of [...(this.waiters.get(key) ?? [])]) done();
  }

  /** Ends every wait, and gives up every lock this window holds (the window closes). */
  dispose(): void {
    for (const key of [...this.waiters.keys()]) this.wake(key);
    for (const [key, held] of this.held) {
      this.o.timer.clearTimeout(held.handle);
      if (held.locked) void this.unlock(key);
    }
    this.held.clear();
  }

  /** Takes the lock file of `key`: created if none, taken over if it is this window's own, broken if its holder is gone. */
  private async lock(key: string, lease: Lease): Promise<{ mine: true } | { mine: false; until: number }> {
    const locks = this.o.locks!;
    const name = this.lockName(key);
    const text = JSON.stringify(lease);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await locks.create(name, text)) return { mine: true };
      const seen = await locks.read(name);
      if (seen === undefined) continue; // released meanwhile
      const current = parseLease(seen);
      const now = this.o.clock.now();
      if (current?.owner === this.o.windowId) {
        // This window's own, settling after its last result: claimed again.
        const held = this.held.get(key);
        if (held) this.o.timer.clearTimeout(held.handle);
        this.held.delete(key);
        await locks.write(name, text);
        return { mine: true };
      }
      if (current && current.until > now) return { mine: false, until: current.until };
      if (!(await this.breakStale(name, seen))) return { mine: false, until: now + BREAK_WAIT_MS };
    }
    return { mine: false, until: this.o.clock.now() + BREAK_WAIT_MS };
  }

  /**
   * Removes a lock whose holder is gone (its lease ran out without being extended: the window died,
   * or the computer slept), one window at a time: the breaker holds `<name>.break`, and removes the
   * lock only if it still holds what was seen stale, so that a lock just taken by another breaker stays.
   */
  private async breakStale(name: string, seen: string): Promise<boolean> {
    const locks = this.o.locks!;
    const guard = `${name}.break`;
    const now = this.o.clock.now();
    if (!(await locks.create(guard, JSON.stringify({ owner: this.o.windowId, until: now + LEASE_SETTLE_MS })))) {
      // Another window is breaking it; a guard left by a window that died while breaking is removed once stale.
      const other = parseLease((await locks.read(guard)) ?? '');
      if (!other || other.until <= now) await locks.remove(guard);
      return false;
    }
    try {
      if ((await locks.read(name)) === seen) {
        await locks.remove(name);
        this.o.logger.info(`A lease of a window that is gone ran out (${name}): it was removed.`);
      }
    } finally {
      await locks.remove(guard);
    }
    return true;
  }

  /** Gives up this window's lock in favour of another window's lease, and says how long to wait. */
  private async yieldTo(key: string, lease: Lease, locked: boolean): Promise<LeaseClaim> {
    if (locked) await this.unlock(key);
    return this.waiting(key, lease.until, lease.until);
  }

  private waiting(key: string, until: number, lookAgain: number): LeaseClaim {
    const now = this.o.clock.now();
    const logged = this.waitingLogged.get(key);
    if (logged === undefined || now - logged >= LEASE_MS) {
      this.waitingLogged.set(key, now);
      this.o.logger.info(`Another window is ${this.o.describe(key)}: waiting for its result, ${Math.ceil((until - now) / 1000)} s at most unless it extends its lease.`);
    }
    return { mine: false, until: lookAgain };
  }

  /** Holds a lease: extended every LEASE_EXTEND_MS (lock file and SecretStorage) until released. */
  private hold(key: string, locked: boolean): void {
    const previous = this.held.get(key);
    if (previous) this.o.timer.clearTimeout(previous.handle);
    const held: Held = { locked, settling: false, handle: undefined };
    const extend = () => {
      if (this.held.get(key) !== held) return;
      const lease: Lease = { owner: this.o.windowId, until: this.o.clock.now() + LEASE_MS };
      void (async () => {
        if (held.locked) await this.writeLock(key, lease);
        await this.secrets.store(this.o.secretPrefix + key, JSON.stringify(lease)).catch(() => undefined);
      })();
      held.handle = this.o.timer.setTimeout(extend, LEASE_EXTEND_MS);
    };
    held.handle = this.o.timer.setTimeout(extend, LEASE_EXTEND_MS);
    this.held.set(key, held);
  }

  /** Rewrites this window's lock file, unless it is no longer this window's (broken after a sleep, then taken). */
  private async writeLock(key: string, lease: Lease): Promise<void> {
    const locks = this.o.locks;
    if (!locks) return;
    try {
      const name = this.lockName(key);
      if (parseLease((await locks.read(name)) ?? '')?.owner === this.o.windowId) await locks.write(name, JSON.stringify(lease));
    } catch {
      // The lease runs out on its own.
    }
  }

  /** Removes this window's lock file of `key`, if it is still this window's. */
  private async unlock(key: string): Promise<void> {
    const locks = this.o.locks;
    if (!locks) return;
    try {
      const name = this.lockName(key);
      if (parseLease((await locks.read(name)) ?? '')?.owner === this.o.windowId) await locks.remove(name);
    } catch {
      // It runs out on its own.
    }
  }

  private lockName(key: string): string {
    return `${this.o.lockPrefix}${key}.lock`;
  }
}

function parseLease(text: string | undefined): Lease | undefined {
  if (text === undefined) return undefined;
  try {
    const o = JSON.parse(text) as Partial<Lease>;
    return typeof o.owner === 'string' && typeof o.until === 'number' ? { owner: o.owner, until: o.until } : undefined;
  } catch {
    return undefined;
  }
}
