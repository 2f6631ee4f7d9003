// Runs the project's tests with Node's own test runner (TypeScript through tsx).
// Unit tests: every *.test.ts under src/ and test/ except test/e2e. With --e2e: test/e2e/*.test.ts,
// in a real VS Code (test/e2e/harness.ts), on each build of test/e2e/vscode-versions.json:
//   node scripts/run-tests.mjs --e2e                     # every e2e test on the current VS Code, then
//                                                        # every one on the floor (VS Code 1.103)
//   E2E_VSCODE=floor node scripts/run-tests.mjs --e2e    # every e2e test on one build only (or current)
//   node scripts/run-tests.mjs --e2e --vscode=quick      # every e2e test on current, FLOOR_TESTS on the floor
//   node scripts/run-tests.mjs --e2e test/e2e/smoke.test.ts   # only the files named (same rules)
// --vscode=all|quick|current|floor wins over E2E_VSCODE; the default is all.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const e2e = process.argv.includes('--e2e');
const named = process.argv.slice(2).filter((a) => !a.startsWith('--')).map((a) => relative(root, resolve(a)));

/**
 * The e2e tests that --vscode=quick runs on the floor build too: the extension's first activation,
 * its terminals and the whole user journey of issue 4. (`npm test` and CI run all of them on both
 * builds: about 10 minutes each on CI's machine.)
 */
const FLOOR_TESTS = ['test/e2e/smoke.test.ts', 'test/e2e/experience.test.ts'];

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
let files = all.filter((f) => f.startsWith('test/e2e/') === e2e).sort();
if (named.length > 0) {
  const unknown = named.filter((f) => !files.includes(f));
  if (unknown.length > 0) {
    console.error(`not ${e2e ? 'an e2e' : 'a unit'} test file: ${unknown.join(', ')}`);
    process.exit(1);
  }
  files = files.filter((f) => named.includes(f));
}
if (files.length === 0) {
  console.error(`no test files found (${e2e ? 'e2e' : 'unit'})`);
  process.exit(1);
}

function runTests(testFiles, env = process.env) {
  const args = ['--import', 'tsx', '--test', '--test-concurrency=1', ...testFiles];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  return r.status ?? 1;
}

if (!e2e) process.exit(runTests(files));

// ---- e2e: one `node --test` run per VS Code build ----
const versions = JSON.parse(readFileSync(process.env.E2E_VERSIONS_FILE || join(root, 'test', 'e2e', 'vscode-versions.json'), 'utf8'));
const option = process.argv.find((a) => a.startsWith('--vscode='))?.slice('--vscode='.length);
const choice = option || process.env.E2E_VSCODE || 'all';
let runs;
if (choice === 'floor' || choice === 'current') runs = [{ build: choice, files }];
else if (choice === 'all' || choice === 'both') runs = [{ build: 'current', files }, { build: 'floor', files }];
else if (choice === 'quick') {
  runs = [{ build: 'current', files }];
  const floorFiles = files.filter((f) => FLOOR_TESTS.includes(f));
  if (floorFiles.length > 0) runs.push({ build: 'floor', files: floorFiles });
} else {
  console.error(`unknown VS Code build "${choice}" (E2E_VSCODE or --vscode=: all, quick, current or floor)`);
  process.exit(1);
}

const results = [];
for (const { build, files: testFiles } of runs) {
  const v = versions[build];
  const label = `${build}: VS Code ${v.vscode} (code-server ${v.codeServer}, Node ${v.node})`;
  console.log(`\n== e2e on ${label}: ${testFiles.length} file(s)`);
  const started = Date.now();
  // E2E_RUNNER_PID: the extension is packaged once for all the runs (see packageExtension()).
  const status = runTests(testFiles, { ...process.env, E2E_VSCODE: build, E2E_RUNNER_PID: String(process.pid) });
  results.push({ label, status, seconds: Math.round((Date.now() - started) / 1000), count: testFiles.length });
}
console.log('\n== e2e summary');
for (const r of results) console.log(`${r.status === 0 ? 'pass' : 'FAIL'}  ${r.label}: ${r.count} file(s) in ${r.seconds} s`);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
