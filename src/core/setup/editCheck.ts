import * as l10n from '@vscode/l10n';
import { UserError } from '../common/errors';
import type { Analysis } from '../index';
import type { FileKind, Hop, ProfileResolution } from '../config/types';

/** Both AWS files as bytes (null: the file does not exist). */
export interface AwsFilesBytes {
  config: Uint8Array | null;
  credentials: Uint8Array | null;
}

/** How the files are called in sentences (`~/.aws/config`). */
export type FileNames = Record<FileKind, string>;

/** A profile's resolution after an edit, judged: a phrase saying what is wrong ("would still have region from [DEFAULT]"), or undefined when it is as meant. */
export type Outcome = (after: ProfileResolution | undefined) => string | undefined;

/** What an edit means to do, for checkEdit. */
export interface EditIntent {
  /** The profiles the edit changes on purpose, each with how it must resolve afterwards. */
  changes: ReadonlyMap<string, Outcome>;
  /** A rename: `from` is gone, `to` resolves as `from` did, and every profile naming `from` as its source names `to`. */
  rename?: { from: string; to: string };
  /** IAM Identity Center sessions the edit adds or changes on purpose. */
  ssoSessions?: readonly string[];
}

/** What to do when an edit cannot be made safely (built when read: the display language is known at activation). */
const byHand = () => l10n.t('AWS Profiles cannot make this edit safely in this file: make it yourself ("AWS Profiles: Open Config File").');

/**
 * Checks an edit of the AWS files with the engine before anything is written: the AWS CLI must still
 * accept both files, every profile the edit means to change must resolve as meant, and every other
 * profile, every IAM Identity Center session and `services` section must resolve exactly as before
 * (profiles whose source is a changed profile may change with it; after a rename, the references
 * follow the new name). Throws a UserError saying what would go wrong; never names a value (keys
 * are secrets).
 */
export function checkEdit(before: Analysis, after: Analysis, intent: EditIntent, names: FileNames): void {
  if (after.cliRejects) {
    const { file, line, reason } = after.cliRejects;
    const where = line ? l10n.t('{0} at line {1}', reason.replace(/_/g, ' '), line) : reason.replace(/_/g, ' ');
    throw new UserError(l10n.t('Nothing was written: the edit would make the AWS CLI refuse {0} ({1}). {2}', names[file], where, byHand()), 'edit.rejected');
  }
  const rename = intent.rename;
  const carried = new Set(dependentsOf(before, [...intent.changes.keys()]));
  for (const [name, outcome] of intent.changes) {
    const problem = outcome(after.plans.get(name));
    if (problem !== undefined) throw new UserError(l10n.t('Nothing was written: after the edit, profile "{0}" {1}.', name, problem), 'edit.notAsMeant');
  }
  for (const [name, was] of before.plans) {
    if (intent.changes.has(name) || carried.has(name)) continue;
    if (rename && name === rename.from) {
      const now = after.plans.get(rename.to);
      if (after.plans.has(rename.from)) throw new UserError(l10n.t('Nothing was written: after the rename, a profile "{0}" would still exist (another section of that name).', rename.from), 'edit.notAsMeant');
      const field = difference(renamed(was, rename), now);
      if (field !== undefined) throw new UserError(l10n.t('Nothing was written: profile "{0}" would not resolve as "{1}" did ({2}).', rename.to, rename.from, field), 'edit.notAsMeant');
      continue;
    }
    const field = difference(rename ? renamed(was, rename) : was, after.plans.get(name));
    if (field !== undefined) throw new UserError(l10n.t('Nothing was written: the edit would also change profile "{0}" ({1}). {2}', name, field, byHand()), 'edit.sideEffect');
  }
  for (const name of after.plans.keys()) {
    const known = before.plans.has(name) || intent.changes.has(name) || (rename !== undefined && name === rename.to);
    if (!known) throw new UserError(l10n.t('Nothing was written: the edit would also make a profile "{0}". {1}', name, byHand()), 'edit.sideEffect');
  }
  for (const [kind, beforeMap, afterMap] of [
    ['sso', before.model.ssoSessions, after.model.ssoSessions],
    ['services', before.model.services, after.model.services],
  ] as const) {
    const changing = kind === 'services' ? new Set<string>() : new Set(intent.ssoSessions ?? []);
    for (const name of new Set([...beforeMap.keys(), ...afterMap.keys()])) {
      if (changing.has(name)) continue;
      if (canonical(beforeMap.get(name)?.values) !== canonical(afterMap.get(name)?.values)) {
        const what = kind === 'sso' ? l10n.t('the IAM Identity Center session "{0}"', name) : l10n.t('the services section "{0}"', name);
        throw new UserError(l10n.t('Nothing was written: the edit would also change {0}. {1}', what, byHand()), 'edit.sideEffect');
      }
    }
  }
}

/**
 * The profiles that rely on any of `names` to get credentials: those whose source_profile names one
 * of them, then those whose source_profile names one of those, and so on.
 */
export function dependentsOf(analysis: Analysis, names: readonly string[]): string[] {
  const found = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const target = queue.shift()!;
    for (const [name, entry] of analysis.model.profiles) {
      const source = entry.values.source_profile;
      if (typeof source === 'string' && source.trim() === target && !found.has(name) && !names.includes(name)) {
        found.add(name);
        queue.push(name);
      }
    }
  }
  return [...found];
}

/** The profiles whose own source_profile names `name`: what "Delete Profile" names in its question. */
export function directDependents(analysis: Analysis, name: string): string[] {
  return [...analysis.model.profiles].filter(([other, e]) => other !== name && typeof e.values.source_profile === 'string' && e.values.source_profile.trim() === name).map(([other]) => other);
}

/** A resolution as it reads after `from` is renamed `to`: its source and every hop naming `from` name `to`. */
function renamed(r: ProfileResolution, { from, to }: { from: string; to: string }): ProfileResolution {
  const values = { ...r.values };
  if (typeof values.source_profile === 'string' && values.source_profile.trim() === from) values.source_profile = to;
  const chain = r.chain.map((hop): Hop => {
    // Through JSON: a role hop's cache key is computed when read, not an own field a spread would copy.
    const out = JSON.parse(JSON.stringify(hop)) as Hop;
    if (out.profile === from) out.profile = to;
    if (out.kind === 'assume_role' && out.source_profile === from) out.source_profile = to;
    return out;
  });
  return { ...r, values, chain };
}

/** Which part of two resolutions differs (`values.region`, `chain`, `result`…), or undefined. Messages are for humans and not compared. */
function difference(was: ProfileResolution, now: ProfileResolution | undefined): string | undefined {
  if (now === undefined) return l10n.t('it would be gone');
  for (const key of new Set([...Object.keys(was.values), ...Object.keys(now.values)])) {
    if (canonical(was.values[key]) !== canonical(now.values[key])) return l10n.t('its {0}', key);
  }
  for (const field of ['result', 'error', 'sts_region', 'chain'] as const) {
    if (canonical(was[field]) !== canonical(now[field])) return l10n.t('its {0}', field === 'sts_region' ? 'region' : field);
  }
  return undefined;
}

/** JSON with object keys sorted, for comparing values whose key order does not matter. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  ) ?? 'undefined';
}
