import { createHash } from 'node:crypto';
import { Faults } from './Faults';
import { FederationState } from './FederationState';
import { IamKeys, type SeededKey } from './IamKeys';
import { BASE32, SECRET_CHARS, randomChars } from './randomText';
import { SigninState } from './SigninState';
import { SsoState } from './SsoState';
import { type SsoInstanceSpec } from './ssoSpecs';

/** A virtual MFA device: its serial (ARN) and the one code the endpoint accepts for it. */
export interface MfaDevice {
  readonly serialNumber: string;
  readonly code: string;
}

/** An IAM user with one long-term access key. */
export interface UserSpec {
  /** `arn:aws:iam::ACCOUNT:user/NAME`; the account is read from it. */
  readonly arn: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The user's MFA device, for GetSessionToken and AssumeRole with SerialNumber/TokenCode. */
  readonly mfa?: MfaDevice;
  /** Actions this user may not call, e.g. `ec2:DescribeInstances` (answered with UnauthorizedOperation / AccessDenied). */
  readonly deniedActions?: readonly string[];
  /**
   * The user's identity policy for sts:AssumeRole: the role ARNs it allows. Omitted: any role (as
   * with an administrator). A role in another account is assumed only when this allows it and its
   * trust policy names the user; in the user's own account a trust policy naming the user suffices.
   */
  readonly assumableRoles?: readonly string[];
  /** When the main key was created (ISO 8601); a year before the scenario loads when omitted. */
  readonly keyCreatedAt?: string;
  /** Where and when the main key was last used (ISO 8601); never when omitted. */
  readonly keyLastUsed?: SeededKey['lastUsed'];
  /** Keys besides the main one (two at most in all, IAM's quota). */
  readonly otherKeys?: readonly SeededKey[];
  /** The user's policy denies IAM calls but listing MFA devices without MFA (AWS's "force MFA" policy). */
  readonly iamRequiresMfa?: boolean;
}

/** An IAM role and its trust policy, reduced to what AssumeRole checks. */
export interface RoleSpec {
  /** `arn:aws:iam::ACCOUNT:role/[PATH/]NAME`. */
  readonly arn: string;
  /** User ARNs, role ARNs (their sessions may chain), `arn:aws:iam::ACCOUNT:root` (anyone in that account) or '*'. */
  readonly trustedPrincipals: readonly string[];
  /** Requires MFA; the device is also registered, so its code is accepted. */
  readonly mfa?: MfaDevice;
  /** Requires MFA without registering a device (any registered device of the caller will do). */
  readonly requireMfa?: boolean;
  /** When set, AssumeRole must pass exactly this ExternalId. */
  readonly externalId?: string;
  /** The role's MaxSessionDuration; 3600 when omitted. */
  readonly maxSessionDurationSeconds?: number;
  /** Tokens AssumeRoleWithWebIdentity accepts for this role (the role trusts web identities only when set). */
  readonly webIdentityTokens?: readonly string[];
  /** Actions sessions of this role may not call, e.g. `ec2:DescribeInstances`. */
  readonly deniedActions?: readonly string[];
}

/** EC2 instance states with the codes EC2 reports for them. */
export const INSTANCE_STATE_CODES = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
} as const;

export type InstanceStateName = keyof typeof INSTANCE_STATE_CODES;

/** One seeded EC2 instance. */
export interface Ec2Instance {
  readonly instanceId: string;
  readonly instanceType: string;
  readonly state: InstanceStateName;
  readonly availabilityZone: string;
  readonly privateIpAddress?: string;
  readonly publicIpAddress?: string;
  readonly imageId?: string;
  /** ISO 8601; a fixed date when omitted. */
  readonly launchTime?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Instances sharing a reservation id are listed under one reservation; each has its own otherwise. */
  readonly reservationId?: string;
}

/** Everything a scenario seeds: users, roles, instances per account and region, disabled regions, IAM Identity Center instances. */
export interface Scenario {
  readonly users?: readonly UserSpec[];
  readonly roles?: readonly RoleSpec[];
  readonly instances?: readonly { readonly accountId: string; readonly region: string; readonly instances: readonly Ec2Instance[] }[];
  /** Regions where STS answers RegionDisabledException for roles of that account and EC2 answers OptInRequired. */
  readonly disabledRegions?: readonly { readonly accountId: string; readonly region: string }[];
  /** IAM Identity Center instances (start URL, user, accounts and permission sets) the SSO endpoints serve. */
  readonly ssoInstances?: readonly SsoInstanceSpec[];
}

/** Who a request's credentials belong to. */
export interface Identity {
  readonly accountId: string;
  /** What GetCallerIdentity reports: a user ARN, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` or `arn:aws:sts::ACCOUNT:federated-user/NAME`. */
  readonly arn: string;
  readonly userId: string;
  /** What trust policies match: the user ARN, or the role ARN for role sessions. */
  readonly principalArn: string;
  readonly isRoleSession: boolean;
  readonly isMfaAuthenticated: boolean;
  /** Actions the identity may not call; '*' denies all of them (a federated user given no session policy has no permissions). */
  readonly deniedActions: readonly string[];
  /** The roles its identity policy allows it to assume; undefined: any (see UserSpec.assumableRoles). */
  readonly assumableRoles?: readonly string[];
  /** For an IAM user: the name and MFA devices ListMFADevices lists. */
  readonly user?: { readonly name: string; readonly mfaDevices: readonly string[] };
}

/** True when the identity may not call `action` (e.g. `sts:AssumeRole`, `ec2:DescribeInstances`). */
export function isDenied(identity: Identity, action: string): boolean {
  return identity.deniedActions.includes(action) || identity.deniedActions.includes('*');
}

/** An access key the endpoint knows: long-term (AKIA…) or issued temporary credentials (ASIA…). */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** Epoch milliseconds; undefined for long-term keys. */
  expiresAt?: number;
  readonly identity: Identity;
  /** The action that issued temporary credentials (GetRoleCredentials: the IAM Identity Center portal). */
  readonly issuedBy?: 'AssumeRole' | 'GetSessionToken' | 'AssumeRoleWithWebIdentity' | 'GetRoleCredentials' | 'GetFederationToken' | 'CreateOAuth2Token';
  /** A role session obtained with another role session's credentials: AWS holds those, and console sessions made from them, to one hour. */
  readonly isRoleChained?: boolean;
}

/** Options of the state model. */
export interface LocalAwsStateOptions {
  /** The server clock in epoch milliseconds; `Date.now` when omitted. */
  readonly clock?: () => number;
  /** Overrides the lifetime of every credential issued from now on (any DurationSeconds asked for). */
  readonly credentialLifetimeSeconds?: number;
  /** Lifetime of IAM Identity Center access tokens; 8 hours when omitted. */
  readonly ssoTokenLifetimeSeconds?: number;
}

/** The in-memory AWS the endpoint serves: identities, keys, roles, MFA devices, instances, IAM Identity Center, clock and faults. */
export class LocalAwsState {
  /** Injected latency, queued failures and per-action call counters. */
  readonly faults = new Faults();
  /** When set, every credential issued lives this many seconds, whatever DurationSeconds asked for. */
  credentialLifetimeSeconds: number | undefined;
  /** Lifetime of the IAM Identity Center access tokens issued from now on (never beyond the end of their sign-in). */
  ssoTokenLifetimeSeconds: number;
  /** IAM Identity Center: instances, registered clients, sign-ins and tokens, and the helpers that approve a sign-in without a browser. */
  readonly sso: SsoState = new SsoState(this);
  /** The console sign-in endpoint (`/federation`): sign-in tokens and the sign-ins they were used for. */
  readonly federation: FederationState = new FederationState(this);
  /** The AWS Sign-In service of `aws login`: authorization codes, sign-ins bound to their DPoP keys, 15-minute credentials for 12 hours. */
  readonly signin: SigninState = new SigninState(this);
  /** IAM users' access keys: CreateAccessKey, UpdateAccessKey, DeleteAccessKey, last use, the delay of a new key. */
  readonly iam: IamKeys = new IamKeys(
    this,
    (key) => this.keys.set(key.accessKeyId, key),
    (id) => this.keys.delete(id),
  );

  private readonly clock: () => number;
  private clockOffsetMs = 0;
  private readonly keys = new Map<string, AccessKey>();
  private readonly sessions = new Map<string, AccessKey>();
  private readonly roles = new Map<string, RoleSpec>();
  private readonly mfaCodes = new Map<string, string>();
  private readonly ec2 = new Map<string, Ec2Instance[]>();
  private readonly disabledRegions = new Set<string>();

  constructor(options: LocalAwsStateOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.credentialLifetimeSeconds = options.credentialLifetimeSeconds;
    this.ssoTokenLifetimeSeconds = options.ssoTokenLifetimeSeconds ?? 8 * 3600;
  }

  /** The server's current time (the injected clock plus any `advanceTime`). */
  now(): number {
    return this.clock() + this.clockOffsetMs;
  }

  /** Moves the server clock forward (or back, if negative), e.g. past the expiry of issued credentials. */
  advanceTime(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** Adds everything a scenario describes. */
  loadScenario(scenario: Scenario): void {
    for (const user of scenario.users ?? []) this.addUser(user);
    for (const role of scenario.roles ?? []) this.addRole(role);
    for (const group of scenario.instances ?? []) this.seedInstances(group.accountId, group.region, group.instances);
    for (const { accountId, region } of scenario.disabledRegions ?? []) this.disableRegion(accountId, region);
    for (const instance of scenario.ssoInstances ?? []) this.sso.addInstance(instance);
  }

  /** Adds an IAM user and its long-term access key. */
  addUser(spec: UserSpec): Identity {
    const { accountId, kind } = parseIamArn(spec.arn);
    if (kind !== 'user') throw new Error(`Not an IAM user ARN: ${spec.arn}`);
    if (spec.mfa) this.mfaCodes.set(spec.mfa.serialNumber, spec.mfa.code);
    const identity: Identity = {
      accountId,
      arn: spec.arn,
      userId: stableId('AIDA', spec.arn),
      principalArn: spec.arn,
      isRoleSession: false,
      isMfaAuthenticated: false,
      deniedActions: spec.deniedActions ?? [],
      assumableRoles: spec.assumableRoles,
      user: { name: parseIamArn(spec.arn).name, mfaDevices: spec.mfa ? [spec.mfa.serialNumber] : [] },
    };
    this.iam.addUser(
      identity,
      { accessKeyId: spec.accessKeyId, secretAccessKey: spec.secretAccessKey, createdAt: spec.keyCreatedAt, lastUsed: spec.keyLastUsed },
      spec.otherKeys,
      spec.iamRequiresMfa,
    );
    return identity;
  }

  /** Adds (or replaces) a role. */
  addRole(spec: RoleSpec): void {
    if (parseIamArn(spec.arn).kind !== 'role') throw new Error(`Not an IAM role ARN: ${spec.arn}`);
    if (spec.mfa) this.mfaCodes.set(spec.mfa.serialNumber, spec.mfa.code);
    this.roles.set(spec.arn, spec);
  }

  role(arn: string): RoleSpec | undefined {
    return this.roles.get(arn);
  }

  /** The key with this id, long-term or temporary, expired or not. */
  accessKey(accessKeyId: string): AccessKey | undefined {
    return this.keys.get(accessKeyId) ?? this.sessions.get(accessKeyId);
  }

  /** Temporary credentials issued so far (expired ones included, up to the newest 100,000), oldest first. */
  issuedCredentials(): AccessKey[] {
    return [...this.sessions.values()];
  }

  /** Issues temporary credentials for an identity; the lifetime override, when set, wins over `durationSeconds`. */
  issueCredentials(
    identity: Identity,
    durationSeconds: number,
    issuedBy: NonNullable<AccessKey['issuedBy']>,
    options: { readonly isRoleChained?: boolean } = {},
  ): AccessKey {
    const lifetime = this.credentialLifetimeSeconds ?? durationSeconds;
    const key: AccessKey = {
      accessKeyId: `ASIA${randomChars(BASE32, 16)}`,
      secretAccessKey: randomChars(SECRET_CHARS, 40),
      sessionToken: `IQoJb3JpZ2luX2VjE${randomChars(SECRET_CHARS, 300)}`,
      expiresAt: this.now() + lifetime * 1000,
      identity,
      issuedBy,
      isRoleChained: options.isRoleChained ?? false,
    };
    this.sessions.set(key.accessKeyId, key);
    // Bounded for load runs: the oldest sessions are forgotten (and then answer InvalidClientTokenId).
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    return key;
  }

  /** Expires issued temporary credentials now: one key, or all of them. */
  expireCredentials(accessKeyId?: string): void {
    for (const key of this.sessions.values()) {
      if (accessKeyId === undefined || key.accessKeyId === accessKeyId) key.expiresAt = this.now() - 1;
    }
  }

  /** True when `code` is the current code of the registered device `serialNumber`. */
  isValidMfaCode(serialNumber: string, code: string): boolean {
    return this.mfaCodes.get(serialNumber) === code;
  }

  /** Registers a device or changes the code it accepts (simulates the next TOTP code). */
  setMfaCode(serialNumber: string, code: string): void {
    this.mfaCodes.set(serialNumber, code);
  }

  disableRegion(accountId: string, region: string): void {
    this.disabledRegions.add(`${accountId}/${region}`);
  }

  enableRegion(accountId: string, region: string): void {
    this.disabledRegions.delete(`${accountId}/${region}`);
  }

  isRegionDisabled(accountId: string, region: string): boolean {
    return this.disabledRegions.has(`${accountId}/${region}`);
  }

  /** Adds instances to an account and region (after the ones already there). */
  seedInstances(accountId: string, region: string, instances: readonly Ec2Instance[]): void {
    const list = this.ec2.get(`${accountId}/${region}`) ?? [];
    list.push(...instances);
    this.ec2.set(`${accountId}/${region}`, list);
  }

  /** Removes every instance of an account and region. */
  clearInstances(accountId: string, region: string): void {
    this.ec2.delete(`${accountId}/${region}`);
  }

  /** The instances of an account and region, in seeding order. */
  instances(accountId: string, region: string): readonly Ec2Instance[] {
    return this.ec2.get(`${accountId}/${region}`) ?? [];
  }

  /** Shortcut for `faults.callCount`. */
  callCount(action?: string): number {
    return this.faults.callCount(action);
  }
}

/** The account and kind (`user`, `role`, `root`…) of an IAM ARN, plus the last path segment as the name. */
export function parseIamArn(arn: string): { accountId: string; kind: string; name: string } {
  const match = /^arn:aws:iam::(\d{12}):([a-z-]+)(?:\/(.+))?$/.exec(arn);
  if (!match) throw new Error(`Not an IAM ARN: ${arn}`);
  const path = match[3] ?? '';
  return { accountId: match[1]!, kind: match[2]!, name: path.slice(path.lastIndexOf('/') + 1) };
}

/** A deterministic unique id (AIDA…/AROA…) derived from an ARN, as IAM shows for users and roles. */
export function stableId(prefix: string, arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let id = prefix;
  for (let i = 0; id.length < prefix.length + 17; i++) id += BASE32[digest[i]! % 32];
  return id;
}

const MAX_SESSIONS = 100_000;
