import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as ini from 'ini';
import type { ProfileResolution } from '../src/core/index';
import { bundle } from './bundle';
import { median } from './stats';

/**
 * The sample the issue describes: 500 accounts × 10 roles, every role chained through one MFA hub
 * role whose source is the IAM user `default`: 5,002 profiles, about 1 MB.
 */
export function generateConfig(): { config: string; credentials: string } {
  let config = '[default]\nregion = us-east-1\noutput = json\n\n';
  config += '[profile hub]\nrole_arn = arn:aws:iam::100000000000:role/OrganizationHub\nsource_profile = default\n';
  config += 'mfa_serial = arn:aws:iam::100000000000:mfa/alice\nduration_seconds = 3600\nregion = us-east-1\n\n';
  for (let a = 0; a < 500; a++) {
    const account = String(200000000000 + a * 1013);
    for (let r = 0; r < 10; r++) {
      if (r === 0) config += `# account ${a}: ${account}\n`;
      config += `[profile acct${a}-role${r}]\nrole_arn = arn:aws:iam::${account}:role/CrossAccountRole${r}\n`;
      config += `source_profile = hub\nrole_session_name = alice\nregion = ${['us-east-1', 'eu-west-1', 'ap-southeast-2'][r % 3]}\noutput = json\n\n`;
    }
  }
  const credentials = '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
  return { config, credentials };
}

/** CPU time of this process in ms (every thread: the SDK reads files on the thread pool, V8 collects on helpers). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The collector, so that each timed run starts from a collected heap (see profilesBench). */
function collector(): () => void {
  if (typeof globalThis.gc === "function") return globalThis.gc as () => void;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Times the profile engine against the AWS SDK's own loader and the npm ini package, interleaved
 * run by run so that load on the machine hits all alike, each run starting from a collected heap so
 * that none pays for another's garbage. `analyzeMs` is what the extension runs: every profile
 * planned and every diagnostic computed; `ratioToSmithy` compares that with the SDK's loader, which
 * only parses. The stages (parse, build, plan, diagnostics) are timed on their own; cache keys are
 * computed when first read, and `cacheKeysMs` is what reading all of them costs.
 */
export async function profilesBench(dir: string, runs = 21): Promise<Record<string, number>> {
  // Measure the code as it ships: the core bundled and minified by esbuild, as in dist/extension.js.
  const core = bundle<typeof import('./profileStages')>('bench/profileStages.ts', dir);
  const gc = collector();
  const { config, credentials } = generateConfig();
  const configPath = join(dir, 'config');
  const credentialsPath = join(dir, 'credentials');
  writeFileSync(configPath, config);
  writeFileSync(credentialsPath, credentials);
  const read = (): [Buffer, Buffer] => [readFileSync(configPath), readFileSync(credentialsPath)];

  const times: Record<string, number[]> = { resolveAll: [], analyze: [], parse: [], model: [], plan: [], diagnostics: [], cacheKeys: [], smithy: [], ini: [] };
  // Each run starts from a collected heap and keeps nothing it made, so that no run pays for the
  // garbage of another or for marking what another left alive; only the stages after `model` keep
  // the model (and then the plans) they work on.
  const time = async <T>(name: string, run: () => T, warm: boolean): Promise<Awaited<T>> => {
    gc();
    const t = cpuMs();
    const result = await run();
    if (!warm) times[name].push(cpuMs() - t);
    return result;
  };
  let profileCount = 0;
  for (let i = 0; i < runs + 2; i++) {
    const warm = i < 2;
    await time('analyze', () => void core.analyze(...read()), warm);
    await time('smithy', async () => void (await loadSharedConfigFiles({ configFilepath: configPath, filepath: credentialsPath, ignoreCache: true })), warm);
    await time('resolveAll', () => void (profileCount = Object.keys(core.resolveAll(...read()).profiles).length), warm);
    await time('ini', () => void [ini.decode(readFileSync(configPath, 'utf8')), ini.decode(readFileSync(credentialsPath, 'utf8'))], warm);
    await time('parse', () => void [core.parseIni(readFileSync(configPath)), core.parseIni(readFileSync(credentialsPath))], warm);
    const model = await time('model', () => core.buildProfileModel(...read()), warm);
    const plans = await time('plan', () => {
      const planner = new core.ChainPlanner(model);
      const all = new Map<string, ProfileResolution>();
      for (const name of model.profiles.keys()) all.set(name, planner.plan(name));
      return all;
    }, warm);
    await time('diagnostics', () => void core.diagnose(model, plans), warm);
    await time('cacheKeys', () => {
      for (const p of plans.values()) for (const hop of p.chain) if ('cli_cache_key' in hop) void hop.cli_cache_key;
    }, warm);
  }
  const m = (name: string): number => median(times[name]);
  const smithy = m('smithy');
  return {
    'profiles.count': profileCount,
    'profiles.configBytes': Buffer.byteLength(config),
    'profiles.analyzeMs': round(m('analyze')),
    'profiles.smithyLoadMs': round(smithy),
    'profiles.ratioToSmithy': round(m('analyze') / smithy, 3),
    'profiles.parseMs': round(m('parse')),
    'profiles.parseRatioToSmithy': round(m('parse') / smithy, 3),
    'profiles.buildMs': round(m('model') - m('parse')),
    'profiles.planMs': round(m('plan')),
    'profiles.diagnosticsMs': round(m('diagnostics')),
    'profiles.cacheKeysMs': round(m('cacheKeys')),
    'profiles.resolveAllMs': round(m('resolveAll')),
    'profiles.iniDecodeMs': round(m('ini')),
  };
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
