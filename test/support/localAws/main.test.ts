import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DEMO } from './demoScenario';

test('main.ts prints the URL as JSON, serves the demo scenario and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', `${__dirname}/main.ts`, '--port', '0', '--scenario', 'demo'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const { url } = JSON.parse(line) as { url: string };
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const sts = new STSClient({ endpoint: url, region: DEMO.region, credentials: { accessKeyId: DEMO.alice.accessKeyId, secretAccessKey: DEMO.alice.secretAccessKey } });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, DEMO.alice.arn);
    sts.destroy();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('main.ts rejects an unknown scenario', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', `${__dirname}/main.ts`, '--scenario', 'nope'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 1);
  assert.match(stderr, /Unknown scenario 'nope'\. Known: demo, empty\./);
});

test('main.ts rejects --sso-accounts without the demo scenario, and a count that is not a whole number', async () => {
  for (const [args, sentence] of [
    [['--scenario', 'empty', '--sso-accounts', '10'], /--sso-accounts adds accounts to the demo scenario; use it with --scenario demo\./],
    [['--sso-token-lifetime-seconds', 'soon'], /--sso-token-lifetime-seconds must be a whole number greater than 0, not 'soon'\./],
  ] as const) {
    const child = spawn(process.execPath, ['--import', 'tsx', `${__dirname}/main.ts`, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 1);
    assert.match(stderr, sentence);
  }
});
