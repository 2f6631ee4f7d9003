// l10n-ignore-start: Python's own messages, quoted as botocore shows them
import { ShlexError, shlexSplit } from './shlex';

/**
 * botocore's `compat_shell_split`, with which it turns a `credential_process` line into the argv it
 * runs: Python's `shlex.split` everywhere but on Windows, where it splits as the Microsoft C runtime
 * parses a command line (CommandLineToArgvW's rules): only space and tab separate words, only the
 * double quote quotes, and a backslash is itself except in a run that ends at a double quote.
 */
export function splitCommandLine(s: string, platform: string): string[] {
  return platform === 'win32' ? windowsSplit(s) : shlexSplit(s);
}

/** The Windows rules (`_windows_shell_split`): `C:\Tools\creds.exe` keeps its backslashes. */
export function windowsSplit(s: string): string[] {
  const words: string[] = [];
  let word = '';
  // Whether a word has started: a pair of quotes makes an empty word.
  let started = false;
  let quoted = false;
  let backslashes = 0;
  for (const ch of s) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') {
      // Backslashes before a quote escape each other; an odd one out escapes the quote.
      word += '\\'.repeat(backslashes >> 1);
      const escaped = backslashes % 2 === 1;
      backslashes = 0;
      started = true;
      if (escaped) word += '"';
      else quoted = !quoted;
      continue;
    }
    word += '\\'.repeat(backslashes);
    if (backslashes > 0) started = true;
    backslashes = 0;
    if ((ch === ' ' || ch === '\t') && !quoted) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += ch;
      started = true;
    }
  }
  if (quoted) throw new ShlexError(`No closing quotation in string: ${s}`);
  word += '\\'.repeat(backslashes);
  if (started || backslashes > 0) words.push(word);
  return words;
}
