// Issue 24 in a real VS Code (code-server): the long-term keys. The IAM user's only key is 120 days
// old and written in two sections of a commented credentials file ([default] and [ci]). Expanding
// default asks IAM (ListAccessKeys, GetAccessKeyLastUsed, ListMFADevices): the key is shown masked
// and marked, and the once-a-day notification offers "Rotate Access Keys…". The rotation creates a
// key, waits until it signs (the local fake makes a new key wait, as IAM's eventual consistency
// does), writes it where the old one was in both sections (every other byte, comments included,
// kept), deactivates and deletes the old key; then `aws sts get-caller-identity --profile default`
// in a terminal (Debian's AWS CLI) acts as the user with the new key, and the old secret is found
// nowhere under HOME or VS Code's data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startLocalAws, type LocalAws } from '../support/localAws';
import { AWS_CLI, filesUnder, poll, runInTerminal, withVsCode } from './harness';
import { clickNotification, openProfilesView, sidebar, treeRow } from './workbench';

const DAY = 86_400_000;
const USER = {
  arn: 'arn:aws:iam::111111111111:user/dana',
  accessKeyId: 'AKIAEXAMPLEDEVDANA01',
  secretAccessKey: 'localAwsDemoSecretForDana0000000000000D1',
  mfaSerial: 'arn:aws:iam::111111111111:mfa/dana',
};
const MASKED_OLD = 'AKIA…NA01';

const CREDENTIALS = [
  '# Dana\'s keys: keep this comment',
  '[default]',
  `aws_access_key_id = ${USER.accessKeyId}`,
  '; the secret on its own line',
  `aws_secret_access_key = ${USER.secretAccessKey}`,
  '',
  '# the CI job uses the same key',
  '[ci]',
  `aws_access_key_id=${USER.accessKeyId}`,
  `aws_secret_access_key=${USER.secretAccessKey}`,
  '# the region of CI',
  'region = eu-west-1',
  '',
].join('\n');
const CONFIG = '[default]\nregion = us-east-1\noutput = json\n';

let aws: LocalAws | undefined;
before(async () => {
  aws = await startLocalAws({
    scenario: {
      users: [
        {
          arn: USER.arn,
          accessKeyId: USER.accessKeyId,
          secretAccessKey: USER.secretAccessKey,
          mfa: { serialNumber: USER.mfaSerial, code: '135790' },
          keyCreatedAt: new Date(Date.now() - 120 * DAY).toISOString(),
          keyLastUsed: { at: new Date(Date.now() - 2 * DAY).toISOString(), service: 's3', region: 'us-east-1' },
        },
      ],
      roles: [],
    },
  });
  // IAM's eventual consistency: the new key signs nothing for its first 3 s.
  aws.state.iam.newKeyDelayMs = 3_000;
});
after(async () => {
  await aws?.close();
});

test('issue 24: a 120-day-old key is marked and offered for rotation; the rotation writes the new key into both sections with every comment, deletes the old key, the AWS CLI in a terminal works with the new key, and the old secret is nowhere on disk', { timeout: 900_000 }, async () => {
  const local = aws!;
  const env = { AWS_ENDPOINT_URL_STS: local.url, AWS_ENDPOINT_URL_IAM: local.url };
  const settings = { 'awsProfiles.terminal.profileFlag': 'extension' };
  await withVsCode('keys', { env, settings, files: { '.aws/config': CONFIG, '.aws/credentials': CREDENTIALS } }, async (vsc) => {
    const { page } = vsc;
    await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });
    await openProfilesView(page);

    // 1. Expanding default asks IAM once: the key, masked, marked as past the 90 days.
    await treeRow(page, 'default').click();
    await page.keyboard.press('ArrowRight');
    const keyRow = treeRow(page, MASKED_OLD);
    await keyRow.waitFor({ timeout: 60_000 });
    await poll(async () => (/120 days/.test((await keyRow.textContent()) ?? '') ? true : undefined), 30_000, 'the key row saying 120 days');
    await poll(async () => (/key 120 days old/.test((await treeRow(page, 'default').textContent()) ?? '') ? true : undefined), 30_000, 'the default row marked "key 120 days old"');
    await sidebar(page).locator('.monaco-list-row', { hasText: /1 MFA device/ }).first().waitFor({ timeout: 30_000 });
    assert.equal(local.state.callCount('ListAccessKeys'), 1);
    assert.ok(local.state.callCount('GetAccessKeyLastUsed') >= 1);

    // 2. The daily notification: Rotate Access Keys…
    await clickNotification(page, /The access key AKIA…NA01 of profile "default" is 120 days old/, 'Rotate Access Keys…', 60_000);
    await vsc.waitForLog(/Rotated the access key of "default", "ci": AKIA…\w{4} replaces AKIA…NA01, which is deactivated and deleted\./, { timeoutMs: 120_000 });
    const log = vsc.readLog();
    assert.match(log, /the new key does not sign yet \(try 1\); waiting\./, 'the rotation waited for the new key to sign');
    assert.match(log, /wrote the new key into credentials \[default\], \[ci\]/);

    // 3. IAM: one key, the new one; the old one deleted.
    const user = local.state.iam.user(USER.arn)!;
    assert.equal(user.keys.length, 1);
    const fresh = user.keys[0];
    assert.notEqual(fresh.accessKeyId, USER.accessKeyId);
    assert.equal(fresh.status, 'Active');

    // 4. The credentials file: the new key where the old one was, every other byte (comments) kept; the config file untouched.
    const expected = CREDENTIALS.split(USER.accessKeyId).join(fresh.accessKeyId).split(USER.secretAccessKey).join(fresh.secretAccessKey);
    assert.equal(readFileSync(join(vsc.home, '.aws', 'credentials'), 'utf8'), expected);
    assert.equal(readFileSync(join(vsc.home, '.aws', 'config'), 'utf8'), CONFIG);

    // 5. The blog's command in a terminal, with Debian's AWS CLI (2.9, which reads no AWS_ENDPOINT_URL_STS: --endpoint-url): the new key signs.
    await vsc.openTerminal();
    const out = await runInTerminal(vsc, 'after-rotation', String.raw`out who ${AWS_CLI} sts get-caller-identity --profile default --endpoint-url '${local.url}' --query Arn --output text
out ci ${AWS_CLI} sts get-caller-identity --profile ci --endpoint-url '${local.url}' --query Arn --output text`);
    assert.equal(out.who, USER.arn);
    assert.equal(out.ci, USER.arn);

    // 6. The old secret is nowhere on disk: HOME (the files, the terminals' copies) and VS Code's data (state, logs, SecretStorage).
    assert.ok(!vsc.readLog().includes(USER.secretAccessKey) && !vsc.readLog().includes(fresh.secretAccessKey), 'no secret in the log');
    for (const file of [...filesUnder(vsc.home), ...filesUnder(vsc.userDataDir)]) {
      const text = readFileSync(file, 'latin1');
      assert.ok(!text.includes(USER.secretAccessKey), `the old secret was written to ${file}`);
    }
  });
});
