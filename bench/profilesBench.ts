import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ini from 'ini';
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

/**
 * Times the profile engine against the AWS SDK's own loader and the npm ini package, interleaved
 * run by run so that load on the machine hits all three alike. `analyzeMs` is the extension's own
 * path: resolveAll plus every diagnostic (rejections, profile errors, warnings).
 */
export async function profilesBench(dir: string, runs = 21): Promise<Record<string, number>> {
  // Measure the code as it ships: the core bundled and minified by esbuild, as in dist/extension.js.
  const { resolveAll, analyze } = bundle<typeof import('../src/core')>('src/core/index.ts', dir);
  const { config, credentials } = generateConfig();
  const configPath = join(dir, 'config');
  const credentialsPath = join(dir, 'credentials');
  writeFileSync(configPath, config);
  writeFileSync(credentialsPath, credentials);

  const ours: number[] = [];
  const full: number[] = [];
  const smithy: number[] = [];
  const iniDecode: number[] = [];
  let profileCount = 0;
  for (let i = 0; i < runs + 2; i++) {
    let t = performance.now();
    const result = resolveAll(readFileSync(configPath), readFileSync(credentialsPath));
    const ourMs = performance.now() - t;
    profileCount = Object.keys(result.profiles).length;

    t = performance.now();
    await loadSharedConfigFiles({ configFilepath: configPath, filepath: credentialsPath, ignoreCache: true });
    const smithyMs = performance.now() - t;

    t = performance.now();
    analyze(readFileSync(configPath), readFileSync(credentialsPath));
    const fullMs = performance.now() - t;

    t = performance.now();
    ini.decode(readFileSync(configPath, 'utf8'));
    ini.decode(readFileSync(credentialsPath, 'utf8'));
    const iniMs = performance.now() - t;
    if (i >= 2) {
      ours.push(ourMs);
      full.push(fullMs);
      smithy.push(smithyMs);
      iniDecode.push(iniMs);
    }
  }
  const resolveAllMs = median(ours);
  const smithyLoadMs = median(smithy);
  return {
    'profiles.count': profileCount,
    'profiles.configBytes': Buffer.byteLength(config),
    'profiles.resolveAllMs': round(resolveAllMs),
    'profiles.analyzeMs': round(median(full)),
    'profiles.smithyLoadMs': round(smithyLoadMs),
    'profiles.iniDecodeMs': round(median(iniDecode)),
    'profiles.ratioToSmithy': round(resolveAllMs / smithyLoadMs, 3),
  };
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
