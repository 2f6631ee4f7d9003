import { analyze, type Analysis, type ConfigValue, type ProfileResolution } from '..';
import { PROFILE_LINE, SOURCE_LINE } from './copyHeader';
import { parseIni } from '../config/iniParser';
import { hasOwn } from '../common/objects';
import { firstNonSpace, pyStrip } from '../config/pyText';
import { helperArgs } from './helperProtocol';
import * as l10n from '@vscode/l10n';

/**
 * The config file that the extension's terminals read (AWS_CONFIG_FILE): the user's own, line for
 * line, plus one profile of the extension's own, the *marker*, that acts as the selected profile
 * through a `credential_process` helper (AWS_PROFILE names it). `aws --profile X`, `AWS_PROFILE=X`
 * and every tool's `profile = "X"` then resolve X from the same lines as without the extension, and
 * plain `aws` acts as the selected profile with credentials that never expire. Nothing secret is
 * copied: comments and keys are blanked, and a profile whose keys are in the config file gets them
 * from the extension instead.
 */

/** Keys whose values are secrets: never copied. */
export const SECRET_KEYS: readonly string[] = ['aws_secret_access_key', 'aws_session_token', 'aws_security_token'];

/** Keys that say where a profile's credentials come from: the marker copies none of them. */
export const CREDENTIAL_KEYS: readonly string[] = [
  'aws_access_key_id',
  ...SECRET_KEYS,
  'role_arn',
  'source_profile',
  'credential_source',
  'external_id',
  'mfa_serial',
  'role_session_name',
  'duration_seconds',
  'web_identity_token_file',
  'credential_process',
  'sso_session',
  'sso_start_url',
  'sso_region',
  'sso_account_id',
  'sso_role_name',
  'sso_registration_scopes',
  'login_session',
];

/** Where `aws --profile X` goes in the extension's terminals: the AWS CLI's own way, or through the extension. */
export type ProfileFlagMode = 'cli' | 'extension';

/** What the copy is made from. */
export interface OverlayRequest {
  /** The user's config file (null: there is none). */
  config: Uint8Array | null;
  /** The credentials file (null: none): read to check the copy, never copied. */
  credentials: Uint8Array | null;
  /** analyze(config, credentials) of the same bytes. */
  analysis: Analysis;
  /** The profile the terminals act as. */
  profile: string;
  /** The config file's path, written into the copy so that whoever finds the copy knows what it copies (overlaySource). */
  source: string;
  /** The `credential_process` command line that runs the helper with these arguments (see helperArgs). */
  helper: (args: string[]) => string;
  profileFlag: ProfileFlagMode;
}

/** The copy, or why there can be none (the caller falls back to keys in the environment). */
export type ConfigOverlay =
  | {
      ok: true;
      bytes: Uint8Array;
      /** The marker profile's name: AWS_PROFILE in the terminals. */
      marker: string;
      /** Profiles whose `credential_process` asks the extension (see servedProfiles): for their config-file keys, or (`extension` mode) for the role. */
      served: { keys: string[]; profiles: string[] };
    }
  | { ok: false; reason: string };

const SECRETS = new Set(SECRET_KEYS);
const CREDENTIALS = new Set(CREDENTIAL_KEYS);
const NESTED_SECRET = new RegExp(`^(${SECRET_KEYS.join('|')})[ \\t]*=`, 'i');
/** Line replacements (see rewriteLines): TEXT behind the line's own indentation; blank the line if it sets a nested secret. */
const INDENTED = '\0indent\0';
const NESTED_CHECK = '\0nested-check\0';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The marker's name for a profile: readable in a shell prompt that shows AWS_PROFILE, and taken by no profile. */
export function markerName(profile: string, taken: (name: string) => boolean): string {
  // Characters every SDK accepts in a profile name (the SDK for JavaScript is the strictest).
  const base = `${profile.replace(/[^A-Za-z0-9_.+%:/@-]/g, '_') || 'profile'}@vscode`;
  let name = base;
  for (let n = 2; taken(name); n++) name = `${base}-${n}`;
  return name;
}

/** Builds the copy for terminals acting as `request.profile`. Never throws. */
export function buildConfigOverlay(request: OverlayRequest): ConfigOverlay {
  const { analysis, profile } = request;
  if (analysis.cliRejects?.file === 'config') {
    return { ok: false, reason: l10n.t('the AWS CLI rejects the config file (line {0}), so no copy of it can work; fix the file (see the Profiles view)', analysis.cliRejects.line ?? '?') };
  }
  const plan = analysis.plans.get(profile);
  if (plan === undefined) return { ok: false, reason: l10n.t('there is no profile "{0}" in the AWS files', profile) };
  if (plan.result !== 'ok') return { ok: false, reason: l10n.t('profile "{0}" has no credentials to use', profile) };

  const ini = parseIni(request.config, { lines: true });
  const lines = ini.lines!;
  const inDefault = lines.find((l) => l.kind === 'key' && l.section === 'DEFAULT' && CREDENTIALS.has(l.key!));
  if (inDefault) {
    return { ok: false, reason: l10n.t('[DEFAULT] in the config file sets "{0}", which every section inherits, the extension\'s own included; move it into the profiles that need it', String(inDefault.key)) };
  }

  const served = servedProfiles(request);
  if ('reason' in served) return served;
  // Served profiles by the header of their config-file section: which lines go, and what replaces the first of them.
  const bySection = new Map<string, { name: string; via: 'keys' | 'profile'; drop: Set<string> }>();
  for (const name of served.keys) bySection.set(analysis.model.profiles.get(name)!.configSection!.name, { name, via: 'keys', drop: SECRETS });
  for (const name of served.profiles) bySection.set(analysis.model.profiles.get(name)!.configSection!.name, { name, via: 'profile', drop: CREDENTIALS });
  const written = new Set<string>();
  const replaced = new Map<number, string>();
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n];
    const owner = line.section === undefined ? undefined : bySection.get(line.section);
    if (owner !== undefined && line.key !== undefined && owner.drop.has(line.key)) {
      // The first line that goes becomes the profile's credential_process, indented as it was.
      if (line.kind === 'key' && !written.has(owner.name)) {
        written.add(owner.name);
        replaced.set(n, `${INDENTED}credential_process = ${request.helper(helperArgs(owner.via, owner.name))}`);
      } else replaced.set(n, '#');
    } else if (line.kind === 'comment' || (line.key !== undefined && SECRETS.has(line.key))) {
      replaced.set(n, '#');
    } else if (line.kind === 'continuation') {
      replaced.set(n, NESTED_CHECK);
    }
  }

  const marker = markerName(profile, (name) => analysis.model.profiles.has(name));
  const copy = rewriteLines(request.config ?? new Uint8Array(), replaced);
  const bytes = concat(copy, encoder.encode(markerSection(marker, profile, plan, request.helper(helperArgs('active', profile)), copy, request.source)));

  const problem = checkOverlay(bytes, request, marker, served);
  return problem ? { ok: false, reason: problem } : { ok: true, bytes, marker, served };
}

/**
 * Whether botocore takes a profile's credentials from a provider it tries before the config file's
 * keys, by that provider's own trigger: web identity (a token file that is not empty), SSO
 * (sso_account_id or sso_role_name; sso_session or sso_start_url alone is not SSO), login, a process.
 */
function readBeforeConfigKeys(values: Record<string, ConfigValue>): boolean {
  const token = hasOwn(values, 'web_identity_token_file') ? values.web_identity_token_file : '';
  return token !== '' || ['sso_account_id', 'sso_role_name', 'login_session', 'credential_process'].some((k) => hasOwn(values, k));
}

/**
 * Profiles whose credentials the copy asks the extension for, two kinds:
 * - `keys`: keys in the config file that botocore reads (ConfigProvider), directly or as a source
 *   profile's. The copy keeps the access key id (so that botocore still sees static credentials where
 *   it checks for them) and puts a `credential_process` in place of the secret: botocore runs a
 *   process before it reads the config file's keys, and the helper returns exactly those keys.
 * - `profiles` (`extension` mode): role, IAM Identity Center and `aws login` profiles, whose role, SSO
 *   or login keys go (botocore uses them before it runs a process; an AWS CLI older than 2.32 does not
 *   know `login_session` at all); the helper returns what the extension gets for them.
 * Neither where the credentials file has credentials of its own for the name: those win, and still do.
 */
function servedProfiles(request: OverlayRequest): Extract<ConfigOverlay, { ok: true }>['served'] | { ok: false; reason: string } {
  const served = { keys: [] as string[], profiles: [] as string[] };
  // A role that a failing profile names as its source stays with the CLI: serving it could hide that failure (a cycle through it).
  const sourceOfFailure = new Set<unknown>();
  for (const plan of request.analysis.plans.values()) if (plan.result === 'error') sourceOfFailure.add(plan.values.source_profile);
  for (const [name, entry] of request.analysis.model.profiles) {
    const own = entry.configSection?.values;
    if (!own) continue;
    const inCredentialsFile = entry.credentialsSection !== null && CREDENTIAL_KEYS.some((k) => hasOwn(entry.credentialsSection!.values, k));
    if (SECRET_KEYS.some((k) => hasOwn(own, k))) {
      // botocore's credentials-file provider answers only where that file has an access key id for the name (another setting there, mfa_serial say, leaves the config file's keys to be read).
      const keysInCredentialsFile = entry.credentialsSection !== null && hasOwn(entry.credentialsSection.values, 'aws_access_key_id');
      const read = hasOwn(own, 'aws_access_key_id') && !keysInCredentialsFile && !readBeforeConfigKeys(entry.values);
      // botocore gives the profile named "" the credentials of `default`: its keys can only be read as a source profile's.
      if (read && name === '') return { ok: false, reason: l10n.t('the profile named "" has keys in the config file, which only the AWS CLI itself can read; move them to the credentials file') };
      if (read) served.keys.push(name);
      continue;
    }
    const plan = request.analysis.plans.get(name)!;
    const kind = plan.chain[0]?.kind;
    if (request.profileFlag === 'extension' && plan.result === 'ok' && (kind === 'assume_role' || kind === 'sso' || kind === 'login') && !inCredentialsFile && !sourceOfFailure.has(name)) {
      served.profiles.push(name);
    }
  }
  return served;
}

/**
 * The file with some lines replaced (1-based line numbers; line ends kept as they were). `#` blanks
 * a line; INDENTED + TEXT puts TEXT behind the line's own indentation; NESTED_CHECK blanks a
 * continuation line only if it sets a secret inside a nested block (`s3 =` then `aws_secret… =`).
 */
function rewriteLines(bytes: Uint8Array, replaced: Map<number, string>): Uint8Array {
  const out: Uint8Array[] = [];
  let start = 0;
  let line = 1;
  let copiedFrom = 0;
  while (start < bytes.length) {
    let end = start;
    while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
    let next = end;
    if (next < bytes.length) next += bytes[next] === 0x0d && bytes[next + 1] === 0x0a ? 2 : 1;
    let replacement = replaced.get(line);
    if (replacement === NESTED_CHECK) replacement = NESTED_SECRET.test(pyStrip(decoder.decode(bytes.subarray(start, end)))) ? '#' : undefined;
    if (replacement !== undefined) {
      out.push(bytes.subarray(copiedFrom, start));
      if (replacement.startsWith(INDENTED)) {
        const text = decoder.decode(bytes.subarray(start, end));
        replacement = text.slice(0, Math.max(0, firstNonSpace(text))) + replacement.slice(INDENTED.length);
      }
      out.push(encoder.encode(replacement));
      copiedFrom = end;
    }
    start = next;
    line++;
  }
  out.push(bytes.subarray(copiedFrom));
  return concat(...out);
}

/** The marker's section: the helper, then every setting of the profile that is not about credentials. */
function markerSection(marker: string, profile: string, plan: ProfileResolution, helper: string, before: Uint8Array, source: string): string {
  const last = before[before.length - 1];
  const lines = [
    ...(before.length > 0 && last !== 0x0a && last !== 0x0d ? [''] : []),
    '',
    // l10n-ignore-start: the copy's marker section, read back (copyHeader.ts)
    `${PROFILE_LINE} ${JSON.stringify(profile)} through this profile (AWS_PROFILE=${marker}).`,
    `${SOURCE_LINE} ${JSON.stringify(source)}, remade on every change; edit that file instead.`,
    // l10n-ignore-end
    `[profile ${marker}]`,
    `credential_process = ${helper}`,
  ];
  for (const [key, value] of Object.entries(plan.values)) {
    if (CREDENTIALS.has(key) || key === '' || key.startsWith('[')) continue;
    lines.push(...setting(key, value));
  }
  return lines.join('\n') + '\n';
}

/**
 * A key and its value as configparser reads them back: continuation lines indented, a nested block
 * as `key =` and indented pairs. A secret inside (`aws_secret_access_key =` in a block) is left out.
 */
function setting(key: string, value: ConfigValue): string[] {
  if (typeof value !== 'string') {
    return [`${key} =`, ...Object.entries(value).filter(([k]) => !SECRETS.has(k.toLowerCase())).map(([k, v]) => `  ${k} = ${v}`)];
  }
  const [first, ...rest] = value.split('\n');
  return [`${key} = ${first}`, ...rest.filter((part) => !NESTED_SECRET.test(part)).map((part) => (part === '' ? '' : `  ${part}`))];
}

/** Checks the copy with the same engine: the AWS CLI reads it, and the marker and every role served run the helper. */
function checkOverlay(bytes: Uint8Array, request: OverlayRequest, marker: string, served: { keys: string[]; profiles: string[] }): string | undefined {
  const check = analyze(bytes, request.credentials);
  if (check.cliRejects?.file === 'config') return l10n.t('the copy of the config file would be rejected by the AWS CLI (line {0})', check.cliRejects.line ?? '?');
  const runsHelper = (name: string, args: string[]): boolean => {
    const p = check.plans.get(name);
    const hop = p?.result === 'ok' && p.chain.length === 1 ? p.chain[0] : undefined;
    return hop?.kind === 'process' && hop.credential_process === request.helper(args);
  };
  if (!runsHelper(marker, helperArgs('active', request.profile))) return l10n.t('in a copy of the config file, the extension\'s own profile "{0}" would not get its credentials from the extension', marker);
  const stray = served.profiles.find((name) => !runsHelper(name, helperArgs('profile', name)));
  if (stray !== undefined) return l10n.t('in a copy of the config file, profile "{0}" would not get its credentials from the extension', stray);
  for (const [name, original] of request.analysis.plans) {
    const copy = check.plans.get(name);
    if (!copy || !sameResolution(original, copy, served, request.helper)) return l10n.t('in a copy of the config file, profile "{0}" would not resolve as it does from your file', name);
  }
  return undefined;
}

/**
 * Whether a profile resolves from the copy as from the user's file: the same result and chain, except
 * that keys read from the config file come from the helper, and so does a role the extension serves.
 */
function sameResolution(original: ProfileResolution, copy: ProfileResolution, served: { keys: string[]; profiles: string[] }, helper: (args: string[]) => string): boolean {
  if (original.result !== copy.result || original.error !== copy.error || JSON.stringify(original.sts_region) !== JSON.stringify(copy.sts_region)) return false;
  const expected: unknown[] = [];
  const fromHelper = (profile: string, via: 'keys' | 'profile') => ({ kind: 'process', profile, credential_process: helper(helperArgs(via, profile)) });
  for (const hop of original.chain) {
    if (served.profiles.includes(hop.profile)) {
      expected.push(fromHelper(hop.profile, 'profile'));
      break;
    }
    expected.push(hop.kind === 'static' && hop.from === 'config' && served.keys.includes(hop.profile) ? fromHelper(hop.profile, 'keys') : hop);
  }
  // A helper's hop is compared by its command line (its argv is that line split).
  const actual = copy.chain.map((hop, i) => (hop.kind === 'process' && !original.chain.includes(expected[i] as never) ? { kind: hop.kind, profile: hop.profile, credential_process: hop.credential_process } : hop));
  return JSON.stringify(actual) === JSON.stringify(expected);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
