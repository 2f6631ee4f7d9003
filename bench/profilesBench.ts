import { readFileSync } from 'node:fs';
import { resolveAll } from '../src/core/index';
import { round, timeStages } from './stageRunner';
import { mean } from './stats';

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

const STAGES = ['analyze', 'smithy', 'resolveAll', 'ini', 'parse', 'build', 'plan', 'diagnostics', 'cacheKeys'] as const;

/**
 * Times the profile engine against the AWS SDK's own loader and the npm ini package. Each stage runs
 * in a process of its own (bench/profileStageWorker.ts: plain loops, runs in a row after a warm-up,
 * CPU time of every thread, so background garbage collection counts), so that no stage pays for the
 * garbage or the live heap of another; the stages take turns round after round, so that load on the
 * machine hits all alike. Each figure is the mean of its runs: a run that meets a collection counts
 * as much as one that does not. `analyzeMs` is what the extension
 * runs: every profile planned and every diagnostic computed; `ratioToSmithy` compares it with the
 * SDK's loader, which only parses. Every stage's figure is its own runs' CPU time, never a
 * difference of two stages' (which load on the machine can make negative): `buildMs` times building
 * the model from files parsed before its timer starts. Cache keys are computed when first read: `cacheKeysMs` is what
 * reading all of them costs.
 */
export async function profilesBench(dir: string, rounds = 3, runsPerRound = 15): Promise<Record<string, number>> {
  const files = generateConfig();
  const { configPath, credentialsPath, times } = timeStages('bench/profileStageWorker.ts', dir, files, STAGES, rounds, runsPerRound);
  const m = (stage: (typeof STAGES)[number]): number => mean(times[stage]);
  const smithy = m('smithy');
  return {
    'profiles.count': Object.keys(resolveAllOnce(configPath, credentialsPath)).length,
    'profiles.configBytes': Buffer.byteLength(files.config),
    'profiles.analyzeMs': round(m('analyze')),
    'profiles.smithyLoadMs': round(smithy),
    'profiles.ratioToSmithy': round(m('analyze') / smithy, 3),
    'profiles.parseMs': round(m('parse')),
    'profiles.parseRatioToSmithy': round(m('parse') / smithy, 3),
    'profiles.buildMs': round(m('build')),
    'profiles.planMs': round(m('plan')),
    'profiles.diagnosticsMs': round(m('diagnostics')),
    'profiles.cacheKeysMs': round(m('cacheKeys')),
    'profiles.resolveAllMs': round(m('resolveAll')),
    'profiles.iniDecodeMs': round(m('ini')),
  };
}

function resolveAllOnce(configPath: string, credentialsPath: string): Record<string, unknown> {
  return resolveAll(readFileSync(configPath), readFileSync(credentialsPath)).profiles;
}
