import * as vscode from 'vscode';
import type { Location } from '../core';
import type { CredentialService, SecretStore, StateStore } from '../core/credentials/credentials';
import { loginSessionOf, replaceKeysWithConsoleSignIn, signInWithConsoleCredentials, signOutOfConsoleCredentials, type LoginCommandDeps } from './loginCommands';
import { loadErrorSentences, loadIamKeysSdk } from '../aws/sdkLoader';
import { replaceAwsFile } from '../aws/files/configFileEdit';
import { resolveIamTarget } from '../core/endpoints/serviceEndpoint';
import { ALLOWED_PROFILES_KEY } from '../core/terminal/debugLaunch';
import { environmentFor, formatExports, SHELL_LABELS, shellKindOf, type ShellKind } from '../core/terminal/envExport';
import { CancelledError, UserError } from '../core/common/errors';
import type { InstanceItemView } from '../ec2/instanceList';
import type { InstanceNodes } from '../ec2/instanceNodes';
import { formatRemaining } from '../core/credentials/lifetime';
import type { ActiveProfile } from '../profiles/activeProfile';
import type { ActiveSession } from '../active/activeSession';
import type { CommandName } from '../base/contributions';
import type { ProfileCatalog } from '../profiles/profileCatalog';
import { chainSummary } from '../core/chains/chainText';
import { profileFacts } from '../profiles/profileFacts';
import { pickProfile } from '../profiles/profilePicker';
import { pickRegion } from '../ec2/regionPicker';
import type { TerminalCredentials } from '../terminals/terminalCredentials';
import { loadSsoFeature } from '../sso/lazySso';
import { loadSetupFeature } from '../setup/lazySetup';
import type { SetupDeps } from '../setup/setupDeps';
import type { SsoCommandDeps } from '../sso/ssoCommands';
import { describeSession, sessionsOf } from '../core/sso/ssoSession';
import { ConsoleSignIn } from '../console/consoleSignIn';
import type { CredentialEngine } from '../credentials/credentialEngine';
import { notificationProgress } from '../workbench/progress';
import type { LazyGuard } from '../guard/lazyGuard';
import type { AwsEditors } from '../editor/lazyEditor';
import { loadKeysFeature } from '../keys/lazyKeys';
import type { KeyIamDeps } from '../keys/keyInspector';
import type { LazyKeyNodes } from '../keys/lazyKeys';
import { longTermKeyOf, maskKeyId } from '../core/keys/accessKeys';
import { SETTINGS, SETTINGS_SECTION } from '../base/contributions';

/** What the command handlers work with (built in activate()). */
export interface CommandDeps {
  catalog: ProfileCatalog;
  /** The credentials engine; where a profile's STS calls go and its STS gateway serve Open Console. */
  credentials: CredentialService & Pick<CredentialEngine, 'stsTarget' | 'stsGateway' | 'plan' | 'walkSteps' | 'options' | 'store' | 'scheduler' | 'fire'>;
  active: ActiveProfile;
  session: ActiveSession;
  terminals: TerminalCredentials;
  instances: InstanceNodes;
  log: vscode.LogOutputChannel;
  clock: { now(): number };
  sso: SsoCommandDeps;
  /** This workspace's state: the profiles its launch configurations were allowed to act as. */
  workspaceState: StateStore;
  /** What the commands that set up profiles work with (dist/feature-setup.js). */
  setup: SetupDeps;
  /** The guards: acting as a guarded profile asks first. */
  guard: Pick<LazyGuard, 'confirm'>;
  /** The AWS files in the editor (their quick fixes that save a file). */
  editors: AwsEditors;
  /** The long-term keys: the items under profiles with keys, and what IAM calls on them need. */
  keys: { nodes: Pick<LazyKeyNodes, 'refresh'>; iam: KeyIamDeps };
  /** `aws login` sign-ins: VS Code's secret storage and the environment (AWS_LOGIN_CACHE_DIRECTORY, AWS_ENDPOINT_URL_SIGNIN). */
  login: { secrets: SecretStore; env: Readonly<Record<string, string | undefined>> };
}

/** A command handler; arguments come from the tree (a node), another command (a name) or nothing. */
export type Handler = (...args: unknown[]) => Promise<void>;

/** A profile name passed as an argument: a tree node `{ type: 'profile', name }` or a string. */
function profileArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && (arg as { type?: unknown }).type === 'profile') return (arg as { name: string }).name;
  return undefined;
}

/** The profile of an "EC2 Instances" node or of an item under it (tree nodes), or a profile name. */
function ec2ProfileArg(arg: unknown): string | undefined {
  if (arg && typeof arg === 'object') {
    const node = arg as { type?: unknown; profile?: unknown; view?: { profile?: unknown } };
    if (node.type === 'ec2' && typeof node.profile === 'string') return node.profile;
    if (node.type === 'ec2Item' && typeof node.view?.profile === 'string') return node.view.profile;
  }
  return profileArg(arg);
}

/** The profile of an item under a profile with IAM user keys (tree node `{ type: 'keyItem', view }`), or a profile. */
function keyProfileArg(arg: unknown): string | undefined {
  if (arg && typeof arg === 'object' && (arg as { type?: unknown }).type === 'keyItem') {
    const profile = (arg as { view?: { profile?: unknown } }).view?.profile;
    if (typeof profile === 'string') return profile;
  }
  return profileArg(arg);
}

/** The instance of an item under an "EC2 Instances" node (tree node `{ type: 'ec2Item', view }`). */
function instanceArg(arg: unknown): InstanceItemView | undefined {
  if (!arg || typeof arg !== 'object' || (arg as { type?: unknown }).type !== 'ec2Item') return undefined;
  const view = (arg as { view?: InstanceItemView }).view;
  return typeof view?.instanceId === 'string' ? view : undefined;
}

/**
 * Opens a URL in the browser exactly as written. A vscode.Uri decodes its query and VS Code encodes
 * it again on the way to the browser, which mangles a URL inside a parameter (the sign-in's
 * Destination arrived as `…/home%3Fregion=…`). The extension host's openExternal also takes the
 * string itself and then opens that string unchanged (VS Code 1.101 to 1.139 alike).
 */
function openExactly(url: string): Thenable<boolean> {
  return vscode.env.openExternal(url as unknown as vscode.Uri);
}

/** One handler per command, keyed like COMMANDS. */
export function commandHandlers(deps: CommandDeps): Record<CommandName, Handler> {
  const { catalog, credentials, active, session, terminals, instances, log } = deps;

  /** The profile a command acts on: its argument, else the user picks (usable profiles only). */
  // aws login (issue 24): the profiles that name a login_session themselves, and what a sign-in or sign-out changes.
  const isLoginBase = (name: string) => catalog.snapshot.analysis.plans.get(name)?.chain.length === 1 && loginSessionOf(catalog.snapshot.analysis.plans.get(name)) !== undefined;
  const loginDeps = (): LoginCommandDeps => ({
    catalog,
    ...deps.login,
    clock: deps.clock,
    log,
    afterChange: async (names) => {
      for (const name of names) {
        await credentials.clear(name);
        terminals.clear(name);
      }
      if (active.name !== undefined) await session.resync(false);
    },
  });
  const profileFor = async (arg: unknown, title: string, filter?: (name: string, usable: boolean) => boolean): Promise<string> => {
    const given = profileArg(arg);
    const { analysis } = await catalog.ready();
    if (given !== undefined) {
      if (!analysis.model.profiles.has(given)) throw new UserError(vscode.l10n.t('There is no profile "{0}" in the AWS files any more.', given), 'profile.missing');
      return given;
    }
    const name = await pickProfile(catalog, active, credentials, {
      title,
      filter: (n) => {
        const usable = analysis.plans.get(n)?.result === 'ok';
        return filter ? filter(n, usable) : usable;
      },
    });
    return name!;
  };
  /** The profile whose EC2 node a command acts on: the node's, else the user picks among profiles holding credentials. */
  const ec2ProfileFor = (arg: unknown, title: string) =>
    profileFor(ec2ProfileArg(arg), title, (n, usable) => usable && credentials.status(n) !== undefined);
  const regionOf = (name: string) => profileFacts(catalog.snapshot.analysis, name)?.region;
  const until = (expiresAt: number | null) =>
    expiresAt === null ? vscode.l10n.t('long-term keys') : `until ${new Date(expiresAt).toLocaleTimeString()} (${formatRemaining(expiresAt - deps.clock.now(), 'long')})`;

  /** With no IAM Identity Center session in the files (a new user's welcome view), one is added first (dist/feature-setup.js). */
  const sessionFirst = async (arg: unknown) => {
    const { analysis } = await catalog.ready();
    if (arg === undefined && sessionsOf(analysis.model).length === 0) await loadSetupFeature().addSsoSession(deps.setup);
  };

  const openFile = async (path: string, line?: number) => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
    const at = line === undefined ? undefined : new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(doc, at ? { selection: new vscode.Range(at, at) } : {});
  };

  return {
    selectProfile: async (arg) => {
      const given = profileArg(arg);
      const name = given ?? (await pickProfile(catalog, active, credentials, { title: vscode.l10n.t('Select Active Profile'), includeNone: true }));
      if (name !== undefined && !(await deps.guard.confirm(name, 'select'))) return;
      await session.select(name);
    },

    setActiveProfile: async (arg) => {
      const name = await profileFor(arg, vscode.l10n.t('Set as Active Profile'));
      if (!(await deps.guard.confirm(name, 'select'))) return;
      await session.select(name);
    },

    assumeRole: async (arg) => {
      const name = await profileFor(arg, vscode.l10n.t('Assume Role'), (n, usable) => usable && catalog.snapshot.analysis.plans.get(n)!.chain[0]?.kind === 'assume_role');
      await active.touch(name);
      terminals.allow(name);
      const held = await credentials.get(name, { interactive: true, forceRefresh: true });
      const plan = catalog.snapshot.analysis.plans.get(name);
      log.info(`Assumed profile "${name}" through ${plan ? chainSummary(plan.chain) : name}, ${until(held.expiresAt)}.`);
      if (name === active.name) await session.resync(false);
      void vscode.window.showInformationMessage(vscode.l10n.t('Profile "{0}" has credentials {1}{2}.', name, until(held.expiresAt), held.identity ? ` as ${held.identity.arn}` : ''));
    },

    refreshCredentials: async (arg) => {
      const name = profileArg(arg) ?? active.name ?? (await profileFor(undefined, vscode.l10n.t('Refresh Credentials')));
      const held = await credentials.get(name, { interactive: true, forceRefresh: true });
      log.info(`Refreshed profile "${name}": credentials ${until(held.expiresAt)}.`);
      if (name === active.name) await session.resync(true);
    },

    openTerminal: async (arg) => {
      const name = await profileFor(arg, vscode.l10n.t('Open Terminal with Profile'));
      if (!(await deps.guard.confirm(name, 'terminal'))) return;
      await active.touch(name);
      terminals.allow(name);
      const terminal = await terminals.openTerminal(name);
      terminal.show();
    },

    copyEnvironment: async (arg) => {
      const name = await profileFor(arg, vscode.l10n.t('Copy Environment Exports'));
      const guess = shellKindOf(vscode.env.shell);
      const labels = SHELL_LABELS();
      const shells = (Object.keys(labels) as ShellKind[]).sort((a, b) => Number(b === guess) - Number(a === guess));
      const shell = await vscode.window.showQuickPick(
        shells.map((k) => ({ label: labels[k], shell: k })),
        { title: vscode.l10n.t('Copy Environment Exports for "{0}"', name), placeHolder: vscode.l10n.t('Your shell') },
      );
      if (shell === undefined) throw new CancelledError();
      await active.touch(name);
      const held = await credentials.get(name, { interactive: true });
      await vscode.env.clipboard.writeText(formatExports(environmentFor(held.credentials, regionOf(name)), shell.shell));
      log.info(`Copied the environment exports of profile "${name}" (${shell.shell}).`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied the exports of "{0}" for {1}: credentials {2}.', name, shell.label, until(held.expiresAt)));
    },

    showCallerIdentity: async (arg) => {
      const name = await profileFor(arg, vscode.l10n.t('Show Caller Identity'));
      const id = await credentials.callerIdentity(name);
      log.info(`Caller identity of "${name}": account ${id.account}, ${id.arn}.`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Profile "{0}" acts as {1} (account {2}, user id {3}).', name, id.arn, id.account, id.userId));
    },

    openConsole: async (arg) => {
      const name = await profileFor(arg, vscode.l10n.t('Open Console as Profile'));
      await active.touch(name);
      const signIn = new ConsoleSignIn({
        profiles: () => catalog.snapshot.analysis,
        env: process.env,
        credentials,
        logger: log,
        clock: deps.clock,
      });
      const signed = await notificationProgress(vscode.l10n.t('Signing in to the AWS console as "{0}"…', name), (signal) => signIn.signInUrl(name, signal));
      // The URL signs a browser in: it goes to the browser only, never to the log or a message.
      const opened = await openExactly(signed.url);
      const length = signed.sessionSeconds === undefined ? '' : vscode.l10n.t(', a console session of up to {0} hour(s)', signed.sessionSeconds / 3600);
      log.info(opened ? `Opened the AWS console of ${signed.region} as profile "${name}"${signed.identity ? ` (${signed.identity})` : ''}${length}.` : `The AWS console sign-in of profile "${name}" was not opened.`);
    },

    clearCredentials: async (arg) => {
      const name = await profileFor(arg, vscode.l10n.t('Clear Credentials'), (n) => credentials.status(n) !== undefined);
      await credentials.clear(name);
      terminals.clear(name);
      log.info(`Cleared the stored credentials of profile "${name}"; its terminals get none from this window until it is used again.`);
      if (name === active.name) await session.resync(false);
    },

    clearAllCredentials: async () => {
      const clear = vscode.l10n.t('Clear All');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Clear every credential AWS Profiles holds, in every window?'),
        { modal: true, detail: vscode.l10n.t('Role sessions and MFA sessions are forgotten: the next use of a profile assumes its role again, and an MFA code is asked again. Your AWS files are not changed.') },
        clear,
      );
      if (answer !== clear) return;
      await credentials.clearAll();
      terminals.clear(undefined);
      log.info("Cleared every stored credential of AWS Profiles; this window's terminals get none until a profile is used again.");
      await session.resync(false);
      void vscode.window.showInformationMessage(vscode.l10n.t('AWS Profiles holds no credentials any more.'));
    },

    openConfig: async () => {
      const { paths } = await catalog.ready();
      await openFile(paths.config);
    },

    openDefinition: async (arg) => {
      const { analysis, paths } = await catalog.ready();
      let at: Location | undefined;
      if (arg && typeof arg === 'object' && 'file' in arg && 'line' in arg) at = arg as Location;
      else {
        const node = arg as { type?: string; profile?: string; name?: string; diagnostic?: Location } | undefined;
        if (node?.type === 'problem' && node.diagnostic) at = node.diagnostic;
        const name = node?.type === 'hop' ? node.profile : profileArg(arg);
        const entry = name === undefined ? undefined : analysis.model.profiles.get(name);
        const section = entry?.config ?? entry?.credentials;
        if (section) at = { file: section.file, line: section.line };
      }
      if (at === undefined) throw new UserError(vscode.l10n.t('There is nothing to open for this item.'), 'open.nothing');
      await openFile(paths[at.file], at.line);
    },

    moveKeysToCredentials: async (uri, line) => {
      if (!(uri instanceof vscode.Uri) || typeof line !== 'number') throw new UserError(vscode.l10n.t('Move Keys to the Credentials File is the quick fix of keys in the config file: use it from the light bulb there.'), 'editor.moveKeys');
      await deps.editors.moveKeysToCredentials(uri, line);
    },

    reload: async () => {
      await catalog.reload();
    },

    forgetDebugProfiles: async () => {
      const allowed = deps.workspaceState.get<unknown>(ALLOWED_PROFILES_KEY);
      const names = Array.isArray(allowed) ? allowed.filter((p): p is string => typeof p === 'string') : [];
      await deps.workspaceState.update(ALLOWED_PROFILES_KEY, undefined);
      const message = names.length === 0 ? vscode.l10n.t('This workspace\'s launch configurations were allowed no profile.') : vscode.l10n.t('This workspace\'s launch configurations ask again before acting as {0}.', names.map((n) => `"${n}"`).join(', '));
      log.info(message);
      void vscode.window.showInformationMessage(message);
    },

    ssoSignIn: async (arg) => {
      await sessionFirst(arg);
      const s = await loadSsoFeature().pickSession(catalog, deps.sso.tokens, vscode.l10n.t('Sign In to IAM Identity Center'), arg);
      await deps.sso.tokens.signIn(s);
      const until = deps.sso.tokens.expiresAt(s);
      void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to IAM Identity Center ({0}){1}.', describeSession(s), until ? ` until ${new Date(until).toLocaleTimeString()}` : ''));
    },

    ssoSignOut: async (arg) => {
      const s = await loadSsoFeature().pickSession(catalog, deps.sso.tokens, vscode.l10n.t('Sign Out of IAM Identity Center'), arg, (x) => deps.sso.tokens.isSignedIn(x));
      await deps.sso.tokens.signOut(s);
      // The role credentials of the session's profiles go too: signing out means these profiles act as nobody.
      const { analysis } = catalog.snapshot;
      for (const [name, plan] of analysis.plans) {
        const base = plan.chain[plan.chain.length - 1];
        if (base?.kind !== 'sso' || (s.name !== null ? base.sso_session !== s.name : base.sso_start_url !== s.startUrl)) continue;
        if (credentials.status(name) === undefined) continue;
        await credentials.clear(name);
        terminals.clear(name);
      }
      if (active.name !== undefined) await session.resync(false);
      void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of IAM Identity Center ({0}).', describeSession(s)));
    },

    addSsoProfiles: async (arg) => {
      await sessionFirst(arg);
      await loadSsoFeature().addSsoProfiles(deps.sso, arg);
    },

    changeEc2Region: async (arg) => {
      const name = await ec2ProfileFor(arg, vscode.l10n.t('Change Region'));
      const { region } = await pickRegion(name, instances.regionOverride(name), regionOf(name));
      await instances.setRegion(name, region);
      log.info(`EC2 instances of profile "${name}": ${region === undefined ? "the profile's region" : `region ${region}`}.`);
    },

    refreshEc2Instances: async (arg) => {
      await instances.refresh(await ec2ProfileFor(arg, vscode.l10n.t('Refresh EC2 Instances')));
    },

    loadMoreEc2Instances: async (arg) => {
      await instances.loadMore(await ec2ProfileFor(arg, vscode.l10n.t('Load More Instances')));
    },

    addUserKeys: (arg) => loadSetupFeature().addUserKeys(deps.setup, arg),
    addRoleProfile: (arg) => loadSetupFeature().addRoleProfile(deps.setup, arg),
    editProfile: (arg) => loadSetupFeature().editProfile(deps.setup, arg),
    renameProfile: (arg) => loadSetupFeature().renameProfile(deps.setup, arg),
    deleteProfile: (arg) => loadSetupFeature().deleteProfile(deps.setup, arg),
    signInWithConsoleCredentials: async (arg) => {
      await signInWithConsoleCredentials(loginDeps(), await profileFor(arg, vscode.l10n.t('Sign In with Console Credentials'), isLoginBase));
    },

    signOutOfConsoleCredentials: async (arg) => {
      await signOutOfConsoleCredentials(loginDeps(), await profileFor(arg, vscode.l10n.t('Sign Out of Console Credentials'), isLoginBase));
    },

    replaceKeysWithConsoleSignIn: async (arg) => {
      const isKey = (n: string) => longTermKeyOf(catalog.snapshot.analysis.model, catalog.snapshot.analysis.plans.get(n), n) !== undefined;
      const name = await profileFor(keyProfileArg(arg), vscode.l10n.t('Replace Access Keys with Console Sign-In'), (n, usable) => usable && isKey(n));
      await replaceKeysWithConsoleSignIn(
        {
          ...loginDeps(),
          callerIdentity: (p) => credentials.callerIdentity(p),
          reload: async () => {
            await catalog.reload();
          },
          writeFile: replaceAwsFile,
          retireKey: async (profile, keyId) => {
            const masked = maskKeyId(keyId);
            const deactivate = vscode.l10n.t('Deactivate');
            const asked = vscode.l10n.t('Deactivate the old access key {0} in IAM now? AWS Profiles no longer uses it; another tool or machine may.', masked);
            if ((await vscode.window.showWarningMessage(asked, deactivate)) !== deactivate) return;
            const { model } = catalog.snapshot.analysis;
            const target = resolveIamTarget(model.profiles.get(profile)?.values ?? {}, model.services, deps.login.env);
            if ('problem' in target) throw new UserError(target.problem, 'iam.endpoint');
            const caller = (await credentials.get(profile)).credentials;
            const gateway = loadIamKeysSdk().createAccessKeysGateway({ maxAttempts: 2 });
            const iam = (what: string) => (e: unknown) => {
              throw loadErrorSentences().translateIamError(e, { profile, what, endpoint: target.endpoint });
            };
            await gateway.updateAccessKey(target, caller, keyId, 'Inactive').catch(iam(vscode.l10n.t('deactivate the access key {0}', masked)));
            log.info(`Deactivated the access key ${masked} in IAM (profile "${profile}" signs in with console credentials now).`);
            const use = await gateway.accessKeyLastUsed(target, caller, keyId).catch(() => undefined);
            const last = use?.lastUsedAt
              ? vscode.l10n.t('last used {0} ({1}, {2})', new Date(use.lastUsedAt).toLocaleString(), use.service ?? '?', use.region ?? '?')
              : vscode.l10n.t('never used');
            const remove = vscode.l10n.t('Delete');
            const confirm = vscode.l10n.t('The old access key {0} is inactive ({1}). Delete it for good, once nothing else uses it?', masked, last);
            if ((await vscode.window.showWarningMessage(confirm, { modal: true }, remove)) !== remove) return;
            await gateway.deleteAccessKey(target, caller, keyId).catch(iam(vscode.l10n.t('delete the access key {0}', masked)));
            log.info(`Deleted the access key ${masked} in IAM.`);
          },
        },
        name,
      );
    },

    rotateAccessKeys: async (arg) => {
      const isKey = (n: string) => longTermKeyOf(catalog.snapshot.analysis.model, catalog.snapshot.analysis.plans.get(n), n) !== undefined;
      const name = await profileFor(keyProfileArg(arg), vscode.l10n.t('Rotate Access Keys'), (n, usable) => usable && isKey(n));
      if (!isKey(name)) throw new UserError(vscode.l10n.t('Profile "{0}" does not use long-term IAM user keys: there is no access key to rotate.', name), 'keys.notKeys');
      const feature = loadKeysFeature();
      const config = () => vscode.workspace.getConfiguration(SETTINGS_SECTION);
      const result = await notificationProgress(vscode.l10n.t('Rotating the access key of AWS profile "{0}"…', name), (signal) =>
        feature.rotateAccessKey(
          {
            ...deps.keys.iam,
            credentials,
            paths: () => catalog.snapshot.paths,
            reload: async () => {
              await catalog.reload();
            },
            ui: feature.createRotationUi(() => deps.clock.now()),
            deleteAfterRotate: () => (config().get<string>('keys.deleteAfterRotate', SETTINGS.keysDeleteAfterRotate.default) === 'never' ? 'never' : 'immediately'),
          },
          name,
          signal,
        ),
      );
      for (const p of result.profiles) void deps.keys.nodes.refresh(p);
      if (active.name !== undefined) await session.resync(false);
      const who = result.profiles.map((p) => `"${p}"`).join(', ');
      const fate = result.deleted ? vscode.l10n.t('deactivated and deleted') : result.deactivated ? vscode.l10n.t('deactivated') : vscode.l10n.t('still active');
      const message = vscode.l10n.t('Rotated the access key of {0}: {1} replaces {2}, which is {3}.', who, maskKeyId(result.newKeyId), maskKeyId(result.oldKeyId), fate);
      log.info(message);
      if (result.warning) void vscode.window.showWarningMessage(`${message} ${result.warning}`);
      else void vscode.window.showInformationMessage(message);
    },

    refreshAccessKeys: async (arg) => {
      const name = keyProfileArg(arg) ?? (await profileFor(undefined, vscode.l10n.t('Refresh')));
      await deps.keys.nodes.refresh(name);
    },

    copyInstanceId: async (arg) => {
      const view = instanceArg(arg);
      if (view === undefined) throw new UserError(vscode.l10n.t('Copy Instance Id copies the id of an instance under "EC2 Instances" in the Profiles view: use it there.'), 'ec2.noInstance');
      await vscode.env.clipboard.writeText(view.instanceId!);
      log.info(`Copied instance id ${view.instanceId} (profile "${view.profile}").`);
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied {0}', String(view.instanceId)), 3_000);
    },
  };
}
