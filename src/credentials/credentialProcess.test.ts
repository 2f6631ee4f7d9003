import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../core/common/errors';
import { runCredentialProcess, spawnCommand, windowsCommandLine } from './credentialProcess';

const node = process.execPath;

test('runs argv without a shell: $HOME, ~ and quotes reach the command untouched', async () => {
  const run = await runCredentialProcess('p', [node, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', '$HOME', '~/x', 'a b'], 10_000);
  assert.deepEqual(JSON.parse(run.stdout), ['$HOME', '~/x', 'a b']);
});

test('a non-zero exit shows stderr; a missing command and a hang are sentences', async () => {
  await assert.rejects(runCredentialProcess('p', [node, '-e', 'console.error("token expired, run login"); process.exit(3)'], 10_000), (e: unknown) =>
    e instanceof UserError && /profile "p".*exited with code 3: token expired, run login/.test(e.message));
  await assert.rejects(runCredentialProcess('p', ['/nonexistent/creds-helper'], 10_000), (e: unknown) => e instanceof UserError && /was not found/.test(e.message));
  await assert.rejects(runCredentialProcess('p', [node, '-e', 'setTimeout(() => {}, 60000)'], 200), (e: unknown) => e instanceof UserError && e.code === 'process.timeout');
});

/** Python's own answers: `subprocess.list2cmdline(argv)` (CPython 3, 2026-12-02). */
const LIST2CMDLINE: Array<[string[], string]> = [
  [['C:\\Tools\\creds.cmd', '--profile', 'p'], 'C:\\Tools\\creds.cmd --profile p'],
  [['C:\\Program Files\\c.bat', 'a b', ''], '"C:\\Program Files\\c.bat" "a b" ""'],
  [['x', 'say "hi"', 'back\\\\', 'tail\\ space\\'], 'x "say \\"hi\\"" back\\\\ "tail\\ space\\\\"'],
  [['a\\\\"b', '\t'], 'a\\\\\\\\\\"b "\t"'],
];

test('issue 15: a Windows batch file runs through cmd.exe with the command line Python would give it; anything else as it is', () => {
  for (const [argv, line] of LIST2CMDLINE) assert.equal(windowsCommandLine(argv), line, JSON.stringify(argv));
  assert.deepEqual(spawnCommand(['C:\\Tools\\creds.CMD', '--profile', 'p'], 'win32', { ComSpec: 'C:\\Windows\\system32\\cmd.exe' }), {
    file: 'C:\\Windows\\system32\\cmd.exe',
    args: ['/d', '/s', '/c', '"C:\\Tools\\creds.CMD --profile p"'],
    verbatim: true,
  });
  assert.deepEqual(spawnCommand(['C:\\Tools\\creds.exe', '--x'], 'win32', {}), { file: 'C:\\Tools\\creds.exe', args: ['--x'], verbatim: false });
  assert.deepEqual(spawnCommand(['/opt/creds.cmd', '--x'], 'linux', {}), { file: '/opt/creds.cmd', args: ['--x'], verbatim: false });
});

test('issue 15: a command Node refuses at once (not through an error event) gets the same sentence, not "failed unexpectedly"', async () => {
  // A NUL byte in an argument makes spawn throw synchronously, as a .cmd without a shell does on Windows.
  await assert.rejects(runCredentialProcess('p', [process.execPath, 'a\u0000b'], 10_000), (e: unknown) =>
    e instanceof UserError && e.code === 'process.spawn' && /could not be started \(ERR_INVALID_ARG_VALUE\)/.test(e.message),
  );
});
