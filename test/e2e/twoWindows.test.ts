// Issue 15: two windows of one VS Code on the same profile. They share SecretStorage and
// globalState: one MFA prompt for both, one STS call per refresh (counted at the local endpoint),
// and both windows' terminals keep working through the refresh.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { AWS_CLI, withVsCode } from './harness';
import { DEMO } from '../support/localAws';
import { defaultProdFiles, demoAwsForFile } from './fixtures';
import { answerInputBox, selectInStatusBar, waitForStatus } from './workbench';

const demoAws = demoAwsForFile();

test('issue 15: two windows on one profile: one MFA prompt, one STS call per refresh, both terminals keep working', { timeout: 600_000 }, async () => {
  const aws = demoAws();
  await withVsCode('two-windows', { files: defaultProdFiles(aws.url) }, async (vsc) => {
    const calls = () => ({ GetSessionToken: aws.state.callCount('GetSessionToken'), AssumeRole: aws.state.callCount('AssumeRole') });
    const identity = async (w: { typeInTerminal(text: string): Promise<void> }, file: string) => {
      await w.typeInTerminal(`${AWS_CLI} --endpoint-url ${aws.url} sts get-caller-identity --query Arn --output text > ${join(vsc.sandbox, file)} 2>&1`);
      return vsc.waitForFile(join(vsc.sandbox, file), 60_000);
    };
    await vsc.waitForLog(/activated in \d+ ms/, { timeoutMs: 60_000 });
    const a = { page: vsc.page, openTerminal: () => vsc.openTerminal(), typeInTerminal: (t: string) => vsc.typeInTerminal(t) };

    // Window A: prod, with its MFA code.
    await selectInStatusBar(a.page, 'prod');
    await answerInputBox(a.page, /MFA code for profile "prod"/, DEMO.alice.mfaCode);
    await waitForStatus(a.page, 'prod');
    assert.deepEqual(calls(), { GetSessionToken: 1, AssumeRole: 1 });

    // Window B, on another folder: prod again, without a prompt or a call.
    const b = await vsc.openWindow(join(vsc.sandbox, 'workspace-b'));
    await vsc.waitForLog(/activated in \d+ ms/, { count: 2, timeoutMs: 60_000 });
    await selectInStatusBar(b.page, 'prod');
    await waitForStatus(b.page, 'prod');
    assert.equal(await b.page.locator('.quick-input-widget .quick-input-title', { hasText: /MFA/ }).isVisible(), false, 'no MFA prompt in window B');
    assert.deepEqual(calls(), { GetSessionToken: 1, AssumeRole: 1 }, 'window B used what window A obtained');

    // Both windows' terminals act as prod.
    await a.openTerminal();
    assert.match(await identity(a, 'a1.txt'), /^arn:aws:sts::222222222222:assumed-role\/ProdAdmin\//);
    await b.openTerminal();
    assert.match(await identity(b, 'b1.txt'), /^arn:aws:sts::222222222222:assumed-role\/ProdAdmin\//);
    assert.deepEqual(calls(), { GetSessionToken: 1, AssumeRole: 1 });

    // A refresh in window A: one AssumeRole (the MFA session is reused, no prompt); window B follows.
    await vsc.runCommand('AWS Profiles: Refresh Credentials');
    await vsc.waitForLog(/Refreshed profile "prod"/);
    assert.deepEqual(calls(), { GetSessionToken: 1, AssumeRole: 2 });
    assert.match(await identity(b, 'b2.txt'), /^arn:aws:sts::222222222222:assumed-role\/ProdAdmin\//);
    assert.match(await identity(a, 'a2.txt'), /^arn:aws:sts::222222222222:assumed-role\/ProdAdmin\//);
    assert.deepEqual(calls(), { GetSessionToken: 1, AssumeRole: 2 }, 'one call for the refresh, in both windows together');
  });
});
