import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleTo } from '../test/support/esbuildBundle';

/** The files a stage section times on, and every run's CPU time by stage. */
export interface StageTimes<S extends string> {
  configPath: string;
  credentialsPath: string;
  times: Record<S, number[]>;
}

/**
 * The controller side of the stage sections (profiles, editor): the files (the 5,002-profile sample) written
 * into `dir`, the worker bundled and minified as the extension ships (esbuild, as dist/), each stage
 * run in a process of its own (`node worker STAGE CONFIG CREDENTIALS RUNS`, see stageTiming.ts) so
 * that no stage pays for the garbage or the live heap of another, the stages taking turns round
 * after round so that load on the machine hits all alike.
 */
export function timeStages<S extends string>(
  workerEntry: string,
  dir: string,
  files: { config: string; credentials: string },
  stages: readonly S[],
  rounds: number,
  runsPerRound: number,
): StageTimes<S> {
  const worker = join(dir, workerEntry.replace(/^.*\//, '').replace(/\.ts$/, '.js'));
  bundleTo(workerEntry, worker, []);
  const { config, credentials } = files;
  const configPath = join(dir, 'config');
  const credentialsPath = join(dir, 'credentials');
  writeFileSync(configPath, config);
  writeFileSync(credentialsPath, credentials);
  const times = Object.fromEntries(stages.map((s) => [s, [] as number[]])) as Record<S, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (const stage of stages) {
      const out = execFileSync(process.execPath, [worker, stage, configPath, credentialsPath, String(runsPerRound)], { encoding: 'utf8' });
      times[stage].push(...(JSON.parse(out) as number[]));
    }
  }
  return { configPath, credentialsPath, times };
}

/** A figure rounded to `digits` decimals. */
export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
