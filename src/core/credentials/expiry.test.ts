import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSessionName, hasLifetime, refreshDueAt, requiredLifetime } from './expiry';

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
  assert.equal(refreshDueAt(1, 4 * MIN + 2), 2 * MIN + 1, 'an odd lifetime: due at the half, rounded down');
});

test('issue 15: the lifetime to keep is the margin asked, at most half the credentials\' own', () => {
  assert.equal(requiredLifetime(5 * MIN, 0, 60 * MIN), 5 * MIN);
  assert.equal(requiredLifetime(5 * MIN, 0, 4 * MIN), 2 * MIN);
  assert.equal(requiredLifetime(15 * MIN, 10 * MIN, 25 * MIN), 7.5 * MIN);
  assert.equal(requiredLifetime(5 * MIN, 0, null), 0, 'long-term keys');
  assert.equal(requiredLifetime(5 * MIN, 0, 3), 2, 'half of an odd lifetime, rounded up');
});

test('the default session name is aws-profiles-<unix seconds>', () => {
  assert.equal(defaultSessionName(Date.UTC(2026, 0, 1) + 999), 'aws-profiles-1767225600');
});
