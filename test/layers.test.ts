// Dependencies point inward: 'vscode' only in the feature folders and src/extension.ts; the AWS SDK only in src/aws; the terminals' helper program (src/helper) only
// Node and the pure core. A test rather than a lint rule, so that `npm test` alone enforces it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const src = join(__dirname, '..', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);

test("'vscode' is imported only by the feature folders and src/extension.ts", () => {
  for (const f of files(src)) {
    const rel = relative(src, f);
    if (/^(workbench|ec2|profiles|sso|terminals|active|debug|commands)\//.test(rel) || rel === 'extension.ts') continue;
    assert.ok(!importsOf(f).includes('vscode'), `${rel} imports vscode`);
  }
});

test('the AWS SDK is imported only by src/aws (tests elsewhere may use it as a client)', () => {
  for (const f of files(src)) {
    const rel = relative(src, f);
    if (rel.startsWith('aws/') || rel.endsWith('.test.ts')) continue;
    assert.ok(!importsOf(f).some((m) => m.startsWith('@aws-sdk/') || m.startsWith('@smithy/')), `${rel} imports the AWS SDK`);
  }
});

test('pure files of the feature folders (their tests run without VS Code) do not import vscode', () => {
  for (const f of files(src).filter((f) => f.endsWith('.test.ts'))) {
    assert.ok(!importsOf(f).includes('vscode'), `${relative(src, f)} needs vscode: the code under test is in the wrong layer`);
  }
});

test('the terminals\' helper program (src/helper) imports only Node and src/core: it runs outside VS Code', () => {
  const helperFiles = files(join(src, 'helper'));
  assert.ok(helperFiles.length > 0);
  for (const f of helperFiles) {
    for (const m of importsOf(f)) {
      const ok = m.startsWith('node:') || (m.startsWith('.') && relative(src, join(f, '..', m)).startsWith('core/'));
      assert.ok(ok, `${relative(src, f)} imports ${m}`);
    }
  }
});

/** src/core's folders and the core folders each may import (src/core/README.md); '.' is src/core/index.ts. */
const CORE_RULES: Record<string, string[]> = {
  common: [],
  config: ['common'],
  chains: ['common', 'config'],
  endpoints: ['config'],
  sso: ['common', 'config'],
  credentials: ['common', 'config', 'sso'],
  console: ['config', 'credentials'],
  terminal: ['common', 'config', 'credentials', '.'],
  '.': ['common', 'config', 'chains'],
};

test('issue 13: src/core is folders by concern, each importing only what its rule allows, nothing outside src/core', () => {
  const core = join(src, 'core');
  const checked = new Set<string>();
  for (const f of files(core)) {
    const rel = relative(core, f);
    const folder = rel.includes('/') ? rel.split('/')[0] : '.';
    assert.ok(folder in CORE_RULES, `src/core/${rel} is in no known folder of src/core (README.md)`);
    checked.add(folder);
    if (f.endsWith('.test.ts')) continue;
    for (const m of importsOf(f)) {
      if (!m.startsWith('.')) {
        assert.ok(m === 'node:crypto', `src/core/${rel} imports ${m}: only node:crypto (hashes) is allowed in the pure core`);
        continue;
      }
      const target = relative(core, join(f, '..', m));
      assert.ok(!target.startsWith('..'), `src/core/${rel} imports ${m}, outside src/core`);
      const to = target.includes('/') ? target.split('/')[0] : '.';
      if (to === folder) continue;
      assert.ok(CORE_RULES[folder].includes(to), `src/core/${rel} imports ${m}: ${folder}/ may import ${CORE_RULES[folder].join(', ') || 'nothing else'}`);
    }
  }
  assert.deepEqual([...checked].sort(), Object.keys(CORE_RULES).sort(), 'every folder has files');
});
