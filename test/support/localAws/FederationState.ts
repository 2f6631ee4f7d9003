import { AwsError } from './AwsError';
import type { AccessKey, LocalAwsState } from './LocalAwsState';
import { URL_SAFE_CHARS, randomChars } from './randomText';

/** One console sign-in (`Action=login` with a valid sign-in token), as a test reads it back. */
export interface FederationSignIn {
  /** Names the sign-in in the console page's URL (`/federation/console?signin=ID`). */
  readonly id: string;
  /** Who signed in: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` or `arn:aws:sts::ACCOUNT:federated-user/NAME`. */
  readonly arn: string;
  readonly accountId: string;
  /** The temporary credentials the sign-in token was made from, and the action that issued them. */
  readonly accessKeyId: string;
  readonly issuedBy: AccessKey['issuedBy'];
  /** The console URL the sign-in asked for (`Destination`). */
  readonly destination: string;
  /** The sign-in page of the broker (`Issuer`), when given. */
  readonly issuer: string | undefined;
  /** Epoch milliseconds of the server clock. */
  readonly signedInAt: number;
  /** When the console session ends: SessionDuration after the sign-in, see `consoleSessionEnd`. */
  readonly sessionExpiresAt: number;
  /** False for a federated user given no session policy: the console opens, but every action in it is denied. */
  readonly hasPermissions: boolean;
}

/** A sign-in token that getSigninToken handed out: single use, short-lived. */
interface SigninTokenRecord {
  readonly value: string;
  readonly key: AccessKey;
  /** SessionDuration as asked for (undefined when left out). */
  readonly sessionDurationSeconds: number | undefined;
  readonly expiresAt: number;
  used: boolean;
}

/** Console sessions last an hour when getSigninToken is not given a SessionDuration (role sessions). */
const DEFAULT_CONSOLE_SESSION_SECONDS = 3600;

/**
 * The AWS federation endpoint's memory: the sign-in tokens `getSigninToken` issued and the console
 * sign-ins `login` made with them. Which credentials may sign in is decided in federationActions.ts;
 * this class keeps the tokens single use and short-lived on the LocalAwsState's clock.
 */
export class FederationState {
  /** Seconds a sign-in token stays usable (15 minutes, as with AWS). */
  signinTokenLifetimeSeconds = 900;

  private readonly tokens = new Map<string, SigninTokenRecord>();
  private readonly signInsById = new Map<string, FederationSignIn>();
  private readonly tokenRequests: { method: string; query: string }[] = [];

  constructor(private readonly state: LocalAwsState) {}

  /** Notes how a getSigninToken request came: its method and its query string (where a GET carries the credentials). */
  recordSigninTokenRequest(method: string, query: string): void {
    this.tokenRequests.push({ method, query });
  }

  /** The getSigninToken requests so far, oldest first. */
  signinTokenRequests(): readonly { method: string; query: string }[] {
    return [...this.tokenRequests];
  }

  /** Issues a sign-in token for temporary credentials that the caller has already checked. */
  issueSigninToken(key: AccessKey, sessionDurationSeconds: number | undefined): string {
    const token: SigninTokenRecord = {
      value: randomChars(URL_SAFE_CHARS, 256),
      key,
      sessionDurationSeconds,
      expiresAt: this.state.now() + this.signinTokenLifetimeSeconds * 1000,
      used: false,
    };
    this.tokens.set(token.value, token);
    return token.value;
  }

  /** Uses a sign-in token (once) for a console sign-in; a 400 AwsError says why an unknown, used or expired token is refused. */
  signIn(signinToken: string, destination: string, issuer: string | undefined): FederationSignIn {
    const token = this.tokens.get(signinToken);
    const now = this.state.now();
    if (!token) throw new AwsError('InvalidSigninToken', 400, 'This sign-in token is not one the federation endpoint issued. Get one with Action=getSigninToken.');
    if (token.used) throw new AwsError('InvalidSigninToken', 400, 'This sign-in token was already used: a sign-in token works once. Get a new one with Action=getSigninToken.');
    if (token.expiresAt <= now) {
      throw new AwsError(
        'InvalidSigninToken',
        400,
        `This sign-in token expired at ${new Date(token.expiresAt).toISOString()}: a sign-in token works for ${this.signinTokenLifetimeSeconds / 60} minutes. Get a new one with Action=getSigninToken.`,
      );
    }
    token.used = true;
    const { identity } = token.key;
    const signIn: FederationSignIn = {
      id: randomChars(URL_SAFE_CHARS, 22),
      arn: identity.arn,
      accountId: identity.accountId,
      accessKeyId: token.key.accessKeyId,
      issuedBy: token.key.issuedBy,
      destination,
      issuer,
      signedInAt: now,
      sessionExpiresAt: consoleSessionEnd(token.key, token.sessionDurationSeconds, now),
      hasPermissions: !identity.deniedActions.includes('*'),
    };
    this.signInsById.set(signIn.id, signIn);
    return signIn;
  }

  /** The sign-in with this id, if any. */
  signInById(id: string): FederationSignIn | undefined {
    return this.signInsById.get(id);
  }

  /** Console sign-ins so far, oldest first. */
  signIns(): FederationSignIn[] {
    return [...this.signInsById.values()];
  }

  /** Every sign-in token handed out so far (used and expired ones included), to scan logs and files for. */
  issuedSigninTokens(): string[] {
    return [...this.tokens.keys()];
  }
}

/**
 * When a console session ends: SessionDuration after the sign-in when given; for a federated user
 * (who may not pass SessionDuration) when its credentials expire; else an hour after the sign-in.
 */
function consoleSessionEnd(key: AccessKey, sessionDurationSeconds: number | undefined, now: number): number {
  if (sessionDurationSeconds !== undefined) return now + sessionDurationSeconds * 1000;
  if (key.issuedBy === 'GetFederationToken') return key.expiresAt!;
  return now + DEFAULT_CONSOLE_SESSION_SECONDS * 1000;
}
