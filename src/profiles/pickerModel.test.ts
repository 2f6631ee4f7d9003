import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../core';
import { orderByRecent, pickerRows, touchRecent } from './pickerModel';

const b = (s: string) => new TextEncoder().encode(s);

test('recently used: moves to the front, no duplicates, bounded', () => {
  assert.deepEqual(touchRecent(['a', 'b', 'c'], 'c'), ['c', 'a', 'b']);
  assert.deepEqual(touchRecent(['a', 'b'], 'x', 2), ['x', 'a']);
});

test('order: recent first (only those that exist), then file order', () => {
  assert.deepEqual(orderByRecent(['a', 'b', 'c', 'd'], ['c', 'gone', 'a']), ['c', 'a', 'b', 'd']);
});

test('rows: "No profile", then profiles with account, region and kind', () => {
  const a = analyze(
    b('[default]\nregion = us-east-1\n[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = default\nregion = us-west-1\n'),
    b('[default]\naws_access_key_id = A\naws_secret_access_key = s\n'),
  );
  const rows = pickerRows(a, ['prod'], { includeNone: true, active: 'prod' });
  assert.deepEqual(rows.map((r) => r.name), [undefined, 'prod', 'default']);
  assert.equal(rows[1].description, '222222222222 · us-west-1 · role · active');
  assert.equal(rows[2].description, 'us-east-1 · IAM user keys');
  assert.deepEqual(pickerRows(a, [], { filter: (n) => n === 'default' }).map((r) => r.name), ['default']);
});

test('issue 28: rows are built once per analysis; a profile holding credentials and the active one still show what is theirs', () => {
  const a = analyze(b('[default]\nregion = us-east-1\n[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = default\n'), b('[default]\naws_access_key_id = A\naws_secret_access_key = s\n'));
  const first = pickerRows(a, [], {});
  assert.deepEqual(first.map((r) => r.description), ['us-east-1 · IAM user keys', '222222222222 · role']);
  // Held keys: the account comes from their identity (not cached: the next call without credentials does not keep it).
  const held = { profile: 'default', expiresAt: null, obtainedAt: 0, identity: { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/alice', userId: 'AIDA' } };
  assert.equal(pickerRows(a, [], { status: (n) => (n === 'default' ? held : undefined), active: 'default' })[0].description, '111111111111 · us-east-1 · IAM user keys · active');
  assert.deepEqual(pickerRows(a, [], {}).map((r) => r.description), first.map((r) => r.description));
  // Another analysis (the files changed) gets its own rows.
  const b2 = analyze(b('[default]\nregion = eu-west-1\n'), b('[default]\naws_access_key_id = A\naws_secret_access_key = s\n'));
  assert.equal(pickerRows(b2, [], {})[0].description, 'eu-west-1 · IAM user keys');
});
