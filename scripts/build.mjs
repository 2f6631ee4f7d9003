// Bundles the extension with esbuild: the activation bundle (dist/extension.js) and, separately,
// the AWS SDK clients (dist/sdk-*.js) and the parts activation does not need (dist/feature-*.js),
// which the extension requires only on first use.
// Minified for production; `--dev` adds source maps and skips minification; `--watch` rebuilds.
// `--test-hooks` (implied by `--dev`): the bundles honour the variables that point the extension at
// test endpoints (AWS_PROFILES_TEST_HOOKS, scripts/buildDefines.mjs), for the end-to-end tests and
// the demo; a release has none.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { buildDefines } from './buildDefines.mjs';

const dev = process.argv.includes('--dev');
const watch = process.argv.includes('--watch');
const testHooks = dev || process.argv.includes('--test-hooks');

const entryPoints = {
  extension: 'src/extension.ts',
  // The credential_process helper of terminals: a program of its own, run by the AWS CLI and SDKs.
  credentialHelper: 'src/helper/credentialHelper.ts',
  'sdk-sts': 'src/aws/sdk/sts.ts',
  'sdk-ec2': 'src/aws/sdk/ec2.ts',
  'sdk-sso': 'src/aws/sdk/sso.ts',
  // Parts activation does not need, required on first use (src/base/lazyRequire.ts).
  'feature-commands': 'src/commands/commandHandlers.ts',
  'feature-sso': 'src/sso/ssoFeature.ts',
  'feature-terminals': 'src/terminals/terminalSupport.ts',
  'feature-debug': 'src/debug/debugFeature.ts',
  // The sentences for failed AWS calls, required on the first failure (src/aws/sdkLoader.ts).
  'feature-errors': 'src/aws/errorSentences.ts',
};
for (const [name, path] of Object.entries(entryPoints)) if (!existsSync(path)) delete entryPoints[name];

/** @type {esbuild.BuildOptions} */
const options = {
  entryPoints,
  outdir: 'dist',
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

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('esbuild: watching for changes');
} else {
  await esbuild.build(options);
}
