import { generateInstances } from './generateInstances';
import { generateSsoAccounts } from './generateSsoAccounts';
import { type Scenario } from './LocalAwsState';

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
  /** Audit role that trusts only sessions of CrossAccountPowerUser and of carol's Prod AdministratorAccess permission set (role chaining). */
  chainedRoleArn: 'arn:aws:iam::333333333333:role/AuditReadOnly',
  /** Prod role that requires an external id. */
  partnerRoleArn: 'arn:aws:iam::222222222222:role/PartnerAccess',
  partnerExternalId: 'partner-42',
  /** Dev role for AssumeRoleWithWebIdentity. */
  webIdentityRoleArn: 'arn:aws:iam::111111111111:role/CiWebIdentity',
  webIdentityToken: 'local-aws-demo-web-identity-token',
  /** The IAM Identity Center instance: carol signs in at its start URL and has permission sets in Dev, Prod and Audit. */
  sso: {
    startUrl: 'https://d-1234567890.awsapps.com/start',
    region: 'us-east-1',
    /** What the sign-in pages call the instance. */
    instanceName: 'd-1234567890',
    /** The user who signs in: the session name of every role session. */
    userName: 'carol@example.com',
    accounts: {
      dev: { accountId: '111111111111', accountName: 'Dev', emailAddress: 'aws-dev@example.com' },
      prod: { accountId: '222222222222', accountName: 'Prod', emailAddress: 'aws-prod@example.com' },
      audit: { accountId: '333333333333', accountName: 'Audit', emailAddress: 'aws-audit@example.com' },
    },
    /** carol's assignments: the portal's role name, the role IAM Identity Center provisioned, and the ARN GetCallerIdentity answers for its credentials. */
    roles: {
      devReadOnly: {
        accountId: '111111111111',
        roleName: 'ReadOnly',
        suffix: 'a1b2c3d4e5f60718',
        roleArn: 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_a1b2c3d4e5f60718',
        sessionArn: 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_ReadOnly_a1b2c3d4e5f60718/carol@example.com',
      },
      prodReadOnly: {
        accountId: '222222222222',
        roleName: 'ReadOnly',
        suffix: '9f8e7d6c5b4a3928',
        roleArn: 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_9f8e7d6c5b4a3928',
        sessionArn: 'arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_ReadOnly_9f8e7d6c5b4a3928/carol@example.com',
      },
      prodAdmin: {
        accountId: '222222222222',
        roleName: 'AdministratorAccess',
        suffix: '0123456789abcdef',
        roleArn: 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef',
        sessionArn: 'arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/carol@example.com',
      },
      auditReadOnly: {
        accountId: '333333333333',
        roleName: 'ReadOnly',
        suffix: '1122334455667788',
        roleArn: 'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_1122334455667788',
        sessionArn: 'arn:aws:sts::333333333333:assumed-role/AWSReservedSSO_ReadOnly_1122334455667788/carol@example.com',
      },
    },
    /** A permission set carol does not have (GetRoleCredentials answers ForbiddenException). */
    unassigned: { accountId: '111111111111', roleName: 'AdministratorAccess' },
  },
} as const;

/** Options of the demo scenario. */
export interface DemoScenarioOptions {
  /** Adds this many generated accounts (see generateSsoAccounts) to carol's IAM Identity Center accounts, after Dev, Prod and Audit. */
  readonly ssoAccounts?: number;
}

/**
 * Dev (111111111111) with alice and bob, Prod (222222222222) and Audit (333333333333) roles, EC2
 * instances in each, and an IAM Identity Center instance where carol has permission sets in all three.
 */
export function demoScenario(options: DemoScenarioOptions = {}): Scenario {
  const { sso } = DEMO;
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
      { arn: DEMO.chainedRoleArn, trustedPrincipals: [DEMO.powerUserRoleArn, sso.roles.prodAdmin.roleArn] },
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
    ssoInstances: [
      {
        startUrl: sso.startUrl,
        region: sso.region,
        userName: sso.userName,
        accounts: [
          { ...sso.accounts.dev, roles: [{ name: sso.roles.devReadOnly.roleName, suffix: sso.roles.devReadOnly.suffix }] },
          {
            ...sso.accounts.prod,
            roles: [
              { name: sso.roles.prodReadOnly.roleName, suffix: sso.roles.prodReadOnly.suffix },
              { name: sso.roles.prodAdmin.roleName, suffix: sso.roles.prodAdmin.suffix },
            ],
          },
          { ...sso.accounts.audit, roles: [{ name: sso.roles.auditReadOnly.roleName, suffix: sso.roles.auditReadOnly.suffix }] },
          ...generateSsoAccounts(options.ssoAccounts ?? 0),
        ],
      },
    ],
  };
}

/** Scenarios the CLI can load by name. */
export const SCENARIOS: Readonly<Record<string, (options?: DemoScenarioOptions) => Scenario>> = {
  demo: demoScenario,
  empty: () => ({}),
};
