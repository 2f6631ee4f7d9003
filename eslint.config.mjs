// ESLint (flat config): typescript-eslint's recommended rules, the checks on promises and imports
// this project keeps on, and its layers as lint errors (the rules of test/layers.ts, which
// test/layers.test.ts also applies to the whole tree at once).
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { tsImport } from 'tsx/esm/api';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, 'src');
const layers = await tsImport('./test/layers.ts', import.meta.url);

/** The layer of a linted file, or undefined for files outside src/. */
function layerOfFile(filename) {
  const path = relative(src, filename);
  return path.startsWith('..') ? undefined : layers.layerOf(path);
}

/** The import graph of src/, built once per lint run (the rule asks whether an edge closes a circle). */
let graph;
function reaches(from, to) {
  graph ??= layers.importGraph(src);
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === to) return true;
    for (const next of graph.get(node) ?? []) if (!seen.has(next)) (seen.add(next), queue.push(next));
  }
  return false;
}

/** Calls `check(node, specifier)` for every import of a file: static, type, re-export, import() and require() of a literal. */
function eachImport(check) {
  const literal = (node, source) => source?.type === 'Literal' && typeof source.value === 'string' && check(node, source.value);
  return {
    ImportDeclaration: (node) => literal(node, node.source),
    ExportNamedDeclaration: (node) => literal(node, node.source),
    ExportAllDeclaration: (node) => literal(node, node.source),
    ImportExpression: (node) => literal(node, node.source),
    'CallExpression[callee.name="require"]': (node) => literal(node, node.arguments[0]),
  };
}

const layersPlugin = {
  rules: {
    'imports-point-down': {
      meta: { type: 'problem', docs: { description: "Imports only the folders the file's folder may import (test/layers.ts)" }, schema: [] },
      create(context) {
        const from = layerOfFile(context.filename);
        if (from === undefined) return {};
        const isTest = context.filename.endsWith('.test.ts');
        return eachImport((node, specifier) => {
          if (!specifier.startsWith('.')) {
            if (isTest || (specifier.startsWith('node:') && !from.startsWith('core'))) return;
            if (!layers.packageAllowed(from, specifier)) context.report({ node, message: `${from}/ may not import ${specifier} (test/layers.ts).` });
            return;
          }
          const target = layers.resolveSpecifier(src, context.filename, specifier);
          if (target === undefined || isTest) return;
          const to = layers.layerOf(target);
          if (!layers.importAllowed(from, to)) {
            context.report({ node, message: `${from}/ may not import ${to}/ (${specifier}): it may import ${layers.LAYERS[from].join(', ') || 'nothing else'} (test/layers.ts).` });
          }
        });
      },
    },
    'no-cycle': {
      meta: { type: 'problem', docs: { description: 'No import closes a circle among the files of src/ (type imports included)' }, schema: [] },
      create(context) {
        if (layerOfFile(context.filename) === undefined || context.filename.endsWith('.test.ts')) return {};
        const self = relative(src, context.filename).replace(/\\/g, '/');
        return eachImport((node, specifier) => {
          const target = layers.resolveSpecifier(src, context.filename, specifier);
          if (target !== undefined && !target.endsWith('.test.ts') && reaches(target, self)) {
            context.report({ node, message: `Importing ${specifier} closes an import circle back to this file.` });
          }
        });
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.cache/', '.e2e/', 'test/fixtures/', '**/*.mjs', '**/*.js', '**/*.cjs', 'scripts/oracle/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    plugins: { layers: layersPlugin },
    rules: {
      'layers/imports-point-down': 'error',
      'layers/no-cycle': 'error',
      // node:test's test() returns a promise the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      // A closure that reads a variable assigned once after it (a timer handle) is fine.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // The bundles required on first use (dist/sdk-*.js, dist/feature-*.js): a literal require() each, kept external by esbuild;
    // and the test build's clock, required in a branch that a release drops (src/guard/testClock.ts).
    files: ['src/aws/sdkLoader.ts', 'src/**/lazy*.ts', 'src/guard/testClock.ts', 'bench/**/*.ts', 'test/sdkBundles.test.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
