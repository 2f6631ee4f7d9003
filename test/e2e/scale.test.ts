// Issue 4 at scale, in a real VS Code: 5,002 profiles (the bench's sample: 500 accounts × 10 roles
// through one MFA hub) open in the Profiles view, scroll to the end and back, and are found by
// typing in the picker. Only behaviour is checked here; `npm run bench` measures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateConfig } from '../../bench/profilesBench';
import { withVsCode } from './harness';
import { sidebar, treeRow } from './workbench';


test('issue 4: 5,002 profiles open, scroll to the end and back, and are found by typing in the picker', { timeout: 300_000 }, async () => {
  const { config, credentials } = generateConfig();
  await withVsCode('scale', { files: { '.aws/config': config, '.aws/credentials': credentials } }, async (vsc) => {
    const { page } = vsc;
    await page.locator('.activitybar .action-item a[aria-label^="AWS Profiles"]').first().click();
    await vsc.waitForLog(/Read 5002 profile\(s\)/, { timeoutMs: 60_000 });
    await treeRow(page, 'default').waitFor({ timeout: 30_000 });

    // The list focused without a click on a row: a click expands a profile, and the key items of
    // "default" come back from IAM a moment later, two rows more above that push the list's end below
    // the view if they land after End (the floor build in CI, 2026-12-06).
    const widget = page.locator('.quick-input-widget');
    await page.keyboard.press('F1');
    await widget.locator('input.input').fill('>AWS Profiles: Focus on Profiles View');
    await widget.locator('.monaco-list-row', { hasText: 'Focus on Profiles View' }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await sidebar(page).locator('.monaco-list:focus-within').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('End');
    await treeRow(page, 'acct499-role9').waitFor({ timeout: 30_000 });
    assert.equal(await treeRow(page, 'default').count(), 0, 'the list is virtualised: the first row is gone at the end');
    await page.keyboard.press('Home');
    await treeRow(page, 'default').waitFor({ timeout: 30_000 });

    await page.keyboard.press('F1');
    await widget.locator('input.input').fill('>AWS Profiles: Select Active Profile');
    await widget.locator('.monaco-list-row', { hasText: 'Select Active Profile' }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await widget.locator('input.input').fill('acct250-role5');
    const row = widget.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^acct250-role5$/ }) });
    await row.first().waitFor({ timeout: 30_000 });
    assert.equal(await widget.locator('.monaco-list-row').count(), 1, 'typing filters the 5,002 profiles down to one');
    await page.keyboard.press('Escape');
  });
});
