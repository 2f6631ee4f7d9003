import type { Clock, StateStore } from '../core/credentials/credentials';
import { CancelledError, UserError } from '../core/common/errors';
import { silentLogger, type Logger } from '../core/common/logger';
import { hasOwn, setOwn } from '../core/common/objects';
import { ageDays, isOverAge, isReportCurrent, ownKey, type KeyReport } from '../core/keys/accessKeys';
import { keyItemViews, type KeyItemView } from '../core/keys/keyViews';
import { KEY_NOTIFIED_KEY, KEY_REPORTS_KEY } from './keyState';
import * as l10n from '@vscode/l10n';

/** What the key items need besides the reports (passed in by activate()). */
export interface KeyNodesDeps {
  /** The long-term key id of a profile (its own IAM user keys), undefined for any other profile. */
  keyOf(profile: string): string | undefined;
  /** Asks IAM about a profile's key. */
  inspect(profile: string): Promise<KeyReport>;
  state: StateStore;
  clock: Clock;
  /** `awsProfiles.keys.maxAgeDays`. */
  maxAgeDays(): number;
  /** The calendar day of a time, in the user's zone (reports are kept for the day). */
  dayOf(ms: number): string;
  /** Every profile's name (checkAges with no argument looks at them all). */
  profiles?(): Iterable<string>;
  logger?: Logger;
}

/**
 * The items under each profile with IAM user keys: fetched from IAM when the profile is first
 * expanded (ListAccessKeys, GetAccessKeyLastUsed, ListMFADevices on the caller's own user), kept for
 * the day across reloads, one quiet line where IAM refuses. A key past `awsProfiles.keys.maxAgeDays`
 * is marked, and once a day `onOldKey` fires for one such profile (the UI offers to rotate it).
 */
export class KeyNodes {
  private readonly loading = new Map<string, Promise<void>>();
  private readonly failures = new Map<string, KeyReport>();
  private readonly listeners = new Set<(profile: string) => void>();
  private readonly oldListeners = new Set<(profile: string, report: KeyReport) => void>();
  private readonly logger: Logger;

  constructor(private readonly deps: KeyNodesDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** The items under a profile (empty for a profile without long-term keys); the first call asks IAM. */
  children(profile: string): KeyItemView[] {
    const keyId = this.deps.keyOf(profile);
    if (keyId === undefined) return [];
    const now = this.deps.clock.now();
    // A failure stays until "Refresh"; a report stays for the day.
    const failure = this.failures.get(keyId);
    if (failure) return this.views(profile, failure);
    const report = this.stored(keyId);
    if (isReportCurrent(report, keyId, now, this.deps.dayOf)) return this.views(profile, report);
    void this.fetch(profile, keyId);
    return this.views(profile, 'loading');
  }

  private views(profile: string, report: KeyReport | 'loading'): KeyItemView[] {
    return keyItemViews(profile, report, this.deps.clock.now(), this.deps.maxAgeDays(), (ms) => new Date(ms).toLocaleDateString());
  }

  /** The age of a profile's key where a report (of any day) knows it, for the profile's own item: its tooltip's line, and the mark of a key past the limit. */
  keyAge(profile: string): { text: string; mark?: string } | undefined {
    const keyId = this.deps.keyOf(profile);
    const report = keyId === undefined ? undefined : this.stored(keyId);
    const own = report && ownKey(report);
    if (!own) return undefined;
    const now = this.deps.clock.now();
    const days = ageDays(own.createdAt, now);
    return isOverAge(report, now, this.deps.maxAgeDays())
      ? { text: l10n.t('{0} days old: rotate it ("Rotate Access Keys…")', days), mark: l10n.t('key {0} days old', days) }
      : { text: l10n.t('{0} days old', days) };
  }

  /** Asks IAM again (after a rotation, or "Refresh"); resolves when the answer has landed. */
  refresh(profile: string): Promise<void> {
    const keyId = this.deps.keyOf(profile);
    if (keyId === undefined) return Promise.resolve();
    this.failures.delete(keyId);
    return this.fetch(profile, keyId, true);
  }

  /**
   * Looks at the keys known from earlier reports (no IAM call): the first profile whose key is past
   * the limit fires `onOldKey`, once a day at most.
   */
  checkAges(profiles: Iterable<string> = this.deps.profiles?.() ?? []): void {
    for (const profile of profiles) {
      const keyId = this.deps.keyOf(profile);
      const report = keyId === undefined ? undefined : this.stored(keyId);
      if (report && isOverAge(report, this.deps.clock.now(), this.deps.maxAgeDays()) && this.remind(profile, report)) return;
    }
  }

  /** Resolves when the profile's fetch in flight (if any) has landed. */
  settled(profile: string): Promise<void> {
    const keyId = this.deps.keyOf(profile);
    return (keyId !== undefined && this.loading.get(keyId)) || Promise.resolve();
  }

  /** Fires with the profile whose key items changed. */
  onDidChange(listener: (profile: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Fires, once a day at most, with a profile whose key is older than `awsProfiles.keys.maxAgeDays`. */
  onOldKey(listener: (profile: string, report: KeyReport) => void): { dispose(): void } {
    this.oldListeners.add(listener);
    return { dispose: () => this.oldListeners.delete(listener) };
  }

  dispose(): void {
    this.listeners.clear();
    this.oldListeners.clear();
  }

  private stored(keyId: string): KeyReport | undefined {
    const all = this.deps.state.get<Record<string, KeyReport>>(KEY_REPORTS_KEY);
    return all && hasOwn(all, keyId) ? all[keyId] : undefined;
  }

  private fetch(profile: string, keyId: string, announce = false): Promise<void> {
    const running = this.loading.get(keyId);
    if (running) return running;
    if (announce) this.fire(profile);
    const done = this.perform(profile, keyId).finally(() => this.loading.delete(keyId));
    this.loading.set(keyId, done);
    return done;
  }

  private async perform(profile: string, keyId: string): Promise<void> {
    let report: KeyReport;
    try {
      report = await this.deps.inspect(profile);
    } catch (e) {
      const message = e instanceof CancelledError ? 'cancelled' : e instanceof UserError ? e.message : String((e as Error)?.message ?? e);
      if (!(e instanceof UserError) && !(e instanceof CancelledError)) this.logger.error(`Asking IAM about the key of profile "${profile}" failed unexpectedly: ${(e as Error)?.stack ?? e}`);
      else this.logger.info(`IAM said nothing about the key of profile "${profile}": ${message}`);
      this.failures.set(keyId, { accessKeyId: keyId, fetchedAt: this.deps.clock.now(), keys: [], failed: message });
      this.fire(profile);
      return;
    }
    this.failures.delete(keyId);
    const all: Record<string, KeyReport> = {};
    const now = this.deps.clock.now();
    // Reports of keys gone for a month are dropped.
    for (const [id, r] of Object.entries(this.deps.state.get<Record<string, KeyReport>>(KEY_REPORTS_KEY) ?? {})) if (now - r.fetchedAt < 30 * 86_400_000) setOwn(all, id, r);
    setOwn(all, keyId, report);
    await this.deps.state.update(KEY_REPORTS_KEY, all);
    this.fire(profile);
    if (isOverAge(report, now, this.deps.maxAgeDays())) this.remind(profile, report);
  }

  /** Fires onOldKey unless it fired today already; true when it did. */
  private remind(profile: string, report: KeyReport): boolean {
    const today = this.deps.dayOf(this.deps.clock.now());
    if (this.deps.state.get<string>(KEY_NOTIFIED_KEY) === today || this.oldListeners.size === 0) return false;
    void this.deps.state.update(KEY_NOTIFIED_KEY, today);
    for (const l of [...this.oldListeners]) l(profile, report);
    return true;
  }

  private fire(profile: string): void {
    for (const l of [...this.listeners]) l(profile);
  }
}
