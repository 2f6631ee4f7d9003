import * as vscode from 'vscode';
import type { Clock, CredentialService, ExpiryWarning } from '../core/credentials/credentials';
import { CancelledError, NeedsHumanError, UserError } from '../core/common/errors';
import { msUntilNextTick } from '../core/credentials/lifetime';
import type { TerminalCredentials } from '../terminals/terminalCredentials';
import type { ActiveProfile } from '../profiles/activeProfile';
import { COMMANDS } from '../base/contributions';
import type { ProfileCatalog } from '../profiles/profileCatalog';
import { profileFacts } from '../profiles/profileFacts';
import type { StatusBar } from './statusBar';
import { statusView, type ActiveGuard } from './statusModel';

/** What the active profile's sync works with (built in activate()). */
export interface ActiveSessionOptions {
  catalog: ProfileCatalog;
  credentials: CredentialService;
  active: ActiveProfile;
  terminals: TerminalCredentials;
  statusBar: StatusBar;
  log: vscode.LogOutputChannel;
  clock: Clock;
  /** The guard of a profile as the status bar shows it (src/guard), if any. */
  guard?: (profile: string) => ActiveGuard | undefined;
}

/**
 * The active profile at work: tells the terminals (TerminalCredentials) which profile the window
 * acts as, and keeps the status bar in step with it, its held credentials and the files.
 * Background syncs never prompt; a profile that needs an MFA code says so in the status bar instead.
 */
export class ActiveSession implements vscode.Disposable {
  private failure: string | undefined;
  private needsHuman = false;
  private queue: Promise<void> = Promise.resolve();
  private tick: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly o: ActiveSessionOptions) {
    this.subscriptions.push(
      o.credentials.onDidChange((p) => {
        if (p === o.active.name) void this.sync(false);
      }),
      o.credentials.onExpiryWarning((w) => this.warn(w)),
      o.catalog.onDidChange(() => void this.sync(false)),
      o.active.onDidChange(() => this.render()),
    );
  }

  /** Shows the remembered profile at once, then gives terminals its credentials quietly (no prompt at startup). */
  start(): void {
    if (this.o.active.name === undefined) this.render();
    else void this.sync(false);
  }

  /**
   * Selects a profile (undefined: none) and gets its credentials: interactively (an MFA code is asked
   * here, not by a terminal), or quietly for a fallback the user did not ask for just now.
   */
  async select(name: string | undefined, interactive = true): Promise<void> {
    await this.o.active.set(name);
    if (name !== undefined) this.o.terminals.allow(name);
    this.failure = undefined;
    this.needsHuman = false;
    this.o.log.info(name === undefined ? 'No active profile: new terminals get no AWS credentials from this extension.' : `Active profile: ${name}.`);
    await this.sync(interactive);
  }

  /** Syncs the active profile again (after a refresh, a clear, or a change of the terminal settings). */
  resync(interactive: boolean): Promise<void> {
    return this.sync(interactive);
  }

  /** One sync at a time; an interactive one throws what the user must see. */
  private sync(interactive: boolean): Promise<void> {
    const run = this.queue.then(() => this.syncNow(interactive));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async syncNow(interactive: boolean): Promise<void> {
    const { active, catalog, credentials, terminals, log } = this.o;
    const name = active.name;
    try {
      if (name === undefined) return await terminals.useActive(undefined, false);
      const { analysis } = await catalog.ready();
      this.render();
      const facts = profileFacts(analysis, name);
      if (facts === undefined || !facts.isUsable) {
        await terminals.useActive(undefined, false);
        this.failure = facts === undefined ? undefined : (facts.problem ?? vscode.l10n.t('Profile "{0}" has no credentials to use.', name));
        if (interactive && this.failure) throw new UserError(this.failure, 'profile.unusable');
        return;
      }
      try {
        if (interactive) await credentials.get(name, { interactive: true });
        await terminals.useActive(name, interactive);
        this.failure = undefined;
        this.needsHuman = credentials.status(name) === undefined && credentials.needsHuman(name);
      } catch (e) {
        if (e instanceof NeedsHumanError) {
          this.needsHuman = true;
          log.info(`Profile "${name}" needs an MFA code before terminals can have its credentials.`);
          return;
        }
        if (e instanceof CancelledError) {
          this.needsHuman = credentials.needsHuman(name);
          throw e;
        }
        this.failure = e instanceof UserError ? e.message : vscode.l10n.t('Getting credentials for "{0}" failed unexpectedly.', name);
        if (!(e instanceof UserError)) log.error(`Getting credentials for "${name}" failed: ${(e as Error)?.stack ?? e}`);
        else log.warn(e.message);
        if (interactive) throw e;
      }
    } finally {
      this.render();
    }
  }

  /** Redraws the status bar, and arms the one timer for the next change of the countdown. */
  render(): void {
    clearTimeout(this.tick);
    const { active, credentials, catalog } = this.o;
    const name = active.name;
    const status = name === undefined ? undefined : credentials.status(name);
    const now = this.o.clock.now();
    this.o.statusBar.show(
      statusView({
        active: name,
        facts: name === undefined ? undefined : profileFacts(catalog.snapshot.analysis, name, status),
        status,
        failure: this.failure,
        needsHuman: this.needsHuman,
        humanStep: name !== undefined && catalog.snapshot.analysis.plans.get(name)?.chain.at(-1)?.kind === 'sso' ? 'sign-in' : 'mfa',
        now,
        formatTime: (ms) => new Date(ms).toLocaleTimeString(),
        guard: name === undefined ? undefined : this.o.guard?.(name),
      }),
    );
    if (status?.expiresAt) {
      const wait = msUntilNextTick(status.expiresAt, now);
      if (Number.isFinite(wait)) this.tick = setTimeout(() => this.render(), wait + 50);
    }
  }

  private warn(w: ExpiryWarning): void {
    this.o.log.warn(w.message);
    const refresh = vscode.l10n.t('Refresh Credentials');
    void vscode.window.showWarningMessage(w.message, refresh).then((choice) => {
      if (choice === refresh) void vscode.commands.executeCommand(COMMANDS.refreshCredentials.id, w.profile);
    });
  }

  dispose(): void {
    clearTimeout(this.tick);
    for (const d of this.subscriptions) d.dispose();
  }
}
