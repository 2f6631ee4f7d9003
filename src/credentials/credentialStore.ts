import { randomUUID } from 'node:crypto';
import type { AwsCredentials, CallerIdentity, Clock, SecretStore, StateStore, Timer } from '../core/credentials/credentials';
import { silentLogger, type Logger } from '../core/common/logger';
import { secretStorageRefused } from '../base/secretStorage';

/** The namespace and version of every secret this extension stores. */
export const SECRET_PREFIX = 'awsProfiles.credentials.v1/';

/** The StateStore key of the expiry index (non-secret: times, identities, profile names). */
export const INDEX_KEY = 'awsProfiles.credentialIndex.v1';

/**
 * A window about to obtain a hop's credentials says so here (`{ owner, until }`, nothing secret), so
 * that other windows wait for its result instead of calling STS or asking for an MFA code too.
 * SecretStorage, because it is the store every window shares that tells the others of a change.
 */
export const LEASE_PREFIX = 'awsProfiles.lease.v1/';

/** Written by "Clear All Credentials" (`{ at, by }`): every other window forgets what it holds, too. */
export const CLEARED_KEY = 'awsProfiles.cleared.v1';

/** How long a lease holds: an STS call with its retries, or an MFA code being typed. */
export const LEASE_MS = 2 * 60_000;

/** Notes of profiles not handed out for this long are dropped from the index when it is read. */
export const NOTE_MAX_AGE_MS = 30 * 24 * 3600_000;

/** Hops whose credentials expired this long ago are dropped (index and secret) when the index is read. */
export const EXPIRED_HOP_MAX_AGE_MS = 24 * 3600_000;

/** What coordinates the store with other windows: time, a timer for bounded waits, the window's name in leases. */
export interface StoreOptions {
  logger?: Logger;
  clock?: Clock;
  timer?: Timer;
  windowId?: string;
}

/** What one secret holds: one hop's credentials. */
export interface StoredCredentials {
  credentials: AwsCredentials;
  expiresAt: number | null;
  obtainedAt: number;
  identity?: CallerIdentity;
}

/** The non-secret facts of one stored hop, kept in the index so that status is synchronous after a restart. */
export interface IndexEntry {
  expiresAt: number | null;
  obtainedAt: number;
  identity?: CallerIdentity;
  /** The step kind ('assume_role', 'mfa_session', …). */
  kind: string;
  /** Profiles whose chains used this hop (clearing any of them removes it). */
  profiles: string[];
}

/** A profile handed out: its top fingerprint, when it was last asked for, and who it acts as when known. */
export interface NotedProfile {
  top: string;
  usedAt: number;
  identity?: CallerIdentity;
}

interface IndexData {
  v: 1;
  hops: Record<string, IndexEntry>;
  /** Profiles handed out, with their top fingerprint and when they were last asked for. */
  profiles: Record<string, NotedProfile>;
}

function emptyIndex(): IndexData {
  return { v: 1, hops: {}, profiles: {} };
}

/**
 * The credential store: one SecretStorage entry per hop (`awsProfiles.credentials.v1/<fingerprint>`)
 * and an index of expiry times in the StateStore. It stays in step with other windows through
 * `secrets.onDidChange`, and keeps decrypted entries in memory so that a warm request does not
 * reach SecretStorage.
 */
export class CredentialStore {
  private index: IndexData;
  private readonly memory = new Map<string, StoredCredentials>();
  private readonly listeners = new Set<(fingerprint: string, profiles: string[]) => void>();
  private readonly clearedListeners = new Set<() => void>();
  private readonly subscription: { dispose(): void };
  private persisting: Promise<void> = Promise.resolve();
  /** Hops SecretStorage refused: held in this window's memory only, and left out of the saved index. */
  private readonly memoryOnly = new Set<string>();
  private readonly failureListeners = new Set<(message: string) => void>();
  private failureTold = false;
  /** What this window changed in the index since it last saved it: only that is written over what other windows saved. */
  private readonly changed = { hops: new Set<string>(), profiles: new Set<string>(), all: false };
  /** Callbacks of requests waiting for another window's result, by fingerprint. */
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly timer: Timer | undefined;
  /** This window's name in leases and the Clear All marker. */
  readonly windowId: string;

  constructor(
    private readonly secrets: SecretStore,
    private readonly state: StateStore,
    options: StoreOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.timer = options.timer;
    this.windowId = options.windowId ?? randomUUID();
    this.index = this.loadIndex();
    this.subscription = secrets.onDidChange((key) => {
      if (key.startsWith(SECRET_PREFIX)) {
        const fp = key.slice(SECRET_PREFIX.length);
        void this.onSecretChanged(fp).finally(() => this.wake(fp));
      } else if (key.startsWith(LEASE_PREFIX)) this.wake(key.slice(LEASE_PREFIX.length));
      else if (key === CLEARED_KEY) void this.onClearedElsewhere();
    });
    void this.prune();
  }

  /** The index entry of a hop (synchronous). */
  entry(fingerprint: string): IndexEntry | undefined {
    return this.index.hops[fingerprint];
  }

  /** The top fingerprint a profile was last handed out with, if any. */
  profileTop(profile: string): string | undefined {
    return this.index.profiles[profile]?.top;
  }

  /** What the index knows of a handed-out profile. */
  noted(profile: string): NotedProfile | undefined {
    return this.index.profiles[profile];
  }

  /** Profiles handed out and not cleared. */
  profiles(): string[] {
    return Object.keys(this.index.profiles);
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
    const previous = this.index.hops[fingerprint];
    const profiles = previous ? [...new Set([...previous.profiles, meta.profile])] : [meta.profile];
    this.setHop(fingerprint, { expiresAt: stored.expiresAt, obtainedAt: stored.obtainedAt, identity: stored.identity, kind: meta.kind, profiles });
    this.memory.set(fingerprint, stored);
    await this.persist();
    try {
      // The kind and profiles (not secret) travel with the secret, so another window knows whom it concerns.
      await this.secrets.store(SECRET_PREFIX + fingerprint, JSON.stringify({ v: 1, ...stored, kind: meta.kind, profiles }));
      this.memoryOnly.delete(fingerprint);
    } catch (e) {
      // No keyring (Linux without one, some remote set-ups): the credentials still work in this
      // window, from memory; the saved index must not claim them after a restart.
      this.memoryOnly.add(fingerprint);
      this.changed.hops.add(fingerprint);
      await this.persist();
      this.storageFailed(e);
    }
  }

  /**
   * Claims the right to obtain a hop's credentials for LEASE_MS, unless another window holds it: then
   * `until` says how long to wait for its result at most. Two windows claiming at once both read
   * back what was written last, so one of them wins. Without a working SecretStorage there is no
   * one to coordinate with: the claim is granted.
   */
  async claim(fingerprint: string): Promise<{ mine: true } | { mine: false; until: number }> {
    const key = LEASE_PREFIX + fingerprint;
    try {
      const now = this.clock.now();
      const other = (lease: Lease | undefined) => lease !== undefined && lease.owner !== this.windowId && lease.until > now;
      const waiting = (lease: Lease) => {
        this.logger.info(`Another window is obtaining these credentials (hop ${fingerprint.slice(0, 8)}…): waiting for its result, ${Math.ceil((lease.until - now) / 1000)} s at most.`);
        return { mine: false as const, until: lease.until };
      };
      const held = parseLease(await this.secrets.get(key));
      if (other(held)) return waiting(held!);
      await this.secrets.store(key, JSON.stringify({ owner: this.windowId, until: now + LEASE_MS } satisfies Lease));
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
      if (parseLease(await this.secrets.get(key))?.owner === this.windowId) await this.secrets.delete(key);
    } catch {
      // Nothing was claimed in a SecretStorage that does not work.
    }
  }

  /** Resolves when a hop's credentials or lease change in any window, or at `until` (epoch ms), or on abort, whichever comes first. */
  whenChanged(fingerprint: string, until: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let handle: unknown;
      const done = () => {
        this.waiters.get(fingerprint)?.delete(done);
        if (handle !== undefined) this.timer?.clearTimeout(handle);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      signal?.addEventListener('abort', done, { once: true });
      let set = this.waiters.get(fingerprint);
      if (!set) this.waiters.set(fingerprint, (set = new Set()));
      set.add(done);
      const delay = Math.max(0, until - this.clock.now());
      handle = this.timer ? this.timer.setTimeout(done, delay) : undefined;
    });
  }

  private wake(fingerprint: string): void {
    for (const done of [...(this.waiters.get(fingerprint) ?? [])]) done();
  }

  /** Fires once, with a sentence, the first time SecretStorage refuses to keep credentials. */
  onStorageFailure(listener: (message: string) => void): { dispose(): void } {
    this.failureListeners.add(listener);
    return { dispose: () => this.failureListeners.delete(listener) };
  }

  private storageFailed(e: unknown): void {
    if (this.failureTold) return;
    this.failureTold = true;
    const message = secretStorageRefused(e, { what: 'credentials', kept: 'They are', elsewhere: 'other windows assume the role again' });
    this.logger.warn(message);
    for (const l of this.failureListeners) l(message);
  }

  /** Records that a profile was handed out with this top hop (and the hop's identity when learnt later). */
  async noteProfile(profile: string, top: string, usedAt: number, identity?: CallerIdentity): Promise<void> {
    const current = this.index.profiles[profile];
    const identityChanged = identity !== undefined && JSON.stringify(current?.identity) !== JSON.stringify(identity);
    if (current?.top === top && !identityChanged && usedAt - current.usedAt < 60_000) return;
    this.index.profiles[profile] = { top, usedAt, identity: identity ?? (current?.top === top ? current.identity : undefined) };
    this.changed.profiles.add(profile);
    await this.persist();
  }

  /** Removes one hop's secret and index entry. */
  async delete(fingerprint: string): Promise<void> {
    this.forgetHop(fingerprint);
    await this.persist();
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
    for (const [fp, e] of Object.entries(this.index.hops)) if (e.profiles.includes(profile)) doomed.add(fp);
    delete this.index.profiles[profile];
    this.changed.profiles.add(profile);
    for (const fp of doomed) this.forgetHop(fp);
    await this.persist();
    await Promise.all([...doomed].map((fp) => this.removeSecret(fp)));
    return [...doomed];
  }

  /** Removes every secret the extension stored, and tells the other windows to forget what they hold. */
  async clearAll(): Promise<string[]> {
    const doomed = Object.keys(this.index.hops);
    this.forgetEverything();
    await this.persist();
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
    for (const fp of [...this.waiters.keys()]) this.wake(fp);
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
    if (!parsed && !this.index.hops[fingerprint] && !known) return; // our own delete echoing back
    const profiles = [...new Set([...(this.index.hops[fingerprint]?.profiles ?? []), ...(parsed?.profiles ?? [])])];
    if (parsed) this.adopt(fingerprint, parsed);
    else this.forgetHop(fingerprint);
    await this.persist();
    for (const l of this.listeners) l(fingerprint, profiles);
  }

  /** Takes in credentials another window stored. */
  private adopt(fingerprint: string, parsed: StoredCredentials & { kind?: string; profiles?: string[] }): void {
    const previous = this.index.hops[fingerprint];
    this.memory.set(fingerprint, parsed);
    this.memoryOnly.delete(fingerprint);
    this.setHop(fingerprint, {
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
    const hops = Object.entries(this.index.hops);
    this.forgetEverything();
    await this.persist();
    this.logger.info('Another window cleared all stored credentials: this window holds none any more either.');
    for (const [fp, e] of hops) for (const l of this.listeners) l(fp, e.profiles);
    for (const l of this.clearedListeners) l();
  }

  private setHop(fingerprint: string, entry: IndexEntry): void {
    this.index.hops[fingerprint] = entry;
    this.changed.hops.add(fingerprint);
  }

  private forgetHop(fingerprint: string): void {
    this.memory.delete(fingerprint);
    this.memoryOnly.delete(fingerprint);
    delete this.index.hops[fingerprint];
    this.changed.hops.add(fingerprint);
  }

  private forgetEverything(): void {
    this.index = emptyIndex();
    this.memory.clear();
    this.memoryOnly.clear();
    this.changed.hops.clear();
    this.changed.profiles.clear();
    this.changed.all = true;
  }

  /** Drops notes of profiles unused for 30 days and hops expired for a day (their secrets too): the index does not grow forever. */
  private async prune(): Promise<void> {
    const now = this.clock.now();
    const hops = Object.entries(this.index.hops).filter(([, e]) => e.expiresAt !== null && now - e.expiresAt > EXPIRED_HOP_MAX_AGE_MS).map(([fp]) => fp);
    const notes = Object.entries(this.index.profiles).filter(([, n]) => now - n.usedAt > NOTE_MAX_AGE_MS).map(([p]) => p);
    if (hops.length === 0 && notes.length === 0) return;
    for (const p of notes) {
      delete this.index.profiles[p];
      this.changed.profiles.add(p);
    }
    for (const fp of hops) this.forgetHop(fp);
    await this.persist();
    await Promise.all(hops.map((fp) => this.removeSecret(fp)));
  }

  private loadIndex(): IndexData {
    const raw = this.state.get<IndexData>(INDEX_KEY);
    if (!raw || raw.v !== 1 || typeof raw.hops !== 'object' || typeof raw.profiles !== 'object') return emptyIndex();
    return { v: 1, hops: { ...raw.hops }, profiles: { ...raw.profiles } };
  }

  /**
   * Writes the index: what this window changed since it last wrote, over what the store holds now
   * (other windows write it too, so a whole snapshot would undo theirs), and takes in theirs.
   * Writes are serialised so that a later state never loses to an earlier one.
   */
  private persist(): Promise<void> {
    this.persisting = this.persisting
      .then(() => {
        const saved = this.changed.all ? emptyIndex() : this.loadIndex();
        for (const fp of this.changed.hops) {
          const e = this.memoryOnly.has(fp) ? undefined : this.index.hops[fp]; // memory-only: never claimed on disk
          if (e) saved.hops[fp] = e;
          else delete saved.hops[fp];
        }
        for (const p of this.changed.profiles) {
          const n = this.index.profiles[p];
          if (n) saved.profiles[p] = n;
          else delete saved.profiles[p];
        }
        for (const [fp, e] of Object.entries(saved.hops)) if (!(fp in this.index.hops)) this.index.hops[fp] = e;
        for (const [p, n] of Object.entries(saved.profiles)) if (!(p in this.index.profiles)) this.index.profiles[p] = n;
        this.changed.hops.clear();
        this.changed.profiles.clear();
        this.changed.all = false;
        return this.state.update(INDEX_KEY, JSON.parse(JSON.stringify(saved)));
      })
      .catch((e: unknown) => {
        this.logger.warn(`The credential expiry index could not be saved: ${(e as Error).message}`);
      });
    return this.persisting;
  }
}

interface Lease {
  owner: string;
  until: number;
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
