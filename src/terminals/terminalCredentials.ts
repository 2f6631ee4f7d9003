import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CredentialEndpoint } from './credentialEndpoint';
import type { CredentialService, HeldCredentials, StateStore } from '../core/credentials/credentials';
import { UserError } from '../core/common/errors';
import type { ProfileFlagMode } from '../core/terminal/configOverlay';
import { environmentFor, filesNamedBySettings, strictEnvironment, terminalCollection, type EnvironmentChange } from '../core/terminal/envExport';
import { helperEnvironment } from '../core/terminal/helperEnv';
import { commandLine, TERMINAL_VARIABLE, type HelperRequest } from '../core/terminal/helperProtocol';
import { COMMANDS, SETTINGS_SECTION } from '../base/contributions';
import type { Catalog, ProfileCatalog } from '../profiles/profileCatalog';
import { loadTerminalSupport } from './lazyTerminalSupport';
import { displayPath, profileFacts } from '../profiles/profileFacts';

/** How terminals get their credentials: through the helper and the window's endpoint, or keys in the environment. */
export type TerminalCredentialsMode = 'environment' | 'endpoint';

/** Lifetime every helper answer asks the engine for (botocore refreshes process credentials 15 minutes before expiry), at most half a session. */
const HELPER_MIN_LIFETIME_MS = 15 * 60_000;

/** workspaceState key of the window's endpoint name: the same across reloads, so that surviving terminals find it. */
const WINDOW_KEY = 'awsProfiles.endpointKey.v1';

/** The settings of terminals, read when needed. */
function terminalSettings(): { mode: TerminalCredentialsMode; profileFlag: ProfileFlagMode } {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    mode: config.get<string>('terminal.credentials') === 'environment' ? 'environment' : 'endpoint',
    profileFlag: config.get<string>('terminal.profileFlag') === 'extension' ? 'extension' : 'cli',
  };
}

/** Where and how the extension's terminals get credentials (built in activate()). */
export interface TerminalCredentialsOptions {
  collection: vscode.GlobalEnvironmentVariableCollection;
  catalog: ProfileCatalog;
  credentials: CredentialService;
  /** The environment terminals inherit (the extension host's own). */
  inherited: Readonly<Record<string, string | undefined>>;
  /** The extension's global storage folder: the copies of the config file and the installed helper. */
  storageDir: string;
  /** This window's workspace state: the endpoint's name. */
  workspaceState: StateStore;
  /** dist/credentialHelper.js of the installed extension. */
  helperBundle: string;
  log: vscode.LogOutputChannel;
}

/** A copy of the config file as written for a profile's terminals. */
interface WrittenOverlay {
  path: string;
  marker: string;
  bytes: Uint8Array;
  served: { keys: string[]; profiles: string[] };
}

/**
 * The one owner of everything terminals get from the extension: the window's environment variable
 * collection (the active profile's terminals), the extension's own terminals, the copies of the
 * config file they read, the installed helper and the window's endpoint that answers it. Every
 * change goes through one queue and ends in the same place: the collection holds what the current
 * state asks for, nothing restored from a snapshot.
 */
export class TerminalCredentials implements vscode.Disposable {
  private active: string | undefined;
  private readonly own = new Map<string, { profile: string; terminal?: vscode.Terminal }>();
  private readonly cleared = new Set<string>();
  private readonly overlays = new Map<string, WrittenOverlay>();
  private readonly fallbacks = new Map<string, string>();
  /** The window's endpoint, made (with the rest of dist/feature-terminals.js) when a terminal first needs it. */
  private endpoint: CredentialEndpoint | undefined;
  private listening: Promise<string> | undefined;
  private helper: Promise<string[]> | undefined;
  private applied = '';
  /** What the collection should hold; held back while a terminal of its own starts (see suspend). */
  private desired: { values: Record<string, string> | undefined; what: { profile: string; how: string } | undefined } = { values: undefined, what: undefined };
  private suspensions = 0;
  /** Suspensions held for terminal profiles until VS Code has started their terminal: id → release. */
  private readonly starting = new Map<string, () => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private notifiedForeign = false;
  private watcher: vscode.Disposable | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly o: TerminalCredentialsOptions) {
    o.collection.persistent = false;
    this.subscriptions.push(
      vscode.window.onDidCloseTerminal((t) => {
        for (const [id, entry] of this.own) {
          if (entry.terminal === t || (t.creationOptions as vscode.TerminalOptions).env?.[TERMINAL_VARIABLE] === id) this.own.delete(id);
        }
      }),
      vscode.window.onDidOpenTerminal((t) => {
        const id = (t.creationOptions as vscode.TerminalOptions).env?.[TERMINAL_VARIABLE];
        const entry = id ? this.own.get(id) : undefined;
        if (entry) entry.terminal = t;
        const release = id ? this.starting.get(id) : undefined;
        if (release) void started(t).then(release);
      }),
      o.catalog.onDidChange(() => void this.serialize(() => this.refreshOverlays())),
    );
  }

  /**
   * Gives the window's new terminals (the collection) a profile, or nothing. Through the helper in
   * endpoint mode; keys in the environment otherwise, or where no copy of the config file can work
   * (then the log says why). In environment mode it needs the credentials: `interactive` says
   * whether an MFA code may be asked; errors are the engine's.
   */
  useActive(profile: string | undefined, interactive: boolean): Promise<void> {
    return this.serialize(async () => {
      this.active = profile;
      if (profile === undefined) return this.put(undefined, undefined);
      try {
        const helper = await this.helperTerminal(profile);
        if (helper) {
          const values = terminalCollection(helper.change, helper.overlay.marker, this.o.inherited);
          return this.put(values, { profile, how: `AWS_PROFILE=${helper.overlay.marker}, credentials from this window` });
        }
        const held = await this.o.credentials.get(profile, { interactive });
        this.put(terminalCollection(this.keysChange(profile, held), profile, this.o.inherited), { profile, how: 'keys in the environment, until they expire' });
      } catch (e) {
        this.put(undefined, undefined);
        throw e;
      }
    });
  }

  /** Opens a terminal of its own for a profile, named after it, that keeps that profile while it is open. */
  async openTerminal(profile: string): Promise<vscode.Terminal> {
    const held = await this.o.credentials.get(profile, { interactive: true });
    return this.serialize(async () => {
      const { options, id } = await this.ownTerminalOptions(profile, held);
      const release = this.suspend();
      try {
        const terminal = vscode.window.createTerminal(options);
        const entry = this.own.get(id);
        if (entry) entry.terminal = terminal;
        await started(terminal);
        this.o.log.info(`Opened a terminal for profile "${profile}"${entry ? ' served by this window' : ' with its keys in the environment'}.`);
        return terminal;
      } finally {
        release();
      }
    });
  }

  /** The "AWS Profiles: Active Profile" terminal profile: a terminal of its own for the active profile. */
  async terminalProfile(profile: string): Promise<vscode.TerminalProfile> {
    const held = await this.o.credentials.get(profile, { interactive: true });
    return this.serialize(async () => {
      const { options, id } = await this.ownTerminalOptions(profile, held);
      // VS Code starts this terminal after we return: the suspension ends once it has (onDidOpenTerminal), or after a while.
      const release = this.suspend();
      const once = () => {
        if (this.starting.delete(id)) release();
      };
      this.starting.set(id, once);
      setTimeout(once, START_TIMEOUT_MS);
      return new vscode.TerminalProfile(options);
    });
  }

  /**
   * The variables of a debug session that acts as `profile`: those a terminal of its own gets (the
   * helper and this window's endpoint, or keys in environment mode, where an MFA code may be asked).
   * While the session runs the profile counts as in use; `release` when it ends.
   */
  async debugSession(profile: string): Promise<{ values: Record<string, string>; how: string; release: () => void }> {
    this.allow(profile);
    const id = randomBytes(6).toString('hex');
    const helper = await this.serialize(async () => {
      const served = await this.helperTerminal(profile, id);
      if (served) this.own.set(id, { profile });
      return served;
    });
    if (helper) {
      return { values: terminalCollection(helper.change, helper.overlay.marker, this.o.inherited), how: 'credentials from this window', release: () => this.own.delete(id) };
    }
    const held = await this.o.credentials.get(profile, { interactive: true });
    return { values: terminalCollection(this.keysChange(profile, held), profile, this.o.inherited), how: 'keys in the environment, until they expire', release: () => undefined };
  }

  /** The profiles this window's terminals act as: the active profile's (the collection) and those of terminals of their own still open. */
  profilesInUse(): string[] {
    const profiles = new Set<string>();
    if (this.active !== undefined) profiles.add(this.active);
    for (const { profile } of this.own.values()) profiles.add(profile);
    return [...profiles];
  }

  /** The profile's credentials were cleared: its terminals are refused until it is used again (allow). */
  clear(profile: string | undefined): void {
    if (profile !== undefined) {
      this.cleared.add(profile);
      return;
    }
    for (const name of this.o.catalog.snapshot.analysis.model.profiles.keys()) this.cleared.add(name);
  }

  /** The profile is in use again (selected, assumed, a terminal opened with it). */
  allow(profile: string): void {
    this.cleared.delete(profile);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    void this.endpoint?.dispose();
  }

  /** Runs changes one at a time; a failure does not block the next. */
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** New terminals should act as `what.profile` with `values` (undefined: nothing); applied at once unless suspended, logged when it changes. */
  private put(values: Record<string, string> | undefined, what: { profile: string; how: string } | undefined): void {
    this.desired = { values, what };
    if (this.suspensions === 0) this.apply();
  }

  private apply(): void {
    const { values, what } = this.desired;
    const key = values === undefined ? '' : JSON.stringify(values);
    if (key === this.applied) return;
    this.o.collection.clear();
    for (const [name, value] of Object.entries(values ?? {})) this.o.collection.replace(name, value);
    this.o.collection.description = what && new vscode.MarkdownString(`AWS credentials of profile **${md(what.profile)}** (${md(what.how)})`);
    this.applied = key;
    this.o.log.info(what ? `New terminals act as profile "${what.profile}" (${what.how}).` : 'New terminals get no AWS credentials from this window.');
  }

  /**
   * Empties the collection while a terminal of its own starts: VS Code applies the window's
   * collection on top of every new terminal, `strictEnv` ones included (seen in code-server 1.100),
   * which would give it the active profile. On release the collection gets what is desired then
   * (changes meanwhile are kept, never a snapshot). A terminal that something else starts in that
   * moment gets no credentials from the extension.
   */
  private suspend(): () => void {
    if (this.suspensions++ === 0 && this.applied !== '') {
      this.o.collection.clear();
      this.applied = '\0suspended';
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.suspensions === 0) this.apply();
    };
  }

  /** Options of a terminal of its own (served by the helper, or with keys), with the id it carries in TERMINAL_VARIABLE. */
  private async ownTerminalOptions(profile: string, held: HeldCredentials): Promise<{ options: vscode.TerminalOptions; id: string }> {
    const base = this.terminalBase();
    const common = { name: `AWS: ${profile}`, iconPath: new vscode.ThemeIcon('key'), strictEnv: true, isTransient: true };
    const id = randomBytes(6).toString('hex');
    const helper = await this.helperTerminal(profile, id);
    if (helper) {
      this.own.set(id, { profile });
      return { options: { ...common, env: strictEnvironment(helper.change, base) }, id };
    }
    const keys = this.keysChange(profile, held);
    keys.set[TERMINAL_VARIABLE] = id;
    return { options: { ...common, env: strictEnvironment(keys, base) }, id };
  }

  /**
   * A terminal acting as `profile` through the helper: the copy of the config file written, the
   * endpoint listening. Undefined in environment mode, or where that cannot work (logged once).
   */
  private async helperTerminal(profile: string, terminal?: string): Promise<{ change: EnvironmentChange; overlay: WrittenOverlay } | undefined> {
    if (terminalSettings().mode !== 'endpoint') return undefined;
    let overlay: WrittenOverlay;
    let endpoint: string;
    try {
      const written = await this.writeOverlay(profile, await this.o.catalog.ready());
      if (typeof written === 'string') return this.fallBack(profile, written);
      overlay = written;
      endpoint = await this.listen();
    } catch (e) {
      return this.fallBack(profile, (e as Error).message);
    }
    this.fallbacks.delete(profile);
    const credentialsFile = filesNamedBySettings(this.o.catalog.snapshot.paths).AWS_SHARED_CREDENTIALS_FILE;
    return { change: helperEnvironment({ configFile: overlay.path, marker: overlay.marker, endpoint, credentialsFile, terminal }), overlay };
  }

  private fallBack(profile: string, reason: string): undefined {
    if (this.fallbacks.get(profile) !== reason) {
      this.fallbacks.set(profile, reason);
      this.o.log.warn(`Terminals of profile "${profile}" get its keys in the environment (they expire with the session): ${reason}.`);
    }
    return undefined;
  }

  /** Keys in the environment (environment mode), with the files named by the settings. */
  private keysChange(profile: string, held: HeldCredentials): EnvironmentChange {
    const change = environmentFor(held.credentials, profileFacts(this.o.catalog.snapshot.analysis, profile)?.region);
    Object.assign(change.set, filesNamedBySettings(this.o.catalog.snapshot.paths));
    return change;
  }

  /** Writes (if it changed) the copy of the config file for a profile's terminals, or says why there is none. */
  private async writeOverlay(profile: string, catalog: Catalog): Promise<WrittenOverlay | string> {
    const { profileFlag } = terminalSettings();
    const helper = await this.installHelper();
    const { buildConfigOverlay, privateDirectory, overlayPath, readIfExists, writeReadOnly } = loadTerminalSupport();
    const overlay = buildConfigOverlay({
      config: catalog.bytes.config,
      credentials: catalog.bytes.credentials,
      analysis: catalog.analysis,
      profile,
      helper: (args) => commandLine([...helper, ...args], process.platform),
      profileFlag,
    });
    if (!overlay.ok) return overlay.reason;
    const folder = await privateDirectory(join(this.o.storageDir, 'terminal-config'));
    this.watchCopies(folder);
    const path = overlayPath(folder, catalog.paths.config, profile);
    const on = await readIfExists(path);
    if (!on || !Buffer.from(on).equals(overlay.bytes)) {
      if (on && this.overlays.get(profile)?.path === path && !Buffer.from(on).equals(this.overlays.get(profile)!.bytes)) this.foreignWrite(path);
      await writeReadOnly(path, overlay.bytes);
      this.o.log.info(`Terminals of profile "${profile}" read ${displayPath(path, this.o.catalog.home)}, a copy of ${displayPath(catalog.paths.config, this.o.catalog.home)} (AWS_PROFILE=${overlay.marker}).`);
    }
    const written = { path, marker: overlay.marker, bytes: overlay.bytes, served: overlay.served };
    this.overlays.set(profile, written);
    return written;
  }

  /** After the files change: the copies of the profiles in use again, then the collection. */
  private async refreshOverlays(): Promise<void> {
    const inUse = new Set([...this.own.values()].map((e) => e.profile));
    if (this.active !== undefined) inUse.add(this.active);
    for (const profile of [...this.overlays.keys()]) if (!inUse.has(profile)) this.overlays.delete(profile);
    for (const profile of inUse) {
      if (terminalSettings().mode !== 'endpoint') break;
      const written = await this.writeOverlay(profile, this.o.catalog.snapshot).catch((e: Error) => e.message);
      if (typeof written === 'string') {
        this.overlays.delete(profile);
        this.fallBack(profile, written);
      }
    }
  }

  /** Puts a copy back within a second when something else writes to it (see foreignWrite). */
  private watchCopies(folder: string): void {
    if (this.watcher) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '*'));
    const check = () => void this.serialize(() => this.refreshOverlays());
    watcher.onDidChange(check);
    watcher.onDidCreate(check);
    watcher.onDidDelete(check);
    this.watcher = watcher;
    this.subscriptions.push(watcher);
  }

  /** `aws configure set …` in such a terminal wrote into the copy (possible as root): say so, once; the copy is put back. */
  private foreignWrite(path: string): void {
    this.o.log.warn(`Something wrote to ${path}, the read-only copy of the config file that terminals read ("aws configure" run as root?). It is put back; change your own config file instead.`);
    if (this.notifiedForeign) return;
    this.notifiedForeign = true;
    void vscode.window.showWarningMessage(
      'A terminal changed its copy of the AWS config file ("aws configure"?), which AWS Profiles remakes from your own config file: the change is not kept. Edit your config file, or run "aws configure" in a terminal without a profile.',
      'Open Config File',
    ).then((choice) => {
      if (choice) void vscode.commands.executeCommand(COMMANDS.openConfig.id);
    });
  }

  /** The helper installed in the storage folder (once per window), as the command that runs it. */
  private installHelper(): Promise<string[]> {
    this.helper ??= loadTerminalSupport().installHelper(join(this.o.storageDir, 'bin'), this.o.helperBundle, {
      execPath: process.execPath,
      electron: process.versions.electron !== undefined,
      platform: process.platform,
    });
    void this.helper.catch(() => (this.helper = undefined));
    return this.helper;
  }

  /** Starts the endpoint (once per window) on this window's socket path: the same one after a reload. */
  private listen(): Promise<string> {
    this.listening ??= (async () => {
      const { CredentialEndpoint, EndpointInUseError, endpointPath } = loadTerminalSupport();
      const endpoint = (this.endpoint ??= new CredentialEndpoint({ resolve: (r) => this.resolve(r), logger: this.o.log }));
      let key = this.o.workspaceState.get<string>(WINDOW_KEY);
      if (!key) {
        key = randomBytes(9).toString('base64url');
        await this.o.workspaceState.update(WINDOW_KEY, key);
      }
      try {
        await endpoint.listen(await endpointPath(key, this.o.inherited));
      } catch (e) {
        if (!(e instanceof EndpointInUseError)) throw e;
        // Another window of the same workspace (a second browser tab of code-server): a name of its own.
        await endpoint.listen(await endpointPath(randomBytes(9).toString('base64url'), this.o.inherited));
      }
      return endpoint.path!;
    })();
    void this.listening.catch(() => (this.listening = undefined));
    return this.listening;
  }

  /** Answers a terminal's helper: the access rules, then the credentials engine (an MFA code is asked in VS Code). */
  private async resolve(request: HelperRequest): Promise<HeldCredentials> {
    const served = { profiles: new Set<string>(), keys: new Set<string>() };
    for (const o of this.overlays.values()) {
      o.served.profiles.forEach((p) => served.profiles.add(p));
      o.served.keys.forEach((p) => served.keys.add(p));
    }
    const ownTerminals = new Map([...this.own].map(([id, e]) => [id, e.profile]));
    const access = loadTerminalSupport().helperAccess(request, { active: this.active, ownTerminals, ...served, cleared: this.cleared });
    if (!access.ok) throw new UserError(access.message, 'endpoint.refused');
    if (request.via === 'keys') return this.configKeys(request.profile);
    const status = this.o.credentials.status(request.profile);
    const session = status?.expiresAt ? status.expiresAt - status.obtainedAt : Infinity;
    return this.o.credentials.get(request.profile, { interactive: true, minLifetimeMs: Math.min(HELPER_MIN_LIFETIME_MS, session / 2) });
  }

  /** The keys a profile has in the config file (the copy has none): what botocore would read there. */
  private configKeys(profile: string): HeldCredentials {
    const values = this.o.catalog.snapshot.analysis.model.profiles.get(profile)?.configSection?.values ?? {};
    const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
    const accessKeyId = text('aws_access_key_id');
    const secretAccessKey = text('aws_secret_access_key');
    if (!accessKeyId || !secretAccessKey) throw new UserError(`Profile "${profile}" has no keys in the config file any more.`, 'endpoint.noKeys');
    const sessionToken = text('aws_session_token') ?? text('aws_security_token');
    return { profile, obtainedAt: Date.now(), expiresAt: null, credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } };
  }

  /**
   * The environment a terminal of its own starts from: the extension host's, with the user's
   * `terminal.integrated.env.<platform>` on top (strictEnv terminals get nothing else from VS Code).
   */
  private terminalBase(): Record<string, string | undefined> {
    const platform = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'osx' : 'linux';
    const configured = vscode.workspace.getConfiguration('terminal.integrated.env').get<Record<string, string | null>>(platform) ?? {};
    const base: Record<string, string | undefined> = { ...this.o.inherited };
    for (const [name, value] of Object.entries(configured)) {
      base[name] = value === null ? undefined : value.replace(/\$\{env:([^}]+)\}/g, (_, v: string) => this.o.inherited[v] ?? '');
    }
    return base;
  }
}

/** How long a terminal of its own may take to start before the collection is given back. */
const START_TIMEOUT_MS = 10_000;

/** Resolves once a terminal's process has started (its environment is then fixed), or after START_TIMEOUT_MS. */
function started(terminal: vscode.Terminal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([terminal.processId.then(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, START_TIMEOUT_MS)))]).finally(() => clearTimeout(timer));
}

/** Escapes Markdown in a profile name shown in the collection's description. */
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}

/** The `awsProfiles.terminal.credentials` setting. */
export function terminalCredentialsMode(): TerminalCredentialsMode {
  return terminalSettings().mode;
}
