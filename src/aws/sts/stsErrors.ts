import { describeStep, type CredentialStep } from '../../core/credentials/credentialSteps';
import { AssumeRoleDeniedError, UserError } from '../../core/common/errors';
import { errorParts, networkFailure } from '../networkErrors';
import * as l10n from '@vscode/l10n';

/** Where a failed STS call was made, for the sentence. */
export interface StsFailureContext {
  /** The profile the user asked for. */
  profile: string;
  step: CredentialStep;
  /** The STS endpoint the call went to. */
  endpoint: string;
  region: string;
}

/**
 * Turns an error from an STS call (the SDK's service exceptions, Node network errors, timeouts) into
 * one sentence naming the profile and the hop, with the fix where one is known. STS's own message
 * is quoted: it names principals and roles, never a secret.
 */
export function translateStsError(error: unknown, ctx: StsFailureContext): UserError {
  if (error instanceof UserError) return error;
  const { name, code, message, status } = errorParts(error);
  const hop = describeStep(ctx.step);
  const lead = ctx.step.profile === ctx.profile ? `Profile "${ctx.profile}": ${hop}` : `Profile "${ctx.profile}", at ${hop}`;
  const said = message ? ` (STS: ${message.trim().replace(/\s+$/, '')})` : '';

  const denied = name === 'AccessDenied' || name === 'AccessDeniedException';
  if (denied && MFA_CODE_REFUSED.test(message)) {
    return new UserError(l10n.t('{0} failed: the MFA code was not accepted. Enter the current code from the device {1} (codes change every 30 seconds and each may be used once).', lead, mfaOf(ctx.step)), 'sts.MfaFailed');
  }
  if (denied && MFA_NOT_VALIDATED.test(message)) {
    return new UserError(
      l10n.t('{0} failed: STS could not validate the MFA code with the device {1}{2}. Enter the current code; if it was right, check that mfa_serial is the ARN of an MFA device of the IAM user whose keys are used.', lead, mfaOf(ctx.step), said),
      'sts.MfaFailed',
    );
  }
  if (denied && MFA_INCOMPLETE.test(message)) {
    return new UserError(l10n.t('{0} failed: STS needs both the MFA device and a code{1}. Check mfa_serial in the profile.', lead, said), 'sts.MfaFailed');
  }
  if (name === 'ValidationError' && /tokenCode/i.test(message)) {
    return new UserError(l10n.t('{0} failed: the MFA code must be six digits.', lead), 'sts.MfaFailed');
  }
  if ((name === 'AccessDenied' || name === 'AccessDeniedException') && ctx.step.kind === 'assume_role') {
    const { step } = ctx;
    const trust =
      step.externalId !== null && step.mfaSerial !== null
        ? l10n.t('the role\'s trust policy must trust the caller and this external_id, with MFA')
        : step.externalId !== null
          ? l10n.t('the role\'s trust policy must trust the caller and this external_id')
          : step.mfaSerial !== null
            ? l10n.t('the role\'s trust policy must trust the caller, with MFA')
            : l10n.t('the role\'s trust policy must trust the caller');
    return new AssumeRoleDeniedError(l10n.t('{0} was denied{1}. Both halves are needed: {2}, and the caller\'s own policy must allow sts:AssumeRole on {3}. "How to Fix…" writes both policies.', lead, said, trust, step.roleArn), {
      profile: ctx.profile,
      roleProfile: step.profile,
      roleArn: step.roleArn,
      externalId: step.externalId,
      mfaSerial: step.mfaSerial,
      stsMessage: message,
    });
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    const fix =
      ctx.step.kind === 'assume_role'
        ? l10n.t('Check the role\'s trust policy (it must trust the caller{0}{1}) and that the caller may call sts:AssumeRole on it.', ctx.step.externalId !== null ? ' and this external_id' : '', ctx.step.mfaSerial !== null ? ', with MFA' : '')
        : ctx.step.kind === 'mfa_session'
          ? l10n.t('GetSessionToken needs long-term IAM user keys; check the source keys and the MFA device.')
          : l10n.t('Check the role\'s trust policy.');
      return new UserError(l10n.t('{0} was denied{1}. {2}', lead, said, fix), 'sts.AccessDenied');
  }
  if (/^ExpiredToken/.test(name) || name === 'InvalidClientTokenId' || name === 'SignatureDoesNotMatch' || name === 'UnrecognizedClientException') {
    if (ctx.step.kind === 'web_identity') {
      return new UserError(l10n.t('{0} failed: the web identity token in {1} has expired or is not valid{2}. Renew the token file.', lead, ctx.step.tokenFile, said), 'sts.WebIdentityToken');
    }
    // STS says SignatureDoesNotMatch for a clock too far from its own ("Signature expired: …").
    if (/Signature expired|RequestTimeTooSkewed/i.test(message)) {
      return new UserError(l10n.t('{0} failed: this computer\'s clock is too far from AWS time{1}. Set the clock to synchronise automatically and try again.', lead, said), 'sts.ClockSkew');
    }
    // The keys of a file, checked themselves (Show Caller Identity, Add IAM User Keys): say which of the two is wrong.
    if (ctx.step.kind === 'static' && name === 'SignatureDoesNotMatch') {
      return new UserError(l10n.t('{0} do not work: the secret access key does not belong to this access key id{1}. Write the secret key again (IAM shows it once, when the key is made; make a new key if it is lost).', lead, said), 'sts.SignatureDoesNotMatch');
    }
    if (ctx.step.kind === 'static' && name === 'InvalidClientTokenId') {
      return new UserError(l10n.t('{0} do not work: AWS does not know this access key id, or it is inactive or deleted{1}. Check the key in the IAM console (Users → Security credentials) and write it again.', lead, said), 'sts.InvalidClientTokenId');
    }
    const what = /^ExpiredToken/.test(name) ? l10n.t('have expired') : name === 'SignatureDoesNotMatch' ? l10n.t('have a secret key that does not match the access key') : l10n.t('are not valid (unknown access key or session token)');
    return new UserError(l10n.t('{0} failed: the source credentials {1}{2}. Update the source profile\'s keys (or refresh its credentials) and try again.', lead, what, said), /^ExpiredToken/.test(name) ? 'sts.ExpiredToken' : 'sts.InvalidClientTokenId');
  }
  if (name === 'InvalidIdentityToken' || name === 'IDPRejectedClaim' || name === 'IDPCommunicationError') {
    return new UserError(l10n.t('{0} failed: the identity provider\'s token was rejected{1}. Check the token file and the role\'s trust policy for web identities.', lead, said), 'sts.WebIdentityToken');
  }
  if (name === 'RegionDisabledException' || name === 'RegionDisabled') {
    return new UserError(l10n.t('{0} failed: STS is not activated in {1} for this account. Activate it in IAM (Account settings → STS endpoints), or set the profile\'s region to one where it is active.', lead, ctx.region), 'sts.RegionDisabled');
  }
  if (/Signature expired|RequestTimeTooSkewed|RequestExpired|clock skew/i.test(message) || name === 'RequestTimeTooSkewed') {
    return new UserError(l10n.t('{0} failed: this computer\'s clock is too far from AWS time (Signature expired). Set the clock to synchronise automatically and try again.', lead), 'sts.ClockSkew');
  }
  if (name === 'ValidationError' && /DurationSeconds/i.test(message)) {
    return new UserError(l10n.t('{0} failed: {1} is longer than {2}{3}. {4}', lead, durationCause(ctx.step), ctx.step.kind === 'mfa_session' ? 'STS allows' : 'the role allows', said, durationFix(ctx.step)), 'sts.Duration');
  }
  if (name === 'Throttling' || name === 'ThrottlingException' || name === 'RequestLimitExceeded' || name === 'TooManyRequestsException') {
    return new UserError(l10n.t('{0} failed: STS is throttling requests, even after retries. Try again in a minute.', lead), 'sts.Throttling', true);
  }
  const network = networkFailure(error, { lead: `${lead} failed`, service: 'STS', endpoint: ctx.endpoint, endpointSettings: l10n.t('endpoint_url, AWS_ENDPOINT_URL…'), retry: l10n.t('and try again') });
  if (network) return network;
  if (status !== undefined && status >= 500) {
    return new UserError(l10n.t('{0} failed: STS had an internal error, even after retries{1}. Try again later.', lead, said), 'sts.ServerError', true);
  }
  if (status !== undefined) return new UserError(`${lead} failed${said}.`, `sts.${name || 'Error'}`);
  return new UserError(`${lead} failed: ${message || l10n.t('unknown error')}.`, code ? `net.${code}` : 'sts.Unknown', code !== '');
}

/** STS's AccessDenied message for a wrong code with AssumeRole: "MultiFactorAuthentication failed with invalid MFA one time pass code." */
const MFA_CODE_REFUSED = /^MultiFactorAuthentication failed with invalid MFA one time pass code\b/;
/** GetSessionToken's for a code (or a serial number) it cannot match: "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number …" */
const MFA_NOT_VALIDATED = /^MultiFactorAuthentication failed, unable to validate MFA code\b/;
/** A serial number without a code, or a code without one. */
const MFA_INCOMPLETE = /^MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code\b/;

/** Which session length STS refused, and who asked for it. */
function durationCause(step: CredentialStep): string {
  if (step.kind === 'mfa_session') return l10n.t('the MFA session of {0} seconds that awsProfiles.mfaSessionDuration asks for', step.durationSeconds);
  if (step.kind === 'assume_role' && step.durationFrom === 'profile') return l10n.t('the session of {0} seconds that duration_seconds asks for in profile "{1}"', String(step.durationSeconds), step.profile);
  if (step.kind === 'assume_role' && step.durationFrom === 'setting') return l10n.t('the session of {0} seconds that the awsProfiles.defaultSessionDuration setting asks for', String(step.durationSeconds));
  return l10n.t('the session duration');
}

function durationFix(step: CredentialStep): string {
  if (step.kind === 'mfa_session') return l10n.t('Lower awsProfiles.mfaSessionDuration (at most 129600 for an IAM user, 3600 for the root user).');
  if (step.kind === 'assume_role' && step.durationFrom === 'setting') return l10n.t('Lower the setting, or clear it (STS then gives one hour, as with the AWS CLI), or raise the role\'s maximum session duration in IAM.');
  return l10n.t('Lower duration_seconds in the profile (role chaining allows at most 3600) or raise the role\'s maximum session duration in IAM.');
}

function mfaOf(step: CredentialStep): string {
  return step.kind === 'mfa_session' ? step.serialNumber : step.kind === 'assume_role' ? step.mfaSerial ?? '' : '';
}
