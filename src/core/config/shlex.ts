// l10n-ignore-start: Python's own messages, quoted as botocore shows them
/**
 * Python's `shlex.split(s)` (POSIX mode, no comments): botocore splits section headers
 * (`[profile "my profile"]`) and `credential_process` command lines with it.
 */

/** Why a string cannot be split: the texts of Python's own ValueErrors. */
export class ShlexError extends Error {}

const WHITESPACE = ' \t\r\n';
const SPECIAL = /['"\\]/;

/** Words between runs of whitespace: shlex.split of a string with no quote or backslash (most headers). */
function splitWords(s: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0x20;
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
      if (start >= 0) words.push(s.slice(start, i));
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  return words;
}

/** Splits `s` into words as `shlex.split(s)` does, or throws ShlexError. */
export function shlexSplit(s: string): string[] {
  if (!SPECIAL.test(s)) return splitWords(s);
  const words: string[] = [];
  let token = '';
  let inToken = false; // a word (possibly empty but quoted) has started
  let i = 0;
  const n = s.length;
  while (i < n) {
    const ch = s[i++];
    if (WHITESPACE.includes(ch)) {
      if (inToken) {
        words.push(token);
        token = '';
        inToken = false;
      }
    } else if (ch === '\\') {
      if (i >= n) throw new ShlexError('No escaped character');
      token += s[i++];
      inToken = true;
    } else if (ch === "'") {
      const end = s.indexOf("'", i);
      if (end < 0) throw new ShlexError('No closing quotation');
      token += s.slice(i, end);
      i = end + 1;
      inToken = true;
    } else if (ch === '"') {
      inToken = true;
      for (;;) {
        if (i >= n) throw new ShlexError('No closing quotation');
        const c = s[i++];
        if (c === '"') break;
        if (c === '\\') {
          if (i >= n) throw new ShlexError('No escaped character');
          const next = s[i++];
          // Inside double quotes only the quote and the backslash itself can be escaped.
          if (next !== '"' && next !== '\\') token += '\\';
          token += next;
        } else {
          token += c;
        }
      }
    } else {
      token += ch;
      inToken = true;
    }
  }
  if (inToken) words.push(token);
  return words;
}
