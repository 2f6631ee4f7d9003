import type { AwsCredentials, CallerIdentity } from '../../core/credentials/credentials';

/** Where an STS call goes (see resolveStsTarget in src/core/endpoints/serviceEndpoint.ts). */
export interface StsEndpoint {
  region: string;
  endpoint: string;
}

/** Temporary credentials as STS returns them, with who they act as when STS says so. */
export interface IssuedCredentials {
  credentials: AwsCredentials & { expiration: number };
  /** From AssumedRoleUser; absent for GetSessionToken. */
  identity?: CallerIdentity;
}

/** `AssumeRole`. */
export interface AssumeRoleRequest {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  serialNumber?: string;
  tokenCode?: string;
  durationSeconds?: number;
}

/** `GetSessionToken` (an MFA session when serialNumber and tokenCode are given). */
export interface SessionTokenRequest {
  serialNumber?: string;
  tokenCode?: string;
  durationSeconds?: number;
}

/** `GetFederationToken` (IAM user keys only): a federated user with a session policy. */
export interface FederationTokenRequest {
  name: string;
  /** The session policy (JSON); without one the federated user may do nothing. */
  policy: string;
  durationSeconds: number;
}

/** `AssumeRoleWithWebIdentity` (an unsigned call). */
export interface WebIdentityRequest {
  roleArn: string;
  roleSessionName: string;
  webIdentityToken: string;
  durationSeconds?: number;
}

/**
 * The STS calls the credentials engine (and the console sign-in) makes, with the AWS SDK behind them (src/aws/sdk/sts.ts,
 * loaded on first use). Errors are the SDK's own; src/aws/sts/stsErrors.ts turns them into sentences.
 * Retries (throttling, 5xx) happen inside; AccessDenied is not retried. `signal` ends a call (and its
 * retries) when the user cancels.
 */
export interface StsGateway {
  assumeRole(target: StsEndpoint, caller: AwsCredentials, request: AssumeRoleRequest, signal?: AbortSignal): Promise<IssuedCredentials>;
  getSessionToken(target: StsEndpoint, caller: AwsCredentials, request: SessionTokenRequest, signal?: AbortSignal): Promise<IssuedCredentials>;
  assumeRoleWithWebIdentity(target: StsEndpoint, request: WebIdentityRequest, signal?: AbortSignal): Promise<IssuedCredentials>;
  getCallerIdentity(target: StsEndpoint, caller: AwsCredentials, signal?: AbortSignal): Promise<CallerIdentity>;
  getFederationToken(target: StsEndpoint, caller: AwsCredentials, request: FederationTokenRequest, signal?: AbortSignal): Promise<IssuedCredentials>;
}

/** Base credentials from the environment, the ECS container endpoint or EC2 instance metadata. */
export type CredentialSourceName = 'Environment' | 'EcsContainer' | 'Ec2InstanceMetadata';

/** Options of the SDK module. */
export interface SdkOptions {
  /** Per attempt; the SDK's default is none. */
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Attempts per call including the first (throttling and 5xx are retried with backoff). */
  maxAttempts?: number;
}

/** What the lazily loaded SDK bundle (dist/sdk-sts.js) exports. */
export interface StsSdk {
  createStsGateway(options?: SdkOptions): StsGateway;
  /** Credentials from a `credential_source`, through the AWS SDK's own providers. */
  credentialSource(name: CredentialSourceName, options?: SdkOptions): Promise<AwsCredentials>;
}
