// The VS Code experience of issue 4, driven as a user drives it in a real VS Code (code-server):
// the tree shows the fixture's profiles and chains; picking prod in the status bar asks for
// the MFA code; a new terminal's AWS CLI acts as prod's role; a config edit and a broken file show
// up in the tree while other profiles still work; a reload keeps credentials and countdown; no
// issued secret is ever written under the test HOME or VS Code's data folder.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { appendOnFirstRead, AWS_CLI, filesUnder, outputTo, poll, withVsCode } from './harness';
import { DEMO } from '../support/localAws';
import { defaultProdFiles, demoAwsForFile } from './fixtures';
import { answerInputBox, focusTerminalTab, openProfilesView, pickInQuickPick, runPickingCommand, sidebar, statusItem, treeRow } from './workbench';

const demoAws = demoAwsForFile();

const fixture = (url: string): Record<string, string> =>
  defaultProdFiles(url, {
    extraConfig: (u) => `[profile power]
role_arn = ${DEMO.powerUserRoleArn}
source_profile = default
region = us-east-1
endpoint_url = ${u}

[profile audit]
role_arn = ${DEMO.chainedRoleArn}
source_profile = power
endpoint_url = ${u}

[profile loop-a]
role_arn = arn:aws:iam::111111111111:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::111111111111:role/b
source_profile = loop-a
`,
  });

test('profiles tree, status-bar picker with MFA, terminal credentials, live edits, reload, no secret on disk', { timeout: 600_000 }, async () => {
  const aws = demoAws();
  // AWS_PROFILE inherited from VS Code's own environment: terminals must still act as the selected profile.
  await withVsCode('experience', { files: fixture(aws.url), env: { AWS_PROFILE: 'default' } }, async (vsc) => {
    const { page } = vsc;
    await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });

    // The tree: every profile, prod's chain hop by hop, the cycle as a problem under its profile.
    await openProfilesView(page);
    for (const name of ['default', 'prod', 'power', 'audit', 'loop-a', 'loop-b']) await treeRow(page, name).waitFor({ timeout: 30_000 });
    await treeRow(page, 'prod').click();
    await treeRow(page, 'prod → default').waitFor({ timeout: 10_000 });
    assert.match((await treeRow(page, 'prod → default').textContent()) ?? '', /needs MFA/);
    await treeRow(page, 'loop-a').click();
    await treeRow(page, /loop/i).waitFor();
    await poll(async () => ((await sidebar(page).locator('.monaco-list-row', { hasText: /cycle|infinite|loop-a → loop-b|Circular/i }).count()) > 0 ? true : undefined), 10_000, 'the cycle problem under loop-a');
    await vsc.screenshot('experience-tree');

    // The status bar: pick prod, type the MFA code in the prompt.
    await statusItem(page).click();
    await pickInQuickPick(page, 'prod');
    await answerInputBox(page, /MFA code for profile "prod"/, DEMO.alice.mfaCode);
    await poll(async () => (/prod \d+(h|m)/.test((await statusItem(page).textContent()) ?? '') ? true : undefined), 30_000, 'status bar showing prod with its lifetime');
    await vsc.waitForLog(/Active profile: prod\./);

    // A new terminal acts as prod's role, through Debian's AWS CLI.
    await vsc.openTerminal();
    const arnFile = join(vsc.home, 'arn.txt');
    await vsc.typeInTerminal(outputTo(arnFile, `${AWS_CLI} --endpoint-url ${aws.url} sts get-caller-identity --query Arn --output text`));
    assert.match(await vsc.waitForFile(arnFile, 60_000), /^arn:aws:sts::222222222222:assumed-role\/ProdAdmin\//);
    // Kept outside HOME and the data folder, for the secret scan below.
    // The marker profile of the terminals' copy of the config file; no region in the environment (issue 10).
    await vsc.typeInTerminal(`echo "$AWS_PROFILE \${AWS_REGION:-none}" > ${vsc.sandbox}/env.txt`);
    assert.equal(await vsc.waitForFile(join(vsc.sandbox, 'env.txt')), 'prod@vscode none\n');

    // A config edit shows up in the tree.
    const config = join(vsc.home, '.aws', 'config');
    appendFileSync(config, '\n[profile added-later]\nregion = eu-north-1\n');
    await treeRow(page, 'added-later').waitFor({ timeout: 15_000 });

    // A broken file: its problem at the top, other profiles still work.
    appendFileSync(config, 'this line is not ini\n');
    await brokenFile(page).waitFor({ timeout: 15_000 });
    await treeRow(page, 'power').waitFor();
    await runPickingCommand(page, 'AWS Profiles: Show Caller Identity…', 'Show Caller Identity');
    await pickInQuickPick(page, 'power');
    await vsc.waitForLog(/Caller identity of "power": account 222222222222/, { timeoutMs: 30_000 });
    writeBack(config);
    // The file written back shows: the window before the reload is done with it.
    await poll(async () => ((await brokenFile(page).count()) === 0 ? true : undefined), 15_000, 'the problem of the broken line gone');

    // A reload keeps the credentials and the countdown: no MFA prompt, the status bar counts down.
    // Issue 26: an edit written the moment the new extension host has first read the config file
    // (the Profiles view open) shows in the view; it was lost while VS Code's watcher was not up yet.
    // (Not keyed on the log's "Read N profile(s)": at activation that line reaches the file later, with
    // the lines before it, by when the watch was up.)
    const edit = appendOnFirstRead(config, '\n[profile after-reload]\nregion = eu-west-1\n');
    await edit.armed;
    const reloaded = await vsc.reloadWindow().catch((e: unknown) => {
      edit.cancel();
      throw e;
    });
    await edit.appended;
    await vsc.waitForLog(/activated in \d+ ms/, { since: reloaded, timeoutMs: 60_000 });
    await treeRow(page, 'after-reload')
      .waitFor({ timeout: 15_000 })
      .catch((e: Error) => {
        throw new Error(`a profile written the moment the reloaded window first read the config file never showed in the view: ${e.message}\nthe log since the reload:\n${vsc.readLog(reloaded)}`, { cause: e });
      });
    await poll(async () => (/prod \d+(h|m)/.test((await statusItem(page).textContent()) ?? '') ? true : undefined), 30_000, 'status bar showing prod after reload');
    assert.equal(await page.locator('.quick-input-widget .quick-input-title', { hasText: /MFA/ }).isVisible(), false);
    // Before a new terminal: VS Code relaunches a terminal that the collection changes under it
    // before it is used. This window's extension host must have given it (the one before the
    // reload may or may not have logged the file written back before it went).
    await vsc.waitForLog(/New terminals act as profile "prod" \(AWS_PROFILE=prod@vscode/, { since: reloaded });
    await vsc.openTerminal();
    const arn2 = join(vsc.home, 'arn2.txt');
    await vsc.typeInTerminal(outputTo(arn2, `${AWS_CLI} --endpoint-url ${aws.url} sts get-caller-identity --query Arn --output text`));
    assert.match(await vsc.waitForFile(arn2, 60_000), /^arn:aws:sts::222222222222:assumed-role\/ProdAdmin\//);
    assert.equal(aws.state.issuedCredentials().filter((k) => k.issuedBy === 'AssumeRole' && k.identity.arn.includes('ProdAdmin')).length >= 1, true);

    // A terminal of its own for another profile, named after it.
    await runPickingCommand(page, 'AWS Profiles: Open Terminal with Profile…', 'Open Terminal with Profile');
    await pickInQuickPick(page, 'power');
    await focusTerminalTab(page, 'AWS: power');
    // It acts as power, while prod stays the active profile (the window's collection is not applied to it).
    const arn3 = join(vsc.home, 'arn3.txt');
    await vsc.typeInTerminal(outputTo(arn3, `${AWS_CLI} --endpoint-url ${aws.url} sts get-caller-identity --query Arn --output text`));
    assert.match(await vsc.waitForFile(arn3, 60_000), /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\//);
    // And a new terminal of the window still acts as prod.
    await vsc.openTerminal();
    const arn4 = join(vsc.home, 'arn4.txt');
    await vsc.typeInTerminal(outputTo(arn4, `${AWS_CLI} --endpoint-url ${aws.url} sts get-caller-identity --query Arn --output text`));
    assert.match(await vsc.waitForFile(arn4, 60_000), /^arn:aws:sts::222222222222:assumed-role\/ProdAdmin\//);

    // No issued secret or token in any file under HOME or VS Code's data folder.
    const secrets = aws.state.issuedCredentials().flatMap((k) => [k.secretAccessKey, k.sessionToken ?? '']).filter((s) => s.length > 0);
    assert.ok(secrets.length > 0);
    for (const file of [...filesUnder(vsc.home), ...filesUnder(vsc.userDataDir)]) {
      const text = readFileSync(file, 'latin1');
      for (const s of secrets) assert.ok(!text.includes(s), `an issued secret was written to ${file}`);
    }
  });
});

/** The problem at the top of the view while the config file is broken. */
const brokenFile = (page: Page) => sidebar(page).locator('.monaco-list-row', { hasText: /every aws command fails/ }).first();

/** Removes the broken line again (the reload below works on a valid file). */
function writeBack(config: string): void {
  const text = readFileSync(config, 'utf8').replace('this line is not ini\n', '');
  writeFileSync(config, text);
}
