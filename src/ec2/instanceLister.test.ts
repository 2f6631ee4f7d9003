import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CancellableProgress, CredentialService, GetCredentialsOptions, HeldCredentials } from '../core/credentials/credentials';
import { NeedsHumanError, type UserError } from '../core/common/errors';
import { analyze } from '../core/index';
import type { InstancePage } from '../aws/ec2/ec2Gateway';
import type { DescribeInstancesRequest, Ec2Gateway, Ec2Sdk } from '../aws/ec2/ec2Gateway';
import { InstanceLister } from './instanceLister';

const b = (s: string) => new TextEncoder().encode(s);

const CONFIG = `[default]
region = us-west-2
[profile prod]
role_arn = arn:aws:iam::222222222222:role/CrossAccountPowerUser
source_profile = default
region = eu-west-1
[profile local]
region = us-east-1
services = local
[profile bad]
endpoint_url = localhost:4566
[services local]
ec2 =
  endpoint_url = http://127.0.0.1:4599/
`;

/** Pages queued per call; records every request. */
class FakeEc2Gateway implements Ec2Gateway {
  readonly requests: DescribeInstancesRequest[] = [];
  constructor(readonly answers: (InstancePage | Error)[] = []) {}
  async describeInstancesPage(request: DescribeInstancesRequest): Promise<InstancePage> {
    this.requests.push(request);
    if (request.signal?.aborted) throw Object.assign(new Error('Request aborted'), { name: 'AbortError' }); // as the SDK does
    const answer = this.answers.shift() ?? { instances: [] };
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

/** Hands out fixed credentials per profile and records the options it was asked with. */
class FakeCredentials implements Pick<CredentialService, 'get'> {
  readonly asked: { profile: string; options?: GetCredentialsOptions }[] = [];
  failure: Error | undefined;
  async get(profile: string, options?: GetCredentialsOptions): Promise<HeldCredentials> {
    this.asked.push({ profile, options });
    if (this.failure) throw this.failure;
    return { profile, expiresAt: null, obtainedAt: 0, credentials: { accessKeyId: `AKIA${profile.toUpperCase()}`, secretAccessKey: 's', sessionToken: 't' } };
  }
}

function setup(answers: (InstancePage | Error)[] = [], env: Record<string, string> = {}, progress?: CancellableProgress) {
  const gateway = new FakeEc2Gateway(answers);
  const credentials = new FakeCredentials();
  let loads = 0;
  const sdk: Ec2Sdk = { createEc2Gateway: () => gateway };
  const profiles = { model: analyze(b(CONFIG), null).model };
  const lister = new InstanceLister({ profiles: () => profiles, env, credentials, loadSdk: () => (loads++, sdk), progress });
  return { lister, gateway, credentials, loads: () => loads };
}

const one = { instances: [{ instanceId: 'i-1', state: 'running', instanceType: 't3.micro' }] };

test('the profile region and regional endpoint; the held credentials, asked for without a prompt', async () => {
  const { lister, gateway, credentials } = setup([one]);
  assert.deepEqual(await lister.page('prod', { maxResults: 100 }), one);
  assert.deepEqual(gateway.requests, [
    { credentials: { accessKeyId: 'AKIAPROD', secretAccessKey: 's', sessionToken: 't' }, region: 'eu-west-1', endpoint: 'https://ec2.eu-west-1.amazonaws.com', nextToken: undefined, maxResults: 100, signal: undefined },
  ]);
  assert.deepEqual(credentials.asked, [{ profile: 'prod', options: { interactive: false, signal: undefined } }], "the engine's own minimum lifetime, no prompt");
});

test('a region chosen for the node, the services block, AWS_ENDPOINT_URL_EC2', async () => {
  const { lister, gateway } = setup([], { AWS_ENDPOINT_URL_EC2: 'http://env-ec2:1' });
  await lister.page('prod', { region: 'ap-south-1', nextToken: 'tok', maxResults: 50 });
  assert.deepEqual([gateway.requests[0].region, gateway.requests[0].endpoint, gateway.requests[0].nextToken, gateway.requests[0].maxResults], ['ap-south-1', 'http://env-ec2:1', 'tok', 50]);
  const plain = setup();
  await plain.lister.page('local', { maxResults: 100 });
  assert.equal(plain.gateway.requests[0].endpoint, 'http://127.0.0.1:4599');
  assert.deepEqual(plain.lister.target('local'), { region: 'us-east-1', regionFrom: 'profile', endpoint: 'http://127.0.0.1:4599', endpointFrom: 'services' });
});

test('the SDK module is loaded on the first page only, and not for target()', async () => {
  const { lister, loads } = setup([one, one]);
  lister.target('prod');
  assert.equal(loads(), 0);
  await lister.page('prod', { maxResults: 100 });
  await lister.page('default', { maxResults: 100 });
  assert.equal(loads(), 1);
});

test('empty pages with a NextToken are followed (at most 5 calls) so that a page shows something', async () => {
  const { lister, gateway } = setup([{ instances: [], nextToken: 'a' }, { instances: [], nextToken: 'b' }, { ...one, nextToken: 'c' }]);
  assert.deepEqual(await lister.page('prod', { maxResults: 100 }), { ...one, nextToken: 'c' });
  assert.deepEqual(gateway.requests.map((r) => r.nextToken), [undefined, 'a', 'b']);
  const endless = setup(Array.from({ length: 10 }, (_, i) => ({ instances: [], nextToken: `t${i}` })));
  assert.deepEqual(await endless.lister.page('prod', { maxResults: 100 }), { instances: [], nextToken: 't4' });
  assert.equal(endless.gateway.requests.length, 5);
});

test('failures: SDK errors translated, credential errors passed through, target problems before any call', async () => {
  const denied = setup([Object.assign(new Error('User: arn:aws:sts::222222222222:assumed-role/CrossAccountPowerUser/s is not authorized'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } })]);
  await assert.rejects(denied.lister.page('prod', { maxResults: 100 }), (e: UserError) => {
    assert.equal(e.code, 'ec2.UnauthorizedOperation');
    assert.match(e.message, /^Profile "prod" cannot list EC2 instances in eu-west-1: arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\/s is not allowed/);
    return true;
  });

  const mfa = setup();
  mfa.credentials.failure = new NeedsHumanError('prod', 'arn:aws:iam::111111111111:mfa/alice');
  await assert.rejects(mfa.lister.page('prod', { maxResults: 100 }), NeedsHumanError);
  assert.equal(mfa.gateway.requests.length, 0);

  const bad = setup();
  await assert.rejects(bad.lister.page('bad', { maxResults: 100 }), {
    message: 'Profile "bad" cannot list EC2 instances: The EC2 endpoint "localhost:4566" (from the profile\'s "endpoint_url") is not an http:// or https:// URL.',
    code: 'ec2.Target',
  });
  await assert.rejects(bad.lister.page('gone', { maxResults: 100 }), { message: 'Profile "gone" cannot list EC2 instances: Profile "gone" is no longer in the AWS config files.' });
  await assert.rejects(bad.lister.page('prod', { region: 'Frankfurt', maxResults: 100 }), { code: 'ec2.Target' });
  assert.equal(bad.credentials.asked.length, 0);
  assert.equal(bad.loads(), 0);
});

test('issue 15: a listing runs under the progress with Cancel; Cancel fails it with CancelledError and aborts the call', async () => {
  const titles: string[] = [];
  let signal: AbortSignal | undefined;
  // The user presses Cancel once the credentials are there and the call has started.
  const { lister, gateway } = setup([one], {}, async (title, work) => {
    titles.push(title);
    const controller = new AbortController();
    signal = controller.signal;
    const running = work(controller.signal);
    controller.abort();
    return running;
  });
  await assert.rejects(lister.page('prod', { maxResults: 100 }), (e: Error) => e.name === 'CancelledError');
  assert.deepEqual(titles, ['Listing the EC2 instances of AWS profile "prod" in eu-west-1…']);
  assert.equal(gateway.requests.at(-1)?.signal, signal, 'the call got the signal');
});
