import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NamedSection } from './profileMap';
import { EC2, STS, resolveServiceTarget, resolveStsTarget } from './stsEndpoint';
import type { ConfigValue } from './types';

const SERVICES = new Map<string, NamedSection>([
  ['local', { name: 'local', line: 10, values: { sts: { endpoint_url: 'http://127.0.0.1:4599/' }, ec2: { endpoint_url: 'http://127.0.0.1:4600' } } }],
  ['stsOnly', { name: 'stsOnly', line: 14, values: { sts: { endpoint_url: 'http://sts.local' } } }],
  ['broken', { name: 'broken', line: 18, values: { ec2: { endpoint_url: 'localhost:4600' } } }],
]);

type Env = Record<string, string | undefined>;

test('STS: region and endpoint precedence (unchanged by the service parameter)', () => {
  const cases: [string, Record<string, ConfigValue>, Env, string, string, string, string][] = [
    ['nothing set', {}, {}, 'us-east-1', 'default', 'https://sts.us-east-1.amazonaws.com', 'regional'],
    ['profile region', { region: 'eu-west-1' }, { AWS_REGION: 'us-west-2' }, 'eu-west-1', 'profile', 'https://sts.eu-west-1.amazonaws.com', 'regional'],
    ['AWS_REGION before AWS_DEFAULT_REGION', {}, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1' }, 'us-west-2', 'AWS_REGION', 'https://sts.us-west-2.amazonaws.com', 'regional'],
    ['China partition', { region: 'cn-north-1' }, {}, 'cn-north-1', 'profile', 'https://sts.cn-north-1.amazonaws.com.cn', 'regional'],
    ['legacy in a legacy region', { sts_regional_endpoints: 'legacy' }, {}, 'us-east-1', 'default', 'https://sts.amazonaws.com', 'global'],
    ['legacy elsewhere stays regional', { region: 'ap-east-1', sts_regional_endpoints: 'legacy' }, {}, 'ap-east-1', 'profile', 'https://sts.ap-east-1.amazonaws.com', 'regional'],
    ['AWS_ENDPOINT_URL_STS first', { services: 'local', endpoint_url: 'http://p' }, { AWS_ENDPOINT_URL_STS: 'http://env-sts/', AWS_ENDPOINT_URL: 'http://env' }, 'us-east-1', 'default', 'http://env-sts', 'AWS_ENDPOINT_URL_STS'],
    ['services block second', { services: 'local', endpoint_url: 'http://p' }, { AWS_ENDPOINT_URL: 'http://env' }, 'us-east-1', 'default', 'http://127.0.0.1:4599', 'services'],
    ['AWS_ENDPOINT_URL third', { endpoint_url: 'http://p' }, { AWS_ENDPOINT_URL: 'http://env' }, 'us-east-1', 'default', 'http://env', 'AWS_ENDPOINT_URL'],
    ['endpoint_url last', { endpoint_url: 'http://p/' }, {}, 'us-east-1', 'default', 'http://p', 'endpoint_url'],
    ['ignored when asked', { endpoint_url: 'http://p', ignore_configured_endpoint_urls: 'true' }, {}, 'us-east-1', 'default', 'https://sts.us-east-1.amazonaws.com', 'regional'],
    ['ignored through the environment', { endpoint_url: 'http://p' }, { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' }, 'us-east-1', 'default', 'https://sts.us-east-1.amazonaws.com', 'regional'],
  ];
  for (const [name, values, env, region, regionFrom, endpoint, endpointFrom] of cases) {
    assert.deepEqual(resolveStsTarget(values, SERVICES, env), { region, regionFrom, endpoint, endpointFrom }, name);
  }
});

test('STS: problems name where the bad value is written', () => {
  assert.deepEqual(resolveStsTarget({ region: 'US East' }, SERVICES, {}), { problem: 'The region "US East" (from the profile\'s "region") is not a region name such as us-east-1.' });
  assert.deepEqual(resolveStsTarget({}, SERVICES, { AWS_ENDPOINT_URL_STS: 'sts.local' }), { problem: 'The STS endpoint "sts.local" (from AWS_ENDPOINT_URL_STS) is not an http:// or https:// URL.' });
});

test('EC2: the same rules with its own variable and services block', () => {
  const cases: [string, Record<string, ConfigValue>, Env, string | undefined, Record<string, string>][] = [
    ['regional by default', { region: 'eu-west-1' }, {}, undefined, { region: 'eu-west-1', regionFrom: 'profile', endpoint: 'https://ec2.eu-west-1.amazonaws.com', endpointFrom: 'regional' }],
    ['China partition', {}, { AWS_DEFAULT_REGION: 'cn-northwest-1' }, undefined, { region: 'cn-northwest-1', regionFrom: 'AWS_DEFAULT_REGION', endpoint: 'https://ec2.cn-northwest-1.amazonaws.com.cn', endpointFrom: 'regional' }],
    ['AWS_ENDPOINT_URL_EC2 first', { services: 'local' }, { AWS_ENDPOINT_URL_EC2: 'http://env-ec2', AWS_ENDPOINT_URL_STS: 'http://env-sts' }, undefined, { region: 'us-east-1', regionFrom: 'default', endpoint: 'http://env-ec2', endpointFrom: 'AWS_ENDPOINT_URL_EC2' }],
    ['the ec2 block, not the sts one', { services: 'local' }, { AWS_ENDPOINT_URL_STS: 'http://env-sts' }, undefined, { region: 'us-east-1', regionFrom: 'default', endpoint: 'http://127.0.0.1:4600', endpointFrom: 'services' }],
    ['no ec2 block: the general settings apply', { services: 'stsOnly', endpoint_url: 'http://p' }, {}, undefined, { region: 'us-east-1', regionFrom: 'default', endpoint: 'http://p', endpointFrom: 'endpoint_url' }],
    ['AWS_ENDPOINT_URL', {}, { AWS_ENDPOINT_URL: 'http://all/' }, undefined, { region: 'us-east-1', regionFrom: 'default', endpoint: 'http://all', endpointFrom: 'AWS_ENDPOINT_URL' }],
    ['sts_regional_endpoints does not apply', { sts_regional_endpoints: 'legacy' }, {}, undefined, { region: 'us-east-1', regionFrom: 'default', endpoint: 'https://ec2.us-east-1.amazonaws.com', endpointFrom: 'regional' }],
    ['a region override wins over the profile', { region: 'eu-west-1' }, { AWS_REGION: 'us-west-2' }, 'ap-south-1', { region: 'ap-south-1', regionFrom: 'override', endpoint: 'https://ec2.ap-south-1.amazonaws.com', endpointFrom: 'regional' }],
    ['an override keeps a configured endpoint', { endpoint_url: 'http://127.0.0.1:4599' }, {}, 'eu-west-1', { region: 'eu-west-1', regionFrom: 'override', endpoint: 'http://127.0.0.1:4599', endpointFrom: 'endpoint_url' }],
  ];
  for (const [name, values, env, region, expected] of cases) {
    assert.deepEqual(resolveServiceTarget(EC2, values, SERVICES, env, region), expected, name);
  }
});

test('EC2: problems name the service and where the value is written', () => {
  assert.deepEqual(resolveServiceTarget(EC2, { services: 'broken' }, SERVICES, {}), {
    problem: 'The EC2 endpoint "localhost:4600" (from the "ec2" block of [services broken]) is not an http:// or https:// URL.',
  });
  assert.deepEqual(resolveServiceTarget(EC2, {}, SERVICES, {}, 'Frankfurt'), {
    problem: 'The region "Frankfurt" (from the region chosen for this view) is not a region name such as us-east-1.',
  });
});

test('resolveServiceTarget(STS) agrees with resolveStsTarget outside the legacy global case', () => {
  const env = { AWS_REGION: 'eu-central-1' };
  for (const values of [{}, { services: 'local' }, { endpoint_url: 'http://p' }, { region: 'us-west-1' }] as Record<string, ConfigValue>[]) {
    assert.deepEqual(resolveServiceTarget(STS, values, SERVICES, env), resolveStsTarget(values, SERVICES, env));
  }
});
