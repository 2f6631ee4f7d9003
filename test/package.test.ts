import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

// Issues 5 and 25: the package holds only what runs, everything that runs is in it, the manifest is
// ready for the marketplace, and the activation bundle stays small.

const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every file the package may hold, each by name: all of them are required too. */
const PACKAGED = [
  'package.json',
  'package.nls.json',
  'l10n/bundle.l10n.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'media/icon.png',
  'media/aws-profiles.svg',
  'schemas/launch.schema.json',
  'syntaxes/aws-config.tmLanguage.json',
  'syntaxes/aws-credentials.tmLanguage.json',
  'syntaxes/aws-language-configuration.json',
  'dist/extension.js',
  'dist/credentialHelper.js',
  'dist/credentialHelper.pl',
  'dist/sdk-sts.js',
  'dist/sdk-ec2.js',
  'dist/sdk-sso.js',
  'dist/sdk-iam.js',
  'dist/feature-commands.js',
  'dist/feature-sso.js',
  'dist/feature-setup.js',
  'dist/feature-terminals.js',
  'dist/feature-debug.js',
  'dist/feature-guard.js',
  'dist/feature-editor.js',
  'dist/feature-keys.js',
  'dist/feature-login.js',
  'dist/feature-process.js',
  'dist/feature-errors.js',
  'dist/l10n.js',
];
/** The chunks the SDK bundles share (scripts/build.mjs), named by a hash of their content. */
const SHARED_CHUNK = /^dist\/sdk-shared-[A-Z0-9]+\.js$/;

/** The files `vsce ls` says the package holds, as `npm run package` (scripts/package.mjs) makes it. */
function packagedFiles(): string[] {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

test('issue 25: the .vsix holds the allow-listed files and the shared SDK chunks, and every one of them that is required', () => {
  const files = packagedFiles();
  const unexpected = files.filter((f) => !PACKAGED.includes(f) && !SHARED_CHUNK.test(f));
  assert.deepEqual(unexpected, [], `files in the package that are not on its allow-list: ${unexpected.join(', ')}`);
  const missing = PACKAGED.filter((f) => !files.includes(f));
  assert.deepEqual(missing, [], `required files missing from the package (npm run build first): ${missing.join(', ')}`);
  // What the manifest names, and every bundle a packaged bundle requires (the shared chunks among them).
  const named = [
    manifest.main,
    manifest.icon,
    ...manifest.contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon),
    ...manifest.contributes.jsonValidation.map((v: { url: string }) => v.url),
    ...manifest.contributes.languages.map((l: { configuration: string }) => l.configuration),
    ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
  ];
  for (const f of named) assert.ok(files.includes(f.replace(/^\.\//, '')), `package.json names ${f}, which is not packaged`);
  for (const f of files.filter((n) => n.startsWith('dist/'))) {
    for (const m of readFileSync(join(root, f), 'utf8').matchAll(/require\("\.\/([\w.-]+\.js)"\)/g)) {
      assert.ok(files.includes(`dist/${m[1]}`), `${f} requires dist/${m[1]}, which is not packaged`);
    }
  }
});

test('issue 25: the manifest is ready to publish: a 128×128 PNG icon, preview below 1.0, no placeholder repository', () => {
  const png = readFileSync(join(root, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${manifest.icon} is a PNG`);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], `${manifest.icon} is 128×128`);
  assert.equal(manifest.preview, Number(manifest.version.split('.')[0]) < 1, 'preview exactly while the version is below 1.0');
  assert.equal(manifest.pricing, 'Free');
  assert.equal(manifest.qna, false);
  assert.ok(manifest.galleryBanner?.color && manifest.galleryBanner.theme, 'a gallery banner');
  assert.ok(manifest.categories.length > 0 && manifest.keywords.length > 0);
  // A repository or bugs entry only when it is real (docs/development.md, "Publishing").
  for (const key of ['repository', 'bugs', 'homepage']) assert.doesNotMatch(JSON.stringify(manifest[key] ?? ''), /example\.|\.invalid|localhost/, `package.json's ${key} is a placeholder`);
  assert.match(readFileSync(join(root, 'README.md'), 'utf8').split('\n')[0], new RegExp(`\\(${manifest.icon}\\)`), 'the README shows the icon at its top');
});

test('issue 25: vsce packages the extension without a warning', { skip: !existsSync(join(root, 'dist', 'extension.js')) && 'dist/ not built (npm run build)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'awsp-package-'));
  try {
    const r = spawnSync(process.execPath, ['scripts/package.mjs', '--out', join(dir, 'aws-profiles.vsix')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const output = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, output);
    assert.doesNotMatch(output, /WARNING|\bwarn/i, output);
    assert.ok(existsSync(join(dir, 'aws-profiles.vsix')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('issues 14 and 22: the activation bundle leaves the command handlers, IAM Identity Center, the terminal copies and the editor features to bundles required on first use', { skip: !existsSync(join(root, 'dist', 'extension.js')) && 'dist/ not built (npm run build)' }, async () => {
  const read = (name: string) => import('node:fs/promises').then((fs) => fs.readFile(join(root, 'dist', name), 'utf8'));
  const main = await read('extension.js');
  const parts: Array<[string, string]> = [
    ['feature-commands.js', 'Caller identity of'],
    ['feature-sso.js', 'can no longer be refreshed'],
    ['feature-terminals.js', 'through this profile (AWS_PROFILE='],
    ['feature-debug.js', 'AWS Profiles adds no credentials'],
    ['feature-guard.js', 'looks like a production profile'],
    ['feature-editor.js', 'is read from the config file too, but keys belong in the credentials file'],
    ['feature-keys.js', 'Key rotation of'],
    ['feature-login.js', 'Refreshed the aws login session'],
    ['feature-process.js', 'prints credentials as JSON'],
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

/** A bundle of the extension's own code built in memory as scripts/build.mjs builds it, as a release (`testHooks` false) or a test build. */
async function bundleOf(entry: string, testHooks: boolean): Promise<string> {
  const { build } = await import('esbuild');
  const { buildDefines } = (await import(join(root, 'scripts', 'buildDefines.mjs'))) as { buildDefines(o: { testHooks: boolean }): Record<string, string> };
  const out = await build({
    entryPoints: [join(root, entry)],
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
}

test('issue 26 L4: a release bundle has no trace of the test sign-in endpoint; a test build (--test-hooks) has it', async () => {
  // The command handlers' bundle (dist/feature-commands.js) holds the console sign-in.
  const bundle = (testHooks: boolean) => bundleOf('src/commands/commandHandlers.ts', testHooks);
  const release = await bundle(false);
  assert.ok(release.includes('getSigninToken'), 'the console sign-in is in this bundle');
  assert.ok(!release.includes('AWS_PROFILES_TEST_SIGNIN_ENDPOINT'), 'the variable is compiled out of a release');
  assert.ok(!release.includes('AWS_PROFILES_TEST_HOOKS'));
  assert.ok((await bundle(true)).includes('AWS_PROFILES_TEST_SIGNIN_ENDPOINT'));
});

test("issue 23: a release bundle has no trace of the guards' test clock; a test build (--test-hooks) has it", async () => {
  // The guards' bundle (dist/feature-guard.js) holds the clock.
  const release = await bundleOf('src/guard/guardFeature.ts', false);
  assert.ok(release.includes('looks like a production profile'), 'the guards are in this bundle');
  for (const marker of ['AWS_PROFILES_TEST_CLOCK_FILE', 'offsetMs', 'AWS_PROFILES_TEST_HOOKS']) assert.ok(!release.includes(marker), `a release holds "${marker}"`);
  const testBuild = await bundleOf('src/guard/guardFeature.ts', true);
  for (const marker of ['AWS_PROFILES_TEST_CLOCK_FILE', 'offsetMs']) assert.ok(testBuild.includes(marker), `the test build holds "${marker}"`);
});
