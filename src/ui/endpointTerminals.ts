import * as vscode from 'vscode';
import { readAwsFile } from '../aws/awsFiles';
import { CredentialEndpoint } from '../aws/credentialEndpoint';
import { ensureEmptyCredentialsFile, type EmptyCredentialsFile } from '../aws/emptyCredentialsFile';
import { analyze, type Analysis, type ProfileResolution } from '../core';
import type { CredentialService } from '../core/credentials';
import { endpointTerminal, type EndpointTerminal } from '../core/endpointEnv';
import { strictEnvironment } from '../core/terminal/envExport';
import { COMMANDS, SETTINGS, SETTINGS_SECTION } from './contributions';
import type { ProfileCatalog } from './profileCatalog';

/** How terminals get their credentials: keys in the environment, or the window's credential endpoint. */
export type TerminalCredentialsMode = 'environment' | 'endpoint';

/** The `awsProfiles.terminal.credentials` setting (anything unknown reads as the default). */
export function terminalCredentialsMode(): TerminalCredentialsMode {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('terminal.credentials', SETTINGS.terminalCredentials.default);
  return value === 'environment' ? 'environment' : SETTINGS.terminalCredentials.default;
}

/** The endpoint slot of the window's active profile (terminals of the window's collection). */
const ACTIVE_SLOT = 'active';

/**
 * Endpoint mode for the window's terminals: owns the window's CredentialEndpoint (stopped with the
 * window), the empty credentials file, and one token per holder — the active profile's terminals,
 * and each "Open Terminal with Profile…" terminal (revoked when it closes). Decides per profile
 * whether its terminals can use the endpoint (core endpointTerminal) and logs why not, once.
 */
export class EndpointTerminals implements vscode.Disposable {
  private readonly endpoint: CredentialEndpoint;
  private file: Promise<EmptyCredentialsFile> | undefined;
  private configDefault: { for: Analysis; plan: Promise<ProfileResolution | undefined> } | undefined;
  private readonly ownTerminals = new Map<vscode.Terminal, string>();
  private readonly fallbacks = new Map<string, string>();
  private terminalCount = 0;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    credentials: Pick<CredentialService, 'get'>,
    private readonly catalog: ProfileCatalog,
    /** The extension's global storage folder: where the empty credentials file lives. */
    private readonly storageDir: string,
    /** The environment terminals inherit (the extension host's own). */
    private readonly inherited: Readonly<Record<string, string | undefined>>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.endpoint = new CredentialEndpoint({ credentials, logger: log, onNeedsHuman: (p) => this.notifyNeedsHuman(p) });
    this.subscriptions.push(
      vscode.window.onDidCloseTerminal((t) => {
        const slot = this.ownTerminals.get(t);
        if (slot === undefined) return;
        this.ownTerminals.delete(t);
        this.endpoint.revoke(slot);
      }),
    );
  }

  /**
   * The window collection's variables for the active profile's terminals, or why they get keys in
   * the environment instead (then its token, if any, is revoked). The same profile keeps the same token.
   */
  async forActive(profile: string, region: string | undefined): Promise<EndpointTerminal> {
    return this.decide(profile, region, ACTIVE_SLOT, this.inherited);
  }

  /** The active profile's terminals no longer use the endpoint ("No profile", environment mode): its token is revoked. */
  releaseActive(): void {
    this.endpoint.revoke(ACTIVE_SLOT);
  }

  /**
   * Options of a terminal of its own for one profile, with a token of its own (revoked when the
   * terminal closes), or undefined when that profile's terminals get keys in the environment.
   */
  async ownTerminalOptions(profile: string, region: string | undefined): Promise<{ options: vscode.TerminalOptions; adopt(terminal: vscode.Terminal): void } | undefined> {
    const slot = `terminal-${++this.terminalCount}`;
    const options = await this.strictOptions(profile, region, slot);
    if (!options) return undefined;
    return { options, adopt: (terminal) => this.ownTerminals.set(terminal, slot) };
  }

  /**
   * Options of an "AWS Profiles: Active Profile" terminal (the terminal profile): the active
   * profile's token, so it lives and dies with the active profile, or undefined (keys instead).
   */
  activeTerminalOptions(profile: string, region: string | undefined): Promise<vscode.TerminalOptions | undefined> {
    return this.strictOptions(profile, region, ACTIVE_SLOT);
  }

  private async strictOptions(profile: string, region: string | undefined, slot: string): Promise<vscode.TerminalOptions | undefined> {
    const decision = await this.decide(profile, region, slot, undefined);
    if (!decision.ok) return undefined;
    // strictEnv: exactly this environment, so AWS_PROFILE can really be removed.
    return { name: `AWS: ${profile}`, iconPath: new vscode.ThemeIcon('key'), env: strictEnvironment(decision.change, this.inherited), strictEnv: true };
  }

  /** Every token of a profile stops working (its credentials were cleared). */
  revokeProfile(profile: string): void {
    this.endpoint.revokeProfile(profile);
  }

  /** Every token of the window stops working (all credentials were cleared). */
  revokeAll(): void {
    this.endpoint.revokeAll();
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    void this.endpoint.dispose();
  }

  private async decide(profile: string, region: string | undefined, slot: string, inherited: Readonly<Record<string, string | undefined>> | undefined): Promise<EndpointTerminal> {
    const [credentialsFile, configDefault] = await Promise.all([this.emptyFile(), this.defaultFromConfig()]);
    // Nothing registered before the decision: a profile that cannot use the endpoint never gets a token.
    const probe = endpointTerminal(profile, { endpoint: { url: '', token: '' }, region, credentialsFile, configDefault }, inherited);
    let decision: EndpointTerminal = probe;
    if (!probe.ok) this.endpoint.revoke(slot);
    else {
      const endpoint = await this.endpoint.register(profile, slot);
      decision = endpointTerminal(profile, { endpoint, region, credentialsFile, configDefault }, inherited);
    }
    this.noteFallback(profile, decision);
    return decision;
  }

  /** Logs, once per profile and reason, why a profile's terminals get keys in the environment. */
  private noteFallback(profile: string, decision: EndpointTerminal): void {
    if (decision.ok) {
      this.fallbacks.delete(profile);
      return;
    }
    if (this.fallbacks.get(profile) === decision.reason) return;
    this.fallbacks.set(profile, decision.reason);
    this.log.warn(`Endpoint mode: terminals of profile "${profile}" get keys in the environment instead of the credential endpoint. ${decision.reason}`);
  }

  /** The empty credentials file, made once per window (again after a problem, which may be fixed by then). */
  private emptyFile(): Promise<EmptyCredentialsFile> {
    const file = (this.file ??= ensureEmptyCredentialsFile(this.storageDir));
    void file.then((f) => {
      if ('problem' in f && this.file === file) this.file = undefined;
    });
    return file;
  }

  /** `default` as an endpoint-mode terminal sees it: planned from the config file alone (read once per catalog load). */
  private defaultFromConfig(): Promise<ProfileResolution | undefined> {
    const { analysis, paths } = this.catalog.snapshot;
    if (this.configDefault?.for !== analysis) {
      const plan = readAwsFile(paths.config).then((read) => analyze(read.bytes, null).plans.get('default'));
      this.configDefault = { for: analysis, plan };
    }
    return this.configDefault.plan;
  }

  private notifyNeedsHuman(profile: string): void {
    const refresh = 'Refresh Credentials';
    void vscode.window
      .showWarningMessage(`Terminals of profile "${profile}" asked for fresh credentials, and refreshing them needs an MFA code.`, refresh)
      .then((choice) => {
        if (choice === refresh) void vscode.commands.executeCommand(COMMANDS.refreshCredentials.id, profile);
      });
  }
}
