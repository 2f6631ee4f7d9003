import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitCommandLine, windowsSplit } from './commandLine';
import { ShlexError } from './shlex';

/**
 * botocore's own answers: `compat_shell_split(line, 'win32')` of botocore 1.43 (run on this machine
 * with the pyenv AWS CLI v1's Python, 2026-12-02). An error is the text of its ValueError.
 */
const WINDOWS: Array<[string, string[] | { error: string }]> = [
  ['', []],
  ['spam', ['spam']],
  [' spam ', ['spam']],
  ['spam eggs', ['spam', 'eggs']],
  ['spam\teggs', ['spam', 'eggs']],
  ['spam\neggs', ['spam\neggs']],
  ['""', ['']],
  ['" "', [' ']],
  ['"\t"', ['\t']],
  ['\\\\', ['\\\\']],
  ['\\\\ ', ['\\\\']],
  ['\\"', ['"']],
  ['\\\\"x"', ['\\x']],
  ['a\\\\\\"b', ['a\\"b']],
  ['a\\\\"b c"', ['a\\b c']],
  ['C:\\Tools\\creds.exe --x', ['C:\\Tools\\creds.exe', '--x']],
  ['"C:\\Program Files\\creds.exe" --profile x', ['C:\\Program Files\\creds.exe', '--profile', 'x']],
  ['C:\\Program Files\\creds.exe', ['C:\\Program', 'Files\\creds.exe']],
  ['foo "bar baz"qux', ['foo', 'bar bazqux']],
  ['x\\', ['x\\']],
  ['x\\\\ y', ['x\\\\', 'y']],
  ['"unclosed', { error: 'No closing quotation in string: "unclosed' }],
  ['a""b', ['ab']],
  ["it's 'quoted'", ["it's", "'quoted'"]],
  ['tab\t\t"q"\t', ['tab', 'q']],
  ['\\\\server\\share\\c.cmd /v', ['\\\\server\\share\\c.cmd', '/v']],
];

test('issue 15: credential_process lines split as botocore splits them on Windows (backslashes kept, only double quotes)', () => {
  for (const [line, expected] of WINDOWS) {
    if (Array.isArray(expected)) assert.deepEqual(windowsSplit(line), expected, JSON.stringify(line));
    else assert.throws(() => windowsSplit(line), (e: unknown) => e instanceof ShlexError && e.message === expected.error, JSON.stringify(line));
  }
});

test('issue 15: splitCommandLine uses the Windows rules on win32 only, shlex elsewhere', () => {
  assert.deepEqual(splitCommandLine('C:\\Tools\\creds.exe --x', 'win32'), ['C:\\Tools\\creds.exe', '--x']);
  assert.deepEqual(splitCommandLine('C:\\Tools\\creds.exe --x', 'linux'), ['C:Toolscreds.exe', '--x']);
  assert.deepEqual(splitCommandLine("/opt/creds 'a b'", 'darwin'), ['/opt/creds', 'a b']);
});
