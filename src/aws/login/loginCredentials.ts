import { unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../core/common/errors';
import type { Logger } from '../../core/common/logger';
import type { ProfileModel } from '../../core/config/profileMap';
import type { LoginStep } from '../../core/credentials/credentialSteps';
import type { ObtainedCredentials } from '../../core/credentials/stepSource';
import type { SecretStore } from '../../core/credentials/credentials';
import { applyRefresh, loginCacheFileName, loginExpiry, loginNeedsRefresh, parseLoginToken, refreshRequestBody, type LoginToken } from '../../core/login/loginToken';
import { writeFileAtomic } from '../../base/atomicFile';
import { expandPath, readAwsFile, userHomeOf } from '../files/awsFiles';
import { createOAuth2Token, SigninError, signinTarget } from './signinGateway';
import * as l10n from '@vscode/l10n';

/**
 * The credentials of an `aws login` profile (issue 24), bundled on their own (dist/feature-login.js)
 * and loaded on the first use of such a profile: the sign-in's token from this extension's store or
 * the login cache, handed out while more than 5 minutes are left, else refreshed through the Sign-In
 * service and written back where it was read from (the refresh token changes with each refresh).
 */

type Env = Readonly<Record<string, string | undefined>>;

/** Where a sign-in's token is kept, and how it is written back after a refresh. */
export interface LoginTokenSlot {
  token: LoginToken;
  /** Where it was read (a file, or "this window's sign-in"): sentences and the log name it. */
  where: string;
  save(token: LoginToken): Promise<void>;
}

/** The sign-ins this extension keeps itself (SecretStorage), looked up before the login cache. */
export interface LoginTokenStore {
  slot(session: string): Promise<LoginTokenSlot | undefined>;
}

/** What obtaining a login step needs from the engine (its own deps: the environment, the clock, the secret storage). */
export interface LoginEngineDeps {
  env: Env;
  clock: { now(): number };
  /** VS Code's secret storage: the sign-ins made in VS Code (`awsProfiles.login.v1/<sha256 of the session>`). */
  secrets?: SecretStore;
  /** The home folder (tests); os.homedir() otherwise. */
  home?: string;
  /** Replaces the sign-ins of the secret storage (tests). */
  loginStore?: LoginTokenStore;
}

/** The key of a session's sign-in in VS Code's secret storage. */
export function loginSecretKey(session: string): string {
  return `awsProfiles.login.v1/${loginCacheFileName(session).replace(/\.json$/, '')}`;
}

/** The sign-ins made in VS Code, in its secret storage (shared by every window). */
export function secretLoginStore(secrets: SecretStore): LoginTokenStore {
  return {
    async slot(session) {
      const key = loginSecretKey(session);
      const text = await secrets.get(key);
      if (text === undefined) return undefined;
      const where = l10n.t('the sign-in kept by VS Code');
      return { token: parseLoginToken(text, where), where, save: (next) => secrets.store(key, JSON.stringify(next)) };
    },
  };
}

/** Keeps a new sign-in in the secret storage and, where `awsProfiles.login.writeCliCache` says so, in the login cache for the AWS CLI and SDKs too. */
export async function keepSignIn(secrets: SecretStore, session: string, token: LoginToken, writeCliCache: boolean, env: Env, home: string = homedir()): Promise<string | undefined> {
  await secrets.store(loginSecretKey(session), JSON.stringify(token));
  if (!writeCliCache) return undefined;
  const file = loginCacheFile(session, env, home);
  await writeLoginCacheFile(file, token);
  return file;
}

/** Signs a session out as `aws logout` does: its sign-in is forgotten here and its login cache file deleted. Says what went. */
export async function forgetSignIn(secrets: SecretStore, session: string, env: Env, home: string = homedir()): Promise<{ kept: boolean; file: string | undefined }> {
  const key = loginSecretKey(session);
  const kept = (await secrets.get(key)) !== undefined;
  await secrets.delete(key);
  const file = loginCacheFile(session, env, home);
  try {
    await unlink(file);
    return { kept, file };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kept, file: undefined };
    throw new UserError(l10n.t('The aws login cache file {0} could not be deleted: {1}', file, (e as Error).message), 'login.cacheUnwritable');
  }
}

interface LoginDeps {
  model: ProfileModel;
  env: Env;
  home: string;
  now(): number;
  logger: Logger;
  store?: LoginTokenStore;
  signal?: AbortSignal;
}

/** The login cache folder: AWS_LOGIN_CACHE_DIRECTORY (`$VAR` and `~` expanded), else ~/.aws/login/cache. */
export function loginCacheDirectory(env: Env, home: string, platform: string = process.platform): string {
  const set = env.AWS_LOGIN_CACHE_DIRECTORY;
  if (set !== undefined && set !== '') return expandPath(set, env, home, platform);
  return join(userHomeOf(env, home, platform), '.aws', 'login', 'cache');
}

/** The login cache file of a session. */
export function loginCacheFile(session: string, env: Env, home: string): string {
  return join(loginCacheDirectory(env, home), loginCacheFileName(session));
}

/** Writes a token in the CLI's format (two-space JSON), atomically, readable by its owner only. */
export async function writeLoginCacheFile(file: string, token: LoginToken): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(token, null, 2)}\n`, { mode: 0o600, createFolder: true });
}

/** The token of a session in the login cache, or undefined when the CLI keeps none for it. */
export async function readLoginCache(session: string, env: Env, home: string): Promise<LoginTokenSlot | undefined> {
  const file = loginCacheFile(session, env, home);
  const read = await readAwsFile(file, 256 * 1024);
  if (read.error !== undefined) throw new UserError(l10n.t('The aws login cache file {0} cannot be read: {1}', file, read.error), 'login.cacheUnreadable');
  if (read.bytes === null) return undefined;
  const token = parseLoginToken(Buffer.from(read.bytes).toString('utf8'), file);
  return { token, where: file, save: (next) => writeLoginCacheFile(file, next) };
}

/** Obtains a login step: the held token's credentials, refreshed first when less than 5 minutes are left. */
export function obtainLogin(step: LoginStep, model: ProfileModel, engine: LoginEngineDeps, logger: Logger, signal?: AbortSignal): Promise<ObtainedCredentials> {
  const clock = engine.clock;
  return obtain(step, { model, env: engine.env, home: engine.home ?? homedir(), now: () => clock.now(), logger, store: engine.loginStore ?? (engine.secrets && secretLoginStore(engine.secrets)), signal });
}

async function obtain(step: LoginStep, deps: LoginDeps): Promise<ObtainedCredentials> {
  const slot = (await deps.store?.slot(step.session)) ?? (await readLoginCache(step.session, deps.env, deps.home));
  if (slot === undefined) {
    throw new UserError(
      l10n.t(
        'Profile "{0}" uses the aws login session {1}, which is not signed in on this machine (nothing in {2}). Run "AWS Profiles: Sign In with Console Credentials…" or `aws login --profile {0}`.',
        step.profile,
        step.session,
        loginCacheDirectory(deps.env, deps.home),
      ),
      'login.notSignedIn',
    );
  }
  let token = slot.token;
  const started = deps.now();
  if (loginNeedsRefresh(token, started)) token = await refresh(step, slot, deps);
  const a = token.accessToken;
  return { credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey, sessionToken: a.sessionToken }, expiresAt: loginExpiry(token), obtainedAt: started };
}

async function refresh(step: LoginStep, slot: LoginTokenSlot, deps: LoginDeps): Promise<LoginToken> {
  const target = signinTarget(step.profile, deps.model, deps.env);
  const now = deps.now();
  let next: LoginToken;
  try {
    next = applyRefresh(slot.token, await createOAuth2Token(target.endpoint, refreshRequestBody(slot.token), slot.token.dpopKey, now, deps.signal), now);
  } catch (e) {
    const error = e instanceof SigninError ? refusal(step, e) : e;
    deps.logger.warn(`Refreshing the aws login session ${step.session} (profile "${step.profile}") via ${target.endpoint} failed: ${(error as Error).message}`);
    throw error;
  }
  try {
    await slot.save(next);
  } catch (e) {
    // The credentials are good; the next refresh would need the new refresh token the file could not take.
    deps.logger.warn(`The refreshed aws login session ${step.session} could not be written back to ${slot.where}: ${(e as Error).message}. Sign in again once these credentials expire.`);
  }
  deps.logger.info(`Refreshed the aws login session ${step.session} (profile "${step.profile}") via ${target.endpoint}; expires at ${next.accessToken.expiresAt}.`);
  return next;
}

/** A refusal of the Sign-In service as a sentence with its fix. */
function refusal(step: LoginStep, e: SigninError): UserError {
  const again = l10n.t('Sign in again: "AWS Profiles: Sign In with Console Credentials…" or `aws login --profile {0}`.', step.profile);
  switch (e.error) {
    case 'TOKEN_EXPIRED':
      return new UserError(l10n.t('The aws login session {0} of profile "{1}" has ended (a sign-in lasts 12 hours at most). {2}', step.session, step.profile, again), 'login.expired');
    case 'USER_CREDENTIALS_CHANGED':
      return new UserError(l10n.t('The aws login session {0} of profile "{1}" ended because the password changed. {2}', step.session, step.profile, again), 'login.expired');
    case 'INSUFFICIENT_PERMISSIONS':
      return new UserError(
        l10n.t('The aws login session {0} of profile "{1}" cannot be refreshed: its identity is not allowed signin:CreateOAuth2Token (AWS\'s SignInLocalDevelopmentAccess policy allows it). {2}', step.session, step.profile, e.message),
        'login.denied',
      );
  }
  const retryable = e.status >= 500 || e.status === 429;
  return new UserError(l10n.t('The AWS Sign-In service refused to refresh the aws login session {0} of profile "{1}": {2} ({3}). {4}', step.session, step.profile, e.message, e.type || String(e.status), retryable ? l10n.t('Try again in a moment.') : again), 'login.failed', retryable);
}
