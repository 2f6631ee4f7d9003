import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from './index';
import { changedChains } from './planDiff';

const b = (s: string) => new TextEncoder().encode(s);
const KEYS = '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n';
const PROD = '[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = default\n';

test('a region edit keeps every chain; a role edit or removal drops only that profile', () => {
  const before = analyze(b(`[default]\nregion = us-east-1\n${PROD}[profile gone]\nregion = x\n`), b(KEYS)).plans;
  const regionOnly = analyze(b(`[default]\nregion = eu-west-1\n${PROD}[profile gone]\nregion = x\n`), b(KEYS)).plans;
  assert.deepEqual(changedChains(before, regionOnly), []);
  const roleEdited = analyze(b(`[default]\n${PROD.replace('/R', '/S')}`), b(KEYS)).plans;
  assert.deepEqual(changedChains(before, roleEdited), ['prod', 'gone']);
});
