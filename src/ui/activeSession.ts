import * as vscode from 'vscode';
import type { Clock, CredentialService, ExpiryWarning } from '../core/credentials';
import { CancelledError, NeedsHumanError, UserError } from '../core/errors';
import { msUntilNextTick } from '../core/lifetime';
import type { ActiveProfile } from './activeProfile';
import { COMMANDS } from './contributions';
import type { ProfileCatalog } from './profileCatalog';
import { profileFacts } from './profileFacts';
import type { StatusBar } from './statusBar';
import { statusView } from './statusModel';
import type { EndpointTerminals, TerminalCredentialsMode } from './endpointTerminals';
import type { TerminalEnvironment } from './terminalEnvironment';

/**
 * The active profile at work: keeps the window's terminal environment and the status bar in step
 * with the selected profile, its held credentials and the files. Background syncs never prompt; a
 * profile that needs an MFA code says so in the status bar instead. In endpoint mode terminals get
 * the window's credential endpoint (the same variables for as long as the profile stays), and a
 * background sync fetches nothing: the endpoint asks the engine when a terminal asks it.
 */
export class ActiveSession implements vscode.Disposable {
  private failure: string | undefined;
  private needsHuman = false;
  private queue: Promise<void> = Promise.resolve();
  private tick: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly catalog: ProfileCatalog,
    private readonly credentials: CredentialService,
    private readonly active: ActiveProfile,
    private readonly terminals: TerminalEnvironment,
    private readonly statusBar: StatusBar,
    private readonly log: vscode.LogOutputChannel,
    private readonly clock: Clock,
    private readonly endpoints: EndpointTerminals,
    private readonly mode: () => TerminalCredentialsMode,
  ) {
    this.subscriptions.push(
      credentials.onDidChange((p) => {
        if (p === active.name) void this.sync(false);
      }),
      credentials.onExpiryWarning((w) => this.warn(w)),
      catalog.onDidChange(() => void this.sync(false)),
      active.onDidChange(() => this.render()),
    );
  }

  /** Shows the remembered profile at once, then fetches its credentials quietly (no prompt at startup). */
  start(): void {
    if (this.active.name === undefined) this.render();
    else void this.sync(false);
  }

  /** Selects a profile (undefined: none) and, interactively, gets its credentials for the terminals. */
  async select(name: string | undefined): Promise<void> {
    await this.active.set(name);
    this.failure = undefined;
    this.needsHuman = false;
    this.log.info(name === undefined ? 'No active profile: new terminals get no AWS credentials from this extension.' : `Active profile: ${name}.`);
    await this.sync(true);
  }

  /** Re-runs the sync of the active profile (after a refresh or a clear). */
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
    const name = this.active.name;
    try {
      if (name === undefined) {
        this.endpoints.releaseActive();
        this.terminals.clear();
        return;
      }
      const { analysis } = await this.catalog.ready();
      this.render();
      const facts = profileFacts(analysis, name);
      if (facts === undefined || !facts.isUsable) {
        this.endpoints.releaseActive();
        this.terminals.clear();
        this.failure = facts === undefined ? undefined : (facts.problem ?? `Profile "${name}" has no credentials to use.`);
        if (interactive && this.failure) throw new UserError(this.failure, 'profile.unusable');
        return;
      }
      try {
        const endpointMode = this.mode() === 'endpoint';
        // Interactive (select, refresh): get them now, so that an MFA code is asked here and not by a terminal.
        let held = interactive || !endpointMode ? await this.credentials.get(name, { interactive }) : undefined;
        this.failure = undefined;
        this.needsHuman = held ? false : this.credentials.needsHuman(name);
        if (endpointMode) {
          const endpoint = await this.endpoints.forActive(name, facts.region);
          if (endpoint.ok) return this.terminals.applyEndpoint(name, endpoint.values);
        } else {
          this.endpoints.releaseActive();
        }
        held ??= await this.credentials.get(name, { interactive });
        this.needsHuman = false;
        this.terminals.apply(name, held, facts.region);
      } catch (e) {
        if (e instanceof NeedsHumanError) {
          this.needsHuman = true;
          this.endpoints.releaseActive();
          this.terminals.clear();
          this.log.info(`Profile "${name}" needs an MFA code before terminals can have its credentials.`);
          return;
        }
        if (e instanceof CancelledError) {
          this.needsHuman = this.credentials.needsHuman(name);
          throw e;
        }
        this.endpoints.releaseActive();
        this.terminals.clear();
        this.failure = e instanceof UserError ? e.message : `Getting credentials for "${name}" failed unexpectedly.`;
        if (!(e instanceof UserError)) this.log.error(`Getting credentials for "${name}" failed: ${(e as Error)?.stack ?? e}`);
        else this.log.warn(e.message);
        if (interactive) throw e;
      }
    } finally {
      this.render();
    }
  }

  /** Redraws the status bar, and arms the one timer for the next change of the countdown. */
  render(): void {
    clearTimeout(this.tick);
    const name = this.active.name;
    const status = name === undefined ? undefined : this.credentials.status(name);
    const now = this.clock.now();
    this.statusBar.show(
      statusView({
        active: name,
        facts: name === undefined ? undefined : profileFacts(this.catalog.snapshot.analysis, name, status),
        status,
        failure: this.failure,
        needsHuman: this.needsHuman,
        now,
        formatTime: (ms) => new Date(ms).toLocaleTimeString(),
      }),
    );
    if (status?.expiresAt) {
      const wait = msUntilNextTick(status.expiresAt, now);
      if (Number.isFinite(wait)) this.tick = setTimeout(() => this.render(), wait + 50);
    }
  }

  private warn(w: ExpiryWarning): void {
    this.log.warn(w.message);
    const refresh = 'Refresh Credentials';
    void vscode.window.showWarningMessage(w.message, refresh).then((choice) => {
      if (choice === refresh) void vscode.commands.executeCommand(COMMANDS.refreshCredentials.id, w.profile);
    });
  }

  dispose(): void {
    clearTimeout(this.tick);
    for (const d of this.subscriptions) d.dispose();
  }
}
