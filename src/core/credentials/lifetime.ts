/** How close held credentials are to their end, for colours and refresh decisions. */
export type LifetimeState = 'none' | 'ok' | 'warning' | 'expired';

/** Under this much lifetime the status bar turns to the warning colour. */
export const WARNING_MS = 10 * 60_000;

/** The state of credentials expiring at `expiresAt` (epoch ms; null: long-term keys; undefined: none held). */
export function lifetimeState(expiresAt: number | null | undefined, now: number): LifetimeState {
  if (expiresAt === undefined) return 'none';
  if (expiresAt === null) return 'ok';
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  return left < WARNING_MS ? 'warning' : 'ok';
}

/**
 * Remaining lifetime, rounded down to whole minutes: `47m`, `2h 5m`, `<1m`, `expired` (short, for
 * the status bar) or `47 min`, `2 h 5 min`, `< 1 min`, `expired` (long, for the tree).
 */
export function formatRemaining(ms: number, style: 'short' | 'long' = 'short'): string {
  if (ms <= 0) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  const [m, h, lt] = style === 'short' ? ['m', 'h', '<1m'] : [' min', ' h', '< 1 min'];
  if (minutes < 1) return lt;
  if (minutes < 60) return `${minutes}${m}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours}${h}` : `${hours}${h} ${rest}${m}`;
}

/** Milliseconds until the displayed minute count changes (so a countdown ticks exactly when needed). */
export function msUntilNextTick(expiresAt: number, now: number): number {
  const left = expiresAt - now;
  if (left <= 0) return Number.POSITIVE_INFINITY;
  const toMinute = left % 60_000;
  return toMinute === 0 ? 60_000 : toMinute;
}
