import { createHash, randomUUID } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, SecretStore, SsoTokenService, StateStore, Timer } from '../core/credentials/credentials';
import { CancelledError, NeedsHumanError, UserError } from '../core/common/errors';
import { silentLogger, type Logger } from '../core/common/logger';
import { cliCacheFileName, describeSession, formatCliToken, parseCliToken, type SsoSession, type SsoToken } from '../core/sso/ssoSession';
import { writeFileAtomic } from '../base/atomicFile';
import type { LockFolder } from '../base/lockFile';
import { secretStorageRefused } from '../base/secretStorage';
import { WindowLeases } from '../base/windowLease';
import { errorParts } from '../aws/networkErrors';
import { signInCommand, translateSsoError } from '../aws/sso/ssoErrors';
import type { DeviceAuthorization, SsoClientRegistration, SsoEndpoint, SsoGateway } from '../aws/sso/ssoGateway';
import { browserSignIn, deviceSignIn, type SignInContext, type SignedIn } from './ssoSignIn';
import { digestOf, INDEX_KEY, isSignedIn, tokenExpiresAt, tokenIndex, TOKEN_REFRESH_WINDOW_MS, type IndexEntry } from './ssoTokenIndex';
import * as l10n from '@vscode/l10n';

export { digestOf, TOKEN_REFRESH_WINDOW_MS };

/** The name the extension's OIDC clients are registered under (the user may see it on the sign-in page). */
// l10n-ignore: a name registered with IAM Identity Center
const CLIENT_NAME = 'AWS Profiles for VS Code';

const TOKEN_KEY = 'awsProfiles.sso.v1/';
const CLIENT_KEY = 'awsProfiles.ssoClient.v1/';
/** The leases of sessions (base/windowLease.ts): one window refreshes or signs in while the others wait for its token. */
const LEASE_KEY = 'awsProfiles.ssoLease.v1/';
/**
 * Access tokens signed out, by session: `{ v: 1, tokens: [{ sha256, until }] }`, digests only (of
 * tokens revoked or forgotten), in SecretStorage so that every window of every host knows them: a
 * token signed out is never taken from the AWS CLI's cache again.
 */
const SIGNED_OUT_KEY = 'awsProfiles.ssoSignedOut.v1/';

/** Signed-out tokens remembered per session at most (each until it expires). */
const SIGNED_OUT_MAX = 20;

/** How long a request that may not ask anyone waits for another window's refresh before saying a sign-in is needed. */
const QUIET_WAIT_MS = 30_000;

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
  /**
   * Signing out while the AWS CLI is signed in to the session too (`aws sso login`): sign it out as
   * well (`both`: its session revoked, its cache file deleted), or VS Code only (`vscode`: the CLI's
   * session stays, VS Code no longer uses it); undefined: cancelled. `adopted`: VS Code was using the CLI's sign-in.
   */
  confirmCliSignOut(session: SsoSession, adopted: boolean): Promise<'both' | 'vscode' | undefined>;
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
  /** Timers of the waits for another window (tests drive them with their clock). */
  timer?: Timer;
  /** This machine's lock files (globalStorage): which window refreshes or signs in a session that several need at once. */
  locks?: LockFolder;
  /** This window's name in the leases (default a random UUID). */
  windowId?: string;
}

/** Real time, for a service built without a timer. */
const realTimer: Timer = {
  setTimeout: (callback, ms) => {
    const t = setTimeout(callback, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Where a held token came from: this extension's sign-in (and refreshes), or the AWS CLI's cache (read only, never refreshed here). */
function adoptedFromCli(token: SsoToken): boolean {
  // Entries stored before the origin was recorded: the CLI's were kept without an OIDC client.
  return token.origin === 'cli' || (token.origin === undefined && token.clientId === undefined);
}

/** Whether a held token can be refreshed here: this extension's, with its OIDC client and refresh token. */
function refreshable(token: SsoToken | undefined): boolean {
  return token?.refreshToken !== undefined && token.clientId !== undefined && token.clientSecret !== undefined;
}

/** The digest a signed-out token is remembered by (never the token itself). */
function tokenDigest(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('hex');
}

/**
 * The access tokens of IAM Identity Center sessions: kept in SecretStorage (one entry per session,
 * shared by every window), refreshed with the refresh token when less than 15 minutes are left,
 * else taken from the AWS CLI's own cache when it holds a valid one (read only, and never one that
 * was signed out), else signed in again when a human may be asked. One request per session is at
 * work at a time in a window (the others then find its token), and one window refreshes or signs
 * in while the others wait for its token (a lease, base/windowLease.ts).
 */
export class SsoTokens implements SsoTokenService {
  private readonly logger: Logger;
  private readonly memory = new Map<string, SsoToken>();
  /** Sessions whose token SecretStorage refused: held in this window's memory only, never claimed in the saved index. */
  private readonly memoryOnly = new Set<string>();
  /** OIDC client registrations SecretStorage refused, by key. */
  private readonly clientsInMemory = new Map<string, SsoClientRegistration>();
  private storageFailureTold = false;
  /** The request at work for each session (by key): the next one waits for it, then finds its token. */
  private readonly inFlight = new Map<string, { promise: Promise<unknown>; signsIn: boolean }>();
  private readonly listeners = new Set<(sessionKey: string) => void>();
  private readonly subscription: { dispose(): void };
  private readonly leases: WindowLeases;
  /** Sessions by digest, for the leases' log lines. */
  private readonly described = new Map<string, string>();

  constructor(private readonly deps: SsoTokensDeps) {
    this.logger = deps.logger ?? silentLogger;
    this.leases = new WindowLeases(deps.secrets, {
      secretPrefix: LEASE_KEY,
      lockPrefix: 'sso-',
      describe: (digest) => l10n.t('refreshing or signing in to {0}', this.described.get(digest) ?? 'an IAM Identity Center session'),
      clock: deps.clock,
      timer: deps.timer ?? realTimer,
      windowId: deps.windowId ?? randomUUID(),
      logger: this.logger,
      locks: deps.locks,
    });
    this.subscription = deps.secrets.onDidChange((key) => {
      if (key.startsWith(LEASE_KEY)) return this.leases.wake(key.slice(LEASE_KEY.length));
      if (!key.startsWith(TOKEN_KEY)) return;
      const digest = key.slice(TOKEN_KEY.length);
      for (const [sessionKey] of [...this.memory]) if (digestOf(sessionKey) === digest && !this.memoryOnly.has(sessionKey)) this.memory.delete(sessionKey);
      this.fire(digest);
      this.leases.wake(digest);
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
    return this.oneAtATime(session, () => this.obtain(session, options), { asks: options.interactive, signsIn: options.interactive });
  }

  /** Signs in again now (the command), whatever is held: after the request at work, and under the session's lease. */
  signIn(session: SsoSession): Promise<void> {
    return this.oneAtATime(session, async () => {
      const digest = this.leaseKey(session);
      const before = (await this.load(session))?.accessToken;
      for (;;) {
        const claim = await this.leases.claim(digest);
        if (claim.mine) break;
        // Another window is signing in (or refreshing): its new token is this sign-in's, when it comes.
        await this.leases.whenChanged(digest, claim.until);
        const now = await this.load(session);
        if (now && now.accessToken !== before && !adoptedFromCli(now)) return;
      }
      let settled = false;
      try {
        await this.store(session, await this.signInNow(session));
        settled = true;
      } finally {
        await this.leases.release(digest, { settled });
      }
    }, { asks: true, signsIn: true });
  }

  /**
   * Signs out, here and in every window: this extension's token is revoked (Logout) and forgotten.
   * When the AWS CLI is signed in to the session too (VS Code may have been using its token), the
   * user chooses: the CLI too (its token revoked, its cache file deleted), or VS Code only (the
   * CLI's session stays). Either way VS Code never takes a token signed out here from the CLI's cache again.
   */
  signOut(session: SsoSession): Promise<void> {
    return this.oneAtATime(session, async () => {
      // Not while another window refreshes or signs in: its token would outlive the sign-out.
      const digest = this.leaseKey(session);
      for (let claim = await this.leases.claim(digest); !claim.mine; claim = await this.leases.claim(digest)) await this.leases.whenChanged(digest, claim.until);
      try {
        await this.signOutHeld(session);
      } finally {
        await this.leases.release(digest);
      }
    }, { asks: true, signsIn: false });
  }

  /** Signs out what is held now (under the session's lease). */
  private async signOutHeld(session: SsoSession): Promise<void> {
    // What SecretStorage holds now (another window may have refreshed it), or this window's own where SecretStorage refused it.
    const inMemoryOnly = this.memoryOnly.has(session.key) ? this.memory.get(session.key) : undefined;
    if (!inMemoryOnly) this.memory.delete(session.key);
    const kept = inMemoryOnly ?? (await this.load(session));
    const cli = await this.readCliToken(session);
    const cliSignedIn = cli !== undefined && cli.expiresAt > this.deps.clock.now() && !(await this.signedOut(session, cli.accessToken));
    const adopted = kept !== undefined && adoptedFromCli(kept);
    let alsoCli = false;
    if (cliSignedIn || adopted) {
      const answer = await this.deps.ui.confirmCliSignOut(session, adopted);
      if (answer === undefined) throw new CancelledError();
      alsoCli = answer === 'both';
    }
    const revoke = new Set<string>();
    if (kept && !adopted) revoke.add(kept.accessToken);
    if (alsoCli && adopted) revoke.add(kept!.accessToken);
    if (alsoCli && cli) revoke.add(cli.accessToken);
    for (const token of revoke) await this.logout(session, token);
    // Whatever VS Code held or could take from the CLI's cache is never taken again.
    await this.rememberSignedOut(session, [kept, cliSignedIn ? cli : undefined].filter((t): t is SsoToken => t !== undefined));
    this.memory.delete(session.key);
    this.memoryOnly.delete(session.key);
    try {
      await this.deps.secrets.delete(TOKEN_KEY + digestOf(session.key));
    } catch (e) {
      this.logger.warn(`The sign-in of ${describeSession(session)} could not be deleted from VS Code's secret storage: ${(e as Error).message}`);
    }
    await this.updateIndex(session, undefined);
    if (kept && !adopted && this.deps.writeCliCache()) await this.removeCliToken(session, kept.accessToken);
    if (alsoCli && cli) await this.removeCliToken(session, cli.accessToken);
    this.logger.info(`Signed out of ${describeSession(session)}${alsoCli ? ', and signed the AWS CLI out of it' : cliSignedIn || adopted ? " (the AWS CLI's sign-in stays, unused by VS Code)" : ''}.`);
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
    this.leases.dispose();
  }

  /**
   * Runs `work` once the request at work for the session (if any) is done, so that it finds that
   * request's token instead of refreshing or signing in again. A sign-in the user cancelled cancels
   * the requests waiting for it that would ask again (`asks`), rather than opening another.
   */
  private async oneAtATime<T>(session: SsoSession, work: () => Promise<T>, o: { asks: boolean; signsIn: boolean }): Promise<T> {
    for (let running = this.inFlight.get(session.key); running; running = this.inFlight.get(session.key)) {
      try {
        await running.promise;
      } catch (e) {
        if (e instanceof CancelledError && running.signsIn && o.asks) throw e;
      }
    }
    const mine = work();
    const flight = { promise: mine as Promise<unknown>, signsIn: o.signsIn };
    flight.promise = mine.finally(() => {
      if (this.inFlight.get(session.key) === flight) this.inFlight.delete(session.key);
    });
    flight.promise.catch(() => undefined);
    this.inFlight.set(session.key, flight);
    return mine;
  }

  private async obtain(session: SsoSession, options: { interactive: boolean; profile?: string; rejected?: string }): Promise<string> {
    const fresh = (t: SsoToken | undefined): boolean => t !== undefined && t.accessToken !== options.rejected && t.expiresAt - this.deps.clock.now() > TOKEN_REFRESH_WINDOW_MS;
    const held = await this.load(session);
    if (held && fresh(held)) return held.accessToken;
    if (!refreshable(held)) {
      // Nothing to refresh: the AWS CLI's sign-in, or a sign-in if someone may be asked.
      const cli = await this.cliToken(session, fresh);
      if (cli) return cli;
      if (!options.interactive) throw this.needsSignIn(session, options);
    }
    // A refresh or a sign-in: one window does it, the others wait for its token.
    const digest = this.leaseKey(session);
    const quietUntil = this.deps.clock.now() + QUIET_WAIT_MS;
    for (;;) {
      const claim = await this.leases.claim(digest);
      if (claim.mine) break;
      await this.leases.whenChanged(digest, options.interactive ? claim.until : Math.min(claim.until, quietUntil));
      const theirs = await this.load(session);
      if (theirs && fresh(theirs)) return theirs.accessToken;
      if (!options.interactive && this.deps.clock.now() >= quietUntil) throw this.needsSignIn(session, options);
    }
    let settled = false;
    try {
      // Another window may have stored a new token just before this one claimed.
      const current = await this.load(session);
      if (current && fresh(current)) return current.accessToken;
      if (current && refreshable(current)) {
        const refreshed = await this.refresh(session, current);
        if (refreshed) {
          settled = true;
          return refreshed;
        }
      }
      const fromCli = await this.cliToken(session, fresh);
      if (fromCli) return fromCli;
      if (!options.interactive) throw this.needsSignIn(session, options);
      const token = await this.signInNow(session);
      await this.store(session, token);
      settled = true;
      return token.accessToken;
    } finally {
      await this.leases.release(digest, { settled });
    }
  }

  /** The AWS CLI's token of the session, taken as it is when it is fresh and was never signed out here; its refresh token is the CLI's to use. */
  private async cliToken(session: SsoSession, fresh: (t: SsoToken | undefined) => boolean): Promise<string | undefined> {
    const cli = await this.readCliToken(session);
    if (!cli || !fresh(cli) || (await this.signedOut(session, cli.accessToken))) return undefined;
    await this.store(session, { accessToken: cli.accessToken, expiresAt: cli.expiresAt, startUrl: session.startUrl, region: session.region, origin: 'cli' }, false);
    this.logger.info(`Using the AWS CLI's sign-in of ${describeSession(session)} (until ${new Date(cli.expiresAt).toISOString()}).`);
    return cli.accessToken;
  }

  private needsSignIn(session: SsoSession, options: { profile?: string }): NeedsHumanError {
    const who = options.profile !== undefined ? `Profile "${options.profile}" needs` : l10n.t('It needs');
    return new NeedsHumanError(options.profile ?? session.key, '', l10n.t('{0} a sign-in to IAM Identity Center ({1}). Run {2}.', who, describeSession(session), signInCommand()));
  }

  /** The lease's key of a session (its digest), remembering how the log names it. */
  private leaseKey(session: SsoSession): string {
    const digest = digestOf(session.key);
    this.described.set(digest, describeSession(session));
    return digest;
  }

  /**
   * A new access token from the refresh token, or undefined when it is no longer accepted (then a
   * sign-in is needed): the refresh token is then forgotten, with the session's index entry, so that
   * the session no longer shows signed in.
   */
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
        await this.forgetRefused(session, held);
        return undefined;
      }
      throw translateSsoError(e, { session, endpoint: oidc.endpoint });
    }
  }

  /** Forgets a sign-in whose refresh token was refused, unless another window stored a newer one meanwhile. */
  private async forgetRefused(session: SsoSession, refused: SsoToken): Promise<void> {
    this.memory.delete(session.key);
    const stored = await this.load(session);
    if (stored && stored.refreshToken !== refused.refreshToken) return;
    this.memory.delete(session.key);
    this.memoryOnly.delete(session.key);
    await this.deps.secrets.delete(TOKEN_KEY + digestOf(session.key)).catch(() => undefined);
    await this.updateIndex(session, undefined);
    this.fire(digestOf(session.key));
  }

  /** Revokes a token (Logout); one already expired or revoked has nothing to revoke. */
  private async logout(session: SsoSession, accessToken: string): Promise<void> {
    try {
      await this.deps.gateway().logout(this.deps.endpoints(session).portal, accessToken);
    } catch (e) {
      if (errorParts(e).name !== 'UnauthorizedException') this.logger.warn(`Signing out of ${describeSession(session)}: ${translateSsoError(e, { session, endpoint: this.deps.endpoints(session).portal.endpoint }).message}`);
    }
  }

  /** The digests of the session's tokens signed out (with how long each matters: until it expires). */
  private async signedOutTokens(session: SsoSession): Promise<{ sha256: string; until: number }[]> {
    const stored = parseJson<{ v?: number; tokens?: unknown }>(await this.deps.secrets.get(SIGNED_OUT_KEY + digestOf(session.key)).catch(() => undefined));
    const tokens = Array.isArray(stored?.tokens) ? stored.tokens : [];
    return tokens.filter((t): t is { sha256: string; until: number } => typeof t?.sha256 === 'string' && typeof t?.until === 'number');
  }

  /** Whether an access token was signed out (in any window). */
  private async signedOut(session: SsoSession, accessToken: string): Promise<boolean> {
    const digest = tokenDigest(accessToken);
    return (await this.signedOutTokens(session)).some((t) => t.sha256 === digest);
  }

  private async rememberSignedOut(session: SsoSession, tokens: SsoToken[]): Promise<void> {
    if (tokens.length === 0) return;
    const now = this.deps.clock.now();
    const kept = (await this.signedOutTokens(session)).filter((t) => t.until > now);
    for (const t of tokens) if (!kept.some((k) => k.sha256 === tokenDigest(t.accessToken))) kept.push({ sha256: tokenDigest(t.accessToken), until: t.expiresAt });
    try {
      await this.deps.secrets.store(SIGNED_OUT_KEY + digestOf(session.key), JSON.stringify({ v: 1, tokens: kept.slice(-SIGNED_OUT_MAX) }));
    } catch {
      // Without SecretStorage this window forgets on its own; the token is gone from its memory.
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

  /** Removes the AWS CLI's cache file when it still holds the token being signed out (not one of a new `aws sso login`). */
  private async removeCliToken(session: SsoSession, accessToken: string): Promise<void> {
    const cli = await this.readCliToken(session);
    if (cli?.accessToken === accessToken) await unlink(this.cliPath(session)).catch(() => undefined);
  }

  private storageFailed(e: unknown): void {
    if (this.storageFailureTold) return;
    this.storageFailureTold = true;
    const message = secretStorageRefused(e, { what: l10n.t('the IAM Identity Center sign-in'), plural: false, elsewhere: l10n.t('other windows ask you to sign in again') });
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
