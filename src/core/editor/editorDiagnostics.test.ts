import assert from 'node:assert/strict';
import { test } from 'node:test';
import { docOf } from '../../../test/support/editorDocs';
import { editorDiagnostics, type EditorDiagnostic } from './editorDiagnostics';

const CREDENTIALS = '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secretEXAMPLE\n';

/** Each diagnostic as `code line:start-end`, with the text it covers. */
function shown(text: string, diagnostics: EditorDiagnostic[]): string[] {
  const lines = text.split('\n');
  return diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}:${lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)}`);
}

function check(kind: 'config' | 'credentials', text: string, other: string | null = CREDENTIALS): string[] {
  return shown(text, editorDiagnostics(docOf(kind, text, other)));
}

test('issue 22: the engine\'s problems at their columns, with the Profiles view\'s sentences', () => {
  const text = '[default]\nregion = us-east-1\n\n[prod]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n\n[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = defualt\n';
  const doc = docOf('config', text, CREDENTIALS);
  const diagnostics = editorDiagnostics(doc);
  assert.deepEqual(shown(text, diagnostics), ['profile.invalid_config 10:defualt', 'section.not_a_profile 4:[prod]']);
  const missing = diagnostics[0];
  assert.equal(missing.severity, 'error');
  assert.equal(missing.message, 'The source_profile "defualt" referenced in the profile "dev" does not exist.\nCreate a profile named "defualt", or name an existing one.');
  assert.equal(missing.profile, 'dev');
  assert.equal(missing.key, 'source_profile');
  const analysisMessage = doc.analysis.diagnostics.find((d) => d.code === 'section.not_a_profile')!;
  assert.equal(diagnostics[1].message, `${analysisMessage.message}\n${analysisMessage.fix}`);
});

test('issue 22: a credential_source in the wrong case is an error at its value, with the value meant', () => {
  const text = '[profile ec2]\nrole_arn = arn:aws:iam::123456789012:role/A\ncredential_source = Ec2instancemetadata\n';
  const [d] = editorDiagnostics(docOf('config', text));
  assert.deepEqual(shown(text, [d]), ['profile.invalid_config 3:Ec2instancemetadata']);
  assert.equal(d.suggestion, 'Ec2InstanceMetadata');
});

test('issue 22: what the AWS CLI silently ignores: unknown, misspelt and spaced keys, keys in the wrong section, values outside their set', () => {
  const text = [
    '[profile a]',
    'regoin = us-east-1',
    'source profile = default',
    'granted_sso_start_url = https://example.awsapps.com/start',
    'output = jsn',
    'sso_registration_scopes = sso:account:access',
    'Region = eu-west-1',
    's3 =',
    '  max_concurent_requests = 20',
    '  addressing_style = path',
    '',
    '[sso-session corp]',
    'sso_start_url = https://corp.awsapps.com/start#/',
    'sso_region = us-east-1',
    'sso_account_id = 123456789012',
    '',
    '[services local]',
    'dynamodb =',
    '  endpoint_url = http://localhost:8000',
    'dynamo =',
    '  endpoint_url = http://localhost:8000',
    '',
  ].join('\n');
  assert.deepEqual(check('config', text), [
    'key.typo 2:regoin',
    'key.spelling 3:source profile',
    'key.unknown 4:granted_sso_start_url',
    'value.not_allowed 5:jsn',
    'key.misplaced 6:sso_registration_scopes',
    'key.case 7:Region',
    'key.typo 9:max_concurent_requests',
    'key.misplaced 15:sso_account_id',
    'key.typo 20:dynamo',
  ]);
  const d = editorDiagnostics(docOf('config', text, CREDENTIALS));
  assert.equal(d.find((x) => x.code === 'key.typo')!.suggestion, 'region');
  assert.equal(d.find((x) => x.code === 'key.spelling')!.suggestion, 'source_profile');
  assert.equal(d.find((x) => x.code === 'value.not_allowed')!.suggestion, 'json');
  assert.equal(d.find((x) => x.code === 'key.unknown')!.severity, 'info');
});

test('issue 22: a key set twice: in one section (the AWS CLI refuses the file), or in both files (the credentials file wins)', () => {
  const text = '[default]\nregion = us-east-1\nregion = eu-west-1\n\n[profile both]\noutput = json\nregion = us-west-2\n';
  const credentials = '[both]\nregion = eu-central-1\n';
  const d = editorDiagnostics(docOf('config', text, credentials));
  assert.deepEqual(shown(text, d), ['rejected.duplicate_key 3:region = eu-west-1', 'key.overridden 7:region']);
  assert.equal(d[0].otherLine, 1);
  assert.equal(d[1].otherLine, 1);
  assert.match(d[1].message, /The credentials file sets region for profile "both" too \(line 2\): the AWS CLI uses that value and ignores this line\./);
});

test('issue 22: keys in the config file are noted, indented lines that the value above swallows are warned of', () => {
  const text = '[profile keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s3cr3t\n\n[profile swallow]\nrole_arn = arn:aws:iam::123456789012:role/A\n  source_profile = keys\n  [profile next]\n';
  assert.deepEqual(check('config', text, null), [
    'profile.partial_credentials 6:arn:aws:iam::123456789012:role/A',
    'value.role_arn 6:arn:aws:iam::123456789012:role/A',
    'key.in_config 2:aws_access_key_id',
    'key.in_config 3:aws_secret_access_key',
    'line.swallowed 7:source_profile = keys',
    'line.swallowed 8:[profile next]',
  ]);
  // The last key of a section, with [DEFAULT]'s keys inherited after it.
  assert.deepEqual(check('config', '[DEFAULT]\noutput = json\n[profile s]\nregion = us-east-1\n  output = text\n'), ['line.swallowed 5:output = text']);
  // [DEFAULT]'s keys are checked once, not in every section that inherits them.
  assert.deepEqual(check('config', '[DEFAULT]\nregoin = x\n[profile a]\n[profile b]\n'), ['key.typo 2:regoin']);
});

test('issue 22: the credentials file: its own problems only, the config file\'s left to it', () => {
  const text = '[profile x]\naws_access_key_id = A\naws_secret_access_key = B\n[default]\nbogus = 1\n';
  assert.deepEqual(check('credentials', text, '[prod]\nregion = x\n'), ['credentials.profile_prefix 1:[profile x]', 'key.unknown 5:bogus']);
});

test('issue 22: a secret never appears in a diagnostic', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const text = `[default]\naws_access_key_id = AKIA\naws_secret_access_key = ${secret}\naws_secret_access_key = ${secret}x # note\naws_sesion_token = ${secret}\n`;
  for (const d of editorDiagnostics(docOf('credentials', text, '[default]\nregion = us-east-1\n'))) assert.ok(!d.message.includes(secret), d.message);
});
