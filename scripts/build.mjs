// Bundles the extension with esbuild: the activation bundle (dist/extension.js) and, separately,
// the AWS SDK clients (dist/sdk-*.js) and the parts activation does not need (dist/feature-*.js),
// which the extension requires only on first use.
// Minified for production; `--dev` adds source maps and skips minification; `--watch` rebuilds;
// `--outdir=DIR` writes somewhere other than dist/ (the bundle tests build into a temporary folder).
// `--test-hooks` (implied by `--dev`): the bundles honour the variables that point the extension at
// test endpoints (AWS_PROFILES_TEST_HOOKS, scripts/buildDefines.mjs), for the end-to-end tests and
// the demo; a release has none.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildDefines } from './buildDefines.mjs';

const dev = process.argv.includes('--dev');
const watch = process.argv.includes('--watch');
const testHooks = dev || process.argv.includes('--test-hooks');
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) || 'dist';

const entryPoints = {
  extension: 'src/extension.ts',
  // The localised sentences (@vscode/l10n): one module that every bundle requires, configured once at activation.
  l10n: 'src/base/l10nRuntime.ts',
  // Parts activation does not need, required on first use (src/base/lazyRequire.ts).
  'feature-commands': 'src/commands/commandHandlers.ts',
  'feature-sso': 'src/sso/ssoFeature.ts',
  'feature-setup': 'src/setup/setupFeature.ts',
  'feature-terminals': 'src/terminals/terminalSupport.ts',
  'feature-debug': 'src/debug/debugFeature.ts',
  'feature-guard': 'src/guard/guardFeature.ts',
  'feature-editor': 'src/editor/editorFeature.ts',
  'feature-keys': 'src/keys/keysFeature.ts',
  // Running a credential_process, required on the first one.
  'feature-process': 'src/credentials/credentialProcess.ts',
  // The credentials of `aws login` profiles: the login cache and the Sign-In service (issue 24).
  'feature-login': 'src/aws/login/loginCredentials.ts',
  // The sentences for failed AWS calls, required on the first failure (src/aws/sdkLoader.ts).
  'feature-errors': 'src/aws/errorSentences.ts',
};
// The AWS SDK clients, required on first use (src/aws/sdkLoader.ts).
const sdkEntryPoints = {
  'sdk-sts': 'src/aws/sdk/sts.ts',
  'sdk-ec2': 'src/aws/sdk/ec2.ts',
  'sdk-sso': 'src/aws/sdk/sso.ts',
  'sdk-iam': 'src/aws/sdk/iam.ts',
};
// The credential_process helper of terminals: a program of its own, run by the AWS CLI and SDKs
// outside VS Code, from a folder of its own (it carries its own copy of @vscode/l10n).
const helperEntryPoints = { credentialHelper: 'src/helper/credentialHelper.ts' };
// Its quick start in Perl, shipped as it is (src/helper/credentialHelper.pl).
const helperScripts = ['credentialHelper.pl'].filter((name) => existsSync(join('src', 'helper', name)));
for (const points of [entryPoints, sdkEntryPoints, helperEntryPoints]) for (const [name, path] of Object.entries(points)) if (!existsSync(path)) delete points[name];

/**
 * Every bundle requires dist/l10n.js for @vscode/l10n instead of carrying a copy: the module keeps
 * the translations it is given at activation (l10n.config), and a copy in a bundle loaded later
 * would have none.
 * @type {esbuild.Plugin}
 */
const sharedL10n = {
  name: 'shared-l10n',
  setup(build) {
    build.onResolve({ filter: /^@vscode\/l10n$/ }, (args) => (args.importer.endsWith('l10nRuntime.ts') ? undefined : { path: './l10n.js', external: true }));
  },
};

/** @type {esbuild.BuildOptions} */
const options = {
  entryPoints,
  plugins: [sharedL10n],
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['vscode', './sdk-*.js', './feature-*.js'],
  minify: !dev,
  sourcemap: dev,
  define: buildDefines({ testHooks }),
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

/**
 * esbuild splits code shared by several entry points into chunks only for ES modules, which VS Code's
 * extension host cannot require: this turns each output file of the SDK build into CommonJS (an
 * `import` of a chunk becomes a `require` of it, `import()` a `require` on first use), writes it and
 * removes the chunks of earlier builds. Source maps (dev) are inline and carried through.
 */
const commonJsOutput = {
  name: 'common-js-output',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      mkdirSync(outdir, { recursive: true });
      const written = new Set();
      for (const file of result.outputFiles ?? []) {
        const { code } = await esbuild.transform(file.text, {
          format: 'cjs',
          platform: 'node',
          target: 'node22',
          supported: { 'dynamic-import': false },
          minify: !dev,
          sourcemap: dev ? 'inline' : false,
          sourcefile: file.path,
          legalComments: 'none',
          logLevel: 'warning',
        });
        writeFileSync(file.path, code);
        written.add(basename(file.path));
      }
      for (const name of readdirSync(outdir)) if (/^sdk-shared-/.test(name) && !written.has(name)) rmSync(join(outdir, name));
    });
  },
};

/**
 * The SDK bundles share the code they have in common (the Smithy runtime, signing, the HTTP
 * handler, the lazily loaded credential providers) through dist/sdk-shared-*.js chunks, so the EC2
 * bundle, required on the first expansion of an "EC2 Instances" node, loads only what the STS
 * bundle has not loaded already. The SDK's ES module builds (package.json "module") come first:
 * esbuild can leave out what the extension does not call, where the CommonJS builds are one file per
 * package (@aws-sdk/client-ec2's holds every EC2 command).
 * @type {esbuild.BuildOptions}
 */
const sdkOptions = {
  entryPoints: sdkEntryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  mainFields: ['module', 'main'],
  chunkNames: 'sdk-shared-[hash]',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
  plugins: [sharedL10n, commonJsOutput],
};

/** @type {esbuild.BuildOptions} */
const helperOptions = { ...options, entryPoints: helperEntryPoints, plugins: [] };

mkdirSync(outdir, { recursive: true });
for (const name of helperScripts) copyFileSync(join('src', 'helper', name), join(outdir, name));

if (watch) {
  for (const o of [options, sdkOptions, helperOptions]) await (await esbuild.context(o)).watch();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all([esbuild.build(options), esbuild.build(sdkOptions), esbuild.build(helperOptions)]);
}
