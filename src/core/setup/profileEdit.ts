import * as l10n from '@vscode/l10n';
import { UserError } from '../common/errors';
import { hasOwn } from '../common/objects';
import { analyze, type Analysis } from '../index';
import type { ConfigValue, FileKind, ProfileResolution } from '../config/types';
import { invalidProfileName } from '../sso/ssoProfiles';
import { checkEdit, dependentsOf, type AwsFilesBytes, type EditIntent, type FileNames, type Outcome } from './editCheck';
import { IniDocument } from './iniDocument';

/** The keys `aws configure set` writes to the credentials file; every other key goes to the config file. */
export const CREDENTIAL_FILE_KEYS: readonly string[] = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];

/** One change of the profiles, as the commands ask for it. */
export type ProfileChange =
  /**
   * Sets (a string) or removes (null) settings of a profile, in this order. `create`: the profile
   * must not exist yet. `outcome`: how the profile must resolve afterwards, besides having these values.
   */
  | { kind: 'set'; profile: string; values: ReadonlyArray<readonly [string, string | null]>; create?: boolean; outcome?: Outcome }
  /** Renames a profile in both files, and every source_profile naming it. */
  | { kind: 'rename'; from: string; to: string }
  /** Deletes a profile from both files (profiles using it as their source are left as they are, now failing). */
  | { kind: 'delete'; profile: string };

/** An edit ready to write: the files' new bytes, which of them change, and both analyses. */
export interface PlannedEdit {
  before: AwsFilesBytes;
  after: AwsFilesBytes;
  /** The files whose bytes change. */
  changed: FileKind[];
  analysisBefore: Analysis;
  analysisAfter: Analysis;
}

/** How an edit is planned. */
export interface PlanOptions {
  /** How the files are called in sentences. */
  names: FileNames;
  /** Node's name of the system (see analyze). */
  platform?: string;
}

/**
 * Plans a change of the profiles on the files' current bytes, as `aws configure set` would write it
 * (see IniDocument), and checks the result with the engine (checkEdit): the bytes to write, or a
 * UserError saying why nothing may be written (a file the AWS CLI refuses, a name taken, an edit that
 * would not resolve as meant or would change another profile).
 */
export function planProfileEdit(before: AwsFilesBytes, change: ProfileChange, options: PlanOptions): PlannedEdit {
  const analysisBefore = analyze(before.config, before.credentials, { platform: options.platform });
  refuseRejectedFiles(analysisBefore, options.names);
  const docs = { config: new IniDocument(before.config), credentials: new IniDocument(before.credentials) };
  let intent: EditIntent;
  switch (change.kind) {
    case 'set':
      intent = applySet(analysisBefore, docs, change);
      break;
    case 'rename':
      intent = applyRename(analysisBefore, docs, change.from, change.to, options.names);
      break;
    case 'delete':
      intent = applyDelete(analysisBefore, docs, change.profile, options.platform);
      break;
  }
  return finish(before, docs, analysisBefore, intent, options);
}

/**
 * Checks new bytes made elsewhere (sections appended by "Add Profiles from IAM Identity Center") as
 * planProfileEdit checks its own: the files must be accepted before and after, `added` profiles must
 * resolve as `outcome` says, every other profile as before.
 */
export function planAppend(before: AwsFilesBytes, after: AwsFilesBytes, added: ReadonlyMap<string, Outcome>, options: PlanOptions & { ssoSessions?: readonly string[] }): PlannedEdit {
  const analysisBefore = analyze(before.config, before.credentials, { platform: options.platform });
  refuseRejectedFiles(analysisBefore, options.names);
  for (const name of added.keys()) {
    if (analysisBefore.model.profiles.has(name)) throw new UserError(l10n.t('There is a profile "{0}" already. Nothing was written.', name), 'edit.nameTaken');
  }
  const analysisAfter = analyze(after.config, after.credentials, { platform: options.platform });
  checkEdit(analysisBefore, analysisAfter, { changes: added, ssoSessions: options.ssoSessions }, options.names);
  return { before, after, changed: changedFiles(before, after), analysisBefore, analysisAfter };
}

/** Refuses to edit files the AWS CLI refuses: the result could not be checked, and every `aws` command fails on them anyway. */
function refuseRejectedFiles(analysis: Analysis, names: FileNames): void {
  const rejected = analysis.cliRejects;
  if (!rejected) return;
  const file = rejected.file === 'config' ? analysis.model.configFile : analysis.model.credentialsFile;
  const problem = file.rejection!;
  throw new UserError(
    l10n.t(
      '{0} line {1}: {2}. The AWS CLI refuses this file (every aws command fails), so AWS Profiles does not edit it: fix that line first (it is shown at the top of the Profiles view). Nothing was written.',
      names[rejected.file],
      problem.at,
      problem.message,
    ),
    'edit.fileRejected',
  );
}

type Docs = Record<FileKind, IniDocument>;

/** The sentence for a profile that is gone from the files. */
function gone(profile: string): string {
  return l10n.t('There is no profile "{0}" in the AWS files any more. Nothing was written.', profile);
}

/**
 * The config file's header of a profile: `default`, `profile NAME`, or `profile "NAME"` for a name
 * botocore's shlex would otherwise split or refuse (a space, a quote, a backslash: a profile of the
 * credentials file can have such a name). The AWS CLI writes `[profile my name]`, which botocore drops.
 */
export function configHeader(profile: string): string {
  if (profile === 'default') return 'default';
  return /^$|[ \t\r\n'"\\]/.test(profile) ? `profile "${profile.replace(/[\\"]/g, '\\$&')}"` : `profile ${profile}`;
}

function applySet(analysis: Analysis, docs: Docs, change: Extract<ProfileChange, { kind: 'set' }>): EditIntent {
  const { profile } = change;
  const entry = analysis.model.profiles.get(profile);
  if (change.create && entry) {
    const at = entry.config ?? entry.credentials!;
    throw new UserError(l10n.t('There is a profile "{0}" already (the {1} file, line {2}): pick another name, or use Edit Profile. Nothing was written.', profile, at.file, at.line), 'edit.nameTaken');
  }
  if (!change.create && !entry) throw new UserError(gone(profile), 'profile.missing');
  for (const [key, value] of change.values) {
    // l10n-ignore-start: bugs of the caller (the commands check both first), not sentences for the user
    if (!/^[a-z0-9_]+$/.test(key)) throw new Error(`not a setting name: ${key}`);
    if (value !== null && (/[\r\n]/.test(value) || value.trim() !== value)) throw new Error(`a value of ${key} with a line break or surrounding spaces`);
    // l10n-ignore-end
  }
  const headers: Record<FileKind, string> = {
    config: entry?.configSection?.name ?? configHeader(profile),
    credentials: entry?.credentialsSection?.name ?? profile,
  };
  const writes: Record<FileKind, Array<readonly [string, string]>> = { config: [], credentials: [] };
  // A profile of the credentials file alone, with a [DEFAULT] in the config file: a new config-file
  // section would inherit [DEFAULT]'s keys, so its settings go to its credentials-file section, which
  // botocore merges over the config file's as well.
  const onlyCredentials = !docs.config.hasSection(headers.config) && docs.config.hasSection('DEFAULT') && docs.credentials.hasSection(headers.credentials);
  for (const [key, value] of change.values) {
    if (value === null) {
      for (const file of ['config', 'credentials'] as const) if (docs[file].hasSection(headers[file])) docs[file].removeKeys(headers[file], [key]);
      continue;
    }
    // Where botocore reads it: a key the profile's credentials-file section has stays there (it wins
    // over the config file's); keys go to the credentials file, everything else to the config file.
    const inCredentials = docs.credentials.hasSection(headers.credentials) && docs.credentials.hasKey(headers.credentials, key);
    writes[inCredentials || onlyCredentials || CREDENTIAL_FILE_KEYS.includes(key) ? 'credentials' : 'config'].push([key, value]);
  }
  const newConfigSection = writes.config.length > 0 && !docs.config.hasSection(headers.config);
  for (const file of ['credentials', 'config'] as const) {
    if (writes[file].length === 0) continue;
    if (docs[file].hasSection(headers[file])) docs[file].setKeys(headers[file], writes[file]);
    else docs[file].appendSection(headers[file], writes[file]);
  }
  const wanted = new Map(change.values);
  const was = analysis.plans.get(profile);
  return {
    changes: new Map([
      [
        profile,
        (after: ProfileResolution | undefined) => {
          if (after === undefined) return l10n.t('would not exist');
          for (const [key, value] of wanted) {
            if (value === null && hasOwn(after.values, key)) return l10n.t('would still have {0} (from [DEFAULT], or a line AWS Profiles cannot remove)', key);
            if (value !== null && after.values[key] !== value) return l10n.t('would not read the new {0}', key);
          }
          // A new profile inherits what [DEFAULT] gives every profile, as botocore wants; an existing one keeps its other settings.
          for (const key of was === undefined ? [] : new Set([...Object.keys(was.values), ...Object.keys(after.values)])) {
            if (wanted.has(key)) continue;
            if (JSON.stringify(was!.values[key]) !== JSON.stringify(after.values[key])) {
              return newConfigSection && docs.config.hasSection('DEFAULT')
                ? l10n.t('would also change its {0} (a new section of the config file inherits its [DEFAULT] section)', key)
                : l10n.t('would also change its {0}', key);
            }
          }
          // A setting that makes a working profile fail (source_profile next to credential_source, …) is refused with botocore's reason.
          if (after.result === 'error' && was !== undefined && was.result !== 'error') return l10n.t('would fail as the AWS CLI would: {0}', after.error_message ?? '');
          return change.outcome?.(after);
        },
      ],
    ]),
  };
}

function applyRename(analysis: Analysis, docs: Docs, from: string, to: string, names: FileNames): EditIntent {
  const entry = analysis.model.profiles.get(from);
  if (!entry) throw new UserError(gone(from), 'profile.missing');
  if (to === from) throw new UserError(l10n.t('The profile is called "{0}" already.', from), 'edit.sameName');
  const invalid = invalidProfileName(to, (n) => analysis.model.profiles.has(n));
  if (invalid !== undefined) throw new UserError(l10n.t('"{0}" cannot be the new name: {1} Nothing was written.', to, invalid), 'edit.nameInvalid');
  if (entry.configSection) docs.config.renameSection(entry.configSection.name, configHeader(to));
  if (entry.credentialsSection) {
    if (docs.credentials.hasSection(to)) throw new UserError(l10n.t('{0} has a section [{1}] already. Nothing was written.', names.credentials, to), 'edit.nameTaken');
    docs.credentials.renameSection(entry.credentialsSection.name, to);
  }
  // Every section that names the profile as its source, [DEFAULT] included, names the new one.
  for (const file of ['config', 'credentials'] as const) {
    for (const header of docs[file].headers()) {
      if (docs[file].ownValue(header, 'source_profile') === from) docs[file].setKeys(header, [['source_profile', to]]);
    }
  }
  return { changes: new Map(), rename: { from, to } };
}

function applyDelete(analysis: Analysis, docs: Docs, profile: string, platform: string | undefined): EditIntent {
  const entry = analysis.model.profiles.get(profile);
  if (!entry) throw new UserError(gone(profile), 'profile.missing');
  if (entry.credentialsSection) docs.credentials.removeSection(entry.credentialsSection.name);
  // A section this one replaced (`[default]` before `[profile default]`) would make the profile again: remove those too.
  for (let guard = 0; guard < 10; guard++) {
    const now = analyze(docs.config.bytes(), null, { platform }).model.profiles.get(profile)?.configSection;
    if (!now) break;
    docs.config.removeSection(now.name);
  }
  return { changes: new Map([[profile, (after: ProfileResolution | undefined) => (after === undefined ? undefined : l10n.t('would still exist'))]]) };
}

function finish(before: AwsFilesBytes, docs: Docs, analysisBefore: Analysis, intent: EditIntent, options: PlanOptions): PlannedEdit {
  const after: AwsFilesBytes = {
    config: unchangedOr(before.config, docs.config),
    credentials: unchangedOr(before.credentials, docs.credentials),
  };
  const analysisAfter = analyze(after.config, after.credentials, { platform: options.platform });
  checkEdit(analysisBefore, analysisAfter, intent, options.names);
  return { before, after, changed: changedFiles(before, after), analysisBefore, analysisAfter };
}

/** The document's bytes, or the original (null included) when nothing in it changed. */
function unchangedOr(original: Uint8Array | null, doc: IniDocument): Uint8Array | null {
  const now = doc.bytes();
  if (original === null) return now.length === 0 ? null : now;
  return sameBytes(original, now) ? original : now;
}

function changedFiles(before: AwsFilesBytes, after: AwsFilesBytes): FileKind[] {
  return (['config', 'credentials'] as const).filter((f) => before[f] !== after[f] && !(before[f] && after[f] && sameBytes(before[f]!, after[f]!)));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The profiles that would stop working if `profile` were deleted (directly or through another), for the question before a delete. */
export function brokenByDelete(analysis: Analysis, profile: string): string[] {
  return dependentsOf(analysis, [profile]);
}

/** One setting of a profile as its own sections hold it (or as [DEFAULT] gives it). */
export interface OwnSetting {
  key: string;
  value: ConfigValue;
  /** Where it is written; for an inherited key, the file whose [DEFAULT] gives it. */
  file: FileKind;
  /** From [DEFAULT], not the profile's own section. */
  inherited: boolean;
}

/** A profile's settings as botocore reads them (credentials-file keys over config-file ones), each with where it is written: what "Edit Profile…" lists. */
export function settingsOf(files: AwsFilesBytes, profile: string, platform?: string): OwnSetting[] {
  const entry = analyze(files.config, files.credentials, { platform }).model.profiles.get(profile);
  if (!entry) return [];
  const docs = { config: new IniDocument(files.config), credentials: new IniDocument(files.credentials) };
  const out = new Map<string, OwnSetting>();
  for (const [file, section] of [['config', entry.configSection], ['credentials', entry.credentialsSection]] as const) {
    if (!section) continue;
    for (const key of Object.keys(section.values)) {
      out.set(key, { key, value: section.values[key], file, inherited: !docs[file].hasKey(section.name, key) });
    }
  }
  return [...out.values()];
}

/** A new IAM Identity Center session, as `aws configure sso-session` asks for it. */
export interface NewSsoSession {
  name: string;
  startUrl: string;
  region: string;
}

/** Why text cannot be a session's start URL (an https:// URL, as the AWS access portal's), or undefined. */
export function startUrlProblem(text: string): string | undefined {
  return /^https:\/\/[^\s/]+\.[^\s/]+(\/\S*)?$/.test(text) ? undefined : l10n.t('The start URL of the AWS access portal, such as https://d-1234567890.awsapps.com/start.');
}

/**
 * Appends an `[sso-session NAME]` section to the config file as `aws configure sso-session` writes
 * it (start URL, region, the default scope), checked as every edit is: the session is new, and no
 * profile or other session changes.
 */
export function planSsoSession(before: AwsFilesBytes, session: NewSsoSession, options: PlanOptions): PlannedEdit {
  const analysisBefore = analyze(before.config, before.credentials, { platform: options.platform });
  refuseRejectedFiles(analysisBefore, options.names);
  if (analysisBefore.model.ssoSessions.has(session.name)) throw new UserError(l10n.t('There is an IAM Identity Center session "{0}" already. Nothing was written.', session.name), 'edit.nameTaken');
  const invalid = invalidProfileName(session.name, () => false);
  if (invalid !== undefined) throw new UserError(l10n.t('"{0}" cannot be a session name: {1}', session.name, invalid), 'edit.nameInvalid');
  const config = new IniDocument(before.config);
  config.appendSection(`sso-session ${session.name}`, [
    ['sso_start_url', session.startUrl],
    ['sso_region', session.region],
    ['sso_registration_scopes', 'sso:account:access'],
  ]);
  const after = { config: config.bytes(), credentials: before.credentials };
  const analysisAfter = analyze(after.config, after.credentials, { platform: options.platform });
  checkEdit(analysisBefore, analysisAfter, { changes: new Map(), ssoSessions: [session.name] }, options.names);
  if (!analysisAfter.model.ssoSessions.has(session.name)) throw new UserError(l10n.t('Nothing was written: the session "{0}" would not be read.', session.name), 'edit.notAsMeant');
  return { before, after, changed: changedFiles(before, after), analysisBefore, analysisAfter };
}
