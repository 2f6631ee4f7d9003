import { UserError } from '../../core/common/errors';
import { describeSession, type SsoSession } from '../../core/sso/ssoSession';
import { errorParts, networkFailure } from '../networkErrors';
import * as l10n from '@vscode/l10n';

/** The command a sentence sends the user to. */
export const signInCommand = (): string => l10n.t('"AWS Profiles: Sign In to IAM Identity Center…"');

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
  const lead = ctx.role ? l10n.t('{0}: IAM Identity Center role {1} in account {2}', who, ctx.role.roleName, ctx.role.accountId) : l10n.t('{0}: IAM Identity Center', who);
  if (isRejectedToken(error)) {
    return new UserError(
      l10n.t('{0} refused the sign-in of {1}: it has expired or was revoked. Sign in again ({2}); if it keeps happening, check that sso_region ({3}) is the region of your IAM Identity Center.', lead, describeSession(ctx.session), signInCommand(), ctx.session.region),
      'sso.Unauthorized',
    );
  }
  if (name === 'ForbiddenException' || name === 'AccessDeniedException') {
    return new UserError(
      ctx.role
        ? l10n.t('{0} is not assigned to your user: ask for the permission set {1} in account {2}, or fix sso_account_id / sso_role_name.', lead, ctx.role.roleName, ctx.role.accountId)
        : l10n.t('{0} denied the request ({1}).', lead, message),
      'sso.Forbidden',
    );
  }
  if (name === 'ResourceNotFoundException') {
    return new UserError(l10n.t('{0} does not exist ({1}). Check sso_account_id and sso_role_name.', lead, message), 'sso.NotFound');
  }
  if (name === 'InvalidRequestException' || name === 'InvalidClientException' || name === 'UnauthorizedClientException') {
    return new UserError(l10n.t('{0} rejected the request ({1}: {2}). Check sso_start_url and that sso_region ({3}) is the region of your IAM Identity Center.', lead, name, message, ctx.session.region), `sso.${name}`);
  }
  if (name === 'TooManyRequestsException' || name === 'SlowDownException') {
    return new UserError(l10n.t('{0} is throttling requests, even after retries. Try again in a minute.', lead), 'sso.Throttling', true);
  }
  const network = networkFailure(error, {
    lead: `${lead} failed`,
    service: l10n.t('IAM Identity Center'),
    endpoint: ctx.endpoint,
    endpointSettings: `sso_region ${ctx.session.region}, AWS_ENDPOINT_URL_SSO…`,
    retry: l10n.t('and try again'),
  });
  if (network) return network;
  if (status !== undefined && status >= 500) return new UserError(l10n.t('{0} had an internal error, even after retries ({1}). Try again later.', lead, message), 'sso.ServerError', true);
  return new UserError(`${lead} failed: ${message || name || l10n.t('unknown error')}.`, `sso.${name || 'Error'}`);
}
