import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../index';
import * as signIn from './consoleSignIn';

const b = (s: string) => new TextEncoder().encode(s);
const KEYS = '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secretsecret\n';
const CONFIG = `[profile prod]
role_arn = arn:aws:iam::2:role/Prod
source_profile = default
[profile audit]
role_arn = arn:aws:iam::3:role/Audit
source_profile = prod
[profile sso]
sso_account_id = 1
sso_role_name = R
sso_start_url = https://d-1.awsapps.com/start
sso_region = us-east-1
[profile on-sso]
role_arn = arn:aws:iam::3:role/Audit
source_profile = sso
[profile web]
role_arn = arn:aws:iam::1:role/Ci
web_identity_token_file = /t
[profile process]
credential_process = /bin/creds
`;
const chainOf = (profile: string) => analyze(b(CONFIG), b(KEYS)).plans.get(profile)!.chain;
const TEMPORARY = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', sessionToken: 't', expiration: 1 };
const LONG_TERM = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's' };

test('issue 12: a role session asks for the longest console session, one hour when chained on a role or IAM Identity Center role; long-term keys go through GetFederationToken', () => {
  assert.deepEqual(signIn.consoleRoute(chainOf('prod'), TEMPORARY), { via: 'session', sessionSeconds: 43200, chained: false });
  assert.deepEqual(signIn.consoleRoute(chainOf('audit'), TEMPORARY), { via: 'session', sessionSeconds: 3600, chained: true });
  assert.deepEqual(signIn.consoleRoute(chainOf('on-sso'), TEMPORARY), { via: 'session', sessionSeconds: 3600, chained: true });
  assert.deepEqual(signIn.consoleRoute(chainOf('sso'), TEMPORARY), { via: 'session', sessionSeconds: 43200, chained: false });
  assert.deepEqual(signIn.consoleRoute(chainOf('web'), TEMPORARY), { via: 'session', sessionSeconds: 43200, chained: false });
  assert.deepEqual(signIn.consoleRoute(chainOf('default'), LONG_TERM), { via: 'federation_token' });
  assert.deepEqual(signIn.consoleRoute(chainOf('process'), LONG_TERM), { via: 'federation_token' });
  assert.deepEqual(signIn.consoleRoute(chainOf('process'), TEMPORARY), { via: 'session', sessionSeconds: undefined, chained: false }, 'of unknown kind: tried as they are');
  assert.deepEqual(signIn.consoleRoute(chainOf('default'), TEMPORARY), { via: 'session', sessionSeconds: undefined, chained: false }, 'keys with a session token in the file');
});

test('issue 12: the partition, its federation endpoint and the console of the region', () => {
  assert.deepEqual(['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1'].map(signIn.partitionOf), [
    'aws', 'aws', 'aws-cn', 'aws-us-gov', undefined, undefined, undefined,
  ]);
  assert.equal(signIn.federationEndpoint('aws'), 'https://signin.aws.amazon.com/federation');
  assert.equal(signIn.federationEndpoint('aws-cn'), 'https://signin.amazonaws.cn/federation');
  assert.equal(signIn.federationEndpoint('aws-us-gov'), 'https://signin.amazonaws-us-gov.com/federation');
  assert.equal(signIn.federationEndpoint('aws', 'http://127.0.0.2:4599/'), 'http://127.0.0.2:4599/federation');
  assert.equal(signIn.consoleDestination('aws', 'eu-west-1'), 'https://console.aws.amazon.com/console/home?region=eu-west-1');
  assert.equal(signIn.consoleDestination('aws-cn', 'cn-north-1'), 'https://console.amazonaws.cn/console/home?region=cn-north-1');
  assert.equal(signIn.consoleDestination('aws-us-gov', 'us-gov-west-1'), 'https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1');
});

test('issue 12: the federated user is named after the IAM user, else the profile, within STS rules', () => {
  assert.equal(signIn.federatedUserName('default', 'arn:aws:iam::1:user/alice'), 'alice');
  assert.equal(signIn.federatedUserName('default', 'arn:aws:iam::1:user/team/ops/bob'), 'bob');
  assert.equal(signIn.federatedUserName('my profile/x', undefined), 'my-profile-x');
  assert.equal(signIn.federatedUserName('p', 'arn:aws:sts::1:assumed-role/R/s'), 'p-');
  assert.equal(signIn.federatedUserName('a'.repeat(40), undefined), 'a'.repeat(32));
  for (const name of ['alice', 'my-profile-x', 'p-']) assert.match(name, /^[\w+=,.@-]{2,32}$/);
});

test('issue 12: the getSigninToken and login requests carry what the federation endpoint reads; issue 26 L4: the credentials in a POST body, never a URL, where AWS takes it', () => {
  const endpoint = 'https://signin.aws.amazon.com/federation';
  const request = signIn.signinTokenRequest(endpoint, TEMPORARY, 3600, 'aws');
  assert.deepEqual([request.method, request.url], ['POST', endpoint], 'nothing in the URL');
  const form = new URLSearchParams(request.body);
  assert.equal(form.get('Action'), 'getSigninToken');
  assert.deepEqual(JSON.parse(form.get('Session')!), { sessionId: 'ASIAEXAMPLE', sessionKey: 's', sessionToken: 't' });
  assert.equal(form.get('SessionDuration'), '3600');
  assert.equal(new URLSearchParams(signIn.signinTokenRequest(endpoint, TEMPORARY, undefined, 'aws').body).has('SessionDuration'), false);
  assert.equal(signIn.signinTokenRequest('https://signin.amazonaws.cn/federation', TEMPORARY, 3600, 'aws-cn').method, 'POST');
  // GovCloud: the GET of the IAM User Guide.
  const gov = signIn.signinTokenRequest('https://signin.amazonaws-us-gov.com/federation', TEMPORARY, 3600, 'aws-us-gov');
  assert.equal(gov.method, 'GET');
  assert.equal(gov.body, undefined);
  assert.deepEqual(JSON.parse(new URL(gov.url).searchParams.get('Session')!), { sessionId: 'ASIAEXAMPLE', sessionKey: 's', sessionToken: 't' });
  const login = new URL(signIn.loginUrl(endpoint, 'TOKEN+/=', 'https://console.aws.amazon.com/console/home?region=us-east-1'));
  assert.equal(login.searchParams.get('Action'), 'login');
  assert.equal(login.searchParams.get('SigninToken'), 'TOKEN+/=');
  assert.equal(login.searchParams.get('Destination'), 'https://console.aws.amazon.com/console/home?region=us-east-1');
  assert.deepEqual(JSON.parse(signIn.FEDERATION_POLICY).Statement, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
});

test('issue 26 L4: a test federation endpoint must be https:, or http: on this machine', () => {
  for (const ok of ['https://signin.example.com', 'http://127.0.0.2:4566', 'http://localhost:8080/', 'http://[::1]:9000']) assert.equal(signIn.testSigninEndpointProblem(ok), undefined, ok);
  assert.equal(signIn.testSigninEndpointProblem('http://collector.example.com'), 'http://collector.example.com is neither https: nor http: on this machine');
  assert.equal(signIn.testSigninEndpointProblem('http://127.0.0.1.evil.example'), 'http://127.0.0.1.evil.example is neither https: nor http: on this machine');
  assert.match(signIn.testSigninEndpointProblem('ftp://127.0.0.1')!, /neither https: nor http: on this machine/);
  assert.equal(signIn.testSigninEndpointProblem('not a url'), '"not a url" is not a URL');
});
