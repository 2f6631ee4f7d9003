import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { readFileSync } from 'node:fs';
import * as ini from 'ini';
import { ChainPlanner } from '../src/core/chains/chainPlanner';
import { buildProfileModel, modelOfFiles, type ProfileModel } from '../src/core/config/profileMap';
import { parseIni } from '../src/core/config/iniParser';
import { analyze, diagnose, resolveAll, type ProfileResolution } from '../src/core/index';
import { printStageTimes } from './stageTiming';

/**
 * One stage of the profile engine (or a reference parser) timed in a process of its own (see
 * profilesBench): `node worker STAGE CONFIG CREDENTIALS RUNS` prints the CPU times of RUNS runs in a
 * row, after WARM_UP runs that let the compiler and the heap settle as they have in a long-running
 * extension host. No collection is forced between runs: the garbage of one run is collected during
 * the next ones, as it is when the extension reloads its profiles, so the mean of the runs is the
 * stage's cost with its garbage collection (a forced collection before each run shrinks the young
 * generation and makes the next run pay for growing it again: 2 to 4 times the cost, measured
 * 2026-12-02). build works on both files parsed once before the runs; plan and diagnostics work on one model (and its plans) made before the runs;
 * cacheKeys needs new hops for each run (a key is kept once read), made before its timer starts.
 */

const [stage, configPath, credentialsPath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg);
const read = (): [Buffer, Buffer] => [readFileSync(configPath), readFileSync(credentialsPath)];

function planAll(model: ProfileModel): Map<string, ProfileResolution> {
  const planner = new ChainPlanner(model);
  const plans = new Map<string, ProfileResolution>();
  for (const name of model.profiles.keys()) plans.set(name, planner.plan(name));
  return plans;
}

async function main(): Promise<void> {
  // What a stage works on is made before it is timed.
  const model = stage === 'plan' || stage === 'diagnostics' || stage === 'cacheKeys' ? buildProfileModel(...read()) : null;
  const fixedPlans = model && stage === 'diagnostics' ? planAll(model) : null;
  // build works on both files as parsed (it changes neither): the model alone, not the parse before it.
  const parsed = stage === 'build' ? [parseIni(readFileSync(configPath)), parseIni(readFileSync(credentialsPath))] as const : null;
  await printStageTimes(
    runs,
    () => (stage === 'cacheKeys' ? planAll(model!) : fixedPlans),
    async (plans) => {
      switch (stage) {
        case 'analyze':
          analyze(...read());
          break;
        case 'resolveAll':
          resolveAll(...read());
          break;
        case 'parse':
          parseIni(readFileSync(configPath));
          parseIni(readFileSync(credentialsPath));
          break;
        case 'build':
          modelOfFiles(parsed![0], parsed![1]);
          break;
        case 'plan':
          planAll(model!);
          break;
        case 'diagnostics':
          diagnose(model!, plans!);
          break;
        case 'cacheKeys':
          for (const p of plans!.values()) for (const hop of p.chain) if ('cli_cache_key' in hop) void hop.cli_cache_key;
          break;
        case 'smithy':
          await loadSharedConfigFiles({ configFilepath: configPath, filepath: credentialsPath, ignoreCache: true });
          break;
        case 'ini':
          ini.decode(readFileSync(configPath, 'utf8'));
          ini.decode(readFileSync(credentialsPath, 'utf8'));
          break;
        default:
          throw new Error(`unknown stage ${stage}`);
      }
    },
  );
}

void main();
