import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY_MS, type KeyReport } from '../core/keys/accessKeys';
import { MemoryStateStore } from '../../test/support/credentialFakes';
import { KeyNodes } from './keyNodes';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function nodes(report: (profile: string) => Promise<KeyReport>) {
  let now = NOW;
  const asked: string[] = [];
  const state = new MemoryStateStore();
  const keyOf = (p: string) => (p === 'default' || p === 'ci' ? 'AKIAEXAMPLE00000WXYZ' : p === 'other' ? 'AKIAOTHER0000000ZZZZ' : undefined);
  const n = new KeyNodes({
    keyOf,
    inspect: (p) => {
      asked.push(p);
      return report(p);
    },
    state,
    clock: { now: () => now },
    maxAgeDays: () => 90,
    dayOf: day,
  });
  const old: string[] = [];
  n.onOldKey((p) => old.push(p));
  return { n, asked, state, old, later: (ms: number) => (now += ms) };
}

const reportOf = (days: number, keyId = 'AKIAEXAMPLE00000WXYZ'): KeyReport => ({ accessKeyId: keyId, fetchedAt: NOW, keys: [{ accessKeyId: keyId, status: 'Active', createdAt: NOW - days * DAY_MS, lastUse: null }], mfaDevices: 0 });

test('issue 24: the key items are asked of IAM on the first expansion only, kept for the day (across a reload: globalState), asked again the next day', async () => {
  const { n, asked, state, later } = nodes(async () => reportOf(10));
  assert.deepEqual(n.children('prod'), [], 'not a profile with keys');
  assert.equal(n.children('default')[0].icon.id, 'loading~spin');
  await n.settled('default');
  assert.deepEqual(n.children('default').map((v) => v.label), ['AKIA…WXYZ', 'no MFA device']);
  assert.deepEqual(n.children('ci').map((v) => v.label), ['AKIA…WXYZ', 'no MFA device'], 'the same key: the same report');
  assert.deepEqual(asked, ['default']);
  assert.deepEqual(n.keyAge('default'), { text: '10 days old' });
  // Another window (a reload) reads what was kept.
  const again = new KeyNodes({ keyOf: () => 'AKIAEXAMPLE00000WXYZ', inspect: () => Promise.reject(new Error('not asked')), state, clock: { now: () => NOW + 3600_000 }, maxAgeDays: () => 90, dayOf: day });
  assert.equal(again.children('default')[0].label, 'AKIA…WXYZ');
  later(DAY_MS);
  assert.equal(n.children('default')[0].icon.id, 'loading~spin', 'the next day: asked again');
  await n.settled('default');
  assert.deepEqual(asked, ['default', 'default']);
});

test('issue 24: a failure is one quiet line until Refresh; a key past the limit is offered for rotation once a day', async () => {
  let fail = true;
  const { n, old, later } = nodes(async () => {
    if (fail) throw Object.assign(new Error('socket hang up'), { name: 'Error' });
    return reportOf(120);
  });
  n.children('default');
  await n.settled('default');
  assert.deepEqual(n.children('default').map((v) => [v.label, v.contextValue]), [['socket hang up', 'keyInfo']]);
  fail = false;
  await n.refresh('default');
  assert.equal(n.children('default')[0].contextValue, 'accessKey old');
  assert.deepEqual(old, ['default']);
  n.checkAges(['default', 'ci']);
  assert.deepEqual(old, ['default'], 'once a day');
  later(DAY_MS);
  n.checkAges(['prod', 'ci', 'default']);
  assert.deepEqual(old, ['default', 'ci'], 'the next day, from what was kept, without IAM');
});
