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
    return {
      half,
      sentence: `AWS says an explicit Deny in ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} refused the call. No Allow overrides a Deny: that Deny must change (${kind.includes('service control') || kind.includes('resource control') ? 'your organization\'s administrators own it' : half === 'trust' ? 'in the role\'s trust policy' : 'on the caller\'s side'}), whatever the policies below say.`,
    };
  }
  const implicit = /because no ([a-z -]+?policy|permissions boundary) allows/i.exec(message);
  if (implicit) {
    const kind = implicit[1].toLowerCase();
    const half: LikelyHalf = kind.includes('resource-based') ? 'trust' : 'identity';
    return { half, sentence: `AWS says no ${kind} allows the call: ${half === 'trust' ? 'the role\'s trust policy (1. below)' : kind.includes('identity') ? 'the caller\'s identity policy (2. below)' : `the ${kind}`} is the half to fix.` };
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
  const partition = role?.partition ?? caller?.partition ?? 'aws';
  const principalArn = caller?.arn ?? `arn:${partition}:iam::CALLER_ACCOUNT_ID:user/USER_NAME`;
  const sameAccount = caller !== undefined && role !== undefined && caller.account === role.account;
  const source = context.sourceProfile !== undefined ? `profile "${context.sourceProfile}"` : 'the source profile';

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
    known.push(`AWS's answer does not name the caller: run **Show Caller Identity…** on ${source} to learn who it is, and put that ARN where the policies below say CALLER.`);
  } else if (caller.kind === 'role') {
    known.push(`The caller is a session of the role ${caller.arn}${caller.hasUnknownPath ? ' (if the role has a path, such as /team/, the ARN has it too)' : ''}: the trust policy must name that role, not a user.`);
  } else if (caller.kind === 'account') {
    known.push(`The caller (${callerArn}) is no IAM user or role: the trust policy below names its account.`);
  }
  if (caller !== undefined && role !== undefined) {
    if (sameAccount) {
      known.push(`The caller and the role are in the same account (${role.account}): there, a trust policy that names the caller is enough on its own, and the identity policy is needed only when the trust policy names the whole account (arn:${partition}:iam::${role.account}:root). The trust policy is the more likely half.`);
      if (likely === 'unknown') likely = 'trust';
    } else {
      known.push(`The caller is in account ${caller.account} and the role in account ${role.account}: across accounts both halves are needed, and AWS's answer does not say which one is missing.`);
    }
  }
  const mfaAccount = denial.mfaSerial === null ? undefined : parseIamArn(denial.mfaSerial)?.account;
  if (mfaAccount !== undefined && caller !== undefined && mfaAccount !== caller.account) {
    known.push(`mfa_serial names a device of account ${mfaAccount}, but the call was made with credentials of account ${caller.account}: ${source} may hold another user's keys than meant, or mfa_serial may name another user's device.`);
  }
  if (denial.mfaSerial === null) known.push('The profile has no mfa_serial: if the trust policy requires MFA (aws:MultiFactorAuthPresent), add mfa_serial to the profile; the policy below asks for none.');
  else known.push(`The call was made with an MFA session of ${denial.mfaSerial}, so a trust policy that requires MFA is met.`);
  if (denial.externalId === null) known.push('The profile has no external_id: if the trust policy has an sts:ExternalId condition, add external_id to the profile.');
  else known.push('The trust policy\'s sts:ExternalId must be exactly the profile\'s external_id (it is in the policy below).');

  const lead =
    reason?.sentence ??
    (likely === 'trust' ? 'AWS\'s answer does not say which half refused the call; from what is known, the trust policy (1.) is the more likely.' : 'AWS\'s answer does not say which half refused the call. Check both: each takes a minute to read in the IAM console.');
  const userPart = caller?.kind === 'role' ? `the role ${caller.name}` : caller?.kind === 'user' ? `the user ${caller.name}` : 'the caller';
  const attach =
    caller?.kind === 'role' && /^AWSReservedSSO_/.test(caller.name)
      ? `The caller is an IAM Identity Center role: add the policy to its permission set (inline policy) in IAM Identity Center; its role in IAM cannot be edited.`
      : `Apply it as an administrator of account ${caller?.account ?? 'CALLER_ACCOUNT_ID'} (the caller's account):`;
  const policyName = `AssumeRole-${roleName.replace(/[^\w+=,.@-]/g, '-')}`.slice(0, 128);
  const putCommand =
    caller?.kind === 'role'
      ? `aws iam put-role-policy --role-name ${caller.name} --policy-name ${policyName} --policy-document ${shellQuote(JSON.stringify(identityPolicy))}`
      : `aws iam put-user-policy --user-name ${caller?.kind === 'user' ? caller.name : 'USER_NAME'} --policy-name ${policyName} --policy-document ${shellQuote(JSON.stringify(identityPolicy))}`;

  const markdown = [
    `# Profile "${denial.profile}" may not assume ${roleName}`,
    '',
    `AWS refused \`sts:AssumeRole\` on \`${denial.roleArn}\`${callerArn ? ` for \`${callerArn}\`` : ''}${denial.roleProfile !== denial.profile ? ` (the role of profile "${denial.roleProfile}", in the chain of "${denial.profile}")` : ''}. STS said:`,
    '',
    `> ${denial.stsMessage.trim().replace(/\n/g, ' ')}`,
    '',
    'A role is assumed only when both halves of its trust allow it:',
    '',
    `1. **the role's trust policy**, in account ${roleAccount}, names the caller (the user or role, or its account);`,
    `2. **the caller's identity policy**, in account ${caller?.account ?? 'of the caller'}, allows \`sts:AssumeRole\` on the role.`,
    '',
    '## Which half',
    '',
    lead,
    '',
    ...known.map((k) => `- ${k}`),
    '',
    `## 1. The trust policy of ${roleName} (account ${roleAccount})`,
    '',
    '```json',
    JSON.stringify(trustPolicy, null, 2),
    '```',
    '',
    `Apply it as an administrator of account ${roleAccount} (the role's account). \`update-assume-role-policy\` replaces the role's whole trust policy: if the role trusts others too, add this statement to the policy it has (\`aws iam get-role --role-name ${roleName} --query Role.AssumeRolePolicyDocument\` shows it).`,
    '',
    '```sh',
    `aws iam update-assume-role-policy --role-name ${roleName} --policy-document ${shellQuote(JSON.stringify(trustPolicy))}`,
    '```',
    '',
    `## 2. The identity policy of ${userPart} (account ${caller?.account ?? 'CALLER_ACCOUNT_ID'})`,
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
    `Then assume the role again: **Assume Role…** on profile "${denial.profile}" (a change of IAM policies takes a few seconds to apply).`,
    '',
  ].join('\n');
  return { title: `How to fix: profile "${denial.profile}" may not assume ${roleName}`, markdown, likely, callerArn, trustPolicy, identityPolicy };
}

/** A POSIX shell word: single quotes, a quote inside as '\''. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
