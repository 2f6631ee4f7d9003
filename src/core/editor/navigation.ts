import type { FileKind } from '../config/types';
import { span, type AwsDocument, type DocSection, type FileEdit, type Position, type Range } from './awsDocument';
import { SECRET_KEYS } from './keyCatalog';
import * as l10n from '@vscode/l10n';

/** What a name names: a profile, an IAM Identity Center session, a services section. */
export type NameKind = 'profile' | 'sso-session' | 'services';

/** A place in one of the two files. */
export interface FileLocation {
  file: FileKind;
  range: Range;
}

/** A name under the cursor: in a header, or as the value of source_profile, sso_session or services. */
export interface NameAt {
  kind: NameKind;
  name: string;
  range: Range;
}

/** An entry of the outline. */
export interface EditorSymbol {
  name: string;
  /** Shown beside the name; never a secret. */
  detail: string;
  kind: 'profile' | 'sso-session' | 'services' | 'section' | 'key';
  /** The whole section (or key line). */
  range: Range;
  /** The header (or key). */
  selectionRange: Range;
  children?: EditorSymbol[];
}

/** The keys whose value names a section. */
const REFERENCES: Readonly<Record<NameKind, string>> = { profile: 'source_profile', 'sso-session': 'sso_session', services: 'services' };
const REFERENCE_KIND: Readonly<Record<string, NameKind>> = { source_profile: 'profile', sso_session: 'sso-session', services: 'services' };

/** Names the AWS SDKs read in a config-file header as well as botocore (`[\w-@+.%:/]`), and nothing a header would need quoted. */
const SAFE_NAME = /^[\w@+.%:/-]+$/;

/** The outline: profiles, sessions, services and other sections, each with its keys (a secret's value never shown). */
export function documentSymbols(doc: AwsDocument): EditorSymbol[] {
  return doc.sections.map((s) => {
    const kind = s.kind === 'profile' || s.kind === 'sso-session' || s.kind === 'services' ? s.kind : 'section';
    const end = lastContentLine(doc, s);
    return {
      name: s.name ?? `[${s.header}]`,
      detail: s.kind === 'profile' ? (doc.kind === 'config' && s.header !== 'default' ? 'profile' : '') : s.kind === 'sso-session' ? 'sso-session' : s.kind === 'services' ? 'services' : '',
      kind,
      range: { start: { line: s.line, character: 0 }, end: { line: end, character: doc.lineText(end).length } },
      selectionRange: s.headerRange,
      children: s.keys.map((k) => {
        const last = k.continuations.at(-1) ?? k.line;
        const value = doc.lineText(k.line).slice(k.valueStart, k.valueEnd);
        return {
          name: k.key,
          detail: SECRET_KEYS.has(k.key) ? '••••••••' : k.continuations.length > 0 && value === '' ? '(block)' : value,
          kind: 'key' as const,
          range: { start: { line: k.line, character: k.keyStart }, end: { line: last, character: doc.lineText(last).length } },
          selectionRange: span(k.line, k.keyStart, k.keyEnd),
        };
      }),
    };
  });
}

/** The last line of a section that is not blank (the outline's range leaves trailing blank lines out). */
function lastContentLine(doc: AwsDocument, s: DocSection): number {
  let end = s.lastLine;
  while (end > s.line && doc.info(end).kind === 'blank') end--;
  return end;
}

/** The name under the cursor, if any. */
export function nameAt(doc: AwsDocument, position: Position): NameAt | undefined {
  const section = doc.sectionAt(position.line);
  if (!section) return undefined;
  const inside = (r: Range | undefined) => r !== undefined && r.start.line === position.line && position.character >= r.start.character && position.character <= r.end.character;
  if (position.line === section.line) {
    if (section.name === null || !inside(section.nameRange) || (section.kind !== 'profile' && section.kind !== 'sso-session' && section.kind !== 'services')) return undefined;
    return { kind: section.kind, name: section.name, range: section.nameRange! };
  }
  if (section.kind !== 'profile' && section.kind !== 'DEFAULT') return undefined;
  const key = section.keys.find((k) => k.line === position.line);
  const kind = key && REFERENCE_KIND[key.key];
  if (!key || !kind || key.continuations.length > 0) return undefined;
  const range = span(key.line, key.valueStart, key.valueEnd);
  if (!inside(range) || key.valueStart === key.valueEnd) return undefined;
  return { kind, name: doc.lineText(key.line).slice(key.valueStart, key.valueEnd), range };
}

/** Both files: this document and the other one as it stands. */
function bothFiles(doc: AwsDocument): AwsDocument[] {
  return doc.kind === 'config' ? [doc, doc.counterpart()] : [doc.counterpart(), doc];
}

/** The sections that define a name, in both files (a profile may have one in each, and `[default]` and `[profile default]` both make default). */
function definingSections(doc: AwsDocument, kind: NameKind, name: string): { doc: AwsDocument; section: DocSection }[] {
  const out: { doc: AwsDocument; section: DocSection }[] = [];
  for (const d of bothFiles(doc)) {
    if (d.kind === 'credentials' && kind !== 'profile') continue;
    for (const section of d.sections) if (section.kind === kind && section.name === name) out.push({ doc: d, section });
  }
  return out;
}

/** Where a name is defined: its headers, in both files. */
export function definitions(doc: AwsDocument, kind: NameKind, name: string): FileLocation[] {
  return definingSections(doc, kind, name).map(({ doc: d, section }) => ({ file: d.kind, range: section.nameRange ?? section.headerRange }));
}

/** Where a name is used (`source_profile = NAME`, …), in both files; with its definitions when asked. */
export function references(doc: AwsDocument, kind: NameKind, name: string, includeDefinitions: boolean): FileLocation[] {
  const out = includeDefinitions ? definitions(doc, kind, name) : [];
  const key = REFERENCES[kind];
  for (const d of bothFiles(doc)) {
    for (const section of d.sections) {
      // [DEFAULT]'s keys are every section's.
      if (section.kind !== 'profile' && section.kind !== 'DEFAULT') continue;
      for (const k of section.keys) {
        if (k.key !== key || k.continuations.length > 0) continue;
        if (d.lineText(k.line).slice(k.valueStart, k.valueEnd) === name) out.push({ file: d.kind, range: span(k.line, k.valueStart, k.valueEnd) });
      }
    }
  }
  return out;
}

/** A rename that cannot be made, with why. */
export class RenameRefused extends Error {}

/**
 * The edits that rename a profile, session or services section everywhere: its headers in both
 * files and every key that names it, as one change. `[default]` becomes `[profile NEW]` in the
 * config file (and a profile renamed to default gets `[default]`).
 */
export function renameEdits(doc: AwsDocument, position: Position, newName: string): FileEdit[] {
  const at = nameAt(doc, position);
  if (!at) throw new RenameRefused(l10n.t('Put the cursor on a profile, sso-session or services name: in its header, or after source_profile, sso_session or services.'));
  if (newName === at.name) return [];
  if (!SAFE_NAME.test(newName)) throw new RenameRefused(l10n.t('"{0}" cannot be a name here: use letters, digits and _ - . @ + % : / only, so that the AWS CLI and the AWS SDKs all read it.', newName));
  const sections = definingSections(doc, at.kind, at.name);
  if (sections.length === 0) throw new RenameRefused(l10n.t('No section defines {0} "{1}": nothing to rename.', at.kind, at.name));
  if (definingSections(doc, at.kind, newName).length > 0) throw new RenameRefused(l10n.t('A {0} named "{1}" exists already.', at.kind, newName));
  const inConfig = sections.filter((s) => s.doc.kind === 'config');
  if (inConfig.length > 1) {
    throw new RenameRefused(l10n.t('{0} both make {1} "{2}", and the AWS CLI uses only the last: keep one of them before renaming it.', inConfig.map((s) => `[${s.section.header}] (line ${s.section.line + 1})`).join(' and '), at.kind, at.name));
  }
  const edits: FileEdit[] = [];
  for (const { doc: d, section } of sections) {
    if (d.kind === 'config' && at.kind === 'profile' && (section.header === 'default' || newName === 'default')) {
      edits.push({ file: 'config', range: section.headerRange, newText: newName === 'default' ? '[default]' : `[profile ${newName}]` });
    } else if (section.nameRange) {
      edits.push({ file: d.kind, range: section.nameRange, newText: newName });
    } else {
      throw new RenameRefused(l10n.t('The header [{0}] is written with quotes or escapes: rename it by hand.', section.header));
    }
  }
  for (const ref of references(doc, at.kind, at.name, false)) edits.push({ ...ref, newText: newName });
  return edits;
}

/** The header lines (0-based) that make a profile, for the lenses above them, from the engine's analysis alone (a section a later one replaces gets none). */
export function profileHeaders(doc: AwsDocument): { profile: string; line: number }[] {
  const out: { profile: string; line: number }[] = [];
  for (const entry of doc.analysis.model.profiles.values()) {
    const section = doc.kind === 'config' ? entry.configSection : entry.credentialsSection;
    if (section) out.push({ profile: entry.name, line: section.line - 1 });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** A key line whose key is a secret's (botocore lower-cases keys): the value after the `=` or `:`. */
const SECRET_LINE = /^([ \t]*)(aws_secret_access_key|aws_session_token|aws_security_token)[ \t]*[=:][ \t]*(.*?)[ \t]*$/i;

/**
 * Where the values of secret keys are written, to mask them: on every key line of a secret key
 * (in any section, or before the first header), and on the lines that continue its value (more
 * indented, as configparser reads them). A scan of the text, cheap enough for every keystroke.
 */
export function maskRanges(text: string): Range[] {
  const out: Range[] = [];
  if (!/aws_se(cret_access_key|ssion_token|curity_token)/i.test(text)) return out;
  const lines = text.split(/\r\n|\r|\n/);
  for (let line = 0; line < lines.length; line++) {
    const m = SECRET_LINE.exec(lines[line]);
    if (!m) continue;
    const start = lines[line].length - lines[line].trimStart().length;
    const value = m[3];
    const end = lines[line].trimEnd().length;
    if (value !== '') out.push(span(line, end - value.length, end));
    // A value that goes on over indented lines: those are the secret too.
    for (let next = line + 1; next < lines.length; next++) {
      const t = lines[next];
      const trimmed = t.trim();
      if (trimmed === '' || trimmed[0] === '#' || trimmed[0] === ';') continue;
      const indent = t.length - t.trimStart().length;
      if (indent <= start) break;
      out.push(span(next, indent, t.trimEnd().length));
      line = next;
    }
  }
  return out;
}
