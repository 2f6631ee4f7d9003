import * as l10n from '@vscode/l10n';
import type { AssumeRoleDenial } from '../common/errors';
import { parseIamArn, principalOf } from './arn';

/**
 * "How to Fix…" for an AssumeRole that AWS refused: the two halves of a role's trust, filled with
 * the real ARNs (the role's trust policy, the caller's identity policy), as JSON to paste and as the
 * AWS CLI commands that apply them, and which half is the more likely from what is known, never
 * claiming more than AWS's answer says.
 */

/** What else is known when the fix is written. */
export interface DenialContext {
  /** Who the caller is when STS's message does not say (the source profile's identity, from an earlier call). */
  callerArn?: string;
  /** The profile whose credentials made the call (the hop's source_profile), for sentences. */
  sourceProfile?: string;
}

/** The half of a role's trust that AWS's answer, or what is known, points at. */
export type LikelyHalf = 'trust' | 'identity' | 'unknown';

/** The document "How to Fix…" opens. */
export interface AssumeRoleFix {
  title: string;
  /** Markdown. */
  markdown: string;
  likely: LikelyHalf;
  /** The caller's ARN, when known. */
  callerArn: string | undefined;
  trustPolicy: object;
  identityPolicy: object;
}

/** The caller STS names in its AccessDenied message ("User: arn:… is not authorized to perform: …"). */
export function callerInMessage(message: string): string | undefined {
  return /\bUser: (arn:[^\s]+) is not authorized/.exec(message)?.[1];
}

/** What AWS's message says of the policy that refused, when it says anything. */
function reasonInMessage(message: string): { half: LikelyHalf; sentence: string } | undefined {
  const explicit = /with an explicit deny in an? ([a-z -]+?policy|permissions boundary)\b/i.exec(message);
  if (explicit) {
    const kind = explicit[1].toLowerCase();
    const half: LikelyHalf = kind.includes('resource-based') ? 'trust' : 'identity';
    const where =
      // l10n-ignore: words of AWS's message, matched
      kind.includes('service control') || kind.includes('resource control')
        ? l10n.t("your organization's administrators own it")
        : half === 'trust'
          ? l10n.t("in the role's trust policy")
          : l10n.t("on the caller's side");
    return { half, sentence: l10n.t('AWS\'s answer names an explicit Deny ("{0}"). No Allow overrides a Deny: that Deny must change ({1}), whatever the policies below say.', explicit[0], where) };
  }
  const implicit = /because no ([a-z -]+?policy|permissions boundary) allows/i.exec(message);
  if (implicit) {
    const kind = implicit[1].toLowerCase();
    const half: LikelyHalf = kind.includes('resource-based') ? 'trust' : 'identity';
    const which = half === 'trust' ? l10n.t("the role's trust policy (1. below)") : kind.includes('identity') ? l10n.t("the caller's identity policy (2. below)") : kind;
    return { half, sentence: l10n.t('AWS\'s answer says that no policy of that kind allows the call ("{0}"): {1} is the half to fix.', implicit[0], which) };
  }
  return undefined;
}

/** Builds the fix document of a refused AssumeRole. */
export function assumeRoleFix(denial: AssumeRoleDenial, context: DenialContext = {}): AssumeRoleFix {
  const role = parseIamArn(denial.roleArn);
  const roleAccount = role?.account ?? 'ROLE_ACCOUNT_ID';
  const roleName = role?.name ?? denial.roleArn;
  const callerArn = callerInMessage(denial.stsMessage) ?? context.callerArn;
  const caller = callerArn === undefined ? undefined : principalOf(callerArn);
  const callerAccount = caller?.account ?? 'CALLER_ACCOUNT_ID';
  const partition = role?.partition ?? caller?.partition ?? 'aws';
  const principalArn = caller?.arn ?? `arn:${partition}:iam::CALLER_ACCOUNT_ID:user/USER_NAME`;
  const sameAccount = caller !== undefined && role !== undefined && caller.account === role.account;
  const source = context.sourceProfile !== undefined ? l10n.t('profile "{0}"', context.sourceProfile) : l10n.t('the source profile');

  const condition: Record<string, Record<string, string>> = {};
  if (denial.mfaSerial !== null) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
  if (denial.externalId !== null) condition.StringEquals = { 'sts:ExternalId': denial.externalId };
  const trustPolicy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principalArn }, Action: 'sts:AssumeRole', ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}) }],
  };
  const identityPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: denial.roleArn }] };

  const reason = reasonInMessage(denial.stsMessage);
  const known: string[] = [];
  let likely: LikelyHalf = reason?.half ?? 'unknown';
  if (caller === undefined) {
    known.push(l10n.t("AWS's answer does not name the caller: run **Show Caller Identity…** on {0} to learn who it is, and put that ARN where the policies below say CALLER.", source));
  } else if (caller.kind === 'role') {
    known.push(
      caller.hasUnknownPath
        ? l10n.t('The caller is a session of the role {0} (if the role has a path, such as /team/, the ARN has it too): the trust policy must name that role, not a user.', caller.arn)
        : l10n.t('The caller is a session of the role {0}: the trust policy must name that role, not a user.', caller.arn),
    );
  } else if (caller.kind === 'account') {
    known.push(l10n.t('The caller ({0}) is no IAM user or role: the trust policy below names its account.', callerArn!));
  }
  if (caller !== undefined && role !== undefined) {
    if (sameAccount) {
      known.push(
        l10n.t(
          'The caller and the role are in the same account ({0}): there, a trust policy that names the caller is enough on its own, and the identity policy is needed only when the trust policy names the whole account ({1}). The trust policy is the more likely half.',
          role.account,
          `arn:${partition}:iam::${role.account}:root`,
        ),
      );
      if (likely === 'unknown') likely = 'trust';
    } else {
      known.push(l10n.t("The caller is in account {0} and the role in account {1}: across accounts both halves are needed, and AWS's answer does not say which one is missing.", caller.account, role.account));
    }
  }
  const mfaAccount = denial.mfaSerial === null ? undefined : parseIamArn(denial.mfaSerial)?.account;
  if (mfaAccount !== undefined && caller !== undefined && mfaAccount !== caller.account) {
    known.push(l10n.t("mfa_serial names a device of account {0}, but the call was made with credentials of account {1}: {2} may hold another user's keys than meant, or mfa_serial may name another user's device.", mfaAccount, caller.account, source));
  }
  if (denial.mfaSerial === null) known.push(l10n.t('The profile has no mfa_serial: if the trust policy requires MFA (aws:MultiFactorAuthPresent), add mfa_serial to the profile; the policy below asks for none.'));
  else known.push(l10n.t('The call was made with an MFA session of {0}, so a trust policy that requires MFA is met.', denial.mfaSerial));
  if (denial.externalId === null) known.push(l10n.t('The profile has no external_id: if the trust policy has an sts:ExternalId condition, add external_id to the profile.'));
  else known.push(l10n.t("The trust policy's sts:ExternalId must be exactly the profile's external_id (it is in the policy below)."));

  const lead =
    reason?.sentence ??
    (likely === 'trust'
      ? l10n.t("AWS's answer does not say which half refused the call; from what is known, the trust policy (1.) is the more likely.")
      : l10n.t("AWS's answer does not say which half refused the call. Check both: each takes a minute to read in the IAM console."));
  const attach =
    caller?.kind === 'role' && /^AWSReservedSSO_/.test(caller.name)
      ? l10n.t('The caller is an IAM Identity Center role: add the policy to its permission set (inline policy) in IAM Identity Center; its role in IAM cannot be edited.')
      : l10n.t("Apply it as an administrator of account {0} (the caller's account):", callerAccount);
  const policyName = `AssumeRole-${roleName.replace(/[^\w+=,.@-]/g, '-')}`.slice(0, 128);
  const document = shellQuote(JSON.stringify(identityPolicy));
  // l10n-ignore-start: command lines
  const putCommand =
    caller?.kind === 'role'
      ? ['aws iam put-role-policy --role-name', caller.name, '--policy-name', policyName, '--policy-document', document].join(' ')
      : ['aws iam put-user-policy --user-name', caller?.kind === 'user' ? caller.name : 'USER_NAME', '--policy-name', policyName, '--policy-document', document].join(' ');
  const updateCommand = ['aws iam update-assume-role-policy --role-name', roleName, '--policy-document', shellQuote(JSON.stringify(trustPolicy))].join(' ');
  // l10n-ignore-end
  const onRole =
    denial.roleProfile !== denial.profile
      ? l10n.t('AWS refused `sts:AssumeRole` on `{0}`{1} (the role of profile "{2}", in the chain of "{3}"). STS said:', denial.roleArn, callerArn ? l10n.t(' for `{0}`', callerArn) : '', denial.roleProfile, denial.profile)
      : l10n.t('AWS refused `sts:AssumeRole` on `{0}`{1}. STS said:', denial.roleArn, callerArn ? l10n.t(' for `{0}`', callerArn) : '');

  const markdown = [
    `# ${l10n.t('Profile "{0}" may not assume {1}', denial.profile, roleName)}`,
    '',
    onRole,
    '',
    `> ${denial.stsMessage.trim().replace(/\n/g, ' ')}`,
    '',
    l10n.t('A role is assumed only when both halves of its trust allow it:'),
    '',
    `1. ${l10n.t("**the role's trust policy**, in account {0}, names the caller (the user or role, or its account);", roleAccount)}`,
    `2. ${l10n.t("**the caller's identity policy**, in account {0}, allows `sts:AssumeRole` on the role.", callerAccount)}`,
    '',
    `## ${l10n.t('Which half')}`,
    '',
    lead,
    '',
    ...known.map((k) => `- ${k}`),
    '',
    `## 1. ${l10n.t('The trust policy of {0} (account {1})', roleName, roleAccount)}`,
    '',
    '```json',
    JSON.stringify(trustPolicy, null, 2),
    '```',
    '',
    l10n.t(
      "Apply it as an administrator of account {0} (the role's account). `update-assume-role-policy` replaces the role's whole trust policy: if the role trusts others too, add this statement to the policy it has (`{1}` shows it).",
      roleAccount,
      ['aws iam get-role --role-name', roleName, '--query Role.AssumeRolePolicyDocument'].join(' '),
    ),
    '',
    '```sh',
    updateCommand,
    '```',
    '',
    `## 2. ${caller?.kind === 'role' ? l10n.t('The identity policy of the role {0} (account {1})', caller.name, callerAccount) : caller?.kind === 'user' ? l10n.t('The identity policy of the user {0} (account {1})', caller.name, callerAccount) : l10n.t('The identity policy of the caller (account {0})', callerAccount)}`,
    '',
    '```json',
    JSON.stringify(identityPolicy, null, 2),
    '```',
    '',
    attach,
    '',
    '```sh',
    putCommand,
    '```',
    '',
    l10n.t('Then assume the role again: **Assume Role…** on profile "{0}" (a change of IAM policies takes a few seconds to apply).', denial.profile),
    '',
  ].join('\n');
  return { title: l10n.t('How to fix: profile "{0}" may not assume {1}', denial.profile, roleName), markdown, likely, callerArn, trustPolicy, identityPolicy };
}

/** A POSIX shell word: single quotes, a quote inside as '\''. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
