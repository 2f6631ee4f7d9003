// Issue 12 in a real VS Code (code-server): the credentials beyond the terminal. Open Console as
// prod lands, in the test's Chromium, on the local federation endpoint's console page showing prod's
// role session; Node launch configurations run by js-debug get prod (no "awsProfile"), the Dev user
// ("awsProfile": "default") or no AWS variables ("awsProfile": false), and say so in the debug
// console; no credential and no sign-in token is written to disk.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO, demoScenario, startLocalAws, type LocalAws } from '../support/localAws';
import { defaultProdFiles } from './fixtures';
import { REPO_ROOT, filesUnder, poll, withVsCode, type VsCode } from './harness';
import { answerDialog, debugConsoleLine, goTo, pickInQuickPick, runPickingCommand, selectInStatusBar, startDebugging, waitForStatus } from './workbench';

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
});

/** The program the launch configurations debug: which AWS variables it got, then who it is through the AWS SDK's default chain. */
const WHO = `const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CONFIG_FILE'].filter((n) => process.env[n]);
console.log('AWS variables: ' + (names.join(',') || 'none'));
if (names.length > 0) {
  new STSClient({}).send(new GetCallerIdentityCommand({})).then(
    (r) => console.log('IDENTITY ' + r.Arn),
    (e) => console.log('FAILED ' + e.name + ': ' + e.message),
  );
}
`;

/**
 * The workspace: who.js and four Node launch configurations (the SDK is the repository's, through
 * NODE_PATH); the last one's "awsProfile": true is a mistake the schema flags, and is never run.
 */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'awsp-debug-'));
  mkdirSync(join(dir, '.vscode'));
  writeFileSync(join(dir, 'who.js'), WHO);
  const base = { type: 'node', request: 'launch', program: '${workspaceFolder}/who.js', console: 'internalConsole', env: { NODE_PATH: join(REPO_ROOT, 'node_modules') } };
  const configurations = [
    { ...base, name: 'who (active)' },
    { ...base, name: 'who (default)', awsProfile: 'default' },
    { ...base, name: 'who (none)', awsProfile: false },
    { ...base, name: 'who (wrong)', awsProfile: true },
  ];
  writeFileSync(join(dir, '.vscode', 'launch.json'), JSON.stringify({ version: '0.2.0', configurations }, null, 2));
  return dir;
}

/** Follows the page VS Code opens outside the window (after code-server's "open external website?" dialog, if it asks). */
async function openedPage(vsc: VsCode, opened: Promise<Page>): Promise<Page> {
  const dialog = vsc.page.locator('.monaco-dialog-box');
  const popup = await Promise.race([opened, dialog.waitFor({ timeout: 30_000 }).then(() => undefined)]);
  if (popup) return popup;
  await dialog.locator('.monaco-button', { hasText: /^Open$/ }).first().click();
  return opened;
}

test('issue 12: Open Console as prod lands on its role session; debug sessions get prod, default or nothing; nothing secret on disk', { timeout: 900_000 }, async () => {
  // Not 127.0.0.1: code-server would rewrite the console page's URL to its port-forwarding proxy.
  aws = await startLocalAws({ scenario: demoScenario(), host: '127.0.0.2' });
  const env = { AWS_PROFILES_TEST_SIGNIN_ENDPOINT: aws.url };
  await withVsCode('beyond-terminal', { files: defaultProdFiles(aws.url, { prodRoleArn: DEMO.powerUserRoleArn }), env, workspace: workspace() }, async (vsc) => {
    const { page } = vsc;
    await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });
    await selectInStatusBar(page, 'prod');
    await waitForStatus(page, 'prod', 60_000);

    // Open Console as Profile → prod: the browser signs in as prod's role session, on the console of its region.
    const opened = page.context().waitForEvent('page', { timeout: 60_000 });
    await runPickingCommand(page, 'AWS Profiles: Open Console as Profile…', /Open Console as Profile/);
    await pickInQuickPick(page, 'prod');
    const consolePage = await openedPage(vsc, opened);
    await consolePage.waitForLoadState('domcontentloaded');
    const identity = (await consolePage.locator('#identity').textContent({ timeout: 30_000 })) ?? '';
    assert.match(identity, /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\/aws-profiles-/);
    assert.equal(await consolePage.locator('#destination').textContent(), 'https://console.aws.amazon.com/console/home?region=us-east-1', 'the login URL reached the endpoint unchanged');
    await consolePage.close();
    const signIn = aws!.state.federation.signIns().at(-1)!;
    assert.equal(signIn.sessionExpiresAt - signIn.signedInAt, 43_200_000, 'the longest console session');
    await vsc.waitForLog(/Opened the AWS console of us-east-1 as profile "prod" \(arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\//);
    const tokens = aws!.state.federation.issuedSigninTokens();
    assert.equal(tokens.length, 1);
    const notifications = (await page.locator('.notifications-toasts, .notifications-center').allTextContents()).join('\n');
    assert.ok(!notifications.includes(tokens[0]), 'no notification holds the sign-in URL');

    // A launch configuration without "awsProfile": the active profile, prod, as terminals get it.
    await startDebugging(page, 'who (active)');
    await debugConsoleLine(page, /AWS Profiles: this session acts as profile "prod" \(credentials from this window\)/);
    assert.match(await debugConsoleLine(page, /IDENTITY |FAILED /), /IDENTITY arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\//);
    await vsc.waitForLog(/Debug session "who \(active\)" acts as profile "prod" \(credentials from this window, the active profile\)/);

    // "awsProfile": "default": the Dev user, while prod stays the active profile, once the user allows this workspace to (issue 26 M1).
    await startDebugging(page, 'who (default)');
    await answerDialog(page, /Launch configuration "who \(default\)" of this workspace asks to act as AWS profile "default"/, 'Allow');
    await debugConsoleLine(page, /AWS Profiles: this session acts as profile "default"/);
    assert.match(await debugConsoleLine(page, /IDENTITY arn:aws:iam|FAILED /), new RegExp(`IDENTITY ${DEMO.alice.arn.replace(/[/]/g, '\\/')}`));

    // "awsProfile": false: no AWS variables at all.
    await startDebugging(page, 'who (none)');
    await debugConsoleLine(page, /AWS Profiles: no AWS credentials for this session \("awsProfile": false\)/);
    await debugConsoleLine(page, /AWS variables: none/);
    const lines = (await page.locator('.repl .monaco-list-row').allTextContents()).filter((l) => l.includes('AWS Profiles:'));
    assert.equal(lines.length, 1, `one line of AWS Profiles, for this session only (js-debug's child session gets none): ${lines.join(' | ')}`);
    assert.match(lines[0].trim(), /AWS Profiles: no AWS credentials for this session \("awsProfile": false\)\.$/);
    await vsc.waitForLog(/Debug session "who \(none\)": AWS Profiles adds no credentials: launch configuration "who \(none\)" says "awsProfile": false\./);

    // launch.json completes the value of "awsProfile" with the profiles' names.
    const launch = readFileSync(join(vsc.workspace, '.vscode', 'launch.json'), 'utf8').split('\n');
    const line = launch.findIndex((l) => l.includes('"awsProfile": "default"'));
    const column = launch[line].indexOf('"awsProfile": "') + '"awsProfile": "'.length + 1;
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input.input').fill('.vscode/launch.json');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'launch.json' }).first().click({ timeout: 20_000 });
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 20_000 });
    await goTo(page, line + 1, column);
    await vsc.runCommand('Trigger Suggest');
    const suggestions = page.locator('.suggest-widget .monaco-list-row');
    await suggestions.first().waitFor({ timeout: 20_000 });
    const labels = (await suggestions.allTextContents()).map((t) => t.trim());
    assert.deepEqual(labels.slice(0, 2), ['defaultAWS profile', 'prodAWS profile'], `the profiles first in the suggestions: ${labels.join(' | ')}`);
    await page.keyboard.press('Escape');
    // Node's launch schema knows "awsProfile" (VS Code flags properties a debugger does not declare)
    // and its values: once launch.json is validated (the mistake of "who (wrong)" is flagged), it is
    // its only problem.
    const problems = page.locator('#status\\.problems');
    const counts = async () => (((await problems.textContent()) ?? '').match(/\d+/g) ?? []).map(Number);
    await poll(async () => ((await counts()).some((n) => n > 0) ? true : undefined), 30_000, 'launch.json validated: "awsProfile": true flagged');
    assert.deepEqual((await counts()).slice(0, 2), [0, 1], `one warning in launch.json, "awsProfile": true (errors, warnings: ${(await problems.textContent()) ?? ''})`);

    // Nothing of the credentials or the sign-in token in any file under HOME, VS Code's data or the workspace.
    const secrets = [...aws!.state.issuedCredentials().flatMap((k) => [k.secretAccessKey, k.sessionToken ?? '']), ...tokens, DEMO.alice.secretAccessKey].filter((s) => s.length > 8);
    assert.ok(secrets.length >= 4);
    for (const file of [...filesUnder(vsc.home), ...filesUnder(vsc.userDataDir), ...filesUnder(vsc.workspace)]) {
      const text = readFileSync(file, 'latin1');
      for (const s of secrets) {
        if (s === DEMO.alice.secretAccessKey && file.endsWith(join('.aws', 'credentials'))) continue;
        assert.ok(!text.includes(s), `a secret was written to ${file}`);
      }
    }
  });
});
