import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { CapturingLogger, FakeClock, MemorySecretStore, MemoryStateStore } from '../../test/support/credentialFakes';
import { NeedsHumanError } from '../core/common/errors';
import { cliCacheFileName, formatCliToken, type SsoSession } from '../core/sso/ssoSession';
import type { DeviceAuthorization, SsoGateway } from '../aws/sso/ssoGateway';
import { digestOf, SsoTokens, type SsoSignInUi } from './ssoTokens';
import { cliTokenCacheFolder } from './lazySso';
import { awsFilePaths } from '../aws/files/awsFiles';

const session: SsoSession = { key: 'corp', name: 'corp', startUrl: 'https://d-1.awsapps.com/start', region: 'eu-west-1', scopes: ['sso:account:access'] };
const endpoints = { oidc: { region: 'eu-west-1', endpoint: 'https://oidc.eu-west-1.amazonaws.com' }, portal: { region: 'eu-west-1', endpoint: 'https://portal.sso.eu-west-1.amazonaws.com' } };

/** The OIDC service as far as these tests need it: a device flow approved at once, refresh tokens, counted calls. */
class FakeOidc implements SsoGateway {
  calls: string[] = [];
  issued = 0;
  refreshRejected = false;
  constructor(private readonly clock: FakeClock) {}
  async registerClient() {
    this.calls.push('RegisterClient');
    return { clientId: 'client-1', clientSecret: 'client-secret-1', expiresAt: this.clock.now() + 90 * 86400_000 };
  }
  async startDeviceAuthorization(): Promise<DeviceAuthorization> {
    this.calls.push('StartDeviceAuthorization');
    return { deviceCode: 'device-1', userCode: 'ABCD-EFGH', verificationUri: 'https://device', verificationUriComplete: 'https://device?user_code=ABCD-EFGH', expiresInSeconds: 600, intervalSeconds: 0 };
  }
  async createToken(_oidc: unknown, r: Parameters<SsoGateway['createToken']>[1]) {
    this.calls.push(`CreateToken:${r.grantType}`);
    if (r.grantType === 'refresh_token' && this.refreshRejected) throw Object.assign(new Error('refresh token revoked'), { name: 'InvalidGrantException' });
    this.issued++;
    return { accessToken: `access-${this.issued}`, expiresInSeconds: 8 * 3600, refreshToken: `refresh-${this.issued}` };
  }
  async getRoleCredentials(): Promise<never> {
    throw new Error('not used');
  }
  async listAccounts(): Promise<never> {
    throw new Error('not used');
  }
  async listAccountRoles(): Promise<never> {
    throw new Error('not used');
  }
  async logout(_portal: unknown, token: string) {
    this.calls.push(`Logout:${token}`);
  }
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

function rig(options: { writeCliCache?: boolean; secrets?: MemorySecretStore } = {}) {
  const clock = new FakeClock();
  const gateway = new FakeOidc(clock);
  const secrets = options.secrets ?? new MemorySecretStore();
  const state = new MemoryStateStore();
  const logger = new CapturingLogger();
  const shown: string[] = [];
  const warnings: string[] = [];
  const cacheDir = mkdtempSync(join(tmpdir(), 'awsp-sso-cache-'));
  cleanup.push(() => rmSync(cacheDir, { recursive: true, force: true }));
  const ui: SsoSignInUi = {
    flow: () => 'device',
    withProgress: (_s, work) => work(new AbortController().signal),
    openUrl: async () => true,
    showDeviceCode: (_s, auth) => shown.push(auth.userCode),
    storageFailed: (message) => warnings.push(message),
  };
  const make = () =>
    new SsoTokens({ secrets, state, clock, gateway: () => gateway, endpoints: () => endpoints, ui, cliCacheDir: () => cacheDir, writeCliCache: () => options.writeCliCache ?? false, logger });
  return { clock, gateway, secrets, state, logger, shown, warnings, cacheDir, tokens: make(), make };
}

test('issue 11: without a sign-in, a background request is told to sign in; an interactive one signs in once, for every caller', async () => {
  const r = rig();
  await assert.rejects(r.tokens.token(session, { interactive: false, profile: 'dev' }), (e: unknown) => e instanceof NeedsHumanError && /Profile "dev" needs a sign-in to IAM Identity Center \(sso-session "corp"/.test((e as Error).message));
  const [a, b] = await Promise.all([r.tokens.token(session, { interactive: true }), r.tokens.token(session, { interactive: true })]);
  assert.equal(a, 'access-1');
  assert.equal(b, 'access-1');
  assert.deepEqual(r.shown, ['ABCD-EFGH'], 'one device code shown');
  assert.equal(r.gateway.calls.filter((c) => c.startsWith('CreateToken')).length, 1);
  assert.ok(r.tokens.isSignedIn(session));
  // Another window (another instance over the same SecretStorage) uses it without a sign-in.
  assert.equal(await r.make().token(session, { interactive: false }), 'access-1');
});

test('issue 11: a token near its expiry is refreshed with the refresh token; one the portal rejected is not handed out again', async () => {
  const r = rig();
  await r.tokens.token(session, { interactive: true });
  r.clock.advance(8 * 3600_000 - 10 * 60_000); // 10 minutes left: inside the 15-minute window
  assert.equal(await r.tokens.token(session, { interactive: false }), 'access-2');
  assert.ok(r.gateway.calls.includes('CreateToken:refresh_token'));
  assert.equal(await r.tokens.token(session, { interactive: false, rejected: 'access-2' }), 'access-3');
});

test('issue 11: a refresh token no longer accepted falls back to the AWS CLI\'s valid token (read only), else a sign-in', async () => {
  const r = rig();
  await r.tokens.token(session, { interactive: true });
  r.clock.advance(8 * 3600_000);
  r.gateway.refreshRejected = true;
  const cliToken = { accessToken: 'cli-access', expiresAt: r.clock.now() + 3600_000, refreshToken: 'cli-refresh', clientId: 'c', clientSecret: 's', startUrl: session.startUrl, region: session.region };
  const file = join(r.cacheDir, cliCacheFileName(session));
  writeFileSync(file, formatCliToken(cliToken));
  assert.equal(await r.tokens.token(session, { interactive: false }), 'cli-access');
  assert.equal(readFileSync(file, 'utf8'), formatCliToken(cliToken), 'the CLI\'s file untouched');
  const stored = JSON.parse((await r.secrets.get(`awsProfiles.sso.v1/${digestOf('corp')}`))!);
  assert.equal(stored.refreshToken, undefined, "the CLI's refresh token is never used by the extension");
  r.clock.advance(3600_000);
  await assert.rejects(r.tokens.token(session, { interactive: false }), NeedsHumanError);
});

test('issue 11: tokens reach the AWS CLI\'s cache only when the setting says so, in its format, mode 0600', async () => {
  const off = rig();
  await off.tokens.token(session, { interactive: true });
  assert.equal(existsSync(join(off.cacheDir, cliCacheFileName(session))), false);
  const on = rig({ writeCliCache: true });
  await on.tokens.token(session, { interactive: true });
  const file = join(on.cacheDir, cliCacheFileName(session));
  const written = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(Object.keys(written).sort(), ['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'region', 'registrationExpiresAt', 'startUrl']);
  assert.match(written.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  await on.tokens.signOut(session);
  assert.equal(existsSync(file), false, 'signing out removes the file it wrote');
});

test('issue 11: signing out revokes the token (Logout) and forgets it in every window; no token in the log', async () => {
  const r = rig();
  await r.tokens.token(session, { interactive: true });
  await r.tokens.signOut(session);
  assert.ok(r.gateway.calls.includes('Logout:access-1'));
  assert.equal(r.tokens.isSignedIn(session), false);
  assert.equal(r.secrets.backing.data.size, 1, 'only the client registration stays');
  await assert.rejects(r.make().token(session, { interactive: false }), NeedsHumanError);
  const log = r.logger.lines.join('\n');
  for (const secret of ['access-1', 'refresh-1', 'client-secret-1']) assert.ok(!log.includes(secret), secret);
});

test('issue 15: without a working SecretStorage, the sign-in works from memory, one sentence says so, and the index does not claim it', async () => {
  // A SecretStorage that refuses to store (Linux without a keyring).
  class RefusingSecrets extends MemorySecretStore {
    override async store(): Promise<void> {
      throw new Error('Cannot create an item in a locked collection');
    }
  }
  const r = rig({ secrets: new RefusingSecrets() });
  assert.equal(await r.tokens.token(session, { interactive: true }), 'access-1');
  assert.equal(await r.tokens.token(session, { interactive: false }), 'access-1', 'held in memory: no second sign-in');
  assert.deepEqual(r.shown, ['ABCD-EFGH']);
  assert.ok(r.tokens.isSignedIn(session));
  assert.equal(r.warnings.length, 1, 'one notification');
  assert.match(r.warnings[0], /^VS Code's secret storage refused to keep the IAM Identity Center sign-in \(Cannot create an item in a locked collection\)\. It is kept in this window's memory only/);
  // A restart (a new service over the same stores) does not believe it is signed in.
  assert.equal(r.make().isSignedIn(session), false);
  await r.tokens.signOut(session);
  assert.equal(r.tokens.isSignedIn(session), false);
});

test('issue 26 L10: the AWS CLI\'s token cache is in the home the CLI and the AWS files use: USERPROFILE on Windows, whatever HOME says', () => {
  const gitBash = { HOME: '/c/Users/alice', USERPROFILE: 'C:\\Users\\alice' };
  assert.equal(cliTokenCacheFolder(gitBash, 'C:\\fallback', 'win32'), 'C:\\Users\\alice\\.aws\\sso\\cache');
  assert.equal(cliTokenCacheFolder({ HOMEDRIVE: 'D:', HOMEPATH: '\\home\\bob' }, 'C:\\fallback', 'win32'), 'D:\\home\\bob\\.aws\\sso\\cache');
  assert.equal(cliTokenCacheFolder({ HOME: '/home/alice', USERPROFILE: 'ignored' }, '/fallback', 'linux'), '/home/alice/.aws/sso/cache');
  assert.equal(cliTokenCacheFolder({}, '/fallback', 'darwin'), '/fallback/.aws/sso/cache');
  // The same home as the config file's default.
  assert.equal(awsFilePaths({}, gitBash, 'C:\\fallback', 'win32').config, 'C:\\Users\\alice\\.aws\\config');
});
