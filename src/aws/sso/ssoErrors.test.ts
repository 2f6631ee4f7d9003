import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSsoError } from './ssoErrors';

const session = { key: 'corp', name: 'corp', startUrl: 'https://d-1.awsapps.com/start', region: 'eu-west-1', scopes: ['sso:account:access'] };
const err = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(String(extra.message ?? 'UnknownError')), { name, ...extra });

test('issue 11: each IAM Identity Center failure is one sentence naming the session, with the fix', () => {
  const ctx = { session, profile: 'prod', role: { accountId: '222222222222', roleName: 'Admin' }, endpoint: 'https://portal.sso.eu-west-1.amazonaws.com' };
  const cases: Array<[Error, RegExp]> = [
    [err('UnauthorizedException', { message: 'Session token not found or invalid' }), /^Profile "prod": IAM Identity Center role Admin in account 222222222222 refused the sign-in of sso-session "corp" .*: it has expired or was revoked\. Sign in again \("AWS Profiles: Sign In to IAM Identity Center…"\).*sso_region \(eu-west-1\)/],
    [err('ForbiddenException', { message: 'No access' }), /is not assigned to your user: ask for the permission set Admin in account 222222222222/],
    [err('InvalidRequestException', { error_description: 'Invalid start URL' }), /rejected the request \(InvalidRequestException: Invalid start URL\)\. Check sso_start_url/],
    [err('TooManyRequestsException'), /throttling requests, even after retries/],
    [Object.assign(new Error('getaddrinfo ENOTFOUND portal.sso.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND' }), /the IAM Identity Center endpoint https:\/\/portal\.sso\.eu-west-1\.amazonaws\.com cannot be found \(DNS\)/],
  ];
  for (const [e, sentence] of cases) assert.match(translateSsoError(e, ctx).message, sentence);
  // Without a profile the session is named instead.
  assert.match(translateSsoError(err('InvalidClientException', { error_description: 'client expired' }), { session, endpoint: 'x' }).message, /^The sso-session "corp" \(https:\/\/d-1\.awsapps\.com\/start\): IAM Identity Center rejected the request \(InvalidClientException: client expired\)/);
});
