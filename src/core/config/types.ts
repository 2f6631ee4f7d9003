/** Which of the two AWS shared files a fact comes from. */
export type FileKind = 'config' | 'credentials';

/** A value as botocore sees it: a string, or a nested block (`s3 =` followed by indented lines). */
export type ConfigValue = string | { [key: string]: string };

/** Why the AWS CLI refuses a file as a whole (every `aws` command then fails). */
export type RejectReason =
  | 'duplicate_key'
  | 'duplicate_section'
  | 'invalid_line'
  | 'no_section_header'
  | 'invalid_utf8'
  | 'invalid_nested_line';

/** The conformance view of a rejection: exactly the keys of `cli_rejects` in expected.json. */
export interface CliRejection {
  file: FileKind;
  reason: RejectReason;
  line: number | null;
}

/**
 * The Python exceptions botocore raises, outside its own error classes, on what a file holds (an
 * empty credential_process, a setting written as an indented block): the AWS CLI fails with them.
 */
export type PythonErrorName = 'TypeError' | 'AttributeError' | 'IndexError';

/**
 * botocore's own exceptions outside its four error classes, raised on a profile's instance metadata
 * settings when the AWS CLI builds its credential resolver: named as the Python exceptions are.
 */
export type BotocoreErrorName = 'InvalidIMDSEndpointModeError' | 'InvalidIMDSEndpointError';

/** Botocore's error classes for a profile that cannot be resolved, or the exception it fails with, by name. */
export type ProfileErrorKind = 'cycle' | 'invalid_config' | 'partial_credentials' | 'invalid_value' | PythonErrorName | BotocoreErrorName;

/** Which setting of which profile makes a profile fail (the profile itself, or one its chain reaches). */
export interface ProblemCause {
  profile: string;
  key: string;
  /**
   * `indented_block`: written as an indented block where botocore reads one line; `empty_command`:
   * an empty credential_process; `invalid_setting`: an instance metadata setting botocore refuses.
   */
  why: 'indented_block' | 'empty_command' | 'invalid_setting';
}

/** One role assumption: `AssumeRole` with the given parameters, using the next hop's credentials. */
export interface AssumeRoleHop {
  kind: 'assume_role';
  profile: string;
  role_arn: string;
  source_profile: string | null;
  credential_source: string | null;
  external_id: string | null;
  mfa_serial: string | null;
  role_session_name: string | null;
  duration_seconds: number | null;
  /** Present only when the whole chain resolves: the AWS CLI's `~/.aws/cli/cache` file name. */
  cli_cache_key?: string;
}

/** Long-term (or session) keys written in one of the files. */
export interface StaticHop {
  kind: 'static';
  profile: string;
  from: FileKind;
  has_session_token: boolean;
}

/** Credentials from the environment, the ECS container endpoint or EC2 instance metadata. */
export interface CredentialSourceHop {
  kind: 'credential_source';
  profile: string;
  credential_source: 'Environment' | 'EcsContainer' | 'Ec2InstanceMetadata';
}

/** `AssumeRoleWithWebIdentity` with a token read from a file. */
export interface WebIdentityHop {
  kind: 'web_identity';
  profile: string;
  role_arn: string;
  web_identity_token_file: string;
  role_session_name: string | null;
  cli_cache_key?: string;
}

/** An external command printing credentials as JSON. */
export interface ProcessHop {
  kind: 'process';
  profile: string;
  credential_process: string;
  argv: string[];
}

/** IAM Identity Center (SSO) role credentials. */
export interface SsoHop {
  kind: 'sso';
  profile: string;
  sso_start_url: string;
  sso_region: string;
  sso_account_id: string;
  sso_role_name: string;
  sso_session: string | null;
}

/** `aws login` session credentials (botocore 1.42+). */
export interface LoginHop {
  kind: 'login';
  profile: string;
  login_session: string;
}

/** One step of a credential chain, from the profile down to its base credentials. */
export type Hop = AssumeRoleHop | StaticHop | CredentialSourceHop | WebIdentityHop | ProcessHop | SsoHop | LoginHop;

/** Base credentials: the last hop of a chain. */
export type BaseHop = Exclude<Hop, AssumeRoleHop>;

/** What the AWS CLI makes of one profile: exactly the per-profile object of expected.json. */
export interface ProfileResolution {
  values: Record<string, ConfigValue>;
  result: 'ok' | 'no_credentials' | 'error';
  error: ProfileErrorKind | null;
  error_message: string | null;
  /** The top profile's `region` as botocore reads it (a nested block stays one, as botocore passes it on). */
  sts_region: ConfigValue | null;
  chain: Hop[];
  /**
   * Not part of the CLI's answer: for an error caused by one setting, which one. Not enumerable,
   * so JSON (and the conformance view) leave it out.
   */
  readonly cause?: ProblemCause;
}
