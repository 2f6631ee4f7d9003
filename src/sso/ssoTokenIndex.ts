import { createHash } from 'node:crypto';
import type { Clock, StateStore } from '../core/credentials/credentials';
import type { SsoSession } from '../core/sso/ssoSession';

/**
 * What is known of the IAM Identity Center sign-ins without reading a secret: a non-secret index in
 * globalState (expiry, refreshable), kept by the token service (ssoTokens.ts). Small on purpose: the
 * activation bundle reads it, the token service loads on first use.
 */

/** A token with less than this left is refreshed (or replaced) before use, as the AWS CLI does. */
export const TOKEN_REFRESH_WINDOW_MS = 15 * 60_000;

/** globalState key of the index. */
export const INDEX_KEY = 'awsProfiles.sso.v1.index';

/** What the index keeps per session. */
export interface IndexEntry {
  /** Epoch ms. */
  expiresAt: number;
  refreshable: boolean;
}

/** The name of a session's entries: a digest of its key (a start URL is not a secret, but keys stay short). */
export function digestOf(sessionKey: string): string {
  return createHash('sha256').update(sessionKey).digest('hex').slice(0, 40);
}

export function tokenIndex(state: StateStore): Record<string, IndexEntry> {
  return state.get<Record<string, IndexEntry>>(INDEX_KEY) ?? {};
}

/** When a session's token expires (epoch ms), if one is held. */
export function tokenExpiresAt(state: StateStore, session: SsoSession): number | undefined {
  return tokenIndex(state)[digestOf(session.key)]?.expiresAt;
}

/** Whether a session is signed in: a token with time left, or one that can be refreshed. */
export function isSignedIn(state: StateStore, clock: Clock, session: SsoSession): boolean {
  const e = tokenIndex(state)[digestOf(session.key)];
  return e !== undefined && (e.refreshable || e.expiresAt - clock.now() > TOKEN_REFRESH_WINDOW_MS);
}
