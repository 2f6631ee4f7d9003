import { DescribeInstancesCommand, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { createHttpHandler } from './httpHandler';
import type { DescribeInstancesRequest, Ec2Gateway, Ec2Sdk, Ec2SdkOptions, InstancePage, InstanceSummary } from '../ec2/ec2Gateway';

/**
 * The only module that imports @aws-sdk/client-ec2 (about 550 KB bundled, nearly all of it the EC2
 * model's shapes): bundled on its own (dist/sdk-ec2.js, sharing the SDK's runtime with the other
 * SDK bundles) and loaded through src/aws/sdkLoader.ts when an "EC2 Instances" node is first
 * expanded, so neither activation nor the credentials engine pays for it.
 */


/** One EC2Client per call (credentials and region differ per node); they share one keep-alive HTTP handler. */
class SdkEc2Gateway implements Ec2Gateway {
  private readonly handler: NodeHttpHandler;
  private readonly maxAttempts: number;

  constructor(options: Ec2SdkOptions) {
    this.handler = createHttpHandler(options);
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  async describeInstancesPage(request: DescribeInstancesRequest): Promise<InstancePage> {
    const { credentials: c } = request;
    const client = new EC2Client({
      region: request.region,
      endpoint: request.endpoint,
      maxAttempts: this.maxAttempts,
      requestHandler: this.handler,
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken },
    });
    const out = await client.send(new DescribeInstancesCommand({ MaxResults: request.maxResults, NextToken: request.nextToken }), { abortSignal: request.signal });
    const instances = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map(summary);
    return out.NextToken ? { instances, nextToken: out.NextToken } : { instances };
  }
}

function summary(i: Instance): InstanceSummary {
  const s: InstanceSummary = { instanceId: i.InstanceId ?? '', state: i.State?.Name ?? 'unknown', instanceType: i.InstanceType ?? '' };
  const name = i.Tags?.find((t) => t.Key === 'Name')?.Value;
  if (name !== undefined && name !== '') s.name = name;
  if (i.PrivateIpAddress) s.privateIpAddress = i.PrivateIpAddress;
  if (i.Placement?.AvailabilityZone) s.availabilityZone = i.Placement.AvailabilityZone;
  if (i.LaunchTime) s.launchTime = i.LaunchTime.getTime();
  return s;
}

/** Creates the EC2 gateway. */
export function createEc2Gateway(options: Ec2SdkOptions = {}): Ec2Gateway {
  return new SdkEc2Gateway(options);
}

/** The module's shape, checked against what the loader expects. */
export const sdk: Ec2Sdk = { createEc2Gateway };
