/**
 * Python's text rules, where botocore's behaviour depends on them: which characters are whitespace
 * (`str.isspace`, regex `\s`), `strip`, `splitlines`, `int()` of a string, `json.dumps` with
 * `ensure_ascii`, `repr` of a string, and how far a file is read as UTF-8 text before it fails. JavaScript's own rules differ (`trim` strips U+FEFF and
 * keeps U+001C..U+001F and U+0085), so the parser never uses them.
 */

/** True for the characters Python's `str.isspace()` accepts (Unicode 14, as in Python 3.11). */
export function isPySpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Index of the first non-whitespace character of `s` (Python `\S`), or -1. */
export function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) if (!isPySpace(s.charCodeAt(i))) return i;
  return -1;
}

/** Python `s.strip()`. */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isPySpace(s.charCodeAt(start))) start++;
  while (end > start && isPySpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Python `s.rstrip()`. */
export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isPySpace(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Python `str.splitlines()`: splits on \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, U+2028, U+2029. */
export function pySplitlines(s: string): string[] {
  const lines: string[] = [];
  let start = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const isBreak =
      c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || (c >= 0x1c && c <= 0x1e) || c === 0x85 || c === 0x2028 || c === 0x2029;
    if (isBreak) {
      lines.push(s.slice(start, i));
      i += c === 0x0d && s.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      start = i;
    } else {
      i++;
    }
  }
  if (start < s.length) lines.push(s.slice(start));
  return lines;
}

let decimalRuns: Array<[number, number]> | null = null;

/** Value of a Unicode decimal digit (category Nd), or -1: digits come in runs that start at zero. */
function decimalValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code < 0x660) return -1;
  if (decimalRuns === null) {
    decimalRuns = [];
    const nd = /\p{Nd}/u;
    let runStart = -1;
    for (let cp = 0x660; cp <= 0x1fbff; cp++) {
      const isDigit = nd.test(String.fromCodePoint(cp));
      if (isDigit && runStart < 0) runStart = cp;
      if (!isDigit && runStart >= 0) {
        decimalRuns.push([runStart, cp - 1]);
        runStart = -1;
      }
    }
  }
  for (const [from, to] of decimalRuns) if (code >= from && code <= to) return (code - from) % 10;
  return -1;
}

/** Python's limit on the digits `int()` converts (sys.int_info.default_max_str_digits). */
const MAX_INT_DIGITS = 4300;

/**
 * Python `int(s)` for a string, as a decimal digit string with sign (exact, however large), or null
 * where Python raises ValueError: surrounding whitespace, a sign, Unicode decimal digits and single
 * underscores between digits are accepted; `1h`, `3600.0`, `0x10` and `` are not.
 */
export function pyInt(s: string): string | null {
  const t = pyStrip(s);
  let i = 0;
  let sign = '';
  if (t[0] === '+' || t[0] === '-') {
    sign = t[0] === '-' ? '-' : '';
    i = 1;
  }
  let digits = '';
  let lastWasDigit = false;
  for (; i < t.length; i++) {
    const ch = t.codePointAt(i)!;
    if (ch > 0xffff) i++;
    if (ch === 0x5f) {
      if (!lastWasDigit) return null;
      lastWasDigit = false;
      continue;
    }
    const v = decimalValue(ch);
    if (v < 0) return null;
    digits += String(v);
    lastWasDigit = true;
  }
  if (!lastWasDigit || digits.length > MAX_INT_DIGITS) return null;
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  return trimmed === '0' ? '0' : sign + trimmed;
}

function hex4(code: number): string {
  return '\\u' + code.toString(16).padStart(4, '0');
}

const NEEDS_JSON_ESCAPE = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/;

/** Python `json.dumps(s)` of a string with the default `ensure_ascii=True`. */
export function pyJsonString(s: string): string {
  if (!NEEDS_JSON_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c <= 0x7e) out += s[i];
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else out += hex4(c);
  }
  return out + '"';
}

/** Python `repr(s)` of a string, for messages that quote botocore's wording. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

/**
 * The bytes CPython's text layer decodes at a time when a file is read line by line
 * (`TextIOWrapper._CHUNK_SIZE`; each is one `read1` of the binary buffer, so exactly this many).
 */
export const PY_TEXT_CHUNK = 8192;

/** Where reading a file as UTF-8 text fails in Python (see pyUtf8Failure). */
export interface Utf8Failure {
  /** Index of the first byte of the first sequence that is not UTF-8. */
  at: number;
  /** 1-based line of that byte. */
  line: number;
  /** How many whole lines Python hands on to the reader before it raises UnicodeDecodeError. */
  linesBefore: number;
}

/** Bytes of a UTF-8 sequence by its first byte, and the range of its second byte; 0 for a byte no sequence starts with. */
function utf8Lead(b: number): { length: number; min: number; max: number } {
  if (b < 0x80) return { length: 1, min: 0, max: 0 };
  if (b >= 0xc2 && b <= 0xdf) return { length: 2, min: 0x80, max: 0xbf };
  if (b >= 0xe0 && b <= 0xef) return { length: 3, min: b === 0xe0 ? 0xa0 : 0x80, max: b === 0xed ? 0x9f : 0xbf };
  if (b >= 0xf0 && b <= 0xf4) return { length: 4, min: b === 0xf0 ? 0x90 : 0x80, max: b === 0xf4 ? 0x8f : 0xbf };
  return { length: 0, min: 0, max: 0 };
}

/**
 * How Python's line-by-line read of a file as UTF-8 (configparser's `for line in open(path)`) fails,
 * or null where the bytes are UTF-8. The text layer decodes PY_TEXT_CHUNK bytes at a time with an
 * incremental decoder and hands on the lines of what it has decoded before it decodes more, so the
 * reader sees every line that ends before the chunk in which the decoder raises. A sequence cut by
 * the chunk's end waits for the next chunk; so does a `\r` (it may be half of `\r\n`). The decoder
 * raises in the chunk that holds the first byte showing the sequence is bad, with one exception:
 * `ED A0`..`ED BF` (the start of a UTF-8 surrogate) at a chunk's end waits for the next chunk too.
 * At the end of the file, a sequence left incomplete raises after every chunk has been decoded.
 */
export function pyUtf8Failure(bytes: Uint8Array): Utf8Failure | null {
  const n = bytes.length;
  let at = -1;
  let chunk = -1;
  for (let i = 0; i < n && at < 0; ) {
    const lead = utf8Lead(bytes[i]);
    if (lead.length === 0) {
      at = i;
      chunk = Math.floor(i / PY_TEXT_CHUNK);
      break;
    }
    let j = i + 1;
    for (let k = 1; k < lead.length; k++, j++) {
      if (j >= n) {
        at = i;
        chunk = Math.ceil(n / PY_TEXT_CHUNK);
        break;
      }
      const b = bytes[j];
      if (b < (k === 1 ? lead.min : 0x80) || b > (k === 1 ? lead.max : 0xbf)) {
        at = i;
        chunk = Math.floor(j / PY_TEXT_CHUNK);
        // CPython keeps a truncated surrogate (ED A0..BF, as the decoder's last two bytes) for later.
        const lastOfChunk = (j + 1) % PY_TEXT_CHUNK === 0 || j + 1 === n;
        if (k === 1 && bytes[i] === 0xed && b >= 0xa0 && b <= 0xbf && lastOfChunk) chunk++;
        break;
      }
    }
    i = j;
  }
  if (at < 0) return null;
  // What was decoded before the failing chunk: up to its start, less a sequence cut by that start.
  let end = Math.min(chunk * PY_TEXT_CHUNK, n);
  let lead = end;
  while (lead > 0 && end - lead < 3 && bytes[lead - 1] >= 0x80 && bytes[lead - 1] <= 0xbf) lead--;
  if (lead > 0 && bytes[lead - 1] >= 0xc0 && end - (lead - 1) < utf8Lead(bytes[lead - 1]).length) end = lead - 1;
  // A \r at the end of the decoded text waits for the next chunk.
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  return { at, line: lineBreaks(bytes, at) + 1, linesBefore: lineBreaks(bytes, end) };
}

/** Line ends (\n, \r\n, a lone \r) in the first `end` bytes. */
function lineBreaks(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b === 0x0a) count++;
    else if (b === 0x0d && !(i + 1 < end && bytes[i + 1] === 0x0a)) count++;
  }
  return count;
}
