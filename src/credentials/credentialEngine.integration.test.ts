// The engine with the real STSClient (serializer, signer, retries) against the local STS endpoint,
// which verifies every SigV4 signature.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { DEMO, demoScenario, startLocalAws, type LocalAws } from '../../test/support/localAws';
import { CapturingLogger, MemorySecretStore, MemoryStateStore, profilesOf } from '../../test/support/credentialFakes';
import { userErrorOf } from '../../test/support/userErrors';
import { AssumeRoleDeniedError } from '../core/common/errors';
import { CredentialEngine, type CredentialEngineOptions } from './credentialEngine';

let aws: LocalAws;
let dir: string;

const CREDENTIALS = `[default]\naws_access_key_id = ${DEMO.alice.accessKeyId}\naws_secret_access_key = ${DEMO.alice.secretAccessKey}\n[bob]\naws_access_key_id = ${DEMO.bob.accessKeyId}\naws_secret_access_key = ${DEMO.bob.secretAccessKey}\n[wrong-secret]\naws_access_key_id = ${DEMO.alice.accessKeyId}\naws_secret_access_key = ${'x'.repeat(40)}\n[unknown-key]\naws_access_key_id = AKIAUNKNOWNUNKNOWN01\naws_secret_access_key = ${DEMO.alice.secretAccessKey}\n`;
const config = () => `[default]
region = us-east-1
[profile power]
role_arn = ${DEMO.powerUserRoleArn}
source_profile = default
[profile audit]
role_arn = ${DEMO.chainedRoleArn}
source_profile = power
[profile deep]
role_arn = arn:aws:iam::333333333333:role/DeepAudit
source_profile = audit
[profile admin]
role_arn = ${DEMO.adminRoleArn}
source_profile = default
mfa_serial = ${DEMO.alice.mfaSerial}
[profile partner]
role_arn = ${DEMO.partnerRoleArn}
source_profile = default
external_id = ${DEMO.partnerExternalId}
[profile partner-wrong]
role_arn = ${DEMO.partnerRoleArn}
source_profile = default
[profile bob-power]
role_arn = ${DEMO.powerUserRoleArn}
source_profile = bob
[profile ci]
role_arn = ${DEMO.webIdentityRoleArn}
web_identity_token_file = ${join(dir, 'token')}
[profile ci-pipe]
role_arn = ${DEMO.webIdentityRoleArn}
web_identity_token_file = ${join(dir, 'token-pipe')}
[profile ci-missing]
role_arn = ${DEMO.webIdentityRoleArn}
web_identity_token_file = ${join(dir, 'no-token')}
[profile eu]
role_arn = ${DEMO.powerUserRoleArn}
source_profile = default
region = eu-south-1
[profile partner-long]
role_arn = ${DEMO.partnerRoleArn}
source_profile = default
external_id = ${DEMO.partnerExternalId}
duration_seconds = 10800
[profile slow-process]
credential_process = ${process.execPath} -e "require('fs').writeFileSync(process.argv[1], String(process.pid)); setTimeout(() => {}, 60000)" ${join(dir, 'slow.pid')}
`;

before(async () => {
  aws = await startLocalAws({ scenario: demoScenario() });
  aws.state.addRole({ arn: 'arn:aws:iam::333333333333:role/DeepAudit', trustedPrincipals: [DEMO.chainedRoleArn] });
  aws.state.disableRegion(DEMO.prodAccountId, 'eu-south-1');
  dir = mkdtempSync(join(tmpdir(), 'aws-profiles-it-'));
  writeFileSync(join(dir, 'token'), DEMO.webIdentityToken + '\n');
});

after(async () => {
  await aws.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  aws.state.faults.clear();
  aws.state.faults.resetCallCounts();
});

function engine(options: CredentialEngineOptions & { code?: string; env?: Record<string, string> } = {}) {
  const logger = new CapturingLogger();
  const profiles = profilesOf(config(), CREDENTIALS);
  const e = new CredentialEngine({
    profiles: () => profiles,
    env: options.env ?? { AWS_ENDPOINT_URL_STS: aws.url },
    secrets: new MemorySecretStore(),
    state: new MemoryStateStore(),
    clock: { now: () => Date.now() },
    logger,
    options,
    mfaPrompt: async () => options.code ?? DEMO.alice.mfaCode,
  });
  return { engine: e, logger };
}


test('static → role → role → role through the real STSClient; 100 simultaneous requests make exactly 3 calls', async () => {
  const { engine: e } = engine();
  const all = await Promise.all(Array.from({ length: 100 }, () => e.get('deep')));
  assert.equal(aws.state.callCount('AssumeRole'), 3);
  assert.match(all[0].identity!.arn, /assumed-role\/DeepAudit\/aws-profiles-\d+$/);
  const identity = await e.callerIdentity('deep');
  assert.equal(identity.account, '333333333333');
  await e.get('deep');
  assert.equal(aws.state.callCount('AssumeRole'), 3, 'warm: no call');
  e.dispose();
});

test('MFA through GetSessionToken, then the role from the MFA session', async () => {
  const { engine: e } = engine();
  const held = await e.get('admin');
  assert.equal(aws.state.callCount('GetSessionToken'), 1);
  assert.equal(aws.state.callCount('AssumeRole'), 1);
  assert.match(held.identity!.arn, /ProdAdmin/);
  assert.equal(e.needsHuman('admin'), false);
  e.dispose();
});

test('external id and web identity', async () => {
  const { engine: e } = engine();
  assert.match((await e.get('partner')).identity!.arn, /PartnerAccess/);
  assert.match((await e.get('ci')).identity!.arn, /CiWebIdentity/);
  assert.equal(aws.state.callCount('AssumeRoleWithWebIdentity'), 1);
  e.dispose();
});

test('issue 15: a web identity token file that is a pipe, or missing, gets a sentence and no STS call (a pipe would block the read)', async () => {
  assert.equal(spawnSync('mkfifo', [join(dir, 'token-pipe')]).status, 0);
  const { engine: e } = engine();
  const piped = await userErrorOf(e.get('ci-pipe'));
  assert.equal(piped.code, 'webIdentity.file');
  assert.match(piped.message, /^Profile "ci-pipe": the web identity token file of profile "ci-pipe" cannot be used: .*token-pipe is not a regular file .* Check web_identity_token_file\.$/);
  const missing = await userErrorOf(e.get('ci-missing'));
  assert.match(missing.message, /no-token does not exist\. Check web_identity_token_file\.$/);
  assert.equal(aws.state.callCount('AssumeRoleWithWebIdentity'), 0);
  e.dispose();
});

test('issue 21: an AssumeRole that STS refuses (AccessDenied) is told once, with what the fix is written from, whoever asked', async () => {
  const { engine: e } = engine({ code: '654321' });
  const told: AssumeRoleDeniedError[] = [];
  e.onAssumeDenied((error) => told.push(error));
  // Two requests share one walk: one refusal.
  const [a, b] = await Promise.allSettled([e.get('bob-power', { interactive: false }), e.get('bob-power', { interactive: false })]);
  assert.equal(a.status, 'rejected');
  assert.equal(b.status, 'rejected');
  assert.equal(told.length, 1);
  assert.ok(told[0] instanceof AssumeRoleDeniedError);
  assert.deepEqual(told[0].denial, {
    profile: 'bob-power',
    roleProfile: 'bob-power',
    roleArn: DEMO.powerUserRoleArn,
    externalId: null,
    mfaSerial: null,
    stsMessage: `User: ${DEMO.bob.arn} is not authorized to perform: sts:AssumeRole on resource: ${DEMO.powerUserRoleArn}`,
  });
  assert.match(told[0].message, /Both halves are needed: the role's trust policy must trust the caller, and the caller's own policy must allow sts:AssumeRole on arn:aws:iam::222222222222:role\/CrossAccountPowerUser\. "How to Fix…" writes both policies\.$/);
  // Another refusal (a wrong code) is not an AssumeRole denial.
  await userErrorOf(e.get('admin'));
  assert.equal(told.length, 1);
  e.dispose();
});

test('issue 21: keys checked with GetCallerIdentity say which half is wrong: an unknown key id, a secret that does not belong to it', async () => {
  const { engine: e } = engine({ stsMaxAttempts: 1 });
  const secret = await userErrorOf(e.callerIdentity('wrong-secret'));
  assert.equal(secret.code, 'sts.SignatureDoesNotMatch');
  assert.match(secret.message, /^Profile "wrong-secret": the keys of profile "wrong-secret" in the credentials file do not work: the secret access key does not belong to this access key id \(STS: The request signature we calculated does not match/);
  const unknown = await userErrorOf(e.callerIdentity('unknown-key'));
  assert.equal(unknown.code, 'sts.InvalidClientTokenId');
  assert.match(unknown.message, /do not work: AWS does not know this access key id, or it is inactive or deleted \(STS: The security token included in the request is invalid\.\)\. Check the key in the IAM console/);
  // STS answers a clock 20 minutes off with SignatureDoesNotMatch too ("Signature expired"): that is the clock, not the secret.
  aws.state.advanceTime(20 * 60_000);
  try {
    const skew = await userErrorOf(e.callerIdentity('default'));
    assert.equal(skew.code, 'sts.ClockSkew');
    assert.match(skew.message, /this computer's clock is too far from AWS time \(STS: Signature expired/);
  } finally {
    aws.state.advanceTime(-20 * 60_000);
  }
  e.dispose();
});

test('STS errors become sentences naming the profile and the hop, with the fix', async () => {
  const { engine: e, logger } = engine({ code: '654321' });
  const denied = await userErrorOf(e.get('bob-power'));
  assert.equal(denied.code, 'sts.AccessDenied');
  assert.match(denied.message, /^Profile "bob-power": role arn:aws:iam::222222222222:role\/CrossAccountPowerUser \(profile "bob-power"\) was denied .*trust policy/);
  assert.equal(aws.state.callCount('AssumeRole'), 1, 'AccessDenied is not retried');
  assert.equal((await userErrorOf(e.get('partner-wrong'))).code, 'sts.AccessDenied');
  const mfa = await userErrorOf(e.get('admin'));
  assert.equal(mfa.code, 'sts.MfaFailed');
  // GetSessionToken (the MFA session) says it in its own words.
  assert.match(mfa.message, /STS could not validate the MFA code with the device arn:aws:iam::111111111111:mfa\/alice/);
  const region = await userErrorOf(e.get('eu'));
  assert.equal(region.code, 'sts.RegionDisabled');
  assert.match(region.message, /eu-south-1/);
  aws.state.faults.enqueue({ code: 'ExpiredToken', action: 'AssumeRole' });
  const expired = await userErrorOf(e.get('power'));
  assert.equal(expired.code, 'sts.ExpiredToken');
  assert.match(expired.message, /source credentials have expired/);
  assert.ok(logger.lines.some((l) => l.startsWith('warn ') && l.includes('bob-power')), 'failures are logged');
  e.dispose();
});

test('throttling and 5xx are retried with backoff', async () => {
  const { engine: e } = engine();
  aws.state.faults.enqueue({ code: 'Throttling', action: 'AssumeRole', times: 1 });
  aws.state.faults.enqueue({ code: 'InternalFailure', action: 'AssumeRole', times: 1 });
  await e.get('power');
  assert.equal(aws.state.callCount('AssumeRole'), 3);
  aws.state.faults.enqueue({ code: 'Throttling', action: 'AssumeRole', times: 5 });
  const throttled = await userErrorOf(e.get('partner'));
  assert.equal(throttled.code, 'sts.Throttling');
  assert.equal(throttled.retryable, true);
  e.dispose();
});

test('network failures: refused connection, unknown host, timeout', async () => {
  const refused = engine({ env: { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1' }, stsMaxAttempts: 1 });
  const r = await userErrorOf(refused.engine.get('power'));
  assert.equal(r.code, 'net.Refused');
  assert.match(r.message, /^Profile "power": .*http:\/\/127\.0\.0\.1:1 refused the connection/);
  const dns = engine({ env: { AWS_ENDPOINT_URL_STS: 'http://sts.does-not-exist.invalid' }, stsMaxAttempts: 1 });
  const d = await userErrorOf(dns.engine.get('power'));
  assert.equal(d.code, 'net.Dns');
  aws.state.faults.setLatency('AssumeRole', 400);
  const slow = engine({ stsRequestTimeoutMs: 100, stsMaxAttempts: 1 });
  const t = await userErrorOf(slow.engine.get('power'));
  assert.equal(t.code, 'net.Timeout');
  assert.match(t.message, /did not answer in time/);
  for (const x of [refused, dns, slow]) x.engine.dispose();
});

test('issue 15: Cancel ends an assume against a slow STS over real HTTP at once, and a later request works', async () => {
  const { engine: e } = engine();
  aws.state.faults.setLatency('AssumeRole', 10_000);
  const controller = new AbortController();
  const started = Date.now();
  const asked = e.get('power', { signal: controller.signal });
  setTimeout(() => controller.abort(), 300);
  await assert.rejects(asked, (err: Error) => err.name === 'CancelledError');
  assert.ok(Date.now() - started < 3_000, `cancelled after ${Date.now() - started} ms`);
  assert.equal(e.status('power'), undefined, 'nothing held');
  aws.state.faults.setLatency('AssumeRole', 0);
  assert.match((await e.get('power')).identity!.arn, /assumed-role/);
});

test('issue 15: Cancel stops a credential_process that does not finish: the process is killed', async () => {
  const { engine: e } = engine();
  const pidFile = join(dir, 'slow.pid');
  const controller = new AbortController();
  const asked = e.get('slow-process', { signal: controller.signal });
  for (const end = Date.now() + 10_000; !existsSync(pidFile) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  const pid = Number(readFileSync(pidFile, 'utf8'));
  assert.ok(pid > 0, 'the process started');
  controller.abort();
  await assert.rejects(asked, (err: Error) => err.name === 'CancelledError');
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const end = Date.now() + 5_000; alive() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  assert.equal(alive(), false, 'the credential_process was killed');
});

test('issue 26 A14: a wrong MFA code sent with AssumeRole is "not accepted"; sent with GetSessionToken, STS "could not validate" it', async () => {
  const direct = await userErrorOf(engine({ code: '654321', useMfaSession: false }).engine.get('admin'));
  assert.equal(direct.code, 'sts.MfaFailed');
  assert.match(direct.message, /the MFA code was not accepted\. Enter the current code from the device arn:aws:iam::111111111111:mfa\/alice/);
  const session = await userErrorOf(engine({ code: '654321' }).engine.get('admin'));
  assert.match(session.message, /STS could not validate the MFA code with the device arn:aws:iam::111111111111:mfa\/alice \(STS: MultiFactorAuthentication failed, unable to validate MFA code/);
});

test('issue 26 A14: DurationSeconds goes only where asked; a role refusing the setting\'s length is assumed for one hour, the profile\'s own is a sentence naming duration_seconds', async () => {
  const hour = (e: { expiresAt: number | null }) => Math.round((e.expiresAt! - Date.now()) / 3600_000);
  // As the AWS CLI: no setting, no duration_seconds, no DurationSeconds: STS's hour, even for a role allowing twelve.
  assert.equal(hour(await engine().engine.get('power')), 1);
  // The setting asks: sent where the role allows it.
  const { engine: e, logger } = engine({ defaultDurationSeconds: 7200 });
  assert.equal(hour(await e.get('power')), 2);
  // Partner allows one hour: refused once, then assumed without it (one hour), and no longer asked for in this window.
  aws.state.faults.resetCallCounts();
  const partner = await e.get('partner');
  assert.equal(hour(partner), 1);
  assert.equal(aws.state.callCount('AssumeRole'), 2, 'the refused call and the one without DurationSeconds');
  assert.match(logger.lines.join('\n'), /Role arn:aws:iam::222222222222:role\/PartnerAccess \(profile "partner"\) allows no session of 7200 seconds, which awsProfiles\.defaultSessionDuration asks for: it is assumed without a duration/);
  assert.ok(!logger.lines.some((l) => l.startsWith('warn Profile "partner"')), 'the refusal is not reported as a failure');
  await e.clear('partner');
  aws.state.faults.resetCallCounts();
  await e.get('partner');
  assert.equal(aws.state.callCount('AssumeRole'), 1);
  // The profile's own duration_seconds is the user's word for this role: a sentence, as the AWS CLI fails too.
  const long = await userErrorOf(e.get('partner-long'));
  assert.equal(long.code, 'sts.Duration');
  assert.match(long.message, /the session of 10800 seconds that duration_seconds asks for in profile "partner-long" is longer than the role allows/);
  e.dispose();
});
