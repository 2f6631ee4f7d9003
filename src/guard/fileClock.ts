import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { GuardClock } from './profileGuard';

/** The variable naming the test clock's file, honoured by test builds (`--test-hooks`) only (testClock.ts). */
export const TEST_CLOCK_VARIABLE = 'AWS_PROFILES_TEST_CLOCK_FILE';

/** The clock of the file AWS_PROFILES_TEST_CLOCK_FILE names, if it names one. */
export function fileClockFrom(env: Readonly<Record<string, string | undefined>>): GuardClock | undefined {
  const file = env[TEST_CLOCK_VARIABLE];
  return file ? fileClock(file) : undefined;
}

/**
 * A clock ahead of the real one by the milliseconds a JSON file says (`{ "offsetMs": 1560000 }`),
 * read again whenever the file changes; listeners hear each jump.
 */
export function fileClock(file: string): GuardClock & { dispose(): void } {
  const read = (): number => {
    try {
      const offset = (JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown }).offsetMs;
      return typeof offset === 'number' && Number.isFinite(offset) ? offset : 0;
    } catch {
      return 0;
    }
  };
  let offset = read();
  const listeners = new Set<() => void>();
  watchFile(file, { interval: 100 }, () => {
    const next = read();
    if (next === offset) return;
    offset = next;
    for (const l of listeners) l();
  });
  return {
    now: () => Date.now() + offset,
    onDidJump: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    dispose: () => unwatchFile(file),
  };
}
