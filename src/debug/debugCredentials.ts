import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, UserError } from '../core/common/errors';
import type { StateStore } from '../core/credentials/credentials';
import { ALLOWED_PROFILES_KEY, AWS_PROFILE_PROPERTY, debugDecision, envFileVariableNames, withProfileVariables } from '../core/terminal/debugLaunch';
import type { TerminalCredentials } from '../terminals/terminalCredentials';
import type { ActiveProfile } from '../profiles/activeProfile';
import { SETTINGS, SETTINGS_SECTION } from '../base/contributions';
import type { ProfileCatalog } from '../profiles/profileCatalog';

/** The properties the provider adds to a configuration it gave a profile to (its id here, the profile); debuggers ignore them. */
const SESSION_PROPERTY = '__awsProfilesSession';
const PROFILE_PROPERTY = '__awsProfilesProfile';

/** How long a resolved configuration may take to become a session before its hold on the profile is let go. */
const START_TIMEOUT_MS = 120_000;

/** What the provider works with (built in activate()). */
export interface DebugCredentialsDeps {
  catalog: ProfileCatalog;
  active: ActiveProfile;
  terminals: Pick<TerminalCredentials, 'debugSession'>;
  /** This workspace's state: the profiles its launch configurations may act as. */
  workspaceState: StateStore;
  log: vscode.LogOutputChannel;
  /** The guards (src/guard): acting as a guarded profile asks first; its line in the debug console is in its colour. */
  guard?: DebugGuard;
}

/** What the guards do to debug sessions. */
export interface DebugGuard {
  /** Whether the session may act as the profile (false: the user said no, or dismissed the question). */
  confirm(profile: string): Promise<boolean>;
  /** The debug console's line for a session of the profile (coloured when it is guarded). */
  consoleLine(profile: string, line: string): string;
}

interface Given {
  /** The line for the session's debug console (never a secret). */
  line: string;
  release: () => void;
  started: boolean;
  written: boolean;
}

/**
 * Debug sessions of every type act as a profile: launch configurations without credentials of their
 * own get the active profile's terminal variables, `"awsProfile": "NAME"` another profile's,
 * `"awsProfile": false` none. The session's debug console says which profile it got.
 */
export class DebugCredentials implements vscode.DebugConfigurationProvider, vscode.Disposable {
  // Made on the first launch (dist/feature-debug.js); activate() registers the provider for every debug type ('*').
  private readonly given = new Map<string, Given>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private next = 0;

  constructor(private readonly deps: DebugCredentialsDeps) {
    this.subscriptions.push(
      vscode.debug.onDidStartDebugSession((session) => {
        const entry = this.entryOf(session);
        if (entry) entry.started = true;
        this.writeLine();
      }),
      vscode.debug.onDidChangeActiveDebugSession(() => this.writeLine()),
      vscode.debug.onDidTerminateDebugSession((session) => {
        const id = idOf(session.configuration);
        const entry = id === undefined || session.parentSession ? undefined : this.given.get(id);
        if (entry) this.release(id!, entry);
      }),
    );
  }

  async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    // An attach starts no process: there is no environment to give. Nor does a child session that
    // js-debug starts for the process its parent launched (it carries __pendingTargetId, and
    // neither the parent's awsProfile nor its variables): the parent's process has them.
    if (config.request === 'attach' || config.__pendingTargetId !== undefined) return config;
    const name = typeof config.name === 'string' ? config.name : '';
    const previous = idOf(config);
    if (previous !== undefined) {
      // Given a profile already: while its session runs (another provider's chain), as it is; after it
      // ended (VS Code restarting it), the same profile again, with fresh variables.
      if (this.given.has(previous)) return config;
      delete config[SESSION_PROPERTY];
      const again = config[PROFILE_PROPERTY];
      return typeof again === 'string' ? this.give(config, name, again, true, false) : config;
    }
    const { analysis } = await this.deps.catalog.ready();
    const decision = debugDecision(config, {
      enabled: vscode.workspace.getConfiguration(SETTINGS_SECTION, folder?.uri).get<boolean>('debug.injectCredentials', SETTINGS.debugInjectCredentials.default),
      active: this.deps.active.name,
      hasProfile: (name) => analysis.model.profiles.has(name),
      envFileVariables: await envFileVariables(config.envFile, folder),
      trusted: vscode.workspace.isTrusted,
      allowed: (profile) => this.allowedProfiles().includes(profile),
    });
    if (decision.kind === 'invalid') {
      this.deps.log.warn(decision.message);
      void vscode.window.showErrorMessage(decision.message);
      return undefined;
    }
    if (decision.kind === 'leave') {
      this.deps.log.info(`Debug session "${name}": AWS Profiles adds no credentials: ${decision.reason}`);
      if (decision.optedOut) return this.mark(config, vscode.l10n.t('AWS Profiles: no AWS credentials for this session ("{0}": false).', AWS_PROFILE_PROPERTY), () => undefined);
      return config;
    }
    if (decision.kind === 'ask') {
      const allow = 'Allow';
      const answer = await vscode.window.showWarningMessage(decision.question, { modal: true, detail: vscode.l10n.t('Remembered for this workspace; "AWS Profiles: Forget Profiles Allowed in Launch Configurations" takes it back.') }, allow);
      if (answer !== allow) {
        this.deps.log.info(`Debug session "${name}" was not started: acting as profile "${decision.profile}" was not allowed for this workspace.`);
        return undefined;
      }
      await this.deps.workspaceState.update(ALLOWED_PROFILES_KEY, [...this.allowedProfiles(), decision.profile]);
      this.deps.log.info(`This workspace's launch configurations may act as profile "${decision.profile}" (allowed by you).`);
      return this.give(config, name, decision.profile, true, true);
    }
    return this.give(config, name, decision.profile, decision.explicit, false);
  }

  /** The profiles (other than the active one) this workspace's launch configurations may act as. */
  private allowedProfiles(): string[] {
    const stored = this.deps.workspaceState.get<unknown>(ALLOWED_PROFILES_KEY);
    return Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string') : [];
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    for (const [id, entry] of this.given) this.release(id, entry);
  }

  /**
   * Gives the configuration the profile's variables; on failure stops the launch, or (for the active
   * profile, not asked for) starts it without them. `allowed`: the user allowed the profile just now.
   */
  private async give(config: vscode.DebugConfiguration, name: string, profile: string, explicit: boolean, allowed: boolean): Promise<vscode.DebugConfiguration | undefined> {
    if (this.deps.guard && !(await this.deps.guard.confirm(profile))) {
      this.deps.log.info(`Debug session "${name}" was not started: you did not confirm acting as the guarded profile "${profile}".`);
      return undefined;
    }
    try {
      const session = await this.deps.terminals.debugSession(profile, { allow: allowed });
      config.env = withProfileVariables(config.env, session.values);
      config[PROFILE_PROPERTY] = profile;
      this.deps.log.info(`Debug session "${name}" acts as profile "${profile}" (${session.how}${explicit ? `, "${AWS_PROFILE_PROPERTY}"` : ', the active profile'}).`);
      const line = vscode.l10n.t('AWS Profiles: this session acts as profile "{0}" ({1}).', profile, session.how);
      return this.mark(config, this.deps.guard?.consoleLine(profile, line) ?? line, session.release);
    } catch (e) {
      if (e instanceof CancelledError) return undefined;
      if (!(e instanceof UserError)) throw e;
      if (explicit) {
        void vscode.window.showErrorMessage(e.message);
        return undefined;
      }
      // The active profile was not asked for by this configuration: the session starts without it.
      const message = vscode.l10n.t('Debug session "{0}" starts without AWS credentials from AWS Profiles: {1}', name, e.message);
      this.deps.log.warn(message);
      void vscode.window.showWarningMessage(message);
      return config;
    }
  }

  private mark(config: vscode.DebugConfiguration, line: string, release: () => void): vscode.DebugConfiguration {
    const id = `${process.pid}-${++this.next}`;
    const entry: Given = { line, release, started: false, written: false };
    this.given.set(id, entry);
    setTimeout(() => {
      if (!entry.started) this.release(id, entry);
    }, START_TIMEOUT_MS).unref?.();
    config[SESSION_PROPERTY] = id;
    return config;
  }

  private release(id: string, entry: Given): void {
    this.given.delete(id);
    entry.release();
  }

  /** The entry of a session, or of the session it was started under (js-debug runs the program in a child session). */
  private entryOf(session: vscode.DebugSession | undefined): Given | undefined {
    for (let s = session; s; s = s.parentSession) {
      const id = idOf(s.configuration);
      if (id !== undefined) return this.given.get(id);
    }
    return undefined;
  }

  /** Writes a session's line into the debug console once it shows that session (VS Code writes to the focused session's). */
  private writeLine(): void {
    const entry = this.entryOf(vscode.debug.activeDebugSession);
    if (!entry || entry.written) return;
    entry.written = true;
    vscode.debug.activeDebugConsole.appendLine(entry.line);
  }
}

function idOf(config: vscode.DebugConfiguration | undefined): string | undefined {
  const id = config?.[SESSION_PROPERTY];
  return typeof id === 'string' ? id : undefined;
}

/** The variable names of a configuration's `envFile` (none when it has none or it cannot be read: the debugger reports that). */
async function envFileVariables(envFile: unknown, folder: vscode.WorkspaceFolder | undefined): Promise<string[]> {
  if (typeof envFile !== 'string' || envFile === '') return [];
  const path = isAbsolute(envFile) || !folder ? envFile : join(folder.uri.fsPath, envFile);
  try {
    return envFileVariableNames(await readFile(path, 'utf8'));
  } catch {
    return [];
  }
}
