import type { Clock, CredentialStatus, Timer } from '../core/credentials/credentials';
import { refreshDueAt } from '../core/credentials/expiry';
import { silentLogger, type Logger } from '../core/common/logger';

export type { Timer } from '../core/credentials/credentials';

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
  /** Profiles in use, to keep fresh. */
  watchedProfiles(): string[];
  status(profile: string): CredentialStatus | undefined;
  needsHuman(profile: string): boolean;
  /** Refresh without a human; rejects with the sentence when it fails. */
  refreshQuietly(profile: string): Promise<void>;
  /** Tell the user, in time, that a profile's credentials will run out (one-click refresh in the UI). */
  warn(profile: string, expiresAt: number, reason: 'needs_mfa' | 'refresh_failed' | 'expired', message: string): void;
}

/** Node's setTimeout fires at once for delays above 2^31-1 ms; longer waits re-arm. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * While a refresh is pending the scheduler looks at least this often: timers do not advance while
 * the computer sleeps, so after a resume a refresh armed for "in 50 minutes" would come 50 minutes
 * late. Looking is cheap (the profiles in use, from memory).
 */
export const HEARTBEAT_MS = 60_000;

/** Each window refreshes up to this much after the due time (its own random share), so that windows rarely start together. */
export const MAX_JITTER_MS = 60_000;

/**
 * One timer, re-armed for the next due refresh: 10 minutes before a profile's credentials expire
 * (never before half their lifetime, plus this window's jitter), it refreshes them where no human is
 * needed, or warns so that the user can refresh with one click. Credentials found expired (after a
 * sleep) are refreshed the same way, or the user is told. Each expiry is acted on once.
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
    /** This window's share of MAX_JITTER_MS, 0 to 1 (tests fix it). */
    private readonly jitter: number = Math.random(),
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
      if (due.expiresAt <= now) {
        this.expired(profile, due.expiresAt);
        continue;
      }
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

  /** Found expired (the computer slept past the refresh): refresh if no human is needed, else say so once. */
  private expired(profile: string, expiresAt: number): void {
    if (this.host.needsHuman(profile)) {
      this.logger.info(`Credentials of profile "${profile}" expired at ${new Date(expiresAt).toISOString()} while nothing could refresh them; refreshing needs an MFA code: telling the user.`);
      this.host.warn(profile, expiresAt, 'expired', `The credentials of profile "${profile}" have expired and need an MFA code to refresh.`);
      return;
    }
    this.logger.info(`Credentials of profile "${profile}" expired at ${new Date(expiresAt).toISOString()} while nothing could refresh them (the computer slept?): refreshing.`);
    this.host.refreshQuietly(profile).catch((e: unknown) => {
      const message = (e as Error)?.message ?? String(e);
      this.logger.warn(`Refresh of profile "${profile}" after expiry failed: ${message}`);
      this.host.warn(profile, expiresAt, 'refresh_failed', message);
    });
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
    const at = refreshDueAt(s.obtainedAt, s.expiresAt)!;
    // The jitter never takes more than a quarter of what is left at the due time.
    return { at: at + Math.floor(this.jitter * Math.min(MAX_JITTER_MS, (s.expiresAt - at) / 4)), expiresAt: s.expiresAt, key };
  }

  /** The next due time, or the next look (HEARTBEAT_MS) when that comes first. */
  private nextDue(): number | undefined {
    let next: number | undefined;
    for (const profile of this.host.watchedProfiles()) {
      const due = this.dueOf(profile);
      if (!due) continue;
      if (next === undefined || due.at < next) next = due.at;
    }
    return next === undefined ? undefined : Math.min(next, this.clock.now() + HEARTBEAT_MS);
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
