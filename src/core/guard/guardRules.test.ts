import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountLabel, colouredLine, globMatches, guardOf, looksLikeProduction, needsAttention, parseGuards, proposedEntry } from './guardRules';

const PROD = '222222222222';

test('issue 23: profile globs match whole names, * and ? only, whatever the case', () => {
  const table: [string, string, boolean][] = [
    ['prod', 'prod', true],
    ['prod', 'prod2', false],
    ['prod*', 'prod-eu', true],
    ['prod*', 'prod', true],
    ['*prod', 'eu-prod', true],
    ['*prod*', 'my-prod-admin', true],
    ['prod?', 'prod1', true],
    ['prod?', 'prod', false],
    ['PROD*', 'Prod-Admin', true],
    ['prod.eu', 'prodxeu', false],
    ['prod.eu', 'prod.eu', true],
    ['team[1]', 'team[1]', true],
    ['team[1]', 'team1', false],
    ['a+b', 'aab', false],
    ['*', 'anything', true],
  ];
  for (const [glob, name, expected] of table) assert.equal(globMatches(glob, name), expected, `${glob} ~ ${name}`);
});

test('issue 23: the setting is read entry by entry; a wrong entry is left out with a sentence naming it', () => {
  const { entries, problems } = parseGuards([
    { profile: 'prod*', color: 'red', confirm: true, maxActiveMinutes: 30 },
    { account: PROD, color: 'orange', name: 'Production' },
    { account: 222222222222 },
    { profile: 'x', color: 'blue' },
    { account: '1234' },
    { color: 'red' },
    { profile: 'y', maxActiveMinutes: 0 },
    { profile: 'z', confirm: 'yes' },
    'prod',
    { profile: '  ' },
  ]);
  assert.deepEqual(entries, [
    { profile: 'prod*', color: 'red', confirm: true, maxActiveMinutes: 30 },
    { account: PROD, color: 'orange', confirm: true, name: 'Production' },
    { account: PROD, color: 'red', confirm: true },
  ]);
  assert.deepEqual(problems, [
    'awsProfiles.guard[3]: "color" must be "red" or "orange" (got "blue").',
    'awsProfiles.guard[4]: "account" must be a 12-digit account id in quotes (got "1234").',
    'awsProfiles.guard[5] names neither "profile" nor "account": it guards nothing.',
    'awsProfiles.guard[6]: "maxActiveMinutes" must be a number of minutes above 0.',
    'awsProfiles.guard[7]: "confirm" must be true or false.',
    'awsProfiles.guard[8] is not an entry: write { "profile": "prod*", "color": "red" }.',
    'awsProfiles.guard[9]: "profile" must be a profile name or a glob such as "prod*".',
  ]);
  assert.deepEqual(parseGuards(undefined), { entries: [], problems: [] });
  assert.match(parseGuards({ profile: 'prod' }).problems[0], /must be a list of entries/);
});

test('issue 23: a profile is guarded by its name, its account, or both together; the strictest of every matching entry wins', () => {
  const { entries } = parseGuards([
    { profile: 'prod*', color: 'orange', confirm: false, maxActiveMinutes: 60 },
    { account: PROD, color: 'red', maxActiveMinutes: 30, name: 'Production' },
    { profile: 'audit', account: '333333333333', color: 'orange', confirm: false },
  ]);
  assert.equal(guardOf('dev', '111111111111', entries), undefined);
  assert.deepEqual(guardOf('prod-eu', undefined, entries), { color: 'orange', confirm: false, maxActiveMinutes: 60 });
  // The account, from the role ARN, sso_account_id or the caller identity: an account entry needs it known.
  assert.deepEqual(guardOf('admin', PROD, entries), { color: 'red', confirm: true, maxActiveMinutes: 30, account: PROD, accountName: 'Production' });
  assert.deepEqual(guardOf('prod', PROD, entries), { color: 'red', confirm: true, maxActiveMinutes: 30, account: PROD, accountName: 'Production' });
  // Both fields: both must match.
  assert.deepEqual(guardOf('audit', '333333333333', entries), { color: 'orange', confirm: false, account: '333333333333' });
  assert.equal(guardOf('audit', '444444444444', entries), undefined);
  assert.equal(guardOf('other', '333333333333', entries), undefined);
  // A name known from elsewhere (IAM Identity Center's account list) when no entry names the account.
  assert.equal(guardOf('prod', '555555555555', entries, (id) => (id === '555555555555' ? 'Prod EU' : undefined))?.accountName, 'Prod EU');
});

test('issue 23: a guard needs the user when it asks or is time-boxed; a colour alone does not', () => {
  assert.equal(needsAttention(undefined), false);
  assert.equal(needsAttention({ color: 'orange', confirm: false }), false);
  assert.equal(needsAttention({ color: 'orange', confirm: true }), true);
  assert.equal(needsAttention({ color: 'orange', confirm: false, maxActiveMinutes: 5 }), true);
});

test('issue 23: names that look like production, by their words', () => {
  for (const name of ['prod', 'production', 'prd', 'eu-prod', 'ProdAdmin', 'PRODAdmin', 'my_prod_admin', 'prd2', 'Production Account', 'prod-administratoraccess']) assert.ok(looksLikeProduction(name), name);
  for (const name of ['product', 'preprod', 'nonprod', 'dev', 'staging', 'reproduce', 'default']) assert.ok(!looksLikeProduction(name), name);
  assert.ok(looksLikeProduction('admin', 'Prod EU'), "the account's name counts too");
  assert.ok(!looksLikeProduction('admin', undefined));
});

test('issue 23: the account label and what "Guard It" adds', () => {
  assert.equal(accountLabel({ account: PROD }), '222222222222');
  assert.equal(accountLabel({ account: PROD, accountName: 'Production' }), '222222222222 Production');
  assert.equal(accountLabel({ accountName: 'Production' }), 'Production');
  assert.equal(accountLabel({}), undefined);
  assert.deepEqual(proposedEntry('prod'), { profile: 'prod', color: 'red', confirm: true });
  assert.deepEqual(parseGuards([proposedEntry('prod')]).problems, [], 'the proposed entry is a valid one');
});

test('issue 23: the debug console line in the guard colour', () => {
  assert.equal(colouredLine('red', 'x'), '\u001b[31mx\u001b[0m');
  assert.equal(colouredLine('orange', 'x'), '\u001b[38;5;208mx\u001b[0m');
});
