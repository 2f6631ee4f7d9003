import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../core/common/errors';
import { runCredentialProcess } from './credentialProcess';

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
