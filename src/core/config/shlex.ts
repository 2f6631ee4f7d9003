/**
 * Python's `shlex.split(s)` (POSIX mode, no comments): botocore splits section headers
 * (`[profile "my profile"]`) and `credential_process` command lines with it.
 */

/** Why a string cannot be split: the texts of Python's own ValueErrors. */
export class ShlexError extends Error {}

const WHITESPACE = ' \t\r\n';
const SPECIAL = /['"\\]/;

/** Splits `s` into words as `shlex.split(s)` does, or throws ShlexError. */
export function shlexSplit(s: string): string[] {
  if (!SPECIAL.test(s)) return s.split(/[ \t\r\n]+/).filter((w) => w !== '');
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
