import { createHash } from 'node:crypto';

/** A permission set assigned to the instance's user in one account; the portal lists it as a role. */
export interface SsoRoleSpec {
  /** The permission set's name, which the portal calls the role name (e.g. ReadOnly). */
  readonly name: string;
  /** The random part of the provisioned role `AWSReservedSSO_<name>_<suffix>` (16 hex digits); derived from the account and name when omitted. */
  readonly suffix?: string;
  /** The permission set's session duration: how long GetRoleCredentials credentials live; 3600 when omitted. */
  readonly sessionDurationSeconds?: number;
  /** Actions sessions of this role may not call, e.g. `ec2:DescribeInstances`. */
  readonly deniedActions?: readonly string[];
}

/** An AWS account as the access portal lists it, with the permission sets the user has there. */
export interface SsoAccountSpec {
  readonly accountId: string;
  readonly accountName: string;
  readonly emailAddress: string;
  readonly roles: readonly SsoRoleSpec[];
}

/** One IAM Identity Center instance: its start URL and region, its one user, and that user's assignments. */
export interface SsoInstanceSpec {
  /** e.g. `https://d-1234567890.awsapps.com/start`. */
  readonly startUrl: string;
  /** The instance's region (sso_region); part of the provisioned roles' path outside us-east-1. */
  readonly region: string;
  /** The user who signs in on the approval pages: the session name of every role session. */
  readonly userName: string;
  /** Accounts without roles are not listed, as in the portal. */
  readonly accounts: readonly SsoAccountSpec[];
}

/** An instance as the endpoint serves it. */
export interface SsoInstance extends SsoInstanceSpec {
  /** Shown on the approval pages: the directory id of the start URL (d-1234567890), else its host. */
  readonly name: string;
  readonly accountsById: ReadonlyMap<string, SsoAccountSpec>;
}

/**
 * The ARN of the role IAM Identity Center provisions for a permission set in an account:
 * `arn:aws:iam::ACCOUNT:role/aws-reserved/sso.amazonaws.com/[REGION/]AWSReservedSSO_NAME_SUFFIX`
 * (the region appears for instances outside us-east-1).
 */
export function provisionedRoleArn(region: string, accountId: string, role: SsoRoleSpec): string {
  const suffix = role.suffix ?? createHash('sha256').update(`${accountId}/${role.name}`).digest('hex').slice(0, 16);
  const path = region === 'us-east-1' ? 'aws-reserved/sso.amazonaws.com' : `aws-reserved/sso.amazonaws.com/${region}`;
  return `arn:aws:iam::${accountId}:role/${path}/AWSReservedSSO_${role.name}_${suffix}`;
}
