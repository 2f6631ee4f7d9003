import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { CredentialService, HeldCredentials, StateStore } from '../core/credentials/credentials';
import { UserError } from '../core/common/errors';
import type { ServedState } from '../core/terminal/helperAccess';
import type { HelperRequest } from '../core/terminal/helperProtocol';
import type { ProfileCatalog } from '../profiles/profileCatalog';
import type { CredentialEndpoint } from './credentialEndpoint';
import { loadTerminalSupport } from './lazyTerminalSupport';
import * as l10n from '@vscode/l10n';

/** Lifetime every helper answer asks the engine for (botocore refreshes process credentials 15 minutes before expiry), at most half a session. */
const HELPER_MIN_LIFETIME_MS = 15 * 60_000;

/** workspaceState key of the window's endpoint name: the same across reloads, so that surviving terminals find it. */
const WINDOW_KEY = 'awsProfiles.endpointKey.v1';

/** What the window's endpoint answers with. */
export interface WindowEndpointOptions {
  catalog: ProfileCatalog;
  credentials: CredentialService;
  /** The environment terminals inherit (the extension host's own): where the socket folder is. */
  inherited: Readonly<Record<string, string | undefined>>;
  /** This window's workspace state: the endpoint's name. */
  workspaceState: StateStore;
  log: vscode.LogOutputChannel;
  /** Who may be served, asked at each request. */
  access: () => ServedState;
}

/**
 * The window's endpoint (started on first use, on the same socket path after a reload, so that
 * surviving terminals find it): it answers each terminal's helper under the access rules, with the
 * credentials engine behind it (an MFA code is asked in VS Code).
 */
export class WindowEndpoint {
  private endpoint: CredentialEndpoint | undefined;
  private listening: Promise<string> | undefined;

  constructor(private readonly o: WindowEndpointOptions) {}

  /** Starts the endpoint (once per window) on this window's socket path: the same one after a reload. */
  listen(): Promise<string> {
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

  dispose(): void {
    void this.endpoint?.dispose();
  }

  /**
   * Answers a terminal's helper: the access rules, then the credentials engine (an MFA code is asked
   * in VS Code), then the access rules again: the wait may have been long (an MFA code, a sign-in),
   * and "No profile" or "Clear Credentials" meanwhile means the terminal gets nothing.
   */
  private async resolve(request: HelperRequest): Promise<HeldCredentials> {
    this.allowed(request);
    if (request.via === 'keys') return this.configKeys(request.profile);
    const status = this.o.credentials.status(request.profile);
    const session = status?.expiresAt ? status.expiresAt - status.obtainedAt : Infinity;
    const held = await this.o.credentials.get(request.profile, { interactive: true, forTerminal: true, minLifetimeMs: Math.min(HELPER_MIN_LIFETIME_MS, session / 2) });
    this.allowed(request);
    return held;
  }

  /** Throws the refusal when the window does not serve this request now. */
  private allowed(request: HelperRequest): void {
    const access = loadTerminalSupport().helperAccess(request, this.o.access());
    if (!access.ok) throw new UserError(access.message, 'endpoint.refused');
  }

  /** The keys a profile has in the config file (the copy has none): what botocore would read there. */
  private configKeys(profile: string): HeldCredentials {
    const values = this.o.catalog.snapshot.analysis.model.profiles.get(profile)?.configSection?.values ?? {};
    const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
    const accessKeyId = text('aws_access_key_id');
    const secretAccessKey = text('aws_secret_access_key');
    if (!accessKeyId || !secretAccessKey) throw new UserError(l10n.t('Profile "{0}" has no keys in the config file any more.', profile), 'endpoint.noKeys');
    const sessionToken = text('aws_session_token') ?? text('aws_security_token');
    return { profile, obtainedAt: Date.now(), expiresAt: null, credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } };
  }
}
