// Regression test for issue 3: credentials are never in plaintext anywhere but SecretStorage. It
// runs assume, a background refresh and a restart, then searches every file the extension could
// have written (a temporary HOME holding ~/.aws and the extension's storage), the StateStore, the
// log and the error messages for every secret key and session token STS issued.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StateStore } from '../core/credentials/credentials';
import { analyze } from '../core/index';
import { DEMO, demoScenario, startLocalAws } from '../../test/support/localAws';
import { CapturingLogger, FakeClock, MemorySecretStore } from '../../test/support/credentialFakes';
import { awsFilePaths, readAwsFile } from '../aws/files/awsFiles';
import { CredentialEngine } from './credentialEngine';

/** globalState as VS Code keeps it: a file in the extension's storage. */
class FileStateStore implements StateStore {
  constructor(private readonly file: string) {}
  get<T>(key: string): T | undefined {
    try {
      return (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, T>)[key];
    } catch {
      return undefined;
    }
  }
  async update(key: string, value: unknown): Promise<void> {
    let all: Record<string, unknown> = {};
    try {
      all = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      // no file yet: an empty store
    }
    all[key] = value;
    writeFileSync(this.file, JSON.stringify(all));
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

test('issue 3: after assume, refresh and restart, no secret key or session token is in any file, the state, the log or an error', async () => {
  const home = mkdtempSync(join(tmpdir(), 'aws-profiles-issue3-'));
  const saved = { HOME: process.env.HOME, USERPROFILE: process.env.USERPROFILE };
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  const aws = await startLocalAws({ scenario: demoScenario() });
  try {
    mkdirSync(join(home, '.aws'));
    mkdirSync(join(home, 'globalStorage'));
    const configText = `[default]\nregion = us-east-1\n[profile power]\nrole_arn = ${DEMO.powerUserRoleArn}\nsource_profile = default\n[profile audit]\nrole_arn = ${DEMO.chainedRoleArn}\nsource_profile = power\n[profile admin]\nrole_arn = ${DEMO.adminRoleArn}\nsource_profile = default\nmfa_serial = ${DEMO.alice.mfaSerial}\n[profile bob-power]\nrole_arn = ${DEMO.powerUserRoleArn}\nsource_profile = bob\n`;
    const credentialsText = `[default]\naws_access_key_id = ${DEMO.alice.accessKeyId}\naws_secret_access_key = ${DEMO.alice.secretAccessKey}\n[bob]\naws_access_key_id = ${DEMO.bob.accessKeyId}\naws_secret_access_key = ${DEMO.bob.secretAccessKey}\n`;
    writeFileSync(join(home, '.aws', 'config'), configText);
    writeFileSync(join(home, '.aws', 'credentials'), credentialsText);
    const paths = awsFilePaths({}, { HOME: home }, home);
    const analysis = analyze((await readAwsFile(paths.config)).bytes, (await readAwsFile(paths.credentials)).bytes);

    const clock = new FakeClock(Date.now());
    const secrets = new MemorySecretStore(); // the OS keychain behind SecretStorage: the one place secrets may go
    const state = new FileStateStore(join(home, 'globalStorage', 'state.json'));
    const logger = new CapturingLogger();
    const errors: string[] = [];
    const make = () =>
      new CredentialEngine({
        profiles: () => ({ model: analysis.model, plans: analysis.plans }),
        env: { AWS_ENDPOINT_URL_STS: aws.url },
        secrets,
        state,
        clock,
        timer: clock,
        logger,
        inUse: () => ['audit'],
        refreshJitter: 0,
        mfaPrompt: async () => DEMO.alice.mfaCode,
      });

    // Assume.
    let engine = make();
    await engine.get('audit');
    await engine.get('admin');
    const before = aws.state.callCount();
    // Refresh: the one timer fires 10 minutes before expiry and re-assumes without a human.
    // Past the refresh point (10 minutes before an expiry an hour after issue) whatever the rounding
    // of STS expiry times and the milliseconds the first calls took.
    clock.advance(52 * 60_000);
    // The refresh runs in the background: wait (bounded) for its STS calls rather than a fixed time.
    for (const end = Date.now() + 10_000; aws.state.callCount() <= before && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
    assert.ok(aws.state.callCount() > before, 'the background refresh called STS');
    await engine.get('audit', { forceRefresh: true });
    await engine.get('bob-power').catch((e: Error) => errors.push(e.message));
    engine.dispose();
    // Restart: a new engine over the same stores answers from them.
    engine = make();
    assert.ok(engine.status('audit')?.expiresAt, 'status survives the restart');
    const calls = aws.state.callCount();
    await engine.get('audit');
    assert.equal(aws.state.callCount(), calls, 'no STS call after the restart');
    await engine.callerIdentity('admin');
    engine.dispose();

    const issued = aws.state.issuedCredentials();
    assert.ok(issued.length >= 5, 'STS issued credentials');
    const needles = issued.flatMap((k) => [k.secretAccessKey, k.sessionToken!]);
    const haystacks: [string, string][] = [
      ...filesUnder(home).map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
      ['StateStore', readFileSync(join(home, 'globalStorage', 'state.json'), 'utf8')],
      ['log', logger.lines.join('\n')],
      ['errors', errors.join('\n')],
    ];
    assert.ok(errors.length === 1 && logger.lines.length > 5, 'there was something to search');
    for (const [where, text] of haystacks) for (const n of needles) assert.ok(!text.includes(n), `a secret in ${where}`);
    assert.equal(readFileSync(join(home, '.aws', 'config'), 'utf8'), configText, '~/.aws/config untouched');
    assert.equal(readFileSync(join(home, '.aws', 'credentials'), 'utf8'), credentialsText, '~/.aws/credentials untouched');
    assert.ok([...secrets.backing.data.values()].some((v) => needles.some((n) => v.includes(n))), 'they are in SecretStorage');
  } finally {
    await aws.close();
    process.env.HOME = saved.HOME;
    process.env.USERPROFILE = saved.USERPROFILE;
    if (saved.USERPROFILE === undefined) delete process.env.USERPROFILE;
    rmSync(home, { recursive: true, force: true });
  }
});
