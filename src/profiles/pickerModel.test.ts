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
