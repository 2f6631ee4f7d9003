/**
 * Python's text rules, where botocore's behaviour depends on them: which characters are whitespace
 * (`str.isspace`, regex `\s`), `strip`, `splitlines`, `int()` of a string, `json.dumps` with
 * `ensure_ascii`, and `repr` of a string. JavaScript's own rules differ (`trim` strips U+FEFF and
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
