import { type IncomingMessage, type ServerResponse } from 'node:http';
import { AwsError } from './AwsError';
import { type PageAnswer, errorPage } from './htmlPage';
import type { LocalAwsState } from './LocalAwsState';
import { Reply } from './Reply';
import { type JsonAnswer, type JsonRequest, createToken, registerClient, startDeviceAuthorization } from './ssoOidcActions';
import { SSO_PRODUCT, authorizeDecision, authorizePage, deviceDecision, devicePage } from './ssoPages';
import { getRoleCredentials, listAccountRoles, listAccounts, logout } from './ssoPortalActions';

type Route =
  | { readonly kind: 'oidc' | 'portal'; readonly action: string; readonly handle: (request: JsonRequest) => JsonAnswer }
  | { readonly kind: 'page'; readonly action: string; readonly handle: (state: LocalAwsState, params: URLSearchParams) => PageAnswer };

/** Every SSO route: `METHOD /path` → the operation (SSO OIDC and the portal speak restJson1, unsigned). */
const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['POST /client/register', { kind: 'oidc', action: 'RegisterClient', handle: registerClient }],
  ['POST /device_authorization', { kind: 'oidc', action: 'StartDeviceAuthorization', handle: startDeviceAuthorization }],
  ['POST /token', { kind: 'oidc', action: 'CreateToken', handle: createToken }],
  ['GET /federation/credentials', { kind: 'portal', action: 'GetRoleCredentials', handle: getRoleCredentials }],
  ['GET /assignment/accounts', { kind: 'portal', action: 'ListAccounts', handle: listAccounts }],
  ['GET /assignment/roles', { kind: 'portal', action: 'ListAccountRoles', handle: listAccountRoles }],
  ['POST /logout', { kind: 'portal', action: 'Logout', handle: logout }],
  ['GET /authorize', { kind: 'page', action: 'Authorize', handle: authorizePage }],
  ['POST /authorize', { kind: 'page', action: 'AuthorizeDecision', handle: authorizeDecision }],
  ['GET /device', { kind: 'page', action: 'DeviceVerification', handle: devicePage }],
  ['POST /device', { kind: 'page', action: 'DeviceDecision', handle: deviceDecision }],
]);

const SSO_PATHS: ReadonlySet<string> = new Set([...ROUTES.keys()].map((key) => key.slice(key.indexOf(' ') + 1)));

/** The OAuth error code SSO OIDC puts in `error` for each exception. */
const OAUTH_ERRORS: Readonly<Record<string, string>> = {
  AccessDeniedException: 'access_denied',
  AuthorizationPendingException: 'authorization_pending',
  ExpiredTokenException: 'expired_token',
  InternalServerException: 'server_error',
  InvalidClientException: 'invalid_client',
  InvalidClientMetadataException: 'invalid_client_metadata',
  InvalidGrantException: 'invalid_grant',
  InvalidRedirectUriException: 'invalid_redirect_uri',
  InvalidRequestException: 'invalid_request',
  InvalidScopeException: 'invalid_scope',
  SlowDownException: 'slow_down',
  UnauthorizedClientException: 'unauthorized_client',
  UnsupportedGrantTypeException: 'unsupported_grant_type',
};

/** True for the paths of SSO OIDC, the portal and the approval pages (STS and EC2 are served at `/`). */
export function isSsoPath(path: string): boolean {
  return SSO_PATHS.has(path);
}

/** Serves one request to an SSO path: counts it, applies injected latency and faults, answers JSON or a page. */
export async function serveSso(
  state: LocalAwsState,
  req: IncomingMessage,
  path: string,
  query: string,
  body: Buffer,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const route = ROUTES.get(`${req.method} ${path}`);
  const params = new URLSearchParams(query);
  const action = route === undefined ? `${req.method} ${path}` : path === '/token' && params.get('aws_iam') === 't' ? 'CreateTokenWithIAM' : route.action;
  await state.faults.arrive(action);
  const reply = new Reply(state, res, requestId);
  try {
    if (!route) throw new AwsError('UnknownOperationException', 404, `This endpoint serves no operation at ${req.method} ${path}.`);
    const fault = state.faults.takeFault(action);
    if (fault) throw fault;
    if (route.kind === 'page') {
      const form = req.method === 'POST' ? new URLSearchParams(body.toString('utf8')) : params;
      reply.page(route.handle(state, form));
    } else {
      const request: JsonRequest = {
        state,
        body: parseJson(body),
        query: params,
        bearerToken: typeof req.headers['x-amz-sso_bearer_token'] === 'string' ? req.headers['x-amz-sso_bearer_token'] : undefined,
        baseUrl: `http://${req.socket.localAddress}:${req.socket.localPort}`,
      };
      reply.json(200, route.handle(request));
    }
  } catch (error) {
    const awsError = error instanceof AwsError ? error : new AwsError('InternalServerException', 500, 'An internal error has occurred.');
    if (!(error instanceof AwsError)) console.error('localAws: unexpected error', error);
    if (route?.kind === 'page') reply.page(errorPage(SSO_PRODUCT, awsError));
    else sendError(reply, awsError, route?.kind ?? 'portal');
  }
}

/**
 * A restJson1 error: the exception's name in `x-amzn-ErrorType`, and the body SSO OIDC sends
 * (`{"error": "invalid_grant", "error_description": "…"}`) or the portal sends (`{"message": "…"}`).
 */
function sendError(reply: Reply, error: AwsError, kind: 'oidc' | 'portal'): void {
  const body = kind === 'oidc' ? { error: OAUTH_ERRORS[error.code] ?? (error.status >= 500 ? 'server_error' : 'invalid_request'), error_description: error.message } : { message: error.message };
  reply.json(error.status, body, { 'x-amzn-ErrorType': error.code });
}

/** The JSON object of a request body ({} when empty); InvalidRequestException when it is not one. */
function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError('InvalidRequestException', 400, 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AwsError('InvalidRequestException', 400, 'The request body must be a JSON object.');
  return value as Record<string, unknown>;
}
