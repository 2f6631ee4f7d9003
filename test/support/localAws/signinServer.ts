import { type IncomingMessage, type ServerResponse } from 'node:http';
import { AwsError } from './AwsError';
import { type PageAnswer, errorPage, htmlPage } from './htmlPage';
import type { LocalAwsState } from './LocalAwsState';
import { Reply } from './Reply';
import { CROSS_DEVICE, SAME_DEVICE } from './SigninState';
import { escapeXml as html } from './xml';

/** What the titles of the Sign-In pages name. */
export const SIGNIN_PRODUCT = 'AWS Sign-In';

const PATHS = new Set(['/v1/token', '/v1/authorize', '/v1/sessions/confirmation']);

/** True for the Sign-In service's paths (`aws login`, issue 24). */
export function isSigninPath(path: string): boolean {
  return PATHS.has(path);
}

/**
 * The AWS Sign-In service of `aws login`: `POST /v1/token` (CreateOAuth2Token, JSON, unsigned, a
 * DPoP proof required), `GET /v1/authorize` (the browser's sign-in page: a user to pick, a password,
 * `#signin`), `POST /v1/authorize` (back to the redirect URI with `code` and `state`) and
 * `GET /v1/sessions/confirmation` (the code to paste, for a browser on another machine).
 */
export async function serveSignin(state: LocalAwsState, req: IncomingMessage, path: string, query: string, body: Buffer, res: ServerResponse, requestId: string): Promise<void> {
  const action = path === '/v1/token' ? 'CreateOAuth2Token' : `${req.method} ${path}`;
  await state.faults.arrive(action);
  const reply = new Reply(state, res, requestId);
  const base = `http://${req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`}`;
  try {
    const fault = state.faults.takeFault(action);
    if (fault) throw fault;
    if (req.method === 'POST' && path === '/v1/token') {
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        throw Object.assign(new AwsError('ValidationException', 400, 'The request body is not JSON.'), { oauthError: 'INVALID_REQUEST' });
      }
      const dpop = typeof req.headers.dpop === 'string' ? req.headers.dpop : undefined;
      reply.json(200, { ...state.signin.token(json, dpop, `${base}/v1/token`) });
      return;
    }
    if (req.method === 'GET' && path === '/v1/authorize') return reply.page(authorizePage(state, new URLSearchParams(query), base));
    if (req.method === 'POST' && path === '/v1/authorize') return reply.page(signIn(state, new URLSearchParams(body.toString('utf8')), base));
    if (req.method === 'GET' && path === '/v1/sessions/confirmation') return reply.page(confirmationPage(new URLSearchParams(query)));
    throw new AwsError('UnknownOperationException', 404, `This endpoint serves no operation at ${req.method} ${path}.`);
  } catch (error) {
    const awsError = error instanceof AwsError ? error : new AwsError('InternalServerException', 500, 'An internal error has occurred.');
    if (!(error instanceof AwsError)) console.error('localAws: unexpected error', error);
    if (path !== '/v1/token') return reply.page(errorPage(SIGNIN_PRODUCT, awsError));
    const oauthError = (awsError as { oauthError?: string }).oauthError ?? (awsError.status >= 500 ? 'server_error' : 'INVALID_REQUEST');
    reply.json(awsError.status, { error: oauthError, message: awsError.message }, { 'x-amzn-ErrorType': awsError.code });
  }
}

interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  challenge: string;
}

/** The authorization request's parameters, checked as the service checks them. */
function authorizeRequest(params: URLSearchParams, base: string): AuthorizeRequest {
  const bad = (why: string) => new AwsError('ValidationException', 400, why);
  if (params.get('response_type') !== 'code') throw bad('response_type must be "code".');
  const clientId = params.get('client_id') ?? '';
  if (clientId !== SAME_DEVICE && clientId !== CROSS_DEVICE) throw bad(`Unknown client_id "${clientId}".`);
  if (params.get('code_challenge_method') !== 'SHA-256') throw bad('code_challenge_method must be "SHA-256".');
  const challenge = params.get('code_challenge') ?? '';
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) throw bad('code_challenge must be the base64url SHA-256 of the verifier, without padding.');
  const state = params.get('state') ?? '';
  if (state === '') throw bad('state is required.');
  const redirectUri = params.get('redirect_uri') ?? '';
  const loopback = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\//.test(redirectUri);
  if (clientId === SAME_DEVICE && !loopback) throw bad('The same-device client redirects to a loopback address only (http://127.0.0.1:PORT/…).');
  if (clientId === CROSS_DEVICE && redirectUri !== `${base}/v1/sessions/confirmation`) throw bad(`The cross-device client redirects to ${base}/v1/sessions/confirmation only.`);
  return { clientId, redirectUri, state, challenge };
}

const FIELDS = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope'];

/** GET /v1/authorize: a user to pick (`#user`), a password (`#password`) and `#signin`, as the console's sign-in page asks. */
function authorizePage(state: LocalAwsState, params: URLSearchParams, base: string): PageAnswer {
  const request = authorizeRequest(params, base);
  const users = state.signin.users();
  const hidden = FIELDS.map((k) => `<input type="hidden" name="${k}" value="${html(params.get(k) ?? '')}">`).join('\n');
  return {
    status: 200,
    html: htmlPage(
      SIGNIN_PRODUCT,
      'Sign in',
      `<h1 id="title">Sign in to AWS for local development</h1>
<p>Client: <span id="client">${html(request.clientId)}</span></p>
<form method="post" action="/v1/authorize">
${hidden}
<label>IAM user <select id="user" name="user">${users.map((u) => `<option value="${html(u.arn)}">${html(u.arn)}</option>`).join('')}</select></label>
<label>Password <input id="password" name="password" type="password"></label>
<button id="signin" type="submit">Sign in</button>
</form>`,
    ),
  };
}

/** POST /v1/authorize: back to the redirect URI with a code and the state. */
function signIn(state: LocalAwsState, form: URLSearchParams, base: string): PageAnswer {
  const request = authorizeRequest(form, base);
  const user = state.iam.user(form.get('user') ?? '');
  if (!user) throw new AwsError('ValidationException', 400, 'No such IAM user.');
  if ((form.get('password') ?? '') === '') throw new AwsError('AccessDeniedException', 403, 'Your authentication information is incorrect. Please try again.');
  const code = state.signin.issueCode(user.identity, request.clientId, request.redirectUri, request.challenge);
  const to = new URL(request.redirectUri);
  to.searchParams.set('code', code);
  to.searchParams.set('state', request.state);
  return { status: 302, location: to.toString() };
}

/** GET /v1/sessions/confirmation: the code to paste (`#verification-code`), the base64 of `code=…&state=…`. */
function confirmationPage(params: URLSearchParams): PageAnswer {
  const pasted = Buffer.from(new URLSearchParams({ code: params.get('code') ?? '', state: params.get('state') ?? '' }).toString()).toString('base64');
  return { status: 200, html: htmlPage(SIGNIN_PRODUCT, 'Verification code', `<h1 id="title">Paste this code where you signed in</h1>\n<code id="verification-code">${html(pasted)}</code>`) };
}
