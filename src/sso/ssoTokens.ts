import { createHash } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, SecretStore, SsoTokenService, StateStore } from '../core/credentials/credentials';
import { NeedsHumanError, UserError } from '../core/common/errors';
import { silentLogger, type Logger } from '../core/common/logger';
import { cliCacheFileName, describeSession, formatCliToken, parseCliToken, type SsoSession, type SsoToken } from '../core/sso/ssoSession';
import { writeFileAtomic } from '../base/atomicFile';
import { secretStorageRefused } from '../base/secretStorage';
import { errorParts } from '../aws/networkErrors';
import { SIGN_IN_COMMAND, translateSsoError } from '../aws/sso/ssoErrors';
import type { DeviceAuthorization, SsoClientRegistration, SsoEndpoint, SsoGateway } from '../aws/sso/ssoGateway';
import { browserSignIn, deviceSignIn, type SignInContext, type SignedIn } from './ssoSignIn';
import { digestOf, INDEX_KEY, isSignedIn, tokenExpiresAt, tokenIndex, TOKEN_REFRESH_WINDOW_MS, type IndexEntry } from './ssoTokenIndex';

export { digestOf, TOKEN_REFRESH_WINDOW_MS };

/** The name the extension's OIDC clients are registered under (the user may see it on the sign-in page). */
const CLIENT_NAME = 'AWS Profiles for VS Code';

const TOKEN_KEY = 'awsProfiles.sso.v1/';
const CLIENT_KEY = 'awsProfiles.ssoClient.v1/';

/** The user's side of a sign-in, given by the UI (VS Code): which flow, a browser, a code shown, progress with Cancel. */
export interface SsoSignInUi {
  flow(session: SsoSession): 'browser' | 'device';
  /** Runs a sign-in under a cancellable progress notification; the signal aborts on Cancel. */
  withProgress<T>(session: SsoSession, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Opens a URL in the user's browser; false when it could not. */
  openUrl(url: string): Promise<boolean>;
  /** Shows the device flow's code and page (with Copy and Open) while the sign-in waits. */
  showDeviceCode(session: SsoSession, auth: DeviceAuthorization): void;
  /** Tells the user, once, that SecretStorage refused to keep a sign-in (the sentence says what still works). */
  storageFailed(message: string): void;
}

/** What the token service is built from. */
export interface SsoTokensDeps {
  secrets: SecretStore;
  state: StateStore;
  clock: Clock;
  gateway(): SsoGateway;
  /** The OIDC and portal endpoints of a session (its region; overrides from the environment). */
  endpoints(session: SsoSession): { oidc: SsoEndpoint; portal: SsoEndpoint };
  ui: SsoSignInUi;
  /** The AWS CLI's token cache folder (~/.aws/sso/cache). */
  cliCacheDir(): string;
  /** Whether to also write tokens there, in the AWS CLI's format (a setting, off by default). */
  writeCliCache(): boolean;
  logger?: Logger;
}

/**
 * The access tokens of IAM Identity Center sessions: kept in SecretStorage (one entry per session,
 * shared by every window), refreshed with the refresh token when less than 15 minutes are left,
 * else taken from the AWS CLI's own cache when it holds a valid one (read only), else signed in
 * again when a human may be asked. One sign-in per session at a time.
 */
export class SsoTokens implements SsoTokenService {
  private readonly logger: Logger;
  private readonly memory = new Map<string, SsoToken>();
  /** Sessions whose token SecretStorage refused: held in this window's memory only, never claimed in the saved index. */
  private readonly memoryOnly = new Set<string>();
  /** OIDC client registrations SecretStorage refused, by key. */
  private readonly clientsInMemory = new Map<string, SsoClientRegistration>();
  private storageFailureTold = false;
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly listeners = new Set<(sessionKey: string) => void>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly deps: SsoTokensDeps) {
    this.logger = deps.logger ?? silentLogger;
    this.subscription = deps.secrets.onDidChange((key) => {
      if (!key.startsWith(TOKEN_KEY)) return;
      const digest = key.slice(TOKEN_KEY.length);
      for (const [sessionKey] of [...this.memory]) if (digestOf(sessionKey) === digest) this.memory.delete(sessionKey);
      this.fire(digest);
    });
  }

  /** Whether a session is signed in (a token with time left, or one that can be refreshed), without reading a secret. */
  isSignedIn(session: SsoSession): boolean {
    const inMemory = this.memoryOnly.has(session.key) ? this.memory.get(session.key) : undefined;
    if (inMemory) return inMemory.refreshToken !== undefined || inMemory.expiresAt - this.deps.clock.now() > TOKEN_REFRESH_WINDOW_MS;
    return isSignedIn(this.deps.state, this.deps.clock, session);
  }

  /** When the session's token expires (epoch ms), if it is held. */
  expiresAt(session: SsoSession): number | undefined {
    if (this.memoryOnly.has(session.key)) return this.memory.get(session.key)?.expiresAt;
    return tokenExpiresAt(this.deps.state, session);
  }

  /**
   * A usable access token. `rejected`: the portal refused this one (expired early, revoked), so it
   * is not handed out again. Without a usable or refreshable token, and none in the AWS CLI's cache:
   * a sign-in when `interactive`, else a NeedsHumanError that says how to sign in.
   */
  token(session: SsoSession, options: { interactive: boolean; profile?: string; rejected?: string }): Promise<string> {
    const key = `${session.key}\u0000${options.interactive ? 'i' : ''}\u0000${options.rejected ?? ''}`;
    let flight = this.inFlight.get(key);
    if (!flight) {
      flight = this.obtain(session, options).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, flight);
    }
    return flight;
  }

  /** Signs in again now (the command), whatever is held. */
  async signIn(session: SsoSession): Promise<void> {
    await this.store(session, await this.signInNow(session));
  }

  /** Signs out: the token is revoked (Logout) and forgotten, here and in every window. */
  async signOut(session: SsoSession): Promise<void> {
    const held = await this.load(session);
    if (held) {
      try {
        await this.deps.gateway().logout(this.deps.endpoints(session).portal, held.accessToken);
      } catch (e) {
        // Already expired or revoked: nothing to revoke.
        if (errorParts(e).name !== 'UnauthorizedException') this.logger.warn(`Signing out of ${describeSession(session)}: ${translateSsoError(e, { session, endpoint: this.deps.endpoints(session).portal.endpoint }).message}`);
      }
    }
    this.memory.delete(session.key);
    this.memoryOnly.delete(session.key);
    try {
      await this.deps.secrets.delete(TOKEN_KEY + digestOf(session.key));
    } catch (e) {
      this.logger.warn(`The sign-in of ${describeSession(session)} could not be deleted from VS Code's secret storage: ${(e as Error).message}`);
    }
    await this.updateIndex(session, undefined);
    if (held && this.deps.writeCliCache()) await this.removeCliToken(session, held);
    this.logger.info(`Signed out of ${describeSession(session)}.`);
    this.fire(digestOf(session.key));
  }

  /** Fires with a session's digest when its token changes (here or in another window). */
  onDidChange(listener: (sessionDigest: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
  }

  private async obtain(session: SsoSession, options: { interactive: boolean; profile?: string; rejected?: string }): Promise<string> {
    const now = this.deps.clock.now();
    const held = await this.load(session);
    const fresh = (t: SsoToken | undefined): boolean => t !== undefined && t.accessToken !== options.rejected && t.expiresAt - now > TOKEN_REFRESH_WINDOW_MS;
    if (held && fresh(held)) return held.accessToken;
    if (held?.refreshToken && held.clientId && held.clientSecret) {
      const refreshed = await this.refresh(session, held);
      if (refreshed) return refreshed;
    }
    const cli = await this.readCliToken(session);
    if (cli && fresh(cli)) {
      // The CLI's token serves as it is; its refresh token is the CLI's to use, never this extension's.
      await this.store(session, { accessToken: cli.accessToken, expiresAt: cli.expiresAt, startUrl: session.startUrl, region: session.region }, false);
      this.logger.info(`Using the AWS CLI's sign-in of ${describeSession(session)} (until ${new Date(cli.expiresAt).toISOString()}).`);
      return cli.accessToken;
    }
    if (!options.interactive) {
      const who = options.profile !== undefined ? `Profile "${options.profile}" needs` : 'It needs';
      throw new NeedsHumanError(options.profile ?? session.key, '', `${who} a sign-in to IAM Identity Center (${describeSession(session)}). Run ${SIGN_IN_COMMAND}.`);
    }
    const token = await this.signInNow(session);
    await this.store(session, token);
    return token.accessToken;
  }

  /** A new access token from the refresh token, or undefined when it is no longer accepted (then a sign-in is needed). */
  private async refresh(session: SsoSession, held: SsoToken): Promise<string | undefined> {
    const { oidc } = this.deps.endpoints(session);
    try {
      const got = await this.deps.gateway().createToken(oidc, { clientId: held.clientId!, clientSecret: held.clientSecret!, grantType: 'refresh_token', refreshToken: held.refreshToken! });
      const token: SsoToken = {
        ...held,
        accessToken: got.accessToken,
        expiresAt: this.deps.clock.now() + got.expiresInSeconds * 1000,
        refreshToken: got.refreshToken ?? held.refreshToken,
      };
      await this.store(session, token);
      this.logger.info(`Refreshed the sign-in of ${describeSession(session)} until ${new Date(token.expiresAt).toISOString()}.`);
      return token.accessToken;
    } catch (e) {
      const { name } = errorParts(e);
      if (name === 'InvalidGrantException' || name === 'ExpiredTokenException' || name === 'InvalidClientException' || name === 'UnauthorizedClientException') {
        this.logger.info(`The sign-in of ${describeSession(session)} can no longer be refreshed (${name}): a new sign-in is needed.`);
        return undefined;
      }
      throw translateSsoError(e, { session, endpoint: oidc.endpoint });
    }
  }

  /** Runs the sign-in flow the UI chooses, under its progress notification. */
  private async signInNow(session: SsoSession): Promise<SsoToken> {
    const { oidc } = this.deps.endpoints(session);
    const flow = this.deps.ui.flow(session);
    this.logger.info(`Signing in to ${describeSession(session)} (${flow === 'browser' ? 'in the browser' : 'with a device code'}).`);
    let signedIn: SignedIn;
    try {
      signedIn = await this.deps.ui.withProgress(session, (signal) => {
        const ctx: SignInContext = { gateway: this.deps.gateway(), oidc, session, signal, client: (grants, redirects) => this.client(session, oidc, grants, redirects) };
        return flow === 'browser' ? browserSignIn(ctx, (url) => this.deps.ui.openUrl(url)) : deviceSignIn(ctx, (auth) => this.deps.ui.showDeviceCode(session, auth));
      });
    } catch (e) {
      if (e instanceof UserError || (e as Error)?.name === 'CancelledError') throw e;
      throw translateSsoError(e, { session, endpoint: oidc.endpoint });
    }
    this.logger.info(`Signed in to ${describeSession(session)} until ${new Date(this.deps.clock.now() + signedIn.expiresInSeconds * 1000).toISOString()}.`);
    return {
      accessToken: signedIn.accessToken,
      expiresAt: this.deps.clock.now() + signedIn.expiresInSeconds * 1000,
      ...(signedIn.refreshToken ? { refreshToken: signedIn.refreshToken } : {}),
      clientId: signedIn.client.clientId,
      clientSecret: signedIn.client.clientSecret,
      registrationExpiresAt: signedIn.client.expiresAt,
      startUrl: session.startUrl,
      region: session.region,
    };
  }

  /** A registered OIDC client for these grants, reused (from SecretStorage) until a week before it expires. */
  private async client(session: SsoSession, oidc: SsoEndpoint, grantTypes: string[], redirectUris?: string[]): Promise<SsoClientRegistration> {
    const key = CLIENT_KEY + createHash('sha256').update(JSON.stringify([oidc.endpoint, session.startUrl, grantTypes, session.scopes, redirectUris ?? []])).digest('hex').slice(0, 40);
    const kept = this.clientsInMemory.get(key) ?? parseJson<SsoClientRegistration>(await this.deps.secrets.get(key).catch(() => undefined));
    if (kept && kept.expiresAt - this.deps.clock.now() > 7 * 24 * 3600_000) return kept;
    const registered = await this.deps.gateway().registerClient(oidc, { clientName: CLIENT_NAME, scopes: session.scopes, grantTypes, redirectUris, issuerUrl: session.startUrl });
    try {
      await this.deps.secrets.store(key, JSON.stringify(registered));
    } catch (e) {
      this.clientsInMemory.set(key, registered);
      this.storageFailed(e);
    }
    return registered;
  }

  private async load(session: SsoSession): Promise<SsoToken | undefined> {
    const inMemory = this.memory.get(session.key);
    if (inMemory) return inMemory;
    const stored = parseJson<SsoToken>(await this.deps.secrets.get(TOKEN_KEY + digestOf(session.key)).catch(() => undefined));
    if (!stored || stored.startUrl !== session.startUrl) return undefined;
    this.memory.set(session.key, stored);
    return stored;
  }

  /**
   * Keeps a token in SecretStorage (and, when the setting says so, in the AWS CLI's cache). Where
   * SecretStorage refuses (no keyring), the token is kept in this window's memory only, and the saved
   * index does not claim it.
   */
  private async store(session: SsoSession, token: SsoToken, mirror = true): Promise<void> {
    this.memory.set(session.key, token);
    try {
      await this.deps.secrets.store(TOKEN_KEY + digestOf(session.key), JSON.stringify(token));
      this.memoryOnly.delete(session.key);
      await this.updateIndex(session, { expiresAt: token.expiresAt, refreshable: token.refreshToken !== undefined });
    } catch (e) {
      this.memoryOnly.add(session.key);
      await this.updateIndex(session, undefined);
      this.storageFailed(e);
    }
    if (mirror && this.deps.writeCliCache()) await this.writeCliToken(session, token);
    this.fire(digestOf(session.key));
  }

  private async updateIndex(session: SsoSession, entry: IndexEntry | undefined): Promise<void> {
    const index = { ...tokenIndex(this.deps.state) };
    if (entry) index[digestOf(session.key)] = entry;
    else delete index[digestOf(session.key)];
    await this.deps.state.update(INDEX_KEY, index);
  }

  private cliPath(session: SsoSession): string {
    return join(this.deps.cliCacheDir(), cliCacheFileName(session));
  }

  private async readCliToken(session: SsoSession): Promise<SsoToken | undefined> {
    try {
      return parseCliToken(await readFile(this.cliPath(session), 'utf8'), session);
    } catch {
      return undefined;
    }
  }

  /** Writes the AWS CLI's cache file (mode 0600, atomically), so that `aws --profile X` works outside VS Code. */
  private async writeCliToken(session: SsoSession, token: SsoToken): Promise<void> {
    const path = this.cliPath(session);
    try {
      await writeFileAtomic(path, formatCliToken(token), { mode: 0o600, createFolder: true });
    } catch (e) {
      this.logger.warn(`Could not write the AWS CLI's token cache ${path}: ${(e as Error).message}`);
    }
  }

  /** Removes the AWS CLI's cache file when it holds the token being signed out. */
  private async removeCliToken(session: SsoSession, token: SsoToken): Promise<void> {
    const cli = await this.readCliToken(session);
    if (cli?.accessToken === token.accessToken) await unlink(this.cliPath(session)).catch(() => undefined);
  }

  private storageFailed(e: unknown): void {
    if (this.storageFailureTold) return;
    this.storageFailureTold = true;
    const message = secretStorageRefused(e, { what: 'the IAM Identity Center sign-in', kept: 'It is', elsewhere: 'other windows ask you to sign in again' });
    this.logger.warn(message);
    this.deps.ui.storageFailed(message);
  }

  private fire(digest: string): void {
    for (const l of this.listeners) l(digest);
  }
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
