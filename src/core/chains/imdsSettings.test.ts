import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, resolveAll } from '../index';
import { imdsSettingsFailure } from './imdsSettings';

const b = (s: string) => new TextEncoder().encode(s);
const fails = (values: Record<string, string | Record<string, string>>) => {
  const f = imdsSettingsFailure(values);
  return f && `${f.kind} ${f.key}`;
};

test('issue 26: the instance metadata settings botocore reads while it builds a profile\'s resolver', () => {
  assert.equal(fails({ metadata_service_timeout: '5', metadata_service_num_attempts: ' 2 ', ec2_metadata_service_endpoint_mode: 'IPv6' }), null);
  // int() of each count: a block is a TypeError, text that is no integer a ValueError; the timeout first.
  assert.equal(fails({ metadata_service_timeout: { a: 'b' } }), 'TypeError metadata_service_timeout');
  assert.equal(fails({ metadata_service_num_attempts: '1.5', metadata_service_timeout: '' }), 'invalid_value metadata_service_timeout');
  assert.equal(fails({ metadata_service_num_attempts: 'one' }), 'invalid_value metadata_service_num_attempts');
  assert.equal(fails({ metadata_service_timeout: '-1', metadata_service_num_attempts: '1_0' }), null);
  // The mode is lower-cased and must be ipv4 or ipv6; a block has no .lower().
  assert.equal(fails({ ec2_metadata_service_endpoint_mode: 'ipv5' }), 'InvalidIMDSEndpointModeError ec2_metadata_service_endpoint_mode');
  assert.equal(fails({ ec2_metadata_service_endpoint_mode: '' }), 'InvalidIMDSEndpointModeError ec2_metadata_service_endpoint_mode');
  assert.equal(fails({ ec2_metadata_service_endpoint_mode: { a: 'b' } }), 'AttributeError ec2_metadata_service_endpoint_mode');
  // The mode is checked before the endpoint.
  assert.equal(fails({ ec2_metadata_service_endpoint: 'foo', ec2_metadata_service_endpoint_mode: 'x' }), 'InvalidIMDSEndpointModeError ec2_metadata_service_endpoint_mode');
});

test('issue 26: the endpoint must be a URL with a host name or a bracketed IPv6 address, as botocore\'s is_valid_uri says', () => {
  for (const url of ['', 'http://169.254.169.254', 'http://[fd00:ec2::254]/', 'http://[fe80::1%25eth0]:80/', 'http://a-b.example.com.', 'http://user@host:abc', '//host', 'http://\u0131.com']) {
    assert.equal(fails({ ec2_metadata_service_endpoint: url }), null, url);
  }
  for (const url of ['foo', 'localhost:80', 'http://a b', 'http://ex_ample.com', 'http://-a.com', 'http://\u00e9.com', `http://${'a'.repeat(64)}.com`, 'http://x\ty']) {
    assert.equal(fails({ ec2_metadata_service_endpoint: url }), 'InvalidIMDSEndpointError ec2_metadata_service_endpoint', url);
  }
  // urlsplit's own ValueErrors: an unclosed bracket, an IPv4 address or no address in brackets, NFKC delimiters.
  for (const url of ['http://[::1', 'http://[1.2.3.4]/', 'http://[::1::2]/', 'http://[vz.x]/', 'http://a\u2100b/']) {
    assert.equal(fails({ ec2_metadata_service_endpoint: url }), 'invalid_value ec2_metadata_service_endpoint', url);
  }
  assert.equal(fails({ ec2_metadata_service_endpoint: { a: 'b' } }), 'TypeError ec2_metadata_service_endpoint');
});

test('issue 26: a profile whose own instance metadata settings botocore refuses fails, whatever its credentials; its dependants do not', () => {
  const config = '[profile p]\nmetadata_service_timeout = 1h\naws_access_key_id = A\naws_secret_access_key = S\n[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = p\n[profile plain]\nec2_metadata_service_endpoint_mode =\n  a = b\n';
  const r = resolveAll(b(config), null).profiles;
  assert.deepEqual([r.p.result, r.p.error, r.p.chain.length], ['error', 'invalid_value', 0]);
  assert.equal(r.r.result, 'ok');
  assert.deepEqual([r.plain.result, r.plain.error], ['error', 'AttributeError']);
  // The profile named "" has default's credentials but its own settings.
  const empty = resolveAll(b("[profile '']\nmetadata_service_timeout = x\n[default]\naws_access_key_id = A\naws_secret_access_key = S\n"), null).profiles;
  assert.deepEqual([empty[''].error, empty.default.result], ['invalid_value', 'ok']);
  const { diagnostics } = analyze(b(config), null);
  const p = diagnostics.find((d) => d.profile === 'p' && d.severity === 'error')!;
  assert.deepEqual([p.code, p.line, p.fix], ['profile.invalid_setting', 2, 'Write a whole number of seconds: `metadata_service_timeout = 1`.']);
  assert.match(p.message, /^metadata_service_timeout = 1h in profile "p" makes the AWS CLI fail before it looks for credentials \(ValueError: /);
  const plain = diagnostics.find((d) => d.profile === 'plain' && d.severity === 'error')!;
  assert.deepEqual([plain.code, plain.line, plain.fix], ['profile.indented_block', 9, 'Write ec2_metadata_service_endpoint_mode on one line: `ec2_metadata_service_endpoint_mode = IPv4`.']);
});
