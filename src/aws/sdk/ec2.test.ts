// Issue 5: @aws-sdk/client-ec2 (about 550 KB bundled since issue 25, 1.5 MB before) loads only when an
// "EC2 Instances" node is first expanded, from its own bundle dist/sdk-ec2.js, never with the
// activation bundle.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';

const root = join(__dirname, '..', '..', '..');
const src = join(root, 'src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') && !n.endsWith('.test.ts') ? [join(dir, n)] : []));
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);

test('only src/aws/sdk/ec2.ts imports @aws-sdk/client-ec2, and nothing imports it but through the loader', () => {
  for (const f of files(src)) {
    const rel = relative(src, f);
    const imports = importsOf(f);
    if (rel !== 'aws/sdk/ec2.ts') assert.ok(!imports.some((m) => m.startsWith('@aws-sdk/client-ec2')), `${rel} imports @aws-sdk/client-ec2`);
    assert.ok(!imports.some((m) => /(^|\/)sdk\/ec2(\.ts)?$/.test(m) || /sdk-ec2\.js$/.test(m) && rel !== 'aws/sdkLoader.ts'), `${rel} imports the EC2 SDK module directly`);
  }
});

test('the activation bundle and the EC2 listing code hold no EC2 SDK; dist/sdk-ec2.js holds it without STS', async () => {
  const options: esbuild.BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['vscode', './sdk-*.js', './feature-*.js'],
    write: false,
    metafile: true,
    logLevel: 'silent',
    outdir: 'out',
  };
  const main = await esbuild.build({ ...options, entryPoints: ['src/extension.ts', 'src/ec2/instanceLister.ts', 'src/ec2/instanceNodes.ts'] });
  const mainInputs = Object.keys(main.metafile!.inputs);
  assert.deepEqual(mainInputs.filter((i) => i.includes('@aws-sdk/client-ec2') || i.endsWith('src/aws/sdk/ec2.ts')), []);
  assert.deepEqual(mainInputs.filter((i) => i.includes('node_modules/@aws-sdk/')), [], 'no AWS SDK at all outside the sdk bundles');

  const ec2 = await esbuild.build({ ...options, entryPoints: { 'sdk-ec2': 'src/aws/sdk/ec2.ts' } });
  const ec2Inputs = Object.keys(ec2.metafile!.inputs);
  assert.ok(ec2Inputs.some((i) => i.includes('node_modules/@aws-sdk/client-ec2/')));
  assert.deepEqual(ec2Inputs.filter((i) => i.includes('@aws-sdk/client-sts/') || i.endsWith('src/aws/sdk/sts.ts')), []);
});
