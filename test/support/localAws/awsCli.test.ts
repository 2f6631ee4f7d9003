import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { DEMO, demoScenario } from './demoScenario';
import { type LocalAws, startLocalAws } from './startLocalAws';

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

test('aws sso-oidc device sign-in, then aws sso list-accounts (paginated) and get-role-credentials', async (t) => {
  if (skip) return t.skip(skip);
  const json = async (args: string[]) => {
    const result = await cli(args, {});
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };
  const client = await json(['sso-oidc', 'register-client', '--client-name', 'cli', '--client-type', 'public', '--scopes', 'sso:account:access']);
  // `--name=value`: a generated value may start with "-", which the CLI's parser would take for an option.
  const secret = [`--client-id=${String(client.clientId)}`, `--client-secret=${String(client.clientSecret)}`];
  // --cli-input-json: CLI v1 would fetch an https:// parameter value (cli_follow_urlparam).
  const device = await json(['sso-oidc', 'start-device-authorization', '--cli-input-json', JSON.stringify({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: DEMO.sso.startUrl })]);
  local.state.sso.approveDevice(String(device.userCode));
  const token = await json(['sso-oidc', 'create-token', ...secret, '--grant-type', 'urn:ietf:params:oauth:grant-type:device_code', `--device-code=${String(device.deviceCode)}`]);
  const accessToken = String(token.accessToken);
  assert.ok(token.refreshToken, 'a client registered with scopes gets a refresh token');

  const accounts = await json(['sso', 'list-accounts', `--access-token=${accessToken}`, '--page-size', '1']);
  assert.deepEqual((accounts.accountList as { accountName: string }[]).map((a) => a.accountName), ['Dev', 'Prod', 'Audit']);
  assert.equal(local.state.callCount('ListAccounts'), 3);
  const role = DEMO.sso.roles.prodAdmin;
  const out = await json(['sso', 'get-role-credentials', `--access-token=${accessToken}`, '--account-id', role.accountId, '--role-name', role.roleName]);
  const credentials = out.roleCredentials as { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  const who = await cli(['sts', 'get-caller-identity'], {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
  });
  assert.equal(who.code, 0, who.stderr);
  assert.equal(JSON.parse(who.stdout).Arn, role.sessionArn);

  const forbidden = await cli(['sso', 'get-role-credentials', `--access-token=${accessToken}`, '--account-id', DEMO.sso.unassigned.accountId, '--role-name', DEMO.sso.unassigned.roleName], {});
  assert.notEqual(forbidden.code, 0);
  assert.match(forbidden.stderr, /\(ForbiddenException\) when calling the GetRoleCredentials operation: No access/);
});
