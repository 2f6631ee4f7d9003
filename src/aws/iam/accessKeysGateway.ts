import type { AwsCredentials } from '../../core/credentials/credentials';
import type { SdkOptions } from '../sts/stsGateway';
import type { IamEndpoint, IamGateway, IamSdk } from './iamGateway';

/** An access key of an IAM user, as ListAccessKeys lists it. */
export interface AccessKeySummary {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  /** Epoch ms. */
  createdAt: number;
  userName: string;
}

/** When and where a key was last used (GetAccessKeyLastUsed); no time for a key never used. */
export interface AccessKeyLastUse {
  userName: string;
  /** Epoch ms. */
  lastUsedAt?: number;
  /** The service's signing name (`sts`, `s3`, `ec2`), absent when never used. */
  service?: string;
  region?: string;
}

/** A key CreateAccessKey made: its secret is shown once, here only. */
export interface CreatedAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** Epoch ms. */
  createdAt: number;
  userName: string;
}

/**
 * The IAM calls on the caller's own access keys (issue 24): the key age and last use shown under a
 * profile, and the rotation. No user name is ever sent: IAM acts on the user whose keys (or MFA
 * session) sign the call; the MFA devices (IamGateway) on the same client. Errors are the SDK's own;
 * iamErrors.ts turns them into sentences.
 */
export interface AccessKeysGateway extends IamGateway {
  listAccessKeys(target: IamEndpoint, caller: AwsCredentials, signal?: AbortSignal): Promise<AccessKeySummary[]>;
  accessKeyLastUsed(target: IamEndpoint, caller: AwsCredentials, accessKeyId: string, signal?: AbortSignal): Promise<AccessKeyLastUse>;
  createAccessKey(target: IamEndpoint, caller: AwsCredentials, signal?: AbortSignal): Promise<CreatedAccessKey>;
  updateAccessKey(target: IamEndpoint, caller: AwsCredentials, accessKeyId: string, status: 'Active' | 'Inactive', signal?: AbortSignal): Promise<void>;
  deleteAccessKey(target: IamEndpoint, caller: AwsCredentials, accessKeyId: string, signal?: AbortSignal): Promise<void>;
}

/** What the IAM SDK bundle (dist/sdk-iam.js) exports for the access keys, beside IamSdk. */
export interface AccessKeysSdk {
  createAccessKeysGateway(options?: SdkOptions): AccessKeysGateway;
}

/** The whole IAM SDK bundle: the MFA devices (IamSdk) and the access keys. */
export type IamKeysSdk = IamSdk & AccessKeysSdk;
