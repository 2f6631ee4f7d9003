import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../index';
import { resolveStsTarget, resolveIamTarget } from './serviceEndpoint';

const b = (s: string) => new TextEncoder().encode(s);

function target(config: string, env: Record<string, string> = {}, profile = 'p') {
  const a = analyze(b(config), null);
  return resolveStsTarget(a.model.profiles.get(profile)!.values, a.model.services, env);
}

const SERVICES = '[services local]\nsts =\n  endpoint_url = http://localhost:4566\n';

test('region and endpoint resolution, as the issue and current CLIs/SDKs say', () => {
  const rows: [string, string, Record<string, string>, string, string, string, string][] = [
    // what, config, env, region, regionFrom, endpoint, endpointFrom
    ['profile region', '[profile p]\nregion = eu-west-1\n', { AWS_REGION: 'us-west-2' }, 'eu-west-1', 'profile', 'https://sts.eu-west-1.amazonaws.com', 'regional'],
    ['AWS_REGION', '[profile p]\n', { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-central-1' }, 'us-west-2', 'AWS_REGION', 'https://sts.us-west-2.amazonaws.com', 'regional'],
    ['AWS_DEFAULT_REGION', '[profile p]\n', { AWS_DEFAULT_REGION: 'eu-central-1' }, 'eu-central-1', 'AWS_DEFAULT_REGION', 'https://sts.eu-central-1.amazonaws.com', 'regional'],
    ['default region', '[profile p]\n', {}, 'us-east-1', 'default', 'https://sts.us-east-1.amazonaws.com', 'regional'],
    ['empty region is unset', '[profile p]\nregion =\n', {}, 'us-east-1', 'default', 'https://sts.us-east-1.amazonaws.com', 'regional'],
    ['China partition', '[profile p]\nregion = cn-north-1\n', {}, 'cn-north-1', 'profile', 'https://sts.cn-north-1.amazonaws.com.cn', 'regional'],
    ['legacy mode, legacy region', '[profile p]\nregion = eu-west-1\nsts_regional_endpoints = legacy\n', {}, 'eu-west-1', 'profile', 'https://sts.amazonaws.com', 'global'],
    ['legacy mode, newer region', '[profile p]\nregion = af-south-1\nsts_regional_endpoints = legacy\n', {}, 'af-south-1', 'profile', 'https://sts.af-south-1.amazonaws.com', 'regional'],
    ['profile endpoint_url', '[profile p]\nendpoint_url = http://localhost:4566/\n', {}, 'us-east-1', 'default', 'http://localhost:4566', 'endpoint_url'],
    ['AWS_ENDPOINT_URL beats endpoint_url', '[profile p]\nendpoint_url = http://a:1\n', { AWS_ENDPOINT_URL: 'http://b:2' }, 'us-east-1', 'default', 'http://b:2', 'AWS_ENDPOINT_URL'],
    ['services beats AWS_ENDPOINT_URL', `[profile p]\nservices = local\nendpoint_url = http://a:1\n${SERVICES}`, { AWS_ENDPOINT_URL: 'http://b:2' }, 'us-east-1', 'default', 'http://localhost:4566', 'services'],
    ['AWS_ENDPOINT_URL_STS beats services', `[profile p]\nservices = local\n${SERVICES}`, { AWS_ENDPOINT_URL_STS: 'http://c:3' }, 'us-east-1', 'default', 'http://c:3', 'AWS_ENDPOINT_URL_STS'],
    ['services without an sts block', '[profile p]\nservices = s3only\n[services s3only]\ns3 =\n  endpoint_url = http://s3:1\n', {}, 'us-east-1', 'default', 'https://sts.us-east-1.amazonaws.com', 'regional'],
    ['ignore_configured_endpoint_urls in the profile', `[profile p]\nignore_configured_endpoint_urls = true\nendpoint_url = http://a:1\n`, { AWS_ENDPOINT_URL_STS: 'http://c:3' }, 'us-east-1', 'default', 'https://sts.us-east-1.amazonaws.com', 'regional'],
    ['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS beats the profile', `[profile p]\nignore_configured_endpoint_urls = true\nendpoint_url = http://a:1\n`, { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' }, 'us-east-1', 'default', 'http://a:1', 'endpoint_url'],
    ['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=TRUE', `[profile p]\nendpoint_url = http://a:1\n`, { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' }, 'us-east-1', 'default', 'https://sts.us-east-1.amazonaws.com', 'regional'],
  ];
  for (const [what, config, env, region, regionFrom, endpoint, endpointFrom] of rows) {
    assert.deepEqual(target(config, env), { region, regionFrom, endpoint, endpointFrom }, what);
  }
});

test('an endpoint that is not an http(s) URL, or a bad region, is a sentence', () => {
  const bad = target('[profile p]\nendpoint_url = localhost:4566\n');
  assert.ok('problem' in bad && /localhost:4566.*endpoint_url.*http/.test(bad.problem));
  const region = target('[profile p]\nregion = Europe (Paris)\n');
  assert.ok('problem' in region && /is not a region name/.test(region.problem));
});

test('issue 21: IAM calls go to the global endpoint of the profile\'s partition, or to a configured one', () => {
  const none = new Map();
  assert.deepEqual(resolveIamTarget({ region: 'us-west-1' }, none, {}), { region: 'us-east-1', endpoint: 'https://iam.amazonaws.com', endpointFrom: 'global' });
  assert.deepEqual(resolveIamTarget({ region: 'cn-northwest-1' }, none, {}), { region: 'cn-north-1', endpoint: 'https://iam.cn-north-1.amazonaws.com.cn', endpointFrom: 'global' });
  assert.deepEqual(resolveIamTarget({ region: 'us-gov-east-1' }, none, {}), { region: 'us-gov-west-1', endpoint: 'https://iam.us-gov.amazonaws.com', endpointFrom: 'global' });
  assert.deepEqual(resolveIamTarget({}, none, { AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:4599/' }), { region: 'us-east-1', endpoint: 'http://127.0.0.1:4599', endpointFrom: 'AWS_ENDPOINT_URL_IAM' });
  assert.deepEqual(resolveIamTarget({ endpoint_url: 'http://localhost:4566' }, none, {}), { region: 'us-east-1', endpoint: 'http://localhost:4566', endpointFrom: 'endpoint_url' });
  assert.match((resolveIamTarget({}, none, { AWS_ENDPOINT_URL_IAM: 'ftp://x' }) as { problem: string }).problem, /IAM endpoint "ftp:\/\/x" \(from AWS_ENDPOINT_URL_IAM\)/);
});
