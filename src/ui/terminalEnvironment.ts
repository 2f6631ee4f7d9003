import * as vscode from 'vscode';
import type { HeldCredentials } from '../core/credentials';
import { environmentFor, strictEnvironment, terminalCollection } from '../core/envExport';

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

  /** Terminals get no credentials from the extension any more. */
  clear(): void {
    if (this.applied === '') return;
    this.collection.clear();
    this.applied = '';
  }

  /** Options of a terminal of its own for one profile, unaffected by the window's collection. */
  terminalOptions(profile: string, held: HeldCredentials, region: string | undefined): vscode.TerminalOptions {
    return {
      name: `AWS: ${profile}`,
      iconPath: new vscode.ThemeIcon('key'),
      // strictEnv: exactly this environment, so AWS_PROFILE can really be removed and the window's
      // collection (another profile's keys) is not applied on top.
      env: strictEnvironment(environmentFor(held.credentials, region), this.inherited),
      strictEnv: true,
    };
  }
}
