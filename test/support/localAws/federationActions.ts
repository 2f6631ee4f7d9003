import { AwsError } from './AwsError';
import { type PageAnswer, htmlPage } from './htmlPage';
import type { AccessKey, LocalAwsState } from './LocalAwsState';
import { escapeXml as html } from './xml';

/** The page a console sign-in lands on instead of the real console (Destination is only shown). */
export const CONSOLE_PATH = '/federation/console';

/** What the titles of the federation pages (and their error pages) name. */
export const FEDERATION_PRODUCT = 'AWS sign-in';

/**
 * Action=getSigninToken&Session=…[&SessionDuration=N]: a single-use sign-in token for temporary
 * credentials this endpoint issued. Like AWS it takes credentials from AssumeRole,
 * AssumeRoleWithWebIdentity, GetFederationToken and IAM Identity Center (GetRoleCredentials), and
 * refuses long-term keys and GetSessionToken credentials, which cannot sign in to the console.
 */
export function getSigninToken(state: LocalAwsState, params: URLSearchParams): Record<string, unknown> {
  const key = sessionCredentials(state, params.get('Session'));
  return { SigninToken: state.federation.issueSigninToken(key, sessionDurationOf(params, key)) };
}

/**
 * Action=login&SigninToken=…&Destination=URL[&Issuer=URL]: uses the token and records the sign-in,
 * then redirects to the local console page (the real endpoint redirects to Destination itself).
 */
export function login(state: LocalAwsState, params: URLSearchParams): PageAnswer {
  const signinToken = params.get('SigninToken');
  if (!signinToken) throw refused('Action=login needs SigninToken: the token that Action=getSigninToken returned.');
  const destination = destinationOf(params.get('Destination'));
  const signIn = state.federation.signIn(signinToken, destination, params.get('Issuer') ?? undefined);
  return { status: 302, location: `${CONSOLE_PATH}?${new URLSearchParams({ signin: signIn.id })}` };
}

/** GET /federation/console?signin=ID: who signed in (`#identity`), to which account, and the console page asked for (`#destination`). */
export function consolePage(state: LocalAwsState, params: URLSearchParams): PageAnswer {
  const signIn = state.federation.signInById(params.get('signin') ?? '');
  if (!signIn) throw new AwsError('NotFound', 404, 'No console sign-in has this id: sign in through /federation?Action=login first.');
  const noPermissions = signIn.hasPermissions
    ? ''
    : '\n<p id="no-permissions">This session has no permissions: GetFederationToken was called without Policy or PolicyArns.</p>';
  const ends = new Date(signIn.sessionExpiresAt).toISOString();
  return {
    status: 200,
    html: htmlPage(
      FEDERATION_PRODUCT,
      'AWS Management Console',
      `<h1 id="title">AWS Management Console</h1>
<p id="signed-in">Signed in as <strong id="identity">${html(signIn.arn)}</strong></p>
<p>Account <span id="account">${html(signIn.accountId)}</span></p>
<p>Destination <code id="destination">${html(signIn.destination)}</code></p>
<p>The console session ends at <time id="session-ends" datetime="${ends}">${ends}</time></p>${noPermissions}`,
    ),
  };
}

/** The temporary credentials that Session names, when they may sign in to the console; a refusal that says why otherwise. */
function sessionCredentials(state: LocalAwsState, raw: string | null): AccessKey {
  if (!raw) {
    throw refused('Action=getSigninToken needs Session: the URL-encoded JSON {"sessionId": access key id, "sessionKey": secret access key, "sessionToken": session token}.');
  }
  const session = parseSession(raw);
  const key = state.accessKey(session.sessionId);
  if (!key || key.secretAccessKey !== session.sessionKey) {
    throw refused(`The credentials in Session are not valid: no access key ${session.sessionId} with that secret.`);
  }
  if (key.issuedBy === undefined) {
    throw refused('Long-term access keys cannot sign in to the console. Call GetFederationToken (or AssumeRole) with them and pass the temporary credentials it returns.');
  }
  if (session.sessionToken !== key.sessionToken) {
    throw refused(`The credentials in Session are not valid: sessionToken is missing or does not belong to ${key.accessKeyId}.`);
  }
  if (key.expiresAt! <= state.now()) {
    throw refused(`The credentials in Session expired at ${new Date(key.expiresAt!).toISOString()}. Get new temporary credentials and try again.`);
  }
  if (key.issuedBy === 'GetSessionToken') {
    throw refused('Credentials from GetSessionToken cannot sign in to the console. Use credentials from AssumeRole or GetFederationToken.');
  }
  return key;
}

function parseSession(raw: string): { sessionId: string; sessionKey: string; sessionToken: string | undefined } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const { sessionId, sessionKey, sessionToken } = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (typeof sessionId !== 'string' || typeof sessionKey !== 'string' || !(sessionToken === undefined || typeof sessionToken === 'string')) {
    throw refused('Session must be JSON with the strings sessionId, sessionKey and sessionToken, URL-encoded once.');
  }
  return { sessionId, sessionKey, sessionToken };
}

/**
 * SessionDuration, the console session's length: 900 to 43200 seconds, at most 3600 for a role
 * session obtained by role chaining, never for GetFederationToken credentials (their console session
 * lasts as long as they do); undefined when left out.
 */
function sessionDurationOf(params: URLSearchParams, key: AccessKey): number | undefined {
  const raw = params.get('SessionDuration');
  if (raw === null) return undefined;
  if (key.issuedBy === 'GetFederationToken') {
    throw refused('SessionDuration cannot be used with credentials from GetFederationToken: their console session lasts as long as they do. Leave SessionDuration out.');
  }
  const seconds = Number(raw);
  if (!/^\d+$/.test(raw) || seconds < 900 || seconds > 43200) {
    throw refused(`SessionDuration must be a whole number of seconds from 900 (15 minutes) to 43200 (12 hours), not '${raw}'.`);
  }
  if (key.isRoleChained && seconds > 3600) {
    throw refused(
      `SessionDuration ${seconds} is too long for ${key.identity.arn}: it was obtained by role chaining, and such console sessions last at most 3600 seconds (1 hour).`,
    );
  }
  return seconds;
}

function destinationOf(raw: string | null): string {
  if (!raw) throw refused('Action=login needs Destination: the absolute URL of the console page to open, e.g. https://console.aws.amazon.com/.');
  let protocol: string | undefined;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'https:' && protocol !== 'http:') throw refused(`Destination must be an absolute http or https URL, not '${raw}'.`);
  return raw;
}

/** A request the federation endpoint turns down: 400, with the sentence as the body (or the error page). */
export function refused(message: string): AwsError {
  return new AwsError('InvalidRequest', 400, message);
}
