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
  const picked = await vscode.window.showQuickPick(items, {
    title: options.title,
    placeHolder: vscode.l10n.t('Type to filter by name, account, region or kind'),
    matchOnDescription: true,
  });
  if (picked === undefined) throw new CancelledError();
  return picked.name;
}
