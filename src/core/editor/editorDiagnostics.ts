import type { Diagnostic } from '../config/diagnostics';
import { keyLocation, type ProfileEntry } from '../config/profileMap';
import { lineOf, type IniSection } from '../config/iniParser';
import type { ConfigValue } from '../config/types';
import { SERVICE_KEYS } from './awsData';
import { lineParts, nestedPair, sectionIdentity, span, type AwsDocument, type Range } from './awsDocument';
import { closest } from './closest';
import { KEYS, type KeyInfo } from './keyCatalog';
import * as l10n from '@vscode/l10n';

/** How a problem is shown: the engine's errors and warnings, and the editor's own notes. */
export type EditorSeverity = 'error' | 'warning' | 'info';

/** A problem of the buffer, where it is written. */
export interface EditorDiagnostic {
  range: Range;
  severity: EditorSeverity;
  /** The engine's code (`profile.cycle`, `section.not_a_profile`, …) or the editor's (`key.typo`, …). */
  code: string;
  /** What is wrong, then how to fix it: the Profiles view's sentences for the engine's problems. */
  message: string;
  /** The profile it concerns. */
  profile?: string;
  /** The key it concerns. */
  key?: string;
  /** What the key or value was probably meant to be (the quick fix writes it). */
  suggestion?: string;
  /** Another line it involves (0-based): the first of two duplicate keys, the credentials file's line of a key set twice. */
  otherLine?: number;
}

const SERVICE_SET: ReadonlySet<string> = new Set(SERVICE_KEYS);

/**
 * The problems of a buffer as you type: the engine's diagnostics of this file (file rejections,
 * profile errors, the warnings the Profiles view shows), placed at their columns, then what the AWS
 * CLI silently ignores or misreads: unknown and misspelt keys, keys with spaces or capitals, a
 * key in the wrong kind of section, a value outside its closed set, a key the credentials file
 * sets for the same profile, secret keys in the config file, indented lines swallowed by the value
 * above them. Made from the engine's analysis and the few lines a problem is on: a keystroke costs
 * little more than the analysis itself.
 */
export function editorDiagnostics(doc: AwsDocument): EditorDiagnostic[] {
  const out: EditorDiagnostic[] = [];
  for (const d of doc.analysis.diagnostics) if (d.file === doc.kind) out.push(placed(doc, d));
  lint(doc, out);
  return out;
}

/** An engine diagnostic at its columns: the value of the key it is about, else the header, else the line's text. */
function placed(doc: AwsDocument, d: Diagnostic): EditorDiagnostic {
  let line = d.line - 1;
  let key: string | undefined;
  if (d.code.startsWith('profile.') && d.profile !== undefined) {
    key = profileErrorKey(d);
    const entry = doc.analysis.model.profiles.get(d.profile);
    const section = entry && (doc.kind === 'config' ? entry.configSection : entry.credentialsSection);
    const keyLine = key !== undefined && section ? lineOf(section, key) : undefined;
    if (keyLine !== undefined) line = keyLine - 1;
    else key = undefined;
  }
  const text = doc.lineText(line);
  const parts = lineParts(text);
  if (d.code.startsWith('value.') && parts.kind === 'key') key = text.slice(parts.start, parts.keyEnd).toLowerCase();
  let range: Range;
  if (parts.kind === 'key' && (key !== undefined || d.code === 'rejected.duplicate_key')) {
    range = d.code === 'value.inline_comment' ? inlineComment(text, line, parts.value!, parts.end) : span(line, parts.value!, parts.end);
    if (range.start.character >= range.end.character || d.code === 'rejected.duplicate_key') range = span(line, parts.start, parts.end);
  } else if (parts.kind === 'header') {
    range = span(line, parts.start, parts.close! + 1);
  } else {
    range = span(line, parts.start, parts.end);
  }
  const diagnostic: EditorDiagnostic = { range, severity: d.severity, code: d.code, message: `${d.message}\n${d.fix}`, profile: d.profile, key };
  if (d.code === 'rejected.duplicate_key') {
    const first = /\(first at line (\d+)\)/.exec(d.message);
    if (first) diagnostic.otherLine = Number(first[1]) - 1;
    if (parts.kind === 'key') diagnostic.key = text.slice(parts.start, parts.keyEnd).toLowerCase();
  }
  if (key === 'credential_source') diagnostic.suggestion = closest(text.slice(range.start.character, range.end.character), KEYS.profile.get('credential_source')!.values!)[0];
  if (d.code === 'value.source_case') diagnostic.suggestion = /Write source_profile = (.*)\.$/.exec(d.fix)?.[1];
  return diagnostic;
}

/** The key a profile error is about (the engine places it at the header): the one whose line to show. */
function profileErrorKey(d: Diagnostic): string | undefined {
  const m = d.message;
  if (d.code === 'profile.cycle' || m.includes(l10n.t('does not exist')) || m.includes(l10n.t('must have credentials'))) return 'source_profile';
  if (m.includes(l10n.t('credential source')) || m.includes(l10n.t('contains both'))) return 'credential_source';
  if (m.includes(l10n.t('missing: source_profile or credential_source'))) return 'role_arn';
  if (d.code === 'profile.invalid_value') return 'credential_process';
  if (m.includes(l10n.t('sso-session does not exist'))) return 'sso_session';
  return undefined;
}

/** From the first ` #` or ` ;` of a value to its end. */
function inlineComment(text: string, line: number, start: number, end: number): Range {
  const at = text.slice(start, end).search(/\s[#;]/);
  return at < 0 ? span(line, start, end) : span(line, start + at + 1, end);
}

/** One key line of a section, its columns read only when a problem is found on it. */
interface KeyLine {
  key: string;
  /** 0-based. */
  line: number;
}

function keyRange(doc: AwsDocument, k: KeyLine): Range {
  const p = lineParts(doc.lineText(k.line));
  return span(k.line, p.start, p.keyEnd ?? p.end);
}

function valueRange(doc: AwsDocument, k: KeyLine): Range {
  const p = lineParts(doc.lineText(k.line));
  return span(k.line, p.value ?? p.end, p.end);
}

/** One section to check: where it is, what it makes. */
interface Checked {
  section: IniSection;
  header: string;
  place: 'profile' | 'sso-session' | 'services';
  profile?: ProfileEntry;
  /** `[DEFAULT]`: its own keys are checked once, not in every section that inherits them. */
  isDefault?: boolean;
}

/**
 * The sections to check, found from the engine's model (no header split again): every profile's
 * section of this file, `[DEFAULT]`, and the config file's sessions and services sections.
 */
function checkedSections(doc: AwsDocument): Checked[] {
  const { model } = doc.analysis;
  const file = doc.kind === 'config' ? model.configFile : model.credentialsFile;
  const out: Checked[] = [];
  for (const entry of model.profiles.values()) {
    const section = doc.kind === 'config' ? entry.configSection : entry.credentialsSection;
    if (section) out.push({ section, header: section.name, place: 'profile', profile: entry });
  }
  if (file.defaultSection) out.push({ section: file.defaultSection, header: 'DEFAULT', place: 'profile', isDefault: true });
  if (doc.kind === 'config') {
    for (const section of file.sections) {
      if (!section.name.startsWith('sso-session') && !section.name.startsWith('services')) continue;
      const identity = sectionIdentity('config', section.name);
      if (identity.kind === 'sso-session' || identity.kind === 'services') out.push({ section, header: section.name, place: identity.kind });
    }
  }
  return out;
}

function lint(doc: AwsDocument, out: EditorDiagnostic[]): void {
  const file = doc.kind === 'config' ? doc.analysis.model.configFile : doc.analysis.model.credentialsFile;
  const capitals = new Set(file.casedKeyLines);
  // The lines of [DEFAULT]'s keys, which every other section's keys include: checked once, in [DEFAULT].
  const inherited = new Set<number>();
  const defaults = file.defaultSection?.keyLines ?? [];
  for (let i = 1; i < defaults.length; i += 2) inherited.add(defaults[i] as number);
  for (const { section, header, place, profile: entry, isDefault } of checkedSections(doc)) {
    const profile = entry?.name;
    const identity = { kind: isDefault ? 'DEFAULT' : place };
    // A config-file profile whose credentials-file section may set the same keys (botocore merges per key, that file winning).
    const overriding = doc.kind === 'config' && entry?.credentialsSection ? entry : undefined;
    const pairs = section.keyLines;
    for (let i = 0; i < pairs.length; i += 2) {
      const at = pairs[i + 1] as number;
      if (!isDefault && inherited.has(at)) continue;
      const key = pairs[i] as string;
      if (key === '') continue;
      if (capitals.has(at)) {
        const k: KeyLine = { key, line: at - 1 };
        const range = keyRange(doc, k);
        out.push({
          range,
          severity: 'info',
          code: 'key.case',
          message: l10n.t('The AWS CLI reads "{0}" as {1}, but the AWS SDKs for JavaScript, Go and Java keep the case and do not recognise it.\nWrite it in lower case: {2}.', doc.lineText(k.line).slice(range.start.character, range.end.character), key, key),
          key,
          suggestion: key,
          profile,
        });
      }
      if (place === 'services') {
        lintServiceKey(doc, section, { key, line: at - 1 }, section.values[key], out);
        continue;
      }
      const info = KEYS[place].get(key);
      if (info === undefined) {
        out.push(unknownKey(doc, place, { key, line: at - 1 }, profile));
        continue;
      }
      // The value is read only where it matters: a block, a closed set, or lines between this key and the next one written here (a value going on).
      const following = i + 3 < pairs.length ? (pairs[i + 3] as number) : Infinity;
      const gap = (following > at && !inherited.has(following) ? following : Infinity) > at + 1;
      if (info.block) lintBlock(doc, section, { key, line: at - 1 }, section.values[key], KEYS.s3, out);
      else if (info.values !== undefined || gap) {
        const value = section.values[key];
        if (typeof value === 'string' && value.includes('\n')) lintContinuations(doc, { key, line: at - 1 }, out);
        else if (info.values && key !== 'credential_source' && typeof value === 'string' && value !== '') lintValue(doc, info, { key, line: at - 1 }, value, out, profile);
      }
      if (doc.kind === 'config' && identity.kind === 'profile' && info.credentialsFile) {
        out.push({
          range: keyRange(doc, { key, line: at - 1 }),
          severity: 'info',
          code: 'key.in_config',
          message: l10n.t('{0} is read from the config file too, but keys belong in the credentials file: tools keep it private (mode 600) and it is not shared the way the config file is.\nMove the keys of [{1}] to [{2}] in the credentials file.', String(key), String(header), String(profile)),
          key,
          profile,
        });
      }
      if (overriding) lintOverridden(doc, overriding, { key, line: at - 1 }, out);
    }
  }
}

function unknownKey(doc: AwsDocument, place: 'profile' | 'sso-session', k: KeyLine, profile: string | undefined): EditorDiagnostic {
  const known = KEYS[place];
  const spelt = k.key.trim().replace(/[\s-]+/g, '_');
  const base = { range: keyRange(doc, k), key: k.key, profile };
  if (spelt !== k.key && known.has(spelt)) {
    return { ...base, severity: 'warning', code: 'key.spelling', suggestion: spelt, message: l10n.t('The AWS CLI ignores "{0}": setting names are written with underscores.\nWrite {1}.', k.key, spelt) };
  }
  const other = place === 'profile' ? KEYS['sso-session'] : KEYS.profile;
  if (other.has(k.key)) {
    const message =
      place === 'sso-session'
        ? l10n.t('The AWS CLI reads only sso_start_url, sso_region and sso_registration_scopes from an [sso-session] section: {0} here is ignored.\nMove it to the profiles that use this session.', k.key)
        : l10n.t('{0} belongs in an [sso-session] section: the AWS CLI v2 ignores it in a profile.\nMove it to the [sso-session] section this profile names.', k.key);
    return { ...base, severity: 'warning', code: 'key.misplaced', message };
  }
  const near = closest(k.key, known.keys())[0];
  if (near !== undefined) {
    return { ...base, severity: 'warning', code: 'key.typo', suggestion: near, message: l10n.t('The AWS CLI ignores "{0}": no setting has that name.\nDid you mean {1}?', k.key, near) };
  }
  return { ...base, severity: 'info', code: 'key.unknown', message: l10n.t('No AWS CLI or SDK setting is named "{0}": the AWS CLI ignores it (another tool may read it).', k.key) };
}

/** A key of a `[services]` section must name a service and hold a block of endpoint settings. */
function lintServiceKey(doc: AwsDocument, section: IniSection, k: KeyLine, value: ConfigValue, out: EditorDiagnostic[]): void {
  if (!SERVICE_SET.has(k.key)) {
    const near = closest(k.key, SERVICE_KEYS)[0];
    out.push({
      range: keyRange(doc, k),
      severity: 'warning',
      code: near ? 'key.typo' : 'key.unknown',
      key: k.key,
      suggestion: near,
      message: l10n.t('No service is named "{0}" in a [services] section: the AWS CLI ignores it.\n{1}', k.key, near ? `Did you mean ${near}?` : 'Name the service by its id in snake case (s3, dynamodb, elastic_beanstalk).'),
    });
    return;
  }
  if (typeof value === 'string') {
    out.push({ range: keyRange(doc, k), severity: 'warning', code: 'services.not_block', key: k.key, message: l10n.t('{0} in a [services] section takes an indented block ("{1} =" then "  endpoint_url = …"): the AWS CLI ignores a value on its line.', k.key, k.key) });
    return;
  }
  lintBlock(doc, section, k, value, KEYS.service, out);
}

/** The nested keys of a block (`s3 =`, a service's block): each must be one the block takes. */
function lintBlock(doc: AwsDocument, section: IniSection, k: KeyLine, value: ConfigValue, known: ReadonlyMap<string, KeyInfo>, out: EditorDiagnostic[]): void {
  const lines = section.nestedLines?.[k.key];
  if (typeof value === 'string' || lines === undefined) return;
  for (const nested of Object.keys(value)) {
    if (known.has(nested)) continue;
    const line = lines[nested] - 1;
    const pair = nestedPair(doc.lineText(line));
    if (pair === undefined) continue;
    const near = closest(nested, known.keys())[0];
    out.push({
      range: span(line, pair.keyStart, pair.keyEnd),
      severity: 'warning',
      code: near ? 'key.typo' : 'key.unknown',
      key: nested,
      suggestion: near,
      message: l10n.t('The "{0}" block has no setting "{1}": the AWS CLI ignores it.{2}', k.key, nested, near ? `\nDid you mean ${near}?` : ''),
    });
  }
}

/** The lines that continue a key's value, as configparser reads them: deeper-indented lines, comments and blank lines skipped. */
function continuationLines(doc: AwsDocument, line: number): number[] {
  const first = doc.lineText(line);
  const indent = first.length - first.trimStart().length;
  const out: number[] = [];
  for (let l = line + 1; l < doc.lineCount; l++) {
    const text = doc.lineText(l);
    const trimmed = text.trim();
    if (trimmed === '' || trimmed[0] === '#' || trimmed[0] === ';') continue;
    if (text.length - text.trimStart().length <= indent) break;
    out.push(l);
  }
  return out;
}

/** Indented lines after a key with a value are part of that value: a key or header written there is swallowed. */
function lintContinuations(doc: AwsDocument, k: KeyLine, out: EditorDiagnostic[]): void {
  for (const line of continuationLines(doc, k.line)) {
    const text = doc.lineText(line);
    const trimmed = text.trim();
    const header = /^\[.+\]$/.test(trimmed);
    const pair = header ? null : /^([^=:]+?)\s*[=:]/.exec(trimmed);
    if (!header && !(pair !== null && KEYS.profile.has(pair[1].toLowerCase()))) continue;
    const start = text.length - text.trimStart().length;
    out.push({
      range: span(line, start, start + trimmed.length),
      severity: 'warning',
      code: 'line.swallowed',
      key: k.key,
      message: l10n.t('This indented line is part of the value of {0} above it: the AWS CLI does not read it as {1} of its own.\nRemove the indentation.', k.key, header ? 'a section' : 'a key'),
    });
    // After a swallowed header the lines are that section's: fixing the header fixes them.
    if (header) break;
  }
}

function lintValue(doc: AwsDocument, info: KeyInfo, k: KeyLine, value: string, out: EditorDiagnostic[], profile: string | undefined): void {
  const values = info.values!;
  const ok = info.anyCase ? values.some((v) => v.toLowerCase() === value.toLowerCase()) : values.includes(value);
  if (ok) return;
  const near = closest(value, values)[0];
  out.push({
    range: valueRange(doc, k),
    severity: 'warning',
    code: 'value.not_allowed',
    key: k.key,
    profile,
    suggestion: near,
    message: l10n.t('{0} = {1} is not a value the AWS CLI and SDKs know: {2}.{3}', k.key, value, values.join(', '), near ? `\nDid you mean ${near}?` : ''),
  });
}

/** A config-file key of a profile that the credentials file sets too: botocore merges the files per key, the credentials file winning. */
function lintOverridden(doc: AwsDocument, entry: ProfileEntry, k: KeyLine, out: EditorDiagnostic[]): void {
  const there = lineOf(entry.credentialsSection!, k.key);
  if (there === undefined || keyLocation(entry, k.key)?.file !== 'credentials') return;
  out.push({
    range: keyRange(doc, k),
    severity: 'warning',
    code: 'key.overridden',
    key: k.key,
    profile: entry.name,
    otherLine: there - 1,
    message: l10n.t('The credentials file sets {0} for profile "{1}" too (line {2}): the AWS CLI uses that value and ignores this line.\nRemove this line, or the credentials file\'s.', k.key, entry.name, there),
  });
}
