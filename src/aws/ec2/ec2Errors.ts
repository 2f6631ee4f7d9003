import { UserError } from '../../core/common/errors';
import { errorParts, networkFailure } from '../networkErrors';
import * as l10n from '@vscode/l10n';

/** Where a failed DescribeInstances call was made, for the sentence. */
export interface Ec2FailureContext {
  profile: string;
  region: string;
  /** The EC2 endpoint the call went to. */
  endpoint: string;
}

const THROTTLING = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestThrottled', 'RequestThrottledException']);
/** Regions an account must enable before use (opt-in regions). */
const OPT_IN_REGIONS = new Set([
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'ca-west-1',
  'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
]);
const REJECTED_CREDENTIALS = new Set(['AuthFailure', 'InvalidClientTokenId', 'UnrecognizedClientException', 'ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);

/**
 * Turns an error from DescribeInstances (the SDK's service exceptions, Node network errors,
 * timeouts) into one sentence naming the profile and the region, with the fix. EC2's own message is
 * quoted where it helps: it names principals and actions, never a secret.
 */
export function translateEc2Error(error: unknown, ctx: Ec2FailureContext): UserError {
  if (error instanceof UserError) return error;
  const parts = errorParts(error);
  const { name, code, status } = parts;
  const message = parts.message.trim();
  const lead = l10n.t('Profile "{0}" cannot list EC2 instances in {1}', ctx.profile, ctx.region);
  const attempts = (error as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;

  if (name === 'UnauthorizedOperation' || name === 'AccessDenied' || name === 'AccessDeniedException') {
    const who = /User: (arn:\S+)/.exec(message)?.[1];
    return new UserError(
      l10n.t('{0}: {1} is not allowed ec2:DescribeInstances. Ask an administrator to grant ec2:DescribeInstances (for example through the AmazonEC2ReadOnlyAccess policy) to the profile\'s role or user.', lead, who ? who : 'its identity'),
      'ec2.UnauthorizedOperation',
    );
  }
  if (name === 'OptInRequired') {
    return new UserError(
      l10n.t('{0}: the region is not enabled for this account (OptInRequired). Enable {1} in the AWS console (Account → AWS Regions), or use Change Region on the node.', lead, ctx.region),
      'ec2.OptInRequired',
    );
  }
  if (THROTTLING.has(name)) {
    const tries = attempts !== undefined && attempts > 1 ? l10n.t(', even after {0} attempts with backoff', attempts) : l10n.t(', even after retries');
    return new UserError(l10n.t('{0}: EC2 is throttling requests ({1}){2}. Wait a minute, then use Refresh on the node.', lead, name, tries), 'ec2.Throttling', true);
  }
  if (REJECTED_CREDENTIALS.has(name)) {
    if (name === 'RequestExpired' && /Signature expired|Timestamp|skew/i.test(message)) {
      return new UserError(l10n.t('{0}: this computer\'s clock is too far from AWS time ({1}). Set the clock to synchronise automatically and try again.', lead, name), 'ec2.ClockSkew');
    }
    const why = name === 'RequestExpired' || /^ExpiredToken/.test(name) ? l10n.t('its credentials have expired ({0})', name) : l10n.t('AWS did not accept its credentials ({0}); they may have expired or been revoked', name);
    // In a region not enabled for the account, EC2 rejects every credential with AuthFailure.
    const optIn = OPT_IN_REGIONS.has(ctx.region) && name !== 'RequestExpired' ? l10n.t(', or {0} is an opt-in region not enabled for the account (use Change Region on the node)', ctx.region) : '';
    return new UserError(
      l10n.t('{0}: {1}. Run "AWS Profiles: Refresh Credentials" for "{2}", then list again{3}.', lead, why, ctx.profile, optIn),
      name === 'AuthFailure' ? 'ec2.AuthFailure' : 'ec2.ExpiredCredentials',
    );
  }
  if (name === 'SignatureDoesNotMatch') {
    return new UserError(l10n.t('{0}: the secret key does not match the access key (SignatureDoesNotMatch). Check the profile\'s keys, then run "AWS Profiles: Refresh Credentials".', lead), 'ec2.AuthFailure');
  }
  const network = networkFailure(error, { lead, service: 'EC2', endpoint: ctx.endpoint, endpointSettings: l10n.t('endpoint_url, AWS_ENDPOINT_URL_EC2…'), retry: l10n.t('then use Refresh on the node') });
  if (network) return network;
  const said = message ? ` (EC2: ${message})` : '';
  if (status !== undefined && status >= 500) {
    return new UserError(l10n.t('{0}: EC2 had an internal error, even after retries{1}. Try again later.', lead, said), 'ec2.ServerError', true);
  }
  if (status !== undefined) return new UserError(`${lead}${said}.`, `ec2.${name || 'Error'}`);
  return new UserError(`${lead}: ${message || l10n.t('unknown error')}.`, code ? `net.${code}` : 'ec2.Unknown', code !== '');
}
