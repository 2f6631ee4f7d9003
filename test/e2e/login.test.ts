// Issue 24 in a real VS Code (code-server): `aws login` profiles. [profile dev] names alice's
// login_session and [profile prod] is a role whose source_profile is dev. "Sign In with Console
// Credentials…" opens the local Sign-In service's page in the test's Chromium, which signs in as
// alice and is redirected to the extension's loopback listener (PKCE, DPoP); the sign-in is kept in
// SecretStorage only (no login cache file: awsProfiles.login.writeCliCache is off). Selecting prod
// in the status bar assumes the role on the sign-in's credentials, and `aws sts get-caller-identity`
// in a terminal acts as that role (Debian's AWS CLI 2.9 cannot read login_session: the terminal's
// marker profile asks the window). "Sign Out of Console Credentials…" forgets the sign-in. No
// "Replace Access Keys with Console Sign-In…" on bob's keys signs in as bob, writes login_session
// into [profile bob] and removes the keys from the credentials file (its comment and other section
// kept), then deactivates and deletes the old key in IAM once confirmed; bob then acts in a terminal
// through the sign-in. No refresh token, signing key or credential is written anywhere under HOME or
// VS Code's data.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO, demoScenario, startLocalAws, type LocalAws } from '../support/localAws';
import { AWS_CLI, filesUnder, outputTo, withVsCode, type VsCode } from './harness';
import { answerDialog, clickNotification, openedPage, pickInQuickPick, runPickingCommand, selectInStatusBar, waitForStatus } from './workbench';

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
});

// bob's keys, to be replaced by a console sign-in: a comment and another section to keep.
const CREDENTIALS = `# bob's key: keep this comment
[bob]
aws_access_key_id = ${DEMO.bob.accessKeyId}
aws_secret_access_key = ${DEMO.bob.secretAccessKey}

[other]
region = eu-west-1
`;

const CONFIG = `[profile dev]
login_session = ${DEMO.alice.arn}
region = us-east-1

[profile prod]
role_arn = ${DEMO.powerUserRoleArn}
source_profile = dev
region = us-east-1
`;

/** Signs in as alice on the Sign-In page VS Code opened, and waits for the extension's loopback page. */
async function signInInBrowser(vsc: VsCode, opened: Promise<Page>, user: string = DEMO.alice.arn): Promise<void> {
  const page = await openedPage(vsc.page, opened);
  await page.waitForLoadState('domcontentloaded');
  await page.locator('#user').selectOption(user, { timeout: 30_000 }).catch(async (e) => {
    throw new Error(`${(e as Error).message}\nthe page VS Code opened: ${page.url()}\n${(await page.content()).slice(0, 2000)}`);
  });
  await page.locator('#password').fill('console-password');
  await page.locator('#signin').click();
  await page.locator('#done', { hasText: 'Signed in' }).waitFor({ timeout: 30_000 });
  await page.close();
}

async function run(vsc: VsCode, name: string, command: string): Promise<string> {
  const out = join(vsc.sandbox, `${name}.txt`);
  await vsc.typeInTerminal(outputTo(out, command, 'echo'));
  return (await vsc.waitForFile(out, 90_000)).trim();
}

test('issue 24: sign in with console credentials for a login_session profile in the browser; a role chained on it acts in a terminal; sign out; nothing of the sign-in on disk', { timeout: 900_000 }, async () => {
  // Not 127.0.0.1: code-server would rewrite the sign-in page's URL to its port-forwarding proxy.
  aws = await startLocalAws({ scenario: demoScenario(), host: '127.0.0.2' });
  const env = { AWS_ENDPOINT_URL_SIGNIN: aws.url, AWS_ENDPOINT_URL_STS: aws.url, AWS_ENDPOINT_URL_IAM: aws.url };
  await withVsCode('login', { files: { '.aws/config': CONFIG, '.aws/credentials': CREDENTIALS }, env }, async (vsc) => {
    const { page } = vsc;
    await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });

    const opened = page.context().waitForEvent('page', { timeout: 60_000 });
    await runPickingCommand(page, 'AWS Profiles: Sign In with Console Credentials…', /Sign In with Console Credentials/);
    await pickInQuickPick(page, 'dev');
    await signInInBrowser(vsc, opened);
    await vsc.waitForLog(/Signed in with console credentials as arn:aws:iam::111111111111:user\/alice \(profile "dev"\); kept in VS Code's secret storage; the credentials expire at/);
    assert.equal(aws!.state.signin.all().length, 1);
    assert.equal(existsSync(join(vsc.home, '.aws', 'login')), false, 'no login cache written (awsProfiles.login.writeCliCache is off)');

    // The role chained on the login profile: status bar, then a terminal (the marker profile asks this window).
    await selectInStatusBar(page, 'prod');
    await waitForStatus(page, 'prod', 60_000);
    await vsc.openTerminal();
    assert.match(await run(vsc, 'prod', `${AWS_CLI} sts get-caller-identity --endpoint-url ${aws!.url} --query Arn --output text`), /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\//);
    await selectInStatusBar(page, 'dev');
    await waitForStatus(page, 'dev', 60_000);
    await vsc.openTerminal(); // a terminal keeps the profile it was opened with
    assert.equal(await run(vsc, 'dev', `${AWS_CLI} sts get-caller-identity --endpoint-url ${aws!.url} --query Arn --output text`), DEMO.alice.arn);

    // Sign Out, as aws logout does.
    await runPickingCommand(page, 'AWS Profiles: Sign Out of Console Credentials…', /Sign Out of Console Credentials/);
    await pickInQuickPick(page, 'dev');
    await vsc.waitForLog(/Signed out of arn:aws:iam::111111111111:user\/alice \(profile "dev"\): VS Code's sign-in forgotten; no login cache file\./);

    // Replace Access Keys with Console Sign-In… on bob's keys: sign in as bob, login_session written, the keys gone, the old key deactivated and deleted.
    const openedForBob = page.context().waitForEvent('page', { timeout: 60_000 });
    await runPickingCommand(page, 'AWS Profiles: Replace Access Keys with Console Sign-In…', /Replace Access Keys with Console Sign-In/);
    await pickInQuickPick(page, 'bob');
    await signInInBrowser(vsc, openedForBob, DEMO.bob.arn);
    await vsc.waitForLog(/Replaced the access key AKIA…B001 of profile "bob" with the console sign-in arn:aws:iam::111111111111:user\/bob/);
    assert.equal(readFileSync(join(vsc.home, '.aws', 'credentials'), 'utf8'), "# bob's key: keep this comment\n[bob]\n\n[other]\nregion = eu-west-1\n");
    assert.equal(readFileSync(join(vsc.home, '.aws', 'config'), 'utf8'), `${CONFIG}\n[profile bob]\nlogin_session = ${DEMO.bob.arn}\n`);
    await clickNotification(page, /Deactivate the old access key AKIA…B001 in IAM now\?/, 'Deactivate');
    await answerDialog(page, /The old access key AKIA…B001 is inactive/, 'Delete');
    await vsc.waitForLog(/Deleted the access key AKIA…B001 in IAM\./);
    assert.deepEqual(aws!.state.iam.user(DEMO.bob.arn)!.keys, [], 'the old key is deleted in IAM');
    await selectInStatusBar(page, 'bob');
    await waitForStatus(page, 'bob', 60_000);
    await vsc.openTerminal();
    assert.equal(await run(vsc, 'bob', `${AWS_CLI} sts get-caller-identity --endpoint-url ${aws!.url} --region us-east-1 --query Arn --output text`), DEMO.bob.arn);

    // Nothing of the sign-in (refresh tokens) or of the credentials in any file under HOME or VS Code's data.
    const secrets = [
      ...aws!.state.signin.all().map((s) => s.refreshToken),
      ...aws!.state.issuedCredentials().flatMap((k) => [k.secretAccessKey, k.sessionToken ?? '']),
    ].filter((s) => s.length > 8);
    assert.ok(secrets.length >= 3);
    for (const file of [...filesUnder(vsc.home), ...filesUnder(vsc.userDataDir)]) {
      const text = readFileSync(file, 'latin1');
      for (const s of secrets) assert.ok(!text.includes(s), `a secret was written to ${file}`);
    }
  });
});
