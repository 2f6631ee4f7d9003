import { AwsError } from './AwsError';
import type { AccessKey, Identity, LocalAwsState } from './LocalAwsState';
import { BASE32, SECRET_CHARS, randomChars } from './randomText';

/** Where and when a long-term key was last used, as GetAccessKeyLastUsed reports it. */
export interface KeyLastUse {
  /** Epoch ms. */
  readonly at: number;
  /** The signing name of the service called: `sts`, `iam`, `ec2`. */
  readonly service: string;
  readonly region: string;
}

/** A long-term access key of an IAM user as IAM keeps it. */
export interface IamAccessKey extends AccessKey {
  status: 'Active' | 'Inactive';
  /** Epoch ms. */
  readonly createdAt: number;
  /** Epoch ms before which the key signs nothing: IAM is eventually consistent, a new key works after a few seconds. */
  readonly validFrom: number;
  lastUsed?: KeyLastUse;
}

/** An extra key seeded for a user besides its main one. */
export interface SeededKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly status?: 'Active' | 'Inactive';
  /** ISO 8601; a year before the scenario loads when omitted. */
  readonly createdAt?: string;
  readonly lastUsed?: { readonly at: string; readonly service: string; readonly region: string };
}

/** One IAM user: its name, identity and access keys (two at most, IAM's quota). */
export interface IamUser {
  readonly arn: string;
  readonly name: string;
  readonly identity: Identity;
  readonly keys: IamAccessKey[];
  /** The user's policy denies IAM calls (every one but listing MFA devices) without MFA, as AWS's "force MFA" policy does. */
  iamRequiresMfa: boolean;
}

/** IAM's quota of access keys per user. */
export const ACCESS_KEYS_PER_USER = 2;

/**
 * The IAM users of the local endpoint and their access keys: create (two at most), activate,
 * deactivate, delete, last use. A new key signs nothing for `newKeyDelayMs` (IAM's eventual
 * consistency); an inactive or deleted key is refused as IAM refuses it (InvalidClientTokenId).
 */
export class IamKeys {
  /** How long a new key is not yet valid; 2 s by default (AWS: typically seconds). */
  newKeyDelayMs = 2_000;
  private readonly users = new Map<string, IamUser>();
  private readonly everSecret: string[] = [];

  constructor(
    private readonly state: LocalAwsState,
    private readonly register: (key: AccessKey) => void,
    private readonly unregister: (accessKeyId: string) => void,
  ) {}

  /** Adds a user with its first key (created at `createdAt`, a year ago when omitted) and any seeded others. */
  addUser(identity: Identity, first: SeededKey, more: readonly SeededKey[] = [], iamRequiresMfa = false): IamUser {
    const name = identity.user?.name ?? identity.arn.slice(identity.arn.lastIndexOf('/') + 1);
    const user: IamUser = { arn: identity.arn, name, identity, keys: [], iamRequiresMfa };
    this.users.set(identity.arn, user);
    for (const seeded of [first, ...more]) {
      const createdAt = seeded.createdAt !== undefined ? Date.parse(seeded.createdAt) : this.state.now() - 365 * 86_400_000;
      const key: IamAccessKey = {
        accessKeyId: seeded.accessKeyId,
        secretAccessKey: seeded.secretAccessKey,
        identity,
        status: seeded.status ?? 'Active',
        createdAt,
        validFrom: createdAt,
        lastUsed: seeded.lastUsed && { at: Date.parse(seeded.lastUsed.at), service: seeded.lastUsed.service, region: seeded.lastUsed.region },
      };
      this.keep(user, key);
    }
    return user;
  }

  /** The user of an identity (its own keys, or a GetSessionToken session of them); undefined for a role session. */
  userOf(identity: Identity): IamUser | undefined {
    return identity.user === undefined ? undefined : this.users.get(identity.arn) ?? this.byName(identity.accountId, identity.user.name);
  }

  /** A user by account and name. */
  byName(accountId: string, name: string): IamUser | undefined {
    for (const u of this.users.values()) if (u.identity.accountId === accountId && u.name === name) return u;
    return undefined;
  }

  /** Every user, in the order they were added (the Sign-In page lists them). */
  allUsers(): IamUser[] {
    return [...this.users.values()];
  }

  /** A user by ARN (`arn:aws:iam::ACCOUNT:user/NAME`). */
  user(arn: string): IamUser | undefined {
    return this.users.get(arn);
  }

  /** CreateAccessKey: a new active key, valid after newKeyDelayMs; LimitExceeded at the quota. */
  create(user: IamUser): IamAccessKey {
    if (user.keys.length >= ACCESS_KEYS_PER_USER) {
      throw new AwsError('LimitExceeded', 409, `Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
    }
    const now = this.state.now();
    const key: IamAccessKey = {
      accessKeyId: `AKIA${randomChars(BASE32, 16)}`,
      secretAccessKey: randomChars(SECRET_CHARS, 40),
      identity: user.identity,
      status: 'Active',
      createdAt: now,
      validFrom: now + this.newKeyDelayMs,
    };
    this.keep(user, key);
    return key;
  }

  private keep(user: IamUser, key: IamAccessKey): void {
    user.keys.push(key);
    this.everSecret.push(key.secretAccessKey);
    this.register(key);
  }

  /** UpdateAccessKey: Active or Inactive. */
  setStatus(user: IamUser, accessKeyId: string, status: string): void {
    if (status !== 'Active' && status !== 'Inactive') throw new AwsError('ValidationError', 400, `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
    this.keyOf(user, accessKeyId).status = status;
  }

  /** DeleteAccessKey. */
  delete(user: IamUser, accessKeyId: string): void {
    const key = this.keyOf(user, accessKeyId);
    user.keys.splice(user.keys.indexOf(key), 1);
    this.unregister(key.accessKeyId);
  }

  /** A key of the user; NoSuchEntity as IAM answers for a key that is not (or no longer) the user's. */
  keyOf(user: IamUser, accessKeyId: string): IamAccessKey {
    const key = user.keys.find((k) => k.accessKeyId === accessKeyId);
    if (!key) throw new AwsError('NoSuchEntity', 404, `The Access Key with id ${accessKeyId} cannot be found.`);
    return key;
  }

  /** The user a key belongs to, whoever's it is. */
  ownerOf(accessKeyId: string): IamUser | undefined {
    for (const u of this.users.values()) if (u.keys.some((k) => k.accessKeyId === accessKeyId)) return u;
    return undefined;
  }

  /** The secret of every key the users ever had, deleted ones included (for the tests' secret scans). */
  issuedSecrets(): string[] {
    return [...this.everSecret];
  }
}

/** Whether an access key signs now: active, and past IAM's delay for a new key. */
export function isUsableKey(key: AccessKey, now: number): boolean {
  const iam = key as Partial<IamAccessKey>;
  return iam.status !== 'Inactive' && (iam.validFrom === undefined || iam.validFrom <= now);
}

/** Records a long-term key's use by a signed request (what GetAccessKeyLastUsed reports). */
export function noteKeyUse(key: AccessKey, at: number, service: string, region: string): void {
  const iam = key as Partial<IamAccessKey>;
  if (iam.status !== undefined && key.sessionToken === undefined) (key as IamAccessKey).lastUsed = { at, service, region };
}
