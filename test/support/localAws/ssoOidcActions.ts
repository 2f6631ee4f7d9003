import { createHash } from 'node:crypto';
import { AwsError } from './AwsError';
import type { LocalAwsState } from './LocalAwsState';
import { parseLoopback } from './ssoAuthorization';
import { GRANT, GRANT_TYPES, allowsGrant } from './ssoGrants';
import type { SsoClient, SsoSignIn, TokenProblem } from './SsoState';

/** One restJson1 request of SSO OIDC or of the portal. */
export interface JsonRequest {
  readonly state: LocalAwsState;
  /** The parsed JSON body; empty for GET. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly query: URLSearchParams;
  /** The `x-amz-sso_bearer_token` header (the portal's access token). */
  readonly bearerToken: string | undefined;
  /** `http://127.0.0.1:PORT`, for the URLs an answer points at. */
  readonly baseUrl: string;
}

/** A JSON answer; undefined answers 200 with an empty body. */
export type JsonAnswer = Readonly<Record<string, unknown>> | undefined;

/** The HTTP status of each SSO OIDC exception, as the service model declares it. */
const OIDC_STATUS: Readonly<Record<string, number>> = { InvalidClientException: 401, InternalServerException: 500 };

/** An SSO OIDC exception; the sentence becomes `error_description`. */
export function oidcError(name: string, description: string): AwsError {
  return new AwsError(name, OIDC_STATUS[name] ?? 400, description);
}

/** RegisterClient (POST /client/register). */
export function registerClient({ state, body }: JsonRequest): JsonAnswer {
  const clientName = requiredString(body, 'clientName');
  const clientType = requiredString(body, 'clientType');
  if (clientType !== 'public') {
    throw oidcError('InvalidClientMetadataException', `The clientType '${clientType}' is not supported: IAM Identity Center registers public clients only.`);
  }
  const scopes = stringList(body, 'scopes');
  const grantTypes = stringList(body, 'grantTypes');
  const redirectUris = stringList(body, 'redirectUris');
  const unknownGrant = grantTypes.find((g) => !GRANT_TYPES.includes(g));
  if (unknownGrant !== undefined) {
    throw oidcError('InvalidClientMetadataException', `The grant type '${unknownGrant}' is not supported; use ${GRANT_TYPES.join(', ')}.`);
  }
  const badUri = redirectUris.find((u) => parseLoopback(u) === undefined);
  if (badUri !== undefined) {
    throw oidcError('InvalidRedirectUriException', `The redirect URI '${badUri}' is not a loopback URI of the form http://127.0.0.1[:PORT]/PATH.`);
  }
  if (grantTypes.includes(GRANT.authorizationCode) && redirectUris.length === 0) {
    throw oidcError('InvalidRequestException', 'A client of the authorization_code grant type must register its redirectUris.');
  }
  const issuerUrl = optionalString(body, 'issuerUrl');
  if (issuerUrl !== undefined && !state.sso.instance(issuerUrl)) {
    throw oidcError('InvalidRequestException', `The issuerUrl '${issuerUrl}' is not the start URL of an IAM Identity Center instance of this endpoint.`);
  }
  const client = state.sso.registerClient({ clientName, scopes, grantTypes, redirectUris, issuerUrl });
  return {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    clientIdIssuedAt: Math.floor(client.issuedAt / 1000),
    clientSecretExpiresAt: Math.floor(client.expiresAt / 1000),
  };
}

/** StartDeviceAuthorization (POST /device_authorization). */
export function startDeviceAuthorization({ state, body, baseUrl }: JsonRequest): JsonAnswer {
  const client = authenticateClient(state, body);
  if (!allowsGrant(client, GRANT.deviceCode)) {
    throw oidcError('UnauthorizedClientException', `The client was not registered for the device code grant type (${GRANT.deviceCode}).`);
  }
  const startUrl = requiredString(body, 'startUrl');
  const instance = state.sso.instance(startUrl);
  if (!instance) throw oidcError('InvalidRequestException', `The startUrl '${startUrl}' is not the start URL of an IAM Identity Center instance of this endpoint.`);
  const device = state.sso.startDeviceAuthorization(client, instance);
  return {
    deviceCode: device.deviceCode,
    userCode: device.userCode,
    verificationUri: `${baseUrl}/device`,
    verificationUriComplete: `${baseUrl}/device?user_code=${encodeURIComponent(device.userCode)}`,
    expiresIn: Math.round((device.expiresAt - state.now()) / 1000),
    interval: device.intervalSeconds,
  };
}

/** CreateToken (POST /token): the authorization code (PKCE), device code and refresh token grants. */
export function createToken(request: JsonRequest): JsonAnswer {
  const { state, body } = request;
  if (request.query.get('aws_iam') === 't') {
    throw oidcError('InvalidRequestException', 'CreateTokenWithIAM is not supported by this local endpoint.');
  }
  const client = authenticateClient(state, body);
  const grantType = requiredString(body, 'grantType');
  if (!GRANT_TYPES.includes(grantType)) throw oidcError('UnsupportedGrantTypeException', `The grant type '${grantType}' is not supported.`);
  if (!allowsGrant(client, grantType)) throw oidcError('UnauthorizedClientException', `The client was not registered for the ${grantType} grant type.`);
  switch (grantType) {
    case GRANT.authorizationCode:
      return tokenAnswer(state, client, redeemAuthorizationCode(state, client, body));
    case GRANT.deviceCode:
      return tokenAnswer(state, client, redeemDeviceCode(state, client, body));
    default:
      return tokenAnswer(state, client, redeemRefreshToken(state, client, body));
  }
}

function redeemAuthorizationCode(state: LocalAwsState, client: SsoClient, body: Readonly<Record<string, unknown>>): SsoSignIn {
  const code = requiredString(body, 'code');
  const verifier = requiredString(body, 'codeVerifier');
  const redirectUri = requiredString(body, 'redirectUri');
  const record = state.sso.authorizationCode(code);
  if (!record || record.clientId !== client.clientId) throw oidcError('InvalidGrantException', 'The authorization code is not valid for this client.');
  if (record.used) throw oidcError('InvalidGrantException', 'The authorization code was already used.');
  record.used = true; // single use, even when this exchange fails
  if (state.now() >= record.expiresAt) throw oidcError('InvalidGrantException', 'The authorization code has expired; sign in again.');
  if (redirectUri !== record.redirectUri) {
    throw oidcError('InvalidGrantException', 'The redirectUri is not the redirect_uri of the authorization request.');
  }
  if (createHash('sha256').update(verifier).digest('base64url') !== record.codeChallenge) {
    throw oidcError('InvalidGrantException', 'The codeVerifier does not match the code_challenge of the authorization request (PKCE, S256).');
  }
  return record.signIn;
}

function redeemDeviceCode(state: LocalAwsState, client: SsoClient, body: Readonly<Record<string, unknown>>): SsoSignIn {
  const device = state.sso.deviceAuthorization(requiredString(body, 'deviceCode'));
  if (!device || device.client.clientId !== client.clientId) throw oidcError('InvalidGrantException', 'The device code is not valid for this client.');
  const now = state.now();
  const previousPoll = device.lastPolledAt;
  device.lastPolledAt = now;
  if (device.status === 'redeemed') throw oidcError('InvalidGrantException', 'The device code was already exchanged for a token.');
  if (now >= device.expiresAt) throw oidcError('ExpiredTokenException', 'The device code has expired; start a new device authorization.');
  if (device.status === 'denied') throw oidcError('AccessDeniedException', `The user denied the device authorization of code ${device.userCode}.`);
  if (device.status === 'approved') {
    device.status = 'redeemed';
    return device.signIn!;
  }
  if (previousPoll !== undefined && now - previousPoll < device.intervalSeconds * 1000) {
    throw oidcError('SlowDownException', `The device code was polled again after ${now - previousPoll} ms; wait the interval of ${device.intervalSeconds} s between polls.`);
  }
  throw oidcError('AuthorizationPendingException', `The user has not yet approved the device authorization of code ${device.userCode}.`);
}

function redeemRefreshToken(state: LocalAwsState, client: SsoClient, body: Readonly<Record<string, unknown>>): SsoSignIn {
  const token = state.sso.token(requiredString(body, 'refreshToken'));
  if (!token || token.kind !== 'refreshToken' || token.clientId !== client.clientId) {
    throw oidcError('InvalidGrantException', 'The refresh token is not valid for this client.');
  }
  const problem = state.sso.tokenProblem(token);
  if (problem !== undefined) throw oidcError('InvalidGrantException', `The refresh token ${refreshProblem(problem)}; sign in again.`);
  if (state.sso.rotateRefreshTokens) token.revoked = true;
  return token.signIn;
}

function refreshProblem(problem: TokenProblem): string {
  if (problem === 'expired') return 'has expired (its sign-in ended)';
  if (problem === 'revoked') return 'was already used (each refresh token is used once)';
  return 'belongs to a sign-in that was signed out';
}

/** The token answer; a refresh token when the client may use the refresh_token grant. */
function tokenAnswer(state: LocalAwsState, client: SsoClient, signIn: SsoSignIn): JsonAnswer {
  const issued = state.sso.issueTokens(client, signIn, allowsGrant(client, GRANT.refreshToken));
  return { accessToken: issued.accessToken, tokenType: 'Bearer', expiresIn: issued.expiresIn, refreshToken: issued.refreshToken };
}

/** The client of clientId + clientSecret, registered and unexpired; InvalidClientException otherwise. */
function authenticateClient(state: LocalAwsState, body: Readonly<Record<string, unknown>>): SsoClient {
  const clientId = requiredString(body, 'clientId');
  const clientSecret = requiredString(body, 'clientSecret');
  const client = state.sso.client(clientId);
  if (!client) throw oidcError('InvalidClientException', `The clientId '${clientId}' is not a client registered with this endpoint.`);
  if (client.clientSecret !== clientSecret) throw oidcError('InvalidClientException', `The clientSecret is not the secret of client '${clientId}'.`);
  if (state.now() >= client.expiresAt) throw oidcError('InvalidClientException', `The registration of client '${clientId}' has expired; register the client again.`);
  return client;
}

/** A required string member of a JSON body (InvalidRequestException when missing). */
export function requiredString(body: Readonly<Record<string, unknown>>, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined || value === '') throw oidcError('InvalidRequestException', `The request is missing ${name}.`);
  return value;
}

function optionalString(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw oidcError('InvalidRequestException', `The member ${name} must be a string.`);
  return value;
}

function stringList(body: Readonly<Record<string, unknown>>, name: string): string[] {
  const value = body[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw oidcError('InvalidRequestException', `The member ${name} must be a list of strings.`);
  }
  return value as string[];
}
