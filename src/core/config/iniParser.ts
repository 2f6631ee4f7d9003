import { hasOwn, setOwn } from '../common/objects';
import { isPySpace, pySplitlines, pyStrip, pyUtf8Failure, type Utf8Failure } from './pyText';
import type { ConfigValue, RejectReason } from './types';
import * as l10n from '@vscode/l10n';

/**
 * Reads an AWS shared file exactly as botocore does: Python's `configparser.RawConfigParser` with
 * its defaults (strict, `=` and `:` delimiters, full-line `#`/`;` comments only, continuation lines,
 * `[DEFAULT]` inheritance, lower-cased keys), then botocore's nested `s3 =` blocks. It never throws:
 * what botocore would raise is returned as `rejection`, and parsing goes on leniently so that the
 * rest of the file can still be shown.
 */

/** One problem that makes botocore refuse the file. */
export interface IniProblem {
  reason: RejectReason;
  /** 1-based line, or null where botocore gives none (the problem still has `at` for display). */
  line: number | null;
  /** The line to show the user, even where botocore gives none. */
  at: number;
  message: string;
}

/** A section as raw_config_parse returns it: own keys, then the inherited `[DEFAULT]` keys. */
export interface IniSection {
  name: string;
  line: number;
  /** Values by lower-cased key: a plain object, read with hasOwn (see objects.ts). */
  values: Record<string, ConfigValue>;
  /** Each key with the line where it is written, as flat pairs in file order (see lineOf). */
  keyLines: Array<string | number>;
  /** For nested blocks, the line of each nested key. */
  nestedLines?: Record<string, Record<string, number>>;
}

/** What one line of a file is, as configparser reads it (see parseIni's `lines` option). */
export type LineKind = 'blank' | 'comment' | 'header' | 'key' | 'continuation' | 'invalid';

/**
 * One line's kind; for a key or continuation line, the section (`DEFAULT` too) and the key it
 * belongs to. Columns count UTF-16 code units from the line's start (a byte order mark is not part
 * of line 1), as an editor counts them: `start` and `end` bound the line's text without its
 * surrounding whitespace (not for blank lines); a header has `close`, the column of its `]`; a key
 * line has `keyEnd` (after the key's last character), `delim` (the `=` or `:`) and `value` (where the
 * value starts, `end` when it is empty).
 */
export interface LineInfo {
  kind: LineKind;
  section?: string;
  key?: string;
  start?: number;
  end?: number;
  close?: number;
  keyEnd?: number;
  delim?: number;
  value?: number;
}

/** The whole file. */
export interface IniFile {
  sections: IniSection[];
  /** Line of the first `[DEFAULT]` header, if any. */
  defaultLine: number | null;
  /** The `[DEFAULT]` section itself (its own keys, which every other section inherits), where there is one. */
  defaultSection?: IniSection;
  /** What makes botocore reject the file (the error it raises first), or null. */
  rejection: IniProblem | null;
  /** Every such problem found, in order: lenient parsing skips each and goes on. */
  problems: IniProblem[];
  /** Number of lines read. */
  lineCount: number;
  /** The lines whose key is not written in lower case (botocore lower-cases it; the AWS SDKs for JavaScript, Go and Java do not). */
  casedKeyLines: number[];
  /** With `{ lines: true }`: what each line is, indexed by 1-based line number (index 0 unused). */
  lines?: LineInfo[];
}

/** The continuation lines of one option (most options have none). */
interface Continuation {
  parts: string[];
  lines: number[];
}

/** A section while it is read: multi-line values are joined when the file is done. */
interface RawSection extends IniSection {
  values: Record<string, string>;
  multi?: Map<string, Continuation>;
}

function rawSection(name: string, line: number): RawSection {
  return { name, line, values: {}, keyLines: [] };
}

/** The line where a key of a section is written (the last one, where a lenient read kept duplicates). */
export function lineOf(section: { keyLines: Array<string | number> }, key: string): number | undefined {
  const pairs = section.keyLines;
  for (let i = pairs.length - 2; i >= 0; i -= 2) if (pairs[i] === key) return pairs[i + 1] as number;
  return undefined;
}

/** Slots of a TextCache: a power of two. */
const CACHE_SLOTS = 1024;
/**
 * The longest key looked up: keys become property names, which V8 interns (hashes and looks up in
 * its string table) each time a new string is used as one, so one string per key saves that too.
 */
const CACHE_MAX_KEY = 32;
/**
 * The longest value looked up: V8 copies a slice shorter than 13 characters (a longer one only
 * points into the file's text); long values are rarely repeated either (ARNs, URLs).
 */
const CACHE_MAX_VALUE = 12;

/**
 * One string for each short text a file repeats (keys such as `region`, values such as `us-east-1`
 * or `json`), found by hashing the characters where they stand, before any slice: 5,000 profiles
 * then share one string for each instead of holding 5,000 copies that the garbage collector moves
 * (the parser's largest cost on big files, measured 2026-12-06). A miss slices as before.
 */
class TextCache {
  private readonly slots: Array<string | undefined> = new Array<string | undefined>(CACHE_SLOTS).fill(undefined);
  /** Where in the text each slot's string was found (its characters are compared there: one string, read fast). */
  private readonly at = new Int32Array(CACHE_SLOTS);
  /** Whether the last text asked for with `lower` was written with an upper-case letter. */
  cased = false;

  constructor(private readonly text: string) {}

  /** `text.slice(start, end)`, lower-cased with `lower` (configparser's optionxform for keys). */
  get(start: number, end: number, lower: boolean): string {
    const text = this.text;
    const length = end - start;
    this.cased = false;
    if (length > (lower ? CACHE_MAX_KEY : CACHE_MAX_VALUE) || length === 0) {
      const raw = text.slice(start, end);
      if (!lower) return raw;
      const lowered = raw.toLowerCase();
      this.cased = lowered !== raw;
      return lowered;
    }
    // The length and three characters pick the slot: cheap, and enough to tell a file's usual texts apart.
    const hash = length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(start + (length >> 1)) * 3 + text.charCodeAt(end - 1);
    const slot = hash & (CACHE_SLOTS - 1);
    const cached = this.slots[slot];
    if (cached !== undefined && cached.length === length) {
      const from = this.at[slot];
      let i = 0;
      while (i < length && text.charCodeAt(from + i) === text.charCodeAt(start + i)) i++;
      if (i === length) return cached;
    }
    const raw = text.slice(start, end);
    if (!lower) {
      this.at[slot] = start;
      return (this.slots[slot] = raw);
    }
    const lowered = raw.toLowerCase();
    // Only a key written in lower case can be found again by its characters (so a hit is never cased).
    if (lowered === raw) {
      this.at[slot] = start;
      this.slots[slot] = raw;
    } else {
      this.cased = true;
    }
    return lowered;
  }
}

/** The longest line a LineCache looks up (`role_session_name = alice`; not ARNs). */
const LINE_MAX = 48;

/** A `key = value` line as read: its key and value, and where its parts start (from the line's first character). */
interface ReadLine {
  key: string;
  value: string;
  delim: number;
  keyEnd: number;
  valueStart: number;
}

/**
 * The `key = value` lines a file repeats word for word (`region = us-east-1`, `output = json`,
 * `source_profile = hub` in thousands of profiles): a line found again by its characters is not
 * read again (no scan for the delimiter, no trimming, no lookups of its key and value). Only lines
 * whose key is written in lower case and not empty are kept: they need no problem reported.
 */
class LineCache {
  private readonly lines: Array<ReadLine | undefined> = new Array<ReadLine | undefined>(CACHE_SLOTS).fill(undefined);
  /** Where each slot's line starts in the text, and its length (0: no line). */
  private readonly at = new Int32Array(CACHE_SLOTS);
  private readonly lengths = new Int32Array(CACHE_SLOTS);

  constructor(private readonly text: string) {}

  private slot(start: number, end: number): number {
    const text = this.text;
    const length = end - start;
    return (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(start + (length >> 1)) * 3 + text.charCodeAt(end - 1)) & (CACHE_SLOTS - 1);
  }

  /** The line `text[start, end)` as read before, if it was. */
  find(start: number, end: number): ReadLine | undefined {
    const length = end - start;
    if (length > LINE_MAX) return undefined;
    const slot = this.slot(start, end);
    if (this.lengths[slot] !== length) return undefined;
    const text = this.text;
    const from = this.at[slot];
    for (let i = 0; i < length; i++) if (text.charCodeAt(from + i) !== text.charCodeAt(start + i)) return undefined;
    return this.lines[slot];
  }

  remember(start: number, end: number, line: ReadLine): void {
    const length = end - start;
    if (length > LINE_MAX) return;
    const slot = this.slot(start, end);
    this.lines[slot] = line;
    this.at[slot] = start;
    this.lengths[slot] = length;
  }
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function problem(reason: RejectReason, line: number | null, at: number, message: string): IniProblem {
  return { reason, line, at, message };
}

/**
 * Parses one file's bytes, or its text as an editor holds it (decoded already: no byte can be
 * invalid UTF-8, and a byte order mark is not part of an editor's text). `bytes` null means the
 * file does not exist (an empty result).
 * `options.lines` also classifies every line (for rewriting a file line by line).
 */
export function parseIni(bytes: Uint8Array | string | null, options?: { lines?: boolean }): IniFile {
  const lines: LineInfo[] | undefined = options?.lines ? [{ kind: 'blank' }] : undefined;
  const problems: IniProblem[] = [];
  let fatal: IniProblem | null = null;
  const fail = (p: IniProblem): void => {
    problems.push(p);
    if (fatal === null) fatal = p;
  };
  if (bytes === null) return { sections: [], defaultLine: null, rejection: null, problems, lineCount: 0, casedKeyLines: [], ...(lines && { lines }) };

  let text: string;
  // Where the bytes are not UTF-8, Python raises only once it decodes the chunk that holds them:
  // the lines before that are parsed first, and an error configparser raises on one of them at once
  // (a duplicate, text before the first header) is what botocore reports.
  let utf8: Utf8Failure | null = null;
  try {
    text = typeof bytes === 'string' ? bytes : strictDecoder.decode(bytes);
  } catch {
    utf8 = pyUtf8Failure(bytes as Uint8Array);
    text = lenientDecoder.decode(bytes as Uint8Array);
  }
  const utf8Problem = utf8 && problem('invalid_utf8', null, utf8.line, l10n.t('line {0} is not valid UTF-8 text', utf8.line));
  // Universal newlines: \r\n and a lone \r end a line as \n does.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const length = text.length;

  const sections = new Map<string, RawSection>();
  const cache = new TextCache(text);
  const repeated = new LineCache(text);
  const defaults = rawSection('DEFAULT', 0);
  let defaultLine: number | null = null;
  let cursect: RawSection | null = null;
  let optname: string | null = null;
  let indentLevel = 0;
  // Invalid lines are collected and raised at the end of the file, after any duplicate error.
  let firstInvalid: IniProblem | null = null;
  const continuation = (section: RawSection, key: string): Continuation => {
    section.multi ??= new Map();
    let c = section.multi.get(key);
    if (c === undefined) {
      c = { parts: [section.values[key]], lines: [lineOf(section, key)!] };
      section.multi.set(key, c);
    }
    return c;
  };

  const casedKeyLines: number[] = [];
  // Blank lines read since the current option's last line (see below).
  let blanks: number[] | null = null;
  let lineno = 0;
  // A BOM is not whitespace to Python: line 1 is text before the first header (it is skipped here,
  // so that the rest of the file still shows).
  const bom = text.charCodeAt(0) === 0xfeff;
  let pos = bom ? 1 : 0;
  while (pos < length) {
    lineno++;
    if (utf8Problem !== null && lineno === utf8!.linesBefore + 1) fail(utf8Problem);
    if (bom && lineno === 1) fail(problem('no_section_header', 1, 1, l10n.t('the file starts with a byte order mark (BOM), which the AWS CLI cannot read')));
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = length;
    const lineStart = pos;
    pos = eol + 1;
    // Python: value = line.strip(), unless the stripped line starts with # or ; (a comment).
    let start = lineStart;
    while (start < eol && isPySpace(text.charCodeAt(start))) start++;
    if (start === eol) {
      lines?.push({ kind: 'blank' });
      // configparser adds a blank line to the current value; it stays only if a continuation line
      // follows (trailing blank lines are dropped at the end), so it is kept aside until then.
      if (cursect !== null && optname) (blanks ??= []).push(lineno);
      continue;
    }
    const first = text.charCodeAt(start);
    let end = eol;
    while (isPySpace(text.charCodeAt(end - 1))) end--;
    if (first === 0x23 || first === 0x3b) {
      lines?.push({ kind: 'comment', start: start - lineStart, end: end - lineStart });
      continue;
    }
    const indent = start - lineStart;
    if (cursect !== null && optname && indent > indentLevel) {
      const c = continuation(cursect, optname);
      if (blanks !== null) {
        for (const blank of blanks) {
          c.parts.push('');
          c.lines.push(blank);
        }
        blanks = null;
      }
      c.parts.push(text.slice(start, end));
      c.lines.push(lineno);
      lines?.push({ kind: 'continuation', section: cursect.name, key: optname, start: start - lineStart, end: end - lineStart });
      continue;
    }
    indentLevel = indent;
    if (first === 0x5b) {
      const close = text.lastIndexOf(']', end - 1);
      if (close >= start + 2) {
        const name = text.slice(start + 1, close);
        optname = null;
        blanks = null;
        if (name === 'DEFAULT') {
          cursect = defaults;
          if (defaultLine === null) defaultLine = lineno;
        } else {
          const existing = sections.get(name);
          if (existing !== undefined) {
            fail(problem('duplicate_section', lineno, lineno, l10n.t('section [{0}] appears a second time (first at line {1})', name, existing.line)));
            cursect = existing;
          } else {
            cursect = rawSection(name, lineno);
            sections.set(name, cursect);
          }
        }
        lines?.push({ kind: 'header', section: name, start: start - lineStart, end: end - lineStart, close: close - lineStart });
        continue;
      }
    }
    if (cursect === null) {
      fail(problem('no_section_header', lineno, lineno, l10n.t('text before the first [section] header')));
      lines?.push({ kind: 'invalid', start: start - lineStart, end: end - lineStart });
      continue;
    }
    let key: string;
    let optval: string;
    let delim: number;
    let keyEnd: number;
    let valueStart: number;
    const seen = repeated.find(start, end);
    if (seen !== undefined) {
      // A line read before, character for character: the same key and value.
      key = seen.key;
      optval = seen.value;
      delim = start + seen.delim;
      keyEnd = start + seen.keyEnd;
      valueStart = start + seen.valueStart;
    } else {
      // configparser splits at the first "=" or ":".
      delim = start;
      for (; delim < end; delim++) {
        const c = text.charCodeAt(delim);
        if (c === 0x3d || c === 0x3a) break;
      }
      if (delim === end) {
        const shown = text.slice(start, Math.min(end, start + 60));
        const p = problem('invalid_line', lineno, lineno, l10n.t('a line with no "=": {0}', JSON.stringify(end - start > 60 ? shown + '…' : shown)));
        problems.push(p);
        if (firstInvalid === null) firstInvalid = p;
        lines?.push({ kind: 'invalid', start: start - lineStart, end: end - lineStart });
        continue;
      }
      keyEnd = delim;
      while (keyEnd > start && isPySpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
      valueStart = delim + 1;
      while (valueStart < end && isPySpace(text.charCodeAt(valueStart))) valueStart++;
      key = cache.get(start, keyEnd, true);
      const cased = cache.cased;
      if (cased) casedKeyLines.push(lineno);
      optval = cache.get(valueStart, end, false);
      if (!cased && key !== '') repeated.remember(start, end, { key, value: optval, delim: delim - start, keyEnd: keyEnd - start, valueStart: valueStart - start });
    }
    if (key === '') {
      const p = problem('invalid_line', lineno, lineno, l10n.t('a line with an empty key before "{0}"', text[delim]));
      problems.push(p);
      if (firstInvalid === null) firstInvalid = p;
    }
    if (hasOwn(cursect.values, key)) {
      fail(problem('duplicate_key', lineno, lineno, l10n.t('key "{0}" appears a second time in [{1}] (first at line {2})', key, cursect.name, String(lineOf(cursect, key)))));
      cursect.multi?.delete(key);
    }
    setOwn(cursect.values, key, optval);
    cursect.keyLines.push(key, lineno);
    optname = key;
    blanks = null;
    lines?.push({ kind: 'key', section: cursect.name, key, start: start - lineStart, end: end - lineStart, keyEnd: keyEnd - lineStart, delim: delim - lineStart, value: valueStart - lineStart });
  }
  if (utf8Problem !== null && lineno <= utf8!.linesBefore) fail(utf8Problem);
  if (firstInvalid !== null && fatal === null) fatal = firstInvalid;

  const badNestedLine = (section: string, key: string) => (line: number, text: string) =>
    fail(problem('invalid_nested_line', null, line, l10n.t('a line with no "=" inside the "{0}" block of [{1}]: {2}', key, section, JSON.stringify(text))));
  // Python parses the [DEFAULT] values only through the sections that inherit them.
  const defaultSection = finish(defaults, badNestedLine, sections.size > 0);
  const result: IniSection[] = [];
  for (const raw of sections.values()) {
    const section = finish(raw, badNestedLine, true);
    for (const key of Object.keys(defaultSection.values)) {
      if (!hasOwn(section.values, key)) {
        setOwn(section.values, key, defaultSection.values[key]);
        section.keyLines.push(key, lineOf(defaultSection, key)!);
        const nested = defaultSection.nestedLines?.[key];
        if (nested) setOwn((section.nestedLines ??= {}), key, nested);
      }
    }
    result.push(section);
  }
  return { sections: result, defaultLine, ...(defaultLine !== null && { defaultSection }), rejection: fatal, problems, lineCount: lineno, casedKeyLines, ...(lines && { lines }) };
}

type NestedErrorReporter = (section: string, key: string) => (line: number, text: string) => void;

/** Joins multi-line values as configparser does and parses nested blocks as botocore does. */
function finish(raw: RawSection, report: NestedErrorReporter, parseNested: boolean): IniSection {
  const section: IniSection = raw;
  const multi = raw.multi;
  if (multi === undefined) return section;
  raw.multi = undefined;
  for (const [key, c] of multi) {
    let count = c.parts.length;
    while (count > 1 && c.parts[count - 1] === '') count--;
    if (count === 1 || c.parts[0] !== '' || !parseNested) {
      setOwn(section.values, key, count === 1 ? c.parts[0] : c.parts.slice(0, count).join('\n'));
      continue;
    }
    // The value starts with a newline: `key =` followed by indented `k = v` lines.
    const onBadLine = report(raw.name, key);
    const nested: Record<string, string> = {};
    const nestedLines: Record<string, number> = {};
    for (let i = 1; i < count; i++) {
      for (const piece of pySplitlines(c.parts[i])) {
        const text = pyStrip(piece);
        if (text === '') continue;
        const eq = text.indexOf('=');
        if (eq < 0) {
          onBadLine(c.lines[i], text);
          continue;
        }
        const k = pyStrip(text.slice(0, eq));
        setOwn(nested, k, pyStrip(text.slice(eq + 1)));
        setOwn(nestedLines, k, c.lines[i]);
      }
    }
    setOwn(section.values, key, nested);
    setOwn((section.nestedLines ??= {}), key, nestedLines);
  }
  return section;
}
