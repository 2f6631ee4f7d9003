import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

// Issue 5: the package holds only what runs, and the activation bundle stays small.

const root = join(__dirname, '..');

test('issue 5: the .vsix lists only bundles, manifest, docs, licence, media and the launch.json schema (issue 12)', () => {
  const r = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const allowed = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|media\/[\w.-]+\.(svg|png)|schemas\/[\w.-]+\.json|dist\/[\w-]+\.js)$/;
  const unexpected = files.filter((f) => !allowed.test(f));
  assert.deepEqual(unexpected, [], `unexpected files in the package: ${unexpected.join(', ')}`);
  for (const forbidden of [/^src\//, /^test\//, /\.map$/, /fixtures/, /node_modules/, /\.ts$/]) {
    assert.ok(!files.some((f) => forbidden.test(f)), `package contains ${forbidden}`);
  }
  assert.ok(files.includes('dist/extension.js'), 'the activation bundle is packaged');
  assert.ok(files.includes('schemas/launch.schema.json'), 'the schema contributes.jsonValidation names is packaged');
  // Everything the activation bundle requires on first use, and the terminals' helper.
  for (const lazy of ['dist/sdk-sts.js', 'dist/sdk-ec2.js', 'dist/sdk-sso.js', 'dist/feature-commands.js', 'dist/feature-sso.js', 'dist/feature-terminals.js', 'dist/feature-debug.js', 'dist/feature-errors.js', 'dist/credentialHelper.js']) {
    assert.ok(files.includes(lazy), `${lazy} is packaged`);
  }
});

test('issue 14: the activation bundle leaves the command handlers, IAM Identity Center and the terminal copies to bundles required on first use', { skip: !existsSync(join(root, 'dist', 'extension.js')) && 'dist/ not built (npm run build)' }, async () => {
  const read = (name: string) => import('node:fs/promises').then((fs) => fs.readFile(join(root, 'dist', name), 'utf8'));
  const main = await read('extension.js');
  const parts: Array<[string, string]> = [
    ['feature-commands.js', 'Caller identity of'],
    ['feature-sso.js', 'can no longer be refreshed'],
    ['feature-terminals.js', 'A read-only copy of your config file, remade on every change'],
    ['feature-debug.js', 'AWS Profiles adds no credentials'],
    ['feature-errors.js', 'is throttling requests, even after retries'],
  ];
  for (const [bundle, marker] of parts) {
    assert.ok(!main.includes(marker), `dist/extension.js holds the code of ${bundle} ("${marker}")`);
    assert.ok((await read(bundle)).includes(marker), `${bundle} holds it`);
    assert.ok(main.includes(`require("./${bundle}")`), `dist/extension.js requires ${bundle} at run time`);
  }
});

test('issue 5: the activation bundle is at most 150 KB and holds no AWS SDK', { skip: !existsSync(join(root, 'dist', 'extension.js')) && 'dist/ not built (npm run build)' }, async () => {
  const main = join(root, 'dist', 'extension.js');
  assert.ok(statSync(main).size <= 150 * 1024, `dist/extension.js is ${statSync(main).size} bytes`);
  const text = await import('node:fs/promises').then((fs) => fs.readFile(main, 'utf8'));
  for (const marker of ['@aws-sdk', '@smithy', 'aws-sdk-js', 'STSClient', 'EC2Client']) {
    assert.ok(!text.includes(marker), `dist/extension.js contains ${marker}`);
  }
});

test('issue 26 L4: a release bundle has no trace of the test sign-in endpoint; a test build (--test-hooks) has it', async () => {
  const { build } = await import('esbuild');
  const { buildDefines } = (await import(join(root, 'scripts', 'buildDefines.mjs'))) as { buildDefines(o: { testHooks: boolean }): Record<string, string> };
  const bundle = async (testHooks: boolean) => {
    // The command handlers' bundle (dist/feature-commands.js) holds the console sign-in; built in memory as scripts/build.mjs builds it.
    const out = await build({
      entryPoints: [join(root, 'src', 'commands', 'commandHandlers.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      minify: true,
      external: ['vscode', './sdk-*.js', './feature-*.js'],
      define: buildDefines({ testHooks }),
      logLevel: 'error',
    });
    return out.outputFiles[0].text;
  };
  const release = await bundle(false);
  assert.ok(release.includes('getSigninToken'), 'the console sign-in is in this bundle');
  assert.ok(!release.includes('AWS_PROFILES_TEST_SIGNIN_ENDPOINT'), 'the variable is compiled out of a release');
  assert.ok(!release.includes('AWS_PROFILES_TEST_HOOKS'));
  assert.ok((await bundle(true)).includes('AWS_PROFILES_TEST_SIGNIN_ENDPOINT'));
});
