// Issue 23 in a real VS Code (code-server): guarding production. The Prod account is guarded (red,
// asks first, a 30-minute time box) and the Dev user is the default profile. Selecting prod asks
// "Act as prod (222222222222) in this window?"; the status bar takes the error background and an
// "AWS: prod" terminal a red tab (both read from the DOM); the guards' clock (the test build's, which
// the harness installs, moved forward through a file) brings the warning with Extend / End Now, then
// the end of the time box, held back while a command runs in a terminal that would lose prod; then
// the window acts as the Dev user again: a new terminal is alice, the "AWS: prod" terminal opened
// before is still prod. A reload keeps a period and its end; a profile that looks like production is
// proposed for a guard.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { DEMO, demoScenario, startLocalAws, type LocalAws } from '../support/localAws';
import { defaultProdFiles } from './fixtures';
import { AWS_CLI, poll, runInTerminal, withVsCode, type VsCode } from './harness';
import { answerDialog, focusTerminalTab, pickInQuickPick, runPickingCommand, selectInStatusBar, statusItem } from './workbench';

let aws: LocalAws | undefined;
let clockDir: string | undefined;
afterEach(async () => {
  await aws?.close();
  if (clockDir) rmSync(clockDir, { recursive: true, force: true });
});

const MIN = 60_000;
const PROD_ROLE = /^arn:aws:sts::222222222222:assumed-role\/CrossAccountPowerUser\/aws-profiles-\d+$/;

/** Waits until the status bar's text matches `pattern`; returns it. */
function statusText(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  let last = '';
  return poll(
    async () => {
      last = ((await statusItem(page).textContent()) ?? '').trim();
      return pattern.test(last) ? last : undefined;
    },
    timeoutMs,
    () => `the status bar matching ${pattern} (it reads "${last}")`,
  );
}

/** What the page's functions below use of the DOM (the project compiles without the DOM's types). */
interface Dom {
  document: { createElement(tag: string): { style: { color: string }; remove(): void }; querySelector(selector: string): { appendChild(node: unknown): void } | null };
  getComputedStyle(element: unknown): { color: string; backgroundColor: string };
}

/** A colour as the browser computes it (rgb(…)) for a CSS value such as `var(--vscode-terminal-ansiRed)`. */
function resolvedColor(page: Page, value: string): Promise<string> {
  return page.evaluate((v) => {
    const dom = globalThis as unknown as Dom;
    const probe = dom.document.createElement('div');
    probe.style.color = v;
    dom.document.querySelector('.monaco-workbench')!.appendChild(probe);
    const color = dom.getComputedStyle(probe).color;
    probe.remove();
    return color;
  }, value);
}

/** A computed style property of an element. */
function computed(locator: Locator, property: 'color' | 'backgroundColor'): Promise<string> {
  return locator.evaluate((el, p) => (globalThis as unknown as Dom).getComputedStyle(el)[p], property);
}

/** A notification toast whose text matches `pattern`. */
const toast = (page: Page, pattern: RegExp) => page.locator('.notifications-toasts .notification-toast', { hasText: pattern }).first();

/** Who the active terminal acts as: the ARN `aws sts get-caller-identity` prints, or the AWS CLI's error. */
async function whoAmI(vsc: VsCode, name: string): Promise<string> {
  const out = await runInTerminal(vsc, name, String.raw`out who ${AWS_CLI} sts get-caller-identity --endpoint-url "${aws!.url}" --query Arn --output text`);
  return out.who;
}

test('issue 23: prod asks first and shows red; after its time box the window acts as the Dev user again while the "AWS: prod" terminal keeps prod', { timeout: 900_000 }, async () => {
  aws = await startLocalAws({ scenario: demoScenario() });
  clockDir = mkdtempSync(join(tmpdir(), 'awsp-guard-clock-'));
  const clock = join(clockDir, 'clock.json');
  /** Moves the guards' clock to `minutes` after the real one (the test build watches the file). */
  const setClock = (minutes: number) => writeFileSync(clock, JSON.stringify({ offsetMs: minutes * MIN }));
  setClock(0);
  await withVsCode(
    'guard',
    {
      files: defaultProdFiles(aws.url, {
        prodRoleArn: DEMO.powerUserRoleArn,
        // A profile that looks like production and that no entry guards (IAM user keys: its account is not known before it is used).
        extraConfig: (url) => `[profile prd-tools]\nregion = us-east-1\nendpoint_url = ${url}\n`,
        extraCredentials: `[prd-tools]\naws_access_key_id = ${DEMO.bob.accessKeyId}\naws_secret_access_key = ${DEMO.bob.secretAccessKey}\n`,
      }),
      settings: {
        'awsProfiles.guard': [{ account: DEMO.prodAccountId, color: 'red', confirm: true, maxActiveMinutes: 30 }],
        'awsProfiles.defaultProfile': 'default',
      },
      env: { AWS_PROFILES_TEST_CLOCK_FILE: clock },
    },
    async (vsc) => {
      const { page } = vsc;
      // A workspace that never chose a profile starts with the default one, the Dev user.
      await vsc.waitForLog(/The window starts with the default profile "default" \(awsProfiles\.defaultProfile\)\./, { timeoutMs: 60_000 });
      await statusText(page, /^default\b/);
      const none = await computed(statusItem(page), 'backgroundColor');

      // Selecting prod asks first, in a modal naming its account; then the status bar is red and names the account.
      await selectInStatusBar(page, 'prod');
      await answerDialog(page, /Act as prod \(222222222222\) in this window\?/, 'Act as prod');
      assert.match(await statusText(page, /^prod \d+m · 222222222222$/), /^prod \d+m · 222222222222$/);
      await vsc.waitForLog(/Acting as the guarded profile "prod" \(account 222222222222\) in this window \(select, confirmed\) until /);
      const errorBackground = await resolvedColor(page, 'var(--vscode-statusBarItem-errorBackground)');
      assert.notEqual(errorBackground, none, 'the theme has an error background of its own');
      await poll(async () => ((await computed(statusItem(page), 'backgroundColor')) === errorBackground ? true : undefined), 20_000, 'the status bar item with statusBarItem.errorBackground');

      // A terminal of its own as prod: no second question within the period.
      await runPickingCommand(page, 'AWS Profiles: Open Terminal with Profile…', /Open Terminal with Profile/);
      await pickInQuickPick(page, 'prod');
      await vsc.waitForLog(/Opened a terminal for profile "prod" served by this window\./);
      assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no question within the activation period');
      assert.match(await whoAmI(vsc, 'own-prod'), PROD_ROLE);

      // A terminal fed by the window's collection acts as prod too (and with two terminals VS Code lists their tabs).
      await vsc.openTerminal();
      assert.match(await whoAmI(vsc, 'collection-prod'), PROD_ROLE);

      // The tab of the terminal of its own: red, with a shield, named for what it keeps.
      const tab = page.locator('.terminal-tabs-entry', { hasText: 'AWS: prod (until closed)' }).first();
      await tab.waitFor({ timeout: 30_000 });
      const icon = tab.locator('.codicon').first();
      assert.match((await icon.getAttribute('class')) ?? '', /codicon-shield/);
      assert.equal(await computed(icon, 'color'), await resolvedColor(page, 'var(--vscode-terminal-ansiRed)'), 'the tab in terminal.ansiRed');

      // 26 minutes in: the warning, with Extend and End Now.
      setClock(26);
      const warning = toast(page, /Profile "prod" ends in \d min in this window: then it acts as "default"\./);
      await warning.waitFor({ timeout: 30_000 });
      for (const button of ['Extend', 'End Now']) assert.equal(await warning.locator('.monaco-button', { hasText: button }).count(), 1, button);

      // A command runs in the collection's terminal (the active one), which would lose prod: the end of the time box waits for it.
      const started = join(vsc.sandbox, 'loop-started');
      const stop = join(vsc.sandbox, 'loop-stop');
      await vsc.typeInTerminal(`echo started > '${started}'; while [ ! -f '${stop}' ]; do sleep 0.2; done`);
      await vsc.waitForFile(started);
      // The window has heard of the command (shell integration's event reaches it after the shell ran it).
      await vsc.waitForLog(/A command runs in terminal "(bash|sleep)", which would lose profile "prod": the end of its time box waits for it\./);
      setClock(31);
      // The terminal as its tab reads now (VS Code names it after the running process).
      await vsc.waitForLog(/The time box of profile "prod" is over, but a command still runs in terminal "(bash|sleep)": this window acts as "default" once it ends\./);
      assert.match(await statusText(page, /^prod\b/), /^prod /, 'still prod while the command runs');

      // The command ends: the window acts as the Dev user again, with no background; the own terminal keeps prod.
      writeFileSync(stop, '');
      await vsc.waitForLog(/The time box of profile "prod" is over: this window acts as "default" again\. "AWS: prod \(until closed\)" keeps "prod" until closed\./);
      await statusText(page, /^default\b/);
      assert.equal(await computed(statusItem(page), 'backgroundColor'), none);
      await vsc.waitForLog(/New terminals act as profile "default"/);

      // The collection's terminal opened as prod lost it with the window (its next request is refused).
      assert.match(await whoAmI(vsc, 'collection-after'), /no longer the active profile of this VS Code window \("default" is\)/);
      await vsc.openTerminal();
      assert.equal(await whoAmI(vsc, 'new-dev'), DEMO.alice.arn, 'a new terminal acts as the Dev user');
      await focusTerminalTab(page, 'AWS: prod');
      assert.match(await whoAmI(vsc, 'own-prod-after'), PROD_ROLE, 'the "AWS: prod" terminal opened before still acts as prod');

      // Selecting prod again asks again: the period ended with the time box.
      await selectInStatusBar(page, 'prod');
      await answerDialog(page, /Act as prod \(222222222222\) in this window\?/, 'Cancel');
      await vsc.waitForLog(/Did not act as the guarded profile "prod" \(select\): not confirmed\./);
      await statusText(page, /^default\b/);

      // A reload within a period keeps prod without asking and without a new time box; its end still comes.
      await selectInStatusBar(page, 'prod');
      await answerDialog(page, /Act as prod \(222222222222\) in this window\?/, 'Act as prod');
      await statusText(page, /^prod \d+m · 222222222222$/);
      // (Terminals of their own are transient: VS Code does not bring them back, so the reload waits for none.)
      await vsc.runCommand('Terminal: Kill All Terminals');
      await poll(async () => ((await page.locator('.terminal-wrapper').count()) === 0 ? true : undefined), 20_000, 'every terminal closed');
      const reloaded = await vsc.reloadWindow();
      await vsc.waitForLog(/activated in \d+ ms/, { since: reloaded, timeoutMs: 60_000 });
      await statusText(page, /^prod\b.*· 222222222222$/);
      assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no question after a reload within the period');
      setClock(62);
      await vsc.waitForLog(/The time box of profile "prod" is over: this window acts as "default" again\./, { since: reloaded });
      await statusText(page, /^default\b/);

      // The first use of a profile that looks like production and no entry guards proposes a guard; "Guard It" adds one.
      await selectInStatusBar(page, 'prd-tools');
      const proposal = toast(page, /"prd-tools" looks like a production profile\. Guard it\?/);
      await proposal.waitFor({ timeout: 30_000 });
      await proposal.locator('.monaco-button', { hasText: 'Guard It' }).click();
      await vsc.waitForLog(/Guarded profile "prd-tools" \(added to awsProfiles\.guard in your user settings\)\./);
      const settings = JSON.parse(readFileSync(join(vsc.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(settings['awsProfiles.guard'], [
        { account: DEMO.prodAccountId, color: 'red', confirm: true, maxActiveMinutes: 30 },
        { profile: 'prd-tools', color: 'red', confirm: true },
      ]);
      await poll(async () => ((await computed(statusItem(page), 'backgroundColor')) === errorBackground ? true : undefined), 20_000, 'prd-tools guarded at once: the error background');
    },
  );
});
