import * as l10n from '@vscode/l10n';
// Every key the AWS CLI (v1 and v2), botocore and the AWS SDK for JavaScript read from the shared
// files, where each is read, its closed set of values and its documentation: what completion, hover
// and the editor's checks work from. Gathered from botocore 1.43 (configprovider.py, credentials.py,
// utils.py), the AWS CLI v1 1.45 and v2 2.36 (clidriver.py, customizations/s3/transferconfig.py,
// customizations/sso/utils.py, topics/config-vars.rst) and the SDK for JavaScript v3's config
// loaders; see /work/shared/AWS-CONFIG-SEMANTICS.md for how the files themselves are read.

/** Who reads a key: the AWS CLI v1 (and botocore under it), the AWS CLI v2, botocore as a library (boto3), the AWS SDK for JavaScript v3. */
export type Reader = 'cli1' | 'cli2' | 'botocore' | 'js';

/** Where a key is written: a profile (config file, or a credentials-file section), an `[sso-session]`, a nested block (`s3 =`, `api_versions =`, a service's block in `[services]`). */
export type KeyPlace = 'profile' | 'sso-session' | 's3' | 'api_versions' | 'service';

/** One key of the shared files. */
export interface KeyInfo {
  key: string;
  place: KeyPlace;
  /** What it does, in one or two sentences. */
  summary: string;
  readers: readonly Reader[];
  /** The values it takes, where they are a closed set (compared exactly unless `anyCase`). */
  values?: readonly string[];
  anyCase?: boolean;
  /** A secret: its value is never shown (hover, outline) and is masked in the editor. */
  secret?: boolean;
  /** Belongs in the credentials file (keys), and is moved there by a quick fix. */
  credentialsFile?: boolean;
  /** Its value names a profile, an sso-session or a services section, or is a region. */
  names?: 'profile' | 'sso-session' | 'services' | 'region';
  /** A nested block: `key =` followed by indented `k = v` lines. */
  block?: boolean;
  /** The page that documents it. */
  doc: string;
}

const CLI_DOC = 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html';
const S3_DOC = 'https://docs.aws.amazon.com/cli/latest/topic/s3-config.html';
const SDK_DOC = 'https://docs.aws.amazon.com/sdkref/latest/guide/settings-reference.html';
const SERVICES_DOC = 'https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html';

const ALL: readonly Reader[] = ['cli1', 'cli2', 'botocore', 'js'];
const PY: readonly Reader[] = ['cli1', 'cli2', 'botocore'];
const BOTOCORE_ONLY_V1: readonly Reader[] = ['cli1', 'botocore'];
const BOOLEAN = ['true', 'false'] as const;

type Spec = Omit<KeyInfo, 'key' | 'place' | 'doc'> & { doc?: string };

const profileKeys: Record<string, Spec> = {
  // Credentials.
  aws_access_key_id: { summary: l10n.t('The access key id of long-term (IAM user) or temporary keys; with aws_secret_access_key, the credentials of this profile.'), readers: ALL, credentialsFile: true },
  aws_secret_access_key: { summary: l10n.t('The secret access key that goes with aws_access_key_id. Never shown here: it is masked in the editor and left out of every hover.'), readers: ALL, secret: true, credentialsFile: true },
  aws_session_token: { summary: l10n.t('The session token of temporary keys (from STS), sent with every request. Never shown here.'), readers: ALL, secret: true, credentialsFile: true },
  aws_security_token: { summary: l10n.t('An old name of aws_session_token that botocore still reads; the AWS SDK for JavaScript does not. Never shown here.'), readers: PY, secret: true, credentialsFile: true },
  aws_account_id: { summary: l10n.t('The account id the keys belong to, used for account-based endpoints (DynamoDB).'), readers: ['cli2', 'botocore', 'js'] },
  aws_credential_scope: { summary: l10n.t('The credential scope of the keys. Read by the AWS SDKs, not by the AWS CLI.'), readers: ['js'], doc: SDK_DOC },
  // Roles.
  role_arn: { summary: l10n.t('The IAM role this profile assumes (AssumeRole), with the credentials of source_profile or credential_source; with web_identity_token_file, the role of AssumeRoleWithWebIdentity.'), readers: ALL },
  source_profile: { summary: l10n.t('The profile whose credentials assume role_arn. It must exist, and must have credentials (or a role) of its own.'), readers: ALL, names: 'profile' },
  credential_source: {
    summary: l10n.t('Where the credentials that assume role_arn come from instead of a source_profile: the environment variables, the ECS container endpoint or EC2 instance metadata. Exactly these names, in this case.'),
    readers: ALL,
    values: ['Environment', 'EcsContainer', 'Ec2InstanceMetadata'],
  },
  external_id: { summary: l10n.t('The external id the role\'s trust policy asks for, sent with AssumeRole.'), readers: ALL },
  mfa_serial: { summary: l10n.t('The MFA device (its ARN, or a hardware serial number) whose code AssumeRole needs; the AWS CLI asks for the code.'), readers: ALL },
  role_session_name: { summary: l10n.t('The name of the role session, seen in CloudTrail; by default botocore-session-<seconds> (the AWS CLI), aws-sdk-js-<ms> (JavaScript).'), readers: ALL },
  duration_seconds: { summary: l10n.t('How long the role session lasts, in seconds (900 to 43200, within the role\'s maximum). The AWS CLI ignores a value that is not a whole number.'), readers: ALL },
  web_identity_token_file: { summary: l10n.t('A file holding an OIDC token for AssumeRoleWithWebIdentity (EKS, GitHub Actions), with role_arn.'), readers: ALL },
  credential_process: { summary: l10n.t('A command that prints credentials as JSON (Version 1). The AWS CLI splits it as a shell would and runs it without a shell; the SDK for JavaScript runs it through one.'), readers: ALL },
  // IAM Identity Center and aws login.
  sso_session: { summary: l10n.t('The [sso-session NAME] section whose start URL and region this profile signs in with.'), readers: ALL, names: 'sso-session' },
  sso_account_id: { summary: l10n.t('The AWS account of the IAM Identity Center role.'), readers: ALL },
  sso_role_name: { summary: l10n.t('The permission set (role) assigned in IAM Identity Center.'), readers: ALL },
  sso_start_url: { summary: l10n.t('The IAM Identity Center start URL (legacy profiles without sso_session). A # in it is part of the URL: these files have no inline comments.'), readers: ALL },
  sso_region: { summary: l10n.t('The region of the IAM Identity Center instance (legacy profiles without sso_session).'), readers: ALL, names: 'region' },
  login_session: { summary: l10n.t('The session of `aws login` (console credentials) whose cached credentials this profile uses (botocore 1.42 and later).'), readers: ['cli2', 'botocore', 'js'] },
  // General settings.
  region: { summary: l10n.t('The AWS Region requests go to, and where STS is called for this profile\'s roles.'), readers: ALL, names: 'region' },
  output: {
    summary: l10n.t('How the AWS CLI prints results. yaml, yaml-stream and off are the AWS CLI v2\'s only.'),
    readers: ['cli1', 'cli2'],
    values: ['json', 'text', 'table', 'yaml', 'yaml-stream', 'off'],
  },
  ca_bundle: { summary: l10n.t('A CA certificate bundle (PEM file) to verify TLS connections with.'), readers: PY },
  parameter_validation: { summary: l10n.t('Whether request parameters are checked before they are sent.'), readers: PY, values: BOOLEAN, anyCase: true },
  tcp_keepalive: { summary: l10n.t('Whether TCP keep-alive is turned on for connections.'), readers: PY, values: BOOLEAN, anyCase: true },
  max_attempts: { summary: l10n.t('How many times a request is tried in all (the first attempt included).'), readers: ALL },
  retry_mode: { summary: l10n.t('How failed requests are retried.'), readers: ALL, values: ['legacy', 'standard', 'adaptive'] },
  defaults_mode: { summary: l10n.t('A set of defaults for timeouts and retries chosen for where the code runs.'), readers: ['cli1', 'botocore', 'js'], values: ['legacy', 'standard', 'in-region', 'cross-region', 'mobile', 'auto'] },
  sts_regional_endpoints: {
    summary: l10n.t('Whether STS is called in the profile\'s region (regional) or on the global endpoint (legacy). The AWS CLI v2 always calls the regional endpoint and ignores it.'),
    readers: BOTOCORE_ONLY_V1,
    values: ['legacy', 'regional'],
  },
  endpoint_url: { summary: l10n.t('The endpoint every service of this profile is called at (a local emulator, a proxy), unless a services section names one for the service.'), readers: ALL },
  ignore_configured_endpoint_urls: { summary: l10n.t('Whether endpoint_url and the services sections are ignored.'), readers: ALL, values: BOOLEAN, anyCase: true },
  services: { summary: l10n.t('The [services NAME] section that gives endpoints per service.'), readers: ALL, names: 'services', doc: SERVICES_DOC },
  use_dualstack_endpoint: { summary: l10n.t('Whether IPv4-and-IPv6 (dual-stack) endpoints are used.'), readers: ALL, values: BOOLEAN, anyCase: true },
  use_fips_endpoint: { summary: l10n.t('Whether FIPS endpoints are used.'), readers: ALL, values: BOOLEAN, anyCase: true },
  account_id_endpoint_mode: { summary: l10n.t('Whether account-based endpoints are used (DynamoDB).'), readers: ['cli2', 'botocore', 'js'], values: ['preferred', 'disabled', 'required'] },
  endpoint_discovery_enabled: { summary: l10n.t('Whether endpoint discovery is used by the services that offer it.'), readers: PY, values: ['true', 'false', 'auto'], anyCase: true },
  disable_host_prefix_injection: { summary: l10n.t('Whether the host prefix some operations add to the endpoint is left out.'), readers: PY, values: BOOLEAN, anyCase: true },
  auth_scheme_preference: { summary: l10n.t('The authentication schemes to prefer, in order (e.g. sigv4a,sigv4).'), readers: ALL },
  sigv4a_signing_region_set: { summary: l10n.t('The regions a SigV4a signature is valid in (comma-separated, * for all).'), readers: ALL },
  request_checksum_calculation: { summary: l10n.t('When request checksums are computed.'), readers: ALL, values: ['when_supported', 'when_required'] },
  response_checksum_validation: { summary: l10n.t('When response checksums are checked.'), readers: ALL, values: ['when_supported', 'when_required'] },
  disable_request_compression: { summary: l10n.t('Whether request bodies are never compressed.'), readers: ALL, values: BOOLEAN, anyCase: true },
  request_min_compression_size_bytes: { summary: l10n.t('The smallest request body that is compressed, in bytes.'), readers: ALL },
  sdk_ua_app_id: { summary: l10n.t('An application id added to the User-Agent header.'), readers: ALL },
  metadata_service_timeout: { summary: l10n.t('How long to wait for EC2 instance metadata, in seconds.'), readers: PY },
  metadata_service_num_attempts: { summary: l10n.t('How many times EC2 instance metadata is asked.'), readers: PY },
  ec2_metadata_service_endpoint: { summary: l10n.t('The EC2 instance metadata endpoint to use instead of the default.'), readers: ALL },
  ec2_metadata_service_endpoint_mode: { summary: l10n.t('Whether EC2 instance metadata is reached over IPv4 or IPv6.'), readers: ALL, values: ['IPv4', 'IPv6'], anyCase: true },
  ec2_metadata_v1_disabled: { summary: l10n.t('Whether the IMDSv1 fallback is turned off.'), readers: ALL, values: BOOLEAN, anyCase: true },
  imds_use_ipv6: { summary: l10n.t('An older switch to reach EC2 instance metadata over IPv6.'), readers: PY, values: BOOLEAN, anyCase: true },
  s3_use_arn_region: { summary: l10n.t('Whether S3 uses the region of an access point ARN instead of the client\'s.'), readers: ALL, values: BOOLEAN, anyCase: true },
  s3_us_east_1_regional_endpoint: { summary: l10n.t('Whether S3 in us-east-1 uses the regional endpoint or the global one. The AWS CLI v2 always uses the regional one.'), readers: BOTOCORE_ONLY_V1, values: ['legacy', 'regional'] },
  s3_disable_express_session_auth: { summary: l10n.t('Whether S3 Express One Zone session authentication is turned off.'), readers: ALL, values: BOOLEAN, anyCase: true },
  s3_disable_multiregion_access_points: { summary: l10n.t('Whether S3 multi-Region access points are refused. The AWS CLI and botocore read it only inside the s3 block.'), readers: ['js'], values: BOOLEAN, anyCase: true, doc: SDK_DOC },
  disable_clock_skew_correction: { summary: l10n.t('Whether the SDK stops correcting for a clock that differs from AWS\'s. Read by the AWS SDK for JavaScript only.'), readers: ['js'], values: BOOLEAN, anyCase: true, doc: SDK_DOC },
  proxy_ca_bundle: { summary: l10n.t('A CA bundle to verify an HTTPS proxy with.'), readers: PY },
  proxy_client_cert: { summary: l10n.t('A client certificate for the proxy.'), readers: PY },
  proxy_use_forwarding_for_https: { summary: l10n.t('Whether HTTPS requests are forwarded through the proxy instead of tunnelled.'), readers: PY, values: BOOLEAN, anyCase: true },
  data_path: { summary: l10n.t('Extra folders of service models for botocore to load.'), readers: PY },
  csm_enabled: { summary: l10n.t('Client-side monitoring (internal to botocore).'), readers: PY, values: BOOLEAN, anyCase: true },
  csm_host: { summary: l10n.t('Client-side monitoring host (internal to botocore).'), readers: PY },
  csm_port: { summary: l10n.t('Client-side monitoring port (internal to botocore).'), readers: PY },
  csm_client_id: { summary: l10n.t('Client-side monitoring client id (internal to botocore).'), readers: PY },
  // The AWS CLI's own settings.
  cli_pager: { summary: l10n.t('The pager the AWS CLI pipes its output to (empty: none).'), readers: ['cli1', 'cli2'] },
  cli_timestamp_format: { summary: l10n.t('How the AWS CLI prints timestamps (v1: none or iso8601; v2: iso8601 or wire).'), readers: ['cli1', 'cli2'], values: ['iso8601', 'wire', 'none'] },
  cli_binary_format: { summary: l10n.t('How the AWS CLI v2 reads binary parameters (v1 behaves as raw-in-base64-out).'), readers: ['cli1', 'cli2'], values: ['base64', 'raw-in-base64-out'] },
  cli_auto_prompt: { summary: l10n.t('Whether the AWS CLI v2 prompts for commands and parameters.'), readers: ['cli2'], values: ['on', 'on-partial', 'off'] },
  cli_error_format: { summary: l10n.t('How the AWS CLI v2 prints errors.'), readers: ['cli2'], values: ['enhanced', 'json', 'yaml', 'text', 'table', 'legacy'] },
  cli_help_output: { summary: l10n.t('Where the AWS CLI v2 shows help.'), readers: ['cli2'], values: ['terminal', 'browser', 'url'] },
  cli_history: { summary: l10n.t('Whether the AWS CLI keeps a history of commands (aws history).'), readers: ['cli1', 'cli2'], values: ['enabled', 'disabled'] },
  cli_follow_urlparam: { summary: l10n.t('Whether the AWS CLI v1 fetches parameters that are URLs.'), readers: ['cli1'], values: BOOLEAN, anyCase: true },
  // Nested blocks.
  s3: { summary: l10n.t('Settings of S3 and of `aws s3` transfers, as an indented block: `s3 =` then `  max_concurrent_requests = 20`.'), readers: PY, block: true, doc: S3_DOC },
  api_versions: { summary: l10n.t('The API version to use per service, as an indented block (`ec2 = 2015-03-01`). The AWS CLI v2 ignores it.'), readers: BOTOCORE_ONLY_V1, block: true },
};

const ssoSessionKeys: Record<string, Spec> = {
  sso_start_url: { summary: l10n.t('The IAM Identity Center start URL of this session. A # in it is part of the URL.'), readers: ALL },
  sso_region: { summary: l10n.t('The region of the IAM Identity Center instance.'), readers: ALL, names: 'region' },
  sso_registration_scopes: { summary: l10n.t('The scopes the AWS CLI v2 registers for (comma-separated; sso:account:access by default).'), readers: ['cli2'] },
};

const s3Keys: Record<string, Spec> = {
  addressing_style: { summary: l10n.t('Virtual-hosted or path-style bucket addressing.'), readers: PY, values: ['auto', 'virtual', 'path'] },
  use_accelerate_endpoint: { summary: l10n.t('Whether S3 Transfer Acceleration is used.'), readers: PY, values: BOOLEAN, anyCase: true },
  use_dualstack_endpoint: { summary: l10n.t('Whether S3 dual-stack endpoints are used.'), readers: PY, values: BOOLEAN, anyCase: true },
  payload_signing_enabled: { summary: l10n.t('Whether S3 request bodies are signed (SigV4).'), readers: PY, values: BOOLEAN, anyCase: true },
  use_arn_region: { summary: l10n.t('Whether S3 uses the region of an access point ARN.'), readers: PY, values: BOOLEAN, anyCase: true },
  us_east_1_regional_endpoint: { summary: l10n.t('Whether S3 in us-east-1 uses the regional endpoint.'), readers: BOTOCORE_ONLY_V1, values: ['legacy', 'regional'] },
  s3_disable_multiregion_access_points: { summary: l10n.t('Whether multi-Region access points are refused.'), readers: PY, values: BOOLEAN, anyCase: true },
  max_concurrent_requests: { summary: l10n.t('How many requests `aws s3` runs at once (default 10).'), readers: ['cli1', 'cli2'] },
  max_queue_size: { summary: l10n.t('How many tasks `aws s3` queues (default 1000).'), readers: ['cli1', 'cli2'] },
  multipart_threshold: { summary: l10n.t('From what size `aws s3` uploads in parts (default 8MB).'), readers: ['cli1', 'cli2'] },
  multipart_chunksize: { summary: l10n.t('The size of each part of a multipart transfer (default 8MB).'), readers: ['cli1', 'cli2'] },
  max_bandwidth: { summary: l10n.t('The most bandwidth `aws s3` uses (e.g. 50MB/s).'), readers: ['cli1', 'cli2'] },
  preferred_transfer_client: { summary: l10n.t('Which transfer client `aws s3` uses (AWS CLI v2).'), readers: ['cli2'], values: ['auto', 'classic', 'crt'] },
  target_bandwidth: { summary: l10n.t('The bandwidth the CRT transfer client aims for (AWS CLI v2).'), readers: ['cli2'] },
  io_chunksize: { summary: l10n.t('The size of the chunks read from and written to disk (AWS CLI v2).'), readers: ['cli2'] },
  should_stream: { summary: l10n.t('Whether the CRT transfer client streams uploads (AWS CLI v2).'), readers: ['cli2'], values: BOOLEAN, anyCase: true },
  disk_throughput: { summary: l10n.t('The disk throughput the CRT transfer client assumes (AWS CLI v2).'), readers: ['cli2'] },
  direct_io: { summary: l10n.t('Whether the CRT transfer client uses direct I/O (AWS CLI v2).'), readers: ['cli2'], values: BOOLEAN, anyCase: true },
};

const serviceKeys: Record<string, Spec> = {
  endpoint_url: { summary: l10n.t('The endpoint this service is called at, for the profiles that name this services section.'), readers: ALL, doc: SERVICES_DOC },
};

/** The page documenting a key: its row in the AWS CLI's settings list, else the SDKs' reference. */
function docOf(place: KeyPlace, key: string, spec: Spec): string {
  if (spec.doc) return spec.doc;
  if (place === 's3') return S3_DOC;
  if (place === 'service') return SERVICES_DOC;
  if (!spec.readers.includes('cli1') && !spec.readers.includes('cli2')) return SDK_DOC;
  return `${CLI_DOC}#cli-config-${key}`;
}

function catalog(place: KeyPlace, specs: Record<string, Spec>): ReadonlyMap<string, KeyInfo> {
  return new Map(Object.entries(specs).map(([key, spec]) => [key, { ...spec, key, place, doc: docOf(place, key, spec) }]));
}

/** The keys of each place, by name. */
export const KEYS: Readonly<Record<Exclude<KeyPlace, 'api_versions'>, ReadonlyMap<string, KeyInfo>>> = {
  profile: catalog('profile', profileKeys),
  'sso-session': catalog('sso-session', ssoSessionKeys),
  s3: catalog('s3', s3Keys),
  service: catalog('service', serviceKeys),
};

/** Keys whose values are secrets, wherever they are written: masked in the editor, never shown. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([...KEYS.profile.values()].filter((k) => k.secret).map((k) => k.key));

/** Whether no AWS CLI reads a key: only the SDKs do. */
export function isSdkOnly(info: KeyInfo): boolean {
  return !info.readers.includes('cli1') && !info.readers.includes('cli2');
}

// l10n-ignore: the tools' own names
const READER_NAMES: Record<Reader, string> = { cli1: 'AWS CLI v1', cli2: 'AWS CLI v2', botocore: 'botocore (boto3)', js: 'AWS SDK for JavaScript v3' };

/** Who reads a key, in words: `AWS CLI v1, AWS CLI v2, botocore (boto3)`. */
export function readersText(info: KeyInfo): string {
  return info.readers.map((r) => READER_NAMES[r]).join(', ');
}
