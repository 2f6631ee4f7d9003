import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../core/common/errors';
import { translateEc2Error } from './ec2Errors';

const CTX = { profile: 'prod', region: 'us-east-1', endpoint: 'https://ec2.us-east-1.amazonaws.com' };

/** An error shaped as the SDK throws them (a ServiceException with name and $metadata). */
function sdkError(name: string, message: string, status: number, attempts = 1): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts } });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

test('each EC2 failure becomes one sentence naming profile and region, with the fix', () => {
  const cases: [unknown, string, string, boolean, { profile: string; region: string; endpoint: string }?][] = [
    [
      sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation. User: arn:aws:iam::111111111111:user/bob is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action', 403),
      'Profile "prod" cannot list EC2 instances in us-east-1: arn:aws:iam::111111111111:user/bob is not allowed ec2:DescribeInstances. Ask an administrator to grant ec2:DescribeInstances (for example through the AmazonEC2ReadOnlyAccess policy) to the profile\'s role or user.',
      'ec2.UnauthorizedOperation',
      false,
    ],
    [
      sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation. Encoded authorization failure message: abc', 403),
      'Profile "prod" cannot list EC2 instances in us-east-1: its identity is not allowed ec2:DescribeInstances. Ask an administrator to grant ec2:DescribeInstances (for example through the AmazonEC2ReadOnlyAccess policy) to the profile\'s role or user.',
      'ec2.UnauthorizedOperation',
      false,
    ],
    [
      sdkError('OptInRequired', 'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.', 403),
      'Profile "prod" cannot list EC2 instances in ap-east-1: the region is not enabled for this account (OptInRequired). Enable ap-east-1 in the AWS console (Account → AWS Regions), or use Change Region on the node.',
      'ec2.OptInRequired',
      false,
      { ...CTX, region: 'ap-east-1' },
    ],
    [
      sdkError('RequestLimitExceeded', 'Request limit exceeded.', 503, 3),
      'Profile "prod" cannot list EC2 instances in us-east-1: EC2 is throttling requests (RequestLimitExceeded), even after 3 attempts with backoff. Wait a minute, then use Refresh on the node.',
      'ec2.Throttling',
      true,
    ],
    [
      sdkError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401),
      'Profile "prod" cannot list EC2 instances in us-east-1: AWS did not accept its credentials (AuthFailure); they may have expired or been revoked. Run "AWS Profiles: Refresh Credentials" for "prod", then list again.',
      'ec2.AuthFailure',
      false,
    ],
    [
      sdkError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401),
      'Profile "prod" cannot list EC2 instances in me-south-1: AWS did not accept its credentials (AuthFailure); they may have expired or been revoked. Run "AWS Profiles: Refresh Credentials" for "prod", then list again, or me-south-1 is an opt-in region not enabled for the account (use Change Region on the node).',
      'ec2.AuthFailure',
      false,
      { ...CTX, region: 'me-south-1' },
    ],
    [
      sdkError('RequestExpired', 'Request has expired.', 400),
      'Profile "prod" cannot list EC2 instances in us-east-1: its credentials have expired (RequestExpired). Run "AWS Profiles: Refresh Credentials" for "prod", then list again.',
      'ec2.ExpiredCredentials',
      false,
    ],
    [
      sdkError('RequestExpired', 'Request has expired. Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z', 400),
      'Profile "prod" cannot list EC2 instances in us-east-1: this computer\'s clock is too far from AWS time (RequestExpired). Set the clock to synchronise automatically and try again.',
      'ec2.ClockSkew',
      false,
    ],
    [
      networkError('ENOTFOUND'),
      'Profile "prod" cannot list EC2 instances in us-east-1: the EC2 endpoint https://ec2.us-east-1.amazonaws.com cannot be found (DNS). Check the network connection, a proxy or VPN, and the region and endpoint settings.',
      'net.Dns',
      true,
    ],
    [
      networkError('ECONNREFUSED'),
      'Profile "prod" cannot list EC2 instances in us-east-1: https://ec2.us-east-1.amazonaws.com refused the connection. Check that the endpoint is right (endpoint_url, AWS_ENDPOINT_URL_EC2…) and reachable.',
      'net.Refused',
      true,
    ],
    [
      Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' }),
      'Profile "prod" cannot list EC2 instances in us-east-1: https://ec2.us-east-1.amazonaws.com did not answer in time. Check the network connection, proxy or VPN, then use Refresh on the node.',
      'net.Timeout',
      true,
    ],
    [
      sdkError('InternalError', 'An internal error has occurred', 500, 3),
      'Profile "prod" cannot list EC2 instances in us-east-1: EC2 had an internal error, even after retries (EC2: An internal error has occurred). Try again later.',
      'ec2.ServerError',
      true,
    ],
    [
      sdkError('InvalidParameterValue', 'Value ( 2 ) for parameter maxResults is invalid.', 400),
      'Profile "prod" cannot list EC2 instances in us-east-1 (EC2: Value ( 2 ) for parameter maxResults is invalid.).',
      'ec2.InvalidParameterValue',
      false,
    ],
  ];
  for (const [error, message, code, retryable, ctx] of cases) {
    const translated = translateEc2Error(error, ctx ?? CTX);
    assert.ok(translated instanceof UserError);
    assert.equal(translated.message, message);
    assert.equal(translated.code, code, message);
    assert.equal(translated.retryable, retryable, message);
  }
});

test('a UserError passes through unchanged; no secret is ever quoted', () => {
  const original = new UserError('Profile "prod" needs an MFA code.', 'mfa.needed');
  assert.equal(translateEc2Error(original, CTX), original);
  const e = translateEc2Error(sdkError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401), CTX);
  assert.doesNotMatch(e.message, /AKIA|ASIA|secret/i);
});
