import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EC2_REGIONS } from './instanceList';
import { regionRows } from './regionPickModel';

test('"Profile\'s region" first (undefined: follow the profile), then every listed region; the current one marked', () => {
  const rows = regionRows({ profileRegion: 'us-east-1' });
  assert.deepEqual(rows[0], { region: undefined, label: "Profile's region", description: 'us-east-1 · current' });
  assert.deepEqual(rows.slice(1).map((r) => r.region), [...EC2_REGIONS]);
  const chosen = regionRows({ current: 'eu-west-1', profileRegion: undefined });
  assert.equal(chosen[0].description, 'not set');
  assert.deepEqual(chosen.filter((r) => r.description === 'current').map((r) => r.region), ['eu-west-1']);
});

test('a typed region name not in the list gets a row of its own; other text none', () => {
  assert.deepEqual(regionRows({ typed: ' us-gov-west-1 ' })[0], { region: 'us-gov-west-1', label: 'us-gov-west-1', description: 'typed region' });
  assert.equal(regionRows({ typed: 'eu-west-1' }).filter((r) => r.region === 'eu-west-1').length, 1);
  for (const typed of ['eu-west', 'EU-WEST-1', 'prod', '']) assert.equal(regionRows({ typed }).length, EC2_REGIONS.length + 1, typed);
});
