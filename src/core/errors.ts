/**
 * Errors meant to be read: the message is one whole sentence for the user, naming the profile (and
 * hop) and the fix where one is known. The command wrapper shows a UserError as it is; anything else
 * is a bug, logged with its stack.
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** A stable code for tests and telemetry-free logs (e.g. 'sts.AccessDenied'). */
    readonly code: string = 'user',
    /** True when retrying later may succeed (throttling, network). */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The user dismissed a prompt: the action stops silently. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * A refresh needs a human and the caller asked for no prompt: an MFA code (from `serialNumber`), or,
 * with a `sentence` of its own, a sign-in to IAM Identity Center.
 */
export class NeedsHumanError extends UserError {
  constructor(readonly profile: string, readonly serialNumber: string, sentence?: string) {
    super(sentence ?? `Profile "${profile}" needs an MFA code from ${serialNumber} to refresh its credentials. Run "AWS Profiles: Refresh Credentials".`, sentence ? 'sso.signInNeeded' : 'mfa.needed');
    this.name = 'NeedsHumanError';
  }
}
