import { AwsError } from './AwsError';
import type { LocalAwsState } from './LocalAwsState';
import { URL_SAFE_CHARS, randomChars } from './randomText';
import { type AuthorizationRequest, decideAuthorization, startAuthorization } from './ssoAuthorization';
import { type SsoInstance, type SsoInstanceSpec, provisionedRoleArn } from './ssoSpecs';

/** A client registered with RegisterClient. */
export interface SsoClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clientName: string;
  readonly scopes: readonly string[];
  readonly grantTypes: readonly string[];
  readonly redirectUris: readonly string[];
  readonly issuerUrl: string | undefined;
  /** Epoch milliseconds. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** One sign-in of the user (Allow in the browser, or a helper): the tokens it yields end with it. */
export interface SsoSignIn {
  readonly instance: SsoInstance;
  readonly startedAt: number;
  /** `sessionDurationSeconds` after the sign-in. */
  readonly expiresAt: number;
  /** Set by Logout and `revokeAll`: every token of the sign-in stops working. */
  revoked: boolean;
}

/** A device authorization (StartDeviceAuthorization) and where it stands. */
export interface DeviceAuthorizationRecord {
  readonly deviceCode: string;
  /** `ABCD-EFGH`, what the user confirms on the device page. */
  readonly userCode: string;
  readonly client: SsoClient;
  readonly instance: SsoInstance;
  readonly expiresAt: number;
  readonly intervalSeconds: number;
  status: 'pending' | 'approved' | 'denied' | 'redeemed';
  /** The previous CreateToken poll, to answer SlowDownException. */
  lastPolledAt: number | undefined;
  signIn: SsoSignIn | undefined;
}

/** An authorization code that Allow issued: single use, short-lived, bound to the PKCE challenge. */
export interface AuthorizationCodeRecord {
  readonly code: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly signIn: SsoSignIn;
  readonly expiresAt: number;
  used: boolean;
}

/** An access or refresh token that CreateToken issued. */
export interface SsoTokenRecord {
  readonly kind: 'accessToken' | 'refreshToken';
  readonly value: string;
  readonly clientId: string;
  readonly signIn: SsoSignIn;
  /** Epoch milliseconds; a refresh token ends with its sign-in. */
  expiresAt: number;
  /** Rotated (a used refresh token); Logout and `revokeAll` revoke the whole sign-in instead. */
  revoked: boolean;
}

/** What `issuedTokens()` reports about one token (its value included, for secret scans). */
export interface IssuedSsoToken {
  readonly kind: 'accessToken' | 'refreshToken';
  readonly value: string;
  readonly clientId: string;
  readonly startUrl: string;
  readonly userName: string;
  readonly expiresAt: number;
  /** False once expired, rotated, signed out or revoked. */
  readonly valid: boolean;
}

/** What `deviceAuthorizations()` reports (no device code: that one is a secret). */
export interface DeviceAuthorizationInfo {
  readonly userCode: string;
  readonly clientId: string;
  readonly clientName: string;
  readonly startUrl: string;
  readonly status: DeviceAuthorizationRecord['status'] | 'expired';
  readonly expiresAt: number;
}

/** Why a token no longer works. */
export type TokenProblem = 'expired' | 'revoked' | 'signed out';

const USER_CODE_LETTERS = 'BCDFGHJKLMNPQRST';

/**
 * IAM Identity Center as the SSO OIDC and portal endpoints serve it: instances, registered clients,
 * device authorizations, authorization codes, sign-ins and tokens, plus the helpers with which a test
 * approves a sign-in without a browser. Clock and lifetimes come from the LocalAwsState.
 */
export class SsoState {
  /** Seconds a device code stays valid (StartDeviceAuthorization's expiresIn). */
  deviceCodeExpiresInSeconds = 600;
  /** Seconds between CreateToken polls of a device code (StartDeviceAuthorization's interval); faster polls get SlowDownException. */
  pollIntervalSeconds = 1;
  /** Seconds an authorization code (and an unanswered /authorize page) stays usable. */
  authorizationCodeLifetimeSeconds = 300;
  /** Length of a sign-in (the instance's session duration): refresh tokens stop working and access tokens expire at its end. */
  sessionDurationSeconds = 8 * 3600;
  /** Seconds a client registration lives (clientSecretExpiresAt). */
  clientRegistrationLifetimeSeconds = 90 * 24 * 3600;
  /** A used refresh token is revoked (the answer carries its successor); false keeps it usable. */
  rotateRefreshTokens = true;

  private readonly instances = new Map<string, SsoInstance>();
  private readonly clients = new Map<string, SsoClient>();
  private readonly devices = new Map<string, DeviceAuthorizationRecord>();
  private readonly devicesByUserCode = new Map<string, DeviceAuthorizationRecord>();
  private readonly requests = new Map<string, AuthorizationRequest>();
  private readonly codes = new Map<string, AuthorizationCodeRecord>();
  private readonly tokens = new Map<string, SsoTokenRecord>();
  private readonly signIns: SsoSignIn[] = [];

  constructor(private readonly state: LocalAwsState) {}

  /** The server clock (the LocalAwsState's). */
  now(): number {
    return this.state.now();
  }

  /** Adds (or replaces) an instance and registers the roles IAM Identity Center provisions for its assignments. */
  addInstance(spec: SsoInstanceSpec): SsoInstance {
    const accounts = spec.accounts.filter((a) => a.roles.length > 0);
    for (const account of accounts) {
      if (!/^\d{12}$/.test(account.accountId)) throw new Error(`Not a 12-digit account id: ${account.accountId}`);
      for (const role of account.roles) {
        this.state.addRole({
          arn: provisionedRoleArn(spec.region, account.accountId, role),
          trustedPrincipals: [], // only the SAML provider of IAM Identity Center: nothing AssumeRole can name
          maxSessionDurationSeconds: role.sessionDurationSeconds ?? 3600,
          deniedActions: role.deniedActions,
        });
      }
    }
    const startUrl = normalizeStartUrl(spec.startUrl);
    const host = new URL(startUrl).hostname;
    const instance: SsoInstance = {
      ...spec,
      startUrl,
      accounts,
      name: /^d-[0-9a-f]{10}\./.test(host) ? host.slice(0, host.indexOf('.')) : host,
      accountsById: new Map(accounts.map((a) => [a.accountId, a])),
    };
    this.instances.set(startUrl, instance);
    return instance;
  }

  /** The instance of a start URL (a trailing slash does not matter). */
  instance(startUrl: string): SsoInstance | undefined {
    return this.instances.get(normalizeStartUrl(startUrl));
  }

  /** The first instance added: the one /authorize serves for clients registered without an issuerUrl. */
  defaultInstance(): SsoInstance | undefined {
    return this.instances.values().next().value;
  }

  /** Stores a new client registration (RegisterClient validates the input). */
  registerClient(input: Pick<SsoClient, 'clientName' | 'scopes' | 'grantTypes' | 'redirectUris' | 'issuerUrl'>): SsoClient {
    const now = this.now();
    const client: SsoClient = {
      ...input,
      clientId: randomChars(URL_SAFE_CHARS, 22),
      clientSecret: randomChars(URL_SAFE_CHARS, 256),
      issuedAt: now,
      expiresAt: now + this.clientRegistrationLifetimeSeconds * 1000,
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  /** A registered client, expired or not. */
  client(clientId: string): SsoClient | undefined {
    return this.clients.get(clientId);
  }

  /** The registered clients, oldest first (secrets left out). */
  registeredClients(): Omit<SsoClient, 'clientSecret'>[] {
    return [...this.clients.values()].map(({ clientSecret, ...rest }) => (void clientSecret, rest));
  }

  /** Starts a device authorization for a client and instance, with the current expiry and interval settings. */
  startDeviceAuthorization(client: SsoClient, instance: SsoInstance): DeviceAuthorizationRecord {
    let userCode: string;
    do {
      const letters = randomChars(USER_CODE_LETTERS, 8);
      userCode = `${letters.slice(0, 4)}-${letters.slice(4)}`;
    } while (this.devicesByUserCode.has(userCode));
    const record: DeviceAuthorizationRecord = {
      deviceCode: randomChars(URL_SAFE_CHARS, 86),
      userCode,
      client,
      instance,
      expiresAt: this.now() + this.deviceCodeExpiresInSeconds * 1000,
      intervalSeconds: this.pollIntervalSeconds,
      status: 'pending',
      lastPolledAt: undefined,
      signIn: undefined,
    };
    this.devices.set(record.deviceCode, record);
    this.devicesByUserCode.set(userCode, record);
    return record;
  }

  /** The device authorization of a device code. */
  deviceAuthorization(deviceCode: string): DeviceAuthorizationRecord | undefined {
    return this.devices.get(deviceCode);
  }

  /** The device authorization a user code names (case and dash do not matter), still pending and unexpired; throws a sentence otherwise. */
  pendingDevice(userCode: string): DeviceAuthorizationRecord {
    const letters = userCode.toUpperCase().replace(/[^A-Z]/g, '');
    const record = this.devicesByUserCode.get(`${letters.slice(0, 4)}-${letters.slice(4)}`);
    if (!record) throw new AwsError('InvalidUserCode', 404, `The code ${userCode} is not a code of any device authorization; check the code the application shows.`);
    if (this.now() >= record.expiresAt) throw new AwsError('ExpiredUserCode', 400, `The code ${record.userCode} has expired; start the sign-in again in the application.`);
    if (record.status !== 'pending') throw new AwsError('UsedUserCode', 400, `The code ${record.userCode} was already ${record.status === 'denied' ? 'denied' : 'approved'}.`);
    return record;
  }

  /** Test helper (and the device page's Allow): approves the device authorization of `userCode` as the instance's user. */
  approveDevice(userCode: string): void {
    const record = this.pendingDevice(userCode);
    record.status = 'approved';
    record.signIn = this.startSignIn(record.instance);
  }

  /** Test helper (and the device page's Deny): the next CreateToken poll gets AccessDeniedException. */
  denyDevice(userCode: string): void {
    this.pendingDevice(userCode).status = 'denied';
  }

  /** Device authorizations started so far, oldest first: e.g. the user code an application showed. */
  deviceAuthorizations(): DeviceAuthorizationInfo[] {
    const now = this.now();
    return [...this.devices.values()].map((d) => ({
      userCode: d.userCode,
      clientId: d.client.clientId,
      clientName: d.client.clientName,
      startUrl: d.instance.startUrl,
      status: d.status === 'pending' && now >= d.expiresAt ? 'expired' : d.status,
      expiresAt: d.expiresAt,
    }));
  }

  /** Keeps an /authorize request until its page is answered. */
  addAuthorizationRequest(request: AuthorizationRequest): void {
    this.requests.set(request.id, request);
  }

  /** Takes an /authorize request out (each page is answered once). */
  takeAuthorizationRequest(id: string): AuthorizationRequest | undefined {
    const request = this.requests.get(id);
    this.requests.delete(id);
    return request;
  }

  /** Issues an authorization code for an allowed request. */
  issueAuthorizationCode(request: AuthorizationRequest, signIn: SsoSignIn): AuthorizationCodeRecord {
    const record: AuthorizationCodeRecord = {
      code: randomChars(URL_SAFE_CHARS, 64),
      clientId: request.client.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      signIn,
      expiresAt: this.now() + this.authorizationCodeLifetimeSeconds * 1000,
      used: false,
    };
    this.codes.set(record.code, record);
    return record;
  }

  /** An authorization code, used or not. */
  authorizationCode(code: string): AuthorizationCodeRecord | undefined {
    return this.codes.get(code);
  }

  /**
   * Test helper: what a browser does with the URL an application opens (`…/authorize?client_id=…`):
   * validates it as GET /authorize does, answers Allow or Deny, and returns the redirect's Location
   * (`redirect_uri?code=…&state=…` or `…?error=access_denied…`). Throws the sentence the page would show.
   */
  authorize(authorizeUrl: string, decision: 'allow' | 'deny' = 'allow'): string {
    const started = startAuthorization(this, new URL(authorizeUrl).searchParams);
    if ('redirect' in started) return started.redirect;
    return decideAuthorization(this, started.request.id, decision === 'allow');
  }

  /** Starts a sign-in of the instance's user, lasting `sessionDurationSeconds`. */
  startSignIn(instance: SsoInstance): SsoSignIn {
    const startedAt = this.now();
    const signIn: SsoSignIn = { instance, startedAt, expiresAt: startedAt + this.sessionDurationSeconds * 1000, revoked: false };
    this.signIns.push(signIn);
    return signIn;
  }

  /** Issues an access token (never outliving the sign-in) and, when asked, a refresh token. */
  issueTokens(client: SsoClient, signIn: SsoSignIn, withRefreshToken: boolean): { accessToken: string; expiresIn: number; refreshToken?: string } {
    const now = this.now();
    const access = this.addToken('accessToken', 'aoa', client, signIn, Math.min(signIn.expiresAt, now + this.state.ssoTokenLifetimeSeconds * 1000));
    const refresh = withRefreshToken ? this.addToken('refreshToken', 'aor', client, signIn, signIn.expiresAt) : undefined;
    return { accessToken: access.value, expiresIn: Math.max(1, Math.round((access.expiresAt - now) / 1000)), refreshToken: refresh?.value };
  }

  /** An access or refresh token, valid or not. */
  token(value: string): SsoTokenRecord | undefined {
    return this.tokens.get(value);
  }

  /** Why a token no longer works ('expired', 'revoked', 'signed out'), or undefined while it does. */
  tokenProblem(token: SsoTokenRecord): TokenProblem | undefined {
    if (token.signIn.revoked) return 'signed out';
    if (token.revoked) return 'revoked';
    return this.now() >= token.expiresAt ? 'expired' : undefined;
  }

  /** Ends a sign-in (Logout): its access and refresh tokens stop working; credentials issued with them do not. */
  signOut(signIn: SsoSignIn): void {
    signIn.revoked = true;
  }

  /** Test helper: signs every sign-in out, as an administrator revoking all sessions would. */
  revokeAll(): void {
    for (const signIn of this.signIns) signIn.revoked = true;
  }

  /** Test helper: expires every access token now; refresh tokens keep working until their sign-in ends. */
  expireAccessTokens(): void {
    const now = this.now();
    for (const token of this.tokens.values()) if (token.kind === 'accessToken' && token.expiresAt > now) token.expiresAt = now - 1;
  }

  /** Access and refresh tokens issued so far, oldest first, with their values (for secret scans). */
  issuedTokens(): IssuedSsoToken[] {
    return [...this.tokens.values()].map((t) => ({
      kind: t.kind,
      value: t.value,
      clientId: t.clientId,
      startUrl: t.signIn.instance.startUrl,
      userName: t.signIn.instance.userName,
      expiresAt: t.expiresAt,
      valid: this.tokenProblem(t) === undefined,
    }));
  }

  /** Every secret value handed out so far (client secrets, device codes, authorization codes, access and refresh tokens), to scan logs and files for. */
  issuedSecrets(): string[] {
    return [
      ...[...this.clients.values()].map((c) => c.clientSecret),
      ...this.devices.keys(),
      ...this.codes.keys(),
      ...this.tokens.keys(),
    ];
  }

  private addToken(kind: SsoTokenRecord['kind'], prefix: string, client: SsoClient, signIn: SsoSignIn, expiresAt: number): SsoTokenRecord {
    const token: SsoTokenRecord = { kind, value: `${prefix}${randomChars(URL_SAFE_CHARS, 256)}`, clientId: client.clientId, signIn, expiresAt, revoked: false };
    this.tokens.set(token.value, token);
    return token;
  }
}

function normalizeStartUrl(startUrl: string): string {
  return startUrl.replace(/\/+$/, '');
}
