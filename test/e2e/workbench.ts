// What the end-to-end tests do in the workbench as a user would: the Profiles view and its rows,
// the status-bar item, the palette, quick picks and input boxes.
import type { Page } from 'playwright-core';
import { poll } from './harness';

/** A pattern matching exactly `s`. */
export const exactly = (s: string): RegExp => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

export const sidebar = (page: Page) => page.locator('#workbench\\.parts\\.sidebar');

/** The Profiles view's row whose label is `label` (exactly, or matching a pattern). */
export const treeRow = (page: Page, label: string | RegExp) =>
  sidebar(page)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: typeof label === 'string' ? exactly(label) : label }) })
    .first();

/** The extension's status-bar item (the key icon). */
export const statusItem = (page: Page) => page.locator('.statusbar-item').filter({ has: page.locator('.codicon-key') }).first();

/** Opens the Profiles view from the activity bar and waits for its first row (or, with `rows` false, for nothing). */
export async function openProfilesView(page: Page, rows = true): Promise<void> {
  await page.locator('.activitybar .action-item a[aria-label^="AWS Profiles"]').first().click();
  if (rows) await sidebar(page).locator('.monaco-list-row').first().waitFor({ timeout: 30_000 });
}

/** Picks `label` in the open quick pick by typing it and clicking its row. */
export async function pickInQuickPick(page: Page, label: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('input.input').fill(label);
  await widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.quick-input-list-label .label-name', { hasText: exactly(label) }) })
    .first()
    .click({ timeout: 20_000 });
}

/**
 * Runs a palette command that opens a picker (the harness's runCommand waits for the palette to
 * close, which it does not here) and waits for the picker titled `pickerTitle`.
 */
export async function runPickingCommand(page: Page, title: string, pickerTitle: string | RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  if (await widget.isVisible()) await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await widget.locator('input.input').fill(`>${title}`);
  await widget.locator('.monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  await widget.locator('.quick-input-title', { hasText: pickerTitle }).waitFor({ timeout: 20_000 });
}

/** Types into the open input box (the MFA prompt) and presses Enter. */
export async function answerInputBox(page: Page, title: RegExp, text: string, timeoutMs = 30_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: timeoutMs });
  await widget.locator('input.input').fill(text);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 20_000 });
}

/** Answers a modal dialog whose message matches `message` with the button labelled `button`, and waits until it is gone. */
export async function answerDialog(page: Page, message: RegExp, button: string, timeoutMs = 30_000): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: message });
  await dialog.waitFor({ timeout: timeoutMs });
  await dialog.locator('.monaco-button', { hasText: button }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: 20_000 });
}

/** Selects a profile (or "No profile") in the status bar's picker. */
export async function selectInStatusBar(page: Page, label: string): Promise<void> {
  await statusItem(page).click();
  await pickInQuickPick(page, label);
}

/** Waits until the status bar shows `profile` with a lifetime. */
export async function waitForStatus(page: Page, profile: string, timeoutMs = 30_000): Promise<void> {
  // `prod 47m`, `prod 1h 05m`, or `prod <1m` for the shortest sessions.
  const pattern = new RegExp(`^\\s*${profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} <?\\d+(h|m)`);
  await poll(async () => (pattern.test((await statusItem(page).textContent()) ?? '') ? true : undefined), timeoutMs, `the status bar showing ${profile} with its lifetime`);
}

/** Makes the terminal whose tab reads `name` the active one (typing goes to the active terminal). */
export async function focusTerminalTab(page: Page, name: string): Promise<void> {
  const tab = page.locator('.terminal-tabs-entry', { hasText: name }).first();
  await tab.waitFor({ timeout: 30_000 });
  await poll(
    async () => {
      await tab.click();
      const active = page.locator('.monaco-list-row.selected .terminal-tabs-entry, .monaco-list-row.focused .terminal-tabs-entry', { hasText: name });
      return (await active.count()) > 0 ? true : undefined;
    },
    20_000,
    `the "${name}" terminal became the active one`,
    500,
  );
}

/** Right-clicks a tree row and runs the context-menu entry `entry` (hovered, then Enter: the menu ignores a click right after it opens). */
export async function contextMenu(page: Page, row: string, entry: string): Promise<void> {
  await treeRow(page, row).click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item', { has: page.locator('.action-label', { hasText: exactly(entry) }) }).first();
  await item.hover({ timeout: 20_000 });
  await poll(async () => ((await item.evaluate((e) => e.classList.contains('focused'))) ? true : undefined), 5_000, `menu entry "${entry}" focused`);
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Runs a launch configuration by name through the palette's `debug ` quick access. */
export async function startDebugging(page: Page, name: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  if (await widget.isVisible()) await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await widget.locator('input.input').fill(`debug ${name}`);
  await widget.locator('.monaco-list-row', { hasText: name }).first().click({ timeout: 20_000 });
}

/** Waits for a line of the debug console that matches `pattern`; returns its text. */
export async function debugConsoleLine(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const row = page.locator('.repl .monaco-list-row', { hasText: pattern }).first();
  await row.waitFor({ timeout: timeoutMs }).catch(async (e) => {
    throw new Error(`${(e as Error).message}\nthe debug console: ${(await page.locator('.repl').textContent().catch(() => '')) ?? ''}`);
  });
  return (await row.textContent()) ?? '';
}

/**
 * Clicks `button` of the notification whose message matches `message`, in the notification center
 * (a toast may have been hidden already; the center keeps it), and closes the center.
 */
export async function clickNotification(page: Page, message: RegExp, button: string, timeoutMs = 30_000): Promise<void> {
  const item = page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item', { hasText: message }).first();
  await poll(
    async () => {
      if (await item.isVisible()) return true;
      // Not as a toast: in the notification center.
      if (!(await page.locator('.notifications-center').isVisible())) {
        const widget = page.locator('.quick-input-widget');
        await page.keyboard.press('F1');
        await widget.locator('input.input').fill('>Notifications: Show Notifications');
        await widget.locator('.monaco-list-row', { hasText: 'Notifications: Show Notifications' }).first().click({ timeout: 10_000 }).catch(() => page.keyboard.press('Escape'));
      }
      return (await item.isVisible()) ? true : undefined;
    },
    timeoutMs,
    `a notification matching ${message}`,
  );
  await item.locator('.monaco-button', { hasText: button }).first().click();
  await item.waitFor({ state: 'hidden', timeout: 20_000 });
}

/** Puts the cursor of the active editor at line:column (1-based), as Go to Line does, until the status bar says it is there. */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const there = page.locator('.statusbar-item', { hasText: new RegExp(`^\\s*Ln ${line}, Col ${column}\\s*$`) }).first();
  await poll(
    async () => {
      await page.keyboard.press('Control+G');
      const input = widget.locator('input.input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill(`:${line}:${column}`);
      await widget.filter({ hasText: new RegExp(`line ${line}`, 'i') }).first().waitFor({ timeout: 5_000 }).catch(() => undefined);
      await page.keyboard.press('Enter');
      // Once Go to Line has closed, the status bar says where the cursor went; not there yet: again.
      await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      return there.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => undefined,
      );
    },
    30_000,
    `the cursor at line ${line}, column ${column}`,
    500,
  );
}

/**
 * The page VS Code opened in the browser (`opened`: the context's next page), confirming code-server's
 * "Open" dialog first where it asks before opening a link outside the window (an untrusted domain).
 */
export async function openedPage(page: Page, opened: Promise<Page>): Promise<Page> {
  const dialog = page.locator('.monaco-dialog-box');
  const popup = await Promise.race([opened, dialog.waitFor({ timeout: 30_000 }).then(() => undefined)]);
  if (popup) return popup;
  await dialog.locator('.monaco-button', { hasText: /^Open$/ }).first().click();
  return opened;
}
