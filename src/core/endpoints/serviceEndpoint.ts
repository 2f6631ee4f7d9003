import type { NamedSection } from '../config/profileMap';
import type { ConfigValue } from '../config/types';
import * as l10n from '@vscode/l10n';
import { partitionOfRegion } from './regions';

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
  const region = resolveRegion(values, env);
  if ('problem' in region) return region;
  const configured = configuredEndpoint(STS, values, services, env);
  if (configured !== undefined) {
    return 'problem' in configured ? configured : { ...region, endpoint: configured.endpoint, endpointFrom: configured.from as StsTarget['endpointFrom'] };
  }
  const mode = (nonEmpty(env.AWS_STS_REGIONAL_ENDPOINTS) ?? text(values.sts_regional_endpoints) ?? 'regional').toLowerCase();
  if (mode === 'legacy' && LEGACY_GLOBAL_REGIONS.has(region.region)) return { ...region, endpoint: 'https://sts.amazonaws.com', endpointFrom: 'global' };
  return { ...region, endpoint: regionalEndpoint(STS, region.region), endpointFrom: 'regional' };
}

/**
 * An AWS service as endpoint configuration names it: the `services` block key (`sts`, `ec2`), the
 * suffix of its AWS_ENDPOINT_URL_<SUFFIX> variable, the DNS prefix of its regional endpoint and the
 * name sentences use.
 */
export interface ServiceId {
  key: string;
  envSuffix: string;
  dnsPrefix: string;
  displayName: string;
}

/** STS, as endpoint configuration names it. */
export const STS: ServiceId = { key: 'sts', envSuffix: 'STS', dnsPrefix: 'sts', displayName: 'STS' };

/** EC2, as endpoint configuration names it. */
export const EC2: ServiceId = { key: 'ec2', envSuffix: 'EC2', dnsPrefix: 'ec2', displayName: 'EC2' };

/** The IAM Identity Center portal (GetRoleCredentials, ListAccounts, Logout), as endpoint configuration names it. */
export const SSO: ServiceId = { key: 'sso', envSuffix: 'SSO', dnsPrefix: 'portal.sso', displayName: 'IAM Identity Center' }; // l10n-ignore: a product's name

/** IAM Identity Center's OIDC service (RegisterClient, CreateToken), as endpoint configuration names it. */
export const SSO_OIDC: ServiceId = { key: 'sso_oidc', envSuffix: 'SSO_OIDC', dnsPrefix: 'oidc', displayName: 'IAM Identity Center OIDC' }; // l10n-ignore: a product's name

/** IAM, as endpoint configuration names it (a global service: see resolveIamTarget). */
export const IAM: ServiceId = { key: 'iam', envSuffix: 'IAM', dnsPrefix: 'iam', displayName: 'IAM' };

/** IAM's one endpoint per partition and the region its calls are signed for. */
const IAM_GLOBAL: Record<string, { region: string; endpoint: string }> = {
  aws: { region: 'us-east-1', endpoint: 'https://iam.amazonaws.com' },
  'aws-cn': { region: 'cn-north-1', endpoint: 'https://iam.cn-north-1.amazonaws.com.cn' },
  'aws-us-gov': { region: 'us-gov-west-1', endpoint: 'https://iam.us-gov.amazonaws.com' },
};

/**
 * Where a profile's IAM calls go: a configured endpoint (AWS_ENDPOINT_URL_IAM, the profile's
 * `services` block, AWS_ENDPOINT_URL, `endpoint_url`), else IAM's global endpoint of the partition of
 * the profile's region, signed for that partition's IAM region.
 */
export function resolveIamTarget(
  values: Record<string, ConfigValue>,
  services: ReadonlyMap<string, NamedSection>,
  env: Readonly<Record<string, string | undefined>>,
): { region: string; endpoint: string; endpointFrom: string } | StsTargetProblem {
  const region = resolveRegion(values, env);
  if ('problem' in region) return region;
  const global = IAM_GLOBAL[partitionOfRegion(region.region)] ?? IAM_GLOBAL.aws;
  const configured = configuredEndpoint(IAM, values, services, env);
  if (configured !== undefined) return 'problem' in configured ? configured : { region: global.region, endpoint: configured.endpoint, endpointFrom: configured.from };
  return { ...global, endpointFrom: 'global' };
}

/** Where calls to one service go for a profile, and why (the generalisation of StsTarget). */
export interface ServiceTarget {
  region: string;
  regionFrom: StsTarget['regionFrom'] | 'override';
  /** An http(s) URL without a trailing slash. */
  endpoint: string;
  /** `AWS_ENDPOINT_URL_<SUFFIX>`, `services`, `AWS_ENDPOINT_URL`, `endpoint_url` or `regional`. */
  endpointFrom: string;
}

/**
 * The region and endpoint of a service's calls for a profile with these merged values, by the same
 * rules as resolveStsTarget (service-specific variable, the service's block of the profile's
 * `services` section, AWS_ENDPOINT_URL, `endpoint_url`, else the regional endpoint). `region`, when
 * given, overrides the profile's (a region chosen in the UI). STS's `legacy` global endpoint is STS
 * only: use resolveStsTarget for STS.
 */
export function resolveServiceTarget(
  service: ServiceId,
  values: Record<string, ConfigValue>,
  services: ReadonlyMap<string, NamedSection>,
  env: Readonly<Record<string, string | undefined>>,
  region?: string,
): ServiceTarget | StsTargetProblem {
  const resolved = region === undefined ? resolveRegion(values, env) : checkRegion(region.trim(), 'override');
  if ('problem' in resolved) return resolved;
  const configured = configuredEndpoint(service, values, services, env);
  if (configured !== undefined) return 'problem' in configured ? configured : { ...resolved, endpoint: configured.endpoint, endpointFrom: configured.from };
  return { ...resolved, endpoint: regionalEndpoint(service, resolved.region), endpointFrom: 'regional' };
}

type ResolvedRegion = { region: string; regionFrom: ServiceTarget['regionFrom'] };

function resolveRegion(values: Record<string, ConfigValue>, env: Readonly<Record<string, string | undefined>>): { region: string; regionFrom: StsTarget['regionFrom'] } | StsTargetProblem {
  const fromProfile = text(values.region);
  if (fromProfile !== undefined) return checkRegion(fromProfile, 'profile');
  if (nonEmpty(env.AWS_REGION) !== undefined) return checkRegion(nonEmpty(env.AWS_REGION)!, 'AWS_REGION');
  if (nonEmpty(env.AWS_DEFAULT_REGION) !== undefined) return checkRegion(nonEmpty(env.AWS_DEFAULT_REGION)!, 'AWS_DEFAULT_REGION');
  return { region: 'us-east-1', regionFrom: 'default' };
}

function checkRegion<F extends ResolvedRegion['regionFrom']>(region: string, regionFrom: F): { region: string; regionFrom: F } | StsTargetProblem {
  if (/^[a-z0-9-]+$/.test(region)) return { region, regionFrom };
  const where = regionFrom === 'profile' ? l10n.t('the profile\'s "region"') : regionFrom === 'override' ? l10n.t('the region chosen for this view') : regionFrom;
  return { problem: l10n.t('The region "{0}" (from {1}) is not a region name such as us-east-1.', region, where) };
}

/** The endpoint configured for a service, undefined when none is (or configured ones are ignored). */
function configuredEndpoint(
  service: ServiceId,
  values: Record<string, ConfigValue>,
  services: ReadonlyMap<string, NamedSection>,
  env: Readonly<Record<string, string | undefined>>,
): { endpoint: string; from: string } | StsTargetProblem | undefined {
  if (ignoresConfiguredEndpoints(values, env)) return undefined;
  const servicesName = text(values.services);
  const block = servicesName === undefined ? undefined : services.get(servicesName)?.values[service.key];
  const variable = `AWS_ENDPOINT_URL_${service.envSuffix}`;
  const candidates: [string | undefined, string, string][] = [
    [nonEmpty(env[variable]), variable, variable],
    [typeof block === 'object' ? nonEmpty(block.endpoint_url) : undefined, 'services', l10n.t('the "{0}" block of [services {1}]', service.key, String(servicesName))],
    [nonEmpty(env.AWS_ENDPOINT_URL), 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL'],
    [text(values.endpoint_url), 'endpoint_url', l10n.t('the profile\'s "endpoint_url"')],
  ];
  for (const [url, from, where] of candidates) {
    if (url === undefined) continue;
    const endpoint = normaliseUrl(url);
    if (endpoint === null) return { problem: l10n.t('The {0} endpoint "{1}" (from {2}) is not an http:// or https:// URL.', service.displayName, url, where) };
    return { endpoint, from };
  }
  return undefined;
}

function regionalEndpoint(service: ServiceId, region: string): string {
  return `https://${service.dnsPrefix}.${region}.${dnsSuffix(region)}`;
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
