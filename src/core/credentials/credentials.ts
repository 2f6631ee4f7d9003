import type { SsoSession } from '../sso/ssoSession';

/**
 * Temporary or long-term AWS credentials. Never logged nor written to a file by the extension: they
 * are kept in SecretStorage, and handed on only where the user asks for them (a terminal's
 * environment in environment mode, the endpoint's answer to a terminal's helper, Copy Exports).
 */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Expiry in epoch milliseconds; undefined for long-term keys. */
  expiration?: number;
}

/** Who a set of credentials acts as (GetCallerIdentity, or parsed from AssumeRole's AssumedRoleUser). */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** Non-secret facts about a profile's held credentials: safe to show, log and persist. */
export interface CredentialStatus {
  profile: string;
  /** Epoch ms; null for long-term keys that do not expire. */
  expiresAt: number | null;
  /** Epoch ms when they were obtained. */
  obtainedAt: number;
  /** Known after the first assume (from AssumedRoleUser) or a GetCallerIdentity call. */
  identity?: CallerIdentity;
}

/** Credentials handed out to a caller, with their status. */
export interface HeldCredentials extends CredentialStatus {
  credentials: AwsCredentials;
}

/**
 * Runs slow work the user waits for with a way to cancel it (in VS Code: a progress notification
 * with Cancel, shown only if the work takes more than a moment); Cancel aborts the signal.
 */
export type CancellableProgress = <T>(title: string, work: (signal: AbortSignal) => Promise<T>) => Promise<T>;

/**
 * Asks the user for an MFA code: six digits, or undefined when dismissed (a silent cancel).
 * `forTerminal`: a terminal (or a debug session) waits for it, not a command the user just ran.
 */
export type MfaPrompt = (request: { profile: string; serialNumber: string; signal?: AbortSignal; forTerminal?: boolean }) => Promise<string | undefined>;

/** The source of time, injected so that expiry and refresh are tested without waiting. */
export interface Clock {
  now(): number;
}

/** setTimeout/clearTimeout, injected so that tests drive timers with their clock. */
export interface Timer {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What VS Code's SecretStorage offers, and all the credential store needs of it. */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Fires with the key when another window (or this one) changes a secret. */
  onDidChange(listener: (key: string) => void): { dispose(): void };
}

/** A small key-value store for non-secret state that survives restarts (VS Code's globalState fits). */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Promise<void>;
}

/** Options of a credentials request. */
export interface GetCredentialsOptions {
  /** May the user be asked (an MFA code)? When false and a human is needed, fails with needsHuman. */
  interactive?: boolean;
  /**
   * Replace the held credentials of the profile's top hop: assume again, unless another window
   * already did after they were obtained (its credentials are then used).
   */
  forceRefresh?: boolean;
  /** At least this many ms of lifetime left (default 5 minutes). */
  minLifetimeMs?: number;
  /** A refresh nobody asked for (the background refresh): it does not count as a use of the profile. */
  background?: boolean;
  /** The user cancelled (a progress notification's Cancel): the request fails with CancelledError, and STS calls and processes stop unless another request still waits for them. */
  signal?: AbortSignal;
  /** A terminal's helper (or a debug session's) asks, not a command the user just ran: an MFA box closed without a code offers to open again. */
  forTerminal?: boolean;
}

/**
 * Held credentials will run out and cannot be refreshed in the background: the UI tells the user in
 * time, with a one-click refresh (`get(profile, { forceRefresh: true })`).
 */
export interface ExpiryWarning {
  profile: string;
  /** Epoch ms. */
  expiresAt: number;
  /**
   * `needs_mfa`: refreshing needs an MFA code; `refresh_failed`: a background refresh failed (message
   * says why); `expired`: they ran out while nothing could refresh them (the computer slept) and
   * refreshing needs a human.
   */
  reason: 'needs_mfa' | 'refresh_failed' | 'expired';
  /** One sentence for the user. */
  message: string;
}

/**
 * The credentials engine as the UI sees it. Implemented in src/aws (STS through the AWS SDK,
 * loaded on first use) over src/store (SecretStorage). Every error it throws is a UserError
 * (src/core/common/errors.ts) whose message names the profile and hop, or a CancelledError when the user
 * dismissed the MFA prompt.
 */
export interface CredentialService {
  /** Working credentials for a profile, assuming its chain as needed (one flight per profile). */
  get(profile: string, options?: GetCredentialsOptions): Promise<HeldCredentials>;
  /** The held status of a profile, without network or prompt (synchronous, from the expiry index). */
  status(profile: string): CredentialStatus | undefined;
  /** Whether refreshing a profile now would need a human (an MFA code without a live MFA session). */
  needsHuman(profile: string): boolean;
  /** GetCallerIdentity with the profile's credentials. */
  callerIdentity(profile: string, options?: { signal?: AbortSignal }): Promise<CallerIdentity>;
  /** Removes every stored secret of a profile (all its hops). */
  clear(profile: string): Promise<void>;
  /** Removes every stored secret of the extension. */
  clearAll(): Promise<void>;
  /** Fires with the profile whose held credentials changed (obtained, refreshed, cleared, expired, other window). */
  onDidChange(listener: (profile: string) => void): { dispose(): void };
  /** Fires about 10 minutes before held credentials expire when they cannot be refreshed without the user. */
  onExpiryWarning(listener: (warning: ExpiryWarning) => void): { dispose(): void };
}

/** What the engine and the commands use of the token service (the main bundle holds a lazy stand-in, src/sso/lazySso.ts). */
export interface SsoTokenService {
  isSignedIn(session: SsoSession): boolean;
  expiresAt(session: SsoSession): number | undefined;
  token(session: SsoSession, options: { interactive: boolean; profile?: string; rejected?: string }): Promise<string>;
  signIn(session: SsoSession): Promise<void>;
  signOut(session: SsoSession): Promise<void>;
}
