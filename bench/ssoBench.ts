import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type * as EngineModule from '../src/credentials/credentialEngine';
import type * as TokensModule from '../src/sso/ssoTokens';
import type * as LoaderModule from '../src/aws/sdkLoader';
import { analyze } from '../src/core/index';
import { sessionsOf } from '../src/core/sso/ssoSession';
import { DEMO, demoScenario, startLocalAws } from '../test/support/localAws';
import { MemorySecretStore, MemoryStateStore } from '../test/support/credentialFakes';
import { median } from './stats';

/**
 * IAM Identity Center as it ships (the engine and token service bundled like dist/extension.js, the
 * SSO clients as dist/sdk-sso.js, required on first use) against localAws, once signed in:
 * `sso.coldCalls`, the calls from a held token to a profile's credentials (one GetRoleCredentials);
 * `sso.cachedCredentialsMs`, a request for them while they are held (median of 21).
 */
export async function ssoBench(dir: string, runs = 21): Promise<Record<string, number>> {
  const out = join(dir, 'sso-bundle');
  mkdirSync(out, { recursive: true });
  const common = { bundle: true, platform: 'node' as const, target: 'node22', format: 'cjs' as const, minify: true, logLevel: 'warning' as const };
  const external = ['vscode', './sdk-*.js', './feature-*.js'];
  for (const [name, entry] of [['engine', 'src/credentials/credentialEngine.ts'], ['tokens', 'src/sso/ssoTokens.ts'], ['loader', 'src/aws/sdkLoader.ts']]) {
    buildSync({ ...common, entryPoints: [join(__dirname, '..', entry)], outfile: join(out, `${name}.js`), external });
  }
  buildSync({ ...common, entryPoints: [join(__dirname, '..', 'src/aws/sdk/sso.ts')], outfile: join(out, 'sdk-sso.js') });
  const { CredentialEngine } = require(join(out, 'engine.js')) as typeof EngineModule;
  const { SsoTokens } = require(join(out, 'tokens.js')) as typeof TokensModule;
  const { loadSsoSdk } = require(join(out, 'loader.js')) as typeof LoaderModule;

  const aws = await startLocalAws({ scenario: demoScenario() });
  const S = DEMO.sso;
  const config = `[sso-session corp]\nsso_start_url = ${S.startUrl}\nsso_region = ${S.region}\n[profile admin]\nsso_session = corp\nsso_account_id = ${S.roles.prodAdmin.accountId}\nsso_role_name = ${S.roles.prodAdmin.roleName}\n`;
  const a = analyze(new TextEncoder().encode(config), null);
  const endpoint = { region: S.region, endpoint: aws.url };
  const gateway = loadSsoSdk().createSsoGateway({});
  const secrets = new MemorySecretStore();
  const state = new MemoryStateStore();
  const tokens = new SsoTokens({
    secrets,
    state,
    clock: { now: () => Date.now() },
    gateway: () => gateway,
    endpoints: () => ({ oidc: endpoint, portal: endpoint }),
    ui: {
      flow: () => 'device',
      withProgress: (_s, work) => work(new AbortController().signal),
      openUrl: async () => false,
      showDeviceCode: (_s, auth) => aws.state.sso.approveDevice(auth.userCode),
      storageFailed: () => undefined,
      confirmCliSignOut: async () => 'vscode',
    },
    cliCacheDir: () => join(dir, 'no-cli-cache'),
    writeCliCache: () => false,
  });
  const engine = new CredentialEngine({
    profiles: () => ({ model: a.model, plans: a.plans }),
    env: { AWS_ENDPOINT_URL_SSO: aws.url },
    secrets,
    state,
    clock: { now: () => Date.now() },
    mfaPrompt: async () => undefined,
    sso: { tokens, gateway: () => gateway },
  });
  try {
    await tokens.signIn(sessionsOf(a.model)[0]);
    await engine.get('admin'); // loads the bundle, opens the connection
    await engine.clear('admin');
    const before = aws.state.callCount();
    await engine.get('admin', { interactive: false });
    const coldCalls = aws.state.callCount() - before;
    const cached: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await engine.get('admin', { interactive: false });
      cached.push(performance.now() - t);
    }
    return { 'sso.coldCalls': coldCalls, 'sso.cachedCredentialsMs': Math.round(median(cached) * 1000) / 1000 };
  } finally {
    engine.dispose();
    tokens.dispose();
    await aws.close();
  }
}
