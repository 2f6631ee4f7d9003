import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledError, UserError } from '../core/common/errors';
import { authorizeUrl, describeSession, pkcePair, type SsoSession } from '../core/sso/ssoSession';
import { errorParts } from '../aws/networkErrors';
import type { DeviceAuthorization, IssuedToken, SsoClientRegistration, SsoEndpoint, SsoGateway } from '../aws/sso/ssoGateway';
import * as l10n from '@vscode/l10n';

/**
 * The two sign-in flows of the AWS CLI v2, without VS Code: the OAuth 2.0 authorization-code flow
 * with PKCE and a loopback redirect (the default), and the device-authorization flow (where a browser
 * cannot reach this machine's loopback). The UI gives them a way to open a URL, to show a code, and a
 * signal that cancels.
 */

/** The redirect path on 127.0.0.1, and the URI registered with the client (any port, as RFC 8252 allows). */
export const REDIRECT_PATH = '/oauth/callback';
export const REGISTERED_REDIRECT_URI = `http://127.0.0.1${REDIRECT_PATH}`;

/** Grant types each flow registers its client for. */
export const BROWSER_GRANTS = ['authorization_code', 'refresh_token'];
export const DEVICE_GRANTS = ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'];

/** How long the browser may take to come back (the user signs in there, perhaps with MFA). */
const BROWSER_TIMEOUT_MS = 10 * 60_000;

/** What a flow needs besides the gateway. */
export interface SignInContext {
  gateway: SsoGateway;
  oidc: SsoEndpoint;
  session: SsoSession;
  /** A registered client for these grant types (kept and reused by the caller). */
  client(grantTypes: string[], redirectUris?: string[]): Promise<SsoClientRegistration>;
  /** Aborted when the user cancels (the notification's Cancel). */
  signal: AbortSignal;
}

/** A token, and the client it was issued to (needed to refresh it). */
export interface SignedIn extends IssuedToken {
  client: SsoClientRegistration;
}

/**
 * The authorization-code flow with PKCE: a one-shot HTTP server on 127.0.0.1 receives the browser's
 * redirect; `open` shows the sign-in page in the user's browser (false: it could not).
 */
export async function browserSignIn(ctx: SignInContext, open: (url: string) => Promise<boolean>): Promise<SignedIn> {
  const client = await ctx.client(BROWSER_GRANTS, [REGISTERED_REDIRECT_URI]);
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const callback = await listenForCallback(state, ctx);
  try {
    const url = authorizeUrl(ctx.oidc.endpoint, { clientId: client.clientId, redirectUri: callback.redirectUri, scopes: ctx.session.scopes, state, challenge });
    if (!(await open(url))) {
      throw new UserError(l10n.t('VS Code could not open a browser to sign in to {0}. Set awsProfiles.sso.signInFlow to "device" to sign in with a code instead.', describeSession(ctx.session)), 'sso.noBrowser');
    }
    const code = await callback.code;
    const token = await ctx.gateway.createToken(ctx.oidc, { clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'authorization_code', code, codeVerifier: verifier, redirectUri: callback.redirectUri });
    return { ...token, client };
  } finally {
    callback.close();
  }
}

/** The loopback server of one sign-in: resolves `code` with the browser's authorization code. */
async function listenForCallback(state: string, ctx: SignInContext): Promise<{ redirectUri: string; code: Promise<string>; close(): void }> {
  let settle: { resolve(code: string): void; reject(e: Error): void } | undefined;
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  code.catch(() => undefined);
  const server = createServer((req, res) => handle(req, res));
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== REDIRECT_PATH) return page(res, 404, l10n.t('Not found.'));
    if (url.searchParams.get('state') !== state) return page(res, 400, l10n.t('This sign-in link is not the one AWS Profiles opened. Start the sign-in again in VS Code.'));
    const error = url.searchParams.get('error');
    if (error) {
      page(res, 200, l10n.t('The sign-in was not completed. You can close this tab and go back to VS Code.'));
      settle?.reject(
        new UserError(
          error === 'access_denied' ? l10n.t('The sign-in to {0} was denied in the browser.', describeSession(ctx.session)) : l10n.t('The sign-in to {0} failed in the browser ({1}).', describeSession(ctx.session), error),
          'sso.denied',
        ),
      );
      return;
    }
    const got = url.searchParams.get('code');
    if (!got) return page(res, 400, l10n.t('The sign-in page sent no code. Start the sign-in again in VS Code.'));
    page(res, 200, l10n.t('Signed in to AWS. You can close this tab and go back to VS Code.'));
    settle?.resolve(got);
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const timer = setTimeout(
    () => settle?.reject(new UserError(l10n.t('The sign-in to {0} did not finish in the browser within {1} minutes (was the tab closed?). Sign in again.', describeSession(ctx.session), BROWSER_TIMEOUT_MS / 60_000), 'sso.browserTimeout')),
    BROWSER_TIMEOUT_MS,
  );
  const onAbort = () => settle?.reject(new CancelledError());
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  return {
    redirectUri: `http://127.0.0.1:${port}${REDIRECT_PATH}`,
    code,
    close: () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      server.close();
      server.closeAllConnections();
    },
  };
}

function page(res: ServerResponse, status: number, text: string): void {
  const html = l10n.t('<!doctype html><meta charset="utf-8"><title>AWS Profiles</title><body style="font-family: sans-serif; margin: 3em"><p id="message">{0}</p></body>', text.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;')));
  res.writeHead(status, { 'Content-Type': l10n.t('text/html; charset=utf-8'), 'Cache-Control': 'no-store' });
  res.end(html);
}

/**
 * The device-authorization flow: `show` tells the user the code and where to confirm it; the token
 * is polled for at the interval the service asks (longer after `slow_down`), until the code expires.
 */
export async function deviceSignIn(ctx: SignInContext, show: (auth: DeviceAuthorization) => void): Promise<SignedIn> {
  const client = await ctx.client(DEVICE_GRANTS);
  const auth = await ctx.gateway.startDeviceAuthorization(ctx.oidc, { clientId: client.clientId, clientSecret: client.clientSecret, startUrl: ctx.session.startUrl });
  show(auth);
  let interval = Math.max(1, auth.intervalSeconds) * 1000;
  const deadline = Date.now() + auth.expiresInSeconds * 1000;
  for (;;) {
    await sleep(interval, ctx.signal);
    try {
      const token = await ctx.gateway.createToken(ctx.oidc, { clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: auth.deviceCode });
      return { ...token, client };
    } catch (e) {
      const { name } = errorParts(e);
      if (name === 'AuthorizationPendingException' && Date.now() < deadline) continue;
      if (name === 'SlowDownException') {
        interval += 5_000;
        continue;
      }
      if (name === 'ExpiredTokenException' || name === 'AuthorizationPendingException') {
        throw new UserError(l10n.t('The sign-in code {0} for {1} expired before it was confirmed in the browser. Sign in again.', auth.userCode, describeSession(ctx.session)), 'sso.deviceExpired');
      }
      if (name === 'AccessDeniedException') throw new UserError(l10n.t('The sign-in to {0} was denied in the browser.', describeSession(ctx.session)), 'sso.denied');
      throw e;
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
