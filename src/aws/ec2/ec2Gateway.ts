import type { AwsCredentials } from '../../core/credentials/credentials';

/** The six states EC2 reports for an instance. */
export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

/** What the tree shows of one EC2 instance (a narrow view of DescribeInstances' Instance). */
export interface InstanceSummary {
  instanceId: string;
  /** The `Name` tag; undefined when the instance has none. */
  name?: string;
  /** One of InstanceStateName, or whatever else EC2 says. */
  state: string;
  instanceType: string;
  privateIpAddress?: string;
  availabilityZone?: string;
  /** Epoch ms. */
  launchTime?: number;
}

/** One page of DescribeInstances. */
export interface InstancePage {
  instances: InstanceSummary[];
  /** Present while more instances remain. */
  nextToken?: string;
}

/** One DescribeInstances call: whose credentials, where, and which page. */
export interface DescribeInstancesRequest {
  credentials: AwsCredentials;
  region: string;
  /** An http(s) URL (see resolveServiceTarget in src/core/endpoints/serviceEndpoint.ts); the SDK's own when absent. */
  endpoint?: string;
  /** From the previous page; absent for the first. */
  nextToken?: string;
  /** Instances per page, 5 to 1000. */
  maxResults: number;
  /** Ends the call (and its retries) when the user cancels. */
  signal?: AbortSignal;
}

/**
 * The one EC2 call the extension makes, with the AWS SDK behind it (src/aws/sdk/ec2.ts, loaded on
 * first use). Errors are the SDK's own; src/aws/ec2/ec2Errors.ts turns them into sentences. Throttling
 * and 5xx are retried inside; UnauthorizedOperation and AuthFailure are not.
 */
export interface Ec2Gateway {
  describeInstancesPage(request: DescribeInstancesRequest): Promise<InstancePage>;
}

/** Options of the EC2 SDK module. */
export interface Ec2SdkOptions {
  /** Per attempt (default 15 s). */
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Attempts per call including the first (default 3; throttling and 5xx are retried with backoff). */
  maxAttempts?: number;
}

/** What the lazily loaded SDK bundle (dist/sdk-ec2.js) exports. */
export interface Ec2Sdk {
  createEc2Gateway(options?: Ec2SdkOptions): Ec2Gateway;
}
