// Smoke test of the e2e infrastructure: the packaged extension activates in a real VS Code (code-server:
// the current stable release, or the floor, 1.103, with E2E_VSCODE=floor), and the integrated terminal runs
// commands, Debian's AWS CLI among them.
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AWS_CLI, codeServerBuild, DEFAULT_VSCODE, outputTo, withVsCode } from './harness';

const expected = codeServerBuild(DEFAULT_VSCODE);

test(`the extension activates in VS Code ${expected.vscodeVersion} (${DEFAULT_VSCODE}) and the terminal runs commands`, { timeout: 360_000 }, async () => {
  await withVsCode('smoke', {}, async (vsc) => {
    // The VS Code asked for, on the Node asked for (the workbench's About says the same).
    assert.equal(vsc.build, DEFAULT_VSCODE);
    assert.equal(vsc.version, expected.vscodeVersion);
    assert.match(vsc.serverOutput(), new RegExp(`code-server ${expected.codeServerVersion.replace(/\./g, '\\.')}\\b`));
    const log = await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });
    assert.match(log, /activated in \d+ ms/);
    // The extension host runs on the Node set up for this build (Node 24 from .cache/node/ on current).
    assert.deepEqual(vsc.extensionHostExecutables(), [realpathSync(expected.node)]);

    await vsc.openTerminal();
    const out = join(vsc.home, 'out.txt');
    await vsc.typeInTerminal('echo hello > $HOME/out.txt');
    assert.equal(await vsc.waitForFile(out), 'hello\n');

    const version = join(vsc.home, 'aws-version.txt');
    await vsc.typeInTerminal(outputTo(version, `${AWS_CLI} --version`));
    assert.match(await vsc.waitForFile(version, 60_000), /^aws-cli\/2\.\d+\.\d+ /);

    const shot = await vsc.screenshot('smoke-workbench');
    assert.ok(shot.endsWith('.png'));

    // A reload starts a new extension host, which activates the extension again.
    const reloaded = await vsc.reloadWindow();
    await vsc.waitForLog(/activated in \d+ ms/, { since: reloaded, timeoutMs: 60_000 });
  });
});
