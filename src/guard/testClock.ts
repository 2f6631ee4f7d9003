import type * as FileClock from './fileClock';
import type { GuardClock } from './profileGuard';

/**
 * Set by scripts/build.mjs: `true` in a test build (`--test-build`, which only the e2e suite makes),
 * `false` in every other build, whose minifier then leaves the branch below and fileClock.ts out of
 * the bundle (test/package.test.ts checks that). Undefined under tsx.
 */
declare const AWS_PROFILES_TEST_BUILD: boolean | undefined;

/**
 * The guards' clock: the window's, except in a test build started with AWS_PROFILES_TEST_CLOCK_FILE,
 * where the end-to-end suite moves it forward (a time box of 30 minutes ends when the test says).
 */
export function guardClock(clock: GuardClock, env: Readonly<Record<string, string | undefined>>): GuardClock {
  if (typeof AWS_PROFILES_TEST_BUILD !== 'undefined' && AWS_PROFILES_TEST_BUILD) {
    // Required here only, so that no other build holds any of it.
    return (require('./fileClock') as typeof FileClock).fileClockFrom(env) ?? clock;
  }
  return clock;
}
