import { firstNonSpace, pyRstrip, pySplitlines, pyStrip } from './pyText';
import type { ConfigValue, RejectReason } from './types';

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

/** A key of a section, with where it is written. */
export interface IniEntry {
  value: ConfigValue;
  line: number;
  /** For a nested block, the line of each nested key. */
  nestedLines?: Record<string, number>;
}

/** A section as raw_config_parse returns it: own keys, then the inherited `[DEFAULT]` keys. */
export interface IniSection {
  name: string;
  line: number;
  entries: Map<string, IniEntry>;
}

/** The whole file. */
export interface IniFile {
  sections: IniSection[];
  /** Line of the first `[DEFAULT]` header, if any. */
  defaultLine: number | null;
  /** What makes botocore reject the file (the error it raises first), or null. */
  rejection: IniProblem | null;
  /** Every such problem found, in order: lenient parsing skips each and goes on. */
  problems: IniProblem[];
  /** Number of lines read. */
  lineCount: number;
}

interface RawOption {
  parts: string[];
  lines: number[];
  line: number;
}

interface RawSection {
  name: string;
  line: number;
  options: Map<string, RawOption>;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Finds the 1-based line of the first byte sequence that is not valid UTF-8. */
function invalidUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? bytes[i] : 0x0a;
    if (b === 0x0a || b === 0x0d) {
      try {
        strictDecoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
      line++;
      start = i + 1;
    }
  }
  return 1;
}

/** Splits text into lines with Python's universal newlines: \r\n, \r and \n all end a line. */
export function universalLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function problem(reason: RejectReason, line: number | null, at: number, message: string): IniProblem {
  return { reason, line, at, message };
}

/** Parses one file's bytes. `bytes` null means the file does not exist (an empty result). */
export function parseIni(bytes: Uint8Array | null): IniFile {
  const problems: IniProblem[] = [];
  let fatal: IniProblem | null = null;
  const fail = (p: IniProblem): void => {
    problems.push(p);
    if (fatal === null) fatal = p;
  };
  if (bytes === null) return { sections: [], defaultLine: null, rejection: null, problems, lineCount: 0 };

  let text: string;
  try {
    text = strictDecoder.decode(bytes);
  } catch {
    const at = invalidUtf8Line(bytes);
    fail(problem('invalid_utf8', null, at, `line ${at} is not valid UTF-8 text`));
    text = lenientDecoder.decode(bytes);
  }
  const lines = universalLines(text);

  const sections = new Map<string, RawSection>();
  const defaults: RawSection = { name: 'DEFAULT', line: 0, options: new Map() };
  let defaultLine: number | null = null;
  let cursect: RawSection | null = null;
  let optname: string | null = null;
  let indentLevel = 0;
  // Invalid lines are collected and raised at the end of the file, after any duplicate error.
  let firstInvalid: IniProblem | null = null;

  for (let index = 0; index < lines.length; index++) {
    const lineno = index + 1;
    let line = lines[index];
    if (index === 0 && line.charCodeAt(0) === 0xfeff) {
      fail(problem('no_section_header', 1, 1, 'the file starts with a byte order mark (BOM), which the AWS CLI cannot read'));
      line = line.slice(1);
    }
    const stripped = pyStrip(line);
    const isComment = stripped.startsWith('#') || stripped.startsWith(';');
    const value = isComment ? '' : stripped;
    if (value === '') {
      if (!isComment && cursect !== null && optname) {
        const opt = cursect.options.get(optname);
        if (opt) {
          opt.parts.push('');
          opt.lines.push(lineno);
        }
      }
      continue;
    }
    const indent = firstNonSpace(line);
    if (cursect !== null && optname && indent > indentLevel) {
      const opt = cursect.options.get(optname);
      if (opt) {
        opt.parts.push(value);
        opt.lines.push(lineno);
      }
      continue;
    }
    indentLevel = indent;
    const close = value.lastIndexOf(']');
    if (value.charCodeAt(0) === 0x5b && close >= 2) {
      const name = value.slice(1, close);
      optname = null;
      if (name === 'DEFAULT') {
        cursect = defaults;
        if (defaultLine === null) defaultLine = lineno;
      } else if (sections.has(name)) {
        fail(problem('duplicate_section', lineno, lineno, `section [${name}] appears a second time (first at line ${sections.get(name)!.line})`));
        cursect = sections.get(name)!;
      } else {
        cursect = { name, line: lineno, options: new Map() };
        sections.set(name, cursect);
      }
      continue;
    }
    if (cursect === null) {
      fail(problem('no_section_header', lineno, lineno, 'text before the first [section] header'));
      continue;
    }
    const delim = findDelimiter(value);
    if (delim < 0) {
      const p = problem('invalid_line', lineno, lineno, `a line with no "=": ${JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value)}`);
      problems.push(p);
      if (firstInvalid === null) firstInvalid = p;
      continue;
    }
    const key = pyRstrip(value.slice(0, delim)).toLowerCase();
    const optval = pyStrip(value.slice(delim + 1));
    if (key === '') {
      const p = problem('invalid_line', lineno, lineno, `a line with an empty key before "${value[delim]}"`);
      problems.push(p);
      if (firstInvalid === null) firstInvalid = p;
    }
    const first = cursect.options.get(key);
    if (first) fail(problem('duplicate_key', lineno, lineno, `key "${key}" appears a second time in [${cursect.name}] (first at line ${first.line})`));
    cursect.options.set(key, { parts: [optval], lines: [lineno], line: lineno });
    optname = key;
  }
  if (firstInvalid !== null && fatal === null) fatal = firstInvalid;

  const entryOf = (section: string, key: string, opt: RawOption): IniEntry =>
    toEntry(opt, (line, text) => {
      fail(problem('invalid_nested_line', null, line, `a line with no "=" inside the "${key}" block of [${section}]: ${JSON.stringify(text)}`));
    });
  // Python parses the [DEFAULT] values only through the sections that inherit them.
  let defaultEntries: Map<string, IniEntry> | null = null;
  const result: IniSection[] = [];
  for (const raw of sections.values()) {
    const entries = new Map<string, IniEntry>();
    for (const [key, opt] of raw.options) entries.set(key, entryOf(raw.name, key, opt));
    if (defaults.options.size > 0) {
      defaultEntries ??= new Map([...defaults.options].map(([key, opt]) => [key, entryOf('DEFAULT', key, opt)]));
      for (const [key, entry] of defaultEntries) if (!entries.has(key)) entries.set(key, entry);
    }
    result.push({ name: raw.name, line: raw.line, entries });
  }
  return { sections: result, defaultLine, rejection: fatal, problems, lineCount: lines.length };
}

/** Index of the first `=` or `:`, the split configparser makes. */
function findDelimiter(value: string): number {
  const eq = value.indexOf('=');
  const colon = value.indexOf(':');
  if (eq < 0) return colon;
  if (colon < 0) return eq;
  return Math.min(eq, colon);
}

/** Joins an option's lines as configparser does and parses a nested block as botocore does. */
function toEntry(opt: RawOption, onBadNestedLine: (line: number, text: string) => void): IniEntry {
  let count = opt.parts.length;
  while (count > 1 && opt.parts[count - 1] === '') count--;
  if (count === 1 || opt.parts[0] !== '') {
    const value = count === 1 ? opt.parts[0] : opt.parts.slice(0, count).join('\n');
    return { value: pyRstrip(value), line: opt.line };
  }
  // The value starts with a newline: `key =` followed by indented `k = v` lines.
  const nested: Record<string, string> = Object.create(null);
  const nestedLines: Record<string, number> = Object.create(null);
  for (let i = 1; i < count; i++) {
    for (const piece of pySplitlines(opt.parts[i])) {
      const text = pyStrip(piece);
      if (text === '') continue;
      const eq = text.indexOf('=');
      if (eq < 0) {
        onBadNestedLine(opt.lines[i], text);
        continue;
      }
      const key = pyStrip(text.slice(0, eq));
      nested[key] = pyStrip(text.slice(eq + 1));
      nestedLines[key] = opt.lines[i];
    }
  }
  return { value: nested, line: opt.line, nestedLines };
}
