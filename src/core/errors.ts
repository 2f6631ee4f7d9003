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

/** A refresh needs a human (an MFA code) and the caller asked for no prompt. */
export class NeedsHumanError extends UserError {
  constructor(readonly profile: string, readonly serialNumber: string) {
    super(`Profile "${profile}" needs an MFA code from ${serialNumber} to refresh its credentials. Run "AWS Profiles: Refresh Credentials".`, 'mfa.needed');
    this.name = 'NeedsHumanError';
  }
}
