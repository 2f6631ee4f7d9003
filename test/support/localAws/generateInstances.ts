import { createHash } from 'node:crypto';
import { type Ec2Instance, type InstanceStateName } from './LocalAwsState';

/** Options for generated instances. */
export interface GenerateInstancesOptions {
  /** Zone of every instance; us-east-1a by default. */
  readonly availabilityZone?: string;
  /** Prefix of the Name tag (`web-1`, `web-2`…) and seed of the ids; 'instance' by default. */
  readonly namePrefix?: string;
  /** States assigned round-robin; all running by default. */
  readonly states?: readonly InstanceStateName[];
  /** Instance types assigned round-robin; t3.micro by default. */
  readonly instanceTypes?: readonly string[];
  /** Extra tags on every instance. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** `count` deterministic instances (stable ids, private IPs and Name tags), e.g. for pagination tests. */
export function generateInstances(count: number, options: GenerateInstancesOptions = {}): Ec2Instance[] {
  const prefix = options.namePrefix ?? 'instance';
  const states = options.states ?? ['running'];
  const types = options.instanceTypes ?? ['t3.micro'];
  const instances: Ec2Instance[] = [];
  for (let n = 1; n <= count; n++) {
    const digest = createHash('sha256').update(`${prefix}/${n}`).digest('hex');
    instances.push({
      instanceId: `i-${digest.slice(0, 17)}`,
      instanceType: types[(n - 1) % types.length]!,
      state: states[(n - 1) % states.length]!,
      availabilityZone: options.availabilityZone ?? 'us-east-1a',
      privateIpAddress: `10.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`,
      tags: { Name: `${prefix}-${n}`, ...options.tags },
    });
  }
  return instances;
}
