import type { Hop } from '../config/types';
import type { AwsCredentials } from '../credentials/credentials';
import { isRoleSessionKind } from '../credentials/credentialSteps';
import * as l10n from '@vscode/l10n';

/**
 * The AWS Management Console sign-in of a profile, as a console broker does it (the IAM User Guide's
 * "custom identity broker" flow): the profile's temporary credentials, or for long-term keys those of
 * a GetFederationToken call, go to the partition's federation endpoint (`getSigninToken`), and the
 * token it answers goes into a `login` URL whose Destination is the console of the profile's region.
 * Everything here is pure: which way a profile signs in, how long the console session lasts, the URLs.
 */

/** The partitions that have a console sign-in endpoint. */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** The hosts of a partition: the federation (sign-in) endpoint and the console. */
const HOSTS: Record<Partition, { signin: string; console: string }> = {
  aws: { signin: 'https://signin.aws.amazon.com', console: 'https://console.aws.amazon.com' },
  'aws-cn': { signin: 'https://signin.amazonaws.cn', console: 'https://console.amazonaws.cn' },
  'aws-us-gov': { signin: 'https://signin.amazonaws-us-gov.com', console: 'https://console.amazonaws-us-gov.com' },
};

/** The longest console session AWS grants (SessionDuration's maximum), in seconds: 12 hours. */
export const CONSOLE_SESSION_MAX_SECONDS = 43_200;
/** The longest console session of a role session obtained by role chaining, in seconds: 1 hour. */
export const CHAINED_CONSOLE_SESSION_MAX_SECONDS = 3_600;
/** GetFederationToken's DurationSeconds for a console sign-in from long-term keys: 12 hours, as the longest role console session. */
export const FEDERATION_TOKEN_SECONDS = 43_200;

/**
 * The session policy passed to GetFederationToken. Without one the federated user may do nothing;
 * with this one it may do what the IAM user itself may do (the intersection of the user's policies
 * and this policy), which is what opening the console "as the profile" means.
 */
export const FEDERATION_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

/** The partition of a region (undefined: a partition without a console sign-in, such as the ISO regions). */
export function partitionOf(region: string): Partition | undefined {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (/^us-iso[a-z]*-/.test(region) || /^eu-isoe-/.test(region)) return undefined;
  return 'aws';
}

/** The federation endpoint of a partition, or the base a test gives instead (with `/federation` after it). */
export function federationEndpoint(partition: Partition, testBase?: string): string {
  return `${(testBase ?? HOSTS[partition].signin).replace(/\/+$/, '')}/federation`;
}

/** The console home page of a region, the Destination of the sign-in. */
export function consoleDestination(partition: Partition, region: string): string {
  return `${HOSTS[partition].console}/console/home?region=${encodeURIComponent(region)}`;
}

/** How a profile's credentials become a console sign-in. */
export type ConsoleRoute =
  /** Temporary credentials of a role session sign in themselves, for `sessionSeconds`. */
  | { readonly via: 'session'; readonly sessionSeconds: number | undefined; readonly chained: boolean }
  /** Long-term keys: GetFederationToken first (its credentials decide the console session's length). */
  | { readonly via: 'federation_token' };

/**
 * How the credentials of a profile whose chain is `chain` (top hop first) sign in. Long-term keys
 * (no session token) go through GetFederationToken. A role session (AssumeRole, web identity, IAM
 * Identity Center) asks for the longest console session: 12 hours, or 1 hour when the role was
 * assumed with another role session's credentials (role chaining). Other temporary credentials
 * (written in a file, from a credential_process) are of unknown kind: they are tried without a
 * SessionDuration, and the endpoint says if they cannot sign in (GetSessionToken credentials cannot).
 */
export function consoleRoute(chain: readonly Hop[], credentials: AwsCredentials): ConsoleRoute {
  if (!credentials.sessionToken) return { via: 'federation_token' };
  const [top, source] = chain;
  if (top === undefined || !isRoleSessionKind(top.kind)) return { via: 'session', sessionSeconds: undefined, chained: false };
  const chained = top.kind === 'assume_role' && source !== undefined && isRoleSessionKind(source.kind);
  return { via: 'session', sessionSeconds: chained ? CHAINED_CONSOLE_SESSION_MAX_SECONDS : CONSOLE_SESSION_MAX_SECONDS, chained };
}

/**
 * The name of the federated user GetFederationToken creates (2 to 32 of `[\w+=,.@-]`): the IAM
 * user's name from its ARN when known, else the profile's name, so that CloudTrail says who it was.
 */
export function federatedUserName(profile: string, userArn: string | undefined): string {
  const fromArn = userArn?.match(/:user\/(?:.*\/)?([^/]+)$/)?.[1];
  const name = (fromArn ?? profile).replace(/[^\w+=,.@-]/g, '-').slice(0, 32);
  return name.length >= 2 ? name : `${name}--`.slice(0, 2);
}

/** A `getSigninToken` request: where it goes, how, and the form body that carries the credentials (a secret: never logged). */
export interface SigninTokenRequest {
  url: string;
  method: 'GET' | 'POST';
  /** `application/x-www-form-urlencoded`, for a POST. */
  body?: string;
}

/**
 * The partitions whose federation endpoint is sent getSigninToken as a POST with a form body, which
 * keeps the secret key and session token out of the URL (URLs end up in proxy logs and HAR captures);
 * AWS's own IDE toolkit signs in that way. GovCloud's endpoint is sent the GET the IAM User Guide
 * shows, which is all it is known to accept.
 */
const POST_PARTITIONS: readonly Partition[] = ['aws', 'aws-cn'];

/** The `getSigninToken` request for a set of temporary credentials in a partition (a bearer secret: never logged). */
export function signinTokenRequest(endpoint: string, credentials: AwsCredentials, sessionSeconds: number | undefined, partition: Partition): SigninTokenRequest {
  const session = JSON.stringify({ sessionId: credentials.accessKeyId, sessionKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken });
  const params = new URLSearchParams({ Action: 'getSigninToken', Session: session });
  if (sessionSeconds !== undefined) params.set('SessionDuration', String(sessionSeconds));
  if (POST_PARTITIONS.includes(partition)) return { url: endpoint, method: 'POST', body: params.toString() };
  return { url: `${endpoint}?${params}`, method: 'GET' };
}

/**
 * Why a test federation endpoint (the test builds' AWS_PROFILES_TEST_SIGNIN_ENDPOINT) is refused, or
 * undefined: it receives a secret key and session token, so only `https:`, or `http:` to this
 * machine's loopback (the local test endpoint), will do.
 */
export function testSigninEndpointProblem(base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return l10n.t('{0} is not a URL', JSON.stringify(base));
  }
  if (url.protocol === 'https:') return undefined;
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
  if (url.protocol === 'http:' && loopback) return undefined;
  return l10n.t('{0} is neither https: nor http: on this machine', url.origin);
}

/** The `login` URL that signs a browser in (a bearer secret until used: never logged, never shown). */
export function loginUrl(endpoint: string, signinToken: string, destination: string): string {
  return `${endpoint}?${new URLSearchParams({ Action: 'login', Destination: destination, SigninToken: signinToken })}`;
}
