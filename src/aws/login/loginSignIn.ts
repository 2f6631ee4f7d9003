import { createHash, generateKeyPairSync, randomInt, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledError, UserError } from '../../core/common/errors';
import { accountOfArn, CROSS_DEVICE_CLIENT, jwtSubject, loginTimestamp, LOGIN_CREDENTIAL_SECONDS, SAME_DEVICE_CLIENT, type LoginToken } from '../../core/login/loginToken';
import { createOAuth2Token, SigninError } from './signinGateway';
import * as l10n from '@vscode/l10n';

/**
 * The browser sign-in of `aws login` (issue 24): OAuth 2.0 authorization code with PKCE, a new P-256
 * key that every token call proves possession of (DPoP), the code returned to a loopback listener
 * (a browser on this machine) or pasted (a browser elsewhere). The result is the sign-in's token in
 * the login cache's format and its session (the identity's ARN).
 */

/** A sign-in under way: what the browser opens, and what finishing it needs (kept in memory only). */
export interface PendingSignIn {
  url: string;
  clientId: string;
  redirectUri: string;
  state: string;
  verifier: string;
  dpopKey: string;
}

const VERIFIER_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/** Starts a sign-in: a key, a state, a verifier of 64 characters and its S256 challenge, and the authorization URL. */
export function startSignIn(endpoint: string, redirectUri: string | null): PendingSignIn {
  const dpopKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString();
  const verifier = Array.from({ length: 64 }, () => VERIFIER_CHARS[randomInt(VERIFIER_CHARS.length)]).join('');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomUUID();
  const clientId = redirectUri === null ? CROSS_DEVICE_CLIENT : SAME_DEVICE_CLIENT;
  const to = redirectUri ?? `${endpoint}/v1/sessions/confirmation`;
  const query = new URLSearchParams({ response_type: 'code', client_id: clientId, state, code_challenge_method: 'SHA-256', scope: 'openid', redirect_uri: to, code_challenge: challenge });
  return { url: `${endpoint}/v1/authorize?${query}`, clientId, redirectUri: to, state, verifier, dpopKey };
}

/** The code and state in what a remote browser shows (base64 of `code=…&state=…`), or undefined. */
export function parsePastedCode(text: string): { code: string; state: string } | undefined {
  const params = new URLSearchParams(Buffer.from(text.trim(), 'base64').toString('utf8'));
  const code = params.get('code');
  const state = params.get('state');
  return code && state ? { code, state } : undefined;
}

/** Exchanges the code (its state checked first) for the sign-in's token; the session is the id token's subject. */
export async function finishSignIn(endpoint: string, pending: PendingSignIn, returned: { code: string; state: string }, now: number, signal?: AbortSignal): Promise<{ session: string; token: LoginToken }> {
  if (returned.state !== pending.state) throw new UserError(l10n.t('The sign-in came back with another state than it was started with; it was not used. Sign in again.'), 'login.state');
  let out;
  try {
    out = await createOAuth2Token(endpoint, { clientId: pending.clientId, grantType: 'authorization_code', code: returned.code, codeVerifier: pending.verifier, redirectUri: pending.redirectUri }, pending.dpopKey, now, signal);
  } catch (e) {
    if (!(e instanceof SigninError)) throw e;
    if (e.error === 'AUTHCODE_EXPIRED') throw new UserError(l10n.t('The sign-in took too long and its code expired. Sign in again.'), 'login.codeExpired');
    if (e.error === 'INSUFFICIENT_PERMISSIONS') throw new UserError(l10n.t('This identity may not sign in for local development: it needs signin:AuthorizeOAuth2Access and signin:CreateOAuth2Token (AWS\'s SignInLocalDevelopmentAccess policy).'), 'login.denied');
    throw new UserError(l10n.t('The AWS Sign-In service refused the sign-in: {0} ({1}).', e.message, e.type || String(e.status)), 'login.failed');
  }
  const session = out.idToken === undefined ? undefined : jwtSubject(out.idToken);
  const accountId = session === undefined ? undefined : accountOfArn(session);
  if (session === undefined || accountId === undefined) throw new UserError(l10n.t('The AWS Sign-In service answered without the identity that signed in. Sign in again.'), 'login.badAnswer');
  const token: LoginToken = {
    accessToken: { ...out.accessToken, accountId, expiresAt: loginTimestamp(now + (out.expiresIn ?? LOGIN_CREDENTIAL_SECONDS) * 1000) },
    tokenType: out.tokenType,
    clientId: pending.clientId,
    refreshToken: out.refreshToken,
    idToken: out.idToken,
    dpopKey: pending.dpopKey,
  };
  return { session, token };
}

/** A loopback listener for the browser's redirect: its URI, the code it receives, and closing it. */
export interface LoopbackListener {
  redirectUri: string;
  code: Promise<{ code: string; state: string }>;
  close(): void;
}

/** Listens on 127.0.0.1 (a free port, or `port`) at /oauth/callback, answers the browser with a page that says to go back to VS Code, and stops on `signal`. */
export async function listenForCode(port = 0, signal?: AbortSignal): Promise<LoopbackListener> {
  let settle!: { resolve: (v: { code: string; state: string }) => void; reject: (e: unknown) => void };
  const code = new Promise<{ code: string; state: string }>((resolve, reject) => (settle = { resolve, reject }));
  code.catch(() => undefined);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/oauth/callback') {
      res.writeHead(404).end();
      return;
    }
    const got = { code: url.searchParams.get('code') ?? '', state: url.searchParams.get('state') ?? '' };
    const error = url.searchParams.get('error');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }); // l10n-ignore: a header
    // l10n-ignore: the page's markup; its sentence is localised
    res.end(`<!doctype html><meta charset="utf-8"><title>AWS Profiles</title><p id="done">${got.code && !error ? l10n.t('Signed in. You can close this tab and return to VS Code.') : l10n.t('The sign-in did not complete. Return to VS Code and try again.')}</p>`);
    if (got.code && got.state && !error) settle.resolve(got);
    else settle.reject(new UserError(l10n.t('The browser came back without a sign-in ({0}). Sign in again.', error ?? l10n.t('no code')), 'login.noCode'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const close = () => {
    server.close();
    server.closeAllConnections();
  };
  signal?.addEventListener('abort', () => {
    settle.reject(new CancelledError());
    close();
  });
  return { redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/callback`, code, close };
}
