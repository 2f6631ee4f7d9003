import { randomUUID } from 'node:crypto';
import type { AwsCredentials, CallerIdentity, Clock, SecretStore, StateStore, Timer } from '../core/credentials/credentials';
import { silentLogger, type Logger } from '../core/common/logger';
import { secretStorageRefused } from '../base/secretStorage';
import { CredentialIndex, EXPIRED_HOP_MAX_AGE_MS, NOTE_MAX_AGE_MS, type IndexEntry, type NotedProfile } from './credentialIndex';
import type { LockFolder } from '../base/lockFile';
import type { WindowLeases } from '../base/windowLease';
import { hopLeases, LEASE_PREFIX } from './hopLeases';
import { systemTimer } from './refreshScheduler';
import * as l10n from '@vscode/l10n';

/** The namespace and version of every secret this extension stores. */
export const SECRET_PREFIX = 'awsProfiles.credentials.v1/';

/** Written by "Clear All Credentials" (`{ at, by }`): every other window forgets what it holds, too. */
export const CLEARED_KEY = 'awsProfiles.cleared.v1';

/** What coordinates the store with other windows: time, a timer for bounded waits, the window's name in leases. */
export interface StoreOptions {
  logger?: Logger;
  clock?: Clock;
  timer?: Timer;
  windowId?: string;
  /** This machine's lock files (under globalStorage), which decide which window obtains a hop. */
  locks?: LockFolder;
}

/** What one secret holds: one hop's credentials. */
export interface StoredCredentials {
  credentials: AwsCredentials;
  expiresAt: number | null;
  obtainedAt: number;
  identity?: CallerIdentity;
}

/**
 * The credential store: one SecretStorage entry per hop (`awsProfiles.credentials.v1/<fingerprint>`)
 * with its expiry index in the StateStore (credentialIndex.ts), and the leases that let one window
 * obtain a hop while the others wait (hopLeases.ts). It stays in step with other windows through
 * `secrets.onDidChange`, and keeps decrypted entries in memory so that a warm request does not reach
 * SecretStorage; where SecretStorage refuses them, they live in this window's memory only.
 */
export class CredentialStore {
  private readonly index: CredentialIndex;
  private readonly leases: WindowLeases;
  private readonly memory = new Map<string, StoredCredentials>();
  private readonly listeners = new Set<(fingerprint: string, profiles: string[]) => void>();
  private readonly clearedListeners = new Set<() => void>();
  private readonly subscription: { dispose(): void };
  private readonly failureListeners = new Set<(message: string) => void>();
  private failureTold = false;
  private readonly logger: Logger;
  private readonly clock: Clock;
  /** This window's name in leases and the Clear All marker. */
  readonly windowId: string;

  constructor(
    private readonly secrets: SecretStore,
    state: StateStore,
    options: StoreOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.windowId = options.windowId ?? randomUUID();
    this.index = new CredentialIndex(state, this.logger);
    this.leases = hopLeases(secrets, { clock: this.clock, timer: options.timer ?? systemTimer, windowId: this.windowId, logger: this.logger, locks: options.locks });
    this.subscription = secrets.onDidChange((key) => {
      if (key.startsWith(SECRET_PREFIX)) {
        const fp = key.slice(SECRET_PREFIX.length);
        void this.onSecretChanged(fp).finally(() => this.leases.wake(fp));
      } else if (key.startsWith(LEASE_PREFIX)) this.leases.wake(key.slice(LEASE_PREFIX.length));
      else if (key === CLEARED_KEY) void this.onClearedElsewhere();
    });
    void this.prune();
  }

  /** The index entry of a hop (synchronous). */
  entry(fingerprint: string): IndexEntry | undefined {
    return this.index.entry(fingerprint);
  }

  /** The top fingerprint a profile was last handed out with, if any. */
  profileTop(profile: string): string | undefined {
    return this.index.noted(profile)?.top;
  }

  /** What the index knows of a handed-out profile. */
  noted(profile: string): NotedProfile | undefined {
    return this.index.noted(profile);
  }

  /** Profiles handed out and not cleared. */
  profiles(): string[] {
    return this.index.notes().map(([profile]) => profile);
  }

  /** A hop's stored credentials, from memory or SecretStorage; undefined when none or unreadable. */
  async read(fingerprint: string): Promise<StoredCredentials | undefined> {
    const cached = this.memory.get(fingerprint);
    if (cached) return cached;
    return this.reread(fingerprint);
  }

  /**
   * A hop's stored credentials as SecretStorage has them now, not as this window last saw them:
   * another window may have refreshed them a moment ago. Newer ones are adopted.
   */
  async reread(fingerprint: string): Promise<StoredCredentials | undefined> {
    let text: string | undefined;
    try {
      text = await this.secrets.get(SECRET_PREFIX + fingerprint);
    } catch {
      text = undefined; // no SecretStorage: what this window holds is all there is
    }
    if (text === undefined) return this.memory.get(fingerprint);
    const parsed = parseStored(text);
    if (!parsed) {
      this.logger.warn(`A stored credential entry (${fingerprint.slice(0, 8)}…) could not be read and was removed.`);
      await this.delete(fingerprint);
      return undefined;
    }
    const known = this.memory.get(fingerprint);
    if (known && known.obtainedAt >= parsed.obtainedAt) return known;
    this.adopt(fingerprint, parsed);
    return parsed;
  }

  /** Stores one hop's credentials; the index is written first, so it always knows every secret there is. */
  async write(fingerprint: string, stored: StoredCredentials, meta: { kind: string; profile: string }): Promise<void> {
    const previous = this.index.entry(fingerprint);
    const profiles = previous ? [...new Set([...previous.profiles, meta.profile])] : [meta.profile];
    this.index.setHop(fingerprint, { expiresAt: stored.expiresAt, obtainedAt: stored.obtainedAt, identity: stored.identity, kind: meta.kind, profiles });
    this.memory.set(fingerprint, stored);
    await this.index.persist();
    try {
      // The kind and profiles (not secret) travel with the secret, so another window knows whom it concerns.
      await this.secrets.store(SECRET_PREFIX + fingerprint, JSON.stringify({ v: 1, ...stored, kind: meta.kind, profiles }));
      this.index.storedInSecrets(fingerprint);
    } catch (e) {
      // No keyring (Linux without one, some remote set-ups): the credentials still work in this
      // window, from memory; the saved index must not claim them after a restart.
      this.index.keepInMemoryOnly(fingerprint);
      await this.index.persist();
      this.storageFailed(e);
    }
  }

  /** Claims the right to obtain a hop's credentials (hopLeases.ts), unless another window holds it. */
  claim(fingerprint: string): Promise<{ mine: true } | { mine: false; until: number }> {
    return this.leases.claim(fingerprint);
  }

  /** Gives up this window's lease of a hop (the others, waiting, look at what it stored); `settled`: it stored a result. */
  release(fingerprint: string, options: { settled?: boolean } = {}): Promise<void> {
    return this.leases.release(fingerprint, options);
  }

  /** Resolves when a hop's credentials or lease change in any window, or at `until` (epoch ms), or on abort, whichever comes first. */
  whenChanged(fingerprint: string, until: number, signal?: AbortSignal): Promise<void> {
    return this.leases.whenChanged(fingerprint, until, signal);
  }

  /** Fires once, with a sentence, the first time SecretStorage refuses to keep credentials. */
  onStorageFailure(listener: (message: string) => void): { dispose(): void } {
    this.failureListeners.add(listener);
    return { dispose: () => this.failureListeners.delete(listener) };
  }

  private storageFailed(e: unknown): void {
    if (this.failureTold) return;
    this.failureTold = true;
    const message = secretStorageRefused(e, { what: l10n.t('credentials'), plural: true, elsewhere: l10n.t('other windows assume the role again') });
    this.logger.warn(message);
    for (const l of this.failureListeners) l(message);
  }

  /** Records that a profile was handed out with this top hop (and the hop's identity when learnt later). */
  async noteProfile(profile: string, top: string, usedAt: number, identity?: CallerIdentity): Promise<void> {
    const current = this.index.noted(profile);
    const identityChanged = identity !== undefined && JSON.stringify(current?.identity) !== JSON.stringify(identity);
    if (current?.top === top && !identityChanged && usedAt - current.usedAt < 60_000) return;
    this.index.setNote(profile, { top, usedAt, identity: identity ?? (current?.top === top ? current.identity : undefined) });
    await this.index.persist();
  }

  /** Removes one hop's secret and index entry. */
  async delete(fingerprint: string): Promise<void> {
    this.forgetHop(fingerprint);
    await this.index.persist();
    await this.removeSecret(fingerprint);
  }

  /** Deletes a secret; where SecretStorage fails, there is nothing in it to delete: the failure is logged. */
  private async removeSecret(fingerprint: string): Promise<void> {
    try {
      await this.secrets.delete(SECRET_PREFIX + fingerprint);
    } catch (e) {
      this.logger.warn(`A stored credential entry (${fingerprint.slice(0, 8)}…) could not be deleted from VS Code's secret storage: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Removes every hop any of whose chains belonged to the profile, plus the given fingerprints; returns what was removed. */
  async clearProfile(profile: string, fingerprints: Iterable<string>): Promise<string[]> {
    const doomed = new Set(fingerprints);
    for (const [fp, e] of this.index.hops()) if (e.profiles.includes(profile)) doomed.add(fp);
    this.index.deleteNote(profile);
    for (const fp of doomed) this.forgetHop(fp);
    await this.index.persist();
    await Promise.all([...doomed].map((fp) => this.removeSecret(fp)));
    return [...doomed];
  }

  /** Removes every secret the extension stored, and tells the other windows to forget what they hold. */
  async clearAll(): Promise<string[]> {
    const doomed = this.index.hops().map(([fp]) => fp);
    this.forgetEverything();
    await this.index.persist();
    await Promise.all(doomed.map((fp) => this.removeSecret(fp)));
    try {
      await this.secrets.store(CLEARED_KEY, JSON.stringify({ at: this.clock.now(), by: this.windowId }));
    } catch {
      // Without SecretStorage, other windows hold nothing of this one's to forget.
    }
    return doomed;
  }

  /** Fires when another window ran "Clear All Credentials" (this window's store is then empty too). */
  onDidClearAll(listener: () => void): { dispose(): void } {
    this.clearedListeners.add(listener);
    return { dispose: () => this.clearedListeners.delete(listener) };
  }

  /** Fires with a fingerprint whose stored credentials changed in another window (or were removed), and the profiles that used it. */
  onDidChange(listener: (fingerprint: string, profiles: string[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
    this.clearedListeners.clear();
    this.failureListeners.clear();
    this.leases.dispose();
  }

  /** Another window (or this one) changed a secret: re-read it, so the index and memory follow. */
  private async onSecretChanged(fingerprint: string): Promise<void> {
    let text: string | undefined;
    try {
      text = await this.secrets.get(SECRET_PREFIX + fingerprint);
    } catch {
      return;
    }
    const parsed = text === undefined ? undefined : parseStored(text);
    const known = this.memory.get(fingerprint);
    if (parsed && known && sameStored(parsed, known)) return; // our own write echoing back
    if (!parsed && !this.index.entry(fingerprint) && !known) return; // our own delete echoing back
    const profiles = [...new Set([...(this.index.entry(fingerprint)?.profiles ?? []), ...(parsed?.profiles ?? [])])];
    if (parsed) this.adopt(fingerprint, parsed);
    else this.forgetHop(fingerprint);
    await this.index.persist();
    for (const l of this.listeners) l(fingerprint, profiles);
  }

  /** Takes in credentials another window stored. */
  private adopt(fingerprint: string, parsed: StoredCredentials & { kind?: string; profiles?: string[] }): void {
    const previous = this.index.entry(fingerprint);
    this.memory.set(fingerprint, parsed);
    this.index.storedInSecrets(fingerprint);
    this.index.setHop(fingerprint, {
      expiresAt: parsed.expiresAt,
      obtainedAt: parsed.obtainedAt,
      identity: parsed.identity ?? previous?.identity,
      kind: parsed.kind ?? previous?.kind ?? 'unknown',
      profiles: [...new Set([...(previous?.profiles ?? []), ...(parsed.profiles ?? [])])],
    });
  }

  /** Another window cleared everything: so does this one (what it held in memory only, too). */
  private async onClearedElsewhere(): Promise<void> {
    let marker: { by?: unknown } | undefined;
    try {
      marker = JSON.parse((await this.secrets.get(CLEARED_KEY)) ?? 'null') as { by?: unknown } | undefined;
    } catch {
      return;
    }
    if (!marker || marker.by === this.windowId) return;
    const hops = this.index.hops();
    this.forgetEverything();
    await this.index.persist();
    this.logger.info('Another window cleared all stored credentials: this window holds none any more either.');
    for (const [fp, e] of hops) for (const l of this.listeners) l(fp, e.profiles);
    for (const l of this.clearedListeners) l();
  }

  private forgetHop(fingerprint: string): void {
    this.memory.delete(fingerprint);
    this.index.forgetHop(fingerprint);
  }

  private forgetEverything(): void {
    this.index.clear();
    this.memory.clear();
  }

  /** Drops notes of profiles unused for 30 days and hops expired for a day (their secrets too): the index does not grow forever. */
  private async prune(): Promise<void> {
    const now = this.clock.now();
    const hops = this.index.hops().filter(([, e]) => e.expiresAt !== null && now - e.expiresAt > EXPIRED_HOP_MAX_AGE_MS).map(([fp]) => fp);
    const notes = this.index.notes().filter(([, n]) => now - n.usedAt > NOTE_MAX_AGE_MS).map(([p]) => p);
    if (hops.length === 0 && notes.length === 0) return;
    for (const p of notes) this.index.deleteNote(p);
    for (const fp of hops) this.forgetHop(fp);
    await this.index.persist();
    await Promise.all(hops.map((fp) => this.removeSecret(fp)));
  }
}

function parseStored(text: string): (StoredCredentials & { kind?: string; profiles?: string[] }) | undefined {
  try {
    const o = JSON.parse(text) as Partial<StoredCredentials> & { v?: number; kind?: unknown; profiles?: unknown };
    const c = o.credentials;
    if (o.v !== 1 || !c || typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string' || typeof o.obtainedAt !== 'number') return undefined;
    if (o.expiresAt !== null && typeof o.expiresAt !== 'number') return undefined;
    const profiles = Array.isArray(o.profiles) ? o.profiles.filter((p): p is string => typeof p === 'string') : undefined;
    return { credentials: c, expiresAt: o.expiresAt, obtainedAt: o.obtainedAt, identity: o.identity, kind: typeof o.kind === 'string' ? o.kind : undefined, profiles };
  } catch {
    return undefined;
  }
}

function sameStored(a: StoredCredentials, b: StoredCredentials): boolean {
  return a.credentials.accessKeyId === b.credentials.accessKeyId && a.expiresAt === b.expiresAt && a.obtainedAt === b.obtainedAt;
}
