// Issue 14 in a real VS Code (code-server), as a new user meets the extension: with no ~/.aws folder
// at all, `aws configure set …` in the integrated terminal (Debian's AWS CLI) creates the folder and
// its files, and the profile appears in the view, the status bar and new terminals without a reload.
// And in a window whose workspace is not trusted (Restricted Mode), the status bar and a terminal's
// credentials work, while the workspace's own awsProfiles.terminal.credentials is ignored.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEMO } from '../support/localAws';
import { defaultProdFiles, demoAwsForFile } from './fixtures';
import { AWS_CLI, poll, runInTerminal, withVsCode } from './harness';
import { openProfilesView, selectInStatusBar, sidebar, statusItem, treeRow, waitForStatus } from './workbench';

const demoAws = demoAwsForFile();

test('issue 14: with no ~/.aws, `aws configure set` in the terminal makes the profile appear without a reload; the status bar and a new terminal follow', { timeout: 600_000 }, async () => {
  const aws = demoAws();
  await withVsCode('first-run', { awsFolder: false }, async (vsc) => {
    const { page } = vsc;
    assert.equal(existsSync(join(vsc.home, '.aws')), false);
    await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });

    // The welcome view of a user with no files.
    await openProfilesView(page, false);
    await sidebar(page).getByText('No AWS profile yet.').waitFor({ timeout: 30_000 });
    const beforeConfigure = vsc.logMark();

    // What `aws configure` asks for, set one value at a time (it creates ~/.aws and both files).
    await vsc.openTerminal();
    const configured = await runInTerminal(
      vsc,
      'configure',
      `out keyid ${AWS_CLI} configure set aws_access_key_id ${DEMO.alice.accessKeyId}
out secret ${AWS_CLI} configure set aws_secret_access_key ${DEMO.alice.secretAccessKey}
out region ${AWS_CLI} configure set region us-east-1
`,
    );
    assert.deepEqual(configured, { keyid: '', secret: '', region: '' });
    assert.ok(existsSync(join(vsc.home, '.aws', 'credentials')) && existsSync(join(vsc.home, '.aws', 'config')));

    // The profile appears, with no reload of the window.
    await treeRow(page, 'default').waitFor({ timeout: 15_000 });
    assert.equal(await sidebar(page).getByText('No AWS profile yet.').count(), 0);
    assert.doesNotMatch(vsc.readLog(beforeConfigure), /activated in \d+ ms/, 'the extension was not activated again');
    assert.equal(vsc.logFiles().length, beforeConfigure.sizes.size, 'no other extension host');

    // The status bar picks it, and a new terminal acts as it.
    await selectInStatusBar(page, 'default');
    // Long-term keys: the name and no lifetime.
    await poll(async () => ((await statusItem(page).textContent())?.trim() === 'default' ? true : undefined), 30_000, 'the status bar showing default');
    await vsc.openTerminal();
    const after = await runInTerminal(vsc, 'identity', `out arn ${AWS_CLI} sts get-caller-identity --endpoint-url '${aws.url}' --query Arn --output text\n`);
    assert.equal(after.arn, DEMO.alice.arn);
    await vsc.screenshot('first-run-configured');
  });
});

test('issue 14: in Restricted Mode the status bar and a terminal\'s credentials work; the workspace\'s terminal.credentials is ignored', { timeout: 600_000 }, async () => {
  const aws = demoAws();
  // A repository that asks for keys in the terminals' environment (a restricted setting).
  const workspace = mkdtempSync(join(tmpdir(), 'awsp-untrusted-'));
  mkdirSync(join(workspace, '.vscode'));
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'awsProfiles.terminal.credentials': 'environment' }));
  try {
    const files = defaultProdFiles(aws.url, { prodRoleArn: DEMO.powerUserRoleArn });
    await withVsCode('restricted-mode', { files, workspace, trusted: false }, async (vsc) => {
      const { page } = vsc;
      // VS Code says the window is in Restricted Mode.
      await page.locator('.statusbar-item').filter({ hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
      await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });

      await selectInStatusBar(page, 'prod');
      await waitForStatus(page, 'prod');
      await vsc.waitForLog(/Active profile: prod\./);
      await vsc.openTerminal();
      const out = await runInTerminal(
        vsc,
        'restricted',
        `out arn ${AWS_CLI} sts get-caller-identity --endpoint-url '${aws.url}' --query Arn --output text
out secret bash -c 'echo "\${AWS_SECRET_ACCESS_KEY-unset}"'
out profile bash -c 'echo "\${AWS_PROFILE-unset}"'
`,
      );
      assert.match(out.arn, /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\//);
      // The user's default (endpoint) mode, not the workspace's: no key in the environment.
      assert.equal(out.secret, 'unset');
      assert.match(out.profile, /^prod@/);
      await vsc.screenshot('restricted-mode');
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
});
