import { AwsError } from './AwsError';
import { URL_SAFE_CHARS, randomChars } from './randomText';
import { GRANT, allowsGrant, parseScopes } from './ssoGrants';
import type { SsoClient, SsoState } from './SsoState';
import type { SsoInstance } from './ssoSpecs';

/** An /authorize request whose page waits for Allow or Deny. */
export interface AuthorizationRequest {
  /** The hidden field of the page's form. */
  readonly id: string;
  readonly client: SsoClient;
  readonly instance: SsoInstance;
  readonly redirectUri: string;
  readonly state: string | undefined;
  readonly codeChallenge: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}

/**
 * Validates the query of GET /authorize (the authorization-code flow with PKCE). A bad client_id or
 * redirect_uri throws (the page shows the sentence: there is nowhere safe to redirect to); any other
 * problem redirects to the application with `error=…`, as OAuth 2.0 requires. Otherwise the request
 * waits for the user's answer.
 */
export function startAuthorization(sso: SsoState, query: URLSearchParams): { request: AuthorizationRequest } | { redirect: string } {
  const clientId = query.get('client_id') ?? '';
  const client = sso.client(clientId);
  if (!client || sso.now() >= client.expiresAt) {
    throw new AwsError('InvalidClient', 400, `The client_id '${clientId}' is not a client registered with this endpoint (RegisterClient), or its registration has expired.`);
  }
  const redirectUri = query.get('redirect_uri') ?? '';
  checkRedirectUri(client, redirectUri);
  const state = query.get('state') ?? undefined;
  const refuse = (error: string, description: string) => ({ redirect: redirectLocation(redirectUri, { error, error_description: description, state }) });

  if (query.get('response_type') !== 'code') return refuse('unsupported_response_type', 'The response_type must be "code".');
  if (!allowsGrant(client, GRANT.authorizationCode)) {
    return refuse('unauthorized_client', 'The client was not registered for the authorization_code grant type.');
  }
  if (query.get('code_challenge_method') !== 'S256') return refuse('invalid_request', 'The code_challenge_method must be S256.');
  const codeChallenge = query.get('code_challenge') ?? '';
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
    return refuse('invalid_request', 'The code_challenge must be the base64url SHA-256 digest of the code verifier (43 characters).');
  }
  const scopes = parseScopes(query.get('scopes') ?? query.get('scope'));
  const unregistered = scopes.filter((s) => client.scopes.length > 0 && !client.scopes.includes(s));
  if (unregistered.length > 0) return refuse('invalid_scope', `The client did not register the scopes ${unregistered.join(', ')}.`);
  const instance = client.issuerUrl !== undefined ? sso.instance(client.issuerUrl) : sso.defaultInstance();
  if (!instance) throw new AwsError('NoInstance', 400, 'This endpoint has no IAM Identity Center instance to sign in to; load a scenario with ssoInstances.');

  const request: AuthorizationRequest = {
    id: randomChars(URL_SAFE_CHARS, 32),
    client,
    instance,
    redirectUri,
    state,
    codeChallenge,
    scopes,
    expiresAt: sso.now() + sso.authorizationCodeLifetimeSeconds * 1000,
  };
  sso.addAuthorizationRequest(request);
  return { request };
}

/**
 * Answers an /authorize request (its page's Allow or Deny): the Location to redirect the browser to,
 * `redirect_uri?code=…&state=…` after Allow (which signs the instance's user in) or
 * `redirect_uri?error=access_denied&…` after Deny. Throws when the request is unknown, answered or expired.
 */
export function decideAuthorization(sso: SsoState, requestId: string, allow: boolean): string {
  const request = sso.takeAuthorizationRequest(requestId);
  if (!request) throw new AwsError('InvalidRequest', 400, 'This sign-in request is unknown or was already answered; start the sign-in again in the application.');
  if (sso.now() >= request.expiresAt) throw new AwsError('InvalidRequest', 400, 'This sign-in request has expired; start the sign-in again in the application.');
  if (!allow) {
    return redirectLocation(request.redirectUri, { error: 'access_denied', error_description: 'The user denied the request.', state: request.state });
  }
  const code = sso.issueAuthorizationCode(request, sso.startSignIn(request.instance));
  return redirectLocation(request.redirectUri, { code: code.code, state: request.state });
}

/**
 * The redirect URI must be a loopback URI `http://127.0.0.1:PORT/PATH` (RFC 8252) and, when the client
 * registered redirect URIs, one of them with any port.
 */
function checkRedirectUri(client: SsoClient, redirectUri: string): void {
  const url = parseLoopback(redirectUri);
  if (!url || url.port === '') {
    throw new AwsError('InvalidRedirectUri', 400, `The redirect_uri '${redirectUri}' is not a loopback URI of the form http://127.0.0.1:PORT/PATH.`);
  }
  const registered = client.redirectUris.map(parseLoopback);
  if (registered.length > 0 && !registered.some((r) => r !== undefined && r.pathname === url.pathname && r.search === url.search)) {
    throw new AwsError(
      'InvalidRedirectUri',
      400,
      `The redirect_uri '${redirectUri}' is not one of the client's registered redirect URIs (${client.redirectUris.join(', ')}); only the port may differ.`,
    );
  }
}

/** A parsed `http://127.0.0.1[:PORT]/…` URI without a fragment, else undefined. */
export function parseLoopback(uri: string): URL | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.hash === '' ? url : undefined;
  } catch {
    return undefined;
  }
}

function redirectLocation(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}
