import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { CapturingLogger, FakeClock, MemoryLockFolder, MemorySecretStore, MemoryStateStore, SecretBacking } from '../../test/support/credentialFakes';
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
  /** Refresh tokens are single use (rotated): one used again is refused, as a service that rotates them does. */
  singleUseRefresh = false;
  private readonly usedRefresh = new Set<string>();
  /** The refresh tokens used, in order. */
  refreshedWith: string[] = [];
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
    if (r.grantType === 'refresh_token') {
      this.refreshedWith.push(r.refreshToken!);
      const reused = this.singleUseRefresh && this.usedRefresh.has(r.refreshToken!);
      this.usedRefresh.add(r.refreshToken!);
      if (this.refreshRejected || reused) throw Object.assign(new Error('refresh token revoked'), { name: 'InvalidGrantException' });
    }
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

function rig(options: { writeCliCache?: boolean; secrets?: MemorySecretStore; confirm?: 'both' | 'vscode' | undefined } = {}) {
  const clock = new FakeClock();
  const gateway = new FakeOidc(clock);
  // Windows' SecretStorage: each its own copy, another window's writes arriving 120 ms (of the fake clock) later.
  const backing = new SecretBacking({ timer: clock });
  const secrets = options.secrets ?? new MemorySecretStore(backing);
  const state = new MemoryStateStore();
  const locks = new MemoryLockFolder();
  const confirmations: boolean[] = [];
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
    confirmCliSignOut: async (_s, adopted) => {
      confirmations.push(adopted);
      return 'confirm' in options ? options.confirm : 'vscode';
    },
  };
  let windows = 0;
  const over = (store: MemorySecretStore) =>
    new SsoTokens({
      secrets: store,
      state,
      clock,
      timer: clock,
      locks,
      windowId: `window-${windows++}`,
      gateway: () => gateway,
      endpoints: () => endpoints,
      ui,
      cliCacheDir: () => cacheDir,
      writeCliCache: () => options.writeCliCache ?? false,
      logger,
    });
  /** Another service over the same window's SecretStorage (a reload). */
  const make = () => over(secrets);
  /** Another window of the machine: its own SecretStorage copy, the same globalState and lock files. */
  const otherWindow = () => over(new MemorySecretStore(backing));
  const cliFile = join(cacheDir, cliCacheFileName(session));
  /** What `aws sso login` leaves in the AWS CLI's cache. */
  const cliLogin = (accessToken: string, hours = 8) =>
    writeFileSync(cliFile, formatCliToken({ accessToken, expiresAt: clock.now() + hours * 3600_000, refreshToken: `${accessToken}-refresh`, clientId: 'cli-client', clientSecret: 'cli-secret', startUrl: session.startUrl, region: session.region }));
  /**
   * Waits for `promise` while the fake clock moves on (SecretStorage's delay, another window's lease),
   * 50 ms of it every 5 ms of real time (the device flow polls in real time), for 20 s at most.
   */
  const drive = async <T>(promise: Promise<T>): Promise<T> => {
    let done = false;
    const watched = promise.finally(() => (done = true));
    watched.catch(() => undefined);
    for (const end = Date.now() + 20_000; !done && Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 5));
      if (!done) clock.advance(50);
    }
    return watched;
  };
  return { clock, gateway, secrets, backing, state, logger, shown, warnings, cacheDir, cliFile, cliLogin, confirmations, drive, tokens: make(), make, otherWindow };
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
  assert.deepEqual([...r.secrets.backing.data.keys()].map((k) => k.split('/')[0]).sort(), ['awsProfiles.ssoClient.v1', 'awsProfiles.ssoSignedOut.v1'], 'the client registration stays, and the digest of the token signed out');
  await assert.rejects(r.drive(r.make().token(session, { interactive: false })), NeedsHumanError);
  await r.drive(new Promise((resolve) => r.clock.setTimeout(() => resolve(undefined), 200)));
  assert.equal(r.otherWindow().isSignedIn(session), false);
  const log = r.logger.lines.join('\n');
  const stored = JSON.stringify([...r.secrets.backing.data]);
  for (const secret of ['access-1', 'refresh-1']) assert.ok(!log.includes(secret) && !stored.includes(secret), secret);
  assert.ok(!log.includes('client-secret-1'));
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

test('issue 26 M7: Sign Out of a sign-in taken from the AWS CLI, VS Code only: the CLI\'s session is not revoked, its file stays, and no window takes the token again (review R4)', async () => {
  const r = rig({ confirm: 'vscode' });
  r.cliLogin('cli-token');
  assert.equal(await r.tokens.token(session, { interactive: false }), 'cli-token');
  assert.ok(r.tokens.isSignedIn(session));
  await r.tokens.signOut(session);
  assert.deepEqual(r.confirmations, [true], 'asked, saying VS Code was using the CLI\'s sign-in');
  assert.deepEqual(r.gateway.calls.filter((c) => c.startsWith('Logout')), [], 'the AWS CLI\'s session is not revoked');
  assert.ok(existsSync(r.cliFile), 'its cache file stays');
  assert.equal(r.tokens.isSignedIn(session), false);
  await assert.rejects(r.tokens.token(session, { interactive: false }), NeedsHumanError, 'not taken again');
  assert.equal(r.tokens.isSignedIn(session), false);
  // Nor by another window, once SecretStorage reached it.
  await r.drive(new Promise((resolve) => r.clock.setTimeout(() => resolve(undefined), 200)));
  await assert.rejects(r.drive(r.otherWindow().token(session, { interactive: false })), NeedsHumanError);
  // A new `aws sso login` is a new sign-in: used.
  r.cliLogin('cli-token-2');
  assert.equal(await r.tokens.token(session, { interactive: false }), 'cli-token-2');
});

test('issue 26 M7: Sign Out of Both signs the AWS CLI out: its token revoked (Logout), its cache file deleted', async () => {
  const r = rig({ confirm: 'both' });
  r.cliLogin('cli-token');
  assert.equal(await r.tokens.token(session, { interactive: false }), 'cli-token');
  await r.tokens.signOut(session);
  assert.deepEqual(r.gateway.calls.filter((c) => c.startsWith('Logout')), ['Logout:cli-token']);
  assert.equal(existsSync(r.cliFile), false);
  assert.equal(r.tokens.isSignedIn(session), false);
  await assert.rejects(r.tokens.token(session, { interactive: false }), NeedsHumanError);
  assert.match(r.logger.lines.join('\n'), /Signed out of sso-session "corp".*, and signed the AWS CLI out of it\./);
});

test('issue 26 M7: Sign Out cancelled changes nothing; with VS Code\'s own sign-in and a CLI one beside it, VS Code only revokes its own and no longer takes the CLI\'s', async () => {
  const cancelled = rig({ confirm: undefined });
  cancelled.cliLogin('cli-token');
  await cancelled.tokens.token(session, { interactive: false });
  await assert.rejects(cancelled.tokens.signOut(session), (e: unknown) => (e as Error).name === 'CancelledError');
  assert.ok(cancelled.tokens.isSignedIn(session));
  assert.deepEqual(cancelled.gateway.calls, []);

  const r = rig({ confirm: 'vscode' });
  await r.tokens.token(session, { interactive: true });
  r.cliLogin('cli-token');
  await r.tokens.signOut(session);
  assert.deepEqual(r.confirmations, [false], 'asked: the AWS CLI is signed in too');
  assert.deepEqual(r.gateway.calls.filter((c) => c.startsWith('Logout')), ['Logout:access-1']);
  assert.ok(existsSync(r.cliFile));
  await assert.rejects(r.tokens.token(session, { interactive: false }), NeedsHumanError, "the CLI's sign-in is not taken after a Sign Out");
  // Without a CLI sign-in, nothing is asked.
  const plain = rig();
  await plain.tokens.token(session, { interactive: true });
  await plain.tokens.signOut(session);
  assert.deepEqual(plain.confirmations, []);
});

test('issue 26 M7: a sign-in taken from the CLI before origins were recorded (no OIDC client) counts as the CLI\'s', async () => {
  const r = rig({ confirm: 'vscode' });
  r.cliLogin('cli-token');
  await r.secrets.store(`awsProfiles.sso.v1/${digestOf('corp')}`, JSON.stringify({ accessToken: 'cli-token', expiresAt: r.clock.now() + 3600_000, startUrl: session.startUrl, region: session.region }));
  await r.tokens.signOut(session);
  assert.deepEqual(r.confirmations, [true]);
  assert.deepEqual(r.gateway.calls, [], 'not revoked');
});

test('issue 26 L1: a background and an interactive request in the refresh window make one refresh, with single-use refresh tokens too (review R3)', async () => {
  const r = rig();
  r.gateway.singleUseRefresh = true;
  await r.tokens.token(session, { interactive: true });
  r.clock.advance(8 * 3600_000 - 10 * 60_000);
  const [quiet, asked] = await Promise.allSettled([r.tokens.token(session, { interactive: false }), r.tokens.token(session, { interactive: true })]);
  assert.deepEqual([quiet.status, asked.status], ['fulfilled', 'fulfilled']);
  assert.deepEqual(r.gateway.refreshedWith, ['refresh-1'], 'one refresh');
  assert.deepEqual(r.shown, ['ABCD-EFGH'], 'no second sign-in');
  assert.equal((quiet as PromiseFulfilledResult<string>).value, 'access-2');
  assert.equal((asked as PromiseFulfilledResult<string>).value, 'access-2');
});

test('issue 26 L1: Sign In (the command) goes through the same flight: a request made meanwhile gets its token, no second sign-in', async () => {
  const r = rig();
  const [, token] = await Promise.all([r.tokens.signIn(session), r.tokens.token(session, { interactive: true })]);
  assert.equal(token, 'access-1');
  assert.deepEqual(r.shown, ['ABCD-EFGH']);
  assert.equal(r.gateway.calls.filter((c) => c.startsWith('CreateToken:') && c !== 'CreateToken:refresh_token').length, 1);
});

test('issue 26 L1: two windows refreshing at once make one refresh call; two windows without a sign-in asking at once make one sign-in', async () => {
  const r = rig();
  r.gateway.singleUseRefresh = true;
  await r.tokens.token(session, { interactive: true });
  const b = r.otherWindow();
  r.clock.advance(8 * 3600_000 - 10 * 60_000);
  const [ta, tb] = await r.drive(Promise.all([r.tokens.token(session, { interactive: false }), b.token(session, { interactive: false })]));
  assert.deepEqual(r.gateway.refreshedWith, ['refresh-1'], 'one refresh for both windows');
  assert.equal(ta, 'access-2');
  assert.equal(tb, 'access-2');

  const fresh = rig();
  const other = fresh.otherWindow();
  const both = await fresh.drive(Promise.all([fresh.tokens.token(session, { interactive: true }), other.token(session, { interactive: true })]));
  assert.deepEqual(both, ['access-1', 'access-1']);
  assert.deepEqual(fresh.shown, ['ABCD-EFGH'], 'one sign-in for both windows');
});

test('issue 26 L1: a refused refresh token is forgotten with its index entry: the session no longer shows signed in, in any window (review R3)', async () => {
  const r = rig();
  await r.tokens.token(session, { interactive: true });
  assert.ok(r.tokens.isSignedIn(session));
  r.clock.advance(8 * 3600_000 - 10 * 60_000);
  r.gateway.refreshRejected = true;
  await assert.rejects(r.tokens.token(session, { interactive: false }), NeedsHumanError);
  assert.equal(r.tokens.isSignedIn(session), false);
  assert.equal(await r.secrets.get(`awsProfiles.sso.v1/${digestOf('corp')}`), undefined, 'the refresh token is gone');
  assert.equal(r.otherWindow().isSignedIn(session), false);
  // The next request does not try the refused refresh token again.
  await assert.rejects(r.drive(r.tokens.token(session, { interactive: false })), NeedsHumanError);
  assert.deepEqual(r.gateway.refreshedWith, ['refresh-1']);
});
