/** Local STS + EC2 endpoint for tests and the demo; see README.md in this folder. */
export { AwsError, knownError } from './AwsError';
export { DEMO, SCENARIOS, demoScenario } from './demoScenario';
export { EC2_VERSION } from './ec2Actions';
export { Faults } from './Faults';
export type { FaultSpec } from './Faults';
export { generateInstances } from './generateInstances';
export type { GenerateInstancesOptions } from './generateInstances';
export { INSTANCE_STATE_CODES, LocalAwsState } from './LocalAwsState';
export type {
  AccessKey,
  Ec2Instance,
  Identity,
  InstanceStateName,
  LocalAwsStateOptions,
  MfaDevice,
  RoleSpec,
  Scenario,
  UserSpec,
} from './LocalAwsState';
export { startLocalAws } from './startLocalAws';
export type { LocalAws, LocalAwsOptions } from './startLocalAws';
export { STS_VERSION } from './stsActions';
