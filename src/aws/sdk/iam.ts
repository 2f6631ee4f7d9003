import { IAMClient, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentials } from '../../core/credentials/credentials';
import type { IamEndpoint, IamGateway, IamSdk, MfaDeviceSummary } from '../iam/iamGateway';
import type { SdkOptions } from '../sts/stsGateway';
import { createHttpHandler } from './httpHandler';

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

  async listMfaDevices(target: IamEndpoint, caller: AwsCredentials, signal?: AbortSignal): Promise<MfaDeviceSummary[]> {
    const client = new IAMClient({
      region: target.region,
      endpoint: target.endpoint,
      maxAttempts: this.maxAttempts,
      requestHandler: this.handler,
      credentials: { accessKeyId: caller.accessKeyId, secretAccessKey: caller.secretAccessKey, sessionToken: caller.sessionToken },
    });
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

/** The module's shape, checked against what the loader expects. */
export const sdk: IamSdk = { createIamGateway };
