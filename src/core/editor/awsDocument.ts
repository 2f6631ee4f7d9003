import { parseIni, type IniSection, type LineInfo } from '../config/iniParser';
import { isPySpace } from '../config/pyText';
import { ShlexError, shlexSplit } from '../config/shlex';
import { analyze, type Analysis, type FileKind } from '../index';

/** A place in a buffer as an editor counts it: 0-based line, UTF-16 column. */
export interface Position {
  line: number;
  character: number;
}

/** A stretch of a buffer. */
export interface Range {
  start: Position;
  end: Position;
}

/** A change to one of the two files. */
export interface FileEdit {
  file: FileKind;
  range: Range;
  newText: string;
}

/** A range within one line. */
export function span(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** What a section of a file is to botocore: a profile (`[default]` too), a session, a services section, the `[DEFAULT]` inherited by every other, or none of these. */
export type SectionKind = 'profile' | 'sso-session' | 'services' | 'DEFAULT' | 'other';

/** The section around a line, as completion needs it. */
export interface SectionContext {
  header: string;
  /** 0-based line of the header. */
  line: number;
  kind: SectionKind;
  name: string | null;
  /** The keys written in it (not those inherited), but for the line asked about. */
  keys: ReadonlySet<string>;
}

/** A key line of a section, with where its parts are written. */
export interface DocKey {
  /** As botocore reads it: lower-cased. */
  key: string;
  /** 0-based line. */
  line: number;
  keyStart: number;
  keyEnd: number;
  delim: number;
  valueStart: number;
  valueEnd: number;
  /** The lines that continue its value (indented deeper): a nested block's `k = v` lines, or text botocore appends to the value. */
  continuations: number[];
}

/** A section of a file with where its header, its name and its keys are written. */
export interface DocSection {
  /** The text between the brackets, as botocore reads it. */
  header: string;
  kind: SectionKind;
  /** The profile, session or services name (botocore's reading of the header), or null where the header makes none. */
  name: string | null;
  /** 0-based line of the header; `lastLine` is the last before the next header (or the file's end). */
  line: number;
  lastLine: number;
  /** From `[` to `]`. */
  headerRange: Range;
  /** Where the name is written as it is (no escapes), for renaming it; quotes around it excluded. */
  nameRange?: Range;
  keys: DocKey[];
}

const decoder = new TextDecoder();

/**
 * One of the two AWS files as an editor holds it (the unsaved text), read exactly as botocore reads
 * it together with the other file as it stands (its own unsaved text, or its bytes on disk): the
 * engine's analysis of both, every line of this one with its columns, and its sections on demand.
 */
export class AwsDocument {
  readonly analysis: Analysis;
  private lineList: LineInfo[] | undefined;
  private starts: number[] | undefined;
  private sectionList: DocSection[] | undefined;
  private otherDocument: AwsDocument | undefined;

  constructor(
    readonly kind: FileKind,
    readonly text: string,
    /** The other file's bytes, or its text where an editor holds it (null: it does not exist). */
    readonly other: Uint8Array | string | null,
    /** Node's name of the system (`process.platform`), for the engine's rules that differ by system. */
    readonly platform?: string,
  ) {
    // The engine reads the text itself: no encoding to bytes and back on every keystroke.
    this.analysis = analyze(kind === 'config' ? text : other, kind === 'credentials' ? text : other, { platform });
  }

  /**
   * Every line of this file with its columns, indexed by 1-based line number (parseIni's lines): read
   * on first use, as the engine's analysis keeps no lines (what every keystroke pays for is the
   * analysis alone).
   */
  get lines(): readonly LineInfo[] {
    return (this.lineList ??= parseIni(this.text, { lines: true }).lines!);
  }

  /**
   * The section a 0-based line is in, from the engine's analysis alone (no second reading of the
   * file): its header, what it is, and the keys written in it. Undefined above the first header.
   * A header written twice is one section to botocore, found at its first line.
   */
  contextAt(line: number): SectionContext | undefined {
    const file = this.kind === 'config' ? this.analysis.model.configFile : this.analysis.model.credentialsFile;
    const list = file.sections;
    // The last section whose header is at or above the line (IniSection lines are 1-based).
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].line - 1 <= line) lo = mid + 1;
      else hi = mid - 1;
    }
    let found: IniSection | undefined = list[lo - 1];
    let headerLine = found?.line;
    const defaults = file.defaultSection;
    if (defaults && file.defaultLine !== null && file.defaultLine - 1 <= line && (headerLine === undefined || headerLine < file.defaultLine)) {
      found = defaults;
      headerLine = file.defaultLine;
    }
    if (found === undefined || headerLine === undefined) return undefined;
    const next = list[lo]?.line ?? Infinity;
    const keys = new Set<string>();
    for (let i = 0; i < found.keyLines.length; i += 2) {
      const at = found.keyLines[i + 1] as number;
      if (at > headerLine && at < next && at - 1 !== line) keys.add(found.keyLines[i] as string);
    }
    const header = found === defaults ? 'DEFAULT' : found.name;
    return { header, line: headerLine - 1, ...sectionIdentity(this.kind, header), keys };
  }

  /** The number of lines (an editor's count: a last empty line included). */
  get lineCount(): number {
    return this.lineStarts().length;
  }

  /** The text of a 0-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    if (line < 0 || line >= starts.length) return '';
    let end = line + 1 < starts.length ? starts[line + 1] - 1 : this.text.length;
    if (end > starts[line] && this.text.charCodeAt(end) === 0x0a && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return this.text.slice(starts[line], end);
  }

  /** The 0-based line of an offset in the text. */
  lineAt(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Where each line starts in the text: `\n`, `\r\n` and a lone `\r` end a line, as in VS Code and botocore. */
  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const text = this.text;
    const starts = [0];
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
        if (c === 0x0a || c === 0x0d) starts.push(i + 1);
      }
    }
    return (this.starts = starts);
  }

  /** The other file as a document of its own (empty where it does not exist), read with this one's text as its counterpart. */
  counterpart(): AwsDocument {
    const other = this.other === null ? '' : typeof this.other === 'string' ? this.other : decoder.decode(this.other);
    return (this.otherDocument ??= new AwsDocument(this.kind === 'config' ? 'credentials' : 'config', other, this.text, this.platform));
  }

  /** The line's classification (0-based line), or a blank line past the end. */
  info(line: number): LineInfo {
    return this.lines[line + 1] ?? { kind: 'blank' };
  }

  /** Every section in file order (a header in a value, which botocore swallows, makes none). */
  get sections(): readonly DocSection[] {
    return (this.sectionList ??= readSections(this));
  }

  /** The section a 0-based line belongs to (its header line included), or undefined above the first header. */
  sectionAt(line: number): DocSection | undefined {
    const list = this.sections;
    let lo = 0;
    let hi = list.length - 1;
    let found: DocSection | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].line <= line) {
        found = list[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

/** What a header makes in a file: botocore's build_profile_map in the config file, the name verbatim in the credentials file. */
export function sectionIdentity(kind: FileKind, header: string): { kind: SectionKind; name: string | null } {
  if (header === 'DEFAULT') return { kind: 'DEFAULT', name: null };
  if (kind === 'credentials') return { kind: 'profile', name: header };
  if (header === 'default') return { kind: 'profile', name: 'default' };
  const prefix = header.startsWith('profile') ? 'profile' : header.startsWith('sso-session') ? 'sso-session' : header.startsWith('services') ? 'services' : null;
  if (prefix === null) return { kind: 'other', name: null };
  let words: string[];
  try {
    words = shlexSplit(header);
  } catch (e) {
    if (e instanceof ShlexError) return { kind: 'other', name: null };
    throw e;
  }
  return words.length === 2 ? { kind: prefix, name: words[1] } : { kind: 'other', name: null };
}

/** Where the name of a header is written as it is: after the prefix word in the config file, the whole header in the credentials file. */
function nameColumns(kind: FileKind, header: string, name: string): [number, number] | undefined {
  if (kind === 'credentials' || header === 'default') return [0, header.length];
  const m = /^\S+\s+/.exec(header);
  if (!m) return undefined;
  const rest = header.slice(m[0].length).replace(/\s+$/, '');
  const quote = rest[0];
  if ((quote === '"' || quote === "'") && rest.length >= 2 && rest.endsWith(quote) && rest.slice(1, -1) === name) return [m[0].length + 1, m[0].length + rest.length - 1];
  return rest === name ? [m[0].length, m[0].length + rest.length] : undefined;
}

function readSections(doc: AwsDocument): DocSection[] {
  const sections: DocSection[] = [];
  let current: DocSection | undefined;
  let lastKey: DocKey | undefined;
  const lines = doc.lines;
  for (let n = 1; n < lines.length; n++) {
    const info = lines[n];
    const line = n - 1;
    if (info.kind === 'header') {
      if (current) current.lastLine = line - 1;
      const header = info.section!;
      const identity = sectionIdentity(doc.kind, header);
      const open = info.start!;
      const columns = identity.name === null ? undefined : nameColumns(doc.kind, header, identity.name);
      current = {
        header,
        kind: identity.kind,
        name: identity.name,
        line,
        lastLine: line,
        headerRange: span(line, open, info.close! + 1),
        nameRange: columns && span(line, open + 1 + columns[0], open + 1 + columns[1]),
        keys: [],
      };
      sections.push(current);
      lastKey = undefined;
    } else if (info.kind === 'key' && current) {
      lastKey = { key: info.key!, line, keyStart: info.start!, keyEnd: info.keyEnd!, delim: info.delim!, valueStart: info.value!, valueEnd: info.end!, continuations: [] };
      current.keys.push(lastKey);
    } else if (info.kind === 'continuation' && lastKey) {
      lastKey.continuations.push(line);
    }
  }
  if (current) current.lastLine = Math.max(current.line, doc.lineCount - 1);
  return sections;
}

/** Where the parts of one line are, read on its own with configparser's rules for a header or a key line. */
export interface LineParts {
  kind: 'blank' | 'comment' | 'header' | 'key' | 'other';
  /** The text without surrounding whitespace. */
  start: number;
  end: number;
  /** A header's `]`. */
  close?: number;
  keyEnd?: number;
  delim?: number;
  value?: number;
}

/** The parts of a line: what the engine's diagnostics and the editor's checks need of the few lines they are about. */
export function lineParts(text: string): LineParts {
  let start = 0;
  while (start < text.length && isPySpace(text.charCodeAt(start))) start++;
  let end = text.length;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return { kind: 'blank', start: 0, end: 0 };
  if (text[start] === '#' || text[start] === ';') return { kind: 'comment', start, end };
  if (text[start] === '[') {
    const close = text.lastIndexOf(']', end - 1);
    if (close >= start + 2) return { kind: 'header', start, end, close };
  }
  let delim = start;
  while (delim < end && text[delim] !== '=' && text[delim] !== ':') delim++;
  if (delim === end) return { kind: 'other', start, end };
  let keyEnd = delim;
  while (keyEnd > start && isPySpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
  let value = delim + 1;
  while (value < end && isPySpace(text.charCodeAt(value))) value++;
  return { kind: 'key', start, end, keyEnd, delim, value };
}

/** A nested line of a block (`  max_concurrent_requests = 20`): its key and value as botocore splits it (at the first `=`). */
export function nestedPair(text: string): { key: string; keyStart: number; keyEnd: number; valueStart: number; valueEnd: number } | undefined {
  const eq = text.indexOf('=');
  if (eq < 0) return undefined;
  const keyStart = text.search(/\S/);
  let keyEnd = eq;
  while (keyEnd > keyStart && /\s/.test(text[keyEnd - 1])) keyEnd--;
  let valueStart = eq + 1;
  while (valueStart < text.length && /\s/.test(text[valueStart])) valueStart++;
  let valueEnd = text.length;
  while (valueEnd > valueStart && /\s/.test(text[valueEnd - 1])) valueEnd--;
  return { key: text.slice(keyStart, keyEnd), keyStart, keyEnd, valueStart, valueEnd };
}
