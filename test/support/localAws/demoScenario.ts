import { generateInstances } from './generateInstances';
import { Scenario } from './LocalAwsState';

/** The names, keys and ARNs of the demo scenario, for tests and the demo to refer to instead of repeating them. */
export const DEMO = {
  devAccountId: '111111111111',
  prodAccountId: '222222222222',
  auditAccountId: '333333333333',
  region: 'us-east-1',
  alice: {
    arn: 'arn:aws:iam::111111111111:user/alice',
    accessKeyId: 'AKIAEXAMPLEDEVALICE1',
    secretAccessKey: 'localAwsDemoSecretForAlice0000000000000A',
    mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
    mfaCode: '123456',
  },
  /** A user nothing trusts (and who may not list instances). */
  bob: {
    arn: 'arn:aws:iam::111111111111:user/bob',
    accessKeyId: 'AKIAEXAMPLEDEVBOB001',
    secretAccessKey: 'localAwsDemoSecretForBob000000000000000B',
  },
  /** Prod role alice may assume without MFA. */
  powerUserRoleArn: 'arn:aws:iam::222222222222:role/CrossAccountPowerUser',
  /** Prod role that requires MFA (alice's device). */
  adminRoleArn: 'arn:aws:iam::222222222222:role/ProdAdmin',
  /** Audit role that trusts only sessions of CrossAccountPowerUser (role chaining). */
  chainedRoleArn: 'arn:aws:iam::333333333333:role/AuditReadOnly',
  /** Prod role that requires an external id. */
  partnerRoleArn: 'arn:aws:iam::222222222222:role/PartnerAccess',
  partnerExternalId: 'partner-42',
  /** Dev role for AssumeRoleWithWebIdentity. */
  webIdentityRoleArn: 'arn:aws:iam::111111111111:role/CiWebIdentity',
  webIdentityToken: 'local-aws-demo-web-identity-token',
} as const;

/** Dev (111111111111) with alice and bob, Prod (222222222222) and Audit (333333333333) roles, and EC2 instances in each. */
export function demoScenario(): Scenario {
  return {
    users: [
      {
        arn: DEMO.alice.arn,
        accessKeyId: DEMO.alice.accessKeyId,
        secretAccessKey: DEMO.alice.secretAccessKey,
        mfa: { serialNumber: DEMO.alice.mfaSerial, code: DEMO.alice.mfaCode },
      },
      {
        arn: DEMO.bob.arn,
        accessKeyId: DEMO.bob.accessKeyId,
        secretAccessKey: DEMO.bob.secretAccessKey,
        deniedActions: ['ec2:DescribeInstances'],
      },
    ],
    roles: [
      { arn: DEMO.powerUserRoleArn, trustedPrincipals: [DEMO.alice.arn], maxSessionDurationSeconds: 43200 },
      {
        arn: DEMO.adminRoleArn,
        trustedPrincipals: [DEMO.alice.arn],
        mfa: { serialNumber: DEMO.alice.mfaSerial, code: DEMO.alice.mfaCode },
      },
      { arn: DEMO.chainedRoleArn, trustedPrincipals: [DEMO.powerUserRoleArn] },
      { arn: DEMO.partnerRoleArn, trustedPrincipals: [DEMO.alice.arn], externalId: DEMO.partnerExternalId },
      { arn: DEMO.webIdentityRoleArn, trustedPrincipals: [], webIdentityTokens: [DEMO.webIdentityToken] },
    ],
    instances: [
      {
        accountId: DEMO.devAccountId,
        region: 'us-east-1',
        instances: generateInstances(3, { namePrefix: 'dev-web', states: ['running', 'running', 'stopped'], tags: { Environment: 'dev' } }),
      },
      {
        accountId: DEMO.prodAccountId,
        region: 'us-east-1',
        instances: [
          ...generateInstances(4, { namePrefix: 'prod-api', instanceTypes: ['m5.large'], tags: { Environment: 'prod' } }),
          ...generateInstances(2, { namePrefix: 'prod-worker', availabilityZone: 'us-east-1b', instanceTypes: ['c5.xlarge'], tags: { Environment: 'prod' } }),
        ],
      },
      {
        accountId: DEMO.prodAccountId,
        region: 'eu-west-1',
        instances: generateInstances(2, { namePrefix: 'prod-eu', availabilityZone: 'eu-west-1a', tags: { Environment: 'prod' } }),
      },
      {
        accountId: DEMO.auditAccountId,
        region: 'us-east-1',
        instances: generateInstances(1, { namePrefix: 'audit-collector', instanceTypes: ['t3.small'] }),
      },
    ],
  };
}

/** Scenarios the CLI can load by name. */
export const SCENARIOS: Readonly<Record<string, () => Scenario>> = {
  demo: demoScenario,
  empty: () => ({}),
};
