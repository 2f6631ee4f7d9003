import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleBench } from './bundleBench';
import { editorBench } from './editorBench';
import { lifecycleBench } from './lifecycleBench';
import { profilesBench } from './profilesBench';
import { ssoBench } from './ssoBench';
import { stsBench } from './stsBench';
import { vscodeBench } from './vscodeBench';

/**
 * `npm run bench`: the project's performance figures, one section per area. With `--json`, one
 * JSON line holding every figure (e.g. `profiles.resolveAllMs`); otherwise a readable table.
 * Sections may be picked with `--only profiles,sts`.
 */
type Section = (dir: string) => Promise<Record<string, number | string>>;

const sections: Record<string, Section> = {
  profiles: (dir) => profilesBench(dir),
  editor: (dir) => editorBench(dir),
  sts: (dir) => stsBench(dir),
  sso: (dir) => ssoBench(dir),
  lifecycle: () => lifecycleBench(),
  bundle: (dir) => bundleBench(dir),
  endpoint: async (dir) => (await import('./endpointBench')).endpointBench(dir),
  vscode: (dir) => vscodeBench(dir),
};

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const onlyArg = process.argv.find((a) => a.startsWith('--only='));
  const only = onlyArg ? onlyArg.slice('--only='.length).split(',') : Object.keys(sections);
  const dir = mkdtempSync(join(tmpdir(), 'aws-profiles-bench-'));
  const figures: Record<string, number | string> = {};
  try {
    for (const name of only) {
      if (!sections[name]) throw new Error(`unknown bench section "${name}"; known: ${Object.keys(sections).join(', ')}`);
      Object.assign(figures, await sections[name](join(dir)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (json) {
    console.log(JSON.stringify(figures));
  } else {
    for (const [key, value] of Object.entries(figures)) console.log(`${key.padEnd(32)} ${value}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
