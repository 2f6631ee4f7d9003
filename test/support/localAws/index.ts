/** Local STS + EC2 endpoint for tests and the demo; see README.md in this folder. */
export { AwsError, knownError } from './AwsError';
export { DEMO, SCENARIOS, demoScenario } from './demoScenario';
export { EC2_VERSION } from './ec2Actions';
export type { FaultSpec } from './Faults';
export { Faults } from './Faults';
export { GenerateInstancesOptions, generateInstances } from './generateInstances';
export {
  AccessKey,
  Ec2Instance,
  INSTANCE_STATE_CODES,
  Identity,
  InstanceStateName,
  LocalAwsState,
  LocalAwsStateOptions,
  MfaDevice,
  RoleSpec,
  Scenario,
  UserSpec,
} from './LocalAwsState';
export { LocalAws, LocalAwsOptions, startLocalAws } from './startLocalAws';
export { STS_VERSION } from './stsActions';
