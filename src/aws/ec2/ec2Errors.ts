import { UserError } from '../../core/common/errors';
import { errorParts, networkFailure } from '../networkErrors';

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
  const lead = `Profile "${ctx.profile}" cannot list EC2 instances in ${ctx.region}`;
  const attempts = (error as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;

  if (name === 'UnauthorizedOperation' || name === 'AccessDenied' || name === 'AccessDeniedException') {
    const who = /User: (arn:\S+)/.exec(message)?.[1];
    return new UserError(
      `${lead}: ${who ? who : 'its identity'} is not allowed ec2:DescribeInstances. Ask an administrator to grant ec2:DescribeInstances (for example through the AmazonEC2ReadOnlyAccess policy) to the profile's role or user.`,
      'ec2.UnauthorizedOperation',
    );
  }
  if (name === 'OptInRequired') {
    return new UserError(
      `${lead}: the region is not enabled for this account (OptInRequired). Enable ${ctx.region} in the AWS console (Account → AWS Regions), or use Change Region on the node.`,
      'ec2.OptInRequired',
    );
  }
  if (THROTTLING.has(name)) {
    const tries = attempts !== undefined && attempts > 1 ? `, even after ${attempts} attempts with backoff` : ', even after retries';
    return new UserError(`${lead}: EC2 is throttling requests (${name})${tries}. Wait a minute, then use Refresh on the node.`, 'ec2.Throttling', true);
  }
  if (REJECTED_CREDENTIALS.has(name)) {
    if (name === 'RequestExpired' && /Signature expired|Timestamp|skew/i.test(message)) {
      return new UserError(`${lead}: this computer's clock is too far from AWS time (${name}). Set the clock to synchronise automatically and try again.`, 'ec2.ClockSkew');
    }
    const why = name === 'RequestExpired' || /^ExpiredToken/.test(name) ? `its credentials have expired (${name})` : `AWS did not accept its credentials (${name}); they may have expired or been revoked`;
    // In a region not enabled for the account, EC2 rejects every credential with AuthFailure.
    const optIn = OPT_IN_REGIONS.has(ctx.region) && name !== 'RequestExpired' ? `, or ${ctx.region} is an opt-in region not enabled for the account (use Change Region on the node)` : '';
    return new UserError(
      `${lead}: ${why}. Run "AWS Profiles: Refresh Credentials" for "${ctx.profile}", then list again${optIn}.`,
      name === 'AuthFailure' ? 'ec2.AuthFailure' : 'ec2.ExpiredCredentials',
    );
  }
  if (name === 'SignatureDoesNotMatch') {
    return new UserError(`${lead}: the secret key does not match the access key (SignatureDoesNotMatch). Check the profile's keys, then run "AWS Profiles: Refresh Credentials".`, 'ec2.AuthFailure');
  }
  const network = networkFailure(error, { lead, service: 'EC2', endpoint: ctx.endpoint, endpointSettings: 'endpoint_url, AWS_ENDPOINT_URL_EC2…', retry: 'then use Refresh on the node' });
  if (network) return network;
  const said = message ? ` (EC2: ${message})` : '';
  if (status !== undefined && status >= 500) {
    return new UserError(`${lead}: EC2 had an internal error, even after retries${said}. Try again later.`, 'ec2.ServerError', true);
  }
  if (status !== undefined) return new UserError(`${lead}${said}.`, `ec2.${name || 'Error'}`);
  return new UserError(`${lead}: ${message || 'unknown error'}.`, code ? `net.${code}` : 'ec2.Unknown', code !== '');
}
