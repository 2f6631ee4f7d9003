import { createHash, randomBytes } from 'node:crypto';
import { hasOwn } from '../common/objects';
import type { ProfileModel } from '../config/profileMap';
import type { ConfigValue, SsoHop } from '../config/types';

/**
 * IAM Identity Center sign-in sessions as the AWS CLI (botocore) names and caches them: an
 * `[sso-session NAME]` section, or the start URL of a legacy profile (`sso_start_url` in the profile).
 * One sign-in serves every profile of a session.
 */

/** One sign-in: where, in which region, with which scopes. */
export interface SsoSession {
  /** What the AWS CLI keys its token cache by: the sso-session's name, or the start URL (legacy). */
  key: string;
  /** The sso-session's name; null for a legacy profile. */
  name: string | null;
  startUrl: string;
  region: string;
  /** `sso_registration_scopes`, default `sso:account:access`. */
  scopes: string[];
}

/** The scope the AWS CLI registers with when none is configured. */
export const DEFAULT_SSO_SCOPES = ['sso:account:access'];

function text(v: ConfigValue | undefined): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** `sso_registration_scopes` as botocore splits it: comma-separated, spaces trimmed. */
export function parseScopes(v: ConfigValue | undefined): string[] {
  const scopes = (text(v) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return scopes.length > 0 ? scopes : [...DEFAULT_SSO_SCOPES];
}

/** The session of a planned SSO hop (the planner has checked that the session exists and is complete). */
export function sessionOfHop(hop: SsoHop, model: ProfileModel): SsoSession {
  if (hop.sso_session !== null) {
    const section = model.ssoSessions.get(hop.sso_session);
    return { key: hop.sso_session, name: hop.sso_session, startUrl: hop.sso_start_url, region: hop.sso_region, scopes: parseScopes(section?.values.sso_registration_scopes) };
  }
  return { key: hop.sso_start_url, name: null, startUrl: hop.sso_start_url, region: hop.sso_region, scopes: [...DEFAULT_SSO_SCOPES] };
}

/** Every session the files define: each `[sso-session]` with a start URL and region, and each legacy start URL of a profile. */
export function sessionsOf(model: ProfileModel): SsoSession[] {
  const sessions = new Map<string, SsoSession>();
  for (const [name, section] of model.ssoSessions) {
    const startUrl = text(section.values.sso_start_url);
    const region = text(section.values.sso_region);
    if (startUrl && region) sessions.set(`s:${name}`, { key: name, name, startUrl, region, scopes: parseScopes(section.values.sso_registration_scopes) });
  }
  for (const entry of model.profiles.values()) {
    const v = entry.values;
    if (hasOwn(v, 'sso_session')) continue;
    const startUrl = text(v.sso_start_url);
    const region = text(v.sso_region);
    if (startUrl && region && !sessions.has(`u:${startUrl}`)) sessions.set(`u:${startUrl}`, { key: startUrl, name: null, startUrl, region, scopes: [...DEFAULT_SSO_SCOPES] });
  }
  return [...sessions.values()];
}

/** How a session is named in sentences: `sso-session "corp"`, or the start URL. */
export function describeSession(session: SsoSession): string {
  return session.name !== null ? `sso-session "${session.name}" (${session.startUrl})` : session.startUrl;
}

/** The AWS CLI's token cache file name for a session: the SHA-1 of its key (`~/.aws/sso/cache/<this>`). */
export function cliCacheFileName(session: Pick<SsoSession, 'key'>): string {
  return `${createHash('sha1').update(session.key, 'utf8').digest('hex')}.json`;
}

/** A session's token and what refreshes it: the extension keeps this in SecretStorage, never on disk. */
export interface SsoToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  refreshToken?: string;
  /** The OIDC client the token was issued to (needed to refresh it). */
  clientId?: string;
  clientSecret?: string;
  /** Epoch ms. */
  registrationExpiresAt?: number;
  startUrl: string;
  region: string;
  /** `cli`: taken from the AWS CLI's cache (its session, which this extension never refreshes nor revokes unasked). */
  origin?: 'cli';
}

/** ISO 8601 in UTC without milliseconds, as the AWS CLI writes its token cache. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Reads the AWS CLI's cached token of a session (the JSON it writes after `aws sso login`). Undefined
 * when it is not for this session, not JSON, or lacks a token or an expiry.
 */
export function parseCliToken(json: string, session: SsoSession): SsoToken | undefined {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const str = (k: string) => (typeof data[k] === 'string' && data[k] !== '' ? (data[k] as string) : undefined);
  const accessToken = str('accessToken');
  const expiresAt = Date.parse(str('expiresAt') ?? '');
  if (!accessToken || Number.isNaN(expiresAt)) return undefined;
  if (str('startUrl') !== undefined && str('startUrl') !== session.startUrl) return undefined;
  const registrationExpiresAt = Date.parse(str('registrationExpiresAt') ?? '');
  return {
    accessToken,
    expiresAt,
    startUrl: session.startUrl,
    region: str('region') ?? session.region,
    ...(str('refreshToken') ? { refreshToken: str('refreshToken') } : {}),
    ...(str('clientId') ? { clientId: str('clientId') } : {}),
    ...(str('clientSecret') ? { clientSecret: str('clientSecret') } : {}),
    ...(Number.isNaN(registrationExpiresAt) ? {} : { registrationExpiresAt }),
  };
}

/** A token in the AWS CLI's cache format (what `aws sso login` writes), for `aws --profile X` outside VS Code. */
export function formatCliToken(token: SsoToken): string {
  const out: Record<string, string> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: isoSeconds(token.expiresAt),
  };
  if (token.clientId) out.clientId = token.clientId;
  if (token.clientSecret) out.clientSecret = token.clientSecret;
  if (token.registrationExpiresAt !== undefined) out.registrationExpiresAt = isoSeconds(token.registrationExpiresAt);
  if (token.refreshToken) out.refreshToken = token.refreshToken;
  return JSON.stringify(out);
}

/** A PKCE pair (RFC 7636, S256): the verifier kept by the client, the challenge sent to /authorize. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The browser's sign-in page of the authorization-code flow: the OIDC endpoint's /authorize. */
export function authorizeUrl(
  oidcEndpoint: string,
  p: { clientId: string; redirectUri: string; scopes: string[]; state: string; challenge: string },
): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    scopes: p.scopes.join(','),
    state: p.state,
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
  });
  return `${oidcEndpoint}/authorize?${query.toString()}`;
}
