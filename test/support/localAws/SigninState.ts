import { createHash, createPublicKey, randomUUID, verify, type JsonWebKey } from 'node:crypto';
import { AwsError } from './AwsError';
import type { AccessKey, Identity, LocalAwsState } from './LocalAwsState';
import { SECRET_CHARS, randomChars } from './randomText';

/** The two clients of `aws login`: a browser on the same machine (loopback redirect), or another one (a code to paste). */
export const SAME_DEVICE = 'arn:aws:signin:::devtools/same-device';
export const CROSS_DEVICE = 'arn:aws:signin:::devtools/cross-device';

/** AWS's rules: 15-minute credentials, a sign-in refreshed for 12 hours at most, an authorization code used once within 5 minutes. */
export const SIGNIN_CREDENTIAL_SECONDS = 900;
export const SIGNIN_SESSION_MS = 12 * 3600_000;
export const AUTH_CODE_MS = 5 * 60_000;

/** One sign-in: who, through which client, bound to which DPoP key, since when, and its current refresh token. */
export interface ConsoleSignIn {
  readonly id: string;
  readonly identity: Identity;
  readonly clientId: string;
  /** The JWK thumbprint (RFC 7638) of the DPoP key the sign-in is bound to. */
  readonly keyThumbprint: string;
  readonly startedAt: number;
  refreshToken: string;
  refreshes: number;
  ended: boolean;
}

interface AuthCode {
  readonly identity: Identity;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly issuedAt: number;
  used: boolean;
}

/** A token call's outcome (CreateOAuth2Token's JSON body). */
export interface TokenAnswer {
  accessToken: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  tokenType: string;
  expiresIn: number;
  refreshToken: string;
  idToken: string;
}

/** AccessDeniedException with the OAuth2ErrorCode the SDKs switch on. */
function denied(error: string, message: string): AwsError {
  return Object.assign(new AwsError('AccessDeniedException', 400, message), { oauthError: error });
}

function invalid(message: string): AwsError {
  return Object.assign(new AwsError('ValidationException', 400, message), { oauthError: 'INVALID_REQUEST' });
}

/**
 * The AWS Sign-In service's side of `aws login` (issue 24): authorization codes from the browser
 * page, the token endpoint's two grants, each bound to the DPoP key that made the first call.
 */
export class SigninState {
  private readonly codes = new Map<string, AuthCode>();
  private readonly signIns = new Map<string, ConsoleSignIn>();
  /** Every DPoP `jti` seen (a proof is used once). */
  private readonly seenJti = new Set<string>();

  constructor(private readonly state: LocalAwsState) {}

  /** The sign-ins so far (tests read their refresh counts and state). */
  all(): ConsoleSignIn[] {
    return [...this.signIns.values()];
  }

  /** The IAM users a browser may sign in as. */
  users(): Identity[] {
    return this.state.iam.allUsers().map((u) => u.identity);
  }

  /** A code for a signed-in user, after the browser page's form: what the redirect carries. */
  issueCode(identity: Identity, clientId: string, redirectUri: string, challenge: string): string {
    const code = randomChars(SECRET_CHARS.replace(/[+/]/g, ''), 32);
    this.codes.set(code, { identity, clientId, redirectUri, challenge, issuedAt: this.state.now(), used: false });
    return code;
  }

  /** Ends every sign-in of an identity (its password changed: USER_CREDENTIALS_CHANGED on the next refresh). */
  changePassword(userArn: string): void {
    for (const s of this.signIns.values()) if (s.identity.arn === userArn) (s as { passwordChanged?: boolean }).passwordChanged = true;
  }

  /** CreateOAuth2Token: checks the DPoP proof against `url`, then the grant. */
  token(body: Record<string, unknown>, dpop: string | undefined, url: string): TokenAnswer {
    const thumbprint = this.checkProof(dpop, url);
    const clientId = String(body.clientId ?? '');
    if (clientId !== SAME_DEVICE && clientId !== CROSS_DEVICE) throw invalid(`Unknown clientId "${clientId}".`);
    if (body.grantType === 'authorization_code') return this.exchange(body, clientId, thumbprint);
    if (body.grantType === 'refresh_token') return this.refresh(body, clientId, thumbprint);
    throw invalid(`Unsupported grantType "${String(body.grantType)}".`);
  }

  private exchange(body: Record<string, unknown>, clientId: string, thumbprint: string): TokenAnswer {
    const code = this.codes.get(String(body.code ?? ''));
    if (!code || code.used) throw invalid('The authorization code is not valid.');
    code.used = true;
    if (this.state.now() - code.issuedAt > AUTH_CODE_MS) throw denied('AUTHCODE_EXPIRED', 'The authorization code has expired.');
    if (code.clientId !== clientId || code.redirectUri !== String(body.redirectUri ?? '')) throw invalid('The clientId or redirectUri does not match the authorization request.');
    const verifier = String(body.codeVerifier ?? '');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (challenge !== code.challenge) throw invalid('The codeVerifier does not match the code_challenge.');
    const signIn: ConsoleSignIn = { id: randomUUID(), identity: code.identity, clientId, keyThumbprint: thumbprint, startedAt: this.state.now(), refreshToken: '', refreshes: 0, ended: false };
    this.signIns.set(signIn.id, signIn);
    return this.answer(signIn);
  }

  private refresh(body: Record<string, unknown>, clientId: string, thumbprint: string): TokenAnswer {
    const presented = String(body.refreshToken ?? '');
    const signIn = [...this.signIns.values()].find((s) => s.refreshToken === presented && presented !== '');
    if (!signIn || signIn.ended) throw denied('TOKEN_EXPIRED', 'The refresh token is not valid. Sign in again.');
    if (signIn.clientId !== clientId) throw invalid('The clientId does not match the sign-in.');
    if (signIn.keyThumbprint !== thumbprint) throw invalid('The DPoP proof is not signed by the key this sign-in is bound to.');
    if ((signIn as { passwordChanged?: boolean }).passwordChanged) {
      signIn.ended = true;
      throw denied('USER_CREDENTIALS_CHANGED', 'The user\'s credentials changed since the sign-in.');
    }
    if (this.state.now() - signIn.startedAt >= SIGNIN_SESSION_MS) {
      signIn.ended = true;
      throw denied('TOKEN_EXPIRED', 'The session has expired.');
    }
    signIn.refreshes++;
    return this.answer(signIn);
  }

  /** New credentials (15 minutes, never past the sign-in's 12 hours) and a new refresh token (the old one stops working). */
  private answer(signIn: ConsoleSignIn): TokenAnswer {
    const left = Math.floor((signIn.startedAt + SIGNIN_SESSION_MS - this.state.now()) / 1000);
    const seconds = Math.max(1, Math.min(SIGNIN_CREDENTIAL_SECONDS, left));
    const key: AccessKey = this.state.issueCredentials(signIn.identity, seconds, 'CreateOAuth2Token');
    signIn.refreshToken = `aorAAAAAG${randomChars(SECRET_CHARS, 120)}`;
    const expiresIn = Math.round(((key.expiresAt ?? 0) - this.state.now()) / 1000);
    const idToken = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(JSON.stringify({ sub: signIn.identity.arn, aud: signIn.clientId, iat: Math.floor(this.state.now() / 1000) })).toString('base64url'),
      'unsigned',
    ].join('.');
    return { accessToken: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, sessionToken: key.sessionToken! }, tokenType: 'aws_sigv4', expiresIn, refreshToken: signIn.refreshToken, idToken };
  }

  /** Checks a DPoP proof (RFC 9449): ES256 over its header and payload by its own jwk, POST to this URL, within 5 minutes, used once. Returns the key's thumbprint. */
  private checkProof(dpop: string | undefined, url: string): string {
    if (!dpop) throw invalid('The DPoP header is missing.');
    const [h, p, s] = dpop.split('.');
    let header: { typ?: string; alg?: string; jwk?: JsonWebKey };
    let payload: { htm?: string; htu?: string; iat?: number; jti?: string };
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      throw invalid('The DPoP proof is not a JWT.');
    }
    if (header.typ !== 'dpop+jwt' || header.alg !== 'ES256' || header.jwk?.kty !== 'EC' || header.jwk.crv !== 'P-256') throw invalid('The DPoP proof must be an ES256 dpop+jwt with a P-256 jwk.');
    const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: header.jwk.x, y: header.jwk.y }, format: 'jwk' });
    const signature = Buffer.from(s ?? '', 'base64url');
    if (signature.length !== 64 || !verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)) throw invalid('The DPoP proof\'s signature is not valid.');
    if (payload.htm !== 'POST' || payload.htu !== url) throw invalid(`The DPoP proof is for ${String(payload.htm)} ${String(payload.htu)}, not POST ${url}.`);
    if (typeof payload.iat !== 'number' || Math.abs(payload.iat * 1000 - this.state.now()) > 5 * 60_000) throw invalid('The DPoP proof is too old or from the future.');
    if (!payload.jti || this.seenJti.has(payload.jti)) throw invalid('The DPoP proof was used before.');
    this.seenJti.add(payload.jti);
    const canonical = JSON.stringify({ crv: 'P-256', kty: 'EC', x: header.jwk.x, y: header.jwk.y });
    return createHash('sha256').update(canonical).digest('base64url');
  }
}
