import * as vscode from 'vscode';
import type { TerminalUse } from '../core/guard/timeBox';

/**
 * The window's terminals as the guard needs them: the profile each acts as (a terminal of its own's,
 * or the one the window's collection gave it when it opened) and the commands running in it, as
 * shell integration reports them. A terminal without shell integration looks idle.
 */
export class TerminalActivity implements vscode.Disposable {
  private readonly uses = new Map<vscode.Terminal, { profile: string; own: boolean; running: Map<vscode.TerminalShellExecution, string> }>();
  private readonly emitter = new vscode.EventEmitter<void>();
  /** A command started or ended, or a terminal closed. */
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [this.emitter];

  /** `actsAs`: the profile a terminal that opens now acts as (TerminalCredentials.actsAs). */
  constructor(actsAs: (terminal: vscode.Terminal) => { profile: string; own: boolean } | undefined) {
    this.subscriptions.push(
      vscode.window.onDidOpenTerminal((t) => {
        const use = actsAs(t);
        if (use) this.uses.set(t, { ...use, running: new Map() });
      }),
      vscode.window.onDidCloseTerminal((t) => {
        if (this.uses.delete(t)) this.emitter.fire();
      }),
      vscode.window.onDidStartTerminalShellExecution((e) => {
        const use = this.uses.get(e.terminal);
        if (!use) return;
        use.running.set(e.execution, e.execution.commandLine.value);
        this.emitter.fire();
      }),
      vscode.window.onDidEndTerminalShellExecution((e) => {
        if (this.uses.get(e.terminal)?.running.delete(e.execution)) this.emitter.fire();
      }),
    );
  }

  /** The terminals opened since activation that act as a profile, with what runs in them. */
  terminals(): TerminalUse[] {
    return [...this.uses].map(([t, u]) => ({ name: t.name, profile: u.profile, own: u.own, running: [...u.running.values()] }));
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
