import type { AwsCredentials, CallerIdentity, SecretStore, StateStore } from '../core/credentials/credentials';
import { silentLogger, type Logger } from '../core/common/logger';

/** The namespace and version of every secret this extension stores. */
export const SECRET_PREFIX = 'awsProfiles.credentials.v1/';

/** The StateStore key of the expiry index (non-secret: times, identities, profile names). */
export const INDEX_KEY = 'awsProfiles.credentialIndex.v1';

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
  private readonly subscription: { dispose(): void };
  private persisting: Promise<void> = Promise.resolve();
  /** Hops SecretStorage refused: held in this window's memory only, and left out of the saved index. */
  private readonly memoryOnly = new Set<string>();
  private readonly failureListeners = new Set<(message: string) => void>();
  private failureTold = false;

  constructor(
    private readonly secrets: SecretStore,
    private readonly state: StateStore,
    private readonly logger: Logger = silentLogger,
  ) {
    this.index = this.loadIndex();
    this.subscription = secrets.onDidChange((key) => {
      if (key.startsWith(SECRET_PREFIX)) void this.onSecretChanged(key.slice(SECRET_PREFIX.length));
    });
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

  /** Profiles handed out and not cleared (the ones refresh watches). */
  profiles(): string[] {
    return Object.keys(this.index.profiles);
  }

  /** A hop's stored credentials, from memory or SecretStorage; undefined when none or unreadable. */
  async read(fingerprint: string): Promise<StoredCredentials | undefined> {
    const cached = this.memory.get(fingerprint);
    if (cached) return cached;
    const text = await this.secrets.get(SECRET_PREFIX + fingerprint);
    if (text === undefined) return undefined;
    const parsed = parseStored(text);
    if (!parsed) {
      this.logger.warn(`A stored credential entry (${fingerprint.slice(0, 8)}…) could not be read and was removed.`);
      await this.delete(fingerprint);
      return undefined;
    }
    this.memory.set(fingerprint, parsed);
    return parsed;
  }

  /** Stores one hop's credentials; the index is written first, so it always knows every secret there is. */
  async write(fingerprint: string, stored: StoredCredentials, meta: { kind: string; profile: string }): Promise<void> {
    const previous = this.index.hops[fingerprint];
    const profiles = previous ? [...new Set([...previous.profiles, meta.profile])] : [meta.profile];
    this.index.hops[fingerprint] = { expiresAt: stored.expiresAt, obtainedAt: stored.obtainedAt, identity: stored.identity, kind: meta.kind, profiles };
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
      await this.persist();
      this.storageFailed(e);
    }
  }

  /** Fires once, with a sentence, the first time SecretStorage refuses to keep credentials. */
  onStorageFailure(listener: (message: string) => void): { dispose(): void } {
    this.failureListeners.add(listener);
    return { dispose: () => this.failureListeners.delete(listener) };
  }

  private storageFailed(e: unknown): void {
    if (this.failureTold) return;
    this.failureTold = true;
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    const message =
      `VS Code's secret storage refused to keep credentials (${reason}). They are kept in this window's memory only: ` +
      'they work until the window closes or reloads, other windows assume the role again, and nothing is written to disk. ' +
      'On Linux, install and unlock a keyring (gnome-keyring, KWallet) or set VS Code\'s "password-store" runtime argument.';
    this.logger.warn(message);
    for (const l of this.failureListeners) l(message);
  }

  /** Records that a profile was handed out with this top hop (and the hop's identity when learnt later). */
  async noteProfile(profile: string, top: string, usedAt: number, identity?: CallerIdentity): Promise<void> {
    const current = this.index.profiles[profile];
    const identityChanged = identity !== undefined && JSON.stringify(current?.identity) !== JSON.stringify(identity);
    if (current?.top === top && !identityChanged && usedAt - current.usedAt < 60_000) return;
    this.index.profiles[profile] = { top, usedAt, identity: identity ?? (current?.top === top ? current.identity : undefined) };
    await this.persist();
  }

  /** Removes one hop's secret and index entry. */
  async delete(fingerprint: string): Promise<void> {
    this.memory.delete(fingerprint);
    this.memoryOnly.delete(fingerprint);
    delete this.index.hops[fingerprint];
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
    for (const fp of doomed) {
      this.memory.delete(fp);
      this.memoryOnly.delete(fp);
      delete this.index.hops[fp];
    }
    await this.persist();
    await Promise.all([...doomed].map((fp) => this.removeSecret(fp)));
    return [...doomed];
  }

  /** Removes every secret the extension stored. */
  async clearAll(): Promise<string[]> {
    const doomed = Object.keys(this.index.hops);
    this.index = emptyIndex();
    this.memory.clear();
    this.memoryOnly.clear();
    await this.persist();
    await Promise.all(doomed.map((fp) => this.removeSecret(fp)));
    return doomed;
  }

  /** Fires with a fingerprint whose stored credentials changed in another window (or were removed), and the profiles that used it. */
  onDidChange(listener: (fingerprint: string, profiles: string[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
    this.failureListeners.clear();
  }

  /** Another window (or this one) changed a secret: re-read it, so the index and memory follow. */
  private async onSecretChanged(fingerprint: string): Promise<void> {
    const text = await this.secrets.get(SECRET_PREFIX + fingerprint);
    const parsed = text === undefined ? undefined : parseStored(text);
    const known = this.memory.get(fingerprint);
    if (parsed && known && sameStored(parsed, known)) return; // our own write echoing back
    if (!parsed && !this.index.hops[fingerprint] && !known) return; // our own delete echoing back
    const previous = this.index.hops[fingerprint];
    const profiles = [...new Set([...(previous?.profiles ?? []), ...(parsed?.profiles ?? [])])];
    if (parsed) {
      this.memory.set(fingerprint, parsed);
      this.index.hops[fingerprint] = {
        expiresAt: parsed.expiresAt,
        obtainedAt: parsed.obtainedAt,
        identity: parsed.identity ?? previous?.identity,
        kind: parsed.kind ?? previous?.kind ?? 'unknown',
        profiles,
      };
    } else {
      this.memory.delete(fingerprint);
      delete this.index.hops[fingerprint];
    }
    await this.persist();
    for (const l of this.listeners) l(fingerprint, profiles);
  }

  private loadIndex(): IndexData {
    const raw = this.state.get<IndexData>(INDEX_KEY);
    if (!raw || raw.v !== 1 || typeof raw.hops !== 'object' || typeof raw.profiles !== 'object') return emptyIndex();
    return { v: 1, hops: { ...raw.hops }, profiles: { ...raw.profiles } };
  }

  /** Writes the index; writes are serialised so that a later state never loses to an earlier one. */
  private persist(): Promise<void> {
    const snapshot: IndexData = JSON.parse(JSON.stringify(this.index));
    for (const fp of this.memoryOnly) delete snapshot.hops[fp];
    this.persisting = this.persisting.then(() => this.state.update(INDEX_KEY, snapshot)).catch((e: unknown) => {
      this.logger.warn(`The credential expiry index could not be saved: ${(e as Error).message}`);
    });
    return this.persisting;
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
