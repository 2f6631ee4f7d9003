import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { DEMO, demoScenario } from './demoScenario';
import { LocalAws, startLocalAws } from './startLocalAws';

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the AWS CLI asynchronously (the endpoint lives in this process, so a sync spawn would deadlock). */
function aws(args: string[], env: Record<string, string>): Promise<CliResult | 'missing'> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  return new Promise((resolve) => {
    execFile(
      'aws',
      args,
      {
        env: {
          ...clean,
          AWS_CONFIG_FILE: '/nonexistent/config',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_DEFAULT_REGION: DEMO.region,
          AWS_PAGER: '',
          ...env,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') resolve('missing');
        else resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const ALICE_ENV = { AWS_ACCESS_KEY_ID: DEMO.alice.accessKeyId, AWS_SECRET_ACCESS_KEY: DEMO.alice.secretAccessKey };

let local: LocalAws;
let skip: string | false = false;

before(async () => {
  local = await startLocalAws({ scenario: demoScenario() });
  const probe = await aws(['--version'], {});
  if (probe === 'missing') skip = 'the AWS CLI (`aws`) is not on PATH; install it to run these tests';
});

after(async () => {
  await local.close();
});

async function cli(args: string[], env: Record<string, string> = ALICE_ENV): Promise<CliResult> {
  const result = await aws(['--endpoint-url', local.url, '--output', 'json', ...args], env);
  assert.notEqual(result, 'missing');
  return result as CliResult;
}

test('aws sts get-caller-identity', async (t) => {
  if (skip) return t.skip(skip);
  const result = await cli(['sts', 'get-caller-identity']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    UserId: JSON.parse(result.stdout).UserId,
    Account: DEMO.devAccountId,
    Arn: DEMO.alice.arn,
  });
});

test('aws sts assume-role with MFA, then ec2 describe-instances with the session', async (t) => {
  if (skip) return t.skip(skip);
  const assumed = await cli([
    'sts', 'assume-role',
    '--role-arn', DEMO.adminRoleArn,
    '--role-session-name', 'cli',
    '--serial-number', DEMO.alice.mfaSerial,
    '--token-code', DEMO.alice.mfaCode,
  ]);
  assert.equal(assumed.code, 0, assumed.stderr);
  const credentials = JSON.parse(assumed.stdout).Credentials;
  const listed = await cli(['ec2', 'describe-instances', '--filters', 'Name=tag:Environment,Values=prod'], {
    AWS_ACCESS_KEY_ID: credentials.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey,
    AWS_SESSION_TOKEN: credentials.SessionToken,
  });
  assert.equal(listed.code, 0, listed.stderr);
  const reservations = JSON.parse(listed.stdout).Reservations as { Instances: { InstanceId: string }[] }[];
  assert.equal(reservations.flatMap((r) => r.Instances).length, 6);
});

test('the CLI reports the STS error code for a wrong secret', async (t) => {
  if (skip) return t.skip(skip);
  const result = await cli(['sts', 'get-caller-identity'], { ...ALICE_ENV, AWS_SECRET_ACCESS_KEY: 'wrong', AWS_MAX_ATTEMPTS: '1' });
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /\(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation/);
});
