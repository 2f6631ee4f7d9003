import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { CredentialEngine, type CredentialEngineOptions } from './credentials/credentialEngine';
import { systemTimer } from './credentials/refreshScheduler';
import { loadIamSdk, loadSsoSdk } from './aws/sdkLoader';
import type { IamGateway } from './aws/iam/iamGateway';
import { ssoEndpoint } from './aws/sso/ssoEndpoints';
import type { SsoGateway } from './aws/sso/ssoGateway';
import type { SsoSession } from './core/sso/ssoSession';
import { SSO, SSO_OIDC } from './core/endpoints/serviceEndpoint';
import { InstanceLister } from './ec2/instanceLister';
import { lazyHandlers, loadCommandsFeature } from './commands/lazyCommands';
import { registerCommands } from './commands/registerCommands';
import type { Clock, SecretStore, StateStore } from './core/credentials/credentials';
import { UserError } from './core/common/errors';
import { overlaySource } from './core/terminal/copyHeader';
import { withoutOwnVariables } from './core/terminal/inheritedEnv';
import { InstanceNodes } from './ec2/instanceNodes';
import { ActiveProfile } from './profiles/activeProfile';
import { ActiveSession } from './active/activeSession';
import { CAN_SIGN_CONTEXT, LOADED_CONTEXT, NO_FILES_CONTEXT, NO_PROFILES_CONTEXT, PROFILES_VIEW_ID, SETTINGS, SETTINGS_SECTION } from './base/contributions';
import type { DebugCredentials } from './debug/debugCredentials';
import { LAUNCH_JSON } from './debug/launchCompletion';
import { createMfaPrompt } from './workbench/mfaPrompt';
import { ProfileCatalog } from './profiles/profileCatalog';
import { ProfileTree } from './profiles/profileTree';
import { loadDebugFeature } from './debug/lazyDebug';
import { cliTokenCacheFolder, LazySsoTokens } from './sso/lazySso';
import { FixDocuments } from './setup/fixDocuments';
import { loadSetupFeature } from './setup/lazySetup';
import type { SetupDeps } from './setup/setupDeps';
import { notificationProgress } from './workbench/progress';
import { StatusBar } from './active/statusBar';
import { TerminalCredentials } from './terminals/terminalCredentials';
import { LazyGuard } from './guard/lazyGuard';
import { AccountNames } from './profiles/accountNames';
import { profileFacts } from './profiles/profileFacts';
import { lockFolder } from './base/lockFile';
import { AwsEditors } from './editor/lazyEditor';
import { LazyKeyNodes } from './keys/lazyKeys';
import type { KeyIamDeps } from './keys/keyInspector';

/** The credentials engine's settings, from the VS Code settings. */
function engineOptions(): CredentialEngineOptions {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    // Not set: no DurationSeconds is sent, as the AWS CLI sends none unless the profile says so.
    defaultDurationSeconds: config.get<number | null>('defaultSessionDuration', SETTINGS.defaultSessionDuration.default) ?? undefined,
    mfaSessionDurationSeconds: config.get<number>('mfaSessionDuration', SETTINGS.mfaSessionDuration.default),
    keepFreshMs: config.get<number>('refresh.keepFreshMinutes', SETTINGS.refreshKeepFreshMinutes.default) * 60_000,
  };
}

/** VS Code's SecretStorage as the credential store's SecretStore. */
function secretStore(secrets: vscode.SecretStorage): SecretStore {
  return {
    get: (key) => Promise.resolve(secrets.get(key)),
    store: (key, value) => Promise.resolve(secrets.store(key, value)),
    delete: (key) => Promise.resolve(secrets.delete(key)),
    onDidChange: (listener) => secrets.onDidChange((e) => listener(e.key)),
  };
}

/** A Memento (workspaceState, globalState) as a StateStore. */
function stateStore(memento: vscode.Memento): StateStore {
  return { get: (key) => memento.get(key), update: (key, value) => Promise.resolve(memento.update(key, value)) };
}

/**
 * Composition root: builds and wires everything. Cheap by design (activation happens at startup,
 * see README "Activation"): the files are read only when the view shows, a command runs or a
 * profile is remembered; the AWS SDK loads on the first credentials request.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  // The sentences of the parts without 'vscode' (@vscode/l10n, one module for every bundle) in the display language.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = vscode.window.createOutputChannel(vscode.l10n.t('AWS Profiles'), { log: true });
  context.subscriptions.push(log);
  const clock: Clock = { now: () => Date.now() };
  // The files and settings as the user has them: what VS Code inherited from one of this extension's terminals is not (F5 of an extension).
  const { env, notes } = withoutOwnVariables(process.env, copySource);
  for (const note of notes) log.info(note);

  const catalog = new ProfileCatalog(log, env, homedir());
  const leaseLocks = lockFolder(join(context.globalStorageUri.fsPath, 'leases'));
  // IAM Identity Center: its SDK clients load on first use (dist/sdk-sso.js), the tokens live in SecretStorage.
  let ssoGateway: SsoGateway | undefined;
  const sso = (): SsoGateway => {
    if (!ssoGateway) {
      const loading = performance.now();
      ssoGateway = loadSsoSdk().createSsoGateway({});
      log.info(`Loaded the AWS IAM Identity Center clients in ${Math.round(performance.now() - loading)} ms.`);
    }
    return ssoGateway;
  };
  const ssoTarget = (service: typeof SSO, session: SsoSession) => ssoEndpoint(service, session, {}, catalog.snapshot.analysis.model.services, env);
  const ssoTokens = new LazySsoTokens({
    secrets: secretStore(context.secrets),
    state: stateStore(context.globalState),
    clock,
    gateway: sso,
    endpoints: (session) => ({ oidc: ssoTarget(SSO_OIDC, session), portal: ssoTarget(SSO, session) }),
    cliCacheDir: () => cliTokenCacheFolder(process.env),
    writeCliCache: () => vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('sso.writeCliCache', SETTINGS.ssoWriteCliCache.default),
    logger: log,
    timer: systemTimer,
    // One window refreshes or signs in a session the others need too.
    locks: leaseLocks,
  });
  context.subscriptions.push({ dispose: () => ssoTokens.dispose() });
  const active = new ActiveProfile(stateStore(context.workspaceState), stateStore(context.globalState));
  // The profiles kept fresh in the background: the active one, then (once terminals exist) theirs too.
  let inUse = (): string[] => (active.name === undefined ? [] : [active.name]);
  const credentials = new CredentialEngine({
    profiles: () => catalog.snapshot.analysis,
    env,
    secrets: secretStore(context.secrets),
    state: stateStore(context.globalState),
    clock,
    mfaPrompt: createMfaPrompt(),
    logger: log,
    options: engineOptions(),
    sso: { tokens: ssoTokens, gateway: sso },
    inUse: () => inUse(),
    progress: notificationProgress,
    // Which window obtains a hop several want at once: lock files shared by this machine's windows.
    locks: leaseLocks,
  });
  // Everything terminals get: the collection, terminals of their own, the copies of the config file, the endpoint (started on first use).
  const terminals = new TerminalCredentials({
    collection: context.environmentVariableCollection,
    catalog,
    credentials,
    inherited: process.env,
    storageDir: context.globalStorageUri.fsPath,
    workspaceState: stateStore(context.workspaceState),
    helperBundle: context.asAbsolutePath('dist/credentialHelper.js'),
    log,
    look: (profile) => guard.terminalLook(profile),
  });
  inUse = () => terminals.profilesInUse();
  const statusBar = new StatusBar();
  const session = new ActiveSession({ catalog, credentials, active, terminals, statusBar, log, clock, guard: (profile) => guard.statusGuard(profile) });
  // Guarded profiles (awsProfiles.guard): their colour, the question before acting as one, their time box, the default profile.
  const accountNames = new AccountNames(stateStore(context.globalState));
  const accountName = (profile: string) => {
    const id = profileFacts(catalog.snapshot.analysis, profile, credentials.status(profile))?.account;
    return id === undefined ? undefined : accountNames.get(id);
  };
  const guard: LazyGuard = new LazyGuard(
    (feature) =>
      new feature.ProfileGuard({
        catalog,
        credentials,
        active,
        session,
        terminals,
        workspaceState: stateStore(context.workspaceState),
        globalState: stateStore(context.globalState),
        clock: feature.guardClock(clock, process.env),
        log,
        accountNames,
      }),
    accountName,
  );
  // EC2 instances under each profile holding credentials; the EC2 SDK loads on the first expand.
  const lister = new InstanceLister({ profiles: () => catalog.snapshot.analysis, env, credentials, progress: notificationProgress });
  const instances = new InstanceNodes(lister, { state: stateStore(context.globalState), logger: log });
  context.subscriptions.push(instances, credentials.onDidChange((p) => instances.credentialsChanged(p)));
  // Long-term keys: under each profile with IAM user keys, what IAM says of the key (dist/feature-keys.js and the IAM SDK, on the first expansion).
  const keyIam: KeyIamDeps = { profiles: () => catalog.snapshot.analysis, env, credentials, clock, logger: log };
  const keys = new LazyKeyNodes({
    iam: keyIam,
    state: stateStore(context.globalState),
    changed: (profile) => tree.refreshProfile(profile),
  });
  context.subscriptions.push(catalog.onDidChange(() => keys.checkAges()));
  const tree = new ProfileTree(catalog, credentials, active, clock, instances, log, (profile) => guard.guardFor(profile), keys);
  const view = vscode.window.createTreeView(PROFILES_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(catalog, { dispose: () => credentials.dispose() }, statusBar, session, terminals, tree, view, guard);
  context.subscriptions.push(
    // The guards changed (or the active guarded profile's time box): the status bar, the view, the terminals' tab hover.
    guard.onDidChange(() => {
      session.render();
      tree.refresh();
      void session.resync(false);
    }),
  );
  // Debug sessions of every type act as a profile as terminals do; launch.json completes "awsProfile" (dist/feature-debug.js, on first use).
  let debugCredentials: DebugCredentials | undefined;
  const debugGuard = { confirm: (profile: string) => guard.confirm(profile, 'debug'), consoleLine: (profile: string, line: string) => guard.consoleLine(profile, line) };
  const debug = () => (debugCredentials ??= new (loadDebugFeature().DebugCredentials)({ catalog, active, terminals, workspaceState: stateStore(context.workspaceState), log, guard: debugGuard }));
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider('*', { resolveDebugConfigurationWithSubstitutedVariables: (folder, config) => debug().resolveDebugConfigurationWithSubstitutedVariables(folder, config) }),
    vscode.languages.registerCompletionItemProvider(LAUNCH_JSON, { provideCompletionItems: (document, position) => loadDebugFeature().launchCompletionItems(catalog, document, position) }, '"', ' '),
    { dispose: () => debugCredentials?.dispose() },
  );
  // Once per window: credentials then live in memory only (the sentence says what still works).
  context.subscriptions.push(credentials.onStorageFailure((message) => void vscode.window.showWarningMessage(message)));
  context.subscriptions.push(
    // Timers stand still while the computer sleeps: coming back to the window looks at expiry again.
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) credentials.recheck();
    }),
    // "Clear All Credentials" in another window: this one's terminals get nothing until a profile is used again, as there.
    credentials.onDidClearAll(() => {
      terminals.clear(undefined);
      log.info("Another window cleared every stored credential: this window's terminals get none until a profile is used again.");
      void session.resync(false);
    }),
  );

  // The AWS files as languages: completion, hovers, problems as you type, quick fixes, lenses (dist/feature-editor.js, loaded when the first is opened).
  const editors = new AwsEditors({ catalog, log });
  context.subscriptions.push(editors);

  // Setting up profiles (dist/feature-setup.js, on first use): the add, edit, rename and delete
  // commands, and "How to Fix…" for every AssumeRole AWS refuses, whoever asked.
  const fixes = new FixDocuments();
  let iamGateway: IamGateway | undefined;
  const setup: SetupDeps = {
    catalog,
    credentials,
    active,
    log,
    clock,
    env,
    iam: () => (iamGateway ??= loadIamSdk().createIamGateway({})),
    fixes,
    activeRenamed: async (name) => {
      if (name !== undefined) terminals.allow(name);
      await active.set(name);
      await session.resync(false);
    },
  };
  context.subscriptions.push(fixes, fixes.register(), credentials.onAssumeDenied((e) => void loadSetupFeature().reportAssumeDenied(setup, e)));

  const commandDeps = { editors, catalog, credentials, active, session, terminals, instances, log, clock, guard, keys: { nodes: keys, iam: keyIam }, login: { secrets: secretStore(context.secrets), env }, workspaceState: stateStore(context.workspaceState), sso: { catalog, tokens: ssoTokens, gateway: sso, portal: (s: SsoSession) => ssoTarget(SSO, s), log, accountNames }, setup };
  context.subscriptions.push(
    catalog.onDidChange(() => {
      const { analysis, hasFiles } = catalog.snapshot;
      void vscode.commands.executeCommand('setContext', NO_FILES_CONTEXT, !hasFiles);
      void vscode.commands.executeCommand('setContext', NO_PROFILES_CONTEXT, analysis.model.profiles.size === 0);
      void vscode.commands.executeCommand('setContext', CAN_SIGN_CONTEXT, [...analysis.plans.values()].some((p) => p.result === 'ok'));
      void vscode.commands.executeCommand('setContext', LOADED_CONTEXT, true);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if ([SETTINGS.defaultSessionDuration, SETTINGS.mfaSessionDuration, SETTINGS.refreshKeepFreshMinutes].some((s) => e.affectsConfiguration(s.key))) credentials.setOptions(engineOptions());
      if (e.affectsConfiguration(SETTINGS.terminalCredentials.key) || e.affectsConfiguration(SETTINGS.terminalProfileFlag.key)) {
        log.info('The terminal settings changed: new terminals get credentials accordingly.');
        void session.resync(false);
      }
    }),
    ...registerCommands(lazyHandlers(() => loadCommandsFeature().commandHandlers(commandDeps)), log),
    // "AWS Profiles: Active Profile" in the terminal's profile list: a terminal of its own that keeps the active profile (see README "Terminals").
    vscode.window.registerTerminalProfileProvider('awsProfiles.terminal', {
      async provideTerminalProfile() {
        const name = active.name;
        if (name === undefined) throw new UserError(vscode.l10n.t('No AWS profile is active: select one with "AWS Profiles: Select Active Profile…".'), 'terminal.noProfile');
        await catalog.ready();
        if (!(await guard.confirm(name, 'terminal'))) throw new UserError(vscode.l10n.t('No terminal was opened: acting as the guarded profile "{0}" was not confirmed.', name), 'guard.notConfirmed');
        return terminals.terminalProfile(name);
      },
    }),
  );

  // The profile the window starts with (awsProfiles.defaultProfile, a guarded one's period), then its credentials for terminals.
  void guard
    .start()
    .catch((e: Error) => log.warn(`Choosing the profile this window starts with failed: ${e.message}`))
    .finally(() => session.start());
  log.info(`activated in ${Math.round(performance.now() - started)} ms`);
}

/** The file a copy of the config file was made from, from its marker section (undefined when it cannot be read). */
function copySource(copy: string): string | undefined {
  try {
    return overlaySource(readFileSync(copy));
  } catch {
    return undefined;
  }
}

/** Nothing to do: everything is disposed through context.subscriptions. */
export function deactivate(): void {}
