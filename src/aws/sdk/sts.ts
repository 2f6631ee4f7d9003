import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
  type Credentials,
} from '@aws-sdk/client-sts';
import { fromContainerMetadata, fromEnv, fromInstanceMetadata } from '@aws-sdk/credential-providers';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentials, CallerIdentity } from '../../core/credentials/credentials';
import { createHttpHandler, DEFAULT_REQUEST_TIMEOUT_MS } from './httpHandler';
import type { CredentialSourceName, IssuedCredentials, SdkOptions, StsEndpoint, StsGateway, StsSdk } from '../sts/stsGateway';
import * as l10n from '@vscode/l10n';

/**
 * The only module that imports @aws-sdk/client-sts: bundled on its own (dist/sdk-sts.js) and
 * loaded on first use through src/aws/sdkLoader.ts, so activation never pays for the SDK.
 */


/** One STSClient per endpoint and caller; they share one keep-alive HTTP handler. */
class SdkStsGateway implements StsGateway {
  private readonly handler: NodeHttpHandler;
  private readonly maxAttempts: number;

  constructor(options: SdkOptions) {
    this.handler = createHttpHandler(options);
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  private client(target: StsEndpoint, caller: AwsCredentials | undefined): STSClient {
    return new STSClient({
      region: target.region,
      endpoint: target.endpoint,
      maxAttempts: this.maxAttempts,
      requestHandler: this.handler,
      // AssumeRoleWithWebIdentity is unsigned; the client still wants a provider, which is never called.
      credentials: caller
        ? { accessKeyId: caller.accessKeyId, secretAccessKey: caller.secretAccessKey, sessionToken: caller.sessionToken }
        : async () => {
            throw new Error(l10n.t('AssumeRoleWithWebIdentity is not signed'));
          },
    });
  }

  async assumeRole(target: StsEndpoint, caller: AwsCredentials, r: Parameters<StsGateway['assumeRole']>[2], signal?: AbortSignal): Promise<IssuedCredentials> {
    const out = await this.client(target, caller).send(
      new AssumeRoleCommand({
        RoleArn: r.roleArn,
        RoleSessionName: r.roleSessionName,
        ExternalId: r.externalId,
        SerialNumber: r.serialNumber,
        TokenCode: r.tokenCode,
        DurationSeconds: r.durationSeconds,
      }),
      { abortSignal: signal },
    );
    return issued(out.Credentials, out.AssumedRoleUser);
  }

  async getSessionToken(target: StsEndpoint, caller: AwsCredentials, r: Parameters<StsGateway['getSessionToken']>[2], signal?: AbortSignal): Promise<IssuedCredentials> {
    const out = await this.client(target, caller).send(
      new GetSessionTokenCommand({ SerialNumber: r.serialNumber, TokenCode: r.tokenCode, DurationSeconds: r.durationSeconds }),
      { abortSignal: signal },
    );
    return issued(out.Credentials, undefined);
  }

  async assumeRoleWithWebIdentity(target: StsEndpoint, r: Parameters<StsGateway['assumeRoleWithWebIdentity']>[1], signal?: AbortSignal): Promise<IssuedCredentials> {
    const out = await this.client(target, undefined).send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: r.roleArn,
        RoleSessionName: r.roleSessionName,
        WebIdentityToken: r.webIdentityToken,
        DurationSeconds: r.durationSeconds,
      }),
      { abortSignal: signal },
    );
    return issued(out.Credentials, out.AssumedRoleUser);
  }

  async getFederationToken(target: StsEndpoint, caller: AwsCredentials, r: Parameters<StsGateway['getFederationToken']>[2], signal?: AbortSignal): Promise<IssuedCredentials> {
    const out = await this.client(target, caller).send(new GetFederationTokenCommand({ Name: r.name, Policy: r.policy, DurationSeconds: r.durationSeconds }), {
      abortSignal: signal,
    });
    return issued(out.Credentials, out.FederatedUser && { Arn: out.FederatedUser.Arn, AssumedRoleId: out.FederatedUser.FederatedUserId });
  }

  async getCallerIdentity(target: StsEndpoint, caller: AwsCredentials, signal?: AbortSignal): Promise<CallerIdentity> {
    const out = await this.client(target, caller).send(new GetCallerIdentityCommand({}), { abortSignal: signal });
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  }
}

function issued(c: Credentials | undefined, user: { Arn?: string; AssumedRoleId?: string } | undefined): IssuedCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.Expiration) throw new Error(l10n.t('STS answered without credentials'));
  const result: IssuedCredentials = {
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration.getTime() },
  };
  if (user?.Arn) result.identity = { arn: user.Arn, account: user.Arn.split(':')[4] ?? '', userId: user.AssumedRoleId ?? '' };
  return result;
}

/** Creates the STS gateway. */
export function createStsGateway(options: SdkOptions = {}): StsGateway {
  return new SdkStsGateway(options);
}

/** Base credentials from a credential_source, through the SDK's providers (which read process.env themselves). */
export async function credentialSource(name: CredentialSourceName, options: SdkOptions = {}): Promise<AwsCredentials> {
  const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const provider =
    name === 'Environment' ? fromEnv() : name === 'EcsContainer' ? fromContainerMetadata({ timeout, maxRetries: 1 }) : fromInstanceMetadata({ timeout, maxRetries: 1 });
  const c = await provider();
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration?.getTime() };
}

/** The module's shape, checked against what the loader expects. */
export const sdk: StsSdk = { createStsGateway, credentialSource };
