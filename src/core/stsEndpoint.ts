import type { NamedSection } from './profileMap';
import type { ConfigValue } from './types';

/** Where every STS call of a profile's chain goes: one region and one endpoint, and why. */
export interface StsTarget {
  region: string;
  regionFrom: 'profile' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'default';
  /** An http(s) URL without a trailing slash. */
  endpoint: string;
  endpointFrom: 'AWS_ENDPOINT_URL_STS' | 'services' | 'AWS_ENDPOINT_URL' | 'endpoint_url' | 'regional' | 'global';
}

/** Why a configured endpoint cannot be used (a sentence naming where it is written). */
export interface StsTargetProblem {
  problem: string;
}

/** Regions whose STS `legacy` mode answers at the global endpoint (botocore's LEGACY_GLOBAL_STS_REGIONS). */
const LEGACY_GLOBAL_REGIONS = new Set([
  'ap-northeast-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'aws-global', 'ca-central-1', 'eu-central-1', 'eu-north-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
]);

function text(v: ConfigValue | undefined): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}

/** The DNS suffix of a region's partition. */
function dnsSuffix(region: string): string {
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  if (region.startsWith('us-isob-')) return 'sc2s.sgov.gov';
  if (region.startsWith('us-iso-')) return 'c2s.ic.gov';
  return 'amazonaws.com';
}

/**
 * The region and STS endpoint for a chain started from a profile with these merged values. Region:
 * the profile's `region`, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1. Endpoint, as
 * current AWS CLIs and SDKs configure endpoints: unless `ignore_configured_endpoint_urls` (or
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) is true, AWS_ENDPOINT_URL_STS, then the `sts` block of the
 * profile's `services` section, then AWS_ENDPOINT_URL, then the profile's `endpoint_url`; otherwise
 * the regional endpoint (the global one only for `sts_regional_endpoints = legacy` in a legacy region).
 * The environment is passed in; nothing here reads the process.
 */
export function resolveStsTarget(
  values: Record<string, ConfigValue>,
  services: ReadonlyMap<string, NamedSection>,
  env: Readonly<Record<string, string | undefined>>,
): StsTarget | StsTargetProblem {
  let region: string;
  let regionFrom: StsTarget['regionFrom'];
  const fromProfile = text(values.region);
  if (fromProfile !== undefined) [region, regionFrom] = [fromProfile, 'profile'];
  else if (nonEmpty(env.AWS_REGION) !== undefined) [region, regionFrom] = [nonEmpty(env.AWS_REGION)!, 'AWS_REGION'];
  else if (nonEmpty(env.AWS_DEFAULT_REGION) !== undefined) [region, regionFrom] = [nonEmpty(env.AWS_DEFAULT_REGION)!, 'AWS_DEFAULT_REGION'];
  else [region, regionFrom] = ['us-east-1', 'default'];
  if (!/^[a-z0-9-]+$/.test(region)) {
    const where = regionFrom === 'profile' ? 'the profile\'s "region"' : regionFrom;
    return { problem: `The region "${region}" (from ${where}) is not a region name such as us-east-1.` };
  }

  if (!ignoresConfiguredEndpoints(values, env)) {
    const servicesName = text(values.services);
    const block = servicesName === undefined ? undefined : services.get(servicesName)?.values.sts;
    const candidates: [string | undefined, StsTarget['endpointFrom'], string][] = [
      [nonEmpty(env.AWS_ENDPOINT_URL_STS), 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_STS'],
      [typeof block === 'object' ? nonEmpty(block.endpoint_url) : undefined, 'services', `the "sts" block of [services ${servicesName}]`],
      [nonEmpty(env.AWS_ENDPOINT_URL), 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL'],
      [text(values.endpoint_url), 'endpoint_url', 'the profile\'s "endpoint_url"'],
    ];
    for (const [url, from, where] of candidates) {
      if (url === undefined) continue;
      const endpoint = normaliseUrl(url);
      if (endpoint === null) return { problem: `The STS endpoint "${url}" (from ${where}) is not an http:// or https:// URL.` };
      return { region, regionFrom, endpoint, endpointFrom: from };
    }
  }
  const mode = (nonEmpty(env.AWS_STS_REGIONAL_ENDPOINTS) ?? text(values.sts_regional_endpoints) ?? 'regional').toLowerCase();
  if (mode === 'legacy' && LEGACY_GLOBAL_REGIONS.has(region)) return { region, regionFrom, endpoint: 'https://sts.amazonaws.com', endpointFrom: 'global' };
  return { region, regionFrom, endpoint: `https://sts.${region}.${dnsSuffix(region)}`, endpointFrom: 'regional' };
}

function ignoresConfiguredEndpoints(values: Record<string, ConfigValue>, env: Readonly<Record<string, string | undefined>>): boolean {
  const fromEnv = nonEmpty(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS);
  const setting = fromEnv ?? text(values.ignore_configured_endpoint_urls);
  return setting?.toLowerCase() === 'true';
}

function normaliseUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return url.replace(/\/+$/, '');
}
