import { UserError } from '../../core/common/errors';
import { errorParts, networkFailure } from '../networkErrors';

/** Where a failed IAM call was made, for the sentence. */
export interface IamFailureContext {
  profile: string;
  /** What was asked, for the sentence ("list its MFA devices"). */
  what: string;
  endpoint: string;
}

/**
 * Turns an error from an IAM call into one sentence naming the profile, with what to do instead.
 * IAM's own message is quoted: it names principals and actions, never a secret.
 */
export function translateIamError(error: unknown, ctx: IamFailureContext): UserError {
  if (error instanceof UserError) return error;
  const { name, code, message, status } = errorParts(error);
  const lead = `Profile "${ctx.profile}" cannot ${ctx.what}`;
  const said = message.trim() ? ` (IAM: ${message.trim()})` : '';
  if (name === 'AccessDenied' || name === 'AccessDeniedException') return new UserError(`${lead}: IAM does not allow it${said}.`, 'iam.AccessDenied');
  if (name === 'ValidationError' && /userName/i.test(message)) return new UserError(`${lead}: its credentials are a role's, and only an IAM user has MFA devices${said}.`, 'iam.NotAUser');
  if (name === 'InvalidClientTokenId' || name === 'SignatureDoesNotMatch' || /^ExpiredToken/.test(name)) {
    return new UserError(`${lead}: IAM did not accept its keys (${name}).`, 'iam.InvalidKeys');
  }
  const network = networkFailure(error, { lead, service: 'IAM', endpoint: ctx.endpoint, endpointSettings: 'endpoint_url, AWS_ENDPOINT_URL_IAM…', retry: 'and try again' });
  if (network) return network;
  if (status !== undefined) return new UserError(`${lead}${said}.`, `iam.${name || 'Error'}`, status >= 500);
  return new UserError(`${lead}: ${message || 'unknown error'}.`, code ? `net.${code}` : 'iam.Unknown', code !== '');
}
