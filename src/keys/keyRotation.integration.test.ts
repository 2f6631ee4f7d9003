// Issue 24: the key rotation with the real IAMClient and STSClient against the local endpoint (which
// checks every signature and keeps IAM's rules: two keys at most, a new key valid after a delay, an
// MFA condition), on real files in a temporary folder, including each point where it can fail.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { analyze } from '../core/index';
import { CancelledError } from '../core/common/errors';
import type { KeyFacts } from '../core/keys/accessKeys';
import { DEMO, demoScenario, startLocalAws, type LocalAws } from '../../test/support/localAws';
import { CapturingLogger, MemorySecretStore, MemoryStateStore } from '../../test/support/credentialFakes';
import { userErrorOf } from '../../test/support/userErrors';
import { CredentialEngine } from '../credentials/credentialEngine';
import { KeyInspector } from './keyInspector';
import { rotateAccessKey, type RotationDeps } from './keyRotation';

let aws: LocalAws;
let dir: string;
let serial = 0;

before(async () => {
  aws = await startLocalAws({ scenario: demoScenario() });
  dir = mkdtempSync(join(tmpdir(), 'aws-profiles-keys-'));
});
after(async () => {
  await aws.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  aws.state.faults.clear();
  aws.state.faults.resetCallCounts();
  aws.state.iam.newKeyDelayMs = 0;
});

/** A new IAM user (Dev account) with one key, its MFA device, a role it may assume with MFA; files naming it in two sections of the credentials file. */
function scenario(options: { iamRequiresMfa?: boolean; otherKey?: boolean; createdDaysAgo?: number } = {}) {
  const n = ++serial;
  const name = `rot${n}`;
  const arn = `arn:aws:iam::111111111111:user/${name}`;
  const keyId = `AKIAROTATE${String(n).padStart(6, '2').replace(/[0189]/g, 'Z')}`.slice(0, 20);
  const secret = `rotateSecret${n}`.padEnd(40, 'S');
  const mfaSerial = `arn:aws:iam::111111111111:mfa/${name}`;
  const roleArn = `arn:aws:iam::222222222222:role/Rot${n}Admin`;
  aws.state.addUser({
    arn,
    accessKeyId: keyId,
    secretAccessKey: secret,
    mfa: { serialNumber: mfaSerial, code: '111111' },
    keyCreatedAt: new Date(Date.now() - (options.createdDaysAgo ?? 120) * 86_400_000).toISOString(),
    iamRequiresMfa: options.iamRequiresMfa,
    otherKeys: options.otherKey ? [{ accessKeyId: `AKIAOTHER${String(n).padStart(11, 'Q')}`.slice(0, 20), secretAccessKey: 'otherSecret'.padEnd(40, 'O'), status: 'Inactive', lastUsed: { at: '2026-11-01T10:00:00Z', service: 's3', region: 'eu-west-1' } }] : undefined,
  });
  aws.state.addRole({ arn: roleArn, trustedPrincipals: [arn], mfa: { serialNumber: mfaSerial, code: '111111' } });
  const folder = mkdtempSync(join(dir, `${name}-`));
  const paths = { config: join(folder, 'config'), credentials: join(folder, 'credentials') };
  const credentials = `# my keys: keep this comment\n[default]\naws_access_key_id = ${keyId}\n; and this one\naws_secret_access_key = ${secret}\n\n[ci]\naws_access_key_id=${keyId}\naws_secret_access_key=${secret}\n[bob]\naws_access_key_id = ${DEMO.bob.accessKeyId}\naws_secret_access_key = ${DEMO.bob.secretAccessKey}\n`;
  const config = `[default]\nregion = us-east-1\n[profile admin]\nrole_arn = ${roleArn}\nsource_profile = default\nmfa_serial = ${mfaSerial}\n`;
  writeFileSync(paths.credentials, credentials, { mode: 0o600 });
  writeFileSync(paths.config, config, { mode: 0o600 });
  const read = () => {
    const a = analyze(readFileSync(paths.config), readFileSync(paths.credentials));
    return { model: a.model, plans: a.plans };
  };
  let snapshot = read();
  const logger = new CapturingLogger();
  let prompts = 0;
  const engine = new CredentialEngine({
    profiles: () => snapshot,
    env: { AWS_ENDPOINT_URL_STS: aws.url, AWS_ENDPOINT_URL_IAM: aws.url },
    secrets: new MemorySecretStore(),
    state: new MemoryStateStore(),
    clock: { now: () => Date.now() },
    logger,
    mfaPrompt: async () => {
      prompts++;
      return '111111';
    },
  });
  const asked: { other: KeyFacts; usedBy: string[] }[] = [];
  let deleteOther = true;
  const deps: RotationDeps = {
    profiles: () => snapshot,
    env: { AWS_ENDPOINT_URL_STS: aws.url, AWS_ENDPOINT_URL_IAM: aws.url },
    credentials: engine,
    clock: { now: () => Date.now() },
    logger,
    paths: () => paths,
    reload: async () => {
      snapshot = read();
    },
    ui: {
      confirmDeleteOther: async (other, _user, usedBy) => {
        asked.push({ other, usedBy });
        return deleteOther;
      },
      pickMfaDevice: async (serials) => serials[0],
    },
    deleteAfterRotate: () => 'immediately',
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 500))),
  };
  return {
    name,
    arn,
    keyId,
    secret,
    mfaSerial,
    paths,
    credentials,
    config,
    engine,
    deps,
    logger,
    asked,
    prompts: () => prompts,
    refuseDeleteOther: () => (deleteOther = false),
    user: () => aws.state.iam.user(arn)!,
    files: () => readFileSync(paths.credentials, 'utf8') + readFileSync(paths.config, 'utf8'),
  };
}

test('issue 24: a rotation writes the new key where the old one was in every section holding it, deletes the old key, and carries the held sessions over', async () => {
  const s = scenario();
  // A role session held from the old key (through an MFA session): it must keep working without a new code.
  const roleBefore = await s.engine.get('admin');
  assert.equal(s.prompts(), 1);
  const result = await rotateAccessKey(s.deps, 'default');
  assert.deepEqual(result.profiles.sort(), ['ci', 'default']);
  assert.equal(result.oldKeyId, s.keyId);
  assert.ok(result.deactivated && result.deleted && result.warning === undefined);
  const user = s.user();
  assert.deepEqual(user.keys.map((k) => k.accessKeyId), [result.newKeyId], 'the old key is deleted in IAM');
  const newSecret = user.keys[0].secretAccessKey;
  assert.equal(
    readFileSync(s.paths.credentials, 'utf8'),
    s.credentials.split(s.keyId).join(result.newKeyId).split(s.secret).join(newSecret),
    'the new key on the same lines, every other byte kept',
  );
  assert.ok(!s.files().includes(s.secret), 'the old secret is in no file');
  assert.ok(!s.logger.lines.join('\n').includes(newSecret) && !s.logger.lines.join('\n').includes(s.secret), 'no secret in the log');
  assert.match(s.logger.lines.join('\n'), /Key rotation of AKIA…\w{4} \(profile "default"\): deleted the old key\./);
  // The held role session was carried over: no new MFA code, no new AssumeRole; the key profile itself signs with the new key.
  const roleAfter = await s.engine.get('admin');
  assert.equal(roleAfter.credentials.accessKeyId, roleBefore.credentials.accessKeyId);
  assert.equal(s.prompts(), 1);
  assert.equal((await s.engine.callerIdentity('default')).arn, s.arn);
  assert.equal((await s.engine.get('ci')).credentials.accessKeyId, result.newKeyId);
  s.engine.dispose();
});

test('issue 24: CreateAccessKey refused: nothing changes (files, keys)', async () => {
  const s = scenario();
  aws.state.faults.enqueue({ code: 'AccessDenied', action: 'CreateAccessKey', message: `User: ${'x'} is not authorized to perform: iam:CreateAccessKey` });
  const e = await userErrorOf(rotateAccessKey(s.deps, 'default'));
  assert.equal(e.code, 'iam.AccessDenied');
  assert.match(e.message, /Profile "default" cannot create a new access key: IAM does not allow it/);
  assert.equal(s.files(), s.credentials + s.config);
  assert.deepEqual(s.user().keys.map((k) => k.accessKeyId), [s.keyId]);
  s.engine.dispose();
});

test('issue 24: a new key that does not sign for 5 s is waited for (GetCallerIdentity tried again), then written', async () => {
  const s = scenario();
  aws.state.iam.newKeyDelayMs = 5_000;
  const started = Date.now();
  const result = await rotateAccessKey(s.deps, 'default');
  assert.ok(Date.now() - started >= 5_000, 'it waited for IAM');
  assert.ok(aws.state.callCount('GetCallerIdentity') >= 3, 'tried again');
  assert.match(s.logger.lines.join('\n'), /the new key does not sign yet \(try 1\); waiting/);
  assert.ok(readFileSync(s.paths.credentials, 'utf8').includes(result.newKeyId));
  s.engine.dispose();
});

test('issue 24: a new key that never signs in time is deleted again and nothing is written', async () => {
  const s = scenario();
  aws.state.iam.newKeyDelayMs = 60_000;
  const e = await userErrorOf(rotateAccessKey({ ...s.deps, newKeyTimeoutMs: 1_500 }, 'default'));
  assert.equal(e.code, 'keys.notConsistent');
  assert.deepEqual(s.user().keys.map((k) => k.accessKeyId), [s.keyId], 'the new key was deleted');
  assert.equal(s.files(), s.credentials + s.config);
  s.engine.dispose();
});

test('issue 24: the file cannot be written: the new key is deleted, the old one works, the files are as they were (the first put back when the second fails)', async () => {
  const s = scenario();
  // Keys in the config file too: two files to write; the second (config) fails.
  writeFileSync(s.paths.config, s.config + `[profile cfgkeys]\naws_access_key_id = ${s.keyId}\naws_secret_access_key = ${s.secret}\n`);
  await s.deps.reload();
  const configBefore = readFileSync(s.paths.config, 'utf8');
  let writes = 0;
  const e = await userErrorOf(
    rotateAccessKey(
      {
        ...s.deps,
        writeFile: async (path, expected, bytes) => {
          writes++;
          if (path === s.paths.config) throw new Error('EACCES: permission denied');
          const { replaceAwsFile } = await import('../aws/files/configFileEdit');
          await replaceAwsFile(path, expected, bytes);
        },
      },
      'default',
    ),
  );
  assert.match(e.message, /The new key could not be written: EACCES/);
  assert.equal(writes, 3, 'credentials written, config refused, credentials put back');
  assert.equal(readFileSync(s.paths.credentials, 'utf8'), s.credentials);
  assert.equal(readFileSync(s.paths.config, 'utf8'), configBefore);
  assert.deepEqual(s.user().keys.map((k) => k.accessKeyId), [s.keyId], 'the new key was deleted again');
  assert.equal((await s.engine.callerIdentity('default')).arn, s.arn, 'the old key works');
  s.engine.dispose();
});

test('issue 24: deactivating the old key refused: the new key is in place and the user is told which key is still active', async () => {
  const s = scenario();
  aws.state.faults.enqueue({ code: 'AccessDenied', action: 'UpdateAccessKey' });
  const result = await rotateAccessKey(s.deps, 'default');
  assert.equal(result.deactivated, false);
  assert.equal(result.deleted, false);
  assert.match(result.warning!, new RegExp(`The new key AKIA…${result.newKeyId.slice(-4)} is in place, but the old key AKIA…${s.keyId.slice(-4)} is still active`));
  assert.deepEqual(s.user().keys.map((k) => [k.accessKeyId, k.status]), [[s.keyId, 'Active'], [result.newKeyId, 'Active']]);
  assert.ok(readFileSync(s.paths.credentials, 'utf8').includes(result.newKeyId));
  s.engine.dispose();
});

test('issue 24: with two keys already, the other key (its last use, who uses it) is offered for deletion; refusing stops before anything changes', async () => {
  const s = scenario({ otherKey: true });
  s.refuseDeleteOther();
  await assert.rejects(rotateAccessKey(s.deps, 'default'), (e: unknown) => e instanceof CancelledError);
  assert.equal(s.asked.length, 1);
  assert.equal(s.asked[0].other.status, 'Inactive');
  assert.deepEqual(s.asked[0].other.lastUse, { at: Date.parse('2026-11-01T10:00:00Z'), service: 's3', region: 'eu-west-1' });
  assert.deepEqual(s.asked[0].usedBy, []);
  assert.equal(s.user().keys.length, 2);
  assert.equal(s.files(), s.credentials + s.config);
  s.engine.dispose();
});

test('issue 24: with two keys already and the user agreeing, the other key goes first, then the rotation', async () => {
  const s = scenario({ otherKey: true });
  const other = s.user().keys[1].accessKeyId;
  const result = await rotateAccessKey(s.deps, 'default');
  assert.equal(result.deletedOther, other);
  assert.deepEqual(s.user().keys.map((k) => k.accessKeyId), [result.newKeyId]);
  s.engine.dispose();
});

test('issue 24: where the policy requires MFA for IAM, one MFA code serves the rotation and the role assumed afterwards; "never" leaves the old key inactive', async () => {
  const s = scenario({ iamRequiresMfa: true });
  const result = await rotateAccessKey({ ...s.deps, deleteAfterRotate: () => 'never' }, 'default');
  assert.equal(s.prompts(), 1, 'one code for the MFA session');
  assert.equal(aws.state.callCount('GetSessionToken'), 1);
  assert.ok(result.deactivated && !result.deleted);
  assert.deepEqual(s.user().keys.map((k) => [k.accessKeyId, k.status]), [[s.keyId, 'Inactive'], [result.newKeyId, 'Active']]);
  // The MFA session moved to the new key: the role needs no second code.
  await s.engine.get('admin');
  assert.equal(s.prompts(), 1);
  assert.equal(aws.state.callCount('GetSessionToken'), 1);
  s.engine.dispose();
});

test('issue 24: the view\'s report: age, last use and MFA devices through the real clients; a refusal is one quiet report', async () => {
  const s = scenario({ otherKey: true, createdDaysAgo: 120 });
  const inspector = new KeyInspector(s.deps);
  const report = await inspector.inspect('default');
  assert.equal(report.accessKeyId, s.keyId);
  assert.equal(report.userName, s.name);
  assert.equal(report.mfaDevices, 1);
  const own = report.keys.find((k) => k.accessKeyId === s.keyId)!;
  assert.equal(Math.floor((Date.now() - own.createdAt) / 86_400_000), 120);
  assert.equal(own.lastUse?.service, 'iam', 'the listing itself used it');
  assert.equal(report.keys.find((k) => k.accessKeyId !== s.keyId)?.lastUse?.service, 's3');
  aws.state.faults.enqueue({ code: 'AccessDenied', action: 'ListAccessKeys' });
  assert.deepEqual((await inspector.inspect('default')).denied, { action: 'iam:ListAccessKeys', explicit: false });
  const mfa = scenario({ iamRequiresMfa: true });
  assert.deepEqual((await new KeyInspector(mfa.deps).inspect('default')).denied, { action: 'iam:ListAccessKeys', explicit: true });
  // With an MFA session held (the role assumed), the view asks no code and lists the keys.
  await mfa.engine.get('admin');
  assert.equal((await new KeyInspector(mfa.deps).inspect('default')).keys.length, 1);
  s.engine.dispose();
  mfa.engine.dispose();
});
