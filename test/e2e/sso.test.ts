// Issue 11 in a real VS Code (code-server): IAM Identity Center as a user meets it. Selecting an SSO
// profile signs in through the browser (the test's Chromium follows the page VS Code opens and
// clicks Allow at the local endpoint), a terminal then acts as the role, a role chained on the SSO
// profile works, Add Profiles writes sections that `aws --profile` then uses, a reload keeps the
// sign-in, Sign Out ends it, and no token or credential is ever written to disk.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO, demoScenario, startLocalAws, type LocalAws } from '../support/localAws';
import { ssoConfig } from '../support/ssoFixtures';
import { AWS_CLI, filesUnder, outputTo, poll, withVsCode, type VsCode } from './harness';
import { answerDialog, runPickingCommand, selectInStatusBar, statusItem, waitForStatus } from './workbench';

const S = DEMO.sso;
let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
});

const files = (): Record<string, string> => ({ '.aws/config': ssoConfig() });

/** Clicks Allow on IAM Identity Center's sign-in page, which VS Code opened in a new tab, and waits for the extension's "Signed in" page. */
async function allowInBrowser(vsc: VsCode, opened: Promise<Page>): Promise<void> {
  // code-server asks before it opens a link outside the window, unless the user trusted the domain.
  const dialog = vsc.page.locator('.monaco-dialog-box');
  const popup = await Promise.race([opened, dialog.waitFor({ timeout: 30_000 }).then(() => undefined)]);
  const page = popup ?? (await (async () => {
    await dialog.locator('.monaco-button', { hasText: /^Open$/ }).first().click();
    return opened;
  })());
  await page.waitForLoadState('domcontentloaded');
  await page.locator('#allow').click({ timeout: 30_000 }).catch(async (e) => {
    throw new Error(`${(e as Error).message}\nthe page VS Code opened: ${page.url()}\n${(await page.content()).slice(0, 2000)}`);
  });
  await page.locator('#message', { hasText: 'Signed in to AWS' }).waitFor({ timeout: 30_000 });
  await page.close();
}

/** Runs a command in the active terminal and returns what it printed (one line, trimmed). */
async function run(vsc: VsCode, name: string, command: string): Promise<string> {
  const out = join(vsc.sandbox, `${name}.txt`);
  // The newline: a command that prints nothing still makes a file with text.
  await vsc.typeInTerminal(outputTo(out, command, 'echo'));
  return (await vsc.waitForFile(out, 90_000)).trim();
}

const arnOf = (vsc: VsCode, name: string, profile?: string) =>
  run(vsc, name, `${AWS_CLI} sts get-caller-identity --endpoint-url ${aws!.url} --query Arn --output text${profile ? ` --profile ${profile}` : ''}`);

test('issue 11: sign in in the browser, act as an SSO role in a terminal, chain a role on it, add profiles, keep the sign-in across a reload, sign out; no token on disk', { timeout: 900_000 }, async () => {
  // Not 127.0.0.1: code-server would rewrite the sign-in page's URL to its port-forwarding proxy.
  aws = await startLocalAws({ scenario: demoScenario(), host: '127.0.0.2' });
  const env = { AWS_ENDPOINT_URL_SSO: aws.url, AWS_ENDPOINT_URL_SSO_OIDC: aws.url, AWS_ENDPOINT_URL_STS: aws.url };
  const settings = { 'awsProfiles.sso.signInFlow': 'browser', 'awsProfiles.terminal.profileFlag': 'extension' };
  await withVsCode('sso', { files: files(), env, settings }, async (vsc) => {
    const { page } = vsc;
    await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });

    // Selecting the SSO profile signs in, in the browser.
    const opened = page.context().waitForEvent('page', { timeout: 60_000 });
    await selectInStatusBar(page, 'prod-admin');
    await allowInBrowser(vsc, opened);
    await waitForStatus(page, 'prod-admin', 60_000);
    await vsc.waitForLog(/Signed in to sso-session "corp"/);

    // A terminal acts as the role; a role chained on the SSO profile works (through the extension: profileFlag "extension").
    await vsc.openTerminal();
    assert.equal(await arnOf(vsc, 'prod-admin'), S.roles.prodAdmin.sessionArn);
    assert.match(await arnOf(vsc, 'audit', 'audit'), /^arn:aws:sts::333333333333:assumed-role\/AuditReadOnly\//);

    // Add Profiles from IAM Identity Center: Audit's ReadOnly, then `aws --profile` uses it.
    await runPickingCommand(page, 'AWS Profiles: Add Profiles from IAM Identity Center…', /Add Profiles from/);
    const widget = page.locator('.quick-input-widget');
    await widget.locator('input.input').fill('audit-readonly');
    // In a multi-select pick, clicking a row ticks it.
    await widget.locator('.monaco-list-row', { hasText: 'audit-readonly' }).first().click();
    await widget.locator('.quick-input-count', { hasText: '1 Selected' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await widget.locator('.monaco-list-row', { hasText: 'Add 1 profile' }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await vsc.waitForLog(/Added 1 profile\(s\) of sso-session "corp" \(https:\/\/d-1234567890\.awsapps\.com\/start\) to ~\/\.aws\/config: audit-readonly\./);
    const config = readFileSync(join(vsc.home, '.aws', 'config'), 'utf8');
    assert.ok(config.startsWith(files()['.aws/config']), 'every byte of the file kept');
    assert.match(config, /\n\[profile audit-readonly\]\nsso_session = corp\nsso_account_id = 333333333333\nsso_role_name = ReadOnly\nregion = us-east-1\n$/);
    await vsc.typeInTerminal('clear');
    assert.equal(await arnOf(vsc, 'added', 'audit-readonly'), S.roles.auditReadOnly.sessionArn);

    // A reload keeps the sign-in: with every role credential cleared, the SSO profile gets new ones without a browser.
    const signIns = aws!.state.callCount('CreateToken');
    const reloaded = await vsc.reloadWindow();
    await vsc.waitForLog(/activated in \d+ ms/, { since: reloaded, timeoutMs: 60_000 });
    await vsc.runCommand('AWS Profiles: Clear All Credentials');
    await answerDialog(page, /Clear every credential AWS Profiles holds/, 'Clear All');
    await vsc.waitForLog(/Cleared all stored credentials/);
    await selectInStatusBar(page, 'audit');
    await waitForStatus(page, 'audit', 60_000);
    assert.equal(aws!.state.callCount('CreateToken'), signIns, 'no new sign-in after the reload');
    assert.equal(page.context().pages().length, 1, 'no browser page opened');

    // Sign Out: the sign-in is revoked at IAM Identity Center, its profiles hold nothing, the status bar says to sign in.
    await selectInStatusBar(page, 'prod-admin');
    await vsc.runCommand('AWS Profiles: Sign Out of IAM Identity Center…');
    await vsc.waitForLog(/Signed out of sso-session "corp"/);
    assert.ok(aws!.state.sso.issuedTokens().every((t) => !t.valid), 'every token revoked');
    await poll(async () => (/prod-admin sign in/.test((await statusItem(page).textContent()) ?? '') ? true : undefined), 30_000, 'the status bar asking for a sign-in');

    // Nothing of the tokens, the client secrets or the role credentials in any file under HOME or VS Code's data.
    const secrets = [
      ...aws!.state.sso.issuedSecrets(),
      ...aws!.state.issuedCredentials().flatMap((k) => [k.secretAccessKey, k.sessionToken ?? '']),
    ].filter((s) => s.length > 8);
    assert.ok(secrets.length > 5);
    for (const file of [...filesUnder(vsc.home), ...filesUnder(vsc.userDataDir)]) {
      const text = readFileSync(file, 'latin1');
      for (const s of secrets) assert.ok(!text.includes(s), `a secret was written to ${file}`);
    }
  });
});
