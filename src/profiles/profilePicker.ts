import * as vscode from 'vscode';
import type { CredentialService } from '../core/credentials/credentials';
import { CancelledError, UserError } from '../core/common/errors';
import type { ActiveProfile } from './activeProfile';
import { pickerRows } from './pickerModel';
import type { ProfileCatalog } from './profileCatalog';

/** What the picker is asked for. */
export interface PickOptions {
  title: string;
  /** Offer "No profile" (selecting the active profile). */
  includeNone?: boolean;
  /** Only profiles for which this holds (e.g. usable ones). */
  filter?: (name: string) => boolean;
}

/**
 * Every profile, most recently used first, with account, region and kind, filtered as the user
 * types. Resolves to the name, or undefined for "No profile"; throws CancelledError when dismissed.
 */
export async function pickProfile(catalog: ProfileCatalog, active: ActiveProfile, credentials: CredentialService, options: PickOptions): Promise<string | undefined> {
  const { analysis } = await catalog.ready();
  const rows = pickerRows(analysis, active.recent(), {
    active: active.name,
    includeNone: options.includeNone,
    status: (p) => credentials.status(p),
    filter: options.filter,
  });
  if (rows.length === 0 || (rows.length === 1 && options.includeNone)) {
    throw new UserError(vscode.l10n.t('There is no AWS profile to choose from: add one to ~/.aws/config ("AWS Profiles: Open Config File").'), 'profiles.none');
  }
  type Item = vscode.QuickPickItem & { name: string | undefined };
  const items: Item[] = rows.map((r) => ({ label: r.label, description: r.description, detail: r.detail, name: r.name }));
  const picked = await showInTwoParts(items, {
    title: options.title,
    placeholder: vscode.l10n.t('Type to filter by name, account, region or kind'),
  });
  if (picked === undefined) throw new CancelledError();
  return picked.name;
}

/**
 * Rows sent with the picker itself; the others follow in a second message. A picker of 5,000 rows
 * is one message of half a megabyte that VS Code reads whole before it draws a row: the first rows
 * alone show about as soon as VS Code's own pickers do, and the rest is there before a word is typed.
 */
const FIRST_ROWS = 100;

/** showQuickPick (one item, filtered on label and description), its first FIRST_ROWS items sent first. */
function showInTwoParts<T extends vscode.QuickPickItem>(items: T[], options: { title: string; placeholder: string }): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.matchOnDescription = true;
  pick.items = items.length > FIRST_ROWS ? items.slice(0, FIRST_ROWS) : items;
  return new Promise<T | undefined>((resolve) => {
    let done = false;
    const finish = (item: T | undefined): void => {
      if (done) return;
      done = true;
      resolve(item);
      pick.dispose();
    };
    pick.onDidAccept(() => finish(pick.selectedItems[0] ?? pick.activeItems[0]));
    pick.onDidHide(() => finish(undefined));
    pick.show();
    // After the message that shows the picker (VS Code's API sends its changes on the next turn).
    if (items.length > FIRST_ROWS) setTimeout(() => done || (pick.items = items), 0);
  });
}
