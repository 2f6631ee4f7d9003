import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../core/common/errors';
import type { Logger } from '../../core/common/logger';
import type { ProfileModel } from '../../core/config/profileMap';
import type { LoginStep } from '../../core/credentials/credentialSteps';
import type { ObtainedCredentials } from '../../core/credentials/stepSource';
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

/** What obtaining a login step needs from the engine (its own deps: the environment, the clock, this window's sign-ins). */
export interface LoginEngineDeps {
  env: Env;
  clock: { now(): number };
  /** The home folder (tests); os.homedir() otherwise. */
  home?: string;
  loginStore?: LoginTokenStore;
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
  return obtain(step, { model, env: engine.env, home: engine.home ?? homedir(), now: () => clock.now(), logger, store: engine.loginStore, signal });
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
