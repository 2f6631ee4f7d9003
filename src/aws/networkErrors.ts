import { UserError } from '../core/common/errors';
import * as l10n from '@vscode/l10n';

/** The parts of an SDK or Node error that sentences are made from. */
export interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  /** OAuth errors (IAM Identity Center's OIDC service) carry their sentence here; `message` is then "UnknownError". */
  error_description?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** An error's name, network code (also from its cause), message and HTTP status. */
export function errorParts(error: unknown): { name: string; code: string; message: string; status: number | undefined } {
  const e = (error ?? {}) as SdkLikeError;
  const cause = e.cause && typeof e.cause === 'object' && typeof (e.cause as { code?: unknown }).code === 'string' ? (e.cause as { code: string }).code : undefined;
  const message = typeof e.error_description === 'string' && (!e.message || e.message === 'UnknownError') ? e.error_description : String(e.message ?? error ?? '');
  return { name: e.name ?? '', code: e.code ?? cause ?? '', message, status: e.$metadata?.httpStatusCode };
}

/** Where a call went, for the sentence of a network failure. */
export interface NetworkContext {
  /** The sentence's start, naming the profile and what was asked ("Profile "prod": role … failed"). */
  lead: string;
  /** The service's name in sentences ("STS", "EC2", "IAM Identity Center"). */
  service: string;
  endpoint: string;
  /** The settings that name the endpoint, for a refused connection ("endpoint_url, AWS_ENDPOINT_URL…"). */
  endpointSettings: string;
  /** What to do once the network is back ("and try again", "then use Refresh on the node"). */
  retry: string;
}

/** The sentence for a DNS failure, a refused connection or a timeout; undefined for anything else. */
export function networkFailure(error: unknown, ctx: NetworkContext): UserError | undefined {
  const { name, code, message } = errorParts(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new UserError(l10n.t('{0}: the {1} endpoint {2} cannot be found (DNS). Check the network connection, a proxy or VPN, and the region and endpoint settings.', ctx.lead, ctx.service, ctx.endpoint), 'net.Dns', true);
  }
  if (code === 'ECONNREFUSED') {
    return new UserError(l10n.t('{0}: {1} refused the connection. Check that the endpoint is right ({2}) and reachable.', ctx.lead, ctx.endpoint, ctx.endpointSettings), 'net.Refused', true);
  }
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || /timed? ?out|socket hang up/i.test(message)) {
    return new UserError(l10n.t('{0}: {1} did not answer in time. Check the network connection, proxy or VPN, {2}.', ctx.lead, ctx.endpoint, ctx.retry), 'net.Timeout', true);
  }
  return undefined;
}
