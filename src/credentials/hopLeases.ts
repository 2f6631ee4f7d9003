import type { Clock, SecretStore, Timer } from '../core/credentials/credentials';
import type { Logger } from '../core/common/logger';

/**
 * A window about to obtain a hop's credentials says so here (`{ owner, until }`, nothing secret), so
 * that other windows wait for its result instead of calling STS or asking for an MFA code too.
 * SecretStorage, because it is the store every window shares that tells the others of a change.
 */
export const LEASE_PREFIX = 'awsProfiles.lease.v1/';

/** How long a lease holds: an STS call with its retries, or an MFA code being typed. */
export const LEASE_MS = 2 * 60_000;

interface Lease {
  owner: string;
  until: number;
}

/** The leases of hops across windows, and the requests waiting for another window's result. */
export class HopLeases {
  /** Callbacks of requests waiting for another window's result, by fingerprint. */
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly o: { clock: Clock; timer: Timer | undefined; windowId: string; logger: Logger },
  ) {}

  /**
   * Claims the right to obtain a hop's credentials for LEASE_MS, unless another window holds it: then
   * `until` says how long to wait for its result at most. Two windows claiming at once both read
   * back what was written last, so one of them wins. Without a working SecretStorage there is no
   * one to coordinate with: the claim is granted.
   */
  async claim(fingerprint: string): Promise<{ mine: true } | { mine: false; until: number }> {
    const key = LEASE_PREFIX + fingerprint;
    try {
      const now = this.o.clock.now();
      const other = (lease: Lease | undefined) => lease !== undefined && lease.owner !== this.o.windowId && lease.until > now;
      const waiting = (lease: Lease) => {
        this.o.logger.info(`Another window is obtaining these credentials (hop ${fingerprint.slice(0, 8)}…): waiting for its result, ${Math.ceil((lease.until - now) / 1000)} s at most.`);
        return { mine: false as const, until: lease.until };
      };
      const held = parseLease(await this.secrets.get(key));
      if (other(held)) return waiting(held!);
      await this.secrets.store(key, JSON.stringify({ owner: this.o.windowId, until: now + LEASE_MS } satisfies Lease));
      const back = parseLease(await this.secrets.get(key));
      if (other(back)) return waiting(back!);
      return { mine: true };
    } catch {
      return { mine: true };
    }
  }

  /** Gives up this window's lease of a hop (the others, waiting, look at what it stored). */
  async release(fingerprint: string): Promise<void> {
    const key = LEASE_PREFIX + fingerprint;
    try {
      if (parseLease(await this.secrets.get(key))?.owner === this.o.windowId) await this.secrets.delete(key);
    } catch {
      // Nothing was claimed in a SecretStorage that does not work.
    }
  }

  /** Resolves when a hop's credentials or lease change in any window (wake), or at `until` (epoch ms), or on abort, whichever comes first. */
  whenChanged(fingerprint: string, until: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let handle: unknown;
      const done = () => {
        this.waiters.get(fingerprint)?.delete(done);
        if (handle !== undefined) this.o.timer?.clearTimeout(handle);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      signal?.addEventListener('abort', done, { once: true });
      let set = this.waiters.get(fingerprint);
      if (!set) this.waiters.set(fingerprint, (set = new Set()));
      set.add(done);
      const delay = Math.max(0, until - this.o.clock.now());
      handle = this.o.timer ? this.o.timer.setTimeout(done, delay) : undefined;
    });
  }

  /** Ends the waits for a hop: its credentials or lease changed. */
  wake(fingerprint: string): void {
    for (const done of [...(this.waiters.get(fingerprint) ?? [])]) done();
  }

  /** Ends every wait (the store is disposed). */
  wakeAll(): void {
    for (const fp of [...this.waiters.keys()]) this.wake(fp);
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
