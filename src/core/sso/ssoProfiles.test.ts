import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '..';
import { existingAssignments, invalidAssignment, invalidProfileName, proposeName, ssoProfileSections, appendSections } from './ssoProfiles';
import { UserError } from '../common/errors';
import { sessionsOf } from './ssoSession';

const enc = (s: string) => new TextEncoder().encode(s);
const config = `# my SSO
[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile dev-readonly]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = Admin
`;

test('issue 11: sessions of the files, and the account/role pairs they already have', () => {
  const { model } = analyze(enc(config), null);
  const sessions = sessionsOf(model);
  assert.deepEqual(sessions.map((s) => [s.key, s.name, s.region]), [
    ['corp', 'corp', 'eu-west-1'],
    ['https://legacy.awsapps.com/start', null, 'us-east-1'],
  ]);
  assert.deepEqual([...existingAssignments(model, sessions[0])], ['111111111111/ReadOnly']);
  assert.deepEqual([...existingAssignments(model, sessions[1])], ['222222222222/Admin']);
});

test('issue 11: new profiles get names of their own and sections the AWS CLI reads as the same account and role', () => {
  const { model } = analyze(enc(config), null);
  const [corp, legacy] = sessionsOf(model);
  const taken = (n: string) => model.profiles.has(n);
  assert.equal(proposeName('Dev', 'ReadOnly', taken), 'dev-readonly-2');
  assert.equal(proposeName('Prod Account (EU)', 'AdministratorAccess', taken), 'prod-account-eu-administratoraccess');
  assert.equal(invalidProfileName('has space', taken), 'Use letters, digits and . _ @ + - only.');
  assert.equal(invalidProfileName('dev-readonly', taken), 'There is a profile "dev-readonly" already.');
  assert.equal(invalidProfileName('prod-admin', taken), undefined);

  const added = appendSections(enc(config), ssoProfileSections(corp, [{ name: 'prod-admin', accountId: '222222222222', roleName: 'AdministratorAccess' }]) + '\n' + ssoProfileSections(legacy, [{ name: 'old', accountId: '333333333333', roleName: 'ReadOnly' }]));
  const text = new TextDecoder().decode(added);
  assert.ok(text.startsWith(config), 'every byte of the file kept');
  const after = analyze(added, null);
  assert.equal(after.cliRejects, null);
  const prod = after.plans.get('prod-admin')!;
  assert.equal(prod.result, 'ok');
  assert.deepEqual(prod.chain.map((h) => h.kind), ['sso']);
  assert.equal((prod.chain[0] as { sso_account_id: string }).sso_account_id, '222222222222');
  assert.equal(prod.values.region, 'eu-west-1');
  assert.equal(after.plans.get('old')!.result, 'ok');
  assert.deepEqual([...existingAssignments(after.model, sessionsOf(after.model)[0])].sort(), ['111111111111/ReadOnly', '222222222222/AdministratorAccess']);
});

test('issue 11: appending to a file without a final line end, or to none', () => {
  assert.equal(new TextDecoder().decode(appendSections(enc('[default]\nregion = x'), '[profile a]\n')), '[default]\nregion = x\n\n[profile a]\n');
  assert.equal(new TextDecoder().decode(appendSections(null, '[profile a]\n')), '[profile a]\n');
});

test('issue 26 L9: an account id or role name from the portal that is not one is refused, and nothing is written', () => {
  const { model } = analyze(enc(config), null);
  const [corp] = sessionsOf(model);
  const good = { name: 'prod-admin', accountId: '222222222222', roleName: 'AWSAdministratorAccess_1a2b+=,.@-' };
  assert.equal(invalidAssignment(good), undefined);
  assert.match(ssoProfileSections(corp, [good]), /^sso_role_name = AWSAdministratorAccess_1a2b\+=,\.@-$/m);
  const injected = { ...good, roleName: 'Admin\ncredential_process = /tmp/evil' };
  assert.equal(invalidAssignment(injected), 'IAM Identity Center listed a role of account 222222222222 whose name, "Admin\\ncredential_process = /tmp/evil", is not an IAM role name (1 to 64 letters, digits and + = , . @ _ -).');
  assert.throws(() => ssoProfileSections(corp, [good, injected]), (e: unknown) => e instanceof UserError && /is not an IAM role name .* Nothing was written to the config file\.$/.test(e.message));
  for (const accountId of ['22222222222', '2222222222222', '22222222222a', '222222222222\n[profile x]', ' 222222222222']) {
    assert.match(invalidAssignment({ ...good, accountId })!, /^IAM Identity Center listed an account whose id, ".*", is not an AWS account id \(12 digits\)\.$/, JSON.stringify(accountId));
  }
  assert.ok(invalidAssignment({ ...good, roleName: 'r'.repeat(65) }));
  assert.ok(invalidAssignment({ ...good, roleName: '' }));
  assert.throws(() => ssoProfileSections(corp, [{ ...good, name: 'bad name]\n[x' }]), UserError);
});
