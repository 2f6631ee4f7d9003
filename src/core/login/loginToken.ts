import { createHash, createPrivateKey, createPublicKey, randomUUID, sign } from 'node:crypto';
import { UserError } from '../common/errors';
import * as l10n from '@vscode/l10n';

/**
 * The sign-in of `aws login` (AWS CLI 2.32, botocore's LoginProvider, the SDK for JavaScript's
 * @aws-sdk/credential-provider-login) as this extension reads, refreshes and writes it: the token
 * the login cache holds for a `login_session`, its credentials, the refresh call's body and what its
 * answer changes, and the DPoP proof that goes with every call to the Sign-In service's token
 * endpoint. Facts and sources: README.md beside this file. Pure: the file, the clock and the network
 * are the caller's.
 */

/** The temporary credentials of a sign-in, as the cache holds them. */
export interface LoginAccessToken {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** The signed-in identity's account (from the ARN the sign-in names). */
  accountId: string;
  /** ISO 8601 UTC, e.g. 2026-12-06T19:15:00Z. */
  expiresAt: string;
}

/** One sign-in, exactly as `~/.aws/login/cache/<sha256 of login_session>.json` holds it. */
export interface LoginToken {
  accessToken: LoginAccessToken;
  tokenType?: string;
  /** `arn:aws:signin:::devtools/same-device` (browser on this machine) or `…/cross-device` (remote). */
  clientId: string;
  refreshToken: string;
  /** A JWT whose `sub` is the login_session (the identity's ARN). */
  idToken?: string;
  /** The P-256 key that signs the DPoP proofs, PEM "EC PRIVATE KEY" (SEC1). */
  dpopKey: string;
  /** Fields this extension does not know, kept as they are when the file is written back. */
  [other: string]: unknown;
}

/** The clients `aws login` uses: a browser on this machine (loopback redirect) or elsewhere (a code to paste). */
export const SAME_DEVICE_CLIENT = 'arn:aws:signin:::devtools/same-device';
export const CROSS_DEVICE_CLIENT = 'arn:aws:signin:::devtools/cross-device';

/** Credentials with less left than this are refreshed first, as botocore and the JS SDK do (5 minutes). */
export const LOGIN_REFRESH_THRESHOLD_MS = 5 * 60_000;

/** What the Sign-In service's credentials last when its answer says nothing (15 minutes, the JS SDK's default). */
export const LOGIN_CREDENTIAL_SECONDS = 900;

/** The name of a sign-in's file in the login cache: the SHA-256 (hex) of the login_session's UTF-8 bytes, then `.json`. */
export function loginCacheFileName(loginSession: string): string {
  return `${createHash('sha256').update(loginSession, 'utf8').digest('hex')}.json`;
}

/**
 * The token in a login cache file's text, checked as the SDKs check it (accessToken with its
 * account, clientId, refreshToken, dpopKey); a UserError naming the file and the fix otherwise.
 */
export function parseLoginToken(text: string, file: string): LoginToken {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError(l10n.t('The aws login cache file {0} is not JSON. Sign in again (`aws login`, or Sign In with Console Credentials…).', file), 'login.cacheInvalid');
  }
  const token = value as Partial<LoginToken> | null;
  const access = token?.accessToken as Partial<LoginAccessToken> | undefined;
  const missing = [
    ...(['clientId', 'refreshToken', 'dpopKey'] as const).filter((k) => typeof token?.[k] !== 'string' || token[k] === ''),
    ...(['accessKeyId', 'secretAccessKey', 'sessionToken', 'accountId', 'expiresAt'] as const).filter((k) => typeof access?.[k] !== 'string' || access[k] === '').map((k) => `accessToken.${k}`),
  ];
  if (missing.length > 0) {
    throw new UserError(l10n.t('The aws login cache file {0} lacks {1}. Sign in again (`aws login`, or Sign In with Console Credentials…).', file, missing.join(', ')), 'login.cacheInvalid');
  }
  if (Number.isNaN(Date.parse(access!.expiresAt!))) {
    throw new UserError(l10n.t('The aws login cache file {0} has an expiry that is not a date ("{1}"). Sign in again.', file, String(access!.expiresAt)), 'login.cacheInvalid');
  }
  return token as LoginToken;
}

/** Epoch ms at which a token's credentials expire. */
export function loginExpiry(token: LoginToken): number {
  return Date.parse(token.accessToken.expiresAt);
}

/** Whether the cached credentials are to be refreshed before use (less than 5 minutes left). */
export function loginNeedsRefresh(token: LoginToken, now: number): boolean {
  return loginExpiry(token) - now <= LOGIN_REFRESH_THRESHOLD_MS;
}

/** The body of CreateOAuth2Token that refreshes a sign-in (POST /v1/token, JSON, unsigned, with a DPoP proof). */
export function refreshRequestBody(token: LoginToken): Record<string, string> {
  return { clientId: token.clientId, grantType: 'refresh_token', refreshToken: token.refreshToken };
}

/** What CreateOAuth2Token answers (its JSON body). */
export interface TokenOutput {
  accessToken: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  tokenType?: string;
  expiresIn?: number;
  refreshToken: string;
  idToken?: string;
}

/** A token answer checked for what a refresh needs; a UserError otherwise. */
export function checkTokenOutput(value: unknown): TokenOutput {
  const out = value as Partial<TokenOutput> | null;
  const a = out?.accessToken;
  if (!a || typeof a.accessKeyId !== 'string' || typeof a.secretAccessKey !== 'string' || typeof a.sessionToken !== 'string' || typeof out?.refreshToken !== 'string') {
    throw new UserError(l10n.t('The AWS Sign-In service answered without credentials or a refresh token. Sign in again; if it persists, the service may have a temporary problem.'), 'login.badAnswer', true);
  }
  return out as TokenOutput;
}

/** The CLI's format of an expiry: seconds, UTC, `Z`. */
export function loginTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The token after a refresh: new credentials and refresh token, every other field (account, client, key, unknown ones) kept. */
export function applyRefresh(token: LoginToken, out: TokenOutput, now: number): LoginToken {
  return {
    ...token,
    accessToken: {
      ...token.accessToken,
      accessKeyId: out.accessToken.accessKeyId,
      secretAccessKey: out.accessToken.secretAccessKey,
      sessionToken: out.accessToken.sessionToken,
      expiresAt: loginTimestamp(now + (out.expiresIn ?? LOGIN_CREDENTIAL_SECONDS) * 1000),
    },
    refreshToken: out.refreshToken,
  };
}

/** The `sub` of a JWT's payload (the login_session an id token names), or undefined. */
export function jwtSubject(jwt: string): string | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const sub = (JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** The account of an ARN (`arn:aws:iam::111111111111:user/x` → 111111111111), or undefined. */
export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * A DPoP proof (RFC 9449) for one request: a JWT, ES256, whose header carries the public half of
 * the sign-in's key (`jwk`) and whose payload names the method (`htm`), the URL (`htu`), the time
 * (`iat`, seconds) and a fresh id (`jti`); the signature is the raw r‖s pair.
 */
export function dpopProof(pemKey: string, method: string, url: string, nowMs: number, jti: string = randomUUID()): string {
  const key = createPrivateKey(pemKey);
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } };
  const payload = { htm: method, htu: url, iat: Math.floor(nowMs / 1000), jti };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The regional Sign-In endpoint of a region (its partition's domain), where no endpoint is configured. */
export function signinRegionalEndpoint(region: string): string {
  if (region.startsWith('cn-')) return `https://${region}.signin.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `https://${region}.signin.amazonaws-us-gov.com`;
  return `https://${region}.signin.aws.amazon.com`;
}
