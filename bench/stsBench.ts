import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type * as EngineModule from '../src/credentials/credentialEngine';
import { analyze } from '../src/core/index';
import { DEMO, demoScenario, startLocalAws } from '../test/support/localAws';
import { MemorySecretStore, MemoryStateStore } from '../test/support/credentialFakes';
import { median } from './stats';

const LATENCY_MS = 50;

/**
 * The credentials engine as it ships (the engine bundled like dist/extension.js, the SDK bundled
 * separately as dist/sdk-sts.js and required on first use) against localAws with 50 ms of latency
 * per STS call: a cold 3-hop chain, the same chain warm, and 100 simultaneous requests.
 */
export async function stsBench(dir: string, runs = 9): Promise<Record<string, number>> {
  const out = join(dir, 'sts-bundle');
  mkdirSync(out, { recursive: true });
  const common = { bundle: true, platform: 'node' as const, target: 'node22', format: 'cjs' as const, minify: true, logLevel: 'warning' as const };
  buildSync({ ...common, entryPoints: [join(__dirname, '..', 'src/credentials/credentialEngine.ts')], outfile: join(out, 'engine.js'), external: ['vscode', './sdk-*.js', './feature-*.js'] });
  buildSync({ ...common, entryPoints: [join(__dirname, '..', 'src/aws/sdk/sts.ts')], outfile: join(out, 'sdk-sts.js') });
  const { CredentialEngine } = require(join(out, 'engine.js')) as typeof EngineModule;

  const aws = await startLocalAws({ scenario: demoScenario() });
  const deep = 'arn:aws:iam::333333333333:role/DeepAudit';
  aws.state.addRole({ arn: deep, trustedPrincipals: [DEMO.chainedRoleArn] });
  aws.state.faults.setLatency('*', LATENCY_MS);
  const config = `[profile power]\nrole_arn = ${DEMO.powerUserRoleArn}\nsource_profile = default\n[profile audit]\nrole_arn = ${DEMO.chainedRoleArn}\nsource_profile = power\n[profile deep]\nrole_arn = ${deep}\nsource_profile = audit\n`;
  const credentials = `[default]\naws_access_key_id = ${DEMO.alice.accessKeyId}\naws_secret_access_key = ${DEMO.alice.secretAccessKey}\n`;
  const a = analyze(new TextEncoder().encode(config), new TextEncoder().encode(credentials));
  const make = () =>
    new CredentialEngine({
      profiles: () => ({ model: a.model, plans: a.plans }),
      env: { AWS_ENDPOINT_URL_STS: aws.url },
      secrets: new MemorySecretStore(),
      state: new MemoryStateStore(),
      clock: { now: () => Date.now() },
      mfaPrompt: async () => undefined,
    });
  try {
    // One untimed run loads the SDK bundle and opens the keep-alive connection, as the first assume of a session does.
    const warmup = make();
    await warmup.get('deep');
    warmup.dispose();

    const cold: number[] = [];
    const warm: number[] = [];
    let warmCalls = 0;
    for (let i = 0; i < runs; i++) {
      const engine = make();
      let t = performance.now();
      await engine.get('deep');
      cold.push(performance.now() - t);
      const before = aws.state.callCount();
      t = performance.now();
      await engine.get('deep');
      warm.push(performance.now() - t);
      warmCalls = Math.max(warmCalls, aws.state.callCount() - before);
      engine.dispose();
    }
    const engine = make();
    const before = aws.state.callCount();
    await Promise.all(Array.from({ length: 100 }, () => engine.get('deep')));
    const concurrent = aws.state.callCount() - before;
    engine.dispose();
    const coldMs = median(cold);
    return {
      'sts.coldChain3Ms': round(coldMs),
      'sts.coldChain3Ratio': round(coldMs / (3 * LATENCY_MS), 3),
      'sts.warmCalls': warmCalls,
      'sts.warmMs': round(median(warm), 3),
      'sts.concurrent100Calls': concurrent,
    };
  } finally {
    await aws.close();
  }
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
