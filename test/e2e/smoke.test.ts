// Smoke test of the e2e infrastructure: the packaged extension activates in a real VS Code 1.100
// (code-server), and the integrated terminal runs commands, Debian's AWS CLI among them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { AWS_CLI, withVsCode } from './harness';

test('the extension activates in VS Code 1.100 and the terminal runs commands', { timeout: 360_000 }, async () => {
  await withVsCode('smoke', {}, async (vsc) => {
    const log = await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });
    assert.match(log, /activated in \d+ ms/);

    await vsc.openTerminal();
    const out = join(vsc.home, 'out.txt');
    await vsc.typeInTerminal('echo hello > $HOME/out.txt');
    assert.equal(await vsc.waitForFile(out), 'hello\n');

    const version = join(vsc.home, 'aws-version.txt');
    await vsc.typeInTerminal(`${AWS_CLI} --version > $HOME/aws-version.txt 2>&1`);
    assert.match(await vsc.waitForFile(version, 60_000), /^aws-cli\/2\.\d+\.\d+ /);

    const shot = await vsc.screenshot('smoke-workbench');
    assert.ok(shot.endsWith('.png'));

    // A reload starts a new extension host, which activates the extension again.
    await vsc.reloadWindow();
    await vsc.waitForLog(/activated in \d+ ms/, { count: 2, timeoutMs: 60_000 });
  });
});
