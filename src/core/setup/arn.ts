import * as l10n from '@vscode/l10n';

/**
 * The IAM ARNs a profile names (role_arn, mfa_serial) and the callers STS names, as IAM's grammar
 * has them in every partition: `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`, `…:mfa/NAME`,
 * `…:user/PATH/NAME`, `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION`, `…:root`.
 */

/** The partitions an ARN may name. */
export const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** An IAM or STS ARN, taken apart. */
export interface IamArn {
  partition: string;
  service: 'iam' | 'sts';
  account: string;
  /** `role`, `user`, `mfa`, `root`, `assumed-role`, `federated-user`, … */
  type: string;
  /** `/` or `/a/b/` (IAM paths); '' where the type has none. */
  path: string;
  /** The last part: the role, user or device name, or for an assumed role `ROLE/SESSION`. */
  name: string;
}

/** IAM's characters of a user, role or device name. */
const NAME = /^[\w+=,.@-]+$/;

/** Takes an IAM or STS ARN apart; undefined when it is not one. */
export function parseIamArn(text: string): IamArn | undefined {
  const m = /^arn:([a-z-]+):(iam|sts)::(\d{12}):([a-z-]+)(?:\/(.*))?$/.exec(text);
  if (!m || !PARTITIONS.includes(m[1])) return undefined;
  const [, partition, service, account, type, rest = ''] = m;
  if (type === 'root') return rest === '' ? { partition, service: service as IamArn['service'], account, type, path: '', name: '' } : undefined;
  if (type === 'assumed-role') {
    const parts = rest.split('/');
    return parts.length === 2 && parts.every((p) => NAME.test(p)) ? { partition, service: 'sts', account, type, path: '', name: rest } : undefined;
  }
  const slash = rest.lastIndexOf('/');
  const path = `/${rest.slice(0, slash + 1)}`;
  const name = rest.slice(slash + 1);
  if (!NAME.test(name) || (path !== '/' && !/^\/[\x21-\x7e]+\/$/.test(path)) || path.length > 512) return undefined;
  return { partition, service: service as IamArn['service'], account, type, path, name };
}

/** A role's ARN from an account id and a role name (with its path, if any: `team/Deploy`). */
export function roleArnOf(account: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/${roleName.replace(/^\/+/, '')}`;
}

/** Why text is not an account id, or undefined. */
export function accountIdProblem(text: string): string | undefined {
  return /^\d{12}$/.test(text) ? undefined : l10n.t('An AWS account id is 12 digits, such as 222222222222.');
}

/** Why text is not a role name (with an optional path), or undefined. */
export function roleNameProblem(text: string): string | undefined {
  const parts = text.replace(/^\/+/, '').split('/');
  const name = parts.pop()!;
  if (!NAME.test(name) || name.length > 64) return l10n.t('A role name is 1 to 64 letters, digits and + = , . @ _ - (a path before it, such as team/, is allowed).');
  if (parts.some((p) => !/^[\x21-\x2e\x30-\x7e]+$/.test(p))) return l10n.t('A role path is made of printable characters between slashes, such as team/.');
  return undefined;
}

/** Why text is not a role ARN STS can assume, with the fix, or undefined. */
export function roleArnProblem(text: string): string | undefined {
  if (/^\d{12}$/.test(text)) return l10n.t('That is an account id: give the role ARN, arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME (or pick "Account ID and Role Name").');
  const arn = parseIamArn(text);
  if (!arn) {
    if (/^["'].*["']$/.test(text)) return l10n.t('Leave out the quotes: the AWS CLI would keep them as part of the ARN.');
    return l10n.t('A role ARN reads arn:PARTITION:iam::ACCOUNT_ID:role/ROLE_NAME, the partition one of {0}.', PARTITIONS.join(', '));
  }
  if (arn.service !== 'iam' || arn.type !== 'role') {
    if (arn.type === 'assumed-role') return l10n.t("That is a role session (what the role acts as): the role's own ARN is {0} (with its path, if it has one).", `arn:${arn.partition}:iam::${arn.account}:role/${arn.name.split('/')[0]}`);
    return arn.type === 'root'
      ? l10n.t('That is the ARN of an account, not of a role: a role ARN has ":role/" after the account id.')
      : l10n.t('That is the ARN of a {0}, not of a role: a role ARN has ":role/" after the account id.', arn.type);
  }
  if (arn.name.length > 64) return l10n.t('A role name has at most 64 characters.');
  return undefined;
}

/**
 * Why text cannot be an MFA device's serial number as STS takes it (SerialNumber: 9 to 256 of
 * [\w+=/:,.@-]): a virtual device's ARN (arn:aws:iam::ACCOUNT:mfa/NAME) or a hardware device's serial.
 */
export function mfaSerialProblem(text: string): string | undefined {
  if (text.startsWith('arn:')) {
    const arn = parseIamArn(text);
    if (!arn || arn.service !== 'iam' || arn.type !== 'mfa') return l10n.t("An MFA device ARN reads arn:aws:iam::ACCOUNT_ID:mfa/DEVICE_NAME (the ARN IAM shows for the device, not the user's).");
    return undefined;
  }
  if (!/^[\w+=/:,.@-]{9,256}$/.test(text)) return l10n.t("Give the MFA device's ARN (arn:aws:iam::ACCOUNT_ID:mfa/DEVICE_NAME), or a hardware device's serial number (9 or more letters and digits).");
  return undefined;
}

/**
 * Who a caller ARN is for a trust policy's Principal: a user or role ARN as it is, a role session as
 * its role (its path unknown: `hasUnknownPath`), anything else (a federated user) as its account.
 */
export function principalOf(callerArn: string): { arn: string; kind: 'user' | 'role' | 'account'; name: string; account: string; partition: string; hasUnknownPath: boolean } | undefined {
  const arn = parseIamArn(callerArn);
  if (!arn) return undefined;
  const base = { account: arn.account, partition: arn.partition };
  if (arn.service === 'iam' && arn.type === 'user') return { ...base, arn: callerArn, kind: 'user', name: arn.name, hasUnknownPath: false };
  if (arn.service === 'iam' && arn.type === 'role') return { ...base, arn: callerArn, kind: 'role', name: arn.name, hasUnknownPath: false };
  if (arn.type === 'assumed-role') {
    const role = arn.name.split('/')[0];
    return { ...base, arn: `arn:${arn.partition}:iam::${arn.account}:role/${role}`, kind: 'role', name: role, hasUnknownPath: true };
  }
  return { ...base, arn: `arn:${arn.partition}:iam::${arn.account}:root`, kind: 'account', name: arn.account, hasUnknownPath: false };
}
