import { parseIni, type LineInfo } from '../config/iniParser';
import { firstNonSpace, pyRstrip, pyStrip } from '../config/pyText';

/** One line of a file and the exact bytes that end it ('' for a last line without one). */
interface Line {
  text: string;
  eol: string;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A line the AWS CLI's writer takes for an option line: one with `=` or `:` after some other character (its OPTION_REGEX). */
const CLI_OPTION_LINE = /[^:=][:=]/;

/**
 * An AWS shared file as text that can be edited the way `aws configure set` edits it, keeping every
 * byte it does not mean to change: comments, unknown keys, line endings (CRLF stays CRLF), a last
 * line without a newline. Sections and keys are found as botocore's parser reads them
 * (config/iniParser.ts), not by matching text, so a key written `Region: x` is the key `region`.
 *
 * Where the AWS CLI's writer (awscli/customizations/configure/writer.py) puts things, this puts them
 * too: a replaced key becomes `key = value`; a new key goes after the last line of its section that
 * has an `=` or `:` (comments included), one line further down in the file's last section; a new
 * section is appended as `[header]` and its keys, with no blank line before it. It departs from the
 * CLI only where the CLI would change what botocore reads: keys are matched whatever their case, a
 * replaced key keeps its indentation and loses its continuation lines, a new key never lands inside
 * a multi-line value, and new lines end as the file's lines end.
 */
export class IniDocument {
  private lines: Line[];
  private info: LineInfo[] = [];
  /** The line ending of new lines: the file's first one, else \n. */
  readonly eol: string;

  /** The document of a file's bytes (null: no file). Throws on bytes that are not UTF-8 (the AWS CLI refuses such a file anyway). */
  constructor(bytes: Uint8Array | null) {
    const text = bytes === null ? '' : strictDecoder.decode(bytes);
    this.lines = splitLines(text);
    this.eol = this.lines.find((l) => l.eol !== '')?.eol ?? '\n';
    this.reparse();
  }

  /** The file's text now. */
  text(): string {
    return this.lines.map((l) => l.text + l.eol).join('');
  }

  /** The file's bytes now. */
  bytes(): Uint8Array {
    return encoder.encode(this.text());
  }

  /** Whether a section with this header (as botocore reads it: `profile prod`, `default`, `DEFAULT`) exists. */
  hasSection(header: string): boolean {
    return this.headerIndex(header) >= 0;
  }

  /** The headers of every section, `DEFAULT` included, in file order. */
  headers(): string[] {
    const out: string[] = [];
    for (let i = 1; i < this.info.length; i++) if (this.info[i].kind === 'header') out.push(this.info[i].section!);
    return out;
  }

  /** Whether a section has a key of its own (not one inherited from [DEFAULT]). */
  hasKey(header: string, key: string): boolean {
    return this.keyIndex(header, key) >= 0;
  }

  /** A key's own value in a section, as botocore reads it, when it is written on one line; undefined otherwise. */
  ownValue(header: string, key: string): string | undefined {
    const at = this.keyIndex(header, key);
    if (at < 0 || this.continuationIndexes(header, key.toLowerCase()).length > 0) return undefined;
    const text = this.lines[at].text;
    return pyStrip(text.slice(text.search(/[=:]/) + 1));
  }

  /**
   * Sets keys of a section, as `aws configure set` does: a key the section has is replaced in place,
   * the others are added together after the section's last option line. The section must exist
   * (see appendSection).
   */
  setKeys(header: string, entries: ReadonlyArray<readonly [string, string]>): void {
    const start = this.headerIndex(header);
    // l10n-ignore: a bug of the caller, which looks the section up first
    if (start < 0) throw new Error(`no section [${header}]`);
    const added: Array<readonly [string, string]> = [];
    for (const [key, value] of entries) {
      const at = this.keyIndex(header, key);
      if (at < 0) {
        added.push([key, value]);
        continue;
      }
      const line = this.lines[at];
      const indent = firstNonSpace(line.text);
      const delimiter = line.text.search(/[=:]/);
      const written = pyRstrip(line.text.slice(indent, delimiter));
      this.lines[at] = { text: `${line.text.slice(0, indent)}${written} = ${value}`, eol: line.eol || this.eol };
      this.deleteLines(this.continuationIndexes(header, key.toLowerCase()));
    }
    if (added.length === 0) return;
    const index = this.insertionIndex(header);
    // Indented like the section's keys (none in files the CLI wrote): a key at the margin would make indented lines after it its value.
    const indent = this.keyIndent(header);
    this.insertLines(index, added.map(([k, v]) => `${indent}${k} = ${v}`));
  }

  /** Removes keys (their line and continuation lines) from a section; a key it does not have is ignored. */
  removeKeys(header: string, keys: readonly string[]): void {
    const doomed: number[] = [];
    for (const key of keys) {
      const at = this.keyIndex(header, key);
      if (at >= 0) doomed.push(at, ...this.continuationIndexes(header, key.toLowerCase()));
    }
    this.deleteLines(doomed);
  }

  /** Appends a section with its keys at the end of the file, as `aws configure set` does for a section the file lacks. */
  appendSection(header: string, entries: ReadonlyArray<readonly [string, string]>): void {
    this.insertLines(this.lines.length, [`[${header}]`, ...entries.map(([k, v]) => `${k} = ${v}`)]);
  }

  /**
   * Removes a section: its header and body. Comment lines right above the next header (with no blank
   * line between) are kept, as they most likely describe that section; when the section is the
   * file's last, the blank lines before its header go too.
   */
  removeSection(header: string): void {
    const start = this.headerIndex(header);
    if (start < 0) return;
    const next = this.nextHeaderIndex(start);
    let end = next;
    if (next < this.lines.length) {
      while (end - 1 > start && this.info[end].kind === 'comment') end--;
    }
    let from = start;
    if (next === this.lines.length) while (from > 0 && this.info[from].kind === 'blank') from--;
    this.deleteLines(range(from, end));
  }

  /** Gives a section another header, keeping whatever surrounds the brackets on its line. */
  renameSection(from: string, to: string): void {
    const at = this.headerIndex(from);
    // l10n-ignore: a bug of the caller, which looks the section up first
    if (at < 0) throw new Error(`no section [${from}]`);
    const line = this.lines[at];
    const open = line.text.indexOf('[');
    const close = line.text.lastIndexOf(']');
    this.lines[at] = { text: `${line.text.slice(0, open)}[${to}]${line.text.slice(close + 1)}`, eol: line.eol };
    this.reparse();
  }

  /** Index (0-based) of the header line of a section, or -1. */
  private headerIndex(header: string): number {
    for (let i = 0; i < this.lines.length; i++) {
      const info = this.info[i + 1];
      if (info.kind === 'header' && info.section === header) return i;
    }
    return -1;
  }

  /** Index of the next header after `start`, or the number of lines. */
  private nextHeaderIndex(start: number): number {
    for (let i = start + 1; i < this.lines.length; i++) if (this.info[i + 1].kind === 'header') return i;
    return this.lines.length;
  }

  private keyIndex(header: string, key: string): number {
    const wanted = key.toLowerCase();
    for (let i = 0; i < this.lines.length; i++) {
      const info = this.info[i + 1];
      if (info.kind === 'key' && info.section === header && info.key === wanted) return i;
    }
    return -1;
  }

  private continuationIndexes(header: string, key: string): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.lines.length; i++) {
      const info = this.info[i + 1];
      if (info.kind === 'continuation' && info.section === header && info.key === key) out.push(i);
    }
    return out;
  }

  /**
   * Where new keys of a section go, as the AWS CLI's writer puts them: after the section's last line
   * with an `=` or `:` (or its header), one line further in the file's last section; then past the
   * continuation lines of a multi-line value, which the CLI would split.
   */
  private insertionIndex(header: string): number {
    const start = this.headerIndex(header);
    const next = this.nextHeaderIndex(start);
    let last = start;
    for (let i = start + 1; i < next; i++) if (CLI_OPTION_LINE.test(this.lines[i].text)) last = i;
    let index = Math.min(next === this.lines.length ? last + 2 : last + 1, this.lines.length);
    while (index < next && this.info[index + 1].kind === 'continuation') index++;
    return index;
  }

  /** The leading whitespace of a section's last key line ('' when it has none). */
  private keyIndent(header: string): string {
    let indent = '';
    for (let i = 0; i < this.lines.length; i++) {
      const info = this.info[i + 1];
      if (info.kind === 'key' && info.section === header) indent = this.lines[i].text.slice(0, firstNonSpace(this.lines[i].text));
    }
    return indent;
  }

  private insertLines(index: number, texts: readonly string[]): void {
    if (index > 0 && this.lines[index - 1].eol === '') this.lines[index - 1] = { ...this.lines[index - 1], eol: this.eol };
    this.lines.splice(index, 0, ...texts.map((text) => ({ text, eol: this.eol })));
    this.reparse();
  }

  private deleteLines(indexes: readonly number[]): void {
    if (indexes.length === 0) return;
    const doomed = new Set(indexes);
    this.lines = this.lines.filter((_, i) => !doomed.has(i));
    this.reparse();
  }

  private reparse(): void {
    const parsed = parseIni(encoder.encode(this.text()), { lines: true });
    // parseIni counts a line only where there is text: our split agrees (a last empty segment is no line).
    this.info = parsed.lines!;
  }
}

/** Splits text into lines with their endings, as Python's universal newlines do (\n, \r\n, \r). */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    const eol = c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? '\r\n' : text[i];
    lines.push({ text: text.slice(start, i), eol });
    i += eol.length - 1;
    start = i + 1;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' });
  return lines;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
