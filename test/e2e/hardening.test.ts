// Issue 26 in a real VS Code (code-server), driven as a user drives it: a workspace whose .env names
// AWS_PROFILE is told so and turns the terminal variables off (M2); a copy that an earlier terminal
// reads follows the config file and goes with its profile (M3); the MFA box a terminal waits for,
// closed by the Command Palette, comes back from a notification (L8); a launch configuration with its
// own AWS files is left alone (H1), one naming another profile asks first, once (M1).
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEMO } from '../support/localAws';
import { defaultProdFiles, demoAwsForFile } from './fixtures';
import { poll, runInTerminal, withVsCode } from './harness';
import { answerDialog, answerInputBox, clickNotification, debugConsoleLine, openProfilesView, selectInStatusBar, startDebugging, statusItem, treeRow, waitForStatus } from './workbench';

const demoAws = demoAwsForFile();

/** Prints which AWS files and profile the program got. */
const WHICH = "console.log('CONFIG=' + (process.env.AWS_CONFIG_FILE || 'unset') + ' PROFILE=' + (process.env.AWS_PROFILE || 'unset'));\n";

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'awsp-hardening-'));
  mkdirSync(join(dir, '.vscode'));
  writeFileSync(join(dir, '.env'), '# the project chooses its profile\nAWS_PROFILE=dev\n');
  writeFileSync(join(dir, 'which.js'), WHICH);
  writeFileSync(join(dir, 'test-aws-config'), '[default]\nregion = eu-north-1\n');
  const base = { type: 'node', request: 'launch', program: '${workspaceFolder}/which.js', console: 'internalConsole' };
  const configurations = [
    { ...base, name: 'tests (fixtures)', env: { AWS_CONFIG_FILE: '${workspaceFolder}/test-aws-config', AWS_SHARED_CREDENTIALS_FILE: '${workspaceFolder}/test-aws-credentials' } },
    { ...base, name: 'deploy (power)', awsProfile: 'power' },
  ];
  writeFileSync(join(dir, '.vscode', 'launch.json'), JSON.stringify({ version: '0.2.0', configurations }, null, 2));
  return dir;
}

test('issue 26: .env told and turned off, copies of earlier terminals kept in step, the MFA box survives the palette, launch configurations leave their own set-up alone and ask before another profile', { timeout: 900_000 }, async () => {
  const aws = demoAws();
  const files = defaultProdFiles(aws.url, {
    extraConfig: (u) => `[profile power]\nrole_arn = ${DEMO.powerUserRoleArn}\nsource_profile = default\nregion = us-east-1\nendpoint_url = ${u}\n`,
  });
  await withVsCode('hardening', { files, workspace: workspace() }, async (vsc) => {
    const { page } = vsc;
    await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });

    // M2: the .env is noticed; with power active, Turn Off for This Workspace leaves the window's terminals without AWS variables.
    await vsc.waitForLog(/\.env names an AWS profile, but dotenv does not replace the AWS_PROFILE these terminals get/);
    await selectInStatusBar(page, 'power');
    await waitForStatus(page, 'power', 60_000);
    await vsc.waitForLog(/New terminals act as profile "power"/);
    await clickNotification(page, /\.env names an AWS profile/, 'Turn Off for This Workspace');
    await vsc.waitForLog(/awsProfiles\.terminal\.credentials is "off" in this workspace's settings/);
    assert.match(readFileSync(join(vsc.workspace, '.vscode', 'settings.json'), 'utf8'), /"awsProfiles\.terminal\.credentials":\s*"off"/);
    await vsc.waitForLog(/New terminals get no AWS credentials from this window/);
    await vsc.openTerminal();
    const off = await runInTerminal(vsc, 'off', 'out profile printf %s "${AWS_PROFILE-unset} ${AWS_CONFIG_FILE-unset}"');
    assert.equal(off.profile, 'unset unset', 'no variables from the extension: the project\'s .env decides');
    const on = vsc.logMark();
    writeFileSync(join(vsc.workspace, '.vscode', 'settings.json'), '{}\n');
    await vsc.waitForLog(/New terminals act as profile "power"/, { since: on });

    // M3: a terminal of power stays open while default becomes active; its copy follows edits of the config file, and goes with the profile.
    await vsc.openTerminal();
    const before = await runInTerminal(vsc, 'power-terminal', 'out config printf %s "$AWS_CONFIG_FILE"\nout region aws configure get region');
    const copy = before.config;
    assert.match(copy, /terminal-config\/power-[0-9a-f]{8}\.read-only-copy$/);
    assert.equal(before.region, 'us-east-1');
    await selectInStatusBar(page, 'default');
    await poll(async () => (/^\s*default\s*$/.test((await statusItem(page).textContent()) ?? '') ? true : undefined), 60_000, 'the status bar showing default (long-term keys: no lifetime)');
    const configPath = join(vsc.home, '.aws', 'config');
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace(/(\[profile power\][^[]*?)region = us-east-1/, '$1region = eu-west-3'));
    await poll(() => (readFileSync(copy, 'utf8').includes('region = eu-west-3') ? true : undefined), 30_000, 'the copy of power remade with its new region');
    const after = await runInTerminal(vsc, 'power-terminal-after', 'out region aws configure get region');
    assert.equal(after.region, 'eu-west-3', 'the open terminal of power reads the edited region');
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace(/\[profile power\][^[]*/, ''));
    await poll(() => (existsSync(copy) ? undefined : true), 30_000, 'the copy of power, a profile no longer in the file, deleted');
    const gone = await runInTerminal(vsc, 'power-terminal-gone', `out who aws --endpoint-url ${aws.url} sts get-caller-identity --output text`);
    assert.match(gone.who, /could not be found/, 'aws fails loudly in the terminal of a deleted profile');
    writeFileSync(configPath, files['.aws/config']);
    await openProfilesView(page);
    await treeRow(page, 'power').waitFor({ timeout: 30_000 });

    // L8: an MFA box raised for a terminal and closed by the Command Palette comes back from a notification; one the user's own command raised just closes.
    await statusItem(page).click();
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'prod' }).first().click();
    const box = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: /MFA code for profile "prod"/ }) });
    await box.waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await box.waitFor({ state: 'hidden', timeout: 10_000 });
    await vsc.waitForLog(/The MFA prompt for profile "prod" was dismissed/);
    assert.equal(await page.locator('.notification-list-item', { hasText: /is waiting for the MFA code/ }).count(), 0, 'the user\'s own selection: a silent cancel');
    // prod stays active; a sync without prompts (an edit of the files) gives terminals prod through the window.
    appendFileSync(configPath, '\n# edited\n');
    await vsc.waitForLog(/New terminals act as profile "prod"/);
    await vsc.openTerminal();
    // Debian's AWS CLI v2 (2.9) does not read endpoint_url from the config file: the local endpoint is named on the command line.
    const asking = runInTerminal(vsc, 'mfa-terminal', `out who aws --endpoint-url ${aws.url} sts get-caller-identity --query Arn --output text`, { timeoutMs: 180_000 });
    await box.waitFor({ timeout: 60_000 });
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input.input').waitFor();
    await page.keyboard.press('Escape');
    await clickNotification(page, /A terminal is waiting for the MFA code of profile "prod"/, 'Enter MFA Code');
    await answerInputBox(page, /MFA code for profile "prod"/, DEMO.alice.mfaCode);
    assert.match((await asking).who, /^arn:aws:sts::222222222222:assumed-role\//, 'the terminal\'s command got prod once the code was typed');

    // H1: a launch configuration with its own AWS files keeps them.
    await startDebugging(page, 'tests (fixtures)');
    assert.match(await debugConsoleLine(page, /CONFIG=/), new RegExp(`CONFIG=${join(vsc.workspace, 'test-aws-config').replace(/[.]/g, '\\.')} PROFILE=unset`));
    await vsc.waitForLog(/Debug session "tests \(fixtures\)": AWS Profiles adds no credentials: launch configuration "tests \(fixtures\)" sets AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE itself\./);

    // M1: "awsProfile": "power" while prod is active asks once; allowed, it is remembered.
    await startDebugging(page, 'deploy (power)');
    await answerDialog(page, /Launch configuration "deploy \(power\)" of this workspace asks to act as AWS profile "power"/, 'Allow');
    await vsc.waitForLog(/Debug session "deploy \(power\)" acts as profile "power"/);
    assert.match(await debugConsoleLine(page, /PROFILE=power@vscode/), /CONFIG=.*power-[0-9a-f]{8}\.read-only-copy/);
    const again = vsc.logMark();
    await startDebugging(page, 'deploy (power)');
    await vsc.waitForLog(/Debug session "deploy \(power\)" acts as profile "power"/, { since: again });
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'asked once');
  });
});
