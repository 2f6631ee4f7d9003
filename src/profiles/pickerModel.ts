import type { Analysis } from '../core';
import type { CredentialStatus } from '../core/credentials/credentials';
import { profileFacts } from './profileFacts';
import * as l10n from '@vscode/l10n';

/** How many recently used profiles are remembered. */
export const RECENT_MAX = 50;

/** The recently-used list after using `name`: it moves to the front; the list stays bounded. */
export function touchRecent(recent: readonly string[], name: string, max = RECENT_MAX): string[] {
  return [name, ...recent.filter((n) => n !== name)].slice(0, max);
}

/** Profile names, most recently used first (those that still exist), then the rest in file order. */
export function orderByRecent(names: Iterable<string>, recent: readonly string[]): string[] {
  const all = [...names];
  const present = new Set(all);
  const first = recent.filter((n) => present.has(n));
  const seen = new Set(first);
  return [...first, ...all.filter((n) => !seen.has(n))];
}

/** One row of the profile picker. `name` undefined: the "No profile" row. */
export interface PickerRow {
  name: string | undefined;
  label: string;
  description: string;
  detail?: string;
}

/**
 * The picker's rows: optionally "No profile" first, then every profile most recently used first,
 * each with account, region and kind (all three searchable as the user types).
 */
export function pickerRows(
  analysis: Analysis,
  recent: readonly string[],
  options: { active?: string; includeNone?: boolean; status?: (name: string) => CredentialStatus | undefined; filter?: (name: string) => boolean },
): PickerRow[] {
  const rows: PickerRow[] = [];
  if (options.includeNone) rows.push({ name: undefined, label: l10n.t('$(circle-slash) No profile'), description: l10n.t('terminals get no AWS credentials from this extension') });
  for (const name of orderByRecent(analysis.model.profiles.keys(), recent)) {
    if (options.filter && !options.filter(name)) continue;
    const f = profileFacts(analysis, name, options.status?.(name))!;
    const parts = [f.account, f.region, f.kindLabel].filter((s): s is string => s !== undefined);
    if (name === options.active) parts.push('active');
    rows.push({ name, label: name, description: parts.join(' · '), detail: f.problem });
  }
  return rows;
}
