import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../index';
import { DAY_MS, isOverAge, isReportCurrent, longTermKeyOf, maskKeyId, profilesWithKey, type KeyReport } from './accessKeys';
import { formatAgo, keyItemViews } from './keyViews';

const b = (s: string) => new TextEncoder().encode(s);
const NOW = Date.parse('2026-12-06T12:00:00Z');
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const report = (over: Partial<KeyReport> = {}): KeyReport => ({
  accessKeyId: 'AKIAEXAMPLE00000WXYZ',
  fetchedAt: NOW,
  userName: 'alice',
  keys: [
    { accessKeyId: 'AKIAOTHER000000ABCD1', status: 'Inactive', createdAt: NOW - 200 * DAY_MS, lastUse: null },
    { accessKeyId: 'AKIAEXAMPLE00000WXYZ', status: 'Active', createdAt: NOW - 120 * DAY_MS, lastUse: { at: NOW - 2 * DAY_MS, service: 'ec2', region: 'eu-west-1' } },
  ],
  mfaDevices: 1,
  ...over,
});

test('issue 24: a key id is masked, ages and last uses read in words', () => {
  assert.equal(maskKeyId('AKIAEXAMPLE00000WXYZ'), 'AKIA…WXYZ');
  assert.deepEqual([NOW - 10_000, NOW - 5 * 60_000, NOW - 3 * 3600_000, NOW - DAY_MS, NOW - 12 * DAY_MS].map((t) => formatAgo(t, NOW)), ['just now', '5 min ago', '3 h ago', '1 day ago', '12 days ago']);
});

test('issue 24: under a profile with IAM user keys: its key (masked, age, last use; marked past the limit) first, the other key, the MFA devices', () => {
  const views = keyItemViews('default', report(), NOW, 90, day);
  assert.deepEqual(views.map((v) => [v.label, v.description, v.contextValue, v.icon.id]), [
    ['AKIA…WXYZ', '120 days old · last used 2 days ago (ec2, eu-west-1) · older than 90 days: rotate it', 'accessKey old', 'warning'],
    ['other key AKIA…BCD1', 'inactive · 200 days old · never used', 'otherAccessKey', 'key'],
    ['1 MFA device', undefined, 'keyInfo', 'lock'],
  ]);
  assert.ok(views.every((v) => ![v.label, v.description, v.tooltip].join(' ').includes('AKIAEXAMPLE00000WXYZ')), 'the whole key id is shown nowhere');
  assert.equal(keyItemViews('default', report(), NOW, 180, day)[0].contextValue, 'accessKey');
  assert.ok(isOverAge(report(), NOW, 90) && !isOverAge(report(), NOW, 120));
});

test('issue 24: one quiet line where IAM refuses; a loading line while it is asked; a report is good for the day of the same key', () => {
  assert.deepEqual(keyItemViews('p', report({ keys: [], denied: { action: 'iam:ListAccessKeys', explicit: false } }), NOW, 90, day).map((v) => v.label), ['your policy does not allow iam:ListAccessKeys on yourself']);
  assert.match(keyItemViews('p', report({ keys: [], denied: { action: 'iam:ListAccessKeys', explicit: true } }), NOW, 90, day)[0].label, /requires MFA/);
  assert.equal(keyItemViews('p', 'loading', NOW, 90, day)[0].icon.id, 'loading~spin');
  assert.ok(isReportCurrent(report(), 'AKIAEXAMPLE00000WXYZ', NOW + 3600_000, day));
  assert.ok(!isReportCurrent(report(), 'AKIAEXAMPLE00000WXYZ', NOW + DAY_MS, day), 'the next day: asked again');
  assert.ok(!isReportCurrent(report(), 'AKIANEW', NOW, day), 'another key: asked again');
});

test('issue 24: which profiles are a long-term key, and which share one', () => {
  const a = analyze(
    b('[profile ci]\naws_access_key_id = AKIASHARED\naws_secret_access_key = s\n[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = default\n'),
    b('[default]\naws_access_key_id = AKIASHARED\naws_secret_access_key = s\n[temp]\naws_access_key_id = ASIAX\naws_secret_access_key = s\naws_session_token = t\n'),
  );
  assert.deepEqual(longTermKeyOf(a.model, a.plans.get('default'), 'default'), { accessKeyId: 'AKIASHARED', file: 'credentials' });
  assert.deepEqual(longTermKeyOf(a.model, a.plans.get('ci'), 'ci'), { accessKeyId: 'AKIASHARED', file: 'config' });
  assert.equal(longTermKeyOf(a.model, a.plans.get('temp'), 'temp'), undefined, 'session keys are not long-term');
  assert.equal(longTermKeyOf(a.model, a.plans.get('prod'), 'prod'), undefined, 'a role');
  assert.deepEqual(profilesWithKey(a.model, 'AKIASHARED'), [{ profile: 'ci', file: 'config' }, { profile: 'default', file: 'credentials' }]);
});
