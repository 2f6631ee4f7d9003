// Issue 21 in a real VS Code (code-server), as a new user follows the well-known recipe, starting
// with no ~/.aws at all: "Add IAM User Keys…" from the welcome view (the Dev user's keys, us-west-1,
// json), checked at once; "Add Role Profile…" from the notification that says they work (a role in
// the Prod account, with the user's MFA device listed by IAM), tested at once with an MFA code; then
// the blog's `aws ec2 describe-instances --region us-west-1 --profile prod` in a terminal with
// Debian's AWS CLI lists prod's instances. The files are byte-compared with what `aws configure set`
// writes for the same input, run on a copy. A role whose trust policy does not name the user is
// refused, and "How to Fix…" names both policies with the right ARNs. Then rename (Undo in the open
// file), delete (the question names what depends on the profile), and the first IAM Identity
// Center session added by Sign In… itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { generateInstances, startLocalAws, type LocalAws } from '../support/localAws';
import { AWS_CLI, poll, runInTerminal, withVsCode, type VsCode } from './harness';
import { contextMenu, openProfilesView, pickInQuickPick, runPickingCommand, selectInStatusBar, sidebar, treeRow, waitForStatus } from './workbench';

const USER = {
  arn: 'arn:aws:iam::111111111111:user/bjwagner',
  accessKeyId: 'AKIAEXAMPLEBJWAGNER1',
  secretAccessKey: 'localAwsDemoSecret/ForBjwagner+000000001',
  mfaSerial: 'arn:aws:iam::111111111111:mfa/bjwagner',
  mfaCode: '246810',
};
const ROLE = 'arn:aws:iam::222222222222:role/CrossAccountPowerUser';
/** A role in Prod whose trust policy names someone else. */
const UNTRUSTING_ROLE = 'arn:aws:iam::222222222222:role/ReadOnlyElsewhere';
const PROD_INSTANCES = ['prod-web-1', 'prod-web-2', 'prod-web-3'];

let aws: LocalAws | undefined;
before(async () => {
  aws = await startLocalAws({
    scenario: {
      users: [{ arn: USER.arn, accessKeyId: USER.accessKeyId, secretAccessKey: USER.secretAccessKey, mfa: { serialNumber: USER.mfaSerial, code: USER.mfaCode }, assumableRoles: [ROLE] }],
      roles: [
        { arn: ROLE, trustedPrincipals: [USER.arn], requireMfa: true },
        { arn: UNTRUSTING_ROLE, trustedPrincipals: ['arn:aws:iam::111111111111:user/someone-else'] },
      ],
      instances: [{ accountId: '222222222222', region: 'us-west-1', instances: generateInstances(3, { namePrefix: 'prod-web', availabilityZone: 'us-west-1a' }) }],
    },
  });
});
after(async () => {
  await aws?.close();
});

const widget = (page: Page) => page.locator('.quick-input-widget');
const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Waits for the quick input titled `title`, types `text` into it and presses Enter; then waits until that title is gone. */
async function answer(page: Page, title: RegExp, text: string): Promise<void> {
  const heading = widget(page).locator('.quick-input-title', { hasText: title });
  await heading.waitFor({ timeout: 30_000 });
  await widget(page).locator('input.input').fill(text);
  await page.keyboard.press('Enter');
  await heading.waitFor({ state: 'hidden', timeout: 20_000 });
}

/** Waits for the quick pick titled `title` and picks `label` (typed, then clicked); then waits until that title is gone. */
async function choose(page: Page, title: RegExp, label: string): Promise<void> {
  const heading = widget(page).locator('.quick-input-title', { hasText: title });
  await heading.waitFor({ timeout: 30_000 });
  await pickInQuickPick(page, label);
  await heading.waitFor({ state: 'hidden', timeout: 20_000 });
}

/** The notification whose text matches `text`, once shown. */
async function toast(page: Page, text: RegExp): Promise<ReturnType<Page['locator']>> {
  const t = page.locator('.notification-toast', { hasText: text }).first();
  await t.waitFor({ timeout: 60_000 });
  return t;
}

/** What `aws configure set` writes for the same input, run in `home` (a copy of the sandbox's ~/.aws, or nothing). */
function configureSet(home: string, profile: string, values: Array<[string, string]>): void {
  for (const [key, value] of values) {
    const r = spawnSync(AWS_CLI, ['configure', 'set', key, value, '--profile', profile], { env: { PATH: process.env.PATH, HOME: home }, encoding: 'utf8' });
    assert.equal(r.status, 0, `aws configure set ${key}: ${r.stderr}`);
  }
}

/** The sandbox's two files now (null: none). */
function snapshot(vsc: VsCode): Record<string, string | null> {
  const read = (name: string) => (existsSync(join(vsc.home, '.aws', name)) ? readFileSync(join(vsc.home, '.aws', name), 'utf8') : null);
  return { config: read('config'), credentials: read('credentials') };
}

function assertSameFiles(ours: Record<string, string | null>, cliHome: string, what: string): void {
  for (const name of ['config', 'credentials']) {
    const theirs = join(cliHome, '.aws', name);
    assert.equal(ours[name], existsSync(theirs) ? readFileSync(theirs, 'utf8') : null, `${what}: ~/.aws/${name} as aws configure set writes it`);
  }
}

test('issue 21: from no ~/.aws to Dev keys and a Prod role with MFA, tested, used by the AWS CLI; a role that does not trust the user gets both policies with the right ARNs', { timeout: 900_000 }, async () => {
  const local = aws!;
  const cliHome = mkdtempSync(join(tmpdir(), 'awsp-e2e-configure-'));
  try {
    const env = { AWS_ENDPOINT_URL_STS: local.url, AWS_ENDPOINT_URL_IAM: local.url, AWS_ENDPOINT_URL_SSO: local.url, AWS_ENDPOINT_URL_SSO_OIDC: local.url };
    const settings = { 'awsProfiles.terminal.profileFlag': 'extension', 'files.autoSave': 'off' };
    await withVsCode('set-up', { awsFolder: false, env, settings }, async (vsc) => {
      const { page } = vsc;
      await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });
      assert.equal(existsSync(join(vsc.home, '.aws')), false);

      // 1. The welcome view of a user with no files: Add IAM User Keys…
      await openProfilesView(page, false);
      await sidebar(page).getByText('No AWS profile yet.').waitFor({ timeout: 30_000 });
      await sidebar(page).locator('.monaco-button', { hasText: 'Add IAM User Keys…' }).first().click();
      await answer(page, /Add IAM User Keys \(1\/5\): Profile Name/, 'default');
      await answer(page, /Add IAM User Keys \(2\/5\): Access Key ID/, USER.accessKeyId);
      assert.equal(await widget(page).locator('input.input').getAttribute('type'), 'password', 'the secret is typed in a password box');
      await answer(page, /Add IAM User Keys \(3\/5\): Secret Access Key/, USER.secretAccessKey);
      await choose(page, /Add IAM User Keys \(4\/5\): Default Region/, 'us-west-1');
      await choose(page, /Add IAM User Keys \(5\/5\): Output Format/, 'json');
      // Checked at once: who the keys are.
      const works = await toast(page, new RegExp(`Profile "default" works: its keys act as ${escaped(USER.arn)} \\(account 111111111111\\)`));
      const afterKeys = snapshot(vsc);

      // 2. Add Role Profile… from that notification: prod, a role in Prod by account id and name,
      // source default (offered first), the MFA device IAM lists for the user, the source's region.
      await works.locator('.monaco-button', { hasText: 'Add Role Profile…' }).click();
      assert.ok(local.state.callCount('GetCallerIdentity') >= 1);
      // The files as `aws configure set` writes them, the credentials file 0600; the secret nowhere else.
      configureSet(cliHome, 'default', [['aws_access_key_id', USER.accessKeyId], ['aws_secret_access_key', USER.secretAccessKey], ['region', 'us-west-1'], ['output', 'json']]);
      assertSameFiles(afterKeys, cliHome, 'after Add IAM User Keys');
      assert.equal(statSync(join(vsc.home, '.aws', 'credentials')).mode & 0o777, 0o600);
      assert.ok(!vsc.readLog().includes(USER.secretAccessKey), 'the secret key is not in the log');
      await answer(page, /Add Role Profile \(1\/6\): Profile Name/, 'prod');
      await choose(page, /Add Role Profile \(2\/6\): Role$/, 'Account ID and Role Name');
      await answer(page, /Add Role Profile \(2\/6\): Account ID/, '222222222222');
      await answer(page, /Add Role Profile \(2\/6\): Role Name/, 'CrossAccountPowerUser');
      await choose(page, /Add Role Profile \(3\/6\): Source of Credentials/, 'default');
      await choose(page, /Add Role Profile \(4\/6\): MFA Device/, USER.mfaSerial);
      assert.equal(local.state.callCount('ListMFADevices'), 1);
      const more = widget(page).locator('.quick-input-title', { hasText: /Add Role Profile \(5\/6\): More Settings/ });
      await more.waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      await more.waitFor({ state: 'hidden', timeout: 20_000 });
      await choose(page, /Add Role Profile \(6\/6\): Region/, 'us-west-1');
      // Tested at once: the MFA box as everywhere, then who prod acts as.
      await answer(page, /MFA code for profile "prod"/, USER.mfaCode);
      await toast(page, /Profile "prod" works: it acts as arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\/\S+ \(account 222222222222\)/);
      configureSet(cliHome, 'prod', [['role_arn', ROLE], ['source_profile', 'default'], ['mfa_serial', USER.mfaSerial], ['region', 'us-west-1']]);
      assertSameFiles(snapshot(vsc), cliHome, 'after Add Role Profile');
      await treeRow(page, 'prod').waitFor({ timeout: 15_000 });
      await vsc.screenshot('set-up-prod');

      // 3. The blog's command in a terminal, with Debian's AWS CLI: prod's instances. (AWS CLI 2.9
      // cannot be pointed at the local STS, so prod's credentials come from the window, as the
      // extension's terminals give them: prod active, and profileFlag "extension" for --profile.)
      await selectInStatusBar(page, 'prod');
      await waitForStatus(page, 'prod');
      await vsc.openTerminal();
      const out = await runInTerminal(
        vsc,
        'blog',
        String.raw`out names ${AWS_CLI} ec2 describe-instances --region us-west-1 --profile prod --endpoint-url '${local.url}' --query 'Reservations[].Instances[].Tags[?Key==${'`'}Name${'`'}].Value[]' --output text`,
      );
      assert.deepEqual(out.names.split(/\s+/).sort(), PROD_INSTANCES, out.names);

      // 4. A role whose trust policy does not name the user: refused, with "How to Fix…".
      await runPickingCommand(page, 'AWS Profiles: Add Role Profile…', /Add Role Profile \(1\/6\): Profile Name/);
      await answer(page, /Add Role Profile \(1\/6\): Profile Name/, 'readonly');
      await choose(page, /Add Role Profile \(2\/6\): Role$/, 'Role ARN');
      await answer(page, /Add Role Profile \(2\/6\): Role ARN/, UNTRUSTING_ROLE);
      await choose(page, /Add Role Profile \(3\/6\): Source of Credentials/, 'default');
      await choose(page, /Add Role Profile \(4\/6\): MFA Device/, 'No MFA');
      await more.waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      await more.waitFor({ state: 'hidden', timeout: 20_000 });
      await choose(page, /Add Role Profile \(6\/6\): Region/, 'us-west-1');
      const refused = await toast(page, new RegExp(`Profile "readonly": AWS refused to let ${escaped(USER.arn)} assume the role ReadOnlyElsewhere \\(AccessDenied\\)`));
      await refused.locator('.monaco-button', { hasText: 'How to Fix…' }).click();
      await vsc.waitForLog(/Opened "How to fix" for profile "readonly" \(role arn:aws:iam::222222222222:role\/ReadOnlyElsewhere, caller arn:aws:iam::111111111111:user\/bjwagner/);
      const tab = page.locator('.tab', { hasText: 'How to fix readonly.md' }).first();
      await tab.waitFor({ timeout: 20_000 });
      // The document's text, through the clipboard (the editor shows only the lines on screen).
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(vsc.url).origin });
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Control+C');
      const text = await poll(
        async () => {
          const t = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
          return t.includes('## 2.') ? t : undefined;
        },
        15_000,
        'the fix document copied',
      );
      const blocks = [...text.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]) as { Statement: Array<Record<string, unknown>> });
      assert.equal(blocks.length, 2, text);
      assert.deepEqual(blocks[0].Statement[0].Principal, { AWS: USER.arn }, 'the trust policy names the user');
      assert.equal(blocks[0].Statement[0].Action, 'sts:AssumeRole');
      assert.equal(blocks[1].Statement[0].Resource, UNTRUSTING_ROLE, 'the identity policy names the role');
      assert.match(text, /aws iam update-assume-role-policy --role-name ReadOnlyElsewhere --policy-document/);
      assert.match(text, /aws iam put-user-policy --user-name bjwagner --policy-name AssumeRole-ReadOnlyElsewhere/);
      assert.match(text, /caller is in account 111111111111 and the role in account 222222222222: across accounts both halves are needed, and AWS's answer does not say which one is missing/);
      await vsc.screenshot('set-up-how-to-fix');

      // 5. Rename from the profile's menu while ~/.aws/config is open in an editor: the editor shows
      // the new name, and VS Code's own Undo there takes it back (saved, the file has it back).
      await vsc.runCommand('AWS Profiles: Open Config File');
      const configTab = page.locator('.tab', { hasText: /^config/ }).first();
      await configTab.waitFor({ timeout: 20_000 });
      await contextMenu(page, 'readonly', 'Rename Profile…');
      await answer(page, /Rename Profile "readonly"/, 'readonly-prod');
      await vsc.waitForLog(/Renamed profile "readonly" to "readonly-prod" in ~\/\.aws\/config\./);
      await treeRow(page, 'readonly-prod').waitFor({ timeout: 15_000 });
      assert.match(readFileSync(join(vsc.home, '.aws', 'config'), 'utf8'), /\[profile readonly-prod\]\nrole_arn = arn:aws:iam::222222222222:role\/ReadOnlyElsewhere\n/);
      const configEditor = page.locator('.editor-instance .monaco-editor .view-lines').filter({ visible: true }).first();
      // Monaco draws spaces as no-break spaces.
      const editorText = async () => (await configEditor.innerText()).replace(/\u00a0/g, ' ');
      await poll(async () => ((await editorText()).includes('[profile readonly-prod]') ? true : undefined), 20_000, 'the open editor showing the new name');
      await configTab.click();
      await configEditor.click();
      await page.keyboard.press('Control+Z');
      await poll(async () => ((await editorText()).includes('[profile readonly]') ? true : undefined), 20_000, "VS Code's Undo taking the rename back in the editor");
      await page.keyboard.press('Control+S');
      await treeRow(page, 'readonly').waitFor({ timeout: 20_000 });
      assert.match(readFileSync(join(vsc.home, '.aws', 'config'), 'utf8'), /\[profile readonly\]\n/, 'saved, the undo is in the file');

      // 6. Delete from the profile's menu: the question names what depends on the profile.
      await contextMenu(page, 'default', 'Delete Profile…');
      const question = page.locator('.monaco-dialog-box', { hasText: /Delete profile "default" from ~\/\.aws\/config and ~\/\.aws\/credentials\?/ });
      await question.waitFor({ timeout: 20_000 });
      assert.match((await question.textContent()) ?? '', /2 profiles use default as their source \(prod, readonly\): they fail until they get another source\./);
      await question.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
      await question.waitFor({ state: 'hidden', timeout: 20_000 });
      await contextMenu(page, 'readonly', 'Delete Profile…');
      const last = page.locator('.monaco-dialog-box', { hasText: /Delete profile "readonly" from ~\/\.aws\/config\?/ });
      await last.waitFor({ timeout: 20_000 });
      await last.locator('.monaco-button', { hasText: 'Delete' }).first().click();
      await vsc.waitForLog(/Deleted profile "readonly" from ~\/\.aws\/config\./);
      await poll(async () => ((await treeRow(page, 'readonly').count()) === 0 ? true : undefined), 15_000, 'readonly gone from the view');
      assert.doesNotMatch(readFileSync(join(vsc.home, '.aws', 'config'), 'utf8'), /readonly/);
      assertSameFiles({ ...snapshot(vsc) }, cliHome, 'after the rename and the delete of the refused profile');

      // 7. Sign In to IAM Identity Center… with no session in the files: one is added first, as
      // `aws configure sso-session` writes it (the sign-in then starts; this test goes no further).
      await runPickingCommand(page, 'AWS Profiles: Sign In to IAM Identity Center…', /Add an IAM Identity Center Session \(1\/3\): Start URL/);
      await answer(page, /Add an IAM Identity Center Session \(1\/3\): Start URL/, 'https://d-1234567890.awsapps.com/start');
      await choose(page, /Add an IAM Identity Center Session \(2\/3\): Region of IAM Identity Center/, 'us-east-1');
      await answer(page, /Add an IAM Identity Center Session \(3\/3\): Session Name/, 'corp');
      await vsc.waitForLog(/Added the IAM Identity Center session "corp" \(https:\/\/d-1234567890\.awsapps\.com\/start, us-east-1\)/);
      assert.match(readFileSync(join(vsc.home, '.aws', 'config'), 'utf8'), /\n\[sso-session corp\]\nsso_start_url = https:\/\/d-1234567890\.awsapps\.com\/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n$/);
    });
  } finally {
    rmSync(cliHome, { recursive: true, force: true });
  }
});
