import * as vscode from 'vscode';
import type { HeldCredentials } from '../core/credentials';
import { environmentFor, strictEnvironment, terminalCollection } from '../core/terminal/envExport';

/**
 * The window's terminal environment: the active profile's variables in the extension's
 * EnvironmentVariableCollection, not persisted (a persistent collection is written to disk, and
 * these are secrets). New terminals and tasks get them; existing ones show VS Code's relaunch
 * indicator when they change.
 */
export class TerminalEnvironment {
  private applied = '';

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    /** The environment terminals inherit (the extension host's own). */
    private readonly inherited: Readonly<Record<string, string | undefined>>,
  ) {
    collection.persistent = false;
  }

  /** Gives new terminals a profile's credentials and region (environment mode). */
  apply(profile: string, held: HeldCredentials, region: string | undefined): void {
    this.put(profile, terminalCollection(environmentFor(held.credentials, region), profile, this.inherited), '');
  }

  /**
   * Gives new terminals the window's credential endpoint for a profile (endpoint mode): `values`
   * from endpointTerminal. They stay the same while the profile does, so refreshes do not mark
   * terminals for relaunch.
   */
  applyEndpoint(profile: string, values: Record<string, string>): void {
    this.put(profile, values, ", from this window's credential endpoint");
  }

  private put(profile: string, vars: Record<string, string>, source: string): void {
    const key = JSON.stringify([profile, vars]);
    if (key === this.applied) return;
    this.collection.clear();
    for (const [name, value] of Object.entries(vars)) this.collection.replace(name, value);
    this.collection.description = new vscode.MarkdownString(`AWS credentials of profile **${profile.replace(/[\\`*_[\]<>]/g, '\\$&')}**${source}`);
    this.applied = key;
  }

  /**
   * Creates a terminal of its own for one profile. VS Code applies the window's collection on top
   * of every new terminal, `strictEnv` ones included (seen in VS Code 1.100), which would give it the
   * active profile's credentials; so the collection is emptied while the terminal's process starts,
   * then put back. Terminals created in that moment by anything else get no credentials.
   */
  async createOwnTerminal(options: vscode.TerminalOptions, startTimeoutMs = 10_000): Promise<vscode.Terminal> {
    const saved: Array<[string, vscode.EnvironmentVariableMutator]> = [];
    this.collection.forEach((name, mutator) => saved.push([name, mutator]));
    const description = this.collection.description;
    if (saved.length > 0) this.collection.clear();
    try {
      const terminal = vscode.window.createTerminal(options);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([terminal.processId, new Promise((resolve) => (timer = setTimeout(resolve, startTimeoutMs)))]);
      clearTimeout(timer);
      return terminal;
    } finally {
      if (saved.length > 0) {
        for (const [name, mutator] of saved) {
          if (mutator.type === vscode.EnvironmentVariableMutatorType.Replace) this.collection.replace(name, mutator.value, mutator.options);
          else if (mutator.type === vscode.EnvironmentVariableMutatorType.Append) this.collection.append(name, mutator.value, mutator.options);
          else this.collection.prepend(name, mutator.value, mutator.options);
        }
        this.collection.description = description;
      }
    }
  }

  /** Terminals get no credentials from the extension any more. */
  clear(): void {
    if (this.applied === '') return;
    this.collection.clear();
    this.applied = '';
  }

  /** Options of a terminal of its own for one profile (create it with createOwnTerminal). */
  terminalOptions(profile: string, held: HeldCredentials, region: string | undefined): vscode.TerminalOptions {
    return {
      name: `AWS: ${profile}`,
      iconPath: new vscode.ThemeIcon('key'),
      // strictEnv: exactly this environment, so AWS_PROFILE can really be removed.
      env: strictEnvironment(environmentFor(held.credentials, region), this.inherited),
      strictEnv: true,
    };
  }
}
