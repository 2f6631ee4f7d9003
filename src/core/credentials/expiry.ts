/** Expiry maths of held credentials: when they may be handed out, and when to refresh them. */

/** Credentials with less than this left are never handed out (and a stored entry is not reused). */
export const MIN_LIFETIME_MS = 5 * 60_000;

/** A refresh starts this long before expiry, where no human is needed. */
export const REFRESH_BEFORE_MS = 10 * 60_000;

/**
 * The lifetime held credentials must still have to be reused (or, with REFRESH_BEFORE_MS, when a
 * refresh is due): the margin asked for, but never more than half their own lifetime, so that
 * credentials issued for 4 minutes (a credential_process) or 15 (a 900-second session asked to last
 * 15) are used for half of it instead of fetched again on every request or refreshed in a loop
 * (review A10). 0 for credentials that never expire.
 */
export function requiredLifetime(marginMs: number, obtainedAt: number, expiresAt: number | null | undefined): number {
  if (expiresAt === null || expiresAt === undefined) return 0;
  return Math.min(marginMs, Math.max(0, Math.ceil((expiresAt - obtainedAt) / 2)));
}

/** Whether credentials expiring at `expiresAt` (epoch ms, null = never) still have `minLifetimeMs` left at `now`. */
export function hasLifetime(expiresAt: number | null | undefined, now: number, minLifetimeMs = MIN_LIFETIME_MS): boolean {
  return expiresAt === null || expiresAt === undefined || expiresAt - now >= minLifetimeMs;
}

/**
 * When to refresh credentials obtained at `obtainedAt` and expiring at `expiresAt`: 10 minutes
 * before expiry, but never before half their lifetime (requiredLifetime). Null when they never expire.
 */
export function refreshDueAt(obtainedAt: number, expiresAt: number | null): number | null {
  if (expiresAt === null) return null;
  return expiresAt - requiredLifetime(REFRESH_BEFORE_MS, obtainedAt, expiresAt);
}

/**
 * The RoleSessionName used when a profile sets none: readable in CloudTrail and traceable to this
 * extension, like botocore's `botocore-session-<seconds>`.
 */
export function defaultSessionName(now: number): string {
  return `aws-profiles-${Math.floor(now / 1000)}`;
}
