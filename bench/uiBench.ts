import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO, demoScenario, startLocalAws } from '../test/support/localAws';
import { defaultProdFiles } from '../test/e2e/fixtures';
import { AWS_CLI, poll, runInTerminal, startVsCode, type VsCode, type VsCodeBuild } from '../test/e2e/harness';
import { exactly, selectInStatusBar, sidebar, waitForStatus } from '../test/e2e/workbench';
import { generateConfig } from './profilesBench';
import { median } from './stats';

// What a user waits for in the window, each as a ratio to a part of VS Code doing comparable work in
// the same window, the two taking turns round after round (absolute times on a shared machine vary
// from run to run; the ratio of two measured together much less). Times are read in the page: the
// moment a state shows in the DOM (a MutationObserver's callback, before the frame is painted).

/** Keys that start what is measured without the command palette (whose own rows would count as the picker's). */
const KEYS = {
  selectProfile: 'ctrl+alt+shift+1',
  goToFile: 'ctrl+alt+shift+2',
  reload: 'ctrl+alt+shift+3',
  openNotes: 'ctrl+alt+shift+4',
} as const;
/** A keybinding's key as Playwright presses it. */
const press = (key: string): string => key.replace('ctrl', 'Control').replace('alt', 'Alt').replace('shift', 'Shift');

/** The prefix Go to File opens with: every one of the workspace's 5,000 files matches it, as every profile shows in the picker. */
const FILE_PREFIX = 'acct';
/** Four letters typed into each picker (a profile `acct42-role0`, a file `acct42-role0.json`). */
const FILTER = '42-r';

/**
 * The page side, installed in every document of the window (so across a reload): `arm` watches the
 * DOM for a state and notes when it first held and when the watched part last changed while it
 * held; `marks` notes, after a reload, when the status bar first showed each item watched.
 */
const PAGE_SIDE = String.raw`(() => {
  if (window.__awspBench) return;
  const B = (window.__awspBench = { watch: null, marks: {} });
  const widget = () => document.querySelector('.quick-input-widget');
  const shown = (el) => !!el && el.style.display !== 'none' && el.offsetParent !== null;
  const labels = (root, sel) => [...root.querySelectorAll(sel + ' .monaco-list-row .label-name')];
  const states = {
    // The quick input open with a row whose label matches the pattern.
    rows: (pattern) => { const w = widget(); return shown(w) && labels(w, '.quick-input-list').some((l) => pattern.test(l.textContent)); },
    // The quick input's first row highlighting every character typed (the list filtered by the whole query).
    filtered: () => {
      const w = widget();
      if (!shown(w)) return false;
      const query = (w.querySelector('input.input')?.value ?? '').replace(/\s/g, '');
      const first = w.querySelector('.quick-input-list .monaco-list-row[data-index="0"] .label-name');
      if (!first || query === '') return false;
      let n = 0;
      for (const h of first.querySelectorAll('.highlight')) n += h.textContent.length;
      return n === query.length;
    },
    // A row of the side bar (Explorer, Profiles view) labelled exactly so.
    sideRow: (text) => labels(document.querySelector('#workbench\\.parts\\.sidebar') ?? document, '').some((l) => l.textContent.trim() === text),
  };
  B.arm = (kind, arg) => {
    const test = kind === 'rows' ? () => states.rows(new RegExp(arg)) : kind === 'filtered' ? states.filtered : () => states.sideRow(arg);
    const w = { first: null, last: null, observer: null };
    // Only the rows themselves changing counts for "last" (not a scroll bar fading out, a focus outline).
    const inRows = (r) => r.type !== 'attributes' && !!(r.target.nodeType === 1 ? r.target : r.target.parentElement)?.closest('.monaco-list-rows');
    const check = (records) => {
      if (!test()) return;
      const t = kind === 'sideRow' ? Date.now() : performance.now();
      if (w.first === null) w.first = w.last = t;
      else if (records && records.some(inRows)) w.last = t;
    };
    w.observer = new MutationObserver(check);
    w.observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['style', 'class'] });
    B.watch = w;
    check(null);
  };
  B.result = () => { const w = B.watch; return w && w.first !== null ? { first: w.first, last: w.last } : null; };
  B.disarm = () => { B.watch?.observer.disconnect(); B.watch = null; };
  // After a reload: when the status bar first showed each of the items watched (wall clock, as the bench's).
  if (localStorage.getItem('awspBench.reload') === '1') {
    const status = { profile: new RegExp(localStorage.getItem('awspBench.profile') ?? '^$'), cursor: /^\s*Ln \d+, Col \d+/ };
    const observer = new MutationObserver(() => {
      for (const item of document.querySelectorAll('.statusbar-item')) {
        const text = item.textContent ?? '';
        if (B.marks.profile === undefined && item.querySelector('.codicon-key') && status.profile.test(text)) B.marks.profile = Date.now();
        if (B.marks.cursor === undefined && status.cursor.test(text)) B.marks.cursor = Date.now();
      }
      if (B.marks.profile !== undefined && B.marks.cursor !== undefined) observer.disconnect();
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  }
})()`;

interface Watch {
  first: number;
  last: number;
}

async function install(page: Page): Promise<void> {
  await page.addInitScript({ content: PAGE_SIDE });
  await page.evaluate(PAGE_SIDE);
}

const arm = (page: Page, kind: 'rows' | 'filtered' | 'sideRow', arg = ''): Promise<void> =>
  page.evaluate(`window.__awspBench.disarm(); window.__awspBench.arm(${JSON.stringify(kind)}, ${JSON.stringify(arg)})`);
const pageNow = (page: Page): Promise<number> => page.evaluate('performance.now()');

/** Waits until the armed state held (and, with `settleMs`, until the watched DOM was quiet that long since); returns its times. */
async function watched(page: Page, what: string, settleMs = 0): Promise<Watch> {
  const w = await poll(
    async () => {
      const r = (await page.evaluate('window.__awspBench.result()')) as Watch | null;
      if (r === null) return undefined;
      if (settleMs === 0) return r;
      const now = (await pageNow(page)) as number;
      return now - r.last >= settleMs ? r : undefined;
    },
    60_000,
    what,
    20,
  );
  await page.evaluate('window.__awspBench.disarm()');
  return w;
}

async function closeQuickInput(page: Page): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  while (await widget.isVisible()) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  }
}

/** One round of a picker: opened by `key` until its rows show, then FILTER typed until the list settles. */
async function pickerRound(page: Page, key: string): Promise<{ openMs: number; filterMs: number }> {
  await closeQuickInput(page);
  await arm(page, 'rows', '^acct\\d+-role\\d+');
  const t0 = await pageNow(page);
  await page.keyboard.press(press(key));
  const open = await watched(page, `the picker opened by ${key} listing acct…-role… rows`);
  // The list settles: typing starts from a list that is complete (Go to File adds results as its search finds them).
  await arm(page, 'rows', '^acct\\d+-role\\d+');
  await watched(page, 'the picker settled', 300);
  await page.keyboard.press('End');
  await arm(page, 'filtered');
  const t1 = await pageNow(page);
  await page.keyboard.type(FILTER);
  const filtered = await watched(page, `the picker filtered by "${FILTER}"`, 500);
  await closeQuickInput(page);
  return { openMs: open.first - t0, filterMs: filtered.last - t1 };
}

/** Opens a view container from the activity bar (its label starting with `label`), unless it shows already, and waits for its row `row`. */
async function showContainer(page: Page, label: string, row: string): Promise<void> {
  const target = sidebar(page).locator('.monaco-list-row .label-name', { hasText: exactly(row) }).first();
  if (!(await target.isVisible())) await page.locator(`.activitybar .action-item a[aria-label^="${label}"]`).first().click();
  await target.waitFor({ timeout: 30_000 });
}

/** From a write by this process (another than VS Code's) until the side bar shows the row; wall-clock ms. */
async function rowAfterWrite(page: Page, label: string, write: () => void): Promise<number> {
  await arm(page, 'sideRow', label);
  const t0 = Date.now();
  write();
  const w = await watched(page, `the side bar row "${label}"`);
  return w.first - t0;
}

export interface UiFigures {
  [key: string]: number;
}

/** The window of 5,002 profiles and a workspace of 5,000 files: the profile picker against Go to File. */
export async function pickerFigures(build: VsCodeBuild, sandboxRoot: string, rounds: number): Promise<UiFigures> {
  const workspace = join(sandboxRoot, 'files');
  for (let a = 0; a < 500; a++) {
    const dir = join(workspace, `team${a % 50}`);
    mkdirSync(dir, { recursive: true });
    for (let r = 0; r < 10; r++) writeFileSync(join(dir, `acct${a}-role${r}.json`), '{}\n');
  }
  const { config, credentials } = generateConfig();
  const vsc = await startVsCode({
    name: 'bench-ui-picker',
    workspace,
    files: { '.aws/config': config, '.aws/credentials': credentials },
    vscode: build,
    keybindings: [
      { key: KEYS.selectProfile, command: 'awsProfiles.selectProfile' },
      { key: KEYS.goToFile, command: 'workbench.action.quickOpen', args: FILE_PREFIX },
    ],
  });
  try {
    const { page } = vsc;
    await install(page);
    // The profiles are read once the view first shows (as the catalog is whenever a window uses it).
    await showContainer(page, 'AWS Profiles', 'default');
    await vsc.waitForLog(/Read 5002 profile\(s\)/, { timeoutMs: 120_000 });
    const ours = { open: [] as number[], filter: [] as number[] };
    const theirs = { open: [] as number[], filter: [] as number[] };
    // A first round of each unmeasured: Go to File's first search builds its file list; the picker's first opening loads its bundle.
    for (let round = -1; round < rounds; round++) {
      const p = await pickerRound(page, KEYS.selectProfile);
      const f = await pickerRound(page, KEYS.goToFile);
      if (round < 0) continue;
      ours.open.push(p.openMs);
      ours.filter.push(p.filterMs);
      theirs.open.push(f.openMs);
      theirs.filter.push(f.filterMs);
    }
    return {
      'ui.pickerOpenMs': round1(median(ours.open)),
      'ui.goToFileOpenMs': round1(median(theirs.open)),
      'ui.pickerOpenRatio': ratio(ours.open, theirs.open),
      'ui.pickerFilterMs': round1(median(ours.filter)),
      'ui.goToFileFilterMs': round1(median(theirs.filter)),
      'ui.pickerFilterRatio': ratio(ours.filter, theirs.filter),
      'ui.rounds': rounds,
    };
  } finally {
    await vsc.close();
  }
}

/** The window of the `default` + `prod` scenario against the local AWS endpoint: the tree, a reload, a terminal. */
export async function windowFigures(build: VsCodeBuild, rounds: number, calls: number): Promise<UiFigures> {
  const aws = await startLocalAws({ scenario: demoScenario() });
  let vsc: VsCode | undefined;
  try {
    vsc = await startVsCode({
      name: 'bench-ui-window',
      files: defaultProdFiles(aws.url, { prodRoleArn: DEMO.powerUserRoleArn }),
      vscode: build,
      keybindings: [
        { key: KEYS.reload, command: 'workbench.action.reloadWindow' },
        { key: KEYS.openNotes, command: 'workbench.action.quickOpen', args: 'notes.txt' },
      ],
    });
    const { page } = vsc;
    const configPath = join(vsc.home, '.aws', 'config');
    writeFileSync(join(vsc.workspace, 'notes.txt'), 'The editor whose cursor position the status bar shows.\n');
    await install(page);

    // The profile remembered: prod (an assumed role: credentials with a lifetime).
    await showContainer(page, 'AWS Profiles', 'prod');
    await selectInStatusBar(page, 'prod');
    await waitForStatus(page, 'prod', 60_000);

    // ui.editToTreeRatio
    const tree: number[] = [];
    const explorer: number[] = [];
    for (let round = -1; round < rounds; round++) {
      await showContainer(page, 'AWS Profiles', 'prod');
      const profile = `bench-added-${round + 1}`;
      const t = await rowAfterWrite(page, profile, () => appendFileSync(configPath, `\n[profile ${profile}]\nregion = us-east-1\n`));
      await showContainer(page, 'Explorer', 'notes.txt');
      const file = `added-${round + 1}.txt`;
      const e = await rowAfterWrite(page, file, () => writeFileSync(join(vsc!.workspace, file), 'added\n'));
      if (round < 0) continue;
      tree.push(t);
      explorer.push(e);
    }

    // ui.reloadToStatusRatio: an editor open (the status bar shows its cursor), reloads.
    await closeQuickInput(page);
    await page.keyboard.press(press(KEYS.openNotes));
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'notes.txt' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().waitFor({ timeout: 30_000 });
    await page.evaluate(`localStorage.setItem('awspBench.reload', '1'); localStorage.setItem('awspBench.profile', '^\\\\s*prod <?\\\\d+(h|m)')`);
    const status: number[] = [];
    const cursor: number[] = [];
    const host: number[] = [];
    const activate: number[] = [];
    for (let round = -1; round < rounds; round++) {
      const mark = vsc.logMark(true);
      const t0 = Date.now();
      await page.keyboard.press(press(KEYS.reload));
      await vsc.waitForLog(/activated in/, { since: mark, timeoutMs: 120_000 });
      const marks = await poll(
        async () => {
          const m = (await page.evaluate('window.__awspBench && window.__awspBench.marks').catch(() => null)) as { profile?: number; cursor?: number } | null;
          return m && m.profile !== undefined && m.cursor !== undefined ? m : undefined;
        },
        120_000,
        'the status bar showing prod with its lifetime and the cursor position after the reload',
        50,
      );
      if (round < 0) continue;
      status.push(marks.profile! - t0);
      cursor.push(marks.cursor! - t0);
      const started = hostTimes(vsc);
      host.push(started.host - t0);
      activate.push(started.activate - t0);
    }
    await page.evaluate(`localStorage.removeItem('awspBench.reload')`);

    // terminal.callRatio: the same call through the window's helper and with the same keys in the environment, alternating.
    await vsc.openTerminal();
    const out = await runInTerminal(
      vsc,
      'bench-calls',
      String.raw`
eval "$(${AWS_CLI} configure export-credentials --format env-no-export)"
K=$AWS_ACCESS_KEY_ID; S=$AWS_SECRET_ACCESS_KEY; T=$AWS_SESSION_TOKEN
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION
out helperArn ${AWS_CLI} sts get-caller-identity --endpoint-url '${aws.url}' --query Arn --output text
out keysArn env AWS_ACCESS_KEY_ID="$K" AWS_SECRET_ACCESS_KEY="$S" AWS_SESSION_TOKEN="$T" ${AWS_CLI} sts get-caller-identity --endpoint-url '${aws.url}' --query Arn --output text
h=""; k=""
for i in $(seq ${calls}); do
  s=$(date +%s%N); ${AWS_CLI} sts get-caller-identity --endpoint-url '${aws.url}' > /dev/null; e=$(date +%s%N); h="$h $(( (e - s) / 1000 ))"
  s=$(date +%s%N); AWS_ACCESS_KEY_ID="$K" AWS_SECRET_ACCESS_KEY="$S" AWS_SESSION_TOKEN="$T" ${AWS_CLI} sts get-caller-identity --endpoint-url '${aws.url}' > /dev/null; e=$(date +%s%N); k="$k $(( (e - s) / 1000 ))"
done
out helperUs echo $h
out keysUs echo $k
`,
      { timeoutMs: 600_000 },
    );
    if (!/assumed-role\/CrossAccountPowerUser/.test(out.helperArn) || out.helperArn !== out.keysArn) {
      throw new Error(`the two calls do not act as the same role: through the helper "${out.helperArn}", with keys "${out.keysArn}"`);
    }
    const micros = (s: string): number[] => s.split(/\s+/).filter(Boolean).map((n) => Number(n) / 1000);
    const helper = micros(out.helperUs);
    const keys = micros(out.keysUs);
    if (helper.length !== calls || keys.length !== calls) throw new Error(`expected ${calls} calls each, got ${helper.length} and ${keys.length}`);

    return {
      'ui.editToTreeMs': round1(median(tree)),
      'ui.explorerNewFileMs': round1(median(explorer)),
      'ui.editToTreeRatio': ratio(tree, explorer),
      'ui.reloadToStatusMs': round1(median(status)),
      'ui.reloadToCursorMs': round1(median(cursor)),
      'ui.reloadToStatusRatio': ratio(status, cursor),
      'ui.reloadToHostMs': round1(median(host)),
      'ui.reloadToActivateMs': round1(median(activate)),
      'ui.activateToStatusMs': round1(median(status.map((t, i) => t - activate[i]))),
      'terminal.helperCallMs': round1(median(helper)),
      'terminal.keysCallMs': round1(median(keys)),
      'terminal.callRatio': ratio(helper, keys),
      'terminal.calls': calls,
    };
  } finally {
    await vsc?.close();
    await aws.close();
  }
}

/**
 * When the newest extension host of the window started, and when VS Code began to activate this
 * extension in it (epoch ms, from the host's own log: `remoteexthost.log` next to the extension's
 * log folder): what of a reload is VS Code's before this extension can show anything.
 */
function hostTimes(vsc: VsCode): { host: number; activate: number } {
  const newest = vsc.logFiles().at(-1); // oldest first
  if (newest === undefined) throw new Error('no log of the extension after the reload');
  const log = readFileSync(join(dirname(dirname(newest)), 'remoteexthost.log'), 'utf8');
  const at = (pattern: RegExp): number => {
    const m = new RegExp(`^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\[\\w+\\] ${pattern.source}`, 'm').exec(log);
    if (m === null) throw new Error(`the extension host's log has no line ${pattern}`);
    return new Date(`${m[1]}T${m[2]}`).getTime();
  };
  return { host: at(/Extension host with pid \d+ started/), activate: at(/ExtensionService#_doActivateExtension aws-profiles\.aws-profiles,/) };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The ratio of two medians, to three decimals. */
function ratio(ours: number[], reference: number[]): number {
  return Math.round((median(ours) / median(reference)) * 1000) / 1000;
}
