import * as vscode from 'vscode';
import { CancelledError } from '../core/common/errors';
import { isRegionName, REGIONS } from '../core/endpoints/regions';

/** An input box whose answer is trimmed; Escape is a silent cancel. */
export async function askText(options: vscode.InputBoxOptions): Promise<string> {
  const answer = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (answer === undefined) throw new CancelledError();
  return answer.trim();
}

type RegionItem = vscode.QuickPickItem & { region: string | null };

/**
 * A region: the regions with their names (type "Ireland" or "eu-west-1"), any other region name as
 * typed, `preferred` first (the profile's own, or the source's), and "No region" when allowed.
 * Resolves to the region, or null for none.
 */
export function pickRegion(title: string, options: { preferred?: string; preferredNote?: string; allowNone?: boolean } = {}): Promise<string | null> {
  const named = new Map(REGIONS.map((r) => [r.code, r.name]));
  const base: RegionItem[] = [];
  if (options.preferred !== undefined) {
    base.push({ label: options.preferred, description: [named.get(options.preferred), options.preferredNote].filter(Boolean).join(' · '), region: options.preferred });
  }
  for (const r of REGIONS) if (r.code !== options.preferred) base.push({ label: r.code, description: r.name, region: r.code });
  if (options.allowNone) base.push({ label: vscode.l10n.t('No region'), description: vscode.l10n.t('commands need --region or AWS_REGION'), region: null });
  const pick = vscode.window.createQuickPick<RegionItem>();
  pick.title = title;
  pick.placeholder = vscode.l10n.t('Type a region or its name (us-west-1, Ireland); any region name is taken');
  pick.matchOnDescription = true;
  pick.ignoreFocusOut = true;
  pick.items = base;
  return new Promise<string | null>((resolve, reject) => {
    let done = false;
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      const known = base.some((i) => i.region === typed);
      pick.items = typed !== '' && isRegionName(typed) && !known ? [{ label: typed, description: vscode.l10n.t('typed region'), region: typed, alwaysShow: true }, ...base] : base;
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!chosen) return;
      done = true;
      resolve(chosen.region);
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!done) reject(new CancelledError());
    });
    pick.show();
  });
}

/** The AWS CLI's output format, or null for none (the CLI's default, json). */
export async function pickOutput(title: string, current?: string): Promise<string | null> {
  const formats = ['json', 'text', 'table', 'yaml', 'yaml-stream'];
  const items: Array<vscode.QuickPickItem & { output: string | null }> = formats.map((f) => ({ label: f, description: f === current ? vscode.l10n.t('current') : undefined, output: f }));
  items.push({ label: vscode.l10n.t('No output format'), description: vscode.l10n.t("the AWS CLI's default, json"), output: null });
  if (current !== undefined) items.sort((a, b) => Number(b.output === current) - Number(a.output === current));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t("How the AWS CLI prints its answers"), ignoreFocusOut: true });
  if (!picked) throw new CancelledError();
  return picked.output;
}

/** Asks a yes-or-no question in a modal dialog; anything but `yes` is a silent cancel. */
export async function confirm(message: string, detail: string, yes: string): Promise<void> {
  const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, yes);
  if (answer !== yes) throw new CancelledError();
}
