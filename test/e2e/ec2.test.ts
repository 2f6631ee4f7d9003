// Issue 7 in a real VS Code (code-server), driven as a user drives it, against the local
// endpoint with the demo scenario: after assuming prod, its "EC2 Instances" node lists Prod's
// instances (and another region's after Change Region…); an instance's id is copied from its
// context menu; Refresh lists again; Show Caller Identity on default gives account, ARN and user id, after which
// default's node lists Dev's instances. One code-server for the whole file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { poll, withVsCode } from './harness';
import { DEMO } from '../support/localAws';
import { defaultProdFiles, demoAwsForFile } from './fixtures';
import { contextMenu, openProfilesView, pickInQuickPick, runPickingCommand, sidebar, treeRow } from './workbench';

const demoAws = demoAwsForFile();

const fixture = (url: string): Record<string, string> => defaultProdFiles(url);

const PROD = ['prod-api-1', 'prod-api-2', 'prod-api-3', 'prod-api-4', 'prod-worker-1', 'prod-worker-2'];
const PROD_EU = ['prod-eu-1', 'prod-eu-2'];
const DEV = ['dev-web-1', 'dev-web-2', 'dev-web-3'];


/** The labels of the tree's rows now on screen, top to bottom. */
async function rowLabels(page: Page): Promise<string[]> {
  return sidebar(page).locator('.monaco-list-row .label-name').allTextContents();
}

async function waitForRows(page: Page, labels: string[], absent: string[], what: string): Promise<void> {
  await poll(
    async () => {
      const shown = new Set(await rowLabels(page));
      return labels.every((l) => shown.has(l)) && !absent.some((l) => shown.has(l)) ? true : undefined;
    },
    30_000,
    () => `${what}: wanted ${labels.join(', ')} without ${absent.join(', ')}`,
  ).catch(async (e) => {
    throw new Error(`${(e as Error).message}; rows: ${(await rowLabels(page)).join(' | ')}`);
  });
}

test('issue 7: prod lists Prod\'s instances after its assume, Change Region, Copy Instance ID; default lists Dev\'s', { timeout: 600_000 }, async () => {
  const aws = demoAws();
  await withVsCode('ec2', { files: fixture(aws.url) }, async (vsc) => {
    const { page } = vsc;
    await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });
    await openProfilesView(page);
    await waitForRows(page, ['default', 'prod'], ['EC2 Instances'], 'no EC2 node before any credentials are held');

    // Assume prod (MFA), then expand it: its EC2 node lists Prod's instances in us-east-1.
    await runPickingCommand(page, 'AWS Profiles: Assume Role…', 'Assume Role');
    await pickInQuickPick(page, 'prod');
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: /MFA code for profile "prod"/ }).waitFor({ timeout: 30_000 });
    await widget.locator('input.input').fill(DEMO.alice.mfaCode);
    await page.keyboard.press('Enter');
    await vsc.waitForLog(/Assumed profile "prod"/);
    assert.equal(aws.state.callCount('DescribeInstances'), 0, 'nothing listed before the node is expanded');
    await treeRow(page, 'prod').click();
    await treeRow(page, 'EC2 Instances').click();
    await waitForRows(page, PROD, [...DEV, ...PROD_EU], "prod's EC2 node");
    await poll(async () => (/us-east-1 · 6$/.test((await treeRow(page, 'EC2 Instances').textContent()) ?? '') ? true : undefined), 10_000, 'EC2 node description "us-east-1 · 6"');
    assert.match((await treeRow(page, 'prod-api-1').textContent()) ?? '', /i-\w+ · m5\.large · \d+\.\d+\.\d+\.\d+/);
    await vsc.screenshot('ec2-prod');

    // Copy Instance ID from an instance's context menu puts the id on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(vsc.url).origin });
    await contextMenu(page, 'prod-api-1', 'Copy Instance ID');
    const [, copied] = /Copied instance id (i-\w+) \(profile "prod"\)/.exec(await vsc.waitForLog(/Copied instance id i-\w+ \(profile "prod"\)/))!;
    assert.ok(((await treeRow(page, 'prod-api-1').textContent()) ?? '').includes(copied));
    assert.equal(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText()), copied);

    // Refresh on the node lists again.
    const calls = aws.state.callCount('DescribeInstances');
    await contextMenu(page, 'EC2 Instances', 'Refresh');
    await poll(() => (aws.state.callCount('DescribeInstances') > calls ? true : undefined), 10_000, 'a DescribeInstances call after Refresh');
    await waitForRows(page, PROD, [], 'prod after Refresh');

    // Change Region… to eu-west-1 lists Prod's instances there; "Profile's region" goes back.
    await contextMenu(page, 'EC2 Instances', 'Change Region…');
    await widget.locator('.quick-input-title', { hasText: /Change Region/ }).waitFor({ timeout: 20_000 });
    await pickInQuickPick(page, 'eu-west-1');
    await waitForRows(page, PROD_EU, PROD, 'prod in eu-west-1');
    await contextMenu(page, 'EC2 Instances', 'Change Region…');
    await pickInQuickPick(page, "Profile's region");
    await waitForRows(page, PROD, PROD_EU, 'prod back in its own region');

    // Collapse prod; Show Caller Identity on default: account, ARN and user id; default then holds
    // credentials and its EC2 node lists Dev's instances.
    await treeRow(page, 'prod').click();
    await waitForRows(page, ['default', 'prod'], ['EC2 Instances', ...PROD], 'prod collapsed');
    await runPickingCommand(page, 'AWS Profiles: Show Caller Identity…', 'Show Caller Identity');
    await pickInQuickPick(page, 'default');
    const toast = page.locator('.notification-toast', { hasText: 'Profile "default" acts as' }).first();
    await toast.waitFor({ timeout: 30_000 });
    assert.match((await toast.textContent()) ?? '', new RegExp(`acts as ${DEMO.alice.arn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(account ${DEMO.devAccountId}, user id \\w+\\)`));
    await treeRow(page, 'default').click();
    await treeRow(page, 'EC2 Instances').click();
    await waitForRows(page, DEV, PROD, "default's EC2 node");
    await vsc.screenshot('ec2-default');
  });
});
