import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Guard } from './guardRules';
import { extendPeriod, fallbackBlockers, fallbackProfile, isOpen, keepsProfile, nextChangeAt, openPeriod, phaseOf, startProfile, type StartInput, type TerminalUse } from './timeBox';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

/** A fake clock: time moves only when the test says so. */
function fakeClock(start = T0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const boxed: Guard = { color: 'red', confirm: true, maxActiveMinutes: 30 };
const colourOnly: Guard = { color: 'orange', confirm: false };

test('issue 23: a 30-minute time box warns 5 minutes before its end, then is over', () => {
  const clock = fakeClock();
  const period = openPeriod('prod', boxed, clock.now(), 'default');
  assert.deepEqual(period, { profile: 'prod', startedAt: T0, endsAt: T0 + 30 * MIN, previous: 'default' });
  assert.equal(phaseOf(period, clock.now()), 'open');
  assert.equal(nextChangeAt(period, clock.now()), T0 + 25 * MIN);
  clock.advance(25 * MIN - 1);
  assert.equal(phaseOf(period, clock.now()), 'open');
  clock.advance(1);
  assert.equal(phaseOf(period, clock.now()), 'warning');
  assert.equal(nextChangeAt(period, clock.now()), T0 + 30 * MIN);
  assert.equal(period.endsAt! - clock.now(), 5 * MIN);
  assert.ok(isOpen(period, clock.now()));
  clock.advance(5 * MIN);
  assert.equal(phaseOf(period, clock.now()), 'over');
  assert.equal(nextChangeAt(period, clock.now()), undefined);
  assert.ok(!isOpen(period, clock.now()));
  assert.ok(!isOpen(undefined, clock.now()));
});

test('issue 23: a short box warns at half time; a clock that jumps past the end finds it over; no box never ends', () => {
  const clock = fakeClock();
  const short = openPeriod('prod', { ...boxed, maxActiveMinutes: 4 }, clock.now());
  assert.equal(nextChangeAt(short, clock.now()), T0 + 2 * MIN);
  clock.advance(3 * 60 * MIN); // a computer asleep for three hours
  assert.equal(phaseOf(short, clock.now()), 'over');
  const open = openPeriod('prod', colourOnly, T0);
  assert.equal(open.endsAt, null);
  assert.equal(phaseOf(open, T0 + 1e9), 'open');
  assert.equal(nextChangeAt(open, T0), undefined);
});

test('issue 23: Extend gives a full box from now, keeping where the window falls back to', () => {
  const clock = fakeClock();
  const period = openPeriod('prod', boxed, clock.now(), 'dev');
  clock.advance(27 * MIN);
  const extended = extendPeriod(period, boxed, clock.now());
  assert.deepEqual(extended, { profile: 'prod', startedAt: T0, endsAt: T0 + 57 * MIN, previous: 'dev' });
  assert.equal(phaseOf(extended, clock.now()), 'open');
  assert.equal(nextChangeAt(extended, clock.now()), T0 + 52 * MIN);
});

test('issue 23: the fallback is the profile before, else the default profile, else none; never a guarded one', () => {
  const usable = (n: string) => ['dev', 'default'].includes(n);
  assert.equal(fallbackProfile('dev', 'default', usable), 'dev');
  assert.equal(fallbackProfile(undefined, 'default', usable), 'default');
  assert.equal(fallbackProfile('staging', 'default', usable), 'default', 'the profile before is guarded (or gone)');
  assert.equal(fallbackProfile('staging', undefined, usable), undefined);
  assert.equal(fallbackProfile(undefined, '', usable), undefined);
});

test('issue 23: what a window starts with: the default when nothing was chosen, the remembered one unless its guard holds it back', () => {
  const guards: Record<string, Guard> = { prod: boxed, staging: colourOnly, guardedDefault: { color: 'red', confirm: true } };
  const input = (over: Partial<StartInput>): StartInput => ({
    remembered: undefined,
    chosen: false,
    defaultProfile: 'default',
    guardOf: (n) => guards[n],
    exists: (n) => n !== 'gone',
    period: undefined,
    now: T0,
    ...over,
  });
  assert.deepEqual(startProfile(input({})), { profile: 'default', reason: 'The window starts with the default profile "default" (awsProfiles.defaultProfile).' });
  assert.deepEqual(startProfile(input({ defaultProfile: '' })), { profile: undefined, reason: undefined });
  assert.match(startProfile(input({ defaultProfile: 'gone' })).reason!, /names "gone", which is not in the AWS files/);
  assert.match(startProfile(input({ defaultProfile: 'guardedDefault' })).reason!, /is guarded: the window starts with no profile/);
  // Chosen: "No profile" stays none, an unguarded profile or one with a colour only stays.
  assert.deepEqual(startProfile(input({ chosen: true })), { profile: undefined });
  assert.deepEqual(startProfile(input({ chosen: true, remembered: 'dev' })), { profile: 'dev' });
  assert.deepEqual(startProfile(input({ chosen: true, remembered: 'staging' })), { profile: 'staging' });
  // A guarded one: kept within its period (a reload), else the default.
  const period = openPeriod('prod', boxed, T0, 'dev');
  assert.deepEqual(startProfile(input({ chosen: true, remembered: 'prod', period, now: T0 + 10 * MIN })), { profile: 'prod' });
  assert.deepEqual(startProfile(input({ chosen: true, remembered: 'prod', period, now: T0 + 31 * MIN })), { profile: 'default', reason: 'Profile "prod" is guarded (its time box is over): the window starts with "default".' });
  assert.deepEqual(startProfile(input({ chosen: true, remembered: 'prod' })), { profile: 'default', reason: 'Profile "prod" is guarded (select it again to act as it): the window starts with "default".' });
  assert.equal(startProfile(input({ chosen: true, remembered: 'prod', period: openPeriod('other', boxed, T0) })).profile, 'default', "another profile's period does not count");
});

test('issue 23: terminals of their own keep the guarded profile; a command running in one fed by the collection holds the fallback back', () => {
  const terminals: TerminalUse[] = [
    { name: 'AWS: prod', profile: 'prod', own: true, running: ['terraform apply'] },
    { name: 'bash', profile: 'prod', own: false, running: [] },
    { name: 'bash (2)', profile: 'prod', own: false, running: ['cdk deploy'] },
    { name: 'bash (3)', profile: 'dev', own: false, running: ['sleep 100'] },
  ];
  assert.deepEqual(terminals.map(keepsProfile), [true, false, false, false]);
  assert.deepEqual(fallbackBlockers(terminals, 'prod').map((t) => t.name), ['bash (2)']);
  assert.deepEqual(fallbackBlockers(terminals.slice(0, 2), 'prod'), [], 'an idle terminal and one that keeps its profile hold nothing back');
});
