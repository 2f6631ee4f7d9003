// IAM Identity Center end to end without VS Code (issue 11): the credentials engine and the token
// service with the real SSO, SSO-OIDC and STS clients over HTTP, against the local endpoint
// (test/support/localAws), whose sign-in is approved as a user would (the browser's Allow, or the
// device code confirmed).
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { CapturingLogger, MemorySecretStore, MemoryStateStore, profilesOf } from '../../test/support/credentialFakes';
import { ssoConfig } from '../../test/support/ssoFixtures';
import { DEMO, demoScenario, startLocalAws, type LocalAws } from '../../test/support/localAws';
import { NeedsHumanError, UserError } from '../core/common/errors';
import { sessionsOf } from '../core/sso/ssoSession';
import { SSO, SSO_OIDC } from '../core/endpoints/serviceEndpoint';
import { CredentialEngine } from '../credentials/credentialEngine';
import { loadSsoSdk } from '../aws/sdkLoader';
import { ssoEndpoint } from '../aws/sso/ssoEndpoints';
import { SsoTokens, type SsoSignInUi } from './ssoTokens';

const S = DEMO.sso;

/** The shared fixture, and a profile for a role the user is not assigned. */
const config = (url: string) =>
  ssoConfig({ endpointUrl: url, extra: `[profile dev-admin]\nsso_session = corp\nsso_account_id = ${S.roles.devReadOnly.accountId}\nsso_role_name = AdministratorAccess\nregion = us-east-1\n` });

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** Follows the browser's part of a sign-in: the Allow of the sign-in page, then the redirect to the extension's loopback server. */
function browserAllows(aws: LocalAws, decision: 'allow' | 'deny' = 'allow'): (url: string) => Promise<boolean> {
  return async (url) => {
    const location = aws.state.sso.authorize(url, decision);
    void new Promise<void>((resolve, reject) => {
      const req = request(location, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
    return true;
  };
}

async function rig(options: { flow?: 'browser' | 'device'; decision?: 'allow' | 'deny' } = {}) {
  const aws = await startLocalAws({ scenario: demoScenario() });
  cleanup.push(() => aws.close());
  const cacheDir = mkdtempSync(join(tmpdir(), 'awsp-sso-'));
  cleanup.push(() => rmSync(cacheDir, { recursive: true, force: true }));
  const env = { AWS_ENDPOINT_URL_SSO: aws.url, AWS_ENDPOINT_URL_SSO_OIDC: aws.url, AWS_ENDPOINT_URL_STS: aws.url };
  const profiles = profilesOf(config(aws.url));
  const secrets = new MemorySecretStore();
  const state = new MemoryStateStore();
  const logger = new CapturingLogger();
  const gateway = loadSsoSdk().createSsoGateway({});
  let signIns = 0;
  const ui: SsoSignInUi = {
    flow: () => options.flow ?? 'browser',
    withProgress: (_session, work) => {
      signIns++;
      return work(new AbortController().signal);
    },
    openUrl: browserAllows(aws, options.decision),
    showDeviceCode: (_session, auth) => setTimeout(() => aws.state.sso.approveDevice(auth.userCode), 1200),
    storageFailed: () => undefined,
    confirmCliSignOut: async () => 'vscode',
  };
  const target = (service: typeof SSO, session: Parameters<typeof ssoEndpoint>[1]) => ssoEndpoint(service, session, {}, profiles.model.services, env);
  const tokens = new SsoTokens({
    secrets,
    state,
    clock: { now: () => aws.state.now() },
    gateway: () => gateway,
    endpoints: (session) => ({ oidc: target(SSO_OIDC, session), portal: target(SSO, session) }),
    ui,
    cliCacheDir: () => cacheDir,
    writeCliCache: () => false,
    logger,
  });
  const engine = new CredentialEngine({
    profiles: () => profiles,
    env,
    secrets,
    state,
    clock: { now: () => aws.state.now() },
    mfaPrompt: async () => undefined,
    logger,
    sso: { tokens, gateway: () => gateway },
  });
  cleanup.push(() => engine.dispose());
  const session = sessionsOf(profiles.model)[0];
  return { aws, engine, tokens, session, logger, signIns: () => signIns };
}

async function callerArn(aws: LocalAws, c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): Promise<string> {
  const sts = new STSClient({ endpoint: aws.url, region: 'us-east-1', credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken } });
  const out = await sts.send(new GetCallerIdentityCommand({}));
  sts.destroy();
  return out.Arn!;
}

test('issue 11: browser sign-in (PKCE, loopback redirect), then an SSO profile acts as its role; one sign-in serves every profile', async () => {
  const r = await rig();
  await assert.rejects(r.engine.get('prod-admin', { interactive: false }), (e: unknown) => e instanceof NeedsHumanError && /sign-in to IAM Identity Center/.test((e as Error).message));
  assert.equal(r.engine.needsHuman('prod-admin'), true);
  const held = await r.engine.get('prod-admin', { interactive: true });
  assert.equal(await callerArn(r.aws, held.credentials), S.roles.prodAdmin.sessionArn);
  assert.equal(r.engine.needsHuman('prod-admin'), false);
  // A role chained on the SSO profile.
  const audit = await r.engine.get('audit', { interactive: false });
  assert.match(await callerArn(r.aws, audit.credentials), /^arn:aws:sts::333333333333:assumed-role\/AuditReadOnly\//);
  assert.equal(r.signIns(), 1);
  assert.equal(r.aws.state.callCount('CreateToken'), 1);
});

test('issue 11: device code sign-in, polled until confirmed', async () => {
  const r = await rig({ flow: 'device' });
  const held = await r.engine.get('prod-admin', { interactive: true });
  assert.equal(await callerArn(r.aws, held.credentials), S.roles.prodAdmin.sessionArn);
  assert.ok(r.aws.state.callCount('CreateToken') >= 2, 'polled while pending');
});

test('issue 11: from a held token to credentials is one call; an expired access token is refreshed, a revoked sign-in asks again', async () => {
  const r = await rig();
  await r.engine.get('prod-admin', { interactive: true });
  await r.engine.clear('prod-admin');
  const before = r.aws.state.callCount('GetRoleCredentials') + r.aws.state.callCount('CreateToken');
  await r.engine.get('prod-admin', { interactive: false });
  assert.equal(r.aws.state.callCount('GetRoleCredentials') + r.aws.state.callCount('CreateToken') - before, 1, 'sso.coldCalls');
  // The portal refuses the access token: the refresh token gets a new one, quietly.
  r.aws.state.sso.expireAccessTokens();
  const refreshed = await r.engine.get('prod-admin', { interactive: false, forceRefresh: true });
  assert.equal(await callerArn(r.aws, refreshed.credentials), S.roles.prodAdmin.sessionArn);
  assert.equal(r.signIns(), 1);
  // Revoked (signed out elsewhere, or by an administrator): a background refresh says so, an interactive one signs in again.
  r.aws.state.sso.revokeAll();
  await assert.rejects(r.engine.get('prod-admin', { interactive: false, forceRefresh: true }), (e: unknown) => e instanceof NeedsHumanError);
  await r.engine.get('prod-admin', { interactive: true, forceRefresh: true });
  assert.equal(r.signIns(), 2);
});

test('issue 11: the errors a user meets are one sentence with the fix', async () => {
  const r = await rig();
  await assert.rejects(r.engine.get('dev-admin', { interactive: true }), (e: unknown) => e instanceof UserError && /^Profile "dev-admin": IAM Identity Center role AdministratorAccess in account 111111111111 is not assigned to your user: ask for the permission set AdministratorAccess in account 111111111111, or fix sso_account_id \/ sso_role_name\.$/.test((e as Error).message));
  const denied = await rig({ decision: 'deny' });
  await assert.rejects(denied.engine.get('prod-admin', { interactive: true }), (e: unknown) => e instanceof UserError && /was denied in the browser/.test((e as Error).message));
});

test('issue 11: signing out revokes the token at the portal, and no token or secret reaches the log', async () => {
  const r = await rig();
  await r.engine.get('prod-admin', { interactive: true });
  const issued = r.aws.state.sso.issuedTokens().map((t) => t.value);
  await r.tokens.signOut(r.session);
  assert.ok(r.aws.state.sso.issuedTokens().every((t) => !t.valid), 'every token of the sign-in revoked');
  const log = r.logger.lines.join('\n');
  for (const secret of [...issued, ...r.aws.state.sso.issuedSecrets()]) assert.ok(!log.includes(secret), 'a secret in the log');
});
