import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRemaining, lifetimeState, msUntilNextTick } from './lifetime';

const MIN = 60_000;

test('lifetime states: none, long-term, ok, warning under 10 minutes, expired', () => {
  assert.equal(lifetimeState(undefined, 0), 'none');
  assert.equal(lifetimeState(null, 0), 'ok');
  assert.equal(lifetimeState(10 * MIN, 0), 'ok');
  assert.equal(lifetimeState(10 * MIN - 1, 0), 'warning');
  assert.equal(lifetimeState(1, 0), 'warning');
  assert.equal(lifetimeState(0, 0), 'expired');
});

test('remaining lifetime, short and long', () => {
  const cases: [number, string, string][] = [
    [47 * MIN + 59_000, '47m', '47 min'],
    [30_000, '<1m', '< 1 min'],
    [60 * MIN, '1h', '1 h'],
    [125 * MIN, '2h 5m', '2 h 5 min'],
    [0, 'expired', 'expired'],
    [-5, 'expired', 'expired'],
  ];
  for (const [ms, short, long] of cases) {
    assert.equal(formatRemaining(ms), short);
    assert.equal(formatRemaining(ms, 'long'), long);
  }
});

test('the countdown ticks when the minute shown changes', () => {
  assert.equal(msUntilNextTick(47 * MIN + 1_500, 0), 1_500);
  assert.equal(msUntilNextTick(47 * MIN, 0), MIN);
  assert.equal(msUntilNextTick(0, 0), Number.POSITIVE_INFINITY);
});
