import * as vscode from 'vscode';
import { UserError } from '../core/common/errors';
import type { SecretStore } from '../core/credentials/credentials';
import type { ProfileResolution } from '../core/config/types';
import { SETTINGS, SETTINGS_SECTION } from '../base/contributions';
import { forgetSignIn, keepSignIn } from '../aws/login/loginCredentials';
import { finishSignIn, listenForCode, parsePastedCode, startSignIn } from '../aws/login/loginSignIn';
import type { LoginToken } from '../core/login/loginToken';
import { longTermKeyOf, maskKeyId } from '../core/keys/accessKeys';
import { removeKeys, setLoginSession } from '../core/keys/keyFileEdit';
import { signinTarget } from '../aws/login/signinGateway';
import type { ProfileCatalog } from '../profiles/profileCatalog';
import { notificationProgress } from '../workbench/progress';

/**
 * Sign In with Console Credentials… and Sign Out of Console Credentials… (issue 24): the browser
 * sign-in of `aws login` for a `login_session` profile, kept in VS Code's secret storage (and in the
 * AWS CLI's login cache where `awsProfiles.login.writeCliCache` says so), and its sign-out as
 * `aws logout` does it. Part of the command handlers' bundle (dist/feature-commands.js).
 */

/** What the two commands need. */
export interface LoginCommandDeps {
  catalog: Pick<ProfileCatalog, 'snapshot' | 'ready'>;
  secrets: SecretStore;
  env: Readonly<Record<string, string | undefined>>;
  clock: { now(): number };
  log: vscode.LogOutputChannel;
  /** Forgets what every profile on the session holds (credentials, terminals) and re-reads the active one. */
  afterChange(profiles: string[]): Promise<void>;
}

/** The login_session of a profile whose chain ends in `aws login`, or undefined. */
export function loginSessionOf(plan: ProfileResolution | undefined): { profile: string; session: string } | undefined {
  const base = plan?.result === 'ok' ? plan.chain.at(-1) : undefined;
  return base?.kind === 'login' ? { profile: base.profile, session: base.login_session } : undefined;
}

/** Every profile whose chain ends in a session (the login profiles and the roles on them). */
function profilesOn(deps: LoginCommandDeps, session: string): string[] {
  return [...deps.catalog.snapshot.analysis.plans].filter(([, plan]) => loginSessionOf(plan)?.session === session).map(([name]) => name);
}

/** Remote windows whose browser runs on another machine: the code is pasted, as `aws login --remote` does. */
const REMOTE = new Set(['ssh-remote', 'tunnel']);

/** The browser sign-in for a profile: loopback redirect, or in SSH and tunnel windows a pasted code (`aws login --remote`). */
async function browserSignIn(deps: LoginCommandDeps, profile: string, endpoint: string): Promise<{ session: string; token: LoginToken }> {
  const remote = REMOTE.has(vscode.env.remoteName ?? '');
  const signedIn = await notificationProgress(vscode.l10n.t('Signing in with console credentials for AWS profile "{0}"… Finish in the browser.', profile), async (signal) => {
    if (remote) {
      const pending = startSignIn(endpoint, null);
      await vscode.env.openExternal(vscode.Uri.parse(pending.url, true));
      const pasted = await vscode.window.showInputBox({
        title: vscode.l10n.t('Sign In with Console Credentials'),
        prompt: vscode.l10n.t('Sign in at {0}, then paste the authorization code the browser shows.', pending.url),
        ignoreFocusOut: true,
        validateInput: (v) => (parsePastedCode(v) ? undefined : vscode.l10n.t('This is not the code the sign-in page shows.')),
      });
      const code = pasted === undefined ? undefined : parsePastedCode(pasted);
      if (!code) throw new UserError(vscode.l10n.t('Sign-in cancelled.'), 'login.cancelled');
      return finishSignIn(endpoint, pending, code, deps.clock.now(), signal);
    }
    const listener = await listenForCode(0, signal);
    try {
      const pending = startSignIn(endpoint, listener.redirectUri);
      deps.log.info(`Sign-in with console credentials for profile "${profile}": opening ${endpoint}/v1/authorize in the browser (redirect to ${listener.redirectUri}).`);
      if (!(await vscode.env.openExternal(vscode.Uri.parse(pending.url, true)))) throw new UserError(vscode.l10n.t('The browser could not be opened for the sign-in.'), 'login.noBrowser');
      return await finishSignIn(endpoint, pending, await listener.code, deps.clock.now(), signal);
    } finally {
      listener.close();
    }
  });
  return signedIn;
}

/** Signs a login profile in through the browser (a profile whose source is one: that one). */
export async function signInWithConsoleCredentials(deps: LoginCommandDeps, name: string): Promise<void> {
  const { analysis } = await deps.catalog.ready();
  const login = loginSessionOf(analysis.plans.get(name));
  if (!login) throw new UserError(vscode.l10n.t('Profile "{0}" does not use `aws login` (login_session): there is nothing to sign in to with console credentials.', name), 'login.notLogin');
  const { endpoint } = signinTarget(login.profile, analysis.model, deps.env);
  const signedIn = await browserSignIn(deps, login.profile, endpoint);
  if (signedIn.session !== login.session) {
    throw new UserError(
      vscode.l10n.t('The browser signed in as {0}, but profile "{1}" names the session {2}: nothing was kept. Sign in as that identity, or change login_session.', signedIn.session, login.profile, login.session),
      'login.otherIdentity',
    );
  }
  const writeCli = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('login.writeCliCache', SETTINGS.loginWriteCliCache.default);
  const file = await keepSignIn(deps.secrets, signedIn.session, signedIn.token, writeCli, deps.env);
  deps.log.info(`Signed in with console credentials as ${signedIn.session} (profile "${login.profile}"); kept in VS Code's secret storage${file ? ` and in the login cache (${file})` : ''}; the credentials expire at ${signedIn.token.accessToken.expiresAt}.`);
  await deps.afterChange(profilesOn(deps, login.session));
  void vscode.window.showInformationMessage(vscode.l10n.t('Signed in with console credentials as {0} (profile "{1}"). Credentials last 15 minutes and are refreshed for up to 12 hours.', signedIn.session, login.profile));
}

/** Signs a login profile's session out as `aws logout` does: the sign-in forgotten, its login cache file deleted, every profile on it acting as nobody. */
export async function signOutOfConsoleCredentials(deps: LoginCommandDeps, name: string): Promise<void> {
  const { analysis } = await deps.catalog.ready();
  const login = loginSessionOf(analysis.plans.get(name));
  if (!login) throw new UserError(vscode.l10n.t('Profile "{0}" does not use `aws login` (login_session): there is nothing to sign out of.', name), 'login.notLogin');
  const { kept, file } = await forgetSignIn(deps.secrets, login.session, deps.env);
  deps.log.info(`Signed out of ${login.session} (profile "${login.profile}"): ${kept ? "VS Code's sign-in forgotten" : "VS Code kept no sign-in"}; ${file ? `deleted ${file}` : 'no login cache file'}.`);
  await deps.afterChange(profilesOn(deps, login.session));
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Signed out of {0} (profile "{1}"). Tools that already hold its credentials may use them until they expire (15 minutes at most).', login.session, login.profile),
  );
}

/** What Replace Access Keys with Console Sign-In… needs besides the sign-in. */
export interface ReplaceKeysDeps extends LoginCommandDeps {
  /** Who the profile's keys act as (GetCallerIdentity). */
  callerIdentity(profile: string): Promise<{ arn: string }>;
  /** Re-reads the AWS files after the edit. */
  reload(): Promise<void>;
  /** Writes a user's AWS file only if it still holds `expected` (replaceAwsFile). */
  writeFile(path: string, expected: Uint8Array | null, bytes: Uint8Array): Promise<void>;
  /** Deactivates, then (once confirmed, its last use shown) deletes the old key, with the profile's new credentials. */
  retireKey(profile: string, accessKeyId: string): Promise<void>;
}

/**
 * Replace Access Keys with Console Sign-In… (issue 24): signs in in the browser as the user whose
 * keys the profile holds, checks it is that user, writes `login_session` into the profile's config
 * section and removes the keys from their file (both files or neither, every other byte kept), then
 * offers to deactivate and delete the old key in IAM.
 */
export async function replaceKeysWithConsoleSignIn(deps: ReplaceKeysDeps, name: string): Promise<void> {
  const snapshot = await deps.catalog.ready();
  const key = longTermKeyOf(snapshot.analysis.model, snapshot.analysis.plans.get(name), name);
  if (!key) throw new UserError(vscode.l10n.t('Profile "{0}" does not use long-term IAM user keys: there are no keys to replace.', name), 'keys.notKeys');
  const { arn } = await deps.callerIdentity(name);
  const { endpoint } = signinTarget(name, snapshot.analysis.model, deps.env);
  const signedIn = await browserSignIn(deps, name, endpoint);
  if (signedIn.session !== arn) {
    throw new UserError(vscode.l10n.t('The browser signed in as {0}, but the keys of profile "{1}" belong to {2}: nothing was changed. Sign in as that user.', signedIn.session, name, arn), 'login.otherIdentity');
  }
  const writeCli = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('login.writeCliCache', SETTINGS.loginWriteCliCache.default);
  await keepSignIn(deps.secrets, signedIn.session, signedIn.token, writeCli, deps.env);
  const { paths, bytes } = deps.catalog.snapshot;
  const configSection = name === 'default' ? 'default' : `profile ${name}`;
  let config = setLoginSession(bytes.config, configSection, signedIn.session, paths.config);
  let credentials = bytes.credentials;
  if (key.file === 'config') config = removeKeys(config, configSection, key.accessKeyId, paths.config);
  else credentials = removeKeys(bytes.credentials ?? new Uint8Array(), name, key.accessKeyId, paths.credentials);
  await deps.writeFile(paths.config, bytes.config, config);
  if (key.file === 'credentials') {
    try {
      await deps.writeFile(paths.credentials, bytes.credentials, credentials!);
    } catch (e) {
      // Both files or neither: the config file goes back to what it was.
      await deps.writeFile(paths.config, config, bytes.config ?? new Uint8Array());
      throw e;
    }
  }
  deps.log.info(`Replaced the access key ${maskKeyId(key.accessKeyId)} of profile "${name}" with the console sign-in ${signedIn.session}: login_session written to ${paths.config}, the keys removed from ${key.file === 'config' ? paths.config : paths.credentials}.`);
  await deps.reload();
  await deps.afterChange([name]);
  void vscode.window.showInformationMessage(vscode.l10n.t('Profile "{0}" now signs in with console credentials ({1}); its access key is no longer in the AWS files.', name, signedIn.session));
  await deps.retireKey(name, key.accessKeyId);
}
