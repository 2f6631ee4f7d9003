import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { CredentialService, HeldCredentials, StateStore } from '../core/credentials/credentials';
import type { ProfileFlagMode } from '../core/terminal/configOverlay';
import { environmentFor, filesNamedBySettings, strictEnvironment, terminalCollection, type EnvironmentChange } from '../core/terminal/envExport';
import { helperEnvironment } from '../core/terminal/helperEnv';
import { TERMINAL_VARIABLE } from '../core/terminal/helperProtocol';
import { terminalMode } from '../core/terminal/terminalMode';
import { SETTINGS_SECTION } from '../base/contributions';
import type { ProfileCatalog } from '../profiles/profileCatalog';
import { profileFacts } from '../profiles/profileFacts';
import { TerminalCollection } from './terminalCollection';
import { TerminalCopies, type WrittenOverlay } from './terminalCopies';
import { dotenvProfileFiles } from './dotenvProfiles';
import { WindowEndpoint } from './windowEndpoint';

/** The settings of terminals, read when needed (terminalMode: a workspace can only turn the variables off). */
function terminalSettings(): ReturnType<typeof terminalMode> & { profileFlag: ProfileFlagMode } {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    ...terminalMode(config.inspect('terminal.credentials')),
    profileFlag: config.get<string>('terminal.profileFlag') === 'extension' ? 'extension' : 'cli',
  };
}

/** workspaceState key: the user was told once that this workspace's .env names an AWS profile. */
const DOTENV_TOLD_KEY = 'awsProfiles.dotenvTold.v1';

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
  /** How terminals of a guarded profile show (src/guard); undefined for a profile no guard holds. */
  look?: (profile: string) => TerminalLook | undefined;
}

/** How the terminals of a guarded profile show: a terminal of its own's tab, and the collection's tab hover. */
export interface TerminalLook {
  /** The tab's colour: a `terminal.ansi*` theme colour (the only ones VS Code draws in terminal tabs). */
  color: string;
  /** The tab's icon (a codicon id). */
  icon: string;
  /** The name of a terminal of its own. */
  name: string;
  /** A sentence for the tab hover of terminals the collection feeds. */
  hover: string;
}

/**
 * The one owner of everything terminals get from the extension: which profile the window's new
 * terminals act as (the collection, terminalCollection.ts), the extension's own terminals, the
 * copies of the config file they read (terminalCopies.ts) and the window's endpoint that answers
 * their helper (windowEndpoint.ts). Every change goes through one queue and ends in the same place:
 * the collection holds what the current state asks for, nothing restored from a snapshot.
 */
export class TerminalCredentials implements vscode.Disposable {
  private active: string | undefined;
  private readonly own = new Map<string, { profile: string; terminal?: vscode.Terminal }>();
  private readonly cleared = new Set<string>();
  private readonly fallbacks = new Map<string, string>();
  private readonly collection: TerminalCollection;
  private readonly copies: TerminalCopies;
  private readonly endpoint: WindowEndpoint;
  /** Suspensions held for terminal profiles until VS Code has started their terminal: id → release. */
  private readonly starting = new Map<string, () => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly o: TerminalCredentialsOptions) {
    this.collection = new TerminalCollection(o.collection, o.log);
    this.copies = new TerminalCopies(o, () => void this.serialize(() => this.refreshOverlays()));
    this.endpoint = new WindowEndpoint({
      ...o,
      access: () => ({ active: this.active, ownTerminals: new Map([...this.own].map(([id, e]) => [id, e.profile])), ...this.copies.served(), cleared: this.cleared }),
    });
    this.subscriptions.push(
      this.copies,
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
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.checkDotenv()),
    );
    void this.checkDotenv();
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
      if (profile === undefined) return this.collection.put(undefined, undefined);
      const { off } = terminalSettings();
      if (off !== undefined) {
        this.o.log.info(`awsProfiles.terminal.credentials is "off" in ${off === 'user' ? 'your user settings' : "this workspace's settings"}: the window's terminals get no variables from AWS Profiles (terminals opened with "Open Terminal with Profile…" still act as their profile).`);
        return this.collection.put(undefined, undefined);
      }
      try {
        const helper = await this.helperTerminal(profile);
        if (helper) {
          const values = terminalCollection(helper.change, helper.overlay.marker, this.o.inherited);
          return this.collection.put(values, { profile, how: vscode.l10n.t('AWS_PROFILE={0}, credentials from this window', helper.overlay.marker), guard: this.o.look?.(profile)?.hover });
        }
        const held = await this.o.credentials.get(profile, { interactive });
        this.collection.put(terminalCollection(this.keysChange(profile, held), profile, this.o.inherited), { profile, how: vscode.l10n.t('keys in the environment, until they expire'), guard: this.o.look?.(profile)?.hover });
      } catch (e) {
        this.collection.put(undefined, undefined);
        throw e;
      }
    });
  }

  /** Opens a terminal of its own for a profile, named after it, that keeps that profile while it is open. */
  async openTerminal(profile: string): Promise<vscode.Terminal> {
    const held = await this.o.credentials.get(profile, { interactive: true });
    return this.serialize(async () => {
      const { options, id } = await this.ownTerminalOptions(profile, held);
      const release = this.collection.suspend();
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
      const release = this.collection.suspend();
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
   * While the session runs the profile counts as in use; `release` when it ends. A profile whose
   * credentials were cleared stays cleared unless the user just allowed it (`allow`).
   */
  async debugSession(profile: string, options: { allow: boolean }): Promise<{ values: Record<string, string>; how: string; release: () => void }> {
    if (options.allow) this.allow(profile);
    const id = randomBytes(6).toString('hex');
    const helper = await this.serialize(async () => {
      const served = await this.helperTerminal(profile, id);
      if (served) this.own.set(id, { profile });
      return served;
    });
    if (helper) {
      return { values: terminalCollection(helper.change, helper.overlay.marker, this.o.inherited), how: vscode.l10n.t('credentials from this window'), release: () => this.own.delete(id) };
    }
    const held = await this.o.credentials.get(profile, { interactive: true });
    return { values: terminalCollection(this.keysChange(profile, held), profile, this.o.inherited), how: vscode.l10n.t('keys in the environment, until they expire'), release: () => undefined };
  }

  /** The profile a terminal that opens now acts as: a terminal of its own's, or what the window's collection gives it (undefined: none). */
  actsAs(terminal: vscode.Terminal): { profile: string; own: boolean } | undefined {
    const id = (terminal.creationOptions as vscode.TerminalOptions).env?.[TERMINAL_VARIABLE];
    if (typeof id === 'string') {
      const entry = this.own.get(id);
      return entry && { profile: entry.profile, own: true };
    }
    const profile = this.collection.profile;
    return profile === undefined ? undefined : { profile, own: false };
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
    this.endpoint.dispose();
  }

  /**
   * A project that chooses its profile in a `.env` loses that choice in terminals where the extension
   * sets AWS_PROFILE (dotenv does not override a variable already set): said once in the log, in the
   * terminals' tab hover, and once per workspace with the way out (turn the variables off here).
   */
  private async checkDotenv(): Promise<void> {
    const files = await dotenvProfileFiles(vscode.workspace.workspaceFolders ?? []).catch(() => []);
    if (files.length === 0) return this.collection.setNote(undefined);
    const sentence = vscode.l10n.t('{0} {1} an AWS profile, but dotenv does not replace the AWS_PROFILE these terminals get from AWS Profiles: programs that load it act as the active profile. Set awsProfiles.terminal.credentials to "off" in this workspace to let it choose.', files.join(', '), files.length === 1 ? 'names' : 'name');
    this.collection.setNote(sentence);
    this.o.log.info(sentence);
    if (terminalSettings().off !== undefined || this.o.workspaceState.get<boolean>(DOTENV_TOLD_KEY)) return;
    await this.o.workspaceState.update(DOTENV_TOLD_KEY, true);
    const turnOff = vscode.l10n.t('Turn Off for This Workspace');
    const choice = await vscode.window.showInformationMessage(sentence, turnOff);
    if (choice === turnOff) await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('terminal.credentials', 'off', vscode.ConfigurationTarget.Workspace);
  }

  /** Runs changes one at a time; a failure does not block the next. */
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Options of a terminal of its own (served by the helper, or with keys), with the id it carries in TERMINAL_VARIABLE. */
  private async ownTerminalOptions(profile: string, held: HeldCredentials): Promise<{ options: vscode.TerminalOptions; id: string }> {
    const base = this.terminalBase();
    const look = this.o.look?.(profile);
    const common = {
      name: look?.name ?? `AWS: ${profile}`,
      iconPath: new vscode.ThemeIcon(look?.icon ?? 'key'),
      ...(look ? { color: new vscode.ThemeColor(look.color) } : {}),
      strictEnv: true,
      isTransient: true,
    };
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
    const { mode, profileFlag } = terminalSettings();
    if (mode !== 'endpoint') return undefined;
    let overlay: WrittenOverlay;
    let endpoint: string;
    try {
      const written = await this.copies.write(profile, await this.o.catalog.ready(), profileFlag);
      if (typeof written === 'string') return this.fallBack(profile, written);
      overlay = written;
      endpoint = await this.endpoint.listen();
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

  /** After the files change: the copies of the profiles in use again, then those of earlier terminals (sweep). */
  private async refreshOverlays(): Promise<void> {
    const inUse = new Set([...this.own.values()].map((e) => e.profile));
    if (this.active !== undefined) inUse.add(this.active);
    this.copies.keepOnly(inUse);
    const { mode, profileFlag } = terminalSettings();
    if (mode !== 'endpoint') return;
    for (const profile of inUse) {
      const written = await this.copies.write(profile, this.o.catalog.snapshot, profileFlag).catch((e: Error) => e.message);
      if (typeof written === 'string') {
        this.copies.forget(profile);
        this.fallBack(profile, written);
      }
    }
    await this.copies.sweep(this.o.catalog.snapshot, profileFlag, inUse, Date.now()).catch((e: Error) => this.o.log.warn(`The copies of the config file of earlier terminals could not be brought up to date: ${e.message}`));
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
