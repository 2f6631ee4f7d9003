import { createHash } from 'node:crypto';
import type { AwsCredentials } from './credentials';
import { UserError } from '../common/errors';
import type { ProfileModel } from '../config/profileMap';
import { sessionOfHop, type SsoSession } from '../sso/ssoSession';
import type { ConfigValue, CredentialSourceHop, FileKind, ProfileResolution } from '../config/types';
import * as l10n from '@vscode/l10n';

/**
 * Turns a planned chain (src/core/chains/chainPlanner) into the calls that obtain its credentials, from the
 * profile down to its base, each with a fingerprint of what is asked. The fingerprint keys the stored
 * credentials (`awsProfiles.credentials.v1/<fingerprint>`), so editing a profile (another role, external
 * id, MFA device, session name, duration, source keys) invalidates them by construction.
 */

/** Settings that shape the calls. */
export interface StepOptions {
  /**
   * DurationSeconds for roles whose profile sets none, when the user set `awsProfiles.defaultSessionDuration`;
   * undefined (the default) sends none, as the AWS CLI does, and STS gives one hour.
   */
  defaultDurationSeconds?: number;
  /** DurationSeconds of GetSessionToken MFA sessions (default 12 h). */
  mfaSessionDurationSeconds?: number;
  /** Get an MFA session with GetSessionToken and assume MFA roles from it (aws-vault's way); default true. */
  useMfaSession?: boolean;
  /**
   * A configured STS endpoint (LocalStack, a proxy), mixed into every fingerprint so that credentials
   * from one endpoint are never handed to another; undefined for AWS's own endpoints.
   */
  endpointScope?: string;
}

/** The default MFA session: 12 hours, as aws-vault. */
export const DEFAULT_MFA_SESSION_SECONDS = 12 * 3600;

/** STS caps a session assumed from another role session at one hour. */
const ROLE_CHAINING_MAX_SECONDS = 3600;

/**
 * Whether a step (or a hop of the same kind) yields a role session: AssumeRole, a web identity,
 * IAM Identity Center's role credentials. A role assumed with such credentials is role chaining,
 * which AWS holds to one hour (sessions and console sign-ins alike).
 */
export function isRoleSessionKind(kind: string): boolean {
  return kind === 'assume_role' || kind === 'web_identity' || kind === 'sso';
}

interface StepBase {
  /** Hex fingerprint of the request (and of everything beneath it). */
  fingerprint: string;
  /** The profile this step comes from. */
  profile: string;
}

/** Keys written in one of the files (never stored by the extension: they already live there). */
export interface StaticStep extends StepBase {
  kind: 'static';
  from: FileKind;
  credentials: AwsCredentials;
}

/** `credential_source`: the environment, the ECS container endpoint or EC2 instance metadata. */
export interface AmbientStep extends StepBase {
  kind: 'credential_source';
  source: CredentialSourceHop['credential_source'];
}

/** `credential_process`: argv as botocore splits it; run without a shell. */
export interface ProcessStep extends StepBase {
  kind: 'process';
  command: string;
  argv: string[];
}

/** `AssumeRoleWithWebIdentity` with the token read from a file at call time. */
export interface WebIdentityStep extends StepBase {
  kind: 'web_identity';
  roleArn: string;
  /** The profile's role_session_name, or null for the generated default. */
  sessionName: string | null;
  tokenFile: string;
}

/** `GetSessionToken` with an MFA code: the MFA session that MFA roles are assumed from. */
export interface MfaSessionStep extends StepBase {
  kind: 'mfa_session';
  serialNumber: string;
  durationSeconds: number;
}

/** `AssumeRole`. */
export interface RoleStep extends StepBase {
  kind: 'assume_role';
  roleArn: string;
  sessionName: string | null;
  externalId: string | null;
  /** The profile's mfa_serial, if any. */
  mfaSerial: string | null;
  /** Whether SerialNumber + TokenCode go with this call (MFA without an MFA session beneath it). */
  sendsMfaCode: boolean;
  durationSeconds: number | null;
  /** Who asks for `durationSeconds`: the profile's duration_seconds, or the awsProfiles.defaultSessionDuration setting. */
  durationFrom: 'profile' | 'setting' | null;
  /** The session length the settings asked for, when STS's one-hour cap on role chaining cut it (the log says so). */
  cappedFromSeconds?: number;
}

/** IAM Identity Center: `GetRoleCredentials` for an account and role, with the session's access token. */
export interface SsoStep extends StepBase {
  kind: 'sso';
  session: SsoSession;
  accountId: string;
  roleName: string;
}

/**
 * `aws login` (`login_session`): the 15-minute credentials of a console sign-in, from the sign-in's
 * token (this window's, or the login cache's), refreshed through the Sign-In service (src/core/login).
 */
export interface LoginStep extends StepBase {
  kind: 'login';
  /** The login_session: the signed-in identity's ARN. */
  session: string;
}

/** One call of a chain. */
export type CredentialStep = StaticStep | AmbientStep | ProcessStep | WebIdentityStep | MfaSessionStep | RoleStep | SsoStep | LoginStep;

/** Steps whose results are temporary credentials worth keeping in SecretStorage. */
export function isStoredStep(step: CredentialStep): boolean {
  return step.kind === 'assume_role' || step.kind === 'mfa_session' || step.kind === 'web_identity' || step.kind === 'process' || step.kind === 'sso' || step.kind === 'login';
}

/** Whether obtaining this step afresh needs an MFA code. */
export function stepNeedsCode(step: CredentialStep): string | null {
  if (step.kind === 'mfa_session') return step.serialNumber;
  if (step.kind === 'assume_role' && step.sendsMfaCode) return step.mfaSerial;
  return null;
}

/** A short description of a step for sentences and logs ("role arn:… of profile prod"). Never a secret. */
export function describeStep(step: CredentialStep): string {
  switch (step.kind) {
    case 'assume_role':
      return `role ${step.roleArn} (profile "${step.profile}")`;
    case 'mfa_session':
      return l10n.t('MFA session for {0} (profile "{1}")', step.serialNumber, step.profile);
    case 'web_identity':
      return l10n.t('web identity role {0} (profile "{1}")', step.roleArn, step.profile);
    case 'static':
      return l10n.t('the keys of profile "{0}" in the {1} file', step.profile, step.from);
    case 'credential_source':
      return `credential_source ${step.source} (profile "${step.profile}")`;
    case 'process':
      return l10n.t('the credential_process of profile "{0}"', step.profile);
    case 'sso':
      return l10n.t('IAM Identity Center role {0} in account {1} (profile "{2}")', step.roleName, step.accountId, step.profile);
    case 'login':
      return l10n.t('the aws login session {0} (profile "{1}")', step.session, step.profile);
  }
}

/**
 * GetSessionToken with an MFA code on long-term keys: the step a role with mfa_serial is assumed
 * from, and the MFA session IAM calls use where a policy requires MFA (issue 24). Its fingerprint
 * depends on the keys' step, the device, the length and the endpoint only, so every user of it shares one.
 */
export function mfaSessionStep(profile: string, source: CredentialStep, serialNumber: string, durationSeconds: number, scope: string | null): MfaSessionStep {
  return {
    kind: 'mfa_session',
    profile,
    serialNumber,
    durationSeconds,
    fingerprint: fingerprint('mfa_session', { scope, source: source.fingerprint, serialNumber, durationSeconds }),
  };
}

/** SHA-256 (hex, 40 digits) of a request's parts; only its parts, never a secret, go in. */
export function fingerprint(kind: string, parts: Record<string, string | number | null>): string {
  const ordered = Object.keys(parts)
    .sort()
    .map((k) => [k, parts[k]]);
  return createHash('sha256').update(JSON.stringify([kind, ordered]), 'utf8').digest('hex').slice(0, 40);
}

function str(v: ConfigValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * The steps of a profile's chain, top first (index 0 is the profile's own credentials, the last is
 * the base), or the UserError saying why the profile cannot give credentials.
 */
export function planCredentialSteps(
  profile: string,
  resolution: ProfileResolution,
  model: ProfileModel,
  options: StepOptions = {},
): { steps: CredentialStep[] } | { problem: UserError } {
  if (resolution.result === 'error') {
    return { problem: new UserError(l10n.t('Profile "{0}" cannot be used: {1}', profile, String(resolution.error_message)), 'profile.invalid') };
  }
  if (resolution.result === 'no_credentials' || resolution.chain.length === 0) {
    return {
      problem: new UserError(
        l10n.t('Profile "{0}" has no credentials. Add aws_access_key_id and aws_secret_access_key to its section of ~/.aws/credentials, or role_arn with source_profile to ~/.aws/config.', profile),
        'profile.noCredentials',
      ),
    };
  }
  const useMfaSession = options.useMfaSession ?? true;
  const mfaSeconds = options.mfaSessionDurationSeconds ?? DEFAULT_MFA_SESSION_SECONDS;
  const chain = resolution.chain;
  const scope = options.endpointScope ?? null;
  const bottomUp: CredentialStep[] = [];
  const base = chain[chain.length - 1];
  switch (base.kind) {
    case 'static': {
      const entry = model.profiles.get(base.profile);
      const section = base.from === 'credentials' ? entry?.credentialsSection : entry?.configSection;
      const v = section?.values ?? {};
      const accessKeyId = str(v.aws_access_key_id) ?? '';
      const secretAccessKey = str(v.aws_secret_access_key) ?? '';
      const token = str(v.aws_session_token) ?? str(v.aws_security_token);
      const credentials: AwsCredentials = { accessKeyId, secretAccessKey, ...(token ? { sessionToken: token } : {}) };
      // The key id names the secret (IAM never reuses one); the secret itself is never hashed into a name.
      bottomUp.push({ kind: 'static', profile: base.profile, from: base.from, credentials, fingerprint: fingerprint('static', { accessKeyId, hasToken: token ? 1 : 0 }) });
      break;
    }
    case 'credential_source':
      bottomUp.push({ kind: 'credential_source', profile: base.profile, source: base.credential_source, fingerprint: fingerprint('credential_source', { source: base.credential_source }) });
      break;
    case 'process':
      bottomUp.push({ kind: 'process', profile: base.profile, command: base.credential_process, argv: base.argv, fingerprint: fingerprint('process', { argv: JSON.stringify(base.argv) }) });
      break;
    case 'web_identity':
      bottomUp.push({
        kind: 'web_identity',
        profile: base.profile,
        roleArn: base.role_arn,
        sessionName: base.role_session_name || null,
        tokenFile: base.web_identity_token_file,
        fingerprint: fingerprint('web_identity', { scope, roleArn: base.role_arn, sessionName: base.role_session_name || null, tokenFile: base.web_identity_token_file }),
      });
      break;
    case 'sso': {
      const session = sessionOfHop(base, model);
      bottomUp.push({
        kind: 'sso',
        profile: base.profile,
        session,
        accountId: base.sso_account_id,
        roleName: base.sso_role_name,
        fingerprint: fingerprint('sso', { session: session.key, startUrl: session.startUrl, region: session.region, accountId: base.sso_account_id, roleName: base.sso_role_name }),
      });
      break;
    }
    case 'login':
      bottomUp.push({ kind: 'login', profile: base.profile, session: base.login_session, fingerprint: fingerprint('login', { scope, session: base.login_session }) });
      break;
    case 'assume_role':
      throw new Error(l10n.t('a chain ends with its base credentials'));
  }
  for (let i = chain.length - 2; i >= 0; i--) {
    const hop = chain[i];
    if (hop.kind !== 'assume_role') throw new Error(l10n.t('only the last hop of a chain is a base'));
    let source = bottomUp[bottomUp.length - 1];
    const mfaSerial = hop.mfa_serial;
    let sendsMfaCode = mfaSerial !== null;
    // aws-vault's way: GetSessionToken needs long-term keys; then the role is assumed from the MFA session.
    if (mfaSerial !== null && mfaSerial !== '' && useMfaSession && source.kind === 'static' && !source.credentials.sessionToken) {
      const session = mfaSessionStep(hop.profile, source, mfaSerial, mfaSeconds, scope);
      bottomUp.push(session);
      source = session;
      sendsMfaCode = false;
    }
    const fromRoleSession = isRoleSessionKind(source.kind);
    let duration = hop.duration_seconds;
    let cappedFromSeconds: number | undefined;
    if (duration === null && options.defaultDurationSeconds !== undefined) {
      duration = fromRoleSession ? Math.min(options.defaultDurationSeconds, ROLE_CHAINING_MAX_SECONDS) : options.defaultDurationSeconds;
      if (duration < options.defaultDurationSeconds) cappedFromSeconds = options.defaultDurationSeconds;
    }
    const sessionName = hop.role_session_name || null;
    bottomUp.push({
      kind: 'assume_role',
      profile: hop.profile,
      roleArn: hop.role_arn,
      sessionName,
      externalId: hop.external_id,
      mfaSerial,
      sendsMfaCode,
      durationSeconds: duration,
      durationFrom: duration === null ? null : hop.duration_seconds !== null ? 'profile' : 'setting',
      ...(cappedFromSeconds !== undefined ? { cappedFromSeconds } : {}),
      fingerprint: fingerprint('assume_role', {
        scope,
        roleArn: hop.role_arn,
        source: source.fingerprint,
        externalId: hop.external_id,
        mfaSerial,
        sessionName,
        durationSeconds: duration,
      }),
    });
  }
  return { steps: bottomUp.reverse() };
}
