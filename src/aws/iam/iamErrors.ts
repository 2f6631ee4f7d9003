import { UserError } from '../../core/common/errors';
import { errorParts, networkFailure } from '../networkErrors';
import * as l10n from '@vscode/l10n';

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
  const lead = l10n.t('Profile "{0}" cannot {1}', ctx.profile, ctx.what);
  const said = message.trim() ? ` (IAM: ${message.trim()})` : '';
  if (name === 'AccessDenied' || name === 'AccessDeniedException') return new UserError(l10n.t('{0}: IAM does not allow it{1}.', lead, said), 'iam.AccessDenied');
  if (name === 'ValidationError' && /userName/i.test(message)) return new UserError(l10n.t('{0}: its credentials are a role\'s, and only an IAM user has MFA devices{1}.', lead, said), 'iam.NotAUser');
  if (name === 'InvalidClientTokenId' || name === 'SignatureDoesNotMatch' || /^ExpiredToken/.test(name)) {
    return new UserError(l10n.t('{0}: IAM did not accept its keys ({1}).', lead, name), 'iam.InvalidKeys');
  }
  const network = networkFailure(error, { lead, service: 'IAM', endpoint: ctx.endpoint, endpointSettings: l10n.t('endpoint_url, AWS_ENDPOINT_URL_IAM…'), retry: l10n.t('and try again') });
  if (network) return network;
  if (status !== undefined) return new UserError(l10n.t('{0}{1}.', lead, said), `iam.${name || 'Error'}`, status >= 500);
  return new UserError(l10n.t('{0}: {1}.', lead, message || l10n.t('unknown error')), code ? `net.${code}` : 'iam.Unknown', code !== '');
}
