import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentials } from '../../core/credentials/credentials';
import type { IamEndpoint, IamGateway, MfaDeviceSummary } from '../iam/iamGateway';
import type { AccessKeyLastUse, AccessKeysGateway, AccessKeySummary, CreatedAccessKey, IamKeysSdk } from '../iam/accessKeysGateway';
import type { SdkOptions } from '../sts/stsGateway';
import { createHttpHandler } from './httpHandler';
import * as l10n from '@vscode/l10n';

/**
 * The only module that imports @aws-sdk/client-iam: bundled on its own (dist/sdk-iam.js, sharing the
 * SDK's runtime with the other SDK bundles) and loaded through src/aws/sdkLoader.ts when "Add Role
 * Profile…" first lists MFA devices.
 */
class SdkIamGateway implements IamGateway {
  private readonly handler: NodeHttpHandler;
  private readonly maxAttempts: number;

  constructor(options: SdkOptions) {
    this.handler = createHttpHandler(options);
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** One IAMClient per call (the caller's credentials differ), all on the gateway's one HTTP handler. */
  protected client(target: IamEndpoint, caller: AwsCredentials): IAMClient {
    return new IAMClient({
      region: target.region,
      endpoint: target.endpoint,
      maxAttempts: this.maxAttempts,
      requestHandler: this.handler,
      credentials: { accessKeyId: caller.accessKeyId, secretAccessKey: caller.secretAccessKey, sessionToken: caller.sessionToken },
    });
  }

  async listMfaDevices(target: IamEndpoint, caller: AwsCredentials, signal?: AbortSignal): Promise<MfaDeviceSummary[]> {
    const client = this.client(target, caller);
    const devices: MfaDeviceSummary[] = [];
    let marker: string | undefined;
    do {
      const out = await client.send(new ListMFADevicesCommand({ Marker: marker }), { abortSignal: signal });
      for (const d of out.MFADevices ?? []) {
        if (d.SerialNumber) devices.push({ serialNumber: d.SerialNumber, userName: d.UserName, enabledAt: d.EnableDate?.getTime() });
      }
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    return devices;
  }
}

/** Creates the IAM gateway. */
export function createIamGateway(options: SdkOptions = {}): IamGateway {
  return new SdkIamGateway(options);
}

/** The calls on the caller's own access keys (issue 24), on the IAM gateway's clients. */
class SdkAccessKeysGateway extends SdkIamGateway implements AccessKeysGateway {
  async listAccessKeys(target: IamEndpoint, caller: AwsCredentials, signal?: AbortSignal): Promise<AccessKeySummary[]> {
    const client = this.client(target, caller);
    const keys: AccessKeySummary[] = [];
    let marker: string | undefined;
    do {
      const out = await client.send(new ListAccessKeysCommand({ Marker: marker }), { abortSignal: signal });
      for (const k of out.AccessKeyMetadata ?? []) {
        if (k.AccessKeyId) keys.push({ accessKeyId: k.AccessKeyId, status: k.Status === 'Inactive' ? 'Inactive' : 'Active', createdAt: k.CreateDate?.getTime() ?? 0, userName: k.UserName ?? '' });
      }
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    return keys;
  }

  async accessKeyLastUsed(target: IamEndpoint, caller: AwsCredentials, accessKeyId: string, signal?: AbortSignal): Promise<AccessKeyLastUse> {
    const out = await this.client(target, caller).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }), { abortSignal: signal });
    const used = out.AccessKeyLastUsed;
    // A key never used: no date, and "N/A" for the service and region.
    const known = (v: string | undefined) => (v && v !== 'N/A' ? v : undefined);
    return { userName: out.UserName ?? '', lastUsedAt: used?.LastUsedDate?.getTime(), service: known(used?.ServiceName), region: known(used?.Region) };
  }

  async createAccessKey(target: IamEndpoint, caller: AwsCredentials, signal?: AbortSignal): Promise<CreatedAccessKey> {
    const key = (await this.client(target, caller).send(new CreateAccessKeyCommand({}), { abortSignal: signal })).AccessKey;
    if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error(l10n.t('IAM CreateAccessKey answered without a key.'));
    return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey, createdAt: key.CreateDate?.getTime() ?? Date.now(), userName: key.UserName ?? '' };
  }

  async updateAccessKey(target: IamEndpoint, caller: AwsCredentials, accessKeyId: string, status: 'Active' | 'Inactive', signal?: AbortSignal): Promise<void> {
    await this.client(target, caller).send(new UpdateAccessKeyCommand({ AccessKeyId: accessKeyId, Status: status }), { abortSignal: signal });
  }

  async deleteAccessKey(target: IamEndpoint, caller: AwsCredentials, accessKeyId: string, signal?: AbortSignal): Promise<void> {
    await this.client(target, caller).send(new DeleteAccessKeyCommand({ AccessKeyId: accessKeyId }), { abortSignal: signal });
  }
}

/** Creates the gateway of the calls on the caller's access keys. */
export function createAccessKeysGateway(options: SdkOptions = {}): AccessKeysGateway {
  return new SdkAccessKeysGateway(options);
}

/** The module's shape, checked against what the loader expects. */
export const sdk: IamKeysSdk = { createIamGateway, createAccessKeysGateway };
