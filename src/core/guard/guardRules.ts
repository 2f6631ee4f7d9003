import * as l10n from '@vscode/l10n';
/**
 * Which profiles are guarded (`awsProfiles.guard`): entries that match a profile by a glob of its
 * name and/or its account id, each with a colour, whether acting as it asks first, and how long it
 * may stay the window's profile. Pure: the setting's value, a name and an account in, a guard out.
 */

/** The colours a guard can have; VS Code's status bar allows exactly these two backgrounds. */
export type GuardColor = 'red' | 'orange';

/** One entry of `awsProfiles.guard`, checked. */
export interface GuardEntry {
  /** A glob of profile names (`*` any characters, `?` one; case-insensitive). */
  profile?: string;
  /** A 12-digit account id. */
  account?: string;
  color: GuardColor;
  /** Acting as the profile asks first (a modal). */
  confirm: boolean;
  /** The longest the profile stays the window's profile before the window falls back. */
  maxActiveMinutes?: number;
  /** What the account is called ("Production"), shown beside its id. */
  name?: string;
}

/** What guards a profile: every matching entry together, the strictest of each. */
export interface Guard {
  color: GuardColor;
  confirm: boolean;
  maxActiveMinutes?: number;
  /** The profile's account id, when known. */
  account?: string;
  /** The account's name, when known. */
  accountName?: string;
}

const ACCOUNT = /^\d{12}$/;

/** The entries of the setting's value, and a sentence for each entry that cannot be used (it is left out). */
export function parseGuards(value: unknown): { entries: GuardEntry[]; problems: string[] } {
  const entries: GuardEntry[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { entries, problems };
  if (!Array.isArray(value)) return { entries, problems: [l10n.t('awsProfiles.guard must be a list of entries such as { "profile": "prod*", "color": "red" }: no profile is guarded until it is.')] };
  value.forEach((raw: unknown, i) => {
    const checked = checkEntry(raw, `awsProfiles.guard[${i}]`);
    if (typeof checked === 'string') problems.push(checked);
    else entries.push(checked);
  });
  return { entries, problems };
}

/** One entry of the setting, or the sentence saying what is wrong with it (`at` names it). */
function checkEntry(raw: unknown, at: string): GuardEntry | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return l10n.t('{0} is not an entry: write { "profile": "prod*", "color": "red" }.', at);
  const e = raw as Record<string, unknown>;
  const profile = typeof e.profile === 'string' && e.profile.trim() !== '' ? e.profile.trim() : undefined;
  const account = typeof e.account === 'string' ? e.account.trim() : typeof e.account === 'number' ? String(e.account) : undefined;
  const minutes = e.maxActiveMinutes;
  if (e.profile !== undefined && profile === undefined) return l10n.t('{0}: "profile" must be a profile name or a glob such as "prod*".', at);
  if (account !== undefined && !ACCOUNT.test(account)) return l10n.t('{0}: "account" must be a 12-digit account id in quotes (got {1}).', at, JSON.stringify(e.account));
  if (profile === undefined && account === undefined) return l10n.t('{0} names neither "profile" nor "account": it guards nothing.', at);
  if (e.color !== undefined && e.color !== 'red' && e.color !== 'orange') return l10n.t('{0}: "color" must be "red" or "orange" (got {1}).', at, JSON.stringify(e.color));
  if (e.confirm !== undefined && typeof e.confirm !== 'boolean') return l10n.t('{0}: "confirm" must be true or false.', at);
  if (minutes !== undefined && (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0)) return l10n.t('{0}: "maxActiveMinutes" must be a number of minutes above 0.', at);
  const entry: GuardEntry = { color: e.color === 'orange' ? 'orange' : 'red', confirm: e.confirm !== false };
  if (profile !== undefined) entry.profile = profile;
  if (account !== undefined) entry.account = account;
  if (minutes !== undefined) entry.maxActiveMinutes = minutes as number;
  if (typeof e.name === 'string' && e.name.trim() !== '') entry.name = e.name.trim();
  return entry;
}

/** Whether a profile name matches a glob: `*` any characters, `?` one, nothing else special; case-insensitive. */
export function globMatches(glob: string, name: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`, 'is').test(name);
}

/** Whether an entry matches a profile: every field it names matches (an account entry needs the account known). */
export function entryMatches(entry: GuardEntry, profile: string, account: string | undefined): boolean {
  if (entry.profile !== undefined && !globMatches(entry.profile, profile)) return false;
  if (entry.account !== undefined && entry.account !== account) return false;
  return true;
}

/**
 * The guard of a profile (undefined: not guarded): every entry that matches it, together, the
 * strictest of each (red over orange, confirm if any asks, the shortest time box, the first name).
 * `accountNames` gives names known from elsewhere, used when no entry names the account.
 */
export function guardOf(profile: string, account: string | undefined, entries: readonly GuardEntry[], accountNames: (id: string) => string | undefined = () => undefined): Guard | undefined {
  const matching = entries.filter((e) => entryMatches(e, profile, account));
  if (matching.length === 0) return undefined;
  const guard: Guard = { color: matching.some((e) => e.color === 'red') ? 'red' : 'orange', confirm: matching.some((e) => e.confirm) };
  const minutes = matching.flatMap((e) => (e.maxActiveMinutes === undefined ? [] : [e.maxActiveMinutes]));
  if (minutes.length > 0) guard.maxActiveMinutes = Math.min(...minutes);
  if (account !== undefined) guard.account = account;
  const name = matching.find((e) => e.name !== undefined && (e.account === undefined || e.account === account))?.name ?? (account === undefined ? undefined : accountNames(account));
  if (name !== undefined) guard.accountName = name;
  return guard;
}

/** Whether starting the window as a guarded profile, or selecting it, needs the user: it asks first or is time-boxed. */
export function needsAttention(guard: Guard | undefined): boolean {
  return guard !== undefined && (guard.confirm || guard.maxActiveMinutes !== undefined);
}

/** The words that mark a production account or profile. */
const PRODUCTION_WORDS = new Set(['prod', 'production', 'prd']);

/**
 * Whether a profile's name, or its account's name, looks like production: one of its words (split
 * at punctuation, digits and camelCase) is `prod`, `production` or `prd` (`prod`, `eu-prod`,
 * `ProdAdmin`, `prd2`; not `product`, `preprod`, `nonprod`).
 */
export function looksLikeProduction(...names: (string | undefined)[]): boolean {
  return names.some((n) => n !== undefined && wordsOf(n).some((w) => PRODUCTION_WORDS.has(w)));
}

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** The account as shown beside a profile: `222222222222 Production`, the id alone, or undefined. */
export function accountLabel(guard: Pick<Guard, 'account' | 'accountName'>): string | undefined {
  if (guard.account === undefined) return guard.accountName;
  return guard.accountName === undefined ? guard.account : `${guard.account} ${guard.accountName}`;
}

/** The entry "Guard It" adds for a profile: its exact name (glob characters in it match themselves and more), red, asking first. */
export function proposedEntry(profile: string): { profile: string; color: GuardColor; confirm: boolean } {
  return { profile, color: 'red', confirm: true };
}

/** ANSI colours for the debug console's line: red, and orange from the 256-colour palette. */
const ANSI: Record<GuardColor, string> = { red: '\u001b[31m', orange: '\u001b[38;5;208m' };

/** A line of the debug console in the guard's colour (VS Code's debug console renders ANSI colours). */
export function colouredLine(color: GuardColor, line: string): string {
  return `${ANSI[color]}${line}\u001b[0m`;
}
