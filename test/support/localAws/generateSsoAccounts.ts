import { type SsoAccountSpec } from './ssoSpecs';

/** The permission sets generated accounts get, the first one to three of them. */
const PERMISSION_SETS = ['ReadOnly', 'PowerUserAccess', 'AdministratorAccess'] as const;

/**
 * `count` deterministic accounts for IAM Identity Center scale tests: ids 400000000001, 400000000002…,
 * names `generated-0001`…, and one to three permission sets each (ReadOnly; + PowerUserAccess; + AdministratorAccess, in turn).
 */
export function generateSsoAccounts(count: number): SsoAccountSpec[] {
  const accounts: SsoAccountSpec[] = [];
  for (let n = 1; n <= count; n++) {
    const name = `generated-${String(n).padStart(4, '0')}`;
    accounts.push({
      accountId: String(400_000_000_000 + n),
      accountName: name,
      emailAddress: `aws+${name}@example.com`,
      roles: PERMISSION_SETS.slice(0, ((n - 1) % 3) + 1).map((roleName) => ({ name: roleName })),
    });
  }
  return accounts;
}
