// The worker side of a stage timed in a process of its own (bench/profileStageWorker.ts,
// bench/editorStageWorker.ts): warm-up runs, then the CPU time of each timed run, printed as JSON.

/** Runs before those timed: a fresh process takes about ten to reach steady times (measured 2026-12-02). */
export const WARM_UP = 10;

/** CPU time of this process in ms (every thread: the SDK reads files on the thread pool, V8 collects on helpers). */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `run` WARM_UP + `runs` times, each on what `prepare` made for it before its timer started,
 * and prints the CPU times of the runs after the warm-up as one JSON array.
 */
export async function printStageTimes<T>(runs: number, prepare: (i: number) => T, run: (input: T) => unknown): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + runs; i++) {
    const input = prepare(i);
    const t = cpuMs();
    await run(input);
    const ms = cpuMs() - t;
    if (i >= WARM_UP) times.push(ms);
  }
  process.stdout.write(JSON.stringify(times));
}
