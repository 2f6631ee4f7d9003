import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '..';
import { buildConfigOverlay } from './configOverlay';
import { STALE_COPY_MS, sweepAction, type FoundCopy, type SweepContext } from './staleCopies';

const enc = (s: string) => new TextEncoder().encode(s);
const CONFIG = '/home/u/.aws/config';
const credentials = enc('[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n');
const before = enc('[default]\nregion = eu-west-1\n[profile prod]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\nregion = eu-west-1\n');
const path = (source: string, profile: string) => `/storage/terminal-config/${profile}-${source.length}.read-only-copy`;

function copyOf(config: Uint8Array, profile: string, writtenAt = 0, source = CONFIG): FoundCopy {
  const built = buildConfigOverlay({ config, credentials, analysis: analyze(config, credentials), profile, source, helper: (a) => `helper ${a.join(' ')}`, profileFlag: 'cli' });
  assert.ok(built.ok, built.ok ? '' : built.reason);
  return { path: path(source, profile), bytes: built.bytes, writtenAt };
}

function context(config: Uint8Array, over: Partial<SweepContext> = {}): SweepContext {
  const analysis = analyze(config, credentials);
  return {
    configPath: CONFIG,
    inUse: new Set(),
    pathOf: path,
    build: (profile) => (analysis.model.profiles.has(profile) ? buildConfigOverlay({ config, credentials, analysis, profile, source: CONFIG, helper: (a) => `helper ${a.join(' ')}`, profileFlag: 'cli' }) : undefined),
    now: 1_000,
    ...over,
  };
}

test('issue 26 M3: an earlier terminal\'s copy of a profile no longer in use is remade when the config file changes', () => {
  const old = copyOf(before, 'prod');
  // prod's region edited (its last line) and a profile added.
  const after = enc(new TextDecoder().decode(before).replace(/region = eu-west-1\n$/, 'region = us-east-2\n') + '[profile added]\nregion = ap-south-1\n');
  const action = sweepAction(old, context(after));
  assert.equal(action.kind, 'write');
  assert.ok(action.kind === 'write' && new TextDecoder().decode(action.bytes).includes('region = us-east-2') && new TextDecoder().decode(action.bytes).includes('[profile added]'));
  assert.deepEqual(sweepAction(old, context(before)), { kind: 'keep' }, 'unchanged: nothing to write');
});

test('issue 26 M3: a copy whose profile was deleted from the config file is deleted, so that `aws` there fails loudly', () => {
  const old = copyOf(before, 'prod');
  const without = enc('[default]\nregion = eu-west-1\n');
  assert.deepEqual(sweepAction(old, context(without)), { kind: 'delete', reason: `profile "prod" is no longer in ${CONFIG}` });
  const noSource = enc('[default]\nregion = eu-west-1\n[profile prod]\nrole_arn = arn:aws:iam::1:role/r\n');
  const cannot = sweepAction(old, context(noSource));
  assert.equal(cannot.kind, 'delete', 'a profile that can no longer be served');
});

test('issue 26 M3: copies in use are the writer\'s; copies of another file are kept until nothing has written them for 30 days', () => {
  const inUse = copyOf(before, 'prod');
  assert.deepEqual(sweepAction(inUse, context(enc('[default]\n'), { inUse: new Set(['prod']) })), { kind: 'keep' });
  const other = copyOf(before, 'prod', 0, '/work/other-config');
  assert.deepEqual(sweepAction(other, context(before, { now: STALE_COPY_MS })), { kind: 'keep' });
  assert.deepEqual(sweepAction(other, context(before, { now: STALE_COPY_MS + 1 })), { kind: 'delete', reason: 'nothing has written it for 30 days' });
  const foreign = { path: '/storage/terminal-config/x.read-only-copy', bytes: enc('[default]\n'), writtenAt: 0 };
  assert.deepEqual(sweepAction(foreign, context(before, { now: 10 })), { kind: 'keep' });
});
