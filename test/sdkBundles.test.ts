// Issue 25: the SDK bundles as scripts/build.mjs writes them — dist/sdk-sts.js, sdk-ec2.js,
// sdk-sso.js and sdk-iam.js (issue 21) sharing their common code through dist/sdk-shared-*.js, CommonJS made from esbuild's
// split ES modules — load in Node and call the local endpoint with the real clients, which checks
// every signature. The integration tests run the SDK from source; only this test and the e2e suite
// run what ships.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Ec2Sdk } from '../src/aws/ec2/ec2Gateway';
import type { IamSdk } from '../src/aws/iam/iamGateway';
import type { SsoSdk } from '../src/aws/sso/ssoGateway';
import type { StsSdk } from '../src/aws/sts/stsGateway';
import { requireBuilt } from '../src/base/lazyRequire';
import { DEMO } from './support/localAws';
import { useLocalAws } from './support/localAws/testHooks';

const root = join(__dirname, '..');
const aws = useLocalAws();
let out = '';

before(() => {
  out = mkdtempSync(join(tmpdir(), 'awsp-sdk-bundles-'));
  const r = spawnSync(process.execPath, ['scripts/build.mjs', `--outdir=${out}`], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `node scripts/build.mjs failed:\n${r.stdout}\n${r.stderr}`);
});
after(() => rmSync(out, { recursive: true, force: true }));

const sdkFiles = () => readdirSync(out).filter((f) => f.startsWith('sdk-'));
const load = <T>(name: string) => (require(join(out, `sdk-${name}.js`)) as { sdk: T }).sdk;

test('issue 25: the shipped STS, EC2, IAM Identity Center and IAM bundles sign and call the endpoint, and read its errors', async () => {
  const target = { region: DEMO.region, endpoint: aws.url };
  const alice = { accessKeyId: DEMO.alice.accessKeyId, secretAccessKey: DEMO.alice.secretAccessKey };
  const sts = load<StsSdk>('sts').createStsGateway({ maxAttempts: 1 });
  assert.equal((await sts.getCallerIdentity(target, alice)).arn, DEMO.alice.arn);
  const role = await sts.assumeRole(target, alice, { roleArn: DEMO.powerUserRoleArn, roleSessionName: 'bundles' });

  const ec2 = load<Ec2Sdk>('ec2').createEc2Gateway({ maxAttempts: 1 });
  const page = await ec2.describeInstancesPage({ credentials: role.credentials, region: DEMO.region, endpoint: aws.url, maxResults: 5 });
  assert.equal(page.instances.length, 5);
  assert.ok(page.nextToken, 'a second page');
  const bob = { accessKeyId: DEMO.bob.accessKeyId, secretAccessKey: DEMO.bob.secretAccessKey };
  await assert.rejects(ec2.describeInstancesPage({ credentials: bob, region: DEMO.region, endpoint: aws.url, maxResults: 5 }), { name: 'UnauthorizedOperation' });

  const sso = load<SsoSdk>('sso').createSsoGateway({ maxAttempts: 1 });
  const client = await sso.registerClient(target, { clientName: 'bundles', scopes: ['sso:account:access'], grantTypes: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'], issuerUrl: DEMO.sso.startUrl });
  assert.ok(client.clientId && client.clientSecret);
  await assert.rejects(sso.getRoleCredentials(target, 'not-a-token', DEMO.devAccountId, 'ReadOnly'), { name: 'UnauthorizedException' });

  // Issue 21: the IAM bundle lists the calling user's MFA devices; a role session must name a user.
  const iam = load<IamSdk>('iam').createIamGateway({ maxAttempts: 1 });
  assert.deepEqual((await iam.listMfaDevices(target, alice)).map((d) => d.serialNumber), [DEMO.alice.mfaSerial]);
  await assert.rejects(iam.listMfaDevices(target, role.credentials), { name: 'ValidationError' });
});

test('issue 25: the Smithy runtime, the signer and the retry middleware are in one shared chunk each, not in every bundle', () => {
  for (const marker of ['AWS4-HMAC-SHA256', 'amz-sdk-invocation-id', 'amz-sdk-request']) {
    const holders = sdkFiles().filter((f) => readFileSync(join(out, f), 'utf8').includes(marker));
    assert.equal(holders.length, 1, `"${marker}" is in ${holders.join(', ') || 'no bundle'}`);
    assert.match(holders[0], /^sdk-shared-\w+\.js$/);
  }
  for (const name of ['sts', 'ec2', 'sso', 'iam']) {
    const text = readFileSync(join(out, `sdk-${name}.js`), 'utf8');
    assert.match(text, /require\("\.\/sdk-shared-\w+\.js"\)/, `sdk-${name}.js requires the shared chunks`);
    assert.doesNotMatch(text, /\bimport\s*\(|^import |^export /m, `sdk-${name}.js is CommonJS`);
  }
});

test('issue 25: a missing shared chunk is an error that names it, not a fall-back to the TypeScript source', () => {
  const broken = mkdtempSync(join(tmpdir(), 'awsp-sdk-broken-'));
  try {
    cpSync(out, broken, { recursive: true });
    const chunk = /require\("\.\/(sdk-shared-\w+\.js)"\)/.exec(readFileSync(join(broken, 'sdk-ec2.js'), 'utf8'))![1];
    rmSync(join(broken, chunk));
    const fromSource = () => assert.fail('fell back to the source');
    assert.throws(() => requireBuilt('sdk-ec2', () => require(join(broken, 'sdk-ec2.js')), fromSource), (e: NodeJS.ErrnoException) => e.code === 'MODULE_NOT_FOUND' && e.message.includes(chunk));
  } finally {
    rmSync(broken, { recursive: true, force: true });
  }
});
