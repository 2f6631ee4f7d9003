import { type IncomingMessage, type ServerResponse } from 'node:http';
import { AwsError } from './AwsError';
import { CONSOLE_PATH, FEDERATION_PRODUCT, consolePage, getSigninToken, login, refused } from './federationActions';
import { type PageAnswer, errorPage } from './htmlPage';
import type { LocalAwsState } from './LocalAwsState';
import { Reply } from './Reply';

/** The federation endpoint's path, as at https://signin.aws.amazon.com/federation. */
export const FEDERATION_PATH = '/federation';

type Route =
  | { readonly kind: 'json'; readonly handle: (state: LocalAwsState, params: URLSearchParams) => Record<string, unknown> }
  | { readonly kind: 'page'; readonly handle: (state: LocalAwsState, params: URLSearchParams) => PageAnswer };

/** The actions of GET /federation, by their Action parameter (which is also what the call counters count). */
const ACTIONS: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['getSigninToken', { kind: 'json', handle: getSigninToken }],
  ['login', { kind: 'page', handle: login }],
]);

const CONSOLE_ROUTE: Route = { kind: 'page', handle: consolePage };

/** True for the federation endpoint and the console page its sign-ins land on (IAM Identity Center's /federation/credentials is not one). */
export function isFederationPath(path: string): boolean {
  return path === FEDERATION_PATH || path === CONSOLE_PATH;
}

/**
 * The request's parameters: the query's, and for a POST the form body's too (as AWS's federation
 * endpoint takes getSigninToken in a form body, which keeps the credentials out of URLs).
 */
function paramsOf(req: IncomingMessage, query: string, body: Buffer): URLSearchParams {
  const params = new URLSearchParams(query);
  if (req.method === 'POST' && /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.append(k, v);
  }
  return params;
}

/**
 * Serves one request to the federation endpoint: counts it under its Action ('getSigninToken',
 * 'login'; 'console' for the console page), applies injected latency and faults, answers JSON or a
 * page. getSigninToken is a GET with the parameters in the query or a POST with them in a form body;
 * login and the console page are what a browser opens (GET). A refusal is a 400 (as AWS answers a
 * bad request) whose body says why: plain text for getSigninToken, which a program calls, an error
 * page (`#error`) for what a browser opens. Each getSigninToken request's method is recorded
 * (`state.federation.signinTokenRequests()`).
 */
export async function serveFederation(
  state: LocalAwsState,
  req: IncomingMessage,
  path: string,
  query: string,
  body: Buffer,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const params = paramsOf(req, query, body);
  const isConsole = path === CONSOLE_PATH;
  const action = isConsole ? 'console' : (params.get('Action') ?? `${req.method} ${path}`);
  const route = isConsole ? CONSOLE_ROUTE : ACTIONS.get(action);
  await state.faults.arrive(action);
  const reply = new Reply(state, res, requestId);
  try {
    const allowed = action === 'getSigninToken' ? ['GET', 'POST'] : ['GET'];
    if (!allowed.includes(req.method ?? '')) throw new AwsError('MethodNotAllowed', 405, `The federation endpoint answers ${allowed.join(' or ')} here, not ${req.method}.`);
    if (action === 'getSigninToken') state.federation.recordSigninTokenRequest(req.method!, query);
    if (!route) throw refused(`The federation endpoint serves Action=getSigninToken and Action=login, not '${params.get('Action') ?? ''}'.`);
    const fault = state.faults.takeFault(action);
    if (fault) throw fault;
    if (route.kind === 'json') reply.json(200, route.handle(state, params));
    else reply.page(route.handle(state, params));
  } catch (error) {
    const awsError = error instanceof AwsError ? error : new AwsError('InternalFailure', 500, 'An internal error has occurred.');
    if (!(error instanceof AwsError)) console.error('localAws: unexpected error', error);
    if (route?.kind === 'page') reply.page(errorPage(FEDERATION_PRODUCT, awsError));
    else reply.text(awsError.status, awsError.message);
  }
}
