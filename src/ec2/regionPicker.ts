import * as vscode from 'vscode';
import { CancelledError } from '../core/common/errors';
import { regionRows } from './regionPickModel';

/** What "Change Region…" chose: a region, or undefined to follow the profile again. */
export interface RegionChoice {
  region: string | undefined;
}

/**
 * "Change Region…" for a profile's EC2 node: the listed regions, "Profile's region", or any region
 * name typed. Text that is not a region name is returned as typed (setRegion refuses it with the
 * reason). Throws CancelledError when dismissed.
 */
export function pickRegion(profile: string, current: string | undefined, profileRegion: string | undefined): Promise<RegionChoice> {
  type Item = vscode.QuickPickItem & { region: string | undefined };
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = vscode.l10n.t('Change Region of "{0}" EC2 Instances', profile);
  pick.placeholder = vscode.l10n.t('Pick a region or type its name (such as eu-west-1)');
  pick.matchOnDescription = true;
  const show = (typed: string) => {
    pick.items = regionRows({ current, profileRegion, typed }).map((r) => ({ label: r.label, description: r.description, region: r.region }));
  };
  show('');
  return new Promise<RegionChoice>((resolve, reject) => {
    let settled = false;
    pick.onDidChangeValue(show);
    pick.onDidAccept(() => {
      const [item] = pick.selectedItems;
      const typed = pick.value.trim();
      if (item === undefined && typed === '') return;
      settled = true;
      resolve({ region: item ? item.region : typed });
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!settled) reject(new CancelledError());
    });
    pick.show();
  });
}
