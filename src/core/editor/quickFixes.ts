import type { FileKind } from '../config/types';
import { AwsDocument, sectionIdentity, span, type DocKey, type FileEdit, type Range } from './awsDocument';
import { closest } from './closest';
import type { EditorDiagnostic } from './editorDiagnostics';
import { references } from './navigation';
import * as l10n from '@vscode/l10n';

/** A fix for a problem: the edits to make, in one or both files. */
export interface QuickFix {
  title: string;
  edits: FileEdit[];
  /** The fix to apply first (VS Code's "auto fix"). */
  preferred?: boolean;
}

/** How many profiles a missing source_profile offers to pick from. */
export const MAX_PROFILE_CHOICES = 8;

/** The keys that belong in the credentials file, in the order they are written there. */
const KEY_ORDER = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_security_token'];

/**
 * The fixes for one problem of the buffer. Each leaves a file the AWS CLI reads, and the profile
 * resolving as meant: a header the CLI reads as a profile, an existing source profile, the key or
 * value meant, one of two duplicate keys, the keys moved to the credentials file (only where the
 * profile's credentials stay the same).
 */
export function quickFixes(doc: AwsDocument, d: EditorDiagnostic): QuickFix[] {
  const here = doc.kind;
  const replace = (title: string, range: Range, newText: string, preferred = true): QuickFix => ({ title, edits: [{ file: here, range, newText }], preferred });
  const line = d.range.start.line;
  switch (d.code) {
    case 'section.not_a_profile':
    case 'section.prefix':
    case 'section.dropped':
    case 'credentials.profile_prefix': {
      const header = headerFix(doc, d.code, line);
      // A header the file has already would make a duplicate section, which the AWS CLI refuses.
      if (header === undefined || doc.sections.some((s) => s.line !== line && `[${s.header}]` === header)) return [];
      const fix = replace(`Write ${header}`, d.range, header);
      // A profile that gets another name keeps its source_profile references.
      const before = doc.sectionAt(line)?.name;
      const now = sectionIdentity(doc.kind, header.slice(1, -1)).name;
      if (before !== undefined && before !== null && now !== null && before !== now) for (const ref of references(doc, 'profile', before, false)) fix.edits.push({ ...ref, newText: now });
      return [fix];
    }
    case 'profile.invalid_config':
    case 'profile.cycle':
      if (d.key === 'source_profile') return sourceProfileChoices(doc, d);
      if (d.key === 'credential_source' && d.suggestion) return [replace(l10n.t('Write credential_source = {0}', d.suggestion), d.range, d.suggestion)];
      return [];
    case 'value.source_case':
      return d.suggestion ? [replace(l10n.t('Write source_profile = {0}', d.suggestion), d.range, d.suggestion)] : [];
    case 'value.not_allowed':
      return d.suggestion ? [replace(`Write ${d.key} = ${d.suggestion}`, d.range, d.suggestion)] : [];
    case 'key.typo':
    case 'key.spelling':
    case 'key.case':
      return d.suggestion ? [replace(`Write ${d.suggestion}`, d.range, d.suggestion)] : [];
    case 'line.swallowed': {
      // A key the section has already would become a duplicate, which the AWS CLI refuses.
      const written = /^([^=:[]+?)\s*[=:]/.exec(doc.lineText(line).trim())?.[1].toLowerCase();
      if (written !== undefined && doc.sectionAt(line)?.keys.some((k) => k.key === written)) return [];
      return [replace(l10n.t('Remove the indentation'), span(line, 0, d.range.start.character), '')];
    }
    case 'key.overridden': {
      const key = keyAt(doc, line);
      return key ? [{ title: l10n.t('Remove this line (the credentials file\'s {0} is the one used)', String(d.key)), edits: [deleteKey(doc, here, key)], preferred: true }] : [];
    }
    case 'rejected.duplicate_key': {
      const later = keyAt(doc, line);
      const earlier = d.otherLine === undefined ? undefined : keyAt(doc, d.otherLine);
      if (!later || !earlier) return [];
      return [
        { title: l10n.t('Remove line {0}, keeping this {1}', String(earlier.line + 1), String(d.key)), edits: [deleteKey(doc, here, earlier)], preferred: true },
        { title: l10n.t('Remove this line, keeping line {0}\'s {1}', String(earlier.line + 1), String(d.key)), edits: [deleteKey(doc, here, later)] },
      ];
    }
    case 'key.in_config': {
      const fix = moveKeysToCredentials(doc, line);
      return fix ? [fix] : [];
    }
    default:
      return [];
  }
}

/** The header the AWS CLI reads as meant: `[profile prod]` for `[prod]`, `[profile x]` for `[profiles x]`, `[x]` in the credentials file. */
function headerFix(doc: AwsDocument, code: string, line: number): string | undefined {
  const header = doc.info(line).section;
  if (header === undefined) return undefined;
  const name = header.trim();
  switch (code) {
    case 'section.not_a_profile':
      if (name === 'default') return '[default]';
      return /^profile\s/.test(name) ? `[${name}]` : `[profile ${name}]`;
    case 'section.prefix': {
      const m = /^(profile|sso-session|services)\S+\s+(.*)$/.exec(header);
      return m ? `[${m[1]} ${m[2].trim()}]` : undefined;
    }
    case 'section.dropped': {
      const words = name.split(/\s+/);
      if (words.length < 3 || /["'\\]/.test(name)) return undefined;
      return `[${words[0]} "${words.slice(1).join(' ')}"]`;
    }
    default:
      return `[${name.replace(/^profile\s+/, '')}]`;
  }
}

/** A missing or looping source_profile: one fix per existing profile that can be a source, the nearest name first. */
function sourceProfileChoices(doc: AwsDocument, d: EditorDiagnostic): QuickFix[] {
  const { model, plans } = doc.analysis;
  const written = doc.lineText(d.range.start.line).slice(d.range.start.character, d.range.end.character);
  const candidates = [...model.profiles.keys()].filter((name) => name !== d.profile && name !== written && plans.get(name)?.result === 'ok');
  const near = closest(written, candidates, MAX_PROFILE_CHOICES);
  const rest = candidates.filter((c) => !near.includes(c)).sort((a, b) => a.localeCompare(b));
  return [...near, ...rest].slice(0, MAX_PROFILE_CHOICES).map((name, i) => ({
    title: l10n.t('Change source_profile to {0}', name),
    edits: [{ file: doc.kind, range: d.range, newText: name }],
    preferred: i === 0 && near.length > 0,
  }));
}

/** The key written on a line (0-based), with its continuation lines. */
function keyAt(doc: AwsDocument, line: number): DocKey | undefined {
  return doc.sectionAt(line)?.keys.find((k) => k.line === line);
}

/** Deletes a key's line and the lines that continue its value. */
function deleteKey(doc: AwsDocument, file: FileKind, key: DocKey): FileEdit {
  return { file, range: wholeLines(doc, key.line, key.continuations.at(-1) ?? key.line), newText: '' };
}

/** From the start of `first` to the start of the line after `last` (or the end of the text). */
function wholeLines(doc: AwsDocument, first: number, last: number): Range {
  if (last + 1 < doc.lineCount) return { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } };
  if (first === 0) return { start: { line: 0, character: 0 }, end: { line: last, character: doc.lineText(last).length } };
  // The last line of the text: take the line break before it instead.
  return { start: { line: first - 1, character: doc.lineText(first - 1).length }, end: { line: last, character: doc.lineText(last).length } };
}

/**
 * Moves a config-file profile's keys to its section of the credentials file (made at the end if
 * there is none). Offered only where nothing changes for the AWS CLI: the credentials file has none
 * of these keys for the profile yet, and the profile gets its credentials from the same kind of
 * source afterwards (keys in the credentials file take precedence over a credential_process, say,
 * where keys in the config file do not).
 */
function moveKeysToCredentials(doc: AwsDocument, line: number): QuickFix | undefined {
  const section = doc.sectionAt(line);
  const profile = section?.kind === 'profile' ? section.name! : undefined;
  if (section === undefined || profile === undefined) return undefined;
  const moving = section.keys.filter((k) => KEY_ORDER.includes(k.key) && k.continuations.length === 0).sort((a, b) => KEY_ORDER.indexOf(a.key) - KEY_ORDER.indexOf(b.key));
  if (moving.length === 0) return undefined;
  const credentials = doc.counterpart();
  const target = credentials.sections.find((s) => s.kind === 'profile' && s.name === profile);
  if (target?.keys.some((k) => KEY_ORDER.includes(k.key))) return undefined;
  const written = moving.map((k) => `${k.key} = ${doc.lineText(k.line).slice(k.valueStart, k.valueEnd)}`).join('\n');
  let insert: FileEdit;
  if (target) {
    const after = target.keys.at(-1);
    const at = after ? (after.continuations.at(-1) ?? after.line) : target.line;
    insert = { file: 'credentials', range: span(at, credentials.lineText(at).length, credentials.lineText(at).length), newText: `\n${written}` };
  } else {
    const last = credentials.lineCount - 1;
    const end = credentials.lineText(last).length;
    const separator = credentials.text === '' ? '' : end === 0 ? (last > 0 && credentials.lineText(last - 1) !== '' ? '\n' : '') : '\n\n';
    insert = { file: 'credentials', range: span(last, end, end), newText: `${separator}[${profile}]\n${written}\n` };
  }
  // The config file loses the lines from the bottom up, so that each range still holds.
  const removals = [...moving].sort((a, b) => b.line - a.line).map((k) => deleteKey(doc, 'config', k));
  const fix: QuickFix = { title: l10n.t('Move {0} to [{1}] in the credentials file', moving.map((k) => k.key).join(', '), profile), edits: [...removals, insert], preferred: true };
  return sameCredentials(doc, profile, fix) ? fix : undefined;
}

/** Whether the profile gets its credentials from the same kind of source once a fix is applied (the file static keys come from aside). */
export function sameCredentials(doc: AwsDocument, profile: string, fix: QuickFix): boolean {
  const texts = applyEdits(doc, fix.edits);
  const after = new AwsDocument('config', texts.config, texts.credentials, doc.platform);
  const shape = (d: AwsDocument) => {
    const plan = d.analysis.plans.get(profile);
    return plan ? JSON.stringify([plan.result, plan.error, plan.chain.map((h) => [h.kind, h.profile])]) : undefined;
  };
  return after.analysis.cliRejects === null && shape(after) === shape(doc);
}

/** Both files' texts with a fix's edits made (for checking a fix before offering it, and in tests). */
export function applyEdits(doc: AwsDocument, edits: FileEdit[]): Record<FileKind, string> {
  const other = doc.counterpart();
  const texts: Record<FileKind, string> = { config: '', credentials: '' };
  for (const d of [doc, other]) {
    const mine = edits.filter((e) => e.file === d.kind);
    // Offsets from the end backwards, so that earlier edits do not move later ones.
    const withOffsets = mine.map((e) => ({ e, from: offsetOf(d, e.range.start.line, e.range.start.character), to: offsetOf(d, e.range.end.line, e.range.end.character) })).sort((a, b) => b.from - a.from);
    let text = d.text;
    for (const { e, from, to } of withOffsets) text = text.slice(0, from) + e.newText + text.slice(to);
    texts[d.kind] = text;
  }
  return texts;
}

/** The offset of a position in a document's text. */
function offsetOf(doc: AwsDocument, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    offset += doc.lineText(l).length;
    const c = doc.text.charCodeAt(offset);
    offset += c === 0x0d && doc.text.charCodeAt(offset + 1) === 0x0a ? 2 : c === 0x0a || c === 0x0d ? 1 : 0;
  }
  return offset + character;
}
