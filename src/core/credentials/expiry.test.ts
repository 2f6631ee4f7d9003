import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSessionName, hasLifetime, refreshDueAt } from './expiry';

const MIN = 60_000;

test('credentials are handed out with 5 minutes left, not with less', () => {
  assert.equal(hasLifetime(10 * MIN, 5 * MIN), true);
  assert.equal(hasLifetime(10 * MIN, 5 * MIN + 1), false);
  assert.equal(hasLifetime(null, 1e15), true, 'long-term keys');
  assert.equal(hasLifetime(60 * MIN, 0, 61 * MIN), false, 'a caller may ask for more');
});

test('refresh is due 10 minutes before expiry, never before half the lifetime', () => {
  assert.equal(refreshDueAt(0, 60 * MIN), 50 * MIN);
  assert.equal(refreshDueAt(0, 12 * 60 * MIN), 710 * MIN);
  assert.equal(refreshDueAt(0, 8 * MIN), 4 * MIN);
  assert.equal(refreshDueAt(0, null), null);
});

test('the default session name is aws-profiles-<unix seconds>', () => {
  assert.equal(defaultSessionName(Date.UTC(2026, 0, 1) + 999), 'aws-profiles-1767225600');
});
