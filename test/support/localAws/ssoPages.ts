import { AwsError } from './AwsError';
import { type PageAnswer, htmlPage } from './htmlPage';
import type { LocalAwsState } from './LocalAwsState';
import { decideAuthorization, startAuthorization } from './ssoAuthorization';
import { escapeXml as html } from './xml';

/** What the titles of the IAM Identity Center pages (and their error pages) name. */
export const SSO_PRODUCT = 'IAM Identity Center';

/**
 * GET /authorize: the sign-in page a browser opens for the authorization-code flow, with the
 * instance, the user, the application and two buttons, `#allow` and `#deny` (a plain form).
 */
export function authorizePage(state: LocalAwsState, query: URLSearchParams): PageAnswer {
  const started = startAuthorization(state.sso, query);
  if ('redirect' in started) return { status: 302, location: started.redirect };
  const { request } = started;
  return ok(
    'Allow access?',
    `<h1 id="title">Allow ${html(request.client.clientName)} to access your data?</h1>
${whoAndWhere(request.instance)}
<p>Scopes: <span id="scopes">${html(request.scopes.join(', ') || 'none')}</span></p>
<form method="post" action="/authorize">
<input type="hidden" name="request_id" value="${html(request.id)}">
${buttons()}
</form>`,
  );
}

/** POST /authorize (Allow or Deny): redirects the browser back to the application. */
export function authorizeDecision(state: LocalAwsState, form: URLSearchParams): PageAnswer {
  return { status: 302, location: decideAuthorization(state.sso, form.get('request_id') ?? '', decisionOf(form)) };
}

/**
 * GET /device[?user_code=ABCD-EFGH] (verificationUri / verificationUriComplete): without a code, a
 * form to type it (`#user-code-input`, `#next`); with one, the code to confirm and `#allow` / `#deny`.
 */
export function devicePage(state: LocalAwsState, query: URLSearchParams): PageAnswer {
  const userCode = query.get('user_code');
  if (userCode === null || userCode.trim() === '') {
    return ok(
      'Enter the code',
      `<h1 id="title">Enter the code shown by the application</h1>
<form method="get" action="/device">
<label for="user-code-input">Code</label> <input id="user-code-input" name="user_code" autocomplete="off">
<button id="next" type="submit">Next</button>
</form>`,
    );
  }
  const device = state.sso.pendingDevice(userCode);
  return ok(
    'Authorize request',
    `<h1 id="title">Allow ${html(device.client.clientName)} to access your data?</h1>
${whoAndWhere(device.instance)}
<p>Check that the application shows this code: <code id="user-code">${html(device.userCode)}</code></p>
<form method="post" action="/device">
<input type="hidden" name="user_code" value="${html(device.userCode)}">
${buttons()}
</form>`,
  );
}

/** POST /device (Allow or Deny): approves or denies the device authorization, then says so (`#result`). */
export function deviceDecision(state: LocalAwsState, form: URLSearchParams): PageAnswer {
  const device = state.sso.pendingDevice(form.get('user_code') ?? '');
  const allow = decisionOf(form);
  if (allow) state.sso.approveDevice(device.userCode);
  else state.sso.denyDevice(device.userCode);
  return ok(
    allow ? 'Request approved' : 'Request denied',
    `<h1 id="title">${allow ? 'Request approved' : 'Request denied'}</h1>
<p id="result">${allow ? 'Request approved' : 'Request denied'}. You can close this window and return to ${html(device.client.clientName)}.</p>`,
  );
}

function decisionOf(form: URLSearchParams): boolean {
  const decision = form.get('decision');
  if (decision !== 'allow' && decision !== 'deny') throw new AwsError('InvalidRequest', 400, 'The form must send decision=allow or decision=deny.');
  return decision === 'allow';
}

function whoAndWhere(instance: { name: string; startUrl: string; userName: string }): string {
  return `<p>IAM Identity Center <strong id="instance">${html(instance.name)}</strong> (<span id="start-url">${html(instance.startUrl)}</span>)</p>
<p>Signed in as <strong id="user">${html(instance.userName)}</strong></p>`;
}

function buttons(): string {
  return `<button id="allow" type="submit" name="decision" value="allow">Allow</button>
<button id="deny" type="submit" name="decision" value="deny">Deny</button>`;
}

function ok(title: string, body: string): PageAnswer {
  return { status: 200, html: htmlPage(SSO_PRODUCT, title, body) };
}
