import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCases } from '../../../test/conformance/compare';
import { analyze, type Hop, type ProfileResolution } from '..';
import { shlexSplit } from '../config/shlex';
import { buildConfigOverlay, markerName, SECRET_KEYS, type ConfigOverlay, type ProfileFlagMode } from './configOverlay';
import { commandLine } from './helperProtocol';

const HELPER = '/opt/aws profiles/helper';
const helper = (args: string[]) => commandLine([HELPER, ...args], 'linux');
const enc = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function overlay(config: string | Uint8Array, profile: string, options: { credentials?: string; profileFlag?: ProfileFlagMode } = {}): ConfigOverlay {
  const c = typeof config === 'string' ? enc(config) : config;
  const k = options.credentials === undefined ? null : enc(options.credentials);
  return buildConfigOverlay({ config: c, credentials: k, analysis: analyze(c, k), profile, source: '/home/u/.aws/config', helper, profileFlag: options.profileFlag ?? 'cli' });
}

function ok(o: ConfigOverlay): Extract<ConfigOverlay, { ok: true }> {
  assert.ok(o.ok, o.ok ? '' : o.reason);
  return o;
}

/**
 * What a profile of the user's files should resolve to from the copy: the same, except that keys
 * read from the config file come from the helper, and so does a role the extension serves.
 */
function expectedFromCopy(original: ProfileResolution, served: { keys: string[]; profiles: string[] }): Partial<ProfileResolution> {
  const process = (via: string, profile: string): Hop => {
    const line = helper([via, profile]);
    return { kind: 'process', profile, credential_process: line, argv: shlexSplit(line) };
  };
  const chain: Hop[] = [];
  for (const hop of original.chain) {
    if (served.profiles.includes(hop.profile)) {
      chain.push(process('profile', hop.profile));
      break;
    }
    chain.push(hop.kind === 'static' && hop.from === 'config' && served.keys.includes(hop.profile) ? process('keys', hop.profile) : hop);
  }
  return { result: original.result, error: original.error, sts_region: original.sts_region, chain };
}

/** A profile's values as the copy has them: every setting but the secrets. */
function withoutSecrets(values: Record<string, unknown>, ...more: string[]): unknown {
  return plain(Object.fromEntries(Object.entries(values).filter(([k]) => !SECRET_KEYS.includes(k) && !more.includes(k))));
}

function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x));
}

for (const mode of ['cli', 'extension'] as const) {
  test(`issue 10: every conformance case's profiles resolve from the copy as the AWS CLI resolves them (profileFlag ${mode})`, () => {
    const dirs = ['conformance', 'conformance-extra'].map((d) => join(__dirname, '..', '..', '..', 'test', 'fixtures', d));
    let copies = 0;
    for (const c of dirs.flatMap((d) => loadCases(d))) {
      const analysis = analyze(c.config, c.credentials);
      const expected = c.expected as { cli_rejects: unknown; profiles: Record<string, ProfileResolution> };
      for (const [profile, plan] of analysis.plans) {
        if (plan.result !== 'ok') continue;
        const o = buildConfigOverlay({ config: c.config, credentials: c.credentials, analysis, profile, source: '/home/u/.aws/config', helper, profileFlag: mode });
        if (!o.ok) {
          // The only refusals: a file the CLI rejects, and credential settings under [DEFAULT].
          assert.ok(expected.cli_rejects !== null || /\[DEFAULT\]|profile named ""/.test(o.reason), `${c.name} ${profile}: ${o.reason}`);
          continue;
        }
        copies++;
        const served = o.served;
        const copy = analyze(o.bytes, c.credentials);
        assert.deepEqual(copy.cliRejects, analysis.cliRejects, `${c.name}: the CLI reads the copy as it reads the file`);
        for (const [name, cli] of Object.entries(expected.profiles)) {
          const got = copy.plans.get(name);
          assert.ok(got, `${c.name}: profile ${name} is in the copy`);
          const want = expectedFromCopy(cli, served);
          const actual = { result: got.result, error: got.error, sts_region: got.sts_region, chain: got.chain };
          assert.deepEqual(plain(actual), plain(want), `${c.name} (${profile} active, ${mode}): profile ${name}`);
          if (!served.profiles.includes(name)) {
            const values = served.keys.includes(name) ? withoutSecrets(got.values, 'credential_process') : withoutSecrets(got.values);
            assert.deepEqual(values, withoutSecrets(cli.values), `${c.name}: values of ${name}`);
          }
        }
        const marker = copy.plans.get(o.marker)!;
        assert.deepEqual(plain(marker.chain), [{ kind: 'process', profile: o.marker, credential_process: helper(['active', profile]), argv: [HELPER, 'active', profile] }]);
        assert.equal(copy.plans.size, analysis.plans.size + 1, 'one profile more: the marker');
      }
    }
    assert.ok(copies > 250, `${copies} copies checked`);
  });
}

test('issue 10: the copy is the file line for line, with comments and secrets blanked, CRLF kept', () => {
  const config =
    '# my accounts\r\n[default]\r\nregion = us-east-1\r\n;old = x\r\n\r\n[profile prod]\r\nrole_arn = arn:aws:iam::222222222222:role/Admin\r\nsource_profile = default\r\n  # indented comment\r\ns3 =\r\n  addressing_style = path\r\n  aws_secret_access_key = nested-secret\r\n';
  const o = ok(overlay(config, 'prod', { credentials: '[default]\naws_access_key_id = AKIA\naws_secret_access_key = s\n' }));
  const copy = text(o.bytes);
  const lines = copy.split('\r\n');
  assert.deepEqual(lines.slice(0, 12), [
    '#',
    '[default]',
    'region = us-east-1',
    '#',
    '',
    '[profile prod]',
    'role_arn = arn:aws:iam::222222222222:role/Admin',
    'source_profile = default',
    '#',
    's3 =',
    '  addressing_style = path',
    '#',
  ]);
  assert.ok(!copy.includes('nested-secret') && !copy.includes('my accounts'));
  assert.equal(o.marker, 'prod@vscode');
  assert.deepEqual(o.served, { keys: [], profiles: [] });
  const tail = lines.at(-1)!;
  // prod's own settings only: no role keys, and no region (prod has none; default's is not prod's).
  assert.match(tail, /\n\[profile prod@vscode\]\ncredential_process = '\/opt\/aws profiles\/helper' active prod\ns3 =\n {2}addressing_style = path\n$/);
});

test('issue 10: keys in the config file are never copied; that profile gets them from the extension, indentation kept', () => {
  const config = '[default]\n  aws_access_key_id = AKIADEFAULT\n  aws_secret_access_key = very-secret\n  region = eu-west-1\n[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = default\n';
  const o = ok(overlay(config, 'prod'));
  const copy = text(o.bytes);
  assert.ok(!copy.includes('very-secret'));
  assert.deepEqual(o.served, { keys: ['default'], profiles: [] });
  assert.deepEqual(copy.split('\n').slice(0, 4), ['[default]', '  aws_access_key_id = AKIADEFAULT', `  credential_process = '/opt/aws profiles/helper' keys default`, '  region = eu-west-1']);
  const plans = analyze(o.bytes, null).plans;
  assert.deepEqual(
    plans.get('prod')!.chain.map((h) => h.kind),
    ['assume_role', 'process'],
  );
  assert.equal(plans.get('default')!.values.region, 'eu-west-1');
});

test('issue 10: in extension mode role profiles lose their role keys and ask the extension; the CLI mode keeps them', () => {
  const config = '[profile hub]\nrole_arn = arn:aws:iam::1:role/Hub\nsource_profile = dev\nmfa_serial = arn:aws:iam::0:mfa/me\n[profile prod]\nrole_arn = arn:aws:iam::2:role/Admin\nsource_profile = hub\nregion = us-west-2\n';
  const credentials = '[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s\n';
  const cli = ok(overlay(config, 'prod', { credentials }));
  assert.deepEqual(cli.served, { keys: [], profiles: [] });
  const ext = ok(overlay(config, 'prod', { credentials, profileFlag: 'extension' }));
  assert.deepEqual(ext.served, { keys: [], profiles: ['hub', 'prod'] });
  const plans = analyze(ext.bytes, enc(credentials)).plans;
  for (const name of ['hub', 'prod']) assert.deepEqual(plans.get(name)!.chain.map((h) => h.kind), ['process'], name);
  assert.equal(plans.get('prod')!.values.region, 'us-west-2');
  assert.equal(plans.get('dev')!.chain[0].kind, 'static', 'dev keeps its keys in the credentials file');
});

test('issue 24: in extension mode an aws login profile and a role on it ask the extension, so that an AWS CLI older than 2.32 (no login_session) can use --profile; the CLI mode keeps login_session', () => {
  const config = '[profile dev]\nlogin_session = arn:aws:iam::111111111111:user/bjwagner\nregion = us-west-1\n[profile prod]\nrole_arn = arn:aws:iam::2:role/Admin\nsource_profile = dev\n';
  const cli = ok(overlay(config, 'prod'));
  assert.deepEqual(cli.served, { keys: [], profiles: [] });
  assert.deepEqual(analyze(cli.bytes, null).plans.get('dev')!.chain.map((h) => h.kind), ['login']);
  const ext = ok(overlay(config, 'prod', { profileFlag: 'extension' }));
  assert.deepEqual(ext.served, { keys: [], profiles: ['dev', 'prod'] });
  const plans = analyze(ext.bytes, null).plans;
  for (const name of ['dev', 'prod']) assert.deepEqual(plans.get(name)!.chain.map((h) => h.kind), ['process'], name);
  assert.equal(plans.get('dev')!.values.region, 'us-west-1');
  assert.ok(!new TextDecoder().decode(ext.bytes).includes('login_session'), 'no login_session left for an old CLI to stumble on');
});

test('issue 10: a role with keys of its own in the credentials file stays with the CLI in extension mode', () => {
  const config = '[profile odd]\nrole_arn = arn:aws:iam::2:role/X\ncredential_source = Environment\n';
  const o = ok(overlay(config, 'odd', { credentials: '[odd]\naws_access_key_id = A\naws_secret_access_key = B\n', profileFlag: 'extension' }));
  assert.deepEqual(o.served, { keys: [], profiles: [] });
});

test('issue 10: the marker copies every setting that is not about credentials, nested blocks and multi-line values included', () => {
  const config = '[profile prod]\nrole_arn = arn:aws:iam::2:role/Admin\ncredential_source = Environment\nregion = eu-central-1\noutput = table\nendpoint_url = http://127.0.0.1:4566\ncli_pager =\nca_bundle = a\n  b\ns3 =\n  max_concurrent_requests = 20\n';
  const o = ok(overlay(config, 'prod', { credentials: '[prod]\ncli_timestamp_format = iso8601\n' }));
  const marker = analyze(o.bytes, enc('[prod]\ncli_timestamp_format = iso8601\n')).plans.get(o.marker)!;
  assert.deepEqual(plain(marker.values), {
    credential_process: helper(['active', 'prod']),
    region: 'eu-central-1',
    output: 'table',
    endpoint_url: 'http://127.0.0.1:4566',
    cli_pager: '',
    ca_bundle: 'a\nb',
    s3: { max_concurrent_requests: '20' },
    cli_timestamp_format: 'iso8601',
  });
});

test('issue 10: the marker name shows the profile, is one every SDK accepts, and is taken by no profile', () => {
  assert.equal(markerName('prod', () => false), 'prod@vscode');
  assert.equal(markerName('my profile', () => false), 'my_profile@vscode');
  const taken = new Set(['prod@vscode', 'prod@vscode-2']);
  assert.equal(markerName('prod', (n) => taken.has(n)), 'prod@vscode-3');
  const o = ok(overlay('[profile prod@vscode]\nregion = x\n[profile prod]\ncredential_source = Environment\nrole_arn = arn:aws:iam::1:role/R\n', 'prod'));
  assert.equal(o.marker, 'prod@vscode-2');
});

test('issue 10: a file without a final line end gets one before the marker', () => {
  const o = ok(overlay('[default]\ncredential_source = Environment\nrole_arn = arn:aws:iam::1:role/R\nregion = us-east-1', 'default'));
  assert.match(text(o.bytes), /^\[default\]\ncredential_source = Environment\nrole_arn = arn:aws:iam::1:role\/R\nregion = us-east-1\n\n# AWS Profiles/);
});

test('issue 10: no copy where none can work, each with a reason', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['[default]\nregion = x\nno equals sign here\n', 'default', /rejects the config file \(line 3\)/],
    ['[default]\nregion = x\n', 'nope', /no profile "nope"/],
    ['[default]\nregion = x\n', 'default', /no credentials to use/],
    ['[DEFAULT]\nrole_arn = arn:aws:iam::1:role/R\n[default]\ncredential_source = Environment\n', 'default', /\[DEFAULT\].*"role_arn"/],
  ];
  for (const [config, profile, reason] of cases) {
    const o = overlay(config, profile);
    assert.ok(!o.ok && reason.test(o.reason), `${JSON.stringify(config)}: ${o.ok ? 'made a copy' : o.reason}`);
  }
});

test('issue 10: no secret of the config file reaches the copy, wherever it is written', () => {
  const secrets = ['S3CR3T-1', 'S3CR3T-2', 'S3CR3T-3', 'S3CR3T-4', 'S3CR3T-5', 'S3CR3T-6'];
  const config = [
    `# aws_secret_access_key = ${secrets[0]}`,
    '[default]',
    `aws_access_key_id = AKIAEXAMPLE`,
    `aws_security_token = ${secrets[1]}`,
    `aws_secret_access_key = ${secrets[2]}`,
    `aws_session_token = ${secrets[3]}`,
    '  continued',
    '[sso-session corp]',
    `aws_secret_access_key = ${secrets[4]}`,
    '[not a profile header]',
    `AWS_Security_Token: ${secrets[5]}`,
    '[profile prod]',
    'role_arn = arn:aws:iam::2:role/Admin',
    'source_profile = default',
  ].join('\n');
  const o = ok(overlay(config, 'prod'));
  const copy = text(o.bytes);
  for (const s of secrets) assert.ok(!copy.includes(s), `${s} copied`);
  for (const key of SECRET_KEYS) assert.ok(!new RegExp(`^\\s*${key}\\s*[=:]`, 'im').test(copy), `${key} copied`);
  const userLines = config.split('\n').length;
  assert.deepEqual(
    copy.split('\n').slice(0, userLines).map((l) => (l === '#' || l.startsWith('credential_process') ? '' : l)),
    config.split('\n').map((l) => (/S3CR3T|^#|^\s+continued/i.test(l) ? '' : l)),
    'the user file line for line',
  );
});

test('issue 26 L5: a credentials-file section without keys (mfa_serial only) leaves the config file\'s keys to the helper, as botocore reads them', () => {
  // The review's reproduction R1: botocore reads a's keys from the config file; the copy must give them too.
  const config = '[profile a]\naws_access_key_id = AKIA1\naws_secret_access_key = S1\n[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = a\n';
  for (const extra of ['mfa_serial = arn:aws:iam::1:mfa/me', 'role_session_name = me', 'duration_seconds = 900', 'external_id = x']) {
    const o = ok(overlay(config, 'r', { credentials: `[a]\n${extra}\n` }));
    assert.deepEqual(o.served.keys, ['a'], extra);
    const copy = analyze(o.bytes, enc(`[a]\n${extra}\n`));
    assert.deepEqual(plain(copy.plans.get('a')!.chain), [{ kind: 'process', profile: 'a', credential_process: helper(['keys', 'a']), argv: [HELPER, 'keys', 'a'] }], extra);
  }
  // Keys of its own in the credentials file: those win, as before.
  assert.deepEqual(ok(overlay(config, 'r', { credentials: '[a]\naws_access_key_id = AKIA2\naws_secret_access_key = S2\n' })).served.keys, []);
});

test('issue 26: keys next to sso_session (or an empty web_identity_token_file) are read by botocore, so the copy serves them', () => {
  // SSO fires only on sso_account_id / sso_role_name, web identity only on a token file that is not empty.
  for (const setting of ['sso_session = corp', 'sso_start_url = https://x.awsapps.com/start', 'web_identity_token_file =']) {
    const config = `[profile k]\n${setting}\naws_access_key_id = AKIA\naws_secret_access_key = s\n[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\n`;
    const o = ok(overlay(config, 'r'));
    assert.deepEqual(o.served, { keys: ['k'], profiles: [] }, setting);
    assert.deepEqual(analyze(o.bytes, null).plans.get('r')!.chain.map((h) => h.kind), ['assume_role', 'process'], setting);
  }
  // With an SSO role, botocore never reads the keys: they are blanked, not served.
  const sso = ok(overlay('[profile k]\nsso_account_id = 1\nsso_role_name = R\nsso_start_url = u\nsso_region = r\naws_access_key_id = AKIA\naws_secret_access_key = s\n', 'k'));
  assert.deepEqual(sso.served, { keys: [], profiles: [] });
});
