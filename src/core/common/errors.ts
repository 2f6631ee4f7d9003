import * as l10n from '@vscode/l10n';
/**
 * The classes an error was made by, under a key shared by every copy of this module: the extension
 * is several bundles loaded at different times (src/lazy.ts), each with its own copy of these
 * classes, and `instanceof` must recognise an error made by any of them.
 */
const KINDS = Symbol.for('awsProfiles.errorKinds');

type Branded = { [KINDS]?: string[] };

function brand(error: Error, kind: string): void {
  const e = error as Error & Branded;
  e[KINDS] = [...(e[KINDS] ?? []), kind];
}

function isKind(value: unknown, kind: string): boolean {
  return typeof value === 'object' && value !== null && ((value as Branded)[KINDS]?.includes(kind) ?? false);
}

/**
 * Errors meant to be read: the message is one whole sentence for the user, naming the profile (and
 * hop) and the fix where one is known. The command wrapper shows a UserError as it is; anything else
 * is a bug, logged with its stack.
 */
export class UserError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isKind(value, 'UserError');
  }

  constructor(
    message: string,
    /** A stable code for tests and telemetry-free logs (e.g. 'sts.AccessDenied'). */
    readonly code: string = 'user',
    /** True when retrying later may succeed (throttling, network). */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'UserError';
    brand(this, 'UserError');
  }
}

/** The user dismissed a prompt: the action stops silently. */
export class CancelledError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isKind(value, 'CancelledError');
  }

  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
    brand(this, 'CancelledError');
  }
}

/**
 * A refresh needs a human and the caller asked for no prompt: an MFA code (from `serialNumber`), or,
 * with a `sentence` of its own, a sign-in to IAM Identity Center.
 */
export class NeedsHumanError extends UserError {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isKind(value, 'NeedsHumanError');
  }

  constructor(readonly profile: string, readonly serialNumber: string, sentence?: string) {
    super(sentence ?? l10n.t('Profile "{0}" needs an MFA code from {1} to refresh its credentials. Run "AWS Profiles: Refresh Credentials".', profile, serialNumber), sentence ? 'sso.signInNeeded' : 'mfa.needed');
    this.name = 'NeedsHumanError';
    brand(this, 'NeedsHumanError');
  }
}

/** What is known of an AssumeRole that AWS refused (AccessDenied): the facts a fix is written from. */
export interface AssumeRoleDenial {
  /** The profile the user asked for. */
  profile: string;
  /** The profile of the refused hop (the same, or a profile down its chain). */
  roleProfile: string;
  roleArn: string;
  externalId: string | null;
  mfaSerial: string | null;
  /** STS's own message (it names the caller and the role, never a secret). */
  stsMessage: string;
}

/**
 * STS refused an AssumeRole with AccessDenied: one of the two halves of a role's trust is missing.
 * The sentence is the UserError's; `denial` is what "How to Fix…" writes the policies from.
 */
export class AssumeRoleDeniedError extends UserError {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isKind(value, 'AssumeRoleDeniedError');
  }

  constructor(
    message: string,
    readonly denial: AssumeRoleDenial,
  ) {
    super(message, 'sts.AccessDenied');
    this.name = 'AssumeRoleDeniedError';
    brand(this, 'AssumeRoleDeniedError');
  }
}
