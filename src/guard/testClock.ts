import type * as FileClock from './fileClock';
import type { GuardClock } from './profileGuard';

/**
 * Set by scripts/build.mjs (esbuild `define`, scripts/buildDefines.mjs): true in the bundles of
 * `--test-hooks` and `--dev`, which the end-to-end tests and the demo install, false in a release,
 * whose minifier then leaves the branch below and fileClock.ts out (test/package.test.ts checks it);
 * undefined under tsx.
 */
declare const AWS_PROFILES_TEST_HOOKS: boolean | undefined;

/**
 * The guards' clock: the window's, except in a test build started with AWS_PROFILES_TEST_CLOCK_FILE,
 * where the end-to-end suite moves it forward (a time box of 30 minutes ends when the test says).
 */
export function guardClock(clock: GuardClock, env: Readonly<Record<string, string | undefined>>): GuardClock {
  if (typeof AWS_PROFILES_TEST_HOOKS === 'undefined' || AWS_PROFILES_TEST_HOOKS) {
    // Required here only, so that a release holds none of it.
    return (require('./fileClock') as typeof FileClock).fileClockFrom(env) ?? clock;
  }
  return clock;
}
