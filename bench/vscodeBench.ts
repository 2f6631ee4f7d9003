import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startVsCode, type VsCode } from '../test/e2e/harness';
import { generateConfig } from './profilesBench';
import { median } from './stats';

const root = join(__dirname, '..');

/** Opens the AWS Profiles view from the activity bar, as a user does, and reads the activation log line. */
async function activation(vsc: VsCode): Promise<number> {
  await vsc.page.locator('.activitybar .action-item a[aria-label^="AWS Profiles"]').first().click({ timeout: 60_000 });
  const log = await vsc.waitForLog(/activated in \d+(\.\d+)? ms/, { timeoutMs: 60_000 });
  return Number(/activated in (\d+(?:\.\d+)?) ms/.exec(log)![1]);
}

/** The extension host heap the extension reports once the profiles are loaded and shown. */
async function shownHeapMb(vsc: VsCode): Promise<number> {
  const log = await vsc.waitForLog(/profiles shown: \d+ profiles, heap [\d.]+ MB/, { timeoutMs: 60_000 });
  const all = [...log.matchAll(/profiles shown: \d+ profiles, heap ([\d.]+) MB/g)];
  return Number(all[all.length - 1][1]);
}

/**
 * In a real VS Code (code-server, see test/e2e/harness.ts): the extension's own `activated in N ms`
 * over cold window loads (a new sandbox, so a new user-data folder, each time), and the extension
 * host heap added by 5,000 profiles loaded and shown, against two profiles.
 */
export async function vscodeBench(_dir: string, loads = 5): Promise<Record<string, number>> {
  const setup = spawnSync('bash', ['scripts/setup-e2e.sh'], { cwd: root, stdio: 'inherit' });
  if (setup.status !== 0) throw new Error('scripts/setup-e2e.sh failed');
  const small = '[default]\nregion = us-east-1\n[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/CrossAccountPowerUser\nsource_profile = default\n';
  const times: number[] = [];
  for (let i = 0; i < loads; i++) {
    const vsc = await startVsCode({ name: `bench-activation-${i}`, files: { '.aws/config': small } });
    try {
      times.push(await activation(vsc));
    } finally {
      await vsc.close();
    }
  }
  const figures: Record<string, number> = { 'activation.medianMs': median(times), 'activation.loads': loads };

  const heaps: Record<string, number> = {};
  const { config, credentials } = generateConfig();
  for (const [name, files] of [
    ['small', { '.aws/config': small }],
    ['large', { '.aws/config': config, '.aws/credentials': credentials }],
  ] as const) {
    // --expose-gc lets the extension collect garbage before it reads its heap (see ProfileTree).
    const vsc = await startVsCode({ name: `bench-heap-${name}`, files, env: { NODE_OPTIONS: '--expose-gc' } });
    try {
      await activation(vsc);
      heaps[name] = await shownHeapMb(vsc).catch(() => NaN);
    } finally {
      await vsc.close();
    }
  }
  figures['memory.heapSmallMb'] = heaps.small;
  figures['memory.heapLargeMb'] = heaps.large;
  figures['memory.heap5000Mb'] = Math.round((heaps.large - heaps.small) * 10) / 10;
  return figures;
}
