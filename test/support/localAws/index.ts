/** Local STS + EC2 + IAM + IAM Identity Center + console sign-in endpoint for tests and the demo; see README.md in this folder. */
export { AwsError, knownError } from './AwsError';
export { DEMO, SCENARIOS, demoScenario } from './demoScenario';
export type { DemoScenarioOptions } from './demoScenario';
export { EC2_VERSION } from './ec2Actions';
export { Faults } from './Faults';
export { CONSOLE_PATH } from './federationActions';
export { FEDERATION_PATH } from './federationServer';
export { FederationState } from './FederationState';
export type { FederationSignIn } from './FederationState';
export type { FaultSpec } from './Faults';
export { generateInstances } from './generateInstances';
export type { GenerateInstancesOptions } from './generateInstances';
export { generateSsoAccounts } from './generateSsoAccounts';
export { IAM_VERSION } from './iamActions';
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
export { GRANT } from './ssoGrants';
export { DEFAULT_PAGE_SIZE as SSO_DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE as SSO_MAX_PAGE_SIZE } from './ssoPortalActions';
export { provisionedRoleArn } from './ssoSpecs';
export type { SsoAccountSpec, SsoInstance, SsoInstanceSpec, SsoRoleSpec } from './ssoSpecs';
export { SsoState } from './SsoState';
export type { DeviceAuthorizationInfo, IssuedSsoToken, SsoClient } from './SsoState';
export { startLocalAws } from './startLocalAws';
export type { LocalAws, LocalAwsOptions } from './startLocalAws';
export { STS_VERSION } from './stsActions';
