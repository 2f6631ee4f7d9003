import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CancellableProgress, ExpiryWarning } from '../core/credentials/credentials';
import { CancelledError, NeedsHumanError, UserError } from '../core/common/errors';
import {
  CapturingLogger,
  FakeClock,
  FakeStsGateway,
  MemorySecretStore,
  MemoryStateStore,
  SecretBacking,
  fakeSdk,
  profilesOf,
} from '../../test/support/credentialFakes';
import { CredentialEngine, type CredentialEngineOptions, type ProfileSnapshot } from './credentialEngine';

const KEY = 'AKIAEXAMPLEDEVALICE1';
const SECRET = 'localAwsDemoSecretForAlice0000000000000A';
const CREDENTIALS = `[default]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n`;
const MFA = 'arn:aws:iam::111111111111:mfa/alice';
const CONFIG = `[default]
region = eu-west-1
[profile hub]
role_arn = arn:aws:iam::222222222222:role/Hub
source_profile = default
[profile prod]
role_arn = arn:aws:iam::333333333333:role/Prod
source_profile = hub
[profile audit]
role_arn = arn:aws:iam::444444444444:role/Audit
source_profile = prod
[profile admin]
role_arn = arn:aws:iam::222222222222:role/Admin
source_profile = default
mfa_serial = ${MFA}
[profile admin2]
role_arn = arn:aws:iam::222222222222:role/Admin2
source_profile = default
mfa_serial = ${MFA}
[profile below-admin]
role_arn = arn:aws:iam::555555555555:role/Below
source_profile = admin
[profile partner]
role_arn = arn:aws:iam::222222222222:role/Partner
source_profile = default
external_id = partner-42
[profile sso]
sso_account_id = 1
sso_role_name = R
sso_start_url = https://x.awsapps.com/start
sso_region = us-east-1
[profile nothing]
region = us-east-1
`;

interface Rig {
  engine: CredentialEngine;
  sts: FakeStsGateway;
  clock: FakeClock;
  secrets: MemorySecretStore;
  state: MemoryStateStore;
  logger: CapturingLogger;
  prompts: string[];
  warnings: ExpiryWarning[];
  changes: string[];
}

function rig(opts: { profiles?: ProfileSnapshot; answer?: string | undefined; clock?: FakeClock; sts?: FakeStsGateway; secrets?: MemorySecretStore; state?: MemoryStateStore; options?: CredentialEngineOptions; inUse?: string[]; progress?: CancellableProgress } = {}): Rig {
  const clock = opts.clock ?? new FakeClock();
  const sts = opts.sts ?? new FakeStsGateway(clock);
  const secrets = opts.secrets ?? new MemorySecretStore();
  const state = opts.state ?? new MemoryStateStore();
  const logger = new CapturingLogger();
  const prompts: string[] = [];
  const warnings: ExpiryWarning[] = [];
  const changes: string[] = [];
  const profiles = opts.profiles ?? profilesOf(CONFIG, CREDENTIALS);
  const engine = new CredentialEngine({
    profiles: () => profiles,
    env: {},
    secrets,
    state,
    clock,
    timer: clock,
    logger,
    options: opts.options,
    inUse: () => opts.inUse ?? [],
    progress: opts.progress,
    refreshJitter: 0,
    mfaPrompt: async ({ profile, serialNumber }) => {
      prompts.push(`${profile} ${serialNumber}`);
      return 'answer' in opts ? opts.answer : '123456';
    },
    loadSdk: () => fakeSdk(sts),
  });
  engine.onExpiryWarning((w) => warnings.push(w));
  engine.onDidChange((p) => changes.push(p));
  return { engine, sts, clock, secrets, state, logger, prompts, warnings, changes };
}

const flush = () => new Promise((r) => setImmediate(r));

test('a 3-hop chain costs 3 STS calls, then none while fresh', async () => {
  const r = rig();
  const held = await r.engine.get('audit');
  assert.equal(r.sts.count('AssumeRole'), 3);
  assert.deepEqual(r.sts.calls.map((c) => (c.request as { roleArn: string }).roleArn.split('/')[1]), ['Hub', 'Prod', 'Audit']);
  assert.equal(r.sts.calls[0].caller?.accessKeyId, KEY, 'the first hop is signed with the static keys');
  assert.equal(r.sts.calls[0].target.region, 'us-east-1', 'the starting profile has no region: us-east-1');
  assert.equal(held.expiresAt, r.clock.now() + 3600_000);
  assert.match(held.identity!.arn, /assumed-role\/Audit/);
  await r.engine.get('audit');
  assert.equal(r.sts.count(), 3);
  assert.deepEqual(r.engine.status('audit')?.expiresAt, held.expiresAt);
});

test('100 simultaneous requests share one flight', async () => {
  const r = rig();
  const all = await Promise.all(Array.from({ length: 100 }, () => r.engine.get('audit')));
  assert.equal(r.sts.count(), 3);
  assert.ok(all.every((h) => h.credentials.accessKeyId === all[0].credentials.accessKeyId));
});

test('intermediate credentials are kept: after a restart prod costs one call while hub is fresh', async () => {
  const clock = new FakeClock();
  const sts = new FakeStsGateway(clock);
  const secrets = new MemorySecretStore();
  const state = new MemoryStateStore();
  const first = rig({ clock, sts, secrets, state });
  await first.engine.get('prod');
  assert.equal(sts.count(), 2);
  first.engine.dispose();
  const second = rig({ clock, sts, secrets, state });
  assert.ok(second.engine.status('prod'), 'status is known synchronously after a restart');
  await second.engine.get('prod');
  assert.equal(sts.count(), 2, 'fresh: nothing to call');
  await second.engine.get('prod', { forceRefresh: true });
  assert.equal(sts.count(), 3, 'a forced refresh re-assumes only the top, from the held hub credentials');
});

test('credentials with less than 5 minutes left are never handed out', async () => {
  const r = rig({ profiles: profilesOf(CONFIG.replace('role/Prod\n', 'role/Prod\nduration_seconds = 900\n'), CREDENTIALS) });
  const first = await r.engine.get('prod');
  r.clock.advance(9 * 60_000); // 6 min left
  assert.equal((await r.engine.get('prod')).credentials.accessKeyId, first.credentials.accessKeyId);
  r.clock.advance(2 * 60_000); // 4 min left
  const again = await r.engine.get('prod');
  assert.notEqual(again.credentials.accessKeyId, first.credentials.accessKeyId);
  assert.equal(r.sts.count(), 3, 'only prod was re-assumed; hub still had 49 minutes');
});

test('issue 15: credentials issued for less than the minimum lifetime are reused for half their lifetime, not fetched on every request', async () => {
  const clock = new FakeClock();
  // A source that issues 4-minute credentials (as a credential_process may): under the 5-minute minimum from the start.
  const r = rig({ clock, sts: new FakeStsGateway(clock, 240) });
  const first = await r.engine.get('prod');
  assert.equal(r.sts.count(), 2);
  for (let i = 0; i < 10; i++) assert.equal((await r.engine.get('prod')).credentials.accessKeyId, first.credentials.accessKeyId);
  r.clock.advance(110_000); // 2 min 10 s left: more than half of 4 minutes
  assert.equal((await r.engine.get('prod')).credentials.accessKeyId, first.credentials.accessKeyId);
  assert.equal(r.sts.count(), 2, 'no call while half the lifetime is left');
  r.clock.advance(20_000); // 1 min 50 s left
  assert.notEqual((await r.engine.get('prod')).credentials.accessKeyId, first.credentials.accessKeyId);
  assert.equal(r.sts.count(), 4, 'both hops had less than half left: both fetched again, once');
});

test('issue 15: without a working SecretStorage, credentials work from memory, one sentence says so, and a restart does not claim them', async () => {
  const clock = new FakeClock();
  const state = new MemoryStateStore();
  const secrets = new MemorySecretStore();
  secrets.store = async () => {
    throw new Error('Cannot create an item in a locked collection');
  };
  const first = rig({ clock, secrets, state });
  const told: string[] = [];
  first.engine.onStorageFailure((m) => told.push(m));
  const held = await first.engine.get('prod');
  assert.equal(first.sts.count(), 2);
  assert.equal((await first.engine.get('prod')).credentials.accessKeyId, held.credentials.accessKeyId, 'held in memory: no new call');
  assert.equal(first.sts.count(), 2);
  await first.engine.get('audit');
  assert.equal(told.length, 1, 'told once');
  assert.match(told[0], /^VS Code's secret storage refused to keep credentials \(Cannot create an item in a locked collection\)\. They are kept in this window's memory only: .* install and unlock a keyring/);
  assert.ok(!told[0].includes(held.credentials.secretAccessKey));
  assert.ok(first.logger.lines.some((l) => l.startsWith('warn ') && l.includes('memory only')));
  first.engine.dispose();
  // After a restart nothing is claimed: the saved index has no hop whose secret was never stored.
  const second = rig({ clock, secrets: new MemorySecretStore(secrets.backing), state });
  assert.equal(second.engine.status('prod'), undefined);
  await second.engine.clearAll();
});

test('MFA: one prompt, an MFA session from GetSessionToken, reused by another role on the same device and source', async () => {
  const r = rig();
  await r.engine.get('admin');
  assert.deepEqual(r.prompts, [`admin ${MFA}`]);
  assert.deepEqual(r.sts.calls.map((c) => c.action), ['GetSessionToken', 'AssumeRole']);
  const gst = r.sts.calls[0].request as { serialNumber: string; tokenCode: string; durationSeconds: number };
  assert.deepEqual([gst.serialNumber, gst.tokenCode, gst.durationSeconds], [MFA, '123456', 43200]);
  assert.equal((r.sts.calls[1].request as { tokenCode?: string }).tokenCode, undefined, 'the role is assumed from the MFA session');
  await r.engine.get('admin2');
  assert.equal(r.prompts.length, 1, 'no second prompt');
  assert.deepEqual(r.sts.calls.map((c) => c.action), ['GetSessionToken', 'AssumeRole', 'AssumeRole']);
  assert.equal(r.engine.needsHuman('admin'), false, 'a live MFA session refreshes without a human');
});

test('MFA: concurrent requests for two profiles on one device prompt once', async () => {
  const r = rig();
  await Promise.all([r.engine.get('admin'), r.engine.get('admin2'), r.engine.get('below-admin')]);
  assert.equal(r.prompts.length, 1);
  assert.equal(r.sts.count('GetSessionToken'), 1);
});

test('MFA without sessions sends SerialNumber and TokenCode with AssumeRole', async () => {
  const r = rig({ options: { useMfaSession: false } });
  await r.engine.get('admin');
  assert.deepEqual(r.sts.calls.map((c) => c.action), ['AssumeRole']);
  assert.deepEqual((r.sts.calls[0].request as { serialNumber: string; tokenCode: string }).tokenCode, '123456');
  assert.equal(r.engine.needsHuman('admin'), true);
});

test('a dismissed MFA prompt cancels silently, before any call', async () => {
  const r = rig({ answer: undefined });
  await assert.rejects(r.engine.get('admin'), CancelledError);
  assert.equal(r.sts.count(), 0);
});

test('a malformed MFA code is refused before any call', async () => {
  const r = rig({ answer: '12a456' });
  await assert.rejects(r.engine.get('admin'), (e: unknown) => e instanceof UserError && /six digits/.test(e.message));
  assert.equal(r.sts.count(), 0);
});

test('without interaction, a chain that needs a code fails with NeedsHumanError', async () => {
  const r = rig();
  assert.equal(r.engine.needsHuman('admin'), true, 'no MFA session yet');
  await assert.rejects(r.engine.get('admin', { interactive: false }), NeedsHumanError);
  assert.equal(r.prompts.length, 0);
});

test('the external id is sent, and editing it invalidates the held credentials by construction', async () => {
  const r = rig();
  await r.engine.get('partner');
  assert.equal((r.sts.calls[0].request as { externalId: string }).externalId, 'partner-42');
  const edited = rig({ clock: r.clock, sts: r.sts, secrets: r.secrets, state: r.state, profiles: profilesOf(CONFIG.replace('partner-42', 'partner-43'), CREDENTIALS) });
  assert.equal(edited.engine.status('partner'), undefined, 'nothing held for the edited profile');
  await edited.engine.get('partner');
  assert.equal(r.sts.count(), 2);
});

test('session name: the profile\'s, else aws-profiles-<unix seconds>; durations from the settings', async () => {
  const r = rig({ options: { defaultDurationSeconds: 7200 } });
  await r.engine.get('prod');
  const [hub, prod] = r.sts.calls.map((c) => c.request as { roleSessionName: string; durationSeconds?: number });
  assert.equal(hub.roleSessionName, `aws-profiles-${Math.floor(r.clock.now() / 1000)}`);
  assert.equal(hub.durationSeconds, 7200);
  assert.equal(prod.durationSeconds, 3600, 'role chaining is capped at one hour');
  const log = r.logger.lines.join('\n');
  assert.match(log, /Prod \(profile "prod"\) for profile "prod".* The session lasts one hour, not the 7200 seconds of awsProfiles.defaultSessionDuration: STS allows at most one hour for a role assumed with another role's credentials/);
  assert.equal(log.match(/The session lasts one hour/g)?.length, 1, 'only the chained hop is capped');
});

test('SSO without IAM Identity Center wired in, and profiles without credentials, are clear problems, not crashes', async () => {
  const r = rig();
  await assert.rejects(r.engine.get('sso'), (e: unknown) => e instanceof UserError && e.code === 'sso.unavailable');
  await assert.rejects(r.engine.get('nothing'), (e: unknown) => e instanceof UserError && e.code === 'profile.noCredentials');
  await assert.rejects(r.engine.get('missing'), (e: unknown) => e instanceof UserError && e.code === 'profile.missing');
  assert.equal(r.engine.status('sso'), undefined);
});

test('clear removes every stored secret of a profile; clearAll removes all', async () => {
  const r = rig();
  await r.engine.get('audit');
  await r.engine.get('admin');
  assert.equal(r.secrets.backing.data.size, 5);
  await r.engine.clear('audit');
  assert.equal(r.secrets.backing.data.size, 2, 'hub, prod and audit are gone; the MFA session and admin stay');
  assert.equal(r.engine.status('audit'), undefined);
  await r.engine.clearAll();
  assert.deepEqual([...r.secrets.backing.data.keys()], ['awsProfiles.cleared.v1'], 'only the marker that tells other windows');
  assert.equal(r.engine.status('admin'), undefined);
  assert.ok(r.changes.includes('audit') && r.changes.includes('admin'));
});

test('refresh: one timer, 10 minutes before expiry, without a human where none is needed', async () => {
  const r = rig({ inUse: ['prod'] });
  const held = await r.engine.get('prod');
  assert.equal(r.clock.armed, 1);
  r.clock.advance(49 * 60_000);
  await flush();
  assert.equal(r.sts.count(), 2, 'not yet');
  r.clock.advance(60_000);
  await flush();
  assert.equal(r.sts.count(), 3, 'prod refreshed 10 minutes before expiry, from hub (10 minutes left: still usable)');
  const status = r.engine.status('prod')!;
  assert.ok(status.expiresAt! > held.expiresAt!);
  assert.equal(r.clock.armed, 1, 'still one timer, re-armed for the next expiry');
  assert.equal(r.warnings.length, 0);
});

test('refresh: where a code is needed the user is told in time, once', async () => {
  const r = rig({ options: { useMfaSession: false }, inUse: ['admin'] });
  const held = await r.engine.get('admin');
  r.clock.advance(50 * 60_000);
  await flush();
  assert.equal(r.sts.count(), 1, 'no call: it needs a code');
  assert.equal(r.prompts.length, 1, 'no prompt from a timer');
  assert.deepEqual(r.warnings.map((w) => [w.profile, w.reason, w.expiresAt]), [['admin', 'needs_mfa', held.expiresAt]]);
  r.clock.advance(5 * 60_000);
  await flush();
  assert.equal(r.warnings.length, 1);
});

test('refresh: a background failure becomes a warning with its sentence', async () => {
  const r = rig({ inUse: ['hub'] });
  await r.engine.get('hub');
  r.sts.failures.push({ action: 'AssumeRole', error: Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' }) });
  r.clock.advance(50 * 60_000);
  await flush();
  await flush();
  assert.equal(r.warnings.length, 1);
  assert.equal(r.warnings[0].reason, 'refresh_failed');
  assert.match(r.warnings[0].message, /Profile "hub": role arn:aws:iam::222222222222:role\/Hub \(profile "hub"\) was denied/);
});

test('other windows stay in step through secrets.onDidChange', async () => {
  const clock = new FakeClock();
  const sts = new FakeStsGateway(clock);
  const backing = new SecretBacking({ timer: clock });
  const state = new MemoryStateStore();
  const a = rig({ clock, sts, secrets: new MemorySecretStore(backing), state });
  const b = rig({ clock, sts, secrets: new MemorySecretStore(backing), state: new MemoryStateStore() });
  // What one window writes reaches the other after SecretStorage's delay.
  const propagated = async () => {
    await flush();
    clock.advance(backing.delayMs + 30);
    await flush();
  };
  await a.engine.get('hub');
  await flush();
  assert.ok(!b.changes.includes('hub'), 'not before the delay');
  await propagated();
  assert.ok(b.changes.includes('hub'), 'window b heard of it');
  assert.equal(b.engine.status('hub')?.expiresAt, a.engine.status('hub')?.expiresAt);
  await b.engine.get('hub');
  assert.equal(sts.count(), 1, 'window b uses what window a obtained');
  await a.engine.clear('hub');
  await propagated();
  assert.equal(b.engine.status('hub'), undefined);
});

test('static keys are handed out as they are, never copied into SecretStorage', async () => {
  const r = rig();
  const held = await r.engine.get('default');
  assert.equal(held.credentials.accessKeyId, KEY);
  assert.equal(held.expiresAt, null);
  assert.equal(r.sts.count(), 0);
  assert.equal(r.secrets.backing.data.size, 0);
  assert.equal(r.engine.status('default')?.expiresAt, null);
  const identity = await r.engine.callerIdentity('default');
  assert.equal(identity.account, '111111111111');
  assert.equal(r.engine.status('default')?.identity?.arn, identity.arn);
});

test('logs say what was assumed through which hops and never carry a secret', async () => {
  const r = rig();
  await r.engine.get('below-admin');
  await r.engine.get('audit');
  await r.engine.get('partner', { forceRefresh: true });
  r.sts.failures.push({ action: 'AssumeRole', error: Object.assign(new Error('denied'), { name: 'AccessDenied' }) });
  await assert.rejects(r.engine.get('hub', { forceRefresh: true }));
  const log = r.logger.lines.join('\n');
  assert.match(log, /Assumed role arn:aws:iam::444444444444:role\/Audit \(profile "audit"\) for profile "audit"/);
  assert.match(log, /Started the MFA session/);
  assert.match(log, /was denied/);
  const secrets = [SECRET, ...r.sts.calls.flatMap((c) => (c.caller ? [c.caller.secretAccessKey, c.caller.sessionToken ?? SECRET] : []))];
  for (const s of new Set(secrets)) assert.ok(!log.includes(s), 'a secret in the log');
  const stateText = JSON.stringify([...r.state.data]);
  for (const s of new Set(secrets)) assert.ok(!stateText.includes(s), 'a secret in the StateStore');
});

test('issue 15: Cancel ends a slow assume: the request fails with CancelledError, the STS call is aborted, nothing is stored', async () => {
  const r = rig();
  let release!: () => void;
  r.sts.hold = new Promise((resolve) => (release = resolve));
  const controller = new AbortController();
  const asked = r.engine.get('hub', { signal: controller.signal });
  await flush();
  controller.abort();
  await assert.rejects(asked, CancelledError);
  await flush();
  assert.equal(r.sts.aborted, 1, 'the call was aborted, not left running');
  assert.equal(r.engine.status('hub'), undefined);
  release();
  r.sts.hold = undefined;
  await r.engine.get('hub');
  assert.equal(r.sts.count('AssumeRole'), 1, 'a later request assumes afresh');
});

test('issue 15: one of two waiters cancelling leaves the walk to the other; it stops once no one waits', async () => {
  const r = rig();
  let release!: () => void;
  r.sts.hold = new Promise((resolve) => (release = resolve));
  const [one, two] = [new AbortController(), new AbortController()];
  const first = r.engine.get('hub', { signal: one.signal });
  const second = r.engine.get('hub', { signal: two.signal });
  await flush();
  one.abort();
  await assert.rejects(first, CancelledError);
  assert.equal(r.sts.aborted, 0, 'the second still waits: the call goes on');
  release();
  assert.match((await second).credentials.accessKeyId, /^ASIAFAKE/);

  r.sts.hold = new Promise(() => {});
  const [three, four] = [new AbortController(), new AbortController()];
  const third = r.engine.get('partner', { signal: three.signal });
  const fourth = r.engine.get('partner', { signal: four.signal });
  await flush();
  three.abort();
  four.abort();
  await assert.rejects(third, CancelledError);
  await assert.rejects(fourth, CancelledError);
  await flush();
  assert.equal(r.sts.aborted, 1);
});

test('issue 15: requests someone waits for run under the progress with Cancel; background and non-interactive ones do not', async () => {
  const titles: string[] = [];
  const r = rig({
    inUse: ['hub'],
    // The user presses Cancel at once.
    progress: (title, work) => {
      titles.push(title);
      const controller = new AbortController();
      const running = work(controller.signal);
      controller.abort();
      return running;
    },
  });
  r.sts.hold = new Promise(() => {});
  await assert.rejects(r.engine.get('hub'), CancelledError);
  assert.deepEqual(titles, ['Getting credentials for AWS profile "hub"…']);
  r.sts.hold = undefined;
  await r.engine.get('hub', { interactive: false });
  r.clock.advance(51 * 60_000);
  await flush();
  await flush();
  assert.equal(r.sts.count('AssumeRole'), 2, 'the quiet request and the background refresh ran');
  assert.equal(titles.length, 1, 'neither showed progress');
});
