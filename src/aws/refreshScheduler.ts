import type { Clock, CredentialStatus } from '../core/credentials/credentials';
import { refreshDueAt } from '../core/credentials/expiry';
import { silentLogger, type Logger } from '../core/common/logger';

/** setTimeout/clearTimeout, injected so that tests drive the one timer with their clock. */
export interface Timer {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The process's timers (unref'd: a pending refresh never keeps a process alive). */
export const systemTimer: Timer = {
  setTimeout: (callback, ms) => {
    const t = setTimeout(callback, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What the scheduler watches and acts on (the credentials engine). */
export interface RefreshHost {
  /** Profiles handed out, to keep fresh. */
  watchedProfiles(): string[];
  status(profile: string): CredentialStatus | undefined;
  needsHuman(profile: string): boolean;
  /** Refresh without a human; rejects with the sentence when it fails. */
  refreshQuietly(profile: string): Promise<void>;
  /** Tell the user, in time, that a profile's credentials will run out (one-click refresh in the UI). */
  warn(profile: string, expiresAt: number, reason: 'needs_mfa' | 'refresh_failed', message: string): void;
}

/** Node's setTimeout fires at once for delays above 2^31-1 ms; longer waits re-arm. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * One timer, re-armed for the next due refresh: 10 minutes before a profile's credentials expire
 * (never before half their lifetime), it refreshes them where no human is needed, or warns so that
 * the user can refresh with one click. Each expiry is acted on once.
 */
export class RefreshScheduler {
  private handle: unknown;
  private armedFor: number | undefined;
  private readonly handled = new Set<string>();
  private disposed = false;

  constructor(
    private readonly host: RefreshHost,
    private readonly clock: Clock,
    private readonly timer: Timer = systemTimer,
    private readonly logger: Logger = silentLogger,
  ) {}

  /** Acts on anything due and arms the timer for the next. */
  start(): void {
    this.tick();
  }

  /** Re-arms after the held credentials changed. */
  reschedule(): void {
    if (this.disposed) return;
    this.arm(this.nextDue());
  }

  /** Acts on every profile due now, then re-arms. */
  tick(): void {
    if (this.disposed) return;
    const now = this.clock.now();
    for (const profile of this.host.watchedProfiles()) {
      const due = this.dueOf(profile);
      if (!due || due.at > now) continue;
      this.handled.add(due.key);
      if (due.expiresAt <= now) continue; // already expired: nothing to do in time; the UI shows it
      if (this.host.needsHuman(profile)) {
        this.logger.info(`Credentials of profile "${profile}" expire at ${new Date(due.expiresAt).toISOString()} and need an MFA code to refresh; telling the user.`);
        this.host.warn(profile, due.expiresAt, 'needs_mfa', `The credentials of profile "${profile}" expire in ${Math.max(1, Math.round((due.expiresAt - now) / 60_000))} min and need an MFA code to refresh.`);
        continue;
      }
      this.logger.info(`Refreshing profile "${profile}" before its credentials expire at ${new Date(due.expiresAt).toISOString()}.`);
      this.host.refreshQuietly(profile).catch((e: unknown) => {
        const message = (e as Error)?.message ?? String(e);
        this.logger.warn(`Background refresh of profile "${profile}" failed: ${message}`);
        this.host.warn(profile, due.expiresAt, 'refresh_failed', message);
      });
    }
    this.arm(this.nextDue());
  }

  dispose(): void {
    this.disposed = true;
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private dueOf(profile: string): { at: number; expiresAt: number; key: string } | undefined {
    const s = this.host.status(profile);
    if (!s || s.expiresAt === null) return undefined;
    const key = `${profile}\u0000${s.expiresAt}`;
    if (this.handled.has(key)) return undefined;
    return { at: refreshDueAt(s.obtainedAt, s.expiresAt)!, expiresAt: s.expiresAt, key };
  }

  private nextDue(): number | undefined {
    let next: number | undefined;
    const now = this.clock.now();
    for (const profile of this.host.watchedProfiles()) {
      const due = this.dueOf(profile);
      if (!due || due.expiresAt <= now) continue;
      if (next === undefined || due.at < next) next = due.at;
    }
    return next;
  }

  private arm(at: number | undefined): void {
    if (this.handle !== undefined && this.armedFor === at) return;
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
    this.armedFor = at;
    if (at === undefined) return;
    const delay = Math.min(Math.max(0, at - this.clock.now()), MAX_DELAY_MS);
    this.handle = this.timer.setTimeout(() => {
      this.handle = undefined;
      this.armedFor = undefined;
      this.tick();
    }, delay);
  }
}
