import { CancelledError, UserError } from '../core/common/errors';
import type { Logger } from '../core/common/logger';
import {
  FEDERATION_POLICY,
  FEDERATION_TOKEN_SECONDS,
  consoleDestination,
  consoleRoute,
  federatedUserName,
  federationEndpoint,
  loginUrl,
  partitionOf,
  signinTokenRequest,
  testSigninEndpointProblem,
  type ConsoleRoute,
  type Partition,
} from '../core/console/consoleSignIn';
import type { AwsCredentials, Clock, CredentialService } from '../core/credentials/credentials';
import type { StsTarget } from '../core/endpoints/serviceEndpoint';
import type { CredentialEngine, ProfileSnapshot } from '../credentials/credentialEngine';
import { errorParts, networkFailure } from '../aws/networkErrors';
import * as l10n from '@vscode/l10n';

/**
 * Set by scripts/build.mjs (esbuild `define`, scripts/buildDefines.mjs): true in the bundles of
 * `--test-hooks` and `--dev`, which the end-to-end tests and the demo install, false in a release;
 * undefined under tsx (the unit tests run the source). Tested where it is used, in this module, so
 * that a release's minifier drops what it guards.
 */
declare const AWS_PROFILES_TEST_HOOKS: boolean | undefined;

/**
 * The variable that sends console sign-ins to another federation endpoint: for tests and the demo
 * only (the local endpoint of test/support/localAws), never a setting, and read only by test builds:
 * a release bundle has no trace of it.
 */
export const TEST_SIGNIN_ENDPOINT_VARIABLE = 'AWS_PROFILES_TEST_SIGNIN_ENDPOINT';

/** What ConsoleSignIn works with (built where the command runs). */
export interface ConsoleSignInDeps {
  profiles: () => ProfileSnapshot;
  /** For the test endpoint variable only (test builds). */
  env: Readonly<Record<string, string | undefined>>;
  /** The credentials engine: the profile's credentials, where its STS calls go, and its STS gateway (for GetFederationToken). */
  credentials: CredentialService & Pick<CredentialEngine, 'stsTarget' | 'stsGateway'>;
  logger: Logger;
  clock: Clock;
  /** Node's fetch; tests may count calls. */
  fetch?: typeof fetch;
}

/** A console sign-in ready to open. `url` signs a browser in once: a bearer secret, never logged nor shown. */
export interface ConsoleSignInUrl {
  url: string;
  /** Who the console session acts as, when known. */
  identity: string | undefined;
  region: string;
  /** The console session's length asked for (undefined: the endpoint's default, or the federated user's credentials). */
  sessionSeconds: number | undefined;
}

/**
 * Opens the AWS Management Console as a profile, the way a console broker does: the profile's
 * temporary credentials (or, for long-term keys, a federated user's from GetFederationToken) are
 * exchanged at the partition's federation endpoint for a sign-in token, and the `login` URL with
 * it lands on the console of the profile's region. Errors are UserErrors of one sentence.
 */
export class ConsoleSignIn {
  private readonly fetch: typeof fetch;

  constructor(private readonly deps: ConsoleSignInDeps) {
    this.fetch = deps.fetch ?? globalThis.fetch;
  }

  /** The sign-in URL of a profile: its credentials (an MFA code may be asked), then the federation endpoint. */
  async signInUrl(profile: string, signal?: AbortSignal): Promise<ConsoleSignInUrl> {
    // The engine's sentences for a profile that is missing or whose endpoint settings are wrong.
    const target = this.deps.credentials.stsTarget(profile);
    const chain = this.deps.profiles().plans.get(profile)!.chain;
    const partition = partitionOf(target.region);
    if (partition === undefined) {
      throw new UserError(l10n.t('Profile "{0}" is in region {1}, whose partition has no console sign-in that AWS Profiles knows: open the console there as your organisation does.', profile, target.region), 'console.partition');
    }
    const held = await this.deps.credentials.get(profile, { interactive: true, signal });
    if (held.expiresAt !== null && held.expiresAt <= this.deps.clock.now()) {
      throw new UserError(
        l10n.t('Profile "{0}": its credentials expired at {1}, and expired credentials cannot sign in to the console. Update them (or use Refresh Credentials) and try again.', profile, new Date(held.expiresAt).toLocaleTimeString()),
        'console.expired',
      );
    }
    const route = consoleRoute(chain, held.credentials);
    let credentials: AwsCredentials = held.credentials;
    let identity = held.identity?.arn ?? this.deps.credentials.status(profile)?.identity?.arn;
    if (route.via === 'federation_token') {
      const name = federatedUserName(profile, identity);
      const issued = await this.federationToken(profile, name, target, credentials, signal);
      credentials = issued.credentials;
      identity = issued.identity;
      this.deps.logger.info(
        `Profile "${profile}" has long-term keys, which cannot sign in to the console: signing in as federated user "${name}" (GetFederationToken, ${FEDERATION_TOKEN_SECONDS / 3600} hours), which may do what the IAM user may do.`,
      );
    } else if (route.chained) {
      this.deps.logger.info(
        `The console session of profile "${profile}" lasts at most one hour: AWS allows no longer for a role assumed with another role session's credentials (role chaining).`,
      );
    }
    const endpoint = federationEndpoint(partition, this.testEndpoint());
    const token = await this.signinToken(profile, endpoint, partition, credentials, route, signal);
    return { url: loginUrl(endpoint, token, consoleDestination(partition, target.region)), identity, region: target.region, sessionSeconds: route.via === 'session' ? route.sessionSeconds : undefined };
  }

  /** The test builds' federation endpoint, if the variable names one (https:, or http: on this machine). */
  private testEndpoint(): string | undefined {
    // A block under the build-time constant, which a release's minifier removes whole.
    if (typeof AWS_PROFILES_TEST_HOOKS === 'undefined' || AWS_PROFILES_TEST_HOOKS) {
      const base = this.deps.env[TEST_SIGNIN_ENDPOINT_VARIABLE]?.trim();
      const problem = base ? testSigninEndpointProblem(base) : undefined;
      if (problem) throw new UserError(l10n.t('{0} must name an https: endpoint, or http: on this machine, since the sign-in sends it the credentials: {1}.', TEST_SIGNIN_ENDPOINT_VARIABLE, problem), 'console.testEndpoint');
      if (base) return base;
    }
    return undefined;
  }

  private async federationToken(
    profile: string,
    name: string,
    target: StsTarget,
    caller: AwsCredentials,
    signal: AbortSignal | undefined,
  ): Promise<{ credentials: AwsCredentials; identity: string | undefined }> {
    try {
      const issued = await this.deps.credentials.stsGateway().getFederationToken(target, caller, { name, policy: FEDERATION_POLICY, durationSeconds: FEDERATION_TOKEN_SECONDS }, signal);
      return { credentials: issued.credentials, identity: issued.identity?.arn };
    } catch (error) {
      if (signal?.aborted) throw new CancelledError();
      const { name: code, message } = errorParts(error);
      const lead = l10n.t('Profile "{0}": its long-term keys sign in to the console through GetFederationToken, which', profile);
      if (code === 'AccessDenied' || code === 'AccessDeniedException') {
        throw new UserError(l10n.t('{0} was denied (STS: {1}). Allow the IAM user sts:GetFederationToken, or open the console as a role profile.', lead, message), 'console.federationDenied');
      }
      const network = networkFailure(error, { lead: `${lead} failed`, service: 'STS', endpoint: target.endpoint, endpointSettings: l10n.t('endpoint_url, AWS_ENDPOINT_URL…'), retry: l10n.t('and try again') });
      if (network) throw network;
      throw new UserError(`${lead} failed${message ? ` (STS: ${message})` : ''}.`, `console.${code || 'federationFailed'}`);
    }
  }

  /** `getSigninToken`: the endpoint's answer, or one sentence saying why it refused (never with the credentials). */
  private async signinToken(profile: string, endpoint: string, partition: Partition, credentials: AwsCredentials, route: ConsoleRoute, signal: AbortSignal | undefined): Promise<string> {
    const lead = l10n.t('Profile "{0}": the AWS sign-in endpoint', profile);
    let response: Response;
    let body: string;
    try {
      const request = signinTokenRequest(endpoint, credentials, route.via === 'session' ? route.sessionSeconds : undefined, partition);
      response = await this.fetch(request.url, {
        method: request.method,
        ...(request.body !== undefined ? { body: request.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
        signal,
        redirect: 'error',
      });
      body = await response.text();
    } catch (error) {
      if (signal?.aborted) throw new CancelledError();
      const endpointSettings = typeof AWS_PROFILES_TEST_HOOKS === 'undefined' || AWS_PROFILES_TEST_HOOKS ? TEST_SIGNIN_ENDPOINT_VARIABLE : l10n.t('the network, proxy or VPN');
      const network = networkFailure(error, { lead: l10n.t('{0} could not be reached', lead), service: l10n.t('AWS sign-in'), endpoint, endpointSettings, retry: l10n.t('and try again') });
      const cause = (error as { cause?: { message?: unknown } })?.cause?.message;
      throw network ?? new UserError(l10n.t('{0} {1} could not be reached: {2}.', lead, endpoint, typeof cause === 'string' ? cause : errorParts(error).message), 'console.network', true);
    }
    if (response.ok) {
      const token = signinTokenOf(body);
      if (token) return token;
      throw new UserError(l10n.t('{0} {1} answered without a sign-in token (HTTP {2}). Try again later.', lead, endpoint, response.status), 'console.noToken', true);
    }
    const said = quote(body, credentials);
    const why =
      route.via === 'session' && route.sessionSeconds === undefined
        ? l10n.t('Only role sessions and federated users can sign in: credentials from GetSessionToken (an MFA session) or expired ones cannot.')
        : response.status >= 500
          ? l10n.t('Try again later.')
          : l10n.t('The credentials may have expired or been revoked: use Refresh Credentials and try again.');
    throw new UserError(l10n.t('{0} refused its credentials (HTTP {1}{2}). {3}', lead, response.status, said ? `: ${said}` : '', why), 'console.refused', response.status >= 500);
  }
}

/** The SigninToken of a getSigninToken answer (JSON), if any. */
function signinTokenOf(body: string): string | undefined {
  try {
    const token = (JSON.parse(body) as { SigninToken?: unknown }).SigninToken;
    return typeof token === 'string' && token !== '' ? token : undefined;
  } catch {
    return undefined;
  }
}

/** The endpoint's own sentence, when it is short plain text, without anything of the credentials. */
function quote(body: string, credentials: AwsCredentials): string {
  let text = body.trim();
  if (text === '' || text.startsWith('<') || text.length > 300) return '';
  for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) if (secret) text = text.split(secret).join('…');
  return text.replace(/\s+/g, ' ').replace(/\.$/, '');
}
