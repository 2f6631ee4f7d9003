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

/** A profile's description and detail as its analysis alone gives them (no credentials, not marked active). */
interface BaseRow {
  description: string;
  detail?: string;
}

/**
 * The rows of each analysis, built once per catalog (an analysis is replaced, never changed, when the
 * files change): with 5,000 profiles the picker opens on rows already made. Only the few profiles
 * holding credentials (whose account may come from their identity) and the active one are built again.
 */
const baseRows = new WeakMap<Analysis, Map<string, BaseRow>>();

function baseRow(analysis: Analysis, name: string): BaseRow {
  let rows = baseRows.get(analysis);
  if (rows === undefined) baseRows.set(analysis, (rows = new Map()));
  let row = rows.get(name);
  if (row === undefined) rows.set(name, (row = rowOf(analysis, name, undefined)));
  return row;
}

function rowOf(analysis: Analysis, name: string, status: CredentialStatus | undefined): BaseRow {
  const f = profileFacts(analysis, name, status)!;
  return { description: [f.account, f.region, f.kindLabel].filter((s): s is string => s !== undefined).join(' · '), detail: f.problem };
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
    const status = options.status?.(name);
    const { description, detail } = status === undefined ? baseRow(analysis, name) : rowOf(analysis, name, status);
    rows.push({ name, label: name, description: name === options.active ? (description === '' ? 'active' : `${description} · active`) : description, detail });
  }
  return rows;
}
