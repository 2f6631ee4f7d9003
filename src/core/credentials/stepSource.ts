import type { AwsCredentials, CallerIdentity } from './credentials';
import type { CredentialStep } from './credentialSteps';
import type { SsoSession } from '../sso/ssoSession';

/** Credentials one step produced, with the non-secret facts about them. */
export interface ObtainedCredentials {
  credentials: AwsCredentials;
  /** Epoch ms; null for long-term keys. */
  expiresAt: number | null;
  obtainedAt: number;
  identity?: CallerIdentity;
  /** True when they came from the store rather than a call. */
  fromStore?: boolean;
}

/** What one walk of a chain shares between its steps. */
export interface StepContext {
  /** The profile the user asked for (MFA prompts and sentences name it). */
  profile: string;
  /** Where the chain's STS calls go. */
  target: { region: string; endpoint: string };
  /** May a human be asked (an MFA code)? */
  interactive: boolean;
  /** Held credentials with less than this left are not reused. */
  minLifetimeMs: number;
  /** Aborted when everyone waiting for this walk cancelled: calls and processes stop, the walk fails with CancelledError. */
  signal?: AbortSignal;
  /** Obtain this step afresh even when held (a forced refresh of the top)… */
  forceFingerprint?: string;
  /** …unless what is held was obtained after this (epoch ms): another window refreshed it already. */
  forceReplaces?: number;
  /** The MFA code for a device: asked at most once per chain walk; NeedsHumanError when not interactive. */
  mfaCode(serialNumber: string): Promise<string>;
  /**
   * The access token of an IAM Identity Center session: a sign-in when needed and interactive,
   * NeedsHumanError otherwise. `rejected`: the portal refused that token, get another.
   */
  ssoToken(session: SsoSession, rejected?: string): Promise<string>;
}

/**
 * Obtains the credentials of one step of a chain. `source` obtains the credentials beneath it and is
 * called only when they are needed, so a decorator that answers from a store saves the whole walk
 * below it: the cache has the interface of what it wraps.
 */
export interface StepSource {
  obtain(step: CredentialStep, source: () => Promise<ObtainedCredentials>, ctx: StepContext): Promise<ObtainedCredentials>;
}
