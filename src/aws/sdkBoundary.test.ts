// The AWS SDK stays out of the activation bundle: the engine bundled as scripts/build.mjs bundles
// dist/extension.js holds no SDK code; only src/aws/sdk/* imports it, and the loader requires it lazily.
import assert from 'node:assert/strict';
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { test } from 'node:test';

test('the credentials engine bundles without the AWS SDK (it is loaded from dist/sdk-sts.js on first use)', () => {
  const out = buildSync({
    entryPoints: [join(__dirname, '..', 'credentials', 'credentialEngine.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    external: ['vscode', './sdk-*.js', './feature-*.js'],
    logLevel: 'silent',
  });
  const text = out.outputFiles[0].text;
  assert.ok(!/@aws-sdk|@smithy|STSClient|SSOClient|SSOOIDCClient/.test(text), 'SDK code in the engine bundle');
  assert.ok(text.includes('require("./sdk-sts.js")'), 'the SDK bundle is required at run time');
  assert.ok(text.length < 120_000, `the engine bundle is ${text.length} bytes`);
});

test('issue 11: the activation bundle holds no IAM Identity Center client; dist/sdk-sso.js holds both', () => {
  const main = buildSync({ entryPoints: [join(__dirname, '..', 'extension.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, external: ['vscode', './sdk-*.js', './feature-*.js'], logLevel: 'silent' });
  const text = main.outputFiles[0].text;
  assert.ok(!/SSOOIDCClient|SSOClient|@aws-sdk\/client-sso/.test(text), 'SSO SDK code in the activation bundle');
  assert.ok(text.includes('require("./sdk-sso.js")'), 'the SSO bundle is required at run time');
  const sso = buildSync({ entryPoints: [join(__dirname, 'sdk', 'sso.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
  const ssoText = sso.outputFiles[0].text;
  assert.ok(ssoText.includes('SSOOIDCClient') && ssoText.includes('SSOClient'));
});
