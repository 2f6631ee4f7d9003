import { UserError } from '../../core/common/errors';
import type { ProfileModel } from '../../core/config/profileMap';
import { checkTokenOutput, dpopProof, signinRegionalEndpoint, type TokenOutput } from '../../core/login/loginToken';
import { resolveServiceTarget, type ServiceId } from '../../core/endpoints/serviceEndpoint';
import * as l10n from '@vscode/l10n';

/** The AWS Sign-In service, as endpoint configuration names it (AWS_ENDPOINT_URL_SIGNIN, a `signin` block of `services`). */
export const SIGNIN: ServiceId = { key: 'signin', envSuffix: 'SIGNIN', dnsPrefix: 'signin', displayName: 'AWS Sign-In' }; // l10n-ignore: a product's name

/** Where a profile's Sign-In calls go: a configured endpoint, else the regional one of the profile's region. */
export function signinTarget(profile: string, model: ProfileModel, env: Readonly<Record<string, string | undefined>>): { region: string; endpoint: string } {
  const target = resolveServiceTarget(SIGNIN, model.profiles.get(profile)?.values ?? {}, model.services, env);
  if ('problem' in target) throw new UserError(l10n.t('Profile "{0}": {1}', profile, target.problem), 'login.endpoint');
  return { region: target.region, endpoint: target.endpointFrom === 'regional' ? signinRegionalEndpoint(target.region) : target.endpoint };
}

/** The body of CreateOAuth2Token (`POST /v1/token`) for one grant. */
export type TokenRequest = Record<string, string>;

/** A refusal of the Sign-In service: its `error` code (TOKEN_EXPIRED, …), its exception and status. */
export class SigninError extends Error {
  constructor(
    readonly error: string,
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SigninError';
  }
}

/**
 * CreateOAuth2Token: the JSON body, unsigned, with a DPoP proof made with the sign-in's key for this
 * URL. A refusal is a SigninError; a failure to reach the service a UserError (retryable).
 */
export async function createOAuth2Token(endpoint: string, body: TokenRequest, dpopKey: string, now: number, signal?: AbortSignal): Promise<TokenOutput> {
  const url = `${endpoint}/v1/token`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', DPoP: dpopProof(dpopKey, 'POST', url, now) },
      body: JSON.stringify(body),
      signal: signal ?? AbortSignal.timeout(15_000),
    });
  } catch (e) {
    throw new UserError(l10n.t('The AWS Sign-In service at {0} could not be reached ({1}). Check the network and try again.', endpoint, String((e as Error)?.message ?? e).split('\n')[0]), 'login.network', true);
  }
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    // Not JSON (a proxy's page): the status says it.
  }
  if (!response.ok) {
    const type = (response.headers.get('x-amzn-errortype') ?? String(json.__type ?? '')).split(':')[0].split('#').pop() ?? '';
    throw new SigninError(String(json.error ?? ''), type, response.status, String(json.message ?? json.Message ?? `HTTP ${response.status}`));
  }
  return checkTokenOutput(json);
}
