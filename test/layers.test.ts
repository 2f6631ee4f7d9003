// Dependencies point down (test/layers.ts holds the rules): every import of src/, type imports
// included, goes to a folder its own may import; no file imports itself back through others; 'vscode'
// only in the features, the AWS SDK only in src/aws, the pure core pure. eslint.config.mjs applies
// the same rules file by file; this test checks the whole tree at once, so that `npm test` alone
// enforces them.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { test } from 'node:test';
import { cyclesOf, importAllowed, importGraph, LAYERS, layerOf, packageAllowed, resolveSpecifier, sourceFiles, specifiersOf } from './layers';

const src = join(__dirname, '..', 'src');
const rel = (file: string) => relative(src, file).replace(/\\/g, '/');
const product = sourceFiles(src).filter((f) => !f.endsWith('.test.ts'));

test('issue 27: every file of src/ is in a folder of test/layers.ts, and every folder there has files', () => {
  const seen = new Set<string>();
  for (const f of sourceFiles(src)) {
    const layer = layerOf(rel(f));
    assert.ok(layer !== undefined, `src/${rel(f)} is in no folder of test/layers.ts: add its folder there and in its README`);
    seen.add(layer);
  }
  assert.deepEqual([...seen].sort(), Object.keys(LAYERS).sort());
});

test('issue 27: every import points down: each file imports only its own folder and those its folder may import', () => {
  const broken: string[] = [];
  for (const f of product) {
    const from = layerOf(rel(f))!;
    for (const specifier of specifiersOf(readFileSync(f, 'utf8'))) {
      const target = resolveSpecifier(src, f, specifier);
      if (target === undefined) continue;
      const to = layerOf(target)!;
      if (!importAllowed(from, to)) broken.push(`src/${rel(f)} imports ${specifier} (${to}/): ${from}/ may import ${LAYERS[from].join(', ') || 'nothing else'}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('issue 27: the import graph of src/ has no cycle (type imports included)', () => {
  const graph = importGraph(src);
  assert.ok(graph.size === product.length && graph.get('extension.ts')!.size > 10, 'the graph holds every file and their imports');
  assert.deepEqual(cyclesOf(graph).map((c) => c.join(' → ')), []);
});

test("issue 27: 'vscode' only in the features, the AWS SDK only in src/aws, nothing but hashes in the pure core, only Node in the helper", () => {
  const broken: string[] = [];
  for (const f of product) {
    const layer = layerOf(rel(f))!;
    for (const specifier of specifiersOf(readFileSync(f, 'utf8'))) {
      if (specifier.startsWith('.')) continue;
      if (specifier.startsWith('node:') && !layer.startsWith('core')) continue;
      if (!packageAllowed(layer, specifier)) broken.push(`src/${rel(f)} imports ${specifier}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('tests run without VS Code: no test file imports vscode (the code under test would be in the wrong layer)', () => {
  for (const f of sourceFiles(src).filter((f) => f.endsWith('.test.ts'))) {
    assert.ok(!specifiersOf(readFileSync(f, 'utf8')).includes('vscode'), `src/${rel(f)} needs vscode`);
  }
});

test('issue 27: every folder of src/ has a README that names each of its files', () => {
  const folders = readdirSync(src).filter((n) => statSync(join(src, n)).isDirectory());
  for (const folder of folders) {
    const readme = join(src, folder, 'README.md');
    assert.ok(existsSync(readme), `src/${folder}/README.md is missing`);
    if (folder === 'core') continue; // src/core/README.md describes its folders, each checked by its own rule
    const text = readFileSync(readme, 'utf8');
    for (const f of sourceFiles(join(src, folder)).filter((f) => !f.endsWith('.test.ts'))) {
      assert.ok(text.includes(basename(f)), `src/${folder}/README.md does not say what ${rel(f)} holds`);
    }
  }
});

test('issue 27: the checks catch what they are for (a view imported by the engine, a circle, an SDK import outside src/aws)', () => {
  assert.equal(importAllowed(layerOf('credentials/credentialEngine.ts')!, layerOf('profiles/profileTree.ts')!), false);
  assert.equal(importAllowed(layerOf('profiles/profileTree.ts')!, layerOf('commands/commandHandlers.ts')!), false);
  assert.equal(importAllowed(layerOf('core/config/iniParser.ts')!, layerOf('core/chains/chainPlanner.ts')!), false);
  assert.equal(importAllowed(layerOf('aws/sts/stsGateway.ts')!, layerOf('core/config/profileMap.ts')!), true);
  assert.equal(layerOf('core/robustness.test.ts'), 'core/index');
  assert.equal(packageAllowed('profiles', '@aws-sdk/client-sts'), false);
  assert.equal(packageAllowed('core/config', 'node:fs'), false);
  assert.equal(packageAllowed('credentials', 'vscode'), false);
  const graph = new Map([
    ['a.ts', new Set(['b.ts'])],
    ['b.ts', new Set(['c.ts'])],
    ['c.ts', new Set(['a.ts', 'd.ts'])],
    ['d.ts', new Set<string>()],
  ]);
  assert.deepEqual(cyclesOf(graph), [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  graph.get('c.ts')!.delete('a.ts');
  assert.deepEqual(cyclesOf(graph), []);
  assert.deepEqual(
    specifiersOf("import type { A } from './a';\nexport { B } from \"../b\";\nconst c = require('./c.js');\nimport './d';"),
    ['./a', '../b', './c.js', './d'],
  );
});
