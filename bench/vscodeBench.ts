import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { codeServerBuild, DEFAULT_VSCODE, startVsCode, type VsCode } from '../test/e2e/harness';
import { generateConfig } from './profilesBench';
import { median } from './stats';

const root = join(__dirname, '..');

/** Opens the AWS Profiles view from the activity bar, as a user does, and reads the activation log line. */
async function activation(vsc: VsCode): Promise<number> {
  await vsc.page.locator('.activitybar .action-item a[aria-label^="AWS Profiles"]').first().click({ timeout: 60_000 });
  const log = await vsc.waitForLog(/activated in \d+(\.\d+)? ms/, { timeoutMs: 60_000 });
  return Number(/activated in (\d+(?:\.\d+)?) ms/.exec(log)![1]);
}

const SHOWN = /profiles shown: \d+ profiles, heap ([\d.]+) MB/g;

/**
 * The extension host heap the extension reports once the profiles are loaded and shown, after the
 * host has settled: the built-in extensions share that heap, and VS Code 1.139 activates several
 * (TypeScript and JSON language features, GitHub authentication, …) at the moment this extension
 * first shows its view. So: wait, then Reload Profiles (a new model, so a new line) three times; the median.
 */
async function shownHeapMb(vsc: VsCode): Promise<number> {
  await vsc.waitForLog(SHOWN, { timeoutMs: 60_000 });
  await new Promise((r) => setTimeout(r, 8_000));
  const heaps: number[] = [];
  for (let i = 0; i < 3; i++) {
    const count = vsc.readLog().match(SHOWN)?.length ?? 0;
    await vsc.runCommand('AWS Profiles: Reload Profiles');
    const log = await vsc.waitForLog(SHOWN, { count: count + 1, timeoutMs: 60_000 });
    const all = [...log.matchAll(SHOWN)];
    heaps.push(Number(all[all.length - 1][1]));
  }
  return median(heaps);
}

/**
 * In a real VS Code (code-server, see test/e2e/harness.ts), the current stable release unless
 * E2E_VSCODE=floor: the extension's own `activated in N ms` over cold window loads (a new sandbox,
 * so a new user-data folder, each time), and the extension host heap added by 5,000 profiles loaded
 * and shown, against two profiles. `vscode.version` names the VS Code measured, `vscode.node` the Node
 * of its extension host.
 */
export async function vscodeBench(_dir: string, loads = 5): Promise<Record<string, number | string>> {
  const build = DEFAULT_VSCODE;
  // Only the build measured (stdout is the JSON line's: the setup's output goes to stderr).
  const setup = spawnSync('bash', ['scripts/setup-e2e.sh', build], { cwd: root, stdio: ['ignore', 2, 'inherit'] });
  if (setup.status !== 0) throw new Error(`scripts/setup-e2e.sh ${build} failed`);
  const small = '[default]\nregion = us-east-1\n[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/CrossAccountPowerUser\nsource_profile = default\n';
  const times: number[] = [];
  let version: string | undefined;
  let nodeVersion: string | undefined;
  for (let i = 0; i < loads; i++) {
    const vsc = await startVsCode({ name: `bench-activation-${i}`, files: { '.aws/config': small }, vscode: build });
    try {
      version = vsc.version;
      nodeVersion = vsc.nodeVersion;
      times.push(await activation(vsc));
    } finally {
      await vsc.close();
    }
  }
  const cs = codeServerBuild(build);
  const figures: Record<string, number | string> = {
    'vscode.version': version ?? cs.vscodeVersion,
    'vscode.node': nodeVersion ?? cs.nodeVersion,
    'activation.medianMs': median(times),
    'activation.loads': loads,
  };

  const heaps: Record<string, number> = {};
  const { config, credentials } = generateConfig();
  for (const [name, files] of [
    ['small', { '.aws/config': small }],
    ['large', { '.aws/config': config, '.aws/credentials': credentials }],
  ] as const) {
    // --expose-gc lets the extension collect garbage before it reads its heap (see ProfileTree). Given
    // to code-server's Node, whose extension host inherits it: VS Code 1.139 drops NODE_OPTIONS there.
    const vsc = await startVsCode({ name: `bench-heap-${name}`, files, nodeArgs: ['--expose-gc'], vscode: build });
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
