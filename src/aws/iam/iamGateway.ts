import type { AwsCredentials } from '../../core/credentials/credentials';
import type { SdkOptions } from '../sts/stsGateway';

/** Where an IAM call goes (see resolveIamTarget in src/core/endpoints/serviceEndpoint.ts). */
export interface IamEndpoint {
  /** The region IAM calls are signed for: us-east-1 for the aws partition. */
  region: string;
  endpoint: string;
}

/** An MFA device of an IAM user, as ListMFADevices lists it. */
export interface MfaDeviceSummary {
  /** The device's ARN (virtual devices) or serial number (hardware ones): what mfa_serial takes. */
  serialNumber: string;
  userName?: string;
  /** Epoch ms. */
  enabledAt?: number;
}

/**
 * The IAM calls the extension makes, with the AWS SDK behind them (src/aws/sdk/iam.ts, bundled on
 * its own and loaded on first use). Small on purpose: the MFA devices of the calling user for
 * "Add Role Profile…". Errors are the SDK's own; src/aws/iam/iamErrors.ts turns them into sentences.
 */
export interface IamGateway {
  /** The MFA devices of the user whose keys call (every page). */
  listMfaDevices(target: IamEndpoint, caller: AwsCredentials, signal?: AbortSignal): Promise<MfaDeviceSummary[]>;
}

/** What the lazily loaded SDK bundle (dist/sdk-iam.js) exports. */
export interface IamSdk {
  createIamGateway(options?: SdkOptions): IamGateway;
}
