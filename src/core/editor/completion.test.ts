import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, docOf } from '../../../test/support/editorDocs';
import { completionsAt } from './completion';
import { KEYS } from './keyCatalog';

const CREDENTIALS = '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secretEXAMPLE\n';
const CONFIG = '[default]\nregion = us-east-1\n\n[profile hub]\nrole_arn = arn:aws:iam::1:role/h\nsource_profile = default\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\n[services local]\ns3 =\n  endpoint_url = http://localhost:4566\n';

function complete(marked: string, kind: 'config' | 'credentials' = 'config', other: string | null = CREDENTIALS) {
  const { text, position } = at(marked);
  return completionsAt(docOf(kind, text, other), position);
}
const labels = (items: { label: string }[]) => items.map((i) => i.label);

test('issue 22: keys of a profile: every key the AWS CLI and SDKs read, those written already left out, SDK-only ones marked', () => {
  const items = complete(`${CONFIG}\n[profile new]\nrole_arn = arn:aws:iam::1:role/x\nso|`);
  const keys = items.filter((i) => i.kind === 'key');
  assert.equal(keys.length, KEYS.profile.size - 1);
  assert.ok(!labels(keys).includes('role_arn'), 'role_arn is written already');
  const source = keys.find((k) => k.label === 'source_profile')!;
  assert.equal(source.insertText, 'source_profile = ');
  assert.equal(source.retrigger, true, 'the value completes next');
  assert.deepEqual(source.range, { start: { line: 17, character: 0 }, end: { line: 17, character: 2 } });
  assert.match(source.documentation!, /Read by: AWS CLI v1, AWS CLI v2, botocore \(boto3\), AWS SDK for JavaScript v3/);
  assert.match(source.documentation!, /\[Documentation\]\(https:\/\/docs\.aws\.amazon\.com\/cli\/latest\/userguide\/cli-configure-files\.html#cli-config-source_profile\)/);
  assert.equal(keys.find((k) => k.label === 'aws_credential_scope')!.detail, 'SDK only');
  assert.equal(keys.find((k) => k.label === 'cli_auto_prompt')!.detail, 'AWS CLI v2');
  // A whole role or SSO profile at the start of a line.
  assert.deepEqual(labels(items.filter((i) => i.kind === 'snippet')), ['Role profile', 'SSO profile', 'SSO session']);
});

test('issue 22: the credentials file offers its keys first; an sso-session section only its three keys', () => {
  const credentials = complete('[default]\n|', 'credentials', CONFIG);
  const first = credentials.filter((i) => i.sortText!.startsWith('0')).map((i) => i.label);
  assert.deepEqual(first.sort(), ['aws_access_key_id', 'aws_secret_access_key', 'aws_security_token', 'aws_session_token']);
  assert.ok(!credentials.some((i) => i.kind === 'snippet'), 'no section snippets in the credentials file');
  assert.deepEqual(labels(complete(`${CONFIG}\n[sso-session other]\n|`)), ['sso_start_url', 'sso_region', 'sso_registration_scopes', 'Role profile', 'SSO profile', 'SSO session']);
});

test('issue 22: values: closed sets, profiles for source_profile, sessions for sso_session, services, regions', () => {
  assert.deepEqual(labels(complete(`${CONFIG}\n[profile r]\ncredential_source = E|`)), ['Environment', 'EcsContainer', 'Ec2InstanceMetadata']);
  assert.deepEqual(labels(complete(`${CONFIG}\n[profile r]\noutput = |`)), ['json', 'text', 'table', 'yaml', 'yaml-stream', 'off']);
  assert.deepEqual(labels(complete(`${CONFIG}\n[profile r]\nretry_mode=|`)), ['legacy', 'standard', 'adaptive']);
  assert.deepEqual(labels(complete(`${CONFIG}\n[profile r]\nsts_regional_endpoints = |`)), ['legacy', 'regional']);
  const sources = complete(`${CONFIG}\n[profile r]\nsource_profile = h|ub`);
  assert.deepEqual(labels(sources), ['default', 'hub']);
  assert.deepEqual(sources.map((s) => s.detail), ['IAM user keys', 'role']);
  assert.deepEqual(sources[0].range, { start: { line: 16, character: 17 }, end: { line: 16, character: 20 } }, 'the whole value is replaced');
  assert.deepEqual(labels(complete(`${CONFIG}\n[profile hub2]\nsource_profile = |`, 'config', null)), ['default', 'hub']);
  assert.deepEqual(labels(complete(`${CONFIG}\n[profile s]\nsso_session = |`)), ['corp']);
  assert.deepEqual(labels(complete(`${CONFIG}\n[profile s]\nservices = |`)), ['local']);
  const regions = complete(`${CONFIG}\n[profile s]\nregion = eu-|`);
  assert.ok(labels(regions).includes('eu-central-1'));
  assert.equal(regions.find((r) => r.label === 'eu-west-1')!.detail, 'Europe (Ireland)');
  assert.ok(labels(complete(`${CONFIG}\n[sso-session x]\nsso_region = |`)).includes('us-east-1'));
});

test('issue 22: nested blocks: the s3 keys under s3 =, the services under [services], endpoint_url in a service\'s block', () => {
  const s3 = complete('[default]\ns3 =\n  max_concurrent_requests = 20\n  |');
  assert.ok(labels(s3).includes('addressing_style') && labels(s3).includes('preferred_transfer_client'));
  assert.ok(!labels(s3).includes('region'));
  assert.deepEqual(labels(complete('[default]\ns3 =\n  addressing_style = |')), ['auto', 'virtual', 'path']);
  const services = complete('[services local]\ndynamo|');
  assert.ok(labels(services).includes('dynamodb') && labels(services).includes('s3'));
  assert.equal(services.find((s) => s.label === 'dynamodb')!.insertText, 'dynamodb =\n  endpoint_url = ${1:https://}');
  assert.deepEqual(labels(complete('[services local]\ndynamodb =\n  |')), ['endpoint_url']);
});

test('issue 22: headers after [: the kinds of section in the config file, the missing profiles in the credentials file', () => {
  assert.deepEqual(labels(complete('[default]\nregion = x\n[|')), ['profile', 'sso-session', 'services']);
  assert.deepEqual(labels(complete('[|')), ['default', 'profile', 'sso-session', 'services']);
  assert.equal(complete('[pro|]').find((i) => i.label === 'profile')!.insertText, 'profile ${1:name}$0', 'a closing bracket is there already');
  assert.deepEqual(labels(complete('[default]\naws_access_key_id = A\n[|', 'credentials', CONFIG)), ['hub']);
});

test('issue 22: the role and SSO snippets offer the profiles with credentials and the sessions as choices', () => {
  const items = complete(`${CONFIG}\n|`);
  const role = items.find((i) => i.label === 'Role profile')!;
  assert.equal(role.insertText, '[profile ${1:name}]\nrole_arn = arn:aws:iam::${2:123456789012}:role/${3:RoleName}\nsource_profile = ${4|default,hub|}\nregion = ${5:us-east-1}\n$0');
  assert.match(role.documentation!, /source_profile = default\n/);
  assert.match(items.find((i) => i.label === 'SSO profile')!.insertText, /sso_session = \$\{2\|corp\|\}/);
});
