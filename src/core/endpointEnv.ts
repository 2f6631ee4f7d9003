import type { EnvironmentChange } from './terminal/envExport';
import type { ProfileResolution } from './types';

/** Where a terminal fetches its credentials in endpoint mode: the window's loopback server and the terminal's token. */
export interface EndpointRegistration {
  /** `http://127.0.0.1:<port>/<path>`, for AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  url: string;
  /** The Authorization header value, for AWS_CONTAINER_AUTHORIZATION_TOKEN. A secret: never logged. */
  token: string;
}

/**
 * Variables an endpoint-mode terminal must not have, because the AWS CLI or an SDK would use them
 * before (or instead of) the credential endpoint: keys in the environment (first in every chain), a
 * profile name, the web identity variables (checked before the container provider everywhere), and
 * the two container variables that take precedence over the full URI and its token.
 */
export const ENDPOINT_CLEARED_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
] as const;

/**
 * Of the variables to clear, those an empty value does not neutralise: botocore tests
 * `name in os.environ` for the two container variables (an empty relative URI sends it to
 * 169.254.170.2, an empty token file is opened), and an empty AWS_PROFILE makes the AWS CLI fail
 * with "The config profile () could not be found".
 */
const NOT_BLANKABLE = new Set<string>([
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
]);

/**
 * The variables of a terminal in endpoint mode: the endpoint's URL and token instead of keys, the
 * region (undefined: leave the inherited one alone), an empty credentials file (undefined: leave
 * the inherited one) so that `[default]` keys in ~/.aws/credentials do not win over the endpoint,
 * and everything else that would win removed. Same shape as environmentFor
 * (src/core/envExport.ts), so formatExports and strictEnvironment apply unchanged.
 */
export function endpointEnvironment(endpoint: EndpointRegistration, region: string | undefined, credentialsFile?: string): EnvironmentChange {
  const set: Record<string, string> = {
    AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.url,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: endpoint.token,
  };
  if (credentialsFile !== undefined) set.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
  if (region) {
    set.AWS_REGION = region;
    set.AWS_DEFAULT_REGION = region;
  }
  return { set, unset: [...ENDPOINT_CLEARED_VARIABLES] };
}

/** What the window's terminal environment collection should hold in endpoint mode, or why it cannot. */
export type EndpointCollection =
  | { ok: true; values: Record<string, string> }
  /** Inherited variables a collection cannot remove (it can only replace): use a terminal of our own (strictEnv) or environment mode. */
  | { ok: false; cannotClear: string[] };

/**
 * The endpoint-mode counterpart of terminalCollection: variables to clear that the inherited
 * environment really has are replaced with an empty value where every client reads empty as unset;
 * where that is not so (see NOT_BLANKABLE) the collection cannot do it, and says which.
 */
export function endpointCollection(change: EnvironmentChange, inherited: Record<string, string | undefined>): EndpointCollection {
  const values: Record<string, string> = { ...change.set };
  const cannotClear: string[] = [];
  for (const name of change.unset) {
    if (inherited[name] === undefined) continue;
    if (NOT_BLANKABLE.has(name)) cannotClear.push(name);
    else values[name] = '';
  }
  return cannotClear.length ? { ok: false, cannotClear } : { ok: true, values };
}

/**
 * Why a terminal would not use the endpoint even with the right variables, or undefined when it
 * would. The AWS CLI, botocore and the SDKs for JavaScript, Go and Java all try the `default`
 * profile before a container credential endpoint, so a `default` with credentials (or one that
 * fails to resolve, which stops the CLI) wins over it. Endpoint-mode terminals read an empty
 * credentials file, so `defaultPlan` is `default` as planned from the config file alone: what is
 * left is a `[default]` there with its own keys, role, process or SSO. Harmless only when the
 * selected profile is that `default` with plain keys: same identity, no expiry.
 */
export function endpointShadowedBy(selectedProfile: string, defaultPlan: ProfileResolution | undefined): string | undefined {
  if (!defaultPlan || defaultPlan.result === 'no_credentials') return undefined;
  if (selectedProfile === 'default' && defaultPlan.result === 'ok' && defaultPlan.chain.length === 1 && defaultPlan.chain[0].kind === 'static') {
    return undefined;
  }
  const what = defaultPlan.result === 'ok' ? `has credentials of its own (${defaultPlan.chain[0]?.kind ?? 'keys'})` : 'cannot be resolved';
  return `[default] in the config file ${what}, and the AWS CLI and SDKs use it before a credential endpoint.`;
}

/** What one endpoint-mode terminal needs to know to decide. */
export interface EndpointTerminalInput {
  endpoint: EndpointRegistration;
  region: string | undefined;
  /** The empty credentials file terminals read instead of ~/.aws/credentials, or why there is none. */
  credentialsFile: { path: string } | { problem: string };
  /** `default` as planned from the config file alone (undefined: no such profile). */
  configDefault: ProfileResolution | undefined;
}

/** An endpoint-mode terminal's environment, or why the profile's terminals get keys in the environment instead. */
export type EndpointTerminal =
  /** `values`: for the window's collection (replace only); `change`: for a terminal of its own (strictEnv) or exports. */
  | { ok: true; change: EnvironmentChange; values: Record<string, string> }
  | { ok: false; reason: string };

/**
 * Decides whether terminals of `profile` can use the endpoint: not when the empty credentials file
 * is unavailable, when `[default]` in the config file would win (endpointShadowedBy), or, for the
 * window's collection (`inherited` given), when VS Code's own environment has a variable that a
 * collection cannot clear (AWS_PROFILE). A terminal of its own (strictEnv) passes `inherited`
 * undefined: it can remove anything.
 */
export function endpointTerminal(
  profile: string,
  input: EndpointTerminalInput,
  inherited?: Record<string, string | undefined>,
): EndpointTerminal {
  if ('problem' in input.credentialsFile) return { ok: false, reason: input.credentialsFile.problem };
  const shadowed = endpointShadowedBy(profile, input.configDefault);
  if (shadowed) return { ok: false, reason: shadowed };
  const change = endpointEnvironment(input.endpoint, input.region, input.credentialsFile.path);
  if (inherited === undefined) return { ok: true, change, values: change.set };
  const collection = endpointCollection(change, inherited);
  if (!collection.ok) {
    return {
      ok: false,
      reason: `VS Code's own environment has ${collection.cannotClear.join(' and ')}, which a terminal environment collection cannot remove (use "Open Terminal with Profile…", or start VS Code without it).`,
    };
  }
  return { ok: true, change, values: collection.values };
}
