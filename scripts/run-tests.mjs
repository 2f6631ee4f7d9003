// Runs the project's tests with Node's own test runner (TypeScript through tsx).
// Unit tests: every *.test.ts under src/ and test/ except test/e2e. With --e2e: test/e2e/*.test.ts.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const e2e = process.argv.includes('--e2e');

function find(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const all = [...find(join(root, 'src'), []), ...find(join(root, 'test'), [])];
const files = all.filter((f) => f.startsWith('test/e2e/') === e2e).sort();
if (files.length === 0) {
  console.error(`no test files found (${e2e ? 'e2e' : 'unit'})`);
  process.exit(1);
}
const args = ['--import', 'tsx', '--test', '--test-concurrency=1', ...files];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
