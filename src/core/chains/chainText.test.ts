import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../index';
import { chainSummary, hopRow } from './chainText';

const bytes = (s: string) => new TextEncoder().encode(s);

test('issue 22: a chain in words, hop by hop, as the Profiles view and the hover show it', () => {
  const a = analyze(bytes('[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/team/Admin\nsource_profile = default\nmfa_serial = arn:aws:iam::1:mfa/a\n'), bytes('[default]\naws_access_key_id = A\naws_secret_access_key = B\n'));
  const chain = a.plans.get('prod')!.chain;
  assert.equal(chainSummary(chain), 'prod → default (IAM user keys)');
  assert.deepEqual(chain.map(hopRow), [
    { label: 'prod → default', description: 'role Admin · 222222222222 · needs MFA' },
    { label: 'default', description: 'IAM user keys · from the credentials file' },
  ]);
});

test('issue 22: a role_arn written as a nested block is shown, not thrown on', () => {
  const a = analyze(bytes('[profile odd]\nrole_arn =\n  a = b\nsource_profile = default\n'), bytes('[default]\naws_access_key_id = A\naws_secret_access_key = B\n'));
  const chain = a.plans.get('odd')!.chain;
  assert.equal(hopRow(chain[0]).description, 'role (not an ARN)');
});
