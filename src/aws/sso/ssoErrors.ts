import { UserError } from '../../core/common/errors';
import { describeSession, type SsoSession } from '../../core/sso/ssoSession';
import { errorParts, networkFailure } from '../networkErrors';

/** The command a sentence sends the user to. */
export const SIGN_IN_COMMAND = '"AWS Profiles: Sign In to IAM Identity Center…"';

/** Where a failed IAM Identity Center call was made. */
export interface SsoFailureContext {
  session: SsoSession;
  /** The profile asked for, if the call was for one. */
  profile?: string;
  /** The role asked for (GetRoleCredentials). */
  role?: { accountId: string; roleName: string };
  endpoint: string;
}

/** The portal refused the access token: expired, revoked (Sign Out, an administrator), or from another session. */
export function isRejectedToken(error: unknown): boolean {
  const { name, status } = errorParts(error);
  return name === 'UnauthorizedException' || (status === 401 && name !== 'AccessDeniedException');
}

/**
 * Turns an error of an IAM Identity Center call (the SDK's exceptions, Node network errors) into one
 * sentence naming the session (and profile and role), with the fix.
 */
export function translateSsoError(error: unknown, ctx: SsoFailureContext): UserError {
  if (error instanceof UserError) return error;
  const { name, message, status } = errorParts(error);
  const who = ctx.profile !== undefined ? `Profile "${ctx.profile}"` : `The ${describeSession(ctx.session)}`;
  const lead = ctx.role ? `${who}: IAM Identity Center role ${ctx.role.roleName} in account ${ctx.role.accountId}` : `${who}: IAM Identity Center`;
  if (isRejectedToken(error)) {
    return new UserError(
      `${lead} refused the sign-in of ${describeSession(ctx.session)}: it has expired or was revoked. Sign in again (${SIGN_IN_COMMAND}); if it keeps happening, check that sso_region (${ctx.session.region}) is the region of your IAM Identity Center.`,
      'sso.Unauthorized',
    );
  }
  if (name === 'ForbiddenException' || name === 'AccessDeniedException') {
    return new UserError(
      ctx.role
        ? `${lead} is not assigned to your user: ask for the permission set ${ctx.role.roleName} in account ${ctx.role.accountId}, or fix sso_account_id / sso_role_name.`
        : `${lead} denied the request (${message}).`,
      'sso.Forbidden',
    );
  }
  if (name === 'ResourceNotFoundException') {
    return new UserError(`${lead} does not exist (${message}). Check sso_account_id and sso_role_name.`, 'sso.NotFound');
  }
  if (name === 'InvalidRequestException' || name === 'InvalidClientException' || name === 'UnauthorizedClientException') {
    return new UserError(`${lead} rejected the request (${name}: ${message}). Check sso_start_url and that sso_region (${ctx.session.region}) is the region of your IAM Identity Center.`, `sso.${name}`);
  }
  if (name === 'TooManyRequestsException' || name === 'SlowDownException') {
    return new UserError(`${lead} is throttling requests, even after retries. Try again in a minute.`, 'sso.Throttling', true);
  }
  const network = networkFailure(error, {
    lead: `${lead} failed`,
    service: 'IAM Identity Center',
    endpoint: ctx.endpoint,
    endpointSettings: `sso_region ${ctx.session.region}, AWS_ENDPOINT_URL_SSO…`,
    retry: 'and try again',
  });
  if (network) return network;
  if (status !== undefined && status >= 500) return new UserError(`${lead} had an internal error, even after retries (${message}). Try again later.`, 'sso.ServerError', true);
  return new UserError(`${lead} failed: ${message || name || 'unknown error'}.`, `sso.${name || 'Error'}`);
}
