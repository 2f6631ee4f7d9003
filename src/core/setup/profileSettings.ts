import * as l10n from '@vscode/l10n';
import { isRegionName } from '../endpoints/regions';
import { mfaSerialProblem, roleArnProblem } from './arn';

/**
 * The settings "Edit Profile…" and the add commands offer, each with a line saying what it does and
 * the check its value gets: what botocore and STS accept (the AWS CLI writes anything with
 * `aws configure set`, and fails later).
 */

/** What a value is checked against besides itself. */
export interface SettingContext {
  /** The profile being edited. */
  profile: string;
  /** Whether a profile of this name exists. */
  hasProfile(name: string): boolean;
  /** Whether an `[sso-session NAME]` exists. */
  hasSsoSession(name: string): boolean;
}

/** One setting of a profile. */
export interface ProfileSetting {
  key: string;
  /** What it does, for the picker. */
  description: string;
  /** Values to pick from (the input box takes others where `validate` allows). */
  choices?: readonly string[];
  /** A secret: typed in a password box, never shown. */
  secret?: boolean;
  /** Why a value cannot be used, or undefined. */
  validate(value: string, context: SettingContext): string | undefined;
}

/** IAM user keys: an access key id of a long-term key (AKIA…) or a temporary one (ASIA…, with a session token). */
export function accessKeyIdProblem(text: string, options: { temporary?: boolean } = {}): string | undefined {
  if (/^ASIA[A-Z0-9]{16}$/.test(text) && !options.temporary) {
    return l10n.t("That key id (ASIA…) is of temporary credentials, which need a session token and expire: give an IAM user's access key (AKIA…), or set aws_session_token with it.");
  }
  if (!/^A[KS]IA[A-Z0-9]{16}$/.test(text)) return l10n.t('An access key id is 20 capital letters and digits starting with AKIA, such as AKIAIOSFODNN7EXAMPLE.');
  return undefined;
}

/** An IAM secret access key: 40 characters of letters, digits, / and +. */
export function secretKeyProblem(text: string): string | undefined {
  return /^[A-Za-z0-9/+]{40}$/.test(text) ? undefined : l10n.t('A secret access key is 40 characters: letters, digits, / and +.');
}

const integer = (min: number, max: number) => (v: string) => (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? undefined : l10n.t('A whole number from {0} to {1}.', min, max));
const oneOf = (choices: readonly string[]) => (v: string) => (choices.includes(v) ? undefined : l10n.t('One of {0}.', choices.join(', ')));
const url = (v: string) => (/^https?:\/\/[^\s/$.?#][^\s]*$/.test(v) ? undefined : l10n.t('An http:// or https:// URL.'));
const anything = () => undefined;
const OUTPUTS = ['json', 'text', 'table', 'yaml', 'yaml-stream'];
const SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'];

/** The settings offered, in the order of the picker; built when read, so that the sentences are in the display language. */
export function profileSettings(): ProfileSetting[] {
  return [
    { key: 'region', description: l10n.t('The region commands and SDKs use (us-east-1, eu-west-1, …)'), validate: (v) => (isRegionName(v) ? undefined : l10n.t('A region name such as us-west-1.')) },
    { key: 'output', description: l10n.t("The AWS CLI's output format"), choices: OUTPUTS, validate: oneOf(OUTPUTS) },
    { key: 'role_arn', description: l10n.t('The IAM role this profile assumes'), validate: (v) => roleArnProblem(v) },
    {
      key: 'source_profile',
      description: l10n.t('The profile whose credentials assume the role'),
      validate: (v, c) => (v === c.profile || c.hasProfile(v) ? undefined : l10n.t('There is no profile "{0}".', v)),
    },
    { key: 'credential_source', description: l10n.t('Where the credentials that assume the role come from, instead of source_profile'), choices: SOURCES, validate: oneOf(SOURCES) },
    { key: 'mfa_serial', description: l10n.t('The MFA device whose code the role needs'), validate: (v) => mfaSerialProblem(v) },
    {
      key: 'external_id',
      description: l10n.t("The external id the role's trust policy asks for"),
      validate: (v) => (/^[\w+=,.@:/-]{2,1224}$/.test(v) ? undefined : l10n.t('An external id is 2 to 1224 letters, digits and + = , . @ : / - _.')),
    },
    { key: 'duration_seconds', description: l10n.t('How long a role session lasts, in seconds'), validate: integer(900, 43200) },
    {
      key: 'role_session_name',
      description: l10n.t('The name of the role session (in CloudTrail)'),
      validate: (v) => (/^[\w+=,.@-]{2,64}$/.test(v) ? undefined : l10n.t('A session name is 2 to 64 letters, digits and + = , . @ - _.')),
    },
    { key: 'aws_access_key_id', description: l10n.t("An IAM user's access key id (credentials file)"), validate: (v) => accessKeyIdProblem(v, { temporary: true }) },
    { key: 'aws_secret_access_key', description: l10n.t('Its secret access key (credentials file)'), secret: true, validate: secretKeyProblem },
    { key: 'aws_session_token', description: l10n.t('The session token of temporary keys (credentials file)'), secret: true, validate: (v) => (/^\S+$/.test(v) ? undefined : l10n.t('A session token has no spaces.')) },
    { key: 'sso_session', description: l10n.t('The IAM Identity Center session to sign in with'), validate: (v, c) => (c.hasSsoSession(v) ? undefined : l10n.t('There is no [sso-session {0}] in the config file.', v)) },
    { key: 'sso_account_id', description: l10n.t('The account of the IAM Identity Center role'), validate: (v) => (/^\d{12}$/.test(v) ? undefined : l10n.t('An account id is 12 digits.')) },
    { key: 'sso_role_name', description: l10n.t('The IAM Identity Center role (permission set)'), validate: (v) => (/^[\w+=,.@-]{1,64}$/.test(v) ? undefined : l10n.t('A role name is 1 to 64 letters, digits and + = , . @ - _.')) },
    { key: 'credential_process', description: l10n.t('A command that prints credentials as JSON'), validate: anything },
    { key: 'web_identity_token_file', description: l10n.t('A file holding a web identity token (OIDC) for role_arn'), validate: anything },
    { key: 'endpoint_url', description: l10n.t("Send every service's calls to this URL (LocalStack, a proxy)"), validate: url },
    { key: 'sts_regional_endpoints', description: l10n.t('STS endpoints: regional (the default) or legacy'), choices: ['regional', 'legacy'], validate: oneOf(['regional', 'legacy']) },
    { key: 'retry_mode', description: l10n.t('How the AWS CLI and SDKs retry'), choices: ['standard', 'adaptive', 'legacy'], validate: oneOf(['standard', 'adaptive', 'legacy']) },
    { key: 'max_attempts', description: l10n.t('Attempts per call, retries included'), validate: integer(1, 100) },
    { key: 'cli_pager', description: l10n.t("The AWS CLI's pager (empty: none)"), validate: anything },
  ];
}

/** The setting of a key, or a free one (any key the AWS CLI does not know is kept as written). */
export function settingOf(key: string): ProfileSetting {
  return profileSettings().find((s) => s.key === key) ?? { key, description: l10n.t('A setting AWS Profiles does not know'), validate: anything };
}

/** Why a value cannot be written as a key's value at all: a line break, or spaces around it, which botocore strips. */
export function valueShapeProblem(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return l10n.t('A value is one line.');
  if (value.trim() !== value) return l10n.t('Leave out the spaces around the value: the AWS CLI strips them.');
  return undefined;
}
