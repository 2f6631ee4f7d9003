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

/** IAM's wording of a refusal by a policy's explicit deny, which AWS's "force MFA" policies give a call made without MFA. */
const EXPLICIT_DENY = /with an explicit deny/i;

/**
 * Turns an error from an IAM call into one sentence naming the profile, with what to do instead.
 * IAM's own message is quoted: it names principals and actions, never a secret.
 */
export function translateIamError(error: unknown, ctx: IamFailureContext): UserError {
  if (error instanceof UserError) return error;
  const { name, code, message, status } = errorParts(error);
  const lead = l10n.t('Profile "{0}" cannot {1}', ctx.profile, ctx.what);
  const said = message.trim() ? l10n.t(' (IAM: {0})', message.trim()) : '';
  const denied = name === 'AccessDenied' || name === 'AccessDeniedException';
  if (denied && EXPLICIT_DENY.test(message)) return new UserError(l10n.t('{0}: a policy denies it{1}. Where the policy requires MFA for IAM, sign in with an MFA code first.', lead, said), 'iam.ExplicitDeny');
  if (denied) return new UserError(l10n.t('{0}: IAM does not allow it{1}.', lead, said), 'iam.AccessDenied');
  if (name === 'ValidationError' && /userName/i.test(message)) return new UserError(l10n.t('{0}: its credentials are a role\'s, and only an IAM user has MFA devices and access keys{1}.', lead, said), 'iam.NotAUser');
  if (name === 'LimitExceeded' || name === 'LimitExceededException') return new UserError(l10n.t('{0}: the IAM user has two access keys already, the most IAM allows{1}. Delete the one no profile uses first.', lead, said), 'iam.LimitExceeded');
  if (name === 'NoSuchEntity' || name === 'NoSuchEntityException') return new UserError(l10n.t('{0}: IAM does not know that key any more{1}.', lead, said), 'iam.NoSuchEntity');
  if (name === 'InvalidClientTokenId' || name === 'SignatureDoesNotMatch' || /^ExpiredToken/.test(name)) {
    return new UserError(l10n.t('{0}: IAM did not accept its keys ({1}).', lead, name), 'iam.InvalidKeys');
  }
  const network = networkFailure(error, { lead, service: 'IAM', endpoint: ctx.endpoint, endpointSettings: l10n.t('endpoint_url, AWS_ENDPOINT_URL_IAM…'), retry: l10n.t('and try again') });
  if (network) return network;
  if (status !== undefined) return new UserError(l10n.t('{0}{1}.', lead, said), `iam.${name || 'Error'}`, status >= 500);
  return new UserError(l10n.t('{0}: {1}.', lead, message || l10n.t('unknown error')), code ? `net.${code}` : 'iam.Unknown', code !== '');
}
