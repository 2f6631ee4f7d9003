import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, resolveAll } from '../index';

const b = (s: string) => new TextEncoder().encode(s);
const plan = (config: string, credentials: string | null, name: string) => resolveAll(b(config), credentials === null ? null : b(credentials)).profiles[name];
const kinds = (config: string, credentials: string | null, name: string) => plan(config, credentials, name).chain.map((h) => `${h.kind}:${h.profile}`);

const KEYS = 'aws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n';

test('the default + prod scenario: prod assumes its role with default\'s keys', () => {
  const p = plan('[default]\nregion = us-east-1\n[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/CrossAccountPowerUser\nsource_profile = default\nregion = us-west-1\n', `[default]\n${KEYS}`, 'prod');
  assert.equal(p.result, 'ok');
  assert.equal(p.sts_region, 'us-west-1');
  assert.deepEqual(p.chain.map((h) => h.kind), ['assume_role', 'static']);
  assert.match(p.chain[0].kind === 'assume_role' ? p.chain[0].cli_cache_key ?? '' : '', /^[0-9a-f]{40}$/);
});

test('cache key is the SHA-1 of the sorted JSON the AWS CLI builds', () => {
  const p = plan('[profile web]\nrole_arn = arn:aws:iam::123456789012:role/web\nweb_identity_token_file = /t\n', null, 'web');
  assert.equal(p.chain[0].kind === 'web_identity' && p.chain[0].cli_cache_key, '995ef64306d209e21474b69558c0b71b44774efb');
});

test('top-level precedence: role > web identity > SSO > credentials keys > login > process > config keys', () => {
  const sso = 'sso_account_id = 1\nsso_role_name = R\nsso_start_url = u\nsso_region = r\n';
  assert.deepEqual(kinds(`[profile p]\nweb_identity_token_file = /t\nrole_arn = arn:aws:iam::1:role/x\n${sso}`, null, 'p'), ['web_identity:p']);
  assert.deepEqual(kinds(`[profile p]\n${sso}credential_process = x\n`, `[p]\n${KEYS}`, 'p'), ['sso:p']);
  assert.deepEqual(kinds('[profile p]\ncredential_process = x\nlogin_session = s\n', `[p]\n${KEYS}`, 'p'), ['static:p']);
  assert.deepEqual(kinds('[profile p]\ncredential_process = x\nlogin_session = s\n', null, 'p'), ['login:p']);
  assert.deepEqual(kinds(`[profile p]\ncredential_process = x\n${KEYS}`, null, 'p'), ['process:p']);
  assert.deepEqual(kinds(`[profile p]\n${KEYS}`, null, 'p'), ['static:p']);
});

test('a source profile with keys uses them, whatever else it has', () => {
  const config = '[profile top]\nrole_arn = arn:aws:iam::1:role/t\nsource_profile = mid\n[profile mid]\nrole_arn = arn:aws:iam::1:role/m\nsource_profile = nowhere\n';
  assert.deepEqual(kinds(config, `[mid]\n${KEYS}`, 'top'), ['assume_role:top', 'static:mid']);
});

test('cycles count the top profile as visited; a self-reference needs keys', () => {
  const three = '[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n[profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = a\n';
  const p = plan(three, null, 'a');
  assert.equal(p.error, 'cycle');
  assert.match(p.error_message!, /profile a which has already been visited. Visited profiles: \['a', 'b', 'c'\]/);
  assert.deepEqual(p.chain.map((h) => h.profile), ['a', 'b']);
  assert.ok(p.chain.every((h) => !('cli_cache_key' in h)));
  assert.equal(plan('[profile me]\nrole_arn = arn:aws:iam::1:role/me\nsource_profile = me\n', `[me]\n${KEYS}`, 'me').result, 'ok');
  assert.equal(plan('[profile me]\nrole_arn = arn:aws:iam::1:role/me\nsource_profile = me\n', null, 'me').error, 'cycle');
});

test('role configuration errors, in botocore\'s order', () => {
  assert.equal(plan('[profile p]\nrole_arn = x\nsource_profile = a\ncredential_source = Environment\n', null, 'p').error, 'invalid_config');
  assert.equal(plan(`[profile p]\nrole_arn = x\n${KEYS}`, null, 'p').error, 'partial_credentials');
  assert.equal(plan('[profile p]\nrole_arn = x\ncredential_source = environment\n', null, 'p').error, 'invalid_config');
  assert.deepEqual(kinds('[profile p]\nrole_arn = x\ncredential_source = Ec2InstanceMetadata\n', null, 'p'), ['assume_role:p', 'credential_source:p']);
  const s = plan('[profile p]\nrole_arn = x\nsource_profile = q\n[profile q]\ncredential_source = Environment\n', null, 'p');
  assert.equal(s.error_message, 'The source profile "q" must have credentials.');
});

test('static keys must come whole from one file', () => {
  assert.equal(plan('[profile s]\naws_secret_access_key = x\n', '[s]\naws_access_key_id = y\n', 's').error_message, 'Partial credentials found in shared-credentials-file, missing: aws_secret_access_key');
  assert.equal(plan('[profile s]\naws_access_key_id = y\n', null, 's').error_message, 'Partial credentials found in config-file, missing: aws_secret_access_key');
  assert.equal(plan('[profile s]\naws_secret_access_key = y\n', null, 's').result, 'no_credentials');
});

test('role parameters: duration as Python int(), session name default left out of the cache key', () => {
  const h = plan('[profile p]\nrole_arn = arn:aws:iam::1:role/p\nsource_profile = p\nduration_seconds = \uff19\uff10\uff10\nrole_session_name =\n', `[p]\n${KEYS}`, 'p').chain[0];
  assert.ok(h.kind === 'assume_role');
  assert.equal(h.duration_seconds, 900);
  assert.equal(h.role_session_name, '');
});

test('a 1,000-hop chain is planned without recursion', () => {
  let config = '';
  for (let i = 0; i < 1000; i++) config += `[profile p${i}]\nrole_arn = arn:aws:iam::123456789012:role/r${i}\nsource_profile = p${i + 1}\n`;
  const p = plan(config, `[p1000]\n${KEYS}`, 'p0');
  assert.equal(p.result, 'ok');
  assert.equal(p.chain.length, 1001);
});

test('diagnostics name the file, line and profile, with a fix', () => {
  const { diagnostics } = analyze(
    b('[default]\nregion = a\n[profile default]\nregion = b\n[profile a b]\n[profile d]\nrole_arn = "arn:aws:iam::123456789012:role/x"\nsource_profile = Dev\nduration_seconds = 1h\nmfa_serial =\n[profile dev]\n'),
    null,
  );
  const codes = diagnostics.map((d) => `${d.code}@${d.file}:${d.line}`).sort();
  assert.deepEqual(codes, [
    'profile.invalid_config@config:8',
    'value.source_case@config:8',
    'section.dropped@config:5',
    'section.replaced@config:1',
    'value.duration_ignored@config:9',
    'value.mfa_empty@config:10',
    'value.role_arn@config:7',
  ].sort());
  assert.ok(diagnostics.every((d) => d.message && d.fix));
  const caseDiag = analyze(b('[profile Dev]\nregion = x\n[profile t]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = dev\n'), null).diagnostics;
  assert.ok(caseDiag.some((d) => d.code === 'value.source_case' && d.line === 5 && d.profile === 't'));
});

test('a rejected file gives no CLI profiles, but the lenient plans and the rejection as a diagnostic', () => {
  const a = analyze(b('[default]\nregion = a\nregion = b\n[profile x]\n'), b(`[default]\n${KEYS}`));
  assert.deepEqual(a.cliRejects, { file: 'config', reason: 'duplicate_key', line: 3 });
  assert.equal(a.plans.get('default')?.result, 'ok');
  assert.ok(a.diagnostics.some((d) => d.code === 'rejected.duplicate_key' && d.line === 3));
  assert.deepEqual(Object.keys(resolveAll(b('[default]\nregion = a\nregion = b\n'), null).profiles), []);
});

test('a profile named __proto__ is an ordinary profile', () => {
  const r = JSON.parse(JSON.stringify(resolveAll(b('[profile __proto__]\nregion = x\n'), null)));
  assert.equal(r.profiles.__proto__.sts_region, 'x');
});

test('keys and profiles named like Object.prototype members are ordinary', () => {
  const r = JSON.parse(JSON.stringify(resolveAll(b('[profile constructor]\nconstructor = 1\n__proto__ = x\ntostring = y\n[profile p]\nhasownproperty = z\n'), b('[__proto__]\n__proto__ = c\nconstructor = d\n'))));
  assert.equal(r.cli_rejects, null);
  assert.deepEqual(r.profiles.constructor.values, JSON.parse('{"constructor": "1", "__proto__": "x", "tostring": "y"}'));
  assert.deepEqual(Object.keys(r.profiles.__proto__.values), ['__proto__', 'constructor']);
  assert.deepEqual(r.profiles.p.values, { hasownproperty: 'z' });
});

test('issue 13: a hop computes its AWS CLI cache key when first read, and JSON still carries it', () => {
  const p = plan('[profile web]\nrole_arn = arn:aws:iam::123456789012:role/web\nweb_identity_token_file = /t\n[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = web\n', null, 'r');
  const [role, web] = p.chain;
  // Not an own data field filled in while planning: a getter, so thousands of unread keys cost nothing.
  assert.equal(Object.getOwnPropertyDescriptor(role, 'cli_cache_key'), undefined);
  assert.equal(typeof Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Object.getPrototypeOf(role)), 'cli_cache_key')?.get, 'function');
  assert.equal(web.kind === 'web_identity' && web.cli_cache_key, '995ef64306d209e21474b69558c0b71b44774efb');
  const json = JSON.parse(JSON.stringify(p.chain));
  assert.match(json[0].cli_cache_key, /^[0-9a-f]{40}$/);
  assert.equal(json[1].cli_cache_key, '995ef64306d209e21474b69558c0b71b44774efb');
  assert.equal(json[0].role_arn, 'arn:aws:iam::1:role/r');
});

test('issue 15: on Windows a credential_process keeps its backslashes (botocore splits it with the Windows rules there)', () => {
  const config = b('[profile p]\ncredential_process = C:\\Tools\\creds.exe --profile p\n[profile bad]\ncredential_process = "C:\\unclosed\n');
  const argv = (options: { platform?: string }) => {
    const hop = analyze(config, null, options).plans.get('p')!.chain[0];
    return hop?.kind === 'process' ? hop.argv : hop;
  };
  assert.deepEqual(argv({ platform: 'win32' }), ['C:\\Tools\\creds.exe', '--profile', 'p']);
  // Elsewhere, Python's shlex: a backslash escapes the next character (the conformance cases' answer).
  assert.deepEqual(argv({}), ['C:Toolscreds.exe', '--profile', 'p']);
  assert.deepEqual(argv({ platform: 'darwin' }), ['C:Toolscreds.exe', '--profile', 'p']);
  const bad = analyze(config, null, { platform: 'win32' }).plans.get('bad')!;
  assert.equal(bad.result, 'error');
  assert.match(bad.error_message ?? '', /No closing quotation/);
});

test('issue 26: an empty credential_process fails where botocore runs it (Popen([]): IndexError), and so does every role it sources', () => {
  const config = '[profile e]\ncredential_process =\n[profile w]\ncredential_process =    \t\n[profile top]\nrole_arn = arn:aws:iam::1:role/t\nsource_profile = mid\n[profile mid]\nrole_arn = arn:aws:iam::1:role/m\nsource_profile = e\n';
  for (const name of ['e', 'w']) {
    const p = plan(config, null, name);
    assert.deepEqual([p.result, p.error], ['error', 'IndexError']);
    assert.deepEqual(JSON.parse(JSON.stringify(p.chain)), [{ kind: 'process', profile: name, credential_process: '', argv: [] }]);
  }
  const top = plan(config, null, 'top');
  assert.deepEqual([top.result, top.error], ['error', 'IndexError']);
  assert.deepEqual(kinds(config, null, 'top'), ['assume_role:top', 'assume_role:mid', 'process:e']);
  assert.equal(top.chain[0].kind === 'assume_role' && top.chain[0].cli_cache_key, undefined);
  // A quoted empty word is a command (a program named ""): botocore gets as far as running it.
  assert.deepEqual(plan('[profile q]\ncredential_process = ""\n', null, 'q').chain[0], { kind: 'process', profile: 'q', credential_process: '""', argv: [''] });
  // On Windows botocore splits the line differently, but an empty one is still no command.
  assert.equal(analyze(b(config), null, { platform: 'win32' }).plans.get('e')?.error, 'IndexError');
});

test('issue 26: an empty credential_process fails only where botocore reaches it in its provider order', () => {
  const empty = 'credential_process =\n';
  assert.deepEqual(kinds(`[profile p]\n${empty}`, `[p]\n${KEYS}`, 'p'), ['static:p']);
  assert.deepEqual(kinds(`[profile p]\n${empty}login_session = s\n`, null, 'p'), ['login:p']);
  assert.deepEqual(kinds(`[profile p]\n${empty}sso_account_id = 1\nsso_role_name = R\nsso_start_url = u\nsso_region = r\n`, null, 'p'), ['sso:p']);
  assert.equal(plan(`[profile p]\n${empty}${KEYS}`, null, 'p').error, 'IndexError'); // process comes before config-file keys
  // A source profile with keys in the credentials file never runs its (empty) process.
  assert.equal(plan(`[profile t]\nrole_arn = arn:aws:iam::1:role/t\nsource_profile = p\n[profile p]\n${empty}`, `[p]\n${KEYS}`, 't').result, 'ok');
});

test('issue 26: the diagnostic of a profile with an empty credential_process points at it, for every role it sources', () => {
  const { diagnostics, plans } = analyze(b('[profile top]\nrole_arn = arn:aws:iam::1:role/t\nsource_profile = e\n[profile e]\nregion = r\ncredential_process =\n'), null);
  const of = (profile: string) => diagnostics.find((d) => d.profile === profile && d.severity === 'error')!;
  assert.deepEqual([of('e').code, of('e').file, of('e').line], ['profile.empty_command', 'config', 6]);
  assert.match(of('e').message, /^credential_process of profile "e" is empty/);
  assert.match(of('e').fix, /credential_process = /);
  assert.equal(of('top').line, 6);
  assert.match(of('top').message, /^Profile "top" uses profile "e": credential_process of profile "e" is empty/);
  // The cause is the extension's own: the conformance view (JSON) leaves it out.
  assert.equal(plans.get('top')?.cause?.key, 'credential_process');
  assert.ok(!('cause' in JSON.parse(JSON.stringify(plans.get('top')))));
});

const BLOCK = '=\n  a = b\n';

test('issue 26: a setting botocore reads as one line, written as an indented block, fails as Python fails on the dict', () => {
  const role = 'role_arn = arn:aws:iam::1:role/r\n';
  const cases: Array<[string, string, string]> = [
    // int(dict) in _get_role_config, before source_profile / credential_source are even checked
    [`[profile p]\n${role}source_profile = base\nduration_seconds ${BLOCK}`, 'p', 'TypeError'],
    [`[profile p]\n${role}credential_source = Environment\nsource_profile = base\nduration_seconds ${BLOCK}`, 'p', 'TypeError'],
    [`[profile p]\n${role}duration_seconds ${BLOCK}`, 'p', 'TypeError'],
    // a dict is no key of the profiles / sso-sessions dicts
    [`[profile p]\n${role}source_profile ${BLOCK}`, 'p', 'TypeError'],
    [`[profile p]\nsso_session ${BLOCK}sso_account_id = 1\nsso_role_name = R\n`, 'p', 'TypeError'],
    // shlex.split reads a non-string as a stream
    [`[profile p]\ncredential_process ${BLOCK}`, 'p', 'AttributeError'],
  ];
  for (const [config, name, error] of cases) {
    const p = plan(`${config}[profile base]\n${KEYS}`, null, name);
    assert.deepEqual([p.result, p.error], ['error', error], config);
    assert.equal(p.chain.length, 0, config);
  }
});

test('issue 26: an indented block fails every profile whose chain reaches it, and none that botocore does not read it for', () => {
  const config = `[profile top]\nrole_arn = arn:aws:iam::1:role/t\nsource_profile = mid\n[profile mid]\nrole_arn = arn:aws:iam::1:role/m\nsource_profile = base\nduration_seconds ${BLOCK}[profile base]\n${KEYS}`;
  const top = plan(config, null, 'top');
  assert.deepEqual([top.result, top.error], ['error', 'TypeError']);
  assert.deepEqual(kinds(config, null, 'top'), ['assume_role:top']);
  // A source profile with keys is used for its keys: its own role settings are never read.
  assert.equal(plan(`[profile top]\nrole_arn = arn:aws:iam::1:role/t\nsource_profile = k\n[profile k]\nrole_arn = x\nsource_profile ${BLOCK}${KEYS}`, null, 'top').result, 'ok');
  // sso_session is read only when the profile is an SSO profile.
  assert.equal(plan(`[profile p]\nsso_session ${BLOCK}${KEYS}`, null, 'p').result, 'ok');
  // Values botocore passes on without looking inside stay as they are.
  for (const key of ['role_arn', 'external_id', 'mfa_serial', 'role_session_name']) {
    const arn = key === 'role_arn' ? '' : 'role_arn = r\n';
    assert.equal(plan(`[profile p]\n${arn}source_profile = base\n${key} ${BLOCK}[profile base]\n${KEYS}`, null, 'p').result, 'ok', key);
  }
  assert.equal(plan(`[profile p]\nrole_arn = r\nweb_identity_token_file ${BLOCK}`, null, 'p').result, 'ok');
  assert.equal(plan(`[profile p]\nrole_arn = r\ncredential_source ${BLOCK}`, null, 'p').error, 'invalid_config');
});

test('issue 26: the diagnostic of such a profile points at the setting, names the profile and says how to write it', () => {
  const config = `[profile top]\nrole_arn = arn:aws:iam::1:role/t\nsource_profile = mid\n[profile mid]\nrole_arn = arn:aws:iam::1:role/m\nsource_profile = base\nduration_seconds ${BLOCK}[profile base]\n${KEYS}`;
  const { diagnostics, plans } = analyze(b(config), null);
  const of = (profile: string) => diagnostics.find((d) => d.profile === profile && d.severity === 'error')!;
  assert.deepEqual({ ...of('mid'), message: undefined }, {
    severity: 'error', code: 'profile.indented_block', file: 'config', line: 7, profile: 'mid', message: undefined,
    fix: 'Write duration_seconds on one line: `duration_seconds = 3600`.',
  });
  assert.match(of('mid').message, /^duration_seconds of profile "mid" is written as an indented block/);
  assert.equal(of('top').line, 7);
  assert.match(of('top').message, /^Profile "top" uses profile "mid": duration_seconds of profile "mid"/);
  assert.equal(plans.get('mid')?.cause?.key, 'duration_seconds');
});

test('issue 26: a setting botocore passes on as it is, written as an indented block, is a warning at its line', () => {
  const { diagnostics, plans } = analyze(b(`[profile r]\nrole_arn ${BLOCK}source_profile = base\nregion ${BLOCK}[profile base]\n${KEYS}`), null);
  assert.equal(plans.get('r')?.result, 'ok');
  const warnings = diagnostics.filter((d) => d.code === 'value.indented_block').map((d) => `${d.profile}:${d.line}:${d.fix}`);
  assert.deepEqual(warnings, ['r:2:Write role_arn on one line: `role_arn = VALUE`.', 'r:5:Write region on one line: `region = VALUE`.']);
});
