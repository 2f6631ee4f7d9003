import type { CallerIdentity, StateStore } from '../core/credentials/credentials';
import type { Logger } from '../core/common/logger';

/** The StateStore key of the expiry index (non-secret: times, identities, profile names). */
export const INDEX_KEY = 'awsProfiles.credentialIndex.v1';

/** Notes of profiles not handed out for this long are dropped from the index when it is read. */
export const NOTE_MAX_AGE_MS = 30 * 24 * 3600_000;

/** Hops whose credentials expired this long ago are dropped (index and secret) when the index is read. */
export const EXPIRED_HOP_MAX_AGE_MS = 24 * 3600_000;

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
 * The expiry index in the StateStore (globalState, shared by every window): what is stored for
 * which profile, until when, as whom, so that status is synchronous. Each window writes only what it
 * changed over what the others saved, and never claims on disk a hop it holds in memory only.
 */
export class CredentialIndex {
  private data: IndexData;
  /** Hops SecretStorage refused: held in this window's memory only, and left out of the saved index. */
  private readonly memoryOnly = new Set<string>();
  /** What this window changed in the index since it last saved it: only that is written over what other windows saved. */
  private readonly changed = { hops: new Set<string>(), profiles: new Set<string>(), all: false };
  private persisting: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: StateStore,
    private readonly logger: Logger,
  ) {
    this.data = this.load();
  }

  /** The index entry of a hop (synchronous). */
  entry(fingerprint: string): IndexEntry | undefined {
    return this.data.hops[fingerprint];
  }

  /** Every hop and its entry. */
  hops(): [string, IndexEntry][] {
    return Object.entries(this.data.hops);
  }

  /** What the index knows of a handed-out profile. */
  noted(profile: string): NotedProfile | undefined {
    return this.data.profiles[profile];
  }

  /** Every handed-out profile and its note. */
  notes(): [string, NotedProfile][] {
    return Object.entries(this.data.profiles);
  }

  setHop(fingerprint: string, entry: IndexEntry): void {
    this.data.hops[fingerprint] = entry;
    this.changed.hops.add(fingerprint);
  }

  forgetHop(fingerprint: string): void {
    this.memoryOnly.delete(fingerprint);
    delete this.data.hops[fingerprint];
    this.changed.hops.add(fingerprint);
  }

  setNote(profile: string, note: NotedProfile): void {
    this.data.profiles[profile] = note;
    this.changed.profiles.add(profile);
  }

  deleteNote(profile: string): void {
    delete this.data.profiles[profile];
    this.changed.profiles.add(profile);
  }

  /** The hop's secret lives in this window's memory only: the saved index must not claim it after a restart. */
  keepInMemoryOnly(fingerprint: string): void {
    this.memoryOnly.add(fingerprint);
    this.changed.hops.add(fingerprint);
  }

  /** The hop's secret is in SecretStorage (stored, or taken in from another window). */
  storedInSecrets(fingerprint: string): void {
    this.memoryOnly.delete(fingerprint);
  }

  /** Forgets every hop and profile (Clear All here or in another window). */
  clear(): void {
    this.data = emptyIndex();
    this.memoryOnly.clear();
    this.changed.hops.clear();
    this.changed.profiles.clear();
    this.changed.all = true;
  }

  /**
   * Writes the index: what this window changed since it last wrote, over what the store holds now
   * (other windows write it too, so a whole snapshot would undo theirs), and takes in theirs.
   * Writes are serialised so that a later state never loses to an earlier one.
   */
  persist(): Promise<void> {
    this.persisting = this.persisting
      .then(() => {
        const saved = this.changed.all ? emptyIndex() : this.load();
        for (const fp of this.changed.hops) {
          const e = this.memoryOnly.has(fp) ? undefined : this.data.hops[fp]; // memory-only: never claimed on disk
          if (e) saved.hops[fp] = e;
          else delete saved.hops[fp];
        }
        for (const p of this.changed.profiles) {
          const n = this.data.profiles[p];
          if (n) saved.profiles[p] = n;
          else delete saved.profiles[p];
        }
        for (const [fp, e] of Object.entries(saved.hops)) if (!(fp in this.data.hops)) this.data.hops[fp] = e;
        for (const [p, n] of Object.entries(saved.profiles)) if (!(p in this.data.profiles)) this.data.profiles[p] = n;
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

  private load(): IndexData {
    const raw = this.state.get<IndexData>(INDEX_KEY);
    if (!raw || raw.v !== 1 || typeof raw.hops !== 'object' || typeof raw.profiles !== 'object') return emptyIndex();
    return { v: 1, hops: { ...raw.hops }, profiles: { ...raw.profiles } };
  }
}
